/*
 * model.c - collecting the stream into series, findings and alerts.  See
 * model.h for what is kept and in which order.
 *
 * Series are found by a linear probe of a sorted array with binary
 * search: a report holds tens to thousands of series, and keeping the
 * array sorted as it grows means rendering needs no extra pass.  Windows
 * usually arrive in time order, so they are appended and sorted once, by
 * model_finish, only when one arrived out of order.
 */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_quantile.h"
#include "pp_sketch.h"

void
model_init(report_model *model)
{
	memset(model, 0, sizeof(*model));
	model->findings = jv_array();
	model->alerts = jv_array();
	model->alert_history = jv_array();
}

static void
series_free(report_series *series)
{
	size_t i;

	for (i = 0; i < series->count; i++)
		jv_free(series->windows[i].aggregate);
	free(series->windows);
	free(series->name);
	free(series->key);
	pp_tags_free(&series->tags);
	jv_free(series->tags_object);
}

void
model_free(report_model *model)
{
	size_t i;

	for (i = 0; i < model->series_count; i++)
		series_free(&model->series[i]);
	free(model->series);
	jv_free(model->findings);
	jv_free(model->alerts);
	jv_free(model->alert_history);
	memset(model, 0, sizeof(*model));
}

double
model_number(jv object, const char *key)
{
	jv value = jv_object_get(jv_copy(object), jv_string(key));
	double number = NAN;

	if (jv_get_kind(value) == JV_KIND_NUMBER)
		number = jv_number_value(value);
	jv_free(value);
	return number;
}

const char *
model_string(jv object, const char *key)
{
	jv value = jv_object_get(jv_copy(object), jv_string(key));
	const char *string = NULL;

	/* The object keeps its own reference, so the bytes outlive value. */
	if (jv_get_kind(value) == JV_KIND_STRING)
		string = jv_string_value(value);
	jv_free(value);
	return string;
}

double
model_percentile(jv aggregate, const char *key)
{
	jv percentiles = jv_object_get(jv_copy(aggregate), jv_string("percentiles"));
	double number = NAN;

	if (jv_get_kind(percentiles) == JV_KIND_OBJECT)
		number = model_number(percentiles, key);
	jv_free(percentiles);
	return number;
}

static const char *const severity_names[] = {"info", "warning", "critical",
	"emergency"};

int
model_severity_rank(const char *severity)
{
	int i;

	for (i = 0; severity != NULL && i < 4; i++)
		if (strcmp(severity, severity_names[i]) == 0)
			return i + 1;
	return 0;
}

void
model_findings_left_out(const report_model *model, pp_buffer *out)
{
	if (model->findings_left_out == 0 || model->min_finding_severity < 1 ||
	    model->min_finding_severity > 4)
		return;
	pp_buffer_printf(out, " (%zu below %s left out)", model->findings_left_out,
	    severity_names[model->min_finding_severity - 1]);
}

static int
compare_keys(const char *a, size_t a_length, const char *b, size_t b_length)
{
	int order = memcmp(a, b, a_length < b_length ? a_length : b_length);

	if (order != 0)
		return order;
	return (a_length > b_length) - (a_length < b_length);
}

/* The series for name and tags, created in its sorted place if new. */
static report_series *
find_series(report_model *model, const char *name, const pp_tags *tags, jv tags_object)
{
	pp_buffer key = PP_BUFFER_INIT;
	size_t low = 0, high = model->series_count;
	report_series *series;

	pp_series_key(&key, name, tags);
	while (low < high) {
		size_t middle = low + (high - low) / 2;
		report_series *probe = &model->series[middle];
		int order = compare_keys(probe->key, probe->key_length, key.data, key.length);

		if (order == 0) {
			pp_buffer_free(&key);
			return probe;
		}
		if (order < 0)
			low = middle + 1;
		else
			high = middle;
	}
	if (model->series_count == model->series_capacity) {
		model->series_capacity = model->series_capacity ? 2 * model->series_capacity : 16;
		model->series = pp_xrealloc(model->series,
		    model->series_capacity * sizeof(*model->series));
	}
	memmove(&model->series[low + 1], &model->series[low],
	    (model->series_count - low) * sizeof(*model->series));
	model->series_count++;
	series = &model->series[low];
	memset(series, 0, sizeof(*series));
	series->name = pp_strndup(name, strlen(name));
	series->tags = pp_tags_clone(tags);
	series->tags_object = jv_copy(tags_object);
	series->key = pp_xmalloc(key.length + 1);
	memcpy(series->key, key.data, key.length + 1);
	series->key_length = key.length;
	pp_buffer_free(&key);
	return series;
}

static void
series_append(report_series *series, report_window window)
{
	if (series->count == series->capacity) {
		series->capacity = series->capacity ? 2 * series->capacity : 8;
		series->windows = pp_xrealloc(series->windows,
		    series->capacity * sizeof(*series->windows));
	}
	series->windows[series->count++] = window;
	if (series->unit == NULL)
		series->unit = model_string(window.aggregate, "unit");
}

/* Drops the window that starts first (windows are not sorted yet). */
static void
forget_oldest_window(report_model *model, report_series *series)
{
	size_t oldest = 0, i;

	for (i = 1; i < series->count; i++)
		if (series->windows[i].start < series->windows[oldest].start)
			oldest = i;
	jv_free(series->windows[oldest].aggregate);
	memmove(&series->windows[oldest], &series->windows[oldest + 1],
	    (series->count - oldest - 1) * sizeof(*series->windows));
	series->count--;
	model->aggregate_count--;
	/* the unit may have been borrowed from the window just freed */
	series->unit = model_string(series->windows[0].aggregate, "unit");
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

static pp_status
add_aggregate(report_model *model, jv record, pp_error *error)
{
	const char *name = model_string(record, "name");
	jv tags_object = jv_object_get(jv_copy(record), jv_string("tags"));
	pp_tags tags = PP_TAGS_INIT;
	report_window window;
	pp_status status = PP_OK;

	/* absent or null: no tags, as perf-alert and perf-analyze read it */
	if (jv_get_kind(tags_object) == JV_KIND_NULL || !jv_is_valid(tags_object)) {
		jv_free(tags_object);
		tags_object = jv_object();
	}
	window.start = model_number(record, "start");
	window.end = model_number(record, "end");
	if (name == NULL)
		status = pp_error_set(error, PP_ERR_INVALID, "aggregate without a \"name\" string");
	else if (!isfinite(window.start))
		status = pp_error_set(error, PP_ERR_INVALID, "aggregate without a \"start\" number");
	else if (jv_get_kind(tags_object) != JV_KIND_OBJECT)
		status = pp_error_set(error, PP_ERR_INVALID, "\"tags\" is not an object");
	else
		status = pp_tags_from_jv(tags_object, &tags, error);
	if (status == PP_OK) {
		report_series *series = find_series(model, name, &tags, tags_object);

		if (!isfinite(window.end))
			window.end = window.start;
		window.sequence = model->sequence++;
		window.aggregate = record;
		series_append(series, window);
		model->aggregate_count++;
		if (model->max_windows > 0 && series->count > model->max_windows)
			forget_oldest_window(model, series);
		model->finished = false;
	} else {
		jv_free(record);
	}
	pp_tags_free(&tags);
	jv_free(tags_object);
	return status;
}

pp_status
model_add(report_model *model, jv record, pp_error *error)
{
	const char *kind = model_string(record, "kind");

	if (kind != NULL && strcmp(kind, "aggregate") == 0)
		return add_aggregate(model, record, error);
	if (kind != NULL && strcmp(kind, "finding") == 0) {
		if (model_string(record, "message") == NULL) {
			jv_free(record);
			return pp_error_set(error, PP_ERR_INVALID,
			    "finding without a \"message\" string");
		}
		if (model_severity_rank(model_string(record, "severity")) <
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
		if (model_string(record, "name") == NULL) {
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

static int
compare_windows(const void *a, const void *b)
{
	const report_window *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->sequence > y->sequence) - (x->sequence < y->sequence);
}

static int
state_rank(const char *state)
{
	if (state == NULL)
		return 3;
	if (strcmp(state, "firing") == 0)
		return 0;
	if (strcmp(state, "pending") == 0)
		return 1;
	if (strcmp(state, "resolved") == 0)
		return 2;
	return 3;
}

typedef struct ranked_alert {
	jv record;
	int position;		/* in the current array: keeps the sort stable */
} ranked_alert;

static int
compare_alerts(const void *a, const void *b)
{
	const ranked_alert *x = a, *y = b;
	int order;

	order = model_severity_rank(model_string(y->record, "severity")) -
	    model_severity_rank(model_string(x->record, "severity"));
	if (order == 0)
		order = state_rank(model_string(x->record, "state")) -
		    state_rank(model_string(y->record, "state"));
	if (order == 0)
		order = x->position - y->position;
	return order;
}

/* Sorts the alerts.  Sorting an already sorted array changes nothing, so
 * under --live the alerts that came first stay first among equals. */
static void
sort_alerts(report_model *model)
{
	int count = jv_array_length(jv_copy(model->alerts)), i;
	ranked_alert *items = pp_xcalloc((size_t)count + 1, sizeof(*items));
	jv sorted = jv_array();

	for (i = 0; i < count; i++) {
		items[i].record = jv_array_get(jv_copy(model->alerts), i);
		items[i].position = i;
	}
	qsort(items, (size_t)count, sizeof(*items), compare_alerts);
	for (i = 0; i < count; i++)
		sorted = jv_array_append(sorted, items[i].record);
	free(items);
	jv_free(model->alerts);
	model->alerts = sorted;
}

void
model_finish(report_model *model)
{
	size_t i;

	if (model->finished)
		return;
	for (i = 0; i < model->series_count; i++)
		qsort(model->series[i].windows, model->series[i].count,
		    sizeof(report_window), compare_windows);
	sort_alerts(model);
	model->finished = true;
}

bool
model_span(const report_model *model, double *start, double *end)
{
	size_t i, j;
	bool any = false;

	for (i = 0; i < model->series_count; i++)
		for (j = 0; j < model->series[i].count; j++) {
			const report_window *window = &model->series[i].windows[j];

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
	if (stat[0] == 'p' && stat[1] >= '0' && stat[1] <= '9')
		return model_percentile(aggregate, stat);
	return model_number(aggregate, stat);
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

static double
add_or_start(double total, double value)
{
	if (isnan(value))
		return total;
	return isnan(total) ? value : total + value;
}

static const char *
choose_trend_stat(const series_summary *summary)
{
	const char *type = summary->type;

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

static void
summarise_window(jv aggregate, series_summary *summary, double *rate_total,
    size_t *rates)
{
	double value;
	size_t i;

	if (summary->percentile_count == 0)
		take_percentile_keys(aggregate, summary);
	summary->count = add_or_start(summary->count, model_number(aggregate, "count"));
	summary->sum = add_or_start(summary->sum, model_number(aggregate, "sum"));
	value = model_number(aggregate, "min");
	if (!isnan(value) && !(value >= summary->min))
		summary->min = value;
	value = model_number(aggregate, "max");
	if (!isnan(value) && !(value <= summary->max))
		summary->max = value;
	value = model_number(aggregate, "rate");
	if (!isnan(value)) {
		*rate_total += value;
		(*rates)++;
	}
	value = model_number(aggregate, "last");
	if (!isnan(value))
		summary->last = value;
	for (i = 0; i < summary->percentile_count; i++) {
		value = model_percentile(aggregate, summary->percentile_keys[i]);
		if (!isnan(value) && !(value <= summary->percentiles[i]))
			summary->percentiles[i] = value;
	}
}

/* The merge of every window's sketch, or NULL when a window has none or
 * they do not merge (different accuracies). */
static pp_sketch *
merge_window_sketches(const report_series *series)
{
	pp_sketch *merged = NULL;
	size_t i;

	for (i = 0; i < series->count; i++)
		if (!pp_sketch_accumulate(&merged, series->windows[i].aggregate))
			return NULL;
	return merged;
}

/* value within [low, high] when those are known: every value of a series
 * is, and a sketch's estimate may stray past by its accuracy. */
static double
clamp(double value, double low, double high)
{
	if (value < low)
		return low;
	return value > high ? high : value;
}

/* Fills period_percentiles from the merged sketches, when there are
 * (after min and max are known). */
static void
summarise_period(const report_series *series, series_summary *summary)
{
	pp_sketch *merged = merge_window_sketches(series);
	pp_percentile percentile;
	pp_error error;
	size_t i;

	summary->period_accuracy = NAN;
	for (i = 0; i < SUMMARY_PERCENTILES; i++)
		summary->period_percentiles[i] = NAN;
	if (merged == NULL || merged->count == 0) {
		pp_sketch_free(merged);
		return;
	}
	summary->period_accuracy = merged->accuracy;
	for (i = 0; i < summary->percentile_count; i++)
		if (summary->percentile_keys[i][0] == 'p' &&
		    pp_percentile_parse(summary->percentile_keys[i] + 1, &percentile,
		    &error) == PP_OK)
			summary->period_percentiles[i] = clamp(pp_sketch_value_at_rank(merged,
			    pp_percentile_rank(&percentile, merged->count)),
			    summary->min, summary->max);
	pp_sketch_free(merged);
}

void
model_summarise(const report_series *series, series_summary *summary)
{
	double rate_total = 0, mean_total = 0;
	size_t rates = 0, means = 0, i;

	memset(summary, 0, sizeof(*summary));
	summary->windows = series->count;
	summary->count = summary->sum = summary->min = summary->max = NAN;
	summary->rate = summary->last = summary->mean = summary->window_size = NAN;
	summary->start = series->windows[0].start;
	summary->end = series->windows[0].end;
	summary->type = model_string(series->windows[0].aggregate, "type");
	summary->window_size = series->windows[0].end - series->windows[0].start;
	for (i = 0; i < series->count; i++) {
		jv aggregate = series->windows[i].aggregate;
		double mean = model_number(aggregate, "mean");

		summarise_window(aggregate, summary, &rate_total, &rates);
		if (!isnan(mean)) {
			mean_total += mean;
			means++;
		}
		summary->end = fmax(summary->end, series->windows[i].end);
	}
	if (!isnan(summary->sum) && summary->count > 0)
		summary->mean = summary->sum / summary->count;
	else if (means > 0)
		summary->mean = mean_total / (double)means;
	/* the rate of a level means nothing: only events have one */
	if (rates > 0 && (summary->type == NULL || strcmp(summary->type, "gauge") != 0))
		summary->rate = rate_total / (double)rates;
	summarise_period(series, summary);
	summary->trend_stat = choose_trend_stat(summary);
	summary->trend = pp_xcalloc(series->count + 1, sizeof(double));
	for (i = 0; i < series->count; i++)
		summary->trend[i] = model_stat(series->windows[i].aggregate, summary->trend_stat);
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
	const char *text = model_string(record, key);

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

