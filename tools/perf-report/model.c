/*
 * model.c - collecting the stream into series, findings and alerts.  See
 * model.h for what is kept and in which order.
 *
 * Aggregates are parsed by pp_aggregate_parse and kept in lib's series
 * index (pp_series_index), which orders each series' windows in time;
 * model_finish lays the series out by identity as views for the
 * renderers.
 */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "pp_aggregate.h"
#include "pp_buffer.h"
#include "pp_quantile.h"
#include "pp_rule.h"
#include "pp_sketch.h"

void
model_init(report_model *model)
{
	memset(model, 0, sizeof(*model));
	model->newest_end = -HUGE_VAL;
	model->findings = jv_array();
	model->alerts = jv_array();
	model->alert_history = jv_array();
}

static void
free_views(report_model *model)
{
	size_t i;

	for (i = 0; i < model->series_count; i++) {
		free(model->series[i].windows);
		jv_free(model->series[i].tags_object);
	}
	free(model->series);
	model->series = NULL;
	model->series_count = 0;
}

void
model_free(report_model *model)
{
	free_views(model);
	pp_series_index_free(&model->index, NULL);
	jv_free(model->findings);
	jv_free(model->alerts);
	jv_free(model->alert_history);
	memset(model, 0, sizeof(*model));
}

double
model_number(jv object, const char *key)
{
	return pp_record_number(object, key);
}

double
model_percentile(jv aggregate, const char *key)
{
	return pp_aggregate_record_stat(aggregate, key);
}

int
model_severity_rank(const char *severity)
{
	pp_severity found;

	if (severity == NULL || pp_severity_parse(severity, &found, NULL) != PP_OK)
		return 0;
	return (int)found + 1;
}

void
model_findings_left_out(const report_model *model, pp_buffer *out)
{
	if (model->findings_left_out == 0 || model->min_finding_severity < 1 ||
	    model->min_finding_severity > 4)
		return;
	pp_buffer_printf(out, " (%zu below %s left out)", model->findings_left_out,
	    pp_severity_names[model->min_finding_severity - 1]);
}

/* The last limit items of array (all when limit is 0). */
static jv
keep_last(jv array, size_t limit)
{
	int length = jv_array_length(jv_copy(array));

	if (limit == 0 || (size_t)length <= limit)
		return array;
	return jv_array_slice(array, length - (int)limit, length);
}

/* Drops the windows of series that ended at or before cutoff
 * (--timeframe), the oldest first.  A series with a whole-input window
 * (no start) is left whole: it is the oldest pp_series_index_drop_oldest
 * would drop, and it has no age. */
static void
forget_before(report_model *model, pp_indexed_series *series, double cutoff)
{
	size_t i;
	bool expired;

	for (i = 0; i < series->count; i++)
		if (!isfinite(series->aggregates[i].start))
			return;
	do {
		expired = false;
		for (i = 0; i < series->count && !expired; i++)
			expired = series->aggregates[i].end <= cutoff;
		if (expired)
			pp_series_index_drop_oldest(&model->index, series);
	} while (expired);
}

static pp_status
add_aggregate(report_model *model, jv record, pp_error *error)
{
	pp_aggregate aggregate;
	pp_indexed_series *series;
	double end;

	if (pp_aggregate_parse(record, &aggregate, error) != PP_OK)
		return PP_ERR_INVALID;
	end = aggregate.end;
	series = pp_series_index_add(&model->index, &aggregate);
	if (model->max_windows > 0 && series->count > model->max_windows)
		pp_series_index_drop_oldest(&model->index, series);
	if (isfinite(end) && end > model->newest_end)
		model->newest_end = end;
	if (model->timeframe > 0)
		forget_before(model, series, model->newest_end - model->timeframe);
	model->aggregate_count = model->index.aggregates;
	model->finished = false;
	return PP_OK;
}

pp_status
model_add(report_model *model, jv record, pp_error *error)
{
	const char *kind = pp_aggregate_string(record, "kind");

	if (kind != NULL && strcmp(kind, "aggregate") == 0)
		return add_aggregate(model, record, error);
	if (kind != NULL && strcmp(kind, "finding") == 0) {
		if (pp_aggregate_string(record, "message") == NULL) {
			jv_free(record);
			return pp_error_set(error, PP_ERR_INVALID,
			    "finding without a \"message\" string");
		}
		if (model_severity_rank(pp_aggregate_string(record, "severity")) <
		    model->min_finding_severity) {
			model->findings_left_out++;
			jv_free(record);
			return PP_OK;
		}
		model->findings = keep_last(jv_array_append(model->findings, record),
		    model->max_records);
		return PP_OK;
	}
	if (kind != NULL && strcmp(kind, "alert") == 0) {
		if (pp_aggregate_string(record, "name") == NULL) {
			jv_free(record);
			return pp_error_set(error, PP_ERR_INVALID, "alert without a \"name\" string");
		}
		model->alert_history = keep_last(jv_array_append(model->alert_history,
		    jv_copy(record)), model->max_records);
		model->alerts = keep_last(jv_array_append(model->alerts, record),
		    model->max_records);
		model->finished = false;
		return PP_OK;
	}
	model->others++;
	jv_free(record);
	return PP_OK;
}

/* Orders the alerts as the reports list them: alert by alert in the order
 * of alert_rows (worst severity, then final state, then first seen), and
 * the records of one alert in input order, so that an alert's last record
 * is its final state (a re-fired alert's "resolved" record is not moved
 * after its later "firing" one). */
static void
sort_alerts(report_model *model)
{
	jv ordered = alert_records_in_report_order(model);

	jv_free(model->alerts);
	model->alerts = ordered;
}

/* The renderers' view of one indexed series. */
static void
build_view(report_series *view, const pp_indexed_series *series)
{
	size_t i;

	view->name = series->name;
	view->tags = series->tags;
	view->tags_object = pp_tags_to_jv(&series->tags);
	view->unit = NULL;
	view->count = series->count;
	view->windows = pp_xcalloc(series->count + 1, sizeof(*view->windows));
	for (i = 0; i < series->count; i++) {
		const pp_aggregate *aggregate = &series->aggregates[i];

		view->windows[i].start = aggregate->start;
		view->windows[i].end = aggregate->end;
		view->windows[i].aggregate = aggregate->record;
		view->windows[i].parsed = aggregate;
		if (view->unit == NULL)
			view->unit = aggregate->unit;
	}
}

void
model_finish(report_model *model)
{
	pp_indexed_series **sorted;
	size_t i;

	if (model->finished)
		return;
	free_views(model);
	if (model->timeframe > 0)	/* series that fell silent age too */
		for (i = 0; i < model->index.count; i++)
			forget_before(model, model->index.series[i],
			    model->newest_end - model->timeframe);
	model->aggregate_count = model->index.aggregates;
	pp_series_index_sort(&model->index);
	sorted = pp_series_index_sorted(&model->index);
	model->series = pp_xcalloc(model->index.count + 1, sizeof(*model->series));
	for (i = 0, model->series_count = 0; i < model->index.count; i++)
		if (sorted[i]->count > 0 || model->timeframe == 0)
			build_view(&model->series[model->series_count++], sorted[i]);
	free(sorted);
	sort_alerts(model);
	model->finished = true;
}

size_t
model_metric_end(const report_model *model, size_t first)
{
	size_t end = first + 1;

	while (end < model->series_count &&
	    strcmp(model->series[end].name, model->series[first].name) == 0)
		end++;
	return end;
}

bool
model_span(const report_model *model, double *start, double *end)
{
	size_t i, j;
	bool any = false;

	/* whole-input aggregates without a start say nothing of the span */
	for (i = 0; i < model->series_count; i++)
		for (j = 0; j < model->series[i].count; j++) {
			const report_window *window = &model->series[i].windows[j];

			if (!isfinite(window->start))
				continue;
			if (!any || window->start < *start)
				*start = window->start;
			if (!any || window->end > *end)
				*end = window->end;
			any = true;
		}
	return any;
}

double
model_stat(jv aggregate, const char *stat)
{
	return pp_aggregate_record_stat(aggregate, stat);
}

/* Keeps the percentile keys of the first window that has any, in their
 * order (ascending, as perf-aggregate writes them). */
static void
take_percentile_keys(jv aggregate, series_summary *summary)
{
	jv percentiles = jv_object_get(jv_copy(aggregate), jv_string("percentiles"));
	int i;

	if (jv_get_kind(percentiles) == JV_KIND_OBJECT) {
		jv_object_foreach(percentiles, key, value) {
			if (summary->percentile_count < SUMMARY_PERCENTILES &&
			    jv_get_kind(value) == JV_KIND_NUMBER) {
				i = (int)summary->percentile_count++;
				/* borrowed: the aggregate holds the key */
				summary->percentile_keys[i] = jv_string_value(key);
				summary->percentiles[i] = NAN;
			}
			jv_free(key);
			jv_free(value);
		}
	}
	jv_free(percentiles);
}

static const char *
choose_trend_stat(const series_summary *summary)
{
	const char *type = summary->type;

	if (!isnan(summary->ratio))
		return "ratio";
	if (type != NULL && (strcmp(type, "counter") == 0 || strcmp(type, "cumulative") == 0) &&
	    !isnan(summary->rate))
		return "rate";
	if ((type == NULL || strcmp(type, "gauge") != 0) && summary->percentile_count > 0) {
		size_t i;

		for (i = 0; i < summary->percentile_count; i++)
			if (strcmp(summary->percentile_keys[i], "p99") == 0)
				return "p99";
		return summary->percentile_keys[summary->percentile_count - 1];
	}
	if (!isnan(summary->mean))
		return "mean";
	return isnan(summary->rate) ? "last" : "rate";
}

/* The worst window's percentiles, the rate total and the last value. */
static void
summarise_window(jv aggregate, series_summary *summary, double *rate_total,
    size_t *rates)
{
	double value;
	size_t i;

	if (summary->percentile_count == 0)
		take_percentile_keys(aggregate, summary);
	value = pp_record_number(aggregate, "rate");
	if (!isnan(value)) {
		*rate_total += value;
		(*rates)++;
	}
	value = pp_record_number(aggregate, "last");
	if (!isnan(value))
		summary->last = value;
	for (i = 0; i < summary->percentile_count; i++) {
		value = model_percentile(aggregate, summary->percentile_keys[i]);
		if (!isnan(value) && !(value <= summary->percentiles[i]))
			summary->percentiles[i] = value;
	}
}

/* count, sum, min, max, the ratio's parts and the percentiles over the
 * whole period, from lib's merge of the windows (sketches merged when
 * every window has one). */
static void
summarise_merge(const report_series *series, series_summary *summary)
{
	pp_aggregate_merge merge;
	size_t i;

	pp_aggregate_merge_init(&merge);
	for (i = 0; i < series->count; i++)
		pp_aggregate_merge_add(&merge, series->windows[i].parsed);
	summary->count = merge.count;
	summary->sum = merge.sum;
	summary->sum_unknown = merge.sum_unknown;
	summary->min = merge.min;
	summary->max = merge.max;
	summary->numerator = merge.numerator;
	summary->denominator = merge.denominator;
	summary->ratio = pp_aggregate_merge_ratio(&merge);
	summary->period_accuracy = NAN;
	for (i = 0; i < SUMMARY_PERCENTILES; i++)
		summary->period_percentiles[i] = NAN;
	if (merge.sketch != NULL && merge.sketch->count > 0) {
		summary->period_accuracy = merge.sketch->accuracy;
		for (i = 0; i < summary->percentile_count; i++)
			summary->period_percentiles[i] = pp_aggregate_merge_percentile(&merge,
			    summary->percentile_keys[i]);
	}
	pp_aggregate_merge_free(&merge);
}

void
model_summarise(const report_series *series, series_summary *summary)
{
	double rate_total = 0, mean_total = 0;
	size_t rates = 0, means = 0, i;

	memset(summary, 0, sizeof(*summary));
	summary->windows = series->count;
	summary->rate = summary->last = summary->mean = summary->window_size = NAN;
	summary->start = series->windows[0].start;
	summary->end = series->windows[0].end;
	summary->type = pp_aggregate_string(series->windows[0].aggregate, "type");
	summary->window_size = series->windows[0].end - series->windows[0].start;
	for (i = 0; i < series->count; i++) {
		jv aggregate = series->windows[i].aggregate;
		double mean = pp_record_number(aggregate, "mean");

		summarise_window(aggregate, summary, &rate_total, &rates);
		if (!isnan(mean)) {
			mean_total += mean;
			means++;
		}
		summary->end = fmax(summary->end, series->windows[i].end);
		if (isnan(summary->start) || series->windows[i].start < summary->start)
			summary->start = series->windows[i].start;
	}
	summarise_merge(series, summary);
	if (!isnan(summary->sum) && summary->count > 0)
		summary->mean = summary->sum / summary->count;
	else if (summary->sum_unknown)
		summary->mean = NAN;	/* a window's sum overflowed: shown as - */
	else if (means > 0)
		summary->mean = mean_total / (double)means;
	/* the rate of a level means nothing: only events have one */
	if (rates > 0 && (summary->type == NULL || strcmp(summary->type, "gauge") != 0))
		summary->rate = rate_total / (double)rates;
	summary->trend_stat = choose_trend_stat(summary);
	summary->trend = pp_xcalloc(series->count + 1, sizeof(double));
	for (i = 0; i < series->count; i++)
		summary->trend[i] = model_window_partial(&series->windows[i]) &&
		    strcmp(summary->trend_stat, "rate") == 0 ? NAN :
		    model_stat(series->windows[i].aggregate, summary->trend_stat);
}

bool
model_window_whole_input(const report_window *window)
{
	jv spec = jv_object_get(jv_copy(window->aggregate), jv_string("window"));
	const char *type = jv_get_kind(spec) == JV_KIND_OBJECT ? pp_aggregate_string(spec, "type") :
	    NULL;
	bool is = type != NULL && strcmp(type, "all") == 0;

	jv_free(spec);
	return is;
}

bool
model_window_partial(const report_window *window)
{
	jv partial = jv_object_get(jv_copy(window->aggregate), jv_string("partial"));
	bool is = jv_get_kind(partial) == JV_KIND_TRUE;

	jv_free(partial);
	return is;
}

bool
model_record_ratio(const report_model *model, jv record, double *ratio, double *numerator,
    double *denominator)
{
	const char *name = pp_aggregate_string(record, "name");
	jv tags_object = jv_object_get(jv_copy(record), jv_string("tags"));
	pp_buffer key = PP_BUFFER_INIT;
	pp_tags tags = PP_TAGS_INIT;
	const pp_indexed_series *series = NULL;
	pp_aggregate_merge merge;
	size_t i;

	pp_aggregate_merge_init(&merge);
	if (name != NULL && (jv_get_kind(tags_object) != JV_KIND_OBJECT ||
	    pp_tags_from_jv(tags_object, &tags, NULL) == PP_OK)) {
		pp_series_key(&key, name, &tags);
		series = pp_series_index_find(&model->index, key.data, key.length);
	}
	for (i = 0; series != NULL && i < series->count; i++)
		pp_aggregate_merge_add(&merge, &series->aggregates[i]);
	*ratio = pp_aggregate_merge_ratio(&merge);
	*numerator = merge.numerator;
	*denominator = merge.denominator;
	pp_aggregate_merge_free(&merge);
	pp_buffer_free(&key);
	pp_tags_free(&tags);
	jv_free(tags_object);
	return !isnan(*ratio);
}

void
summary_free(series_summary *summary)
{
	free(summary->trend);
	summary->trend = NULL;
}

static bool
field_is(jv record, const char *key, const char *value)
{
	const char *text = pp_aggregate_string(record, key);

	return text != NULL && strcmp(text, value) == 0;
}

bool
model_is_recommendation(jv finding)
{
	return field_is(finding, "type", "recommendation");
}

bool
model_is_regression(jv finding)
{
	return field_is(finding, "type", "comparison") && field_is(finding, "verdict", "regression");
}

