/*
 * render_json.c - the report as one JSON object on one line, for scripts
 * and dashboards that want the report's reading of the stream rather than
 * the stream itself.
 *
 * It holds what the text report shows, with exact numbers: the time span,
 * the verdict (the level markdown and html show) and the counts of each kind, the alerts (as records, in report order),
 * one summary per series (model.h says how windows combine) with its trend
 * values, and the findings (as records).  A number that is missing is left
 * out, never written as null.  Keys come in a fixed order.
 */
#include "render.h"

#include <math.h>
#include <string.h>

#include "alerts.h"
#include "pp_json.h"
#include "verdict.h"

static void
write_key(pp_buffer *out, const char *key, bool *first)
{
	if (!*first)
		pp_buffer_append_char(out, ',');
	*first = false;
	pp_json_write_string(out, key, strlen(key));
	pp_buffer_append_char(out, ':');
}

static void
write_number_field(pp_buffer *out, const char *key, double value, bool *first)
{
	if (isnan(value))
		return;
	write_key(out, key, first);
	pp_json_write_number(out, value);
}

/* Writes each record of array as the stream would (canonical key order). */
static void
write_records(pp_buffer *out, jv array)
{
	pp_buffer line = PP_BUFFER_INIT;

	pp_buffer_append_char(out, '[');
	jv_array_foreach(array, i, record) {
		if (i > 0)
			pp_buffer_append_char(out, ',');
		pp_json_write_record(&line, record);
		pp_buffer_append(out, line.data, line.length - 1);	/* no newline */
		pp_buffer_clear(&line);
		jv_free(record);
	}
	pp_buffer_append_char(out, ']');
	pp_buffer_free(&line);
}

static void
write_counts(pp_buffer *out, const report_model *model)
{
	pp_buffer_printf(out, "{\"series\":%zu,\"aggregates\":%zu,\"findings\":%d,"
	    "\"alerts\":%d,\"points\":%llu,\"other\":%llu", model->series_count,
	    model->aggregate_count, jv_array_length(jv_copy(model->findings)),
	    jv_array_length(jv_copy(model->alerts)), model->points, model->others);
	if (model->min_finding_severity > 0)	/* --min-severity */
		pp_buffer_printf(out, ",\"findings_left_out\":%zu", model->findings_left_out);
	pp_buffer_append_char(out, '}');
}

/* The verdict: PASS or FAIL by the gate of perf-alert --fail-on, the
 * rules that failed it, and the alerts (one per rule and series) by
 * final state. */
static void
write_verdict(pp_buffer *out, const report_model *model, const render_options *options)
{
	report_verdict verdict;
	alert_rows rows;
	jv rules;

	alert_rows_build(model, &rows);
	verdict_make(model, &rows, options->fail_on, &verdict);
	rules = jv_dump_string(jv_copy(verdict.rules), 0);
	pp_buffer_printf(out, "{\"result\":\"%s\",\"fail_on\":\"%s\",\"failed_rules\":%s,"
	    "\"level\":\"%s\",\"firing\":%d,\"pending\":%d,\"resolved\":%d,"
	    "\"regressions\":%d}", verdict.failed ? "FAIL" : "PASS",
	    verdict_severity_name(verdict.fail_on), jv_string_value(rules), verdict.level,
	    verdict.firing, verdict.pending, verdict.resolved, verdict.regressions);
	jv_free(rules);
	verdict_free(&verdict);
	alert_rows_free(&rows);
}

/* "key":{"p50":...,"p99":...}: values by the summary's percentile keys. */
static void
write_percentiles(pp_buffer *out, const char *key, const series_summary *summary,
    const double *values, bool *first)
{
	bool inner = true;
	size_t i;

	write_key(out, key, first);
	pp_buffer_append_char(out, '{');
	for (i = 0; i < summary->percentile_count; i++)
		write_number_field(out, summary->percentile_keys[i], values[i], &inner);
	pp_buffer_append_char(out, '}');
}

static void
write_summary_fields(pp_buffer *out, const series_summary *summary, bool *first)
{
	size_t i;

	write_number_field(out, "start", summary->start, first);
	write_number_field(out, "end", summary->end, first);
	write_number_field(out, "count", summary->count, first);
	write_number_field(out, "sum", summary->sum, first);
	write_number_field(out, "min", summary->min, first);
	write_number_field(out, "max", summary->max, first);
	write_number_field(out, "mean", summary->mean, first);
	if (summary->sum_unknown) {	/* JSON can say unknown: null, as the stream does */
		write_key(out, "sum", first);
		pp_buffer_append(out, "null", 4);
		write_key(out, "mean", first);
		pp_buffer_append(out, "null", 4);
	}
	write_number_field(out, "rate", summary->rate, first);
	write_number_field(out, "last", summary->last, first);
	if (!isnan(summary->ratio)) {
		write_number_field(out, "ratio", summary->ratio, first);
		write_number_field(out, "numerator", summary->numerator, first);
		write_number_field(out, "denominator", summary->denominator, first);
	}
	if (summary->percentile_count > 0)
		write_percentiles(out, "peak_percentiles", summary, summary->percentiles, first);
	if (summary->percentile_count > 0 && !isnan(summary->period_accuracy)) {
		write_percentiles(out, "percentiles", summary, summary->period_percentiles, first);
		write_number_field(out, "accuracy", summary->period_accuracy, first);
	}
	write_key(out, "trend", first);
	pp_buffer_append_string(out, "{\"stat\":");
	pp_json_write_string(out, summary->trend_stat, strlen(summary->trend_stat));
	pp_buffer_append_string(out, ",\"values\":[");
	for (i = 0; i < summary->windows; i++) {
		if (i > 0)
			pp_buffer_append_char(out, ',');
		pp_json_write_number(out, summary->trend[i]);	/* NaN: null */
	}
	pp_buffer_append_string(out, "]}");
}

static void
write_series(pp_buffer *out, const report_series *series)
{
	series_summary summary;
	bool first = true;

	model_summarise(series, &summary);
	pp_buffer_append_char(out, '{');
	write_key(out, "name", &first);
	pp_json_write_string(out, series->name, strlen(series->name));
	write_key(out, "tags", &first);
	pp_json_write_value(out, series->tags_object);
	if (series->unit != NULL) {
		write_key(out, "unit", &first);
		pp_json_write_string(out, series->unit, strlen(series->unit));
	}
	if (summary.type != NULL) {
		write_key(out, "type", &first);
		pp_json_write_string(out, summary.type, strlen(summary.type));
	}
	write_key(out, "windows", &first);
	pp_buffer_printf(out, "%zu", summary.windows);
	write_number_field(out, "window_size", summary.window_size, &first);
	write_summary_fields(out, &summary, &first);
	pp_buffer_append_char(out, '}');
	summary_free(&summary);
}

void
render_json(const report_model *model, const render_options *options, pp_buffer *out)
{
	double start, end;
	bool first = false;	/* "kind" is written by hand */
	size_t i;

	pp_buffer_append_string(out, "{\"kind\":\"report\"");
	if (model_span(model, &start, &end)) {
		write_number_field(out, "start", start, &first);
		write_number_field(out, "end", end, &first);
	}
	write_key(out, "verdict", &first);
	write_verdict(out, model, options);
	write_key(out, "counts", &first);
	write_counts(out, model);
	write_key(out, "alerts", &first);
	write_records(out, model->alerts);
	write_key(out, "series", &first);
	pp_buffer_append_char(out, '[');
	for (i = 0; i < model->series_count; i++) {
		if (i > 0)
			pp_buffer_append_char(out, ',');
		write_series(out, &model->series[i]);
	}
	pp_buffer_append_char(out, ']');
	write_key(out, "findings", &first);
	write_records(out, model->findings);
	pp_buffer_append_string(out, "}\n");
}
