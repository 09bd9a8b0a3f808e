/*
 * render_html.c - the report as one self-contained HTML page: the
 * dashboard of the original design.
 *
 * Header with the verdict (verdict.h); cards for response time,
 * throughput, error rate and CPU with their trend, and full-width inline
 * SVG charts (percentiles over time, throughput, error rate, resource
 * utilisation), each only when the stream holds its data; a card per pool
 * (alert level, p95, throughput, error rate, its series); the alerts, one
 * row per alert (alerts.h); a table per metric; the findings and
 * recommendations.  Laid out for 1280 px (tests/cli/perf-report-html-
 * dashboard.sh checks a Chromium screenshot's pixels).  A partial window
 * (the data covers it only in part) is left out of rates and cards, so
 * that the end of the data never reads as a drop.  No script, font or stylesheet is
 * fetched: styles are inline and a Content-Security-Policy forbids every
 * script, so even a string that escaped escaping could not run.  The one
 * exception is the page of --live -f html: its reload keeps the scroll
 * position by scroll_script, the only script the policy then allows (by
 * its SHA-256, scroll_script_hash; tests/cli/perf-report-html-live.sh
 * recomputes it).  Every
 * string from the stream goes through html_escape.
 *
 * The dashboard's metrics are found by name, as the original design names
 * them: response time is the first metric with a time unit whose name says
 * duration, latency or response (else any with a time unit and
 * percentiles); throughput is its rate; error rate a metric whose name
 * says error; CPU one that says cpu; utilisation any ratio metric.
 */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "format.h"
#include "metric_table.h"
#include "pp_json.h"
#include "pp_quantile.h"
#include "sections.h"
#include "svg.h"
#include "verdict.h"

static const char style[] =
    "body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;"
    "color:#111827;background:#f3f4f6}"
    "main{max-width:1240px;margin:0 auto;padding:12px}"
    "header{padding:16px;border-radius:8px;color:#fff;background:#16a34a;margin-bottom:12px}"
    "header.warning{background:#d97706}header.critical{background:#dc2626}"
    "header h1{margin:0;font-size:1.4em}header p{margin:4px 0 0}"
    ".level{font-weight:700}"
    ".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px}"
    ".card,.chart,section{background:#fff;border-radius:8px;padding:12px;margin:0 0 12px}"
    ".card h3,.chart h3{margin:0 0 6px;font-size:1em;color:#374151}"
    ".value{font-size:1.6em;font-weight:700}.trend{color:#4b5563}"
    ".up{color:#b91c1c}.down{color:#15803d}"
    "figure{margin:0}svg{width:100%;height:auto}.charts{grid-template-columns:1fr}"
    ".grid line{stroke:#e5e7eb}.axis{font-size:14px;fill:#6b7280}"
    "svg.spark{width:120px;height:24px}"
    ".legend span{margin-right:12px;overflow-wrap:anywhere}"
    ".legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}"
    ".table{overflow-x:auto}table{border-collapse:collapse;width:100%}"
    "th,td{padding:4px 8px;border-bottom:1px solid #e5e7eb;text-align:left;white-space:nowrap;vertical-align:top}"
    "td.n,th.n{text-align:right}td.wrap{white-space:normal;min-width:16em;overflow-wrap:anywhere}"
    "table.alerts{table-layout:fixed}table.alerts td.wrap{min-width:0}"
    "table.alerts td.t{white-space:nowrap}"
    "table.alerts .c-sev,table.alerts .c-state{width:6em}table.alerts .c-series{width:14em}"
    "table.alerts .c-n{width:5.5em}table.alerts .c-t{width:11.5em}"
    ".badge{display:inline-block;padding:0 8px;border-radius:9px;font-size:.85em;color:#fff;"
    "background:#16a34a;margin-left:6px;vertical-align:middle}"
    ".badge.warning{background:#d97706}.badge.critical,.badge.emergency{background:#dc2626}"
    ".badge.resolved{background:#6b7280}"
    ".kpis{display:flex;gap:16px;margin:4px 0 8px}.kpis div{flex:1}.kpis .kv{display:block;font-size:1.3em;font-weight:700}"
    ".sev-critical,.sev-emergency{color:#b91c1c;font-weight:700}"
    ".sev-warning{color:#b45309;font-weight:700}.sev-info{color:#0369a1}"
    "ul{padding-left:20px}dl{margin:0}dt{color:#6b7280;font-size:.9em}dd{margin:0 0 6px}";

/* The page of --live -f html reloads itself (<meta http-equiv="refresh">)
 * and this puts it back where the reader had scrolled: the position is
 * kept in sessionStorage, per page, which works from file:// and from any
 * static server. */
static const char scroll_script[] =
    "(function(){var k=\"perfpipe-scroll:\"+location.pathname;try{var y=sessionStorage.getItem(k);if(y!==null)scrollTo(0,+y);addEventListener(\"scroll\",function(){sessionStorage.setItem(k,String(scrollY))})}catch(e){}})();";
/* base64 of its SHA-256, for the Content-Security-Policy */
static const char scroll_script_hash[] = "JYqLFJ0PbIL+MdO//yJcmfMvm7vHPBt4C7glXNFQsac=";

/* ---- finding metrics by name ---- */

typedef struct metric_range {
	size_t first, next;	/* series[first..next) share a name */
} metric_range;

static bool
name_has(const char *name, const char *word)
{
	return strstr(name, word) != NULL;
}

static metric_range
next_metric(const report_model *model, size_t first)
{
	metric_range range = {first, model_metric_end(model, first)};

	return range;
}

typedef bool (*metric_test)(const report_series *series);

static bool
is_time(const report_series *series)
{
	return pp_people_unit_of(series->unit, series->name).kind == PP_PEOPLE_SECONDS;
}

static bool
is_response_time(const report_series *series)
{
	return is_time(series) && (name_has(series->name, "duration") ||
	    name_has(series->name, "latency") || name_has(series->name, "response"));
}

static bool
is_timed_distribution(const report_series *series)
{
	return is_time(series) && model_percentile(series->windows[0].aggregate, "p50") ==
	    model_percentile(series->windows[0].aggregate, "p50");
}

static bool
is_error(const report_series *series)
{
	return name_has(series->name, "error");
}

/* A ratio aggregate's series (perf-aggregate --ratio). */
static bool
is_ratio(const report_series *series)
{
	return !isnan(model_stat(series->windows[series->count - 1].aggregate, "ratio"));
}

static bool
is_cpu(const report_series *series)
{
	return name_has(series->name, "cpu");
}

static bool
is_utilisation(const report_series *series)
{
	return pp_people_unit_of(series->unit, series->name).kind == PP_PEOPLE_RATIO && !is_error(series);
}

/* The first metric that passes test; first == next when there is none. */
static metric_range
find_metric(const report_model *model, metric_test test)
{
	metric_range range = {0, 0}, none = {0, 0};

	while (range.next < model->series_count) {
		range = next_metric(model, range.next);
		if (test(&model->series[range.first]))
			return range;
	}
	return none;
}

static metric_range
response_metric(const report_model *model)
{
	metric_range range = find_metric(model, is_response_time);

	return range.first < range.next ? range : find_metric(model, is_timed_distribution);
}

/* ---- combining series of a metric over time ---- */

/* Whether a window is the whole input ("window": {"type": "all"}, from
 * perf-aggregate without --window): it has no place in time.  The charts
 * over time leave it out, and the cards take the whole-input windows of
 * all series as one time, WHOLE_INPUT, so that pools never read as a
 * trend of one another (model_window_whole_input). */
#define WHOLE_INPUT (-HUGE_VAL)

/* Where a window goes on a line: its start, WHOLE_INPUT for a whole-input
 * window in a card, NaN (left out) for one in a chart. */
static double
window_time(const report_window *window, bool card)
{
	if (!model_window_whole_input(window))
		return window->start;
	return card ? WHOLE_INPUT : NAN;
}

/* The distinct window times of series[first..next), ascending. */
static size_t
window_starts(const report_model *model, metric_range range, bool card, double **starts)
{
	size_t total = 0, i, j, distinct = 0;

	for (i = range.first; i < range.next; i++)
		total += model->series[i].count;
	*starts = pp_xcalloc(total + 1, sizeof(double));
	for (i = range.first; i < range.next; i++)
		for (j = 0; j < model->series[i].count; j++) {
			double at = window_time(&model->series[i].windows[j], card);

			if (!isnan(at))
				(*starts)[distinct++] = at;
		}
	qsort(*starts, distinct, sizeof(double), pp_compare_doubles);
	for (i = 0, j = 0; i < distinct; i++)
		if (j == 0 || (*starts)[i] != (*starts)[j - 1])
			(*starts)[j++] = (*starts)[i];
	return j;
}

/* The value of stat in a window for the dashboard: NaN for a partial
 * window's rate (it would read as a drop), or any statistic of a partial
 * window when whole_only (the cards' values and trends). */
static double
dashboard_stat(const report_window *window, const char *stat, bool whole_only)
{
	if (model_window_partial(window) && (whole_only || strcmp(stat, "rate") == 0))
		return NAN;
	return model_stat(window->aggregate, stat);
}

typedef enum combine { COMBINE_MAX, COMBINE_SUM } combine;

/* A line of stat over time, combining the series of range per window. */
static chart_line
combined_line(const report_model *model, metric_range range, const char *stat,
    combine how, const char *label, bool whole_only)
{
	chart_line line = {pp_strndup(label, strlen(label)), NULL, NULL, 0};
	size_t i, j, k;

	line.count = window_starts(model, range, whole_only, &line.x);
	line.y = pp_xcalloc(line.count + 1, sizeof(double));
	for (k = 0; k < line.count; k++)
		line.y[k] = NAN;
	for (i = range.first; i < range.next; i++)
		for (j = 0, k = 0; j < model->series[i].count; j++) {
			double at = window_time(&model->series[i].windows[j], whole_only);
			double value = dashboard_stat(&model->series[i].windows[j], stat,
			    whole_only);

			if (isnan(at))
				continue;
			while (line.x[k] < at)
				k++;
			if (isnan(value))
				continue;
			if (isnan(line.y[k]))
				line.y[k] = value;
			else
				line.y[k] = how == COMBINE_MAX ? fmax(line.y[k], value) :
				    line.y[k] + value;
		}
	return line;
}

/* A line of stat over time for one series, labelled by its tags alone
 * (tags_only, in a chart of one metric) or by its name and tags. */
static chart_line
series_line(const report_series *series, const char *stat, bool tags_only)
{
	pp_buffer label = PP_BUFFER_INIT;
	chart_line line = {NULL, NULL, NULL, 0};
	size_t j;

	if (tags_only)
		format_tags(&label, &series->tags, "all", false);
	else
		format_series(&label, series->name, &series->tags, false);
	line.label = pp_strndup(label.data, label.length);
	line.x = pp_xcalloc(series->count + 1, sizeof(double));
	line.y = pp_xcalloc(series->count + 1, sizeof(double));
	for (j = 0, line.count = 0; j < series->count; j++)
		if (!model_window_whole_input(&series->windows[j])) {	/* no place in time */
			line.x[line.count] = series->windows[j].start;
			line.y[line.count++] = dashboard_stat(&series->windows[j], stat, false);
		}
	pp_buffer_free(&label);
	return line;
}

/* Whether any line has a value to draw. */
static bool
any_value(const chart_line *lines, size_t count)
{
	size_t i, j;

	for (i = 0; i < count; i++)
		for (j = 0; j < lines[i].count; j++)
			if (isfinite(lines[i].y[j]))
				return true;
	return false;
}

/* ---- header and cards ---- */

static void
write_head(pp_buffer *out, const render_options *options)
{
	pp_buffer_append_string(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'; img-src data:");
	if (options->live_page)
		pp_buffer_printf(out, "; script-src 'sha256-%s'", scroll_script_hash);
	pp_buffer_append_string(out, "\"/>\n");
	if (options->refresh > 0)
		pp_buffer_printf(out, "<meta http-equiv=\"refresh\" content=\"%.0f\"/>\n",
		    ceil(options->refresh));
	pp_buffer_printf(out, "<title>perfpipe report</title>\n<style>%s</style>\n"
	    "</head>\n<body>\n<main>\n", style);
}

static void
write_header(pp_buffer *out, const report_model *model, const alert_rows *rows,
    const render_options *options)
{
	report_verdict verdict;
	pp_buffer sentence = PP_BUFFER_INIT;
	double start, end;

	verdict_make(model, rows, options->fail_on, &verdict);
	verdict_sentence(&verdict, &sentence);
	pp_buffer_printf(out, "<header class=\"%s\"><h1>Performance report</h1>"
	    "<p class=\"verdict\"><span class=\"level\">", verdict.level);
	html_escape(out, sentence.data);
	pp_buffer_append_string(out, "</span></p><p>");
	if (model_span(model, &start, &end)) {
		format_span(out, start, end);
		pp_buffer_append_string(out, " \302\267 ");
	}
	pp_buffer_printf(out, "%zu series in %zu windows \302\267 ",
	    model->series_count, model->aggregate_count);
	alert_rows_headline(rows, out);
	pp_buffer_printf(out, " \302\267 %d findings", jv_array_length(jv_copy(model->findings)));
	model_findings_left_out(model, out);
	if (model->points > 0)
		pp_buffer_printf(out, " \302\267 %llu points not shown", model->points);
	pp_buffer_append_string(out, "</p></header>\n");
	pp_buffer_free(&sentence);
	verdict_free(&verdict);
}

/* Appends the change from the first to the last value of line. */
static void
write_trend(pp_buffer *out, const chart_line *line)
{
	double first = NAN, last = NAN, change;
	size_t i;

	for (i = 0; i < line->count; i++)
		if (isfinite(line->y[i])) {
			if (isnan(first))
				first = line->y[i];
			last = line->y[i];
		}
	if (line->count == 1 && line->x[0] == WHOLE_INPUT) {
		pp_buffer_append_string(out, "<div class=\"trend\">over the whole input</div>");
		return;
	}
	if (line->count < 2 || isnan(first) || first == 0) {
		pp_buffer_append_string(out, "<div class=\"trend\">steady</div>");
		return;
	}
	change = (last - first) / fabs(first) * 100;
	if (fabs(change) < 1)
		pp_buffer_append_string(out, "<div class=\"trend\">\342\206\222 steady</div>");
	else
		pp_buffer_printf(out, "<div class=\"trend %s\">%s %.0f%% over the report</div>",
		    change > 0 ? "up" : "down", change > 0 ? "\342\206\221" : "\342\206\223",
		    fabs(change));
}

/* A card: title, the value of the last window, and its trend. */
static void
write_card(pp_buffer *out, const char *title, const chart_line *line, pp_people_unit unit,
    bool per_second)
{
	pp_buffer value = PP_BUFFER_INIT;
	double last = NAN;
	size_t i;

	for (i = 0; line != NULL && i < line->count; i++)
		if (isfinite(line->y[i]))
			last = line->y[i];
	if (isnan(last)) {	/* the stream holds none: no card */
		pp_buffer_free(&value);
		return;
	}
	pp_buffer_printf(out, "<div class=\"card\"><h3>%s</h3><div class=\"value\">", title);
	{
		if (per_second)
			pp_people_rate(&value, last);
		else
			format_value(&value, last, unit, false);
		html_escape(out, value.data);
		pp_buffer_append_string(out, "</div>");
		write_trend(out, line);
		pp_buffer_append_string(out, "</div>\n");
	}
	pp_buffer_free(&value);
}

static pp_people_unit
unit_of(const report_model *model, metric_range range)
{
	pp_people_unit none = {PP_PEOPLE_PLAIN, 1, NULL};

	if (range.first == range.next)
		return none;
	return pp_people_unit_of(model->series[range.first].unit, model->series[range.first].name);
}

static chart_line
empty_line(void)
{
	chart_line line = {pp_strndup("", 0), NULL, NULL, 0};

	return line;
}

/* The trend line of a card: stat combined over the series of range. */
static chart_line
card_line(const report_model *model, metric_range range, const char *stat, combine how)
{
	if (range.first == range.next)
		return empty_line();
	return combined_line(model, range, stat, how, stat, true);
}

/* The card of a ratio metric: numerator / denominator over every window
 * ("2.04% (41/2010)") of its series without tags (the total), else of all
 * its series (its groups, which share no request); the worst series'
 * ratio per window as its trend. */
static void
write_ratio_card(pp_buffer *out, const report_model *model, metric_range range)
{
	chart_line line = combined_line(model, range, "ratio", COMBINE_MAX, "ratio", true);
	pp_buffer value = PP_BUFFER_INIT;
	double numerator = 0, denominator = 0;
	size_t i;

	bool total = model->series[range.first].tags.count == 0;	/* sorted first */

	for (i = range.first; i < (total ? range.first + 1 : range.next); i++) {
		series_summary summary;

		model_summarise(&model->series[i], &summary);
		if (!isnan(summary.numerator) && !isnan(summary.denominator)) {
			numerator += summary.numerator;
			denominator += summary.denominator;
		}
		summary_free(&summary);
	}
	pp_people_ratio(&value, denominator > 0 ? numerator / denominator : NAN, numerator,
	    denominator);
	pp_buffer_append_string(out, "<div class=\"card\"><h3>");
	html_escape(out, model->series[range.first].name);
	pp_buffer_append_string(out, "</h3><div class=\"value\">");
	html_escape(out, value.data);
	pp_buffer_append_string(out, "</div>");
	write_trend(out, &line);
	pp_buffer_append_string(out, "</div>\n");
	chart_line_free(&line);
	pp_buffer_free(&value);
}

static void
write_cards(pp_buffer *out, const report_model *model)
{
	metric_range response = response_metric(model);
	metric_range errors = find_metric(model, is_error);
	metric_range cpu = find_metric(model, is_cpu);
	chart_line lines[4];
	int i;

	lines[0] = card_line(model, response, "mean", COMBINE_MAX);
	lines[1] = card_line(model, response, "rate", COMBINE_SUM);
	lines[2] = card_line(model, errors, "mean", COMBINE_MAX);
	lines[3] = card_line(model, cpu, "mean", COMBINE_MAX);
	pp_buffer_append_string(out, "<div class=\"grid cards\">\n");
	write_card(out, "Response time", &lines[0], unit_of(model, response), false);
	write_card(out, "Throughput", &lines[1], unit_of(model, response), true);
	write_card(out, "Error rate", &lines[2], unit_of(model, errors), false);
	write_card(out, "CPU utilisation", &lines[3], unit_of(model, cpu), false);
	if (find_metric(model, is_ratio).next > find_metric(model, is_ratio).first)
		write_ratio_card(out, model, find_metric(model, is_ratio));
	pp_buffer_append_string(out, "</div>\n");
	for (i = 0; i < 4; i++)
		chart_line_free(&lines[i]);
}

/* ---- charts ---- */

static void
write_percentile_chart(pp_buffer *out, const report_model *model)
{
	metric_range range = response_metric(model);
	series_summary summary;
	chart_line lines[SUMMARY_PERCENTILES];
	size_t i, count = 0;

	if (range.first == range.next)
		return;		/* the stream holds no response time: no chart */
	model_summarise(&model->series[range.first], &summary);
	for (i = 0; i < summary.percentile_count; i++)
		lines[count++] = combined_line(model, range, summary.percentile_keys[i],
		    COMBINE_MAX, summary.percentile_keys[i], false);
	if (any_value(lines, count))
		svg_line_chart(out, "Response time percentiles (worst series per window)", lines,
		    count, unit_of(model, range));
	for (i = 0; i < count; i++)
		chart_line_free(&lines[i]);
	summary_free(&summary);
}

/* A chart with one line per series of the metrics that pass test. */
static void
write_series_chart(pp_buffer *out, const report_model *model, const char *title,
    metric_range range, metric_test test, const char *stat, pp_people_unit unit)
{
	chart_line *lines = pp_xcalloc(model->series_count + 1, sizeof(*lines));
	size_t i, count = 0;

	for (i = range.first; i < range.next; i++)
		if (test == NULL || test(&model->series[i]))
			lines[count++] = series_line(&model->series[i], stat, test == NULL);
	if (any_value(lines, count))	/* else the stream holds none: no chart */
		svg_line_chart(out, title, lines, count, unit);
	for (i = 0; i < count; i++)
		chart_line_free(&lines[i]);
	free(lines);
}

static void
write_charts(pp_buffer *out, const report_model *model)
{
	metric_range everything = {0, model->series_count};
	metric_range response = response_metric(model);
	metric_range errors = find_metric(model, is_error);
	pp_people_unit per_second = {PP_PEOPLE_PLAIN, 1, "/s"};
	pp_people_unit ratio = {PP_PEOPLE_RATIO, 1, NULL};

	pp_buffer_append_string(out, "<div class=\"grid charts\">\n");
	write_percentile_chart(out, model);
	write_series_chart(out, model, "Throughput", response, NULL, "rate", per_second);
	write_series_chart(out, model, "Error rate", errors, NULL, "mean",
	    unit_of(model, errors));
	write_series_chart(out, model, "Resource utilisation", everything, is_utilisation,
	    "mean", ratio);
	if (find_metric(model, is_ratio).next > find_metric(model, is_ratio).first)
		write_series_chart(out, model, "Ratio per series",
		    find_metric(model, is_ratio), NULL, "ratio", ratio);
	pp_buffer_append_string(out, "</div>\n");
}

/* ---- pools ---- */

/* The percentile of the last window, NaN when it has none. */
static double
window_percentile(jv aggregate, const char *key)
{
	jv percentiles = jv_object_get(jv_copy(aggregate), jv_string("percentiles"));
	double value = NAN;

	if (jv_get_kind(percentiles) == JV_KIND_OBJECT)
		value = model_number(percentiles, key);
	jv_free(percentiles);
	return value;
}

static bool
is_observation_type(const char *type)
{
	return type != NULL && (strcmp(type, "timer") == 0 || strcmp(type, "histogram") == 0 ||
	    strcmp(type, "summary") == 0);
}

/* One line of a pool card, from the series' last window: the latency
 * percentiles of observations (timers: checkout or request time), the
 * rate of counters (throughput, errors), the mean of anything else
 * (utilisation, queue depth). */
static void
write_pool_entry(pp_buffer *out, const report_series *series)
{
	static const char *const keys[] = {"p50", "p95", "p99"};
	/* the last whole window */
	size_t at = series->count > 1 && model_window_partial(&series->windows[series->count - 1]) ?
	    series->count - 2 : series->count - 1;
	jv last = series->windows[at].aggregate;
	const char *when = model_window_whole_input(&series->windows[at]) ? "whole input" :
	    "last window";
	pp_people_unit unit = pp_people_unit_of(series->unit, series->name);
	pp_buffer value = PP_BUFFER_INIT;
	double mean = model_number(last, "mean");
	size_t i;

	pp_buffer_append_string(out, "<dt>");
	html_escape(out, series->name);
	if (is_observation_type(pp_aggregate_string(last, "type")) &&
	    !isnan(window_percentile(last, "p50"))) {
		pp_buffer_printf(out, " (p50 / p95 / p99, %s)</dt><dd>", when);
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (i > 0)
				pp_buffer_append_string(&value, " / ");
			format_value(&value, window_percentile(last, keys[i]), unit, false);
		}
	} else if (!isnan(model_number(last, "ratio"))) {
		pp_buffer_printf(out, " (ratio, %s)</dt><dd>", when);
		pp_people_ratio(&value, model_number(last, "ratio"), model_number(last, "numerator"),
		    model_number(last, "denominator"));
	} else if (isnan(mean) && !isnan(model_number(last, "rate"))) {
		pp_buffer_printf(out, " (rate, %s)</dt><dd>", when);
		pp_people_rate(&value, model_number(last, "rate"));
	} else {
		pp_buffer_printf(out, " (mean, %s)</dt><dd>", when);
		format_value(&value, isnan(mean) ? model_number(last, "last") : mean, unit, false);
	}
	html_escape(out, value.data);
	pp_buffer_append_string(out, "</dd>");
	pp_buffer_free(&value);
}

/* The alert level of a pool: the worst severity among its alerts still
 * firing, else "resolved" when one fired, else "ok". */
static const char *
pool_level(const alert_rows *rows, const char *pool)
{
	const char *level = "ok";
	int worst = 0;
	size_t i;

	for (i = 0; i < rows->count; i++) {
		jv tags = jv_object_get(jv_copy(rows->rows[i].last), jv_string("tags"));
		const char *tag = jv_get_kind(tags) == JV_KIND_OBJECT ? pp_aggregate_string(tags, "pool") :
		    NULL;
		bool mine = tag != NULL && strcmp(tag, pool) == 0;

		jv_free(tags);
		if (!mine)
			continue;
		if (strcmp(rows->rows[i].state, "firing") == 0 && rows->rows[i].severity > worst)
			worst = rows->rows[i].severity;
		else if (rows->rows[i].ever_fired && worst == 0)
			level = "resolved";
	}
	return worst > 0 ? verdict_severity_name(worst) : level;
}

/* The series of range tagged pool=pool, or NULL. */
static const report_series *
pool_series(const report_model *model, metric_range range, const char *pool)
{
	size_t i;

	for (i = range.first; i < range.next; i++) {
		const char *tag = pp_tags_get(&model->series[i].tags, "pool");

		if (tag != NULL && strcmp(tag, pool) == 0)
			return &model->series[i];
	}
	return NULL;
}

static void
write_kpi(pp_buffer *out, const char *label, const pp_buffer *value)
{
	pp_buffer_append_string(out, "<div><span class=\"kv\">");
	html_escape(out, value->data);
	pp_buffer_printf(out, "</span>%s</div>", label);
}

/* The pool's figures over the whole report: p95 of its response time
 * (over all windows when they carry sketches, else the worst window's),
 * its throughput (mean rate of its whole windows) and its error rate. */
static void
write_pool_kpis(pp_buffer *out, const report_model *model, const char *pool)
{
	const report_series *response = pool_series(model, response_metric(model), pool);
	const report_series *errors = pool_series(model, find_metric(model, is_error), pool);
	pp_buffer value = PP_BUFFER_INIT;
	series_summary summary;
	size_t i;

	pp_buffer_append_string(out, "<div class=\"kpis\">");
	if (response != NULL) {
		double p95 = NAN, total = 0;
		size_t whole = 0;

		model_summarise(response, &summary);
		for (i = 0; i < summary.percentile_count; i++)
			if (strcmp(summary.percentile_keys[i], "p95") == 0)
				p95 = isnan(summary.period_accuracy) ? summary.percentiles[i] :
				    summary.period_percentiles[i];
		if (!isnan(p95)) {
			format_value(&value, p95, pp_people_unit_of(response->unit, response->name), false);
			/* one whole-input window is the whole range, not a worst */
			bool whole = response->count == 1 &&
			    model_window_whole_input(&response->windows[0]);

			write_kpi(out, isnan(summary.period_accuracy) && !whole ? "p95 (worst window)" :
			    "p95", &value);
			pp_buffer_clear(&value);
		}
		for (i = 0; i < response->count; i++) {
			double rate = dashboard_stat(&response->windows[i], "rate", false);

			if (!isnan(rate)) {
				total += rate;
				whole++;
			}
		}
		if (whole > 0) {
			pp_people_rate(&value, total / (double)whole);
			write_kpi(out, "throughput", &value);
			pp_buffer_clear(&value);
		}
		summary_free(&summary);
	}
	if (errors != NULL) {
		model_summarise(errors, &summary);
		if (!isnan(summary.ratio)) {	/* Σ numerators / Σ denominators */
			/* the percentage alone: the counts are in the entry below */
			pp_people_ratio(&value, summary.ratio, NAN, NAN);
			write_kpi(out, "error rate", &value);
		} else if (!isnan(summary.mean)) {
			format_value(&value, summary.mean, pp_people_unit_of(errors->unit, errors->name),
			    false);
			write_kpi(out, "error rate", &value);
		}
		summary_free(&summary);
	}
	pp_buffer_append_string(out, "</div>");
	pp_buffer_free(&value);
}

static void
write_pool(pp_buffer *out, const report_model *model, const alert_rows *rows,
    const char *pool)
{
	const char *level = pool_level(rows, pool);
	size_t i;

	pp_buffer_append_string(out, "<div class=\"card pool\"><h3>Pool ");
	html_escape(out, pool);
	pp_buffer_printf(out, "</h3><span class=\"badge %s\">%s</span>", level,
	    strcmp(level, "ok") == 0 ? "no alert" : level);
	write_pool_kpis(out, model, pool);
	pp_buffer_append_string(out, "<dl>");
	for (i = 0; i < model->series_count; i++) {
		const char *tag = pp_tags_get(&model->series[i].tags, "pool");

		if (tag != NULL && strcmp(tag, pool) == 0)
			write_pool_entry(out, &model->series[i]);
	}
	pp_buffer_append_string(out, "</dl></div>\n");
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
write_pools(pp_buffer *out, const report_model *model, const alert_rows *rows)
{
	const char **pools = pp_xcalloc(model->series_count + 1, sizeof(*pools));
	size_t count = 0, i;

	for (i = 0; i < model->series_count; i++) {
		const char *pool = pp_tags_get(&model->series[i].tags, "pool");

		if (pool != NULL)
			pools[count++] = pool;
	}
	qsort(pools, count, sizeof(*pools), compare_strings);
	if (count > 0)
		pp_buffer_append_string(out, "<h2>Pools</h2>\n<div class=\"grid pools\">\n");
	for (i = 0; i < count; i++)
		if (i == 0 || strcmp(pools[i], pools[i - 1]) != 0)
			write_pool(out, model, rows, pools[i]);
	if (count > 0)
		pp_buffer_append_string(out, "</div>\n");
	free(pools);
}

/* ---- alerts, metrics, findings ---- */

static void
write_escaped_field(pp_buffer *out, jv record, const char *key)
{
	const char *text = pp_aggregate_string(record, key);

	html_escape(out, text != NULL ? text : "");
}

static void
write_value_cell(pp_buffer *out, const report_model *model, const alert_row *row,
    double value)
{
	pp_buffer text = PP_BUFFER_INIT;

	pp_buffer_append_string(out, "<td class=\"n\">");
	if (!isnan(value)) {
		alert_rows_value(model, row, value, &text, false);
		html_escape(out, text.data);
	}
	pp_buffer_append_string(out, "</td>");
	pp_buffer_free(&text);
}

static void
write_time_cell(pp_buffer *out, double when)
{
	pp_buffer_append_string(out, "<td class=\"t\">");
	if (!isnan(when))
		format_time(out, when);
	pp_buffer_append_string(out, "</td>");
}

static void
write_alert_row(pp_buffer *out, const report_model *model, const alert_row *row)
{
	jv actions = jv_object_get(jv_copy(row->shown), jv_string("suggested_actions"));
	pp_buffer series = PP_BUFFER_INIT;
	static const char *const classes[] = {"", "info", "warning", "critical", "emergency"};

	pp_buffer_printf(out, "<tr><td class=\"sev-%s\">", classes[row->severity]);
	write_escaped_field(out, row->last, "severity");
	pp_buffer_append_string(out, "</td><td>");
	html_escape(out, row->state);
	pp_buffer_append_string(out, "</td><td class=\"wrap\">");
	format_record_series(&series, row->last, false);
	html_escape(out, series.data != NULL ? series.data : "");
	pp_buffer_clear(&series);
	pp_buffer_append_string(out, "</td>");
	write_value_cell(out, model, row, row->peak);
	write_value_cell(out, model, row, row->threshold);
	write_time_cell(out, row->fired_at);
	write_time_cell(out, row->resolved_at);
	pp_buffer_append_string(out, "<td class=\"wrap\">");
	write_escaped_field(out, row->shown, "description");
	alert_rows_explanation(row, &series);
	if (series.length > 0) {
		pp_buffer_append_string(out, "<p class=\"why\">");
		html_escape(out, series.data);
		pp_buffer_append_string(out, "</p>");
	}
	if (jv_get_kind(actions) == JV_KIND_ARRAY && jv_array_length(jv_copy(actions)) > 0) {
		pp_buffer_append_string(out, "<ul>");
		jv_array_foreach(actions, i, action) {
			if (jv_get_kind(action) == JV_KIND_STRING) {
				pp_buffer_append_string(out, "<li>");
				html_escape(out, jv_string_value(action));
				pp_buffer_append_string(out, "</li>");
			}
			jv_free(action);
		}
		pp_buffer_append_string(out, "</ul>");
	}
	pp_buffer_append_string(out, "</td></tr>\n");
	jv_free(actions);
	pp_buffer_free(&series);
}

static void
write_alerts(pp_buffer *out, const report_model *model, const alert_rows *rows)
{
	size_t i;

	pp_buffer_append_string(out, "<section id=\"alerts\"><h2>Alerts</h2>\n");
	if (rows->count == 0) {
		pp_buffer_append_string(out, "<p>No alerts.</p></section>\n");
		return;
	}
	pp_buffer_append_string(out, "<div class=\"table\"><table class=\"alerts\"><thead><tr>"
	    "<th class=\"c-sev\">Severity</th><th class=\"c-state\">State</th>"
	    "<th class=\"c-series\">Series</th><th class=\"n c-n\">Peak</th>"
	    "<th class=\"n c-n\">Threshold</th><th class=\"c-t\">Fired</th>"
	    "<th class=\"c-t\">Resolved</th><th>Description</th></tr></thead><tbody>\n");
	for (i = 0; i < rows->count; i++)
		write_alert_row(out, model, &rows->rows[i]);
	pp_buffer_append_string(out, "</tbody></table></div></section>\n");
}

static void
write_metric_table(pp_buffer *out, const metric_table *t)
{
	pp_buffer heading = PP_BUFFER_INIT;
	size_t row, column;

	metric_table_heading(t, &heading, false);
	pp_buffer_append_string(out, "<h3>");
	html_escape(out, heading.data);
	pp_buffer_append_string(out, "</h3><div class=\"table\"><table><thead><tr>");
	for (column = 0; column < t->columns; column++)
		pp_buffer_printf(out, "<th%s>%s</th>", t->right[column] ? " class=\"n\"" : "",
		    t->headers[column]);
	pp_buffer_append_string(out, "</tr></thead><tbody>\n");
	for (row = 0; row < t->rows; row++) {
		pp_buffer_append_string(out, "<tr>");
		for (column = 0; column < t->columns; column++) {
			pp_buffer_append_string(out, t->right[column] ? "<td class=\"n\">" : "<td>");
			if (t->with_trend && column + 1 == t->columns)
				svg_sparkline(out, t->summaries[row].trend, t->summaries[row].windows);
			else
				html_escape(out, metric_table_cell(t, row, column));
			pp_buffer_append_string(out, "</td>");
		}
		pp_buffer_append_string(out, "</tr>\n");
	}
	pp_buffer_append_string(out, "</tbody></table></div>\n");
	pp_buffer_free(&heading);
}

static void
write_metric(pp_buffer *out, const report_series *series, size_t count,
    const render_options *options, bool first)
{
	metric_table t;

	(void)options;
	(void)first;
	metric_table_build(&t, series, count, false);
	write_metric_table(out, &t);
	metric_table_free(&t);
}

static void
write_finding(pp_buffer *out, jv finding, const render_options *options, bool recommendation)
{
	static const char *const classes[] = {"", "info", "warning", "critical", "emergency"};
	int rank = model_severity_rank(pp_aggregate_string(finding, "severity"));

	(void)options;
	pp_buffer_append_string(out, "<li>");
	if (!recommendation) {
		pp_buffer_printf(out, "<span class=\"sev-%s\">", classes[rank]);
		write_escaped_field(out, finding, "severity");
		pp_buffer_append_string(out, "</span> <em>");
		write_escaped_field(out, finding, "type");
		pp_buffer_append_string(out, model_is_regression(finding) ?
		    " (regression)</em>: " : "</em>: ");
	}
	write_escaped_field(out, finding, "message");
	pp_buffer_append_string(out, "</li>\n");
}

void
render_html(const report_model *model, const render_options *options, pp_buffer *out)
{
	alert_rows rows;

	alert_rows_build(model, &rows);
	write_head(out, options);
	write_header(out, model, &rows, options);
	write_cards(out, model);
	write_charts(out, model);
	write_pools(out, model, &rows);
	write_alerts(out, model, &rows);
	sections_metrics(out, model, options, "<section id=\"metrics\"><h2>Metrics</h2>\n",
	    "</section>\n", write_metric);
	sections_findings(out, model, options, false,
	    "<section id=\"findings\"><h2>Findings</h2><ul>\n", "</ul></section>\n",
	    write_finding);
	sections_findings(out, model, options, true,
	    "<section id=\"recommendations\"><h2>Recommendations</h2><ul>\n",
	    "</ul></section>\n", write_finding);
	pp_buffer_append_string(out, "</main>\n");
	if (options->live_page)
		pp_buffer_printf(out, "<script>%s</script>\n", scroll_script);
	pp_buffer_append_string(out, "</body>\n</html>\n");
	alert_rows_free(&rows);
}
