/*
 * model.h - the whole stream, collected for rendering.
 *
 * perf-report renders once, at the end of its input (or on each redraw
 * under --live), so it keeps what it will show: every aggregate, grouped
 * into series (name + sorted tags) and ordered by window start, every
 * finding and every alert.  Records stay jv objects: renderers pick the
 * fields they know and unknown fields cost nothing.  Points are only
 * counted; other kinds are counted and ignored.  Memory therefore grows
 * with the number of aggregates, findings and alerts, never with points.
 *
 * Order is deterministic whatever order the input had: series by name,
 * then tags (bytewise); windows by start, ties in input order; alerts
 * alert by alert (a rule on one series) by worst severity, then final
 * state (firing, pending, resolved), then first appearance, and each
 * alert's records in input order; findings in input order.
 */
#ifndef PERF_REPORT_MODEL_H
#define PERF_REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_aggregate.h"
#include "pp_buffer.h"
#include "pp_error.h"
#include "pp_record.h"
#include "pp_series_index.h"
#include "pp_tags.h"

/* One aggregate of a series, as renderers see it (borrowed from the
 * index: valid until the next model_add). */
typedef struct report_window {
	double start;		/* NAN for a whole-input aggregate without one */
	double end;
	jv aggregate;		/* the record as read */
	const pp_aggregate *parsed;
} report_window;

/* A view of one series of the index, rebuilt by model_finish. */
typedef struct report_series {
	const char *name;
	pp_tags tags;		/* borrowed from the index: not freed */
	jv tags_object;		/* the tags as a JSON object */
	const char *unit;	/* of the first window that has one; or NULL */
	report_window *windows;
	size_t count;
} report_series;

typedef struct report_model {
	pp_series_index index;	/* every aggregate, by series */
	report_series *series;	/* views, sorted by model_finish */
	size_t series_count;
	size_t aggregate_count;
	jv findings;		/* array, input order */
	jv alerts;		/* array, sorted by model_finish */
	jv alert_history;	/* the same records in input order, which
				 * tells an alert's final state (alerts.h) */
	unsigned long long points;
	unsigned long long others;
	unsigned long sequence;
	bool finished;
	/* Limits for a model that lives as long as a stream (--live); 0 is
	 * none.  Past them the oldest window of a series, the oldest finding
	 * and the oldest alert are forgotten. */
	size_t max_windows;
	size_t max_records;
	/* --timeframe seconds, or 0: a window that ended before the newest
	 * window's end minus timeframe is forgotten (whole-input windows,
	 * which have no time, are kept); a series left without windows is
	 * not shown. */
	double timeframe;
	double newest_end;	/* of any window added, or -inf */
	/* Findings below this model_severity_rank (--min-severity) are only
	 * counted, in findings_left_out; 0 keeps every finding. */
	int min_finding_severity;
	size_t findings_left_out;
} report_model;

void model_init(report_model *model);
void model_free(report_model *model);

/* Adds one record (not a point), taking ownership of record.  Returns
 * PP_OK, or PP_ERR_INVALID with error filled (record freed) when the
 * record lacks what a report needs: an aggregate that pp_aggregate_parse
 * refuses, a finding's message, an alert's name.  Whole-input aggregates
 * (no "start") are kept like any other. */
pp_status model_add(report_model *model, jv record, pp_error *error);

/* Sorts series, windows and alerts into report order.  Call before
 * rendering; adding again afterwards is allowed (--live) and needs another
 * call. */
void model_finish(report_model *model);

/* The first and last time the aggregates cover; false when there is none. */
bool model_span(const report_model *model, double *start, double *end);

/* The end of the metric that starts at series[first]: series[first..end)
 * share its name (series are sorted by name), the report's unit of a table. */
size_t model_metric_end(const report_model *model, size_t first);

/* Rank of a severity name: info 1, warning 2, critical 3, emergency 4,
 * anything else 0. */
int model_severity_rank(const char *severity);

/* Appends " (N below SEVERITY left out)" when --min-severity left
 * findings out, else nothing. */
void model_findings_left_out(const report_model *model, pp_buffer *out);

/* Whether a finding is a recommendation (rendered apart). */
bool model_is_recommendation(jv finding);
/* Whether a finding is a comparison whose verdict is "regression". */
bool model_is_regression(jv finding);

/* The verdict (PASS or FAIL) is in verdict.h, the alerts folded into one
 * row per alert in alerts.h. */

/* pp_record_number under the name render_html.c still calls it by; the
 * other renderers call pp_record_number.  (A string field:
 * pp_aggregate_string.) */
double model_number(jv object, const char *key);
/* A percentile of an aggregate ("p99"), or NAN (pp_aggregate_record_stat). */
double model_percentile(jv aggregate, const char *key);

/*
 * What a report shows of one series, over all its windows.  count, sum,
 * min and max are exact over the whole series and mean is sum / count;
 * a percentile cannot be combined exactly across windows, so each is the
 * highest value any window had (the worst window, which is what a report
 * after an incident needs); when every window carries a sketch (perf-
 * aggregate --accuracy), the sketches merge without loss and
 * period_percentiles holds each percentile over the whole series, within
 * period_accuracy (relative) of the exact value, else NAN; rate is the mean of the windows' rates; last
 * is the last window's.  trend holds one value per window of trend_stat:
 * p99 (or the highest percentile) for observations, rate for counters,
 * mean for gauges and whatever else has no type.  A ratio series (perf-
 * aggregate --ratio) has numerator and denominator summed over its windows
 * and ratio = numerator / denominator, NAN elsewhere.
 */
#define SUMMARY_PERCENTILES 4
typedef struct series_summary {
	size_t windows;
	double start, end;	/* first start, last end */
	double window_size;	/* of the first window, or NAN */
	double count, sum, mean, min, max, rate, last;
	bool sum_unknown;	/* a window's sum was null (overflowed): sum, mean NAN */
	double ratio, numerator, denominator;
	size_t percentile_count;
	const char *percentile_keys[SUMMARY_PERCENTILES];	/* "p50" */
	double percentiles[SUMMARY_PERCENTILES];	/* worst window */
	double period_percentiles[SUMMARY_PERCENTILES];	/* all windows */
	double period_accuracy;	/* of the merged sketch, or NAN */
	const char *type;	/* of the first window, or NULL */
	const char *trend_stat;	/* "p99", "mean", "rate", "last" */
	double *trend;		/* windows values, NAN where missing */
} series_summary;

/* The ratio over every window of the series named by record's "name" and
 * "tags" (an alert's or a finding's), with its parts; false when that
 * series is not a ratio in the model. */
bool model_record_ratio(const report_model *model, jv record, double *ratio,
    double *numerator, double *denominator);

/* Whether a window is one the data covers only in part ("partial": true,
 * at the edges of the input; perfpipe-stream(5)).  Its rate is over the
 * covered span, from few events: a trend leaves it out, so that the end
 * of the data never reads as a drop. */
bool model_window_partial(const report_window *window);

/* Whether a window is the whole input ("window": {"type": "all"}, from
 * perf-aggregate without --window): it has no place in time and no size. */
bool model_window_whole_input(const report_window *window);

/* Summarises series (which must outlive summary: keys are borrowed).  Its
 * trend is NaN at a partial window when the trend is of the rate. */
void model_summarise(const report_series *series, series_summary *summary);
void summary_free(series_summary *summary);
/* The value of stat ("mean", "p99", "ratio") in one aggregate, or NAN:
 * pp_aggregate_record_stat. */
double model_stat(jv aggregate, const char *stat);

#endif
