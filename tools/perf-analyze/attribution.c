/*
 * attribution.c - the "attribution" findings.  See attribution.h.
 *
 * Two measures per metric, each over the total of the metric's finer
 * series per window:
 *   - p95 of a latency (a timer, or a unit of time), when every aggregate
 *     carries a sketch (perf-aggregate --accuracy): the requests above the before period's p95 (from the
 *     merged sketches) are an additive measure, "the excess tail"; each
 *     value's expected figure is its before count above that latency,
 *     scaled to the length of the after period;
 *   - the error rate, when the series have a "status" tag: errors (a
 *     status 5xx or "error") over requests, a ratio, attributed with the
 *     derived-measure formulas over every dimension but status itself.
 * Episodes are the level shifts pp_detect_anomalies finds in the total's
 * series (as the anomaly findings do, with --sensitivity and
 * --min-samples): before is the windows since the previous shift (or the
 * start), after the windows until the next one (or the end).  A measure
 * without a level shift but with a degrading trend (trend_of_values) is
 * one episode: its first third of the windows against its last third.  A
 * run of spikes of the total that goes the bad way and is an anomaly
 * episode of its own (anomaly_episodes: no level shift takes it in) is
 * one too: its windows against the other windows of its level segment;
 * the windows of such runs are left out of the periods of the shifts and
 * the trend, so that none is explained twice.  Each
 * dimension whose explanation passes the thresholds gives one finding,
 * ranked by surprise.  A comparison is one episode: the metric is built
 * from the baseline's aggregates, then the candidate's, as windows that
 * follow each other whatever their times, and the change is at the
 * candidate's first window.
 */
#include "attribution.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "pp_anomaly.h"
#include "pp_attribution.h"
#include "pp_buffer.h"
#include "pp_quantile.h"
#include "pp_time.h"

enum { HALF_WINDOW = 8 };

void
attribution_store_free(attribution_store *store)
{
	size_t i;

	for (i = 0; i < store->count; i++)
		pp_aggregate_free(&store->items[i]);
	free(store->items);
	memset(store, 0, sizeof(*store));
}

void
attribution_add(attribution_store *store, jv record)
{
	pp_aggregate a;

	if (pp_aggregate_parse(jv_copy(record), &a, NULL) != PP_OK)
		return;
	if (a.tags.count == 0 || isnan(a.start) || !(a.count > 0)) {
		pp_aggregate_free(&a);
		return;
	}
	if (store->count == store->capacity) {
		store->capacity = store->capacity ? store->capacity * 2 : 64;
		store->items = pp_xrealloc(store->items,
		    store->capacity * sizeof(*store->items));
	}
	store->items[store->count++] = a;
}

/* One metric: its aggregates (pointers into the store), the sorted
 * distinct window starts, and each aggregate's window. */
typedef struct metric {
	const char *name;
	const char *unit;
	const pp_aggregate **parts;
	size_t *window;
	size_t count;
	double *starts;
	size_t windows;
	bool sketches;		/* every part has one */
	bool latency;		/* a timer, or in a unit of time */
	bool has_status;
	size_t side_end[2];	/* a side's windows end here */
} metric;

/* Which parts count: windows [from, to) but those skip marks (none when
 * skip is NULL), and tag key = value (any when key is NULL). */
typedef struct selection {
	size_t from, to;
	const char *key, *value;
	const bool *skip;
} selection;

static bool
selected(const metric *m, size_t i, const selection *s)
{
	const char *v;

	if (m->window[i] < s->from || m->window[i] >= s->to)
		return false;
	if (s->skip != NULL && s->skip[m->window[i]])
		return false;
	if (s->key == NULL)
		return true;
	v = pp_tags_get(&m->parts[i]->tags, s->key);
	return strcmp(v ? v : "", s->value) == 0;
}

static bool
is_error(const pp_aggregate *a)
{
	const char *status = pp_tags_get(&a->tags, "status");

	if (status == NULL)
		return false;
	return strcmp(status, "error") == 0 ||
	    (status[0] == '5' && strlen(status) == 3);
}

/* The merge of the selected parts, and their errors. */
static void
merge(const metric *m, const selection *s, pp_aggregate_merge *out, double *errors)
{
	size_t i;

	pp_aggregate_merge_init(out);
	*errors = 0.0;
	for (i = 0; i < m->count; i++)
		if (selected(m, i, s)) {
			pp_aggregate_merge_add(out, m->parts[i]);
			if (is_error(m->parts[i]))
				*errors += m->parts[i]->count;
		}
}

/* How many values of the sketch lie above x (those in x's bucket count
 * as below), by bisection on the ranks. */
static double
count_above(const pp_sketch *sketch, double x)
{
	uint64_t low = 0, high;

	if (sketch == NULL || sketch->count == 0)
		return 0.0;
	high = sketch->count;	/* invariant: rank low <= x, rank high+1 > x */
	if (pp_sketch_value_at_rank(sketch, high) <= x)
		return 0.0;
	high--;
	while (low < high) {
		uint64_t middle = low + (high - low + 1) / 2;

		if (pp_sketch_value_at_rank(sketch, middle) <= x)
			low = middle;
		else
			high = middle - 1;
	}
	return (double)(sketch->count - low);
}

/* The index of start among the sorted window starts [from, to). */
static size_t
window_of(const metric *m, size_t from, size_t to, double start)
{
	size_t low = from, high = to;

	while (low < high) {
		size_t middle = low + (high - low) / 2;

		if (m->starts[middle] < start)
			low = middle + 1;
		else
			high = middle;
	}
	return low;
}

/* Whether the aggregate's p95 is a latency (what perf-analyze analyses by
 * default as p95): a timer, histogram or summary, or a unit of time. */
static bool
is_latency(const pp_aggregate *a)
{
	pp_point_type type;
	bool typed = a->type != NULL && pp_point_type_parse(a->type, &type, NULL) == PP_OK;

	return strcmp(series_default_stat(typed ? type : PP_TYPE_GAUGE, typed, a->unit,
	    false), "p95") == 0;
}

/* Adds the aggregates of metric name in store to m, as windows after the
 * ones m holds: a comparison's candidate follows its baseline even when
 * both cover the same times. */
static void
metric_add_side(metric *m, const attribution_store *store)
{
	size_t i, n = 0, first_part = m->count, first_window = m->windows;

	for (i = 0; i < store->count; i++)
		if (strcmp(store->items[i].name, m->name) == 0) {
			const pp_aggregate *a = &store->items[i];

			m->parts[m->count++] = a;
			m->starts[first_window + n++] = a->start;
			m->sketches = m->sketches && a->has_sketch;
			m->latency = m->latency || is_latency(a);
			m->has_status = m->has_status ||
			    pp_tags_get(&a->tags, "status") != NULL;
			if (m->unit == NULL)
				m->unit = a->unit;
		}
	qsort(m->starts + first_window, n, sizeof(double), pp_compare_doubles);
	for (i = first_window; i < first_window + n; i++)
		if (m->windows == first_window || m->starts[m->windows - 1] != m->starts[i])
			m->starts[m->windows++] = m->starts[i];
	for (i = first_part; i < m->count; i++)
		m->window[i] = window_of(m, first_window, m->windows, m->parts[i]->start);
}

/* The metric of that name over the stores, one after the other; sides is
 * 1 (a stream) or 2 (a comparison). */
static void
metric_init(metric *m, const attribution_store *const *stores, size_t sides,
    const char *name)
{
	size_t side, total = 0;

	memset(m, 0, sizeof(*m));
	for (side = 0; side < sides; side++)
		total += stores[side]->count;
	m->name = name;
	m->parts = pp_xcalloc(total + 1, sizeof(*m->parts));
	m->window = pp_xcalloc(total + 1, sizeof(*m->window));
	m->starts = pp_xcalloc(total + 1, sizeof(*m->starts));
	m->sketches = true;
	for (side = 0; side < sides; side++) {
		metric_add_side(m, stores[side]);
		m->side_end[side] = m->windows;
	}
}

static void
metric_free(metric *m)
{
	free(m->parts);
	free(m->window);
	free(m->starts);
}

/* The distinct values of tag key among the parts ("" when absent), in
 * order of first appearance; the caller frees the array. */
static const char **
values_of(const metric *m, const char *key, size_t *count)
{
	const char **values = pp_xcalloc(m->count + 1, sizeof(*values));
	size_t i, j;

	*count = 0;
	for (i = 0; i < m->count; i++) {
		const char *v = pp_tags_get(&m->parts[i]->tags, key);

		v = v ? v : "";
		for (j = 0; j < *count && strcmp(values[j], v) != 0; j++)
			;
		if (j == *count)
			values[(*count)++] = v;
	}
	return values;
}

/* The distinct tag keys of the parts; the caller frees the array. */
static const char **
keys_of(const metric *m, size_t *count)
{
	const char **keys = NULL;
	size_t i, k, j, capacity = 0;

	*count = 0;
	for (i = 0; i < m->count; i++)
		for (k = 0; k < m->parts[i]->tags.count; k++) {
			const char *key = m->parts[i]->tags.items[k].key;

			for (j = 0; j < *count && strcmp(keys[j], key) != 0; j++)
				;
			if (j < *count)
				continue;
			if (*count == capacity) {
				capacity = capacity ? capacity * 2 : 8;
				keys = pp_xrealloc(keys, capacity * sizeof(*keys));
			}
			keys[(*count)++] = key;
		}
	return keys;
}

typedef enum measure { MEASURE_P95, MEASURE_ERROR_RATE } measure;

/* What made an episode: a level shift of the total, compare's judgement
 * that it regressed, a degrading trend without a level shift, or a run of
 * spikes of the total. */
typedef enum episode_origin {
	ORIGIN_LEVEL_SHIFT, ORIGIN_COMPARISON, ORIGIN_TREND, ORIGIN_SPIKE
} episode_origin;

/* An episode: before is windows [from, before_end) but those skip_before
 * marks, after [change, to) but those skip_after marks (NULL: none); at a
 * level shift before_end is the change; in a comparison, before is the
 * baseline's windows and after the candidate's; in a trend, before is the
 * first third of the windows and after the last third; at a spike,
 * [from, before_end) is the spike's level segment, whose spike windows
 * skip_before marks, and after the spike's windows. */
typedef struct episode {
	measure kind;
	size_t from, before_end, change, to;
	const bool *skip_before, *skip_after;
	double before, after;		/* the total's p95 or error rate */
	double threshold;		/* p95: the before p95 */
	double tail_before, tail_after;	/* p95: requests above it */
	episode_origin origin;
	attribution_verdict verdict;	/* of a comparison or a trend */
} episode;

/* Per value of a dimension: what the sentence and the record show. */
typedef struct figures {
	const char *value;
	double traffic_before, traffic_after;	/* requests */
	double before, after;	/* above the threshold, or errors (unscaled) */
} figures;

static const figures *
figures_of(const figures *f, size_t n, const char *value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].value == value)
			return &f[i];
	return NULL;
}

/* The selections of an episode's periods, of tag key = value (any when
 * key is NULL). */
static selection
before_of(const episode *e, const char *key, const char *value)
{
	return (selection){e->from, e->before_end, key, value, e->skip_before};
}

static selection
after_of(const episode *e, const char *key, const char *value)
{
	return (selection){e->change, e->to, key, value, e->skip_after};
}

/* How many windows a selection spans. */
static size_t
windows_in(const selection *s)
{
	size_t w, n = 0;

	for (w = s->from; w < s->to; w++)
		n += s->skip == NULL || !s->skip[w];
	return n;
}

/* Fills the table of dimension key for the episode. */
static void
dimension_table(const metric *m, const episode *e, const char *key,
    const char **names, size_t n, pp_attribution_value *values, figures *f)
{
	selection all_before = before_of(e, NULL, NULL), all_after = after_of(e, NULL, NULL);
	double scale = (double)windows_in(&all_after) / (double)windows_in(&all_before);
	size_t i;

	for (i = 0; i < n; i++) {
		selection before = before_of(e, key, names[i]);
		selection after = after_of(e, key, names[i]);
		pp_aggregate_merge mb, ma;
		double errors_before, errors_after;

		merge(m, &before, &mb, &errors_before);
		merge(m, &after, &ma, &errors_after);
		f[i].value = names[i];
		f[i].traffic_before = isfinite(mb.count) ? mb.count : 0.0;
		f[i].traffic_after = isfinite(ma.count) ? ma.count : 0.0;
		values[i] = (pp_attribution_value){names[i], 0, 0, 0, 0, NAN, NAN};
		if (e->kind == MEASURE_P95) {
			f[i].before = count_above(mb.sketch, e->threshold);
			f[i].after = count_above(ma.sketch, e->threshold);
			values[i].before = f[i].before * scale;
			values[i].after = f[i].after;
		} else {
			f[i].before = errors_before;
			f[i].after = errors_after;
			values[i].before = errors_before * scale;
			values[i].after = errors_after;
			values[i].before_base = f[i].traffic_before * scale;
			values[i].after_base = f[i].traffic_after;
		}
		pp_aggregate_merge_free(&mb);
		pp_aggregate_merge_free(&ma);
	}
}

static void
format_share(char *text, size_t size, double part, double whole)
{
	format_ratio(text, size, whole > 0.0 ? part / whole : 0.0);
}

/* "path=/a" or "path=/a and path=/b" or "path=/a, path=/b and path=/c" */
static void
append_values(pp_buffer *b, const char *key, const pp_attribution_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pp_buffer_printf(b, "%s%s=%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    key, v[i].value);
}

/* The end of window w: the latest end of its parts, else the next
 * window's start, else NAN. */
static double
window_end(const metric *m, size_t w)
{
	double end = NAN;
	size_t i;

	for (i = 0; i < m->count; i++)
		if (m->window[i] == w && isfinite(m->parts[i]->end) &&
		    !(m->parts[i]->end <= end))
			end = m->parts[i]->end;
	if (isnan(end) && w + 1 < m->windows)
		end = m->starts[w + 1];
	return end;
}

static char *
sentence(const metric *m, const episode *e, const char *key,
    const pp_attribution_value *v, size_t chosen, const figures *f, size_t n)
{
	pp_buffer b = PP_BUFFER_INIT;
	char before[64], after[64], split[64], end[64], when[192], change[64];
	char s1[16], s2[16], s3[16];
	double part = 0, part_before = 0, traffic = 0, traffic_before = 0;
	double all_after = 0, all_before = 0, all_traffic = 0, all_traffic_before = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		all_after += f[i].after;
		all_before += f[i].before;
		all_traffic += f[i].traffic_after;
		all_traffic_before += f[i].traffic_before;
	}
	for (i = 0; i < chosen; i++) {
		const figures *g = figures_of(f, n, v[i].value);

		part += g->after;
		part_before += g->before;
		traffic += g->traffic_after;
		traffic_before += g->traffic_before;
	}
	pp_time_format_rfc3339(m->starts[e->change], split, sizeof(split));
	if (e->origin == ORIGIN_COMPARISON)
		snprintf(when, sizeof(when), "from the baseline to the candidate");
	else if (e->origin == ORIGIN_TREND)
		snprintf(when, sizeof(when), "from the first third of a degrading trend "
		    "to the last (from %s)", split);
	else if (e->origin == ORIGIN_SPIKE) {
		pp_time_format_rfc3339(window_end(m, e->to - 1), end, sizeof(end));
		snprintf(when, sizeof(when), "in a spike from %s to %s", split, end);
	} else
		snprintf(when, sizeof(when), "from %s", split);
	if (e->kind == MEASURE_P95) {
		format_value(before, sizeof(before), e->before, m->unit);
		format_value(after, sizeof(after), e->after, m->unit);
	} else {
		format_ratio(before, sizeof(before), e->before);
		format_ratio(after, sizeof(after), e->after);
	}
	/* "rose 118%", or "rose" alone from 0 (no relative change) */
	format_percent(change, sizeof(change), e->after / e->before - 1.0);
	pp_buffer_printf(&b, "%s %s %s%s%s (%s → %s) %s; ", m->name,
	    e->kind == MEASURE_P95 ? "p95" : "error rate",
	    e->after >= e->before ? "rose" : "fell",
	    isfinite(e->after / e->before) ? " " : "",
	    isfinite(e->after / e->before) ? change + 1 : "", before, after, when);
	append_values(&b, key, v, chosen);
	format_share(s1, sizeof(s1), part, all_after);
	format_share(s2, sizeof(s2), traffic, all_traffic);
	format_share(s3, sizeof(s3), traffic_before, all_traffic_before);
	if (e->kind == MEASURE_P95) {
		format_value(before, sizeof(before), e->threshold, m->unit);
		pp_buffer_printf(&b, " %s %s of the requests above %s (%s of traffic, %s "
		    "before)", chosen == 1 ? "holds" : "hold", s1, before, s2, s3);
	} else {
		char s4[16];

		format_share(s4, sizeof(s4), part_before, all_before);
		pp_buffer_printf(&b, " %s %s of the errors (%s before) and %s of traffic "
		    "(%s before)", chosen == 1 ? "has" : "have", s1, s4, s2, s3);
	}
	pp_buffer_append_string(&b, ".");
	return b.data;
}

static jv
breakdown(const episode *e, const pp_attribution_value *v, size_t n,
    const figures *f)
{
	jv list = jv_array();
	size_t i;

	for (i = 0; i < n; i++) {
		const figures *g = figures_of(f, n, v[i].value);
		jv item = jv_object();

		item = jv_object_set(item, jv_string("value"), jv_string(v[i].value));
		item = jv_object_set(item, jv_string("explanatory_power"),
		    jv_number(v[i].explanatory_power));
		item = jv_object_set(item, jv_string("surprise"), jv_number(v[i].surprise));
		item = jv_object_set(item, jv_string("requests_before"),
		    jv_number(g->traffic_before));
		item = jv_object_set(item, jv_string("requests_after"),
		    jv_number(g->traffic_after));
		item = jv_object_set(item, jv_string(e->kind == MEASURE_P95 ?
		    "above_before" : "errors_before"), jv_number(g->before));
		item = jv_object_set(item, jv_string(e->kind == MEASURE_P95 ?
		    "above_after" : "errors_after"), jv_number(g->after));
		list = jv_array_append(list, item);
	}
	return list;
}

static jv
finding(const metric *m, const episode *e, const char *key, pp_attribution_value *v,
    size_t chosen, size_t n, const figures *f, double ep, double surprise)
{
	char *message = sentence(m, e, key, v, chosen, f, n);
	bool worse = e->origin != ORIGIN_LEVEL_SHIFT || e->after > e->before;
	jv record = finding_new("attribution", m->name, jv_object(),
	    worse ? "warning" : "info", message);
	jv names = jv_array();
	size_t i;

	free(message);
	for (i = 0; i < chosen; i++)
		names = jv_array_append(names, jv_string(v[i].value));
	record = jv_object_set(record, jv_string("stat"),
	    jv_string(e->kind == MEASURE_P95 ? "p95" : "error_rate"));
	if (m->unit != NULL && e->kind == MEASURE_P95)
		record = jv_object_set(record, jv_string("unit"), jv_string(m->unit));
	record = jv_object_set(record, jv_string("ts"), jv_number(m->starts[e->change]));
	if (e->origin != ORIGIN_COMPARISON)
		record = jv_object_set(record, jv_string("since"),
		    jv_number(m->starts[e->from]));
	if (e->origin == ORIGIN_LEVEL_SHIFT && e->to < m->windows)
		record = jv_object_set(record, jv_string("until"),
		    jv_number(m->starts[e->to]));
	if (e->origin == ORIGIN_SPIKE) {
		double until = window_end(m, e->to - 1);

		if (isfinite(until))
			record = jv_object_set(record, jv_string("until"), jv_number(until));
		record = jv_object_set(record, jv_string("anomaly"), jv_string("spike"));
		record = jv_object_set(record, jv_string("windows"),
		    jv_number((double)(e->to - e->change)));
	}
	record = jv_object_set(record, jv_string("dimension"), jv_string(key));
	record = jv_object_set(record, jv_string("values"), names);
	record = jv_object_set(record, jv_string("explanatory_power"), jv_number(ep));
	record = jv_object_set(record, jv_string("surprise"), jv_number(surprise));
	record = jv_object_set(record, jv_string("before"), jv_number(e->before));
	record = jv_object_set(record, jv_string("after"), jv_number(e->after));
	if (e->kind == MEASURE_P95)
		record = jv_object_set(record, jv_string("threshold"),
		    jv_number(e->threshold));
	if (e->origin == ORIGIN_TREND)
		record = jv_object_set(record, jv_string("trend"), jv_string("degrading"));
	if (e->origin == ORIGIN_COMPARISON || e->origin == ORIGIN_TREND) {
		record = jv_object_set(record, jv_string("change"),
		    jv_number(e->verdict.change));
		record = jv_object_set(record, jv_string("p_value"),
		    jv_number(e->verdict.p_value));
	}
	return jv_object_set(record, jv_string("breakdown"), breakdown(e, v, n, f));
}

/* A dimension's explanation, kept until the dimensions are ranked. */
typedef struct explained {
	double surprise;
	jv record;
} explained;

static int
by_surprise(const void *a, const void *b)
{
	const explained *x = a, *y = b;

	return (x->surprise < y->surprise) - (x->surprise > y->surprise);
}

static void
explain_episode(const analysis_options *options, const metric *m, const episode *e,
    jv *findings)
{
	size_t key_count, k, done = 0, n, chosen, i;
	const char **keys = keys_of(m, &key_count);
	explained *found = pp_xcalloc(key_count + 1, sizeof(*found));

	for (k = 0; k < key_count; k++) {
		const char **names;
		pp_attribution_value *values;
		figures *f;
		double ep, surprise;

		if (e->kind == MEASURE_ERROR_RATE && strcmp(keys[k], "status") == 0)
			continue;	/* errors are made of it */
		names = values_of(m, keys[k], &n);
		values = pp_xcalloc(n, sizeof(*values));
		f = pp_xcalloc(n, sizeof(*f));
		dimension_table(m, e, keys[k], names, n, values, f);
		if (pp_attribution_score(values, n, e->kind == MEASURE_ERROR_RATE,
		    NULL) == PP_OK &&
		    (chosen = pp_attribution_explain(values, n, &options->attribution,
		    &ep, &surprise)) > 0) {
			found[done].surprise = surprise;
			found[done++].record = finding(m, e, keys[k], values, chosen, n, f,
			    ep, surprise);
		}
		free(values);
		free(f);
		free(names);
	}
	qsort(found, done, sizeof(*found), by_surprise);
	for (i = 0; i < done; i++)
		*findings = jv_array_append(*findings, jv_object_set(found[i].record,
		    jv_string("rank"), jv_number((double)(i + 1))));
	free(found);
	free(keys);
}

/* The total's figure of the selected windows: p95, or the error rate. */
static double
total_of(const metric *m, measure kind, const selection *all)
{
	pp_aggregate_merge merged;
	double errors, value;

	merge(m, all, &merged, &errors);
	value = kind == MEASURE_P95 ? pp_aggregate_merge_percentile(&merged, "p95") :
	    errors / merged.count;
	pp_aggregate_merge_free(&merged);
	return value;
}

/* The total's figure of window w. */
static double
total(const metric *m, measure kind, size_t w)
{
	selection one = {w, w + 1, NULL, NULL, NULL};

	return total_of(m, kind, &one);
}

static void
fill_tail(const metric *m, episode *e)
{
	selection before = before_of(e, NULL, NULL), after = after_of(e, NULL, NULL);
	pp_aggregate_merge mb, ma;
	double errors;

	merge(m, &before, &mb, &errors);
	merge(m, &after, &ma, &errors);
	e->threshold = pp_aggregate_merge_percentile(&mb, "p95");
	e->tail_before = count_above(mb.sketch, e->threshold);
	e->tail_after = count_above(ma.sketch, e->threshold);
	pp_aggregate_merge_free(&mb);
	pp_aggregate_merge_free(&ma);
}

/* Fills the figures of episode e (its windows, kind and origin set) and
 * appends the findings that explain it. */
static void
explain(const analysis_options *options, const metric *m, episode *e, jv *findings)
{
	selection before = before_of(e, NULL, NULL), after = after_of(e, NULL, NULL);

	if (windows_in(&before) == 0 || windows_in(&after) == 0)
		return;
	e->before = total_of(m, e->kind, &before);
	e->after = total_of(m, e->kind, &after);
	if (e->kind == MEASURE_P95)
		fill_tail(m, e);
	if (isfinite(e->before) && isfinite(e->after) && e->before > 0.0)
		explain_episode(options, m, e, findings);
}

/* A degrading trend of the total's values (one per window), explained
 * as its first third of the windows (where it started) against its last
 * third (where it led): the halves would hold the cause on both sides,
 * and its share of the tail would change too little to be surprising.
 * Fills *e (but for the windows to skip) when there is one. */
static bool
trend_episode(const analysis_options *options, const metric *m, measure kind,
    const double *values, episode *e)
{
	double *x = pp_xcalloc(m->windows + 1, sizeof(*x));
	bool higher_is_better = kind == MEASURE_P95 &&
	    metric_higher_is_better(options, m->name);
	trend_verdict trend;
	bool degrading;
	size_t i, third = m->windows / 3;

	for (i = 0; i < m->windows; i++)
		x[i] = m->starts[i] - m->starts[0];
	degrading = trend_of_values(options, higher_is_better, x, values, m->windows,
	    &trend) && strcmp(trend.direction, "degrading") == 0;
	free(x);
	if (degrading)
		*e = (episode){.kind = kind, .from = 0, .before_end = third,
		    .change = m->windows - third, .to = m->windows,
		    .origin = ORIGIN_TREND, .verdict = {trend.change, trend.p_value}};
	return degrading;
}

/* Marks in spiked the windows of the runs of spikes of the total that go
 * the bad way and are episodes of their own (anomaly_episodes: not taken
 * in by a level shift), and adds one ORIGIN_SPIKE episode per run to
 * out: before is the run's level segment (between the shifts at[]) but
 * its spike windows, after the run.  Returns how many it added. */
static size_t
spike_episodes(const analysis_options *options, const metric *m, measure kind,
    const pp_anomaly *found, size_t count, const size_t *at, bool *spiked,
    episode *out)
{
	anomaly_episode *runs = pp_xcalloc(count + 1, sizeof(*runs));
	size_t made = anomaly_episodes(found, count, m->windows, runs), added = 0;
	pp_anomaly_kind bad = kind == MEASURE_P95 &&
	    metric_higher_is_better(options, m->name) ? PP_ANOMALY_DIP : PP_ANOMALY_SPIKE;
	size_t i, w, j;

	for (i = 0; i < made; i++) {
		size_t first = found[runs[i].first].index, last = found[runs[i].last].index;

		if (found[runs[i].lead].kind != bad)
			continue;
		for (w = first; w <= last; w++)
			spiked[w] = true;
		for (j = 1; at[j] <= first; j++)
			;
		out[added++] = (episode){.kind = kind, .from = at[j - 1],
		    .before_end = at[j], .change = first, .to = last + 1,
		    .skip_before = spiked, .origin = ORIGIN_SPIKE};
	}
	free(runs);
	return added;
}

static int
by_change(const void *a, const void *b)
{
	const episode *x = a, *y = b;

	if (x->change != y->change)
		return (x->change > y->change) - (x->change < y->change);
	return (x->origin > y->origin) - (x->origin < y->origin);
}

/* The episodes of one measure of a metric, explained in time order: its
 * runs of spikes, its level shifts (or, without one, its degrading
 * trend); the windows of a run of spikes are left out of the shifts' and
 * the trend's periods, so that no window is explained twice. */
static void
measure_episodes(const analysis_options *options, const metric *m, measure kind,
    jv *findings)
{
	double threshold = pp_anomaly_threshold(options->sensitivity);
	double *values = pp_xcalloc(m->windows, sizeof(*values));
	bool *spiked = pp_xcalloc(m->windows, sizeof(*spiked));
	pp_anomaly *found = NULL;
	size_t count = 0, i, j, shifts = 0, w = HALF_WINDOW, made = 0;
	size_t *at = NULL;
	episode *episodes;

	for (i = 0; i < m->windows; i++)
		values[i] = total(m, kind, i);
	if (m->windows < 2 * w + 1)
		w = (m->windows - 1) / 2;
	if (pp_detect_anomalies(values, m->windows, w, threshold, &found, &count,
	    NULL) != PP_OK)
		count = 0;
	episodes = pp_xcalloc(count + 2, sizeof(*episodes));
	at = pp_xcalloc(count + 2, sizeof(*at));
	at[shifts++] = 0;
	for (i = 0; i < count; i++)
		if (found[i].kind == PP_ANOMALY_LEVEL_SHIFT && found[i].index > 0)
			at[shifts++] = found[i].index;
	at[shifts] = m->windows;
	made = spike_episodes(options, m, kind, found, count, at, spiked, episodes);
	for (j = 1; j < shifts; j++)
		/* Two shifts at one window make no episode. */
		if (at[j - 1] < at[j] && at[j] < at[j + 1])
			episodes[made++] = (episode){.kind = kind, .from = at[j - 1],
			    .before_end = at[j], .change = at[j], .to = at[j + 1],
			    .skip_before = spiked, .skip_after = spiked,
			    .origin = ORIGIN_LEVEL_SHIFT, .verdict = {NAN, NAN}};
	if (shifts <= 1 && trend_episode(options, m, kind, values, &episodes[made])) {
		episodes[made].skip_before = episodes[made].skip_after = spiked;
		made++;
	}
	qsort(episodes, made, sizeof(*episodes), by_change);
	for (i = 0; i < made; i++)
		explain(options, m, &episodes[i], findings);
	free(episodes);
	free(at);
	free(found);
	free(spiked);
	free(values);
}

void
attribution_findings(const analysis_options *options, const attribution_store *store,
    jv *findings)
{
	const char **names = pp_xcalloc(store->count + 1, sizeof(*names));
	size_t i, j, count = 0;

	for (i = 0; i < store->count; i++) {
		const attribution_store *stores[1] = {store};
		metric m;

		for (j = 0; j < count && strcmp(names[j], store->items[i].name) != 0; j++)
			;
		if (j < count)
			continue;	/* a metric seen before */
		names[count++] = store->items[i].name;
		metric_init(&m, stores, 1, store->items[i].name);
		if (m.windows >= options->min_samples && m.windows >= 3) {
			if (m.sketches && m.latency)
				measure_episodes(options, &m, MEASURE_P95, findings);
			if (m.has_status)
				measure_episodes(options, &m, MEASURE_ERROR_RATE, findings);
		}
		metric_free(&m);
	}
	free(names);
}

/* The rolled-up measure of a metric on both sides of a comparison: the
 * total's figure per window, judged by judge, explained when it
 * regressed. */
static void
compare_measure(const analysis_options *options, const metric *m, measure kind,
    attribution_judge judge, void *context, jv *findings)
{
	size_t baseline = m->side_end[0], i;
	double *values = pp_xcalloc(m->windows + 1, sizeof(*values));
	episode e = {.kind = kind, .from = 0, .before_end = baseline,
	    .change = baseline, .to = m->windows, .origin = ORIGIN_COMPARISON,
	    .verdict = {NAN, NAN}};

	for (i = 0; i < m->windows; i++)
		values[i] = total(m, kind, i);
	if (judge(context, m->name, kind == MEASURE_P95 ? "p95" : "error_rate", values,
	    baseline, values + baseline, m->windows - baseline, &e.verdict))
		explain(options, m, &e, findings);
	free(values);
}

void
attribution_compare(const analysis_options *options,
    const attribution_store *baseline, const attribution_store *candidate,
    attribution_judge judge, void *context, jv *findings)
{
	const attribution_store *stores[2] = {baseline, candidate};
	size_t i, j;

	for (i = 0; i < baseline->count; i++) {
		const char *name = baseline->items[i].name;
		metric m;

		for (j = 0; j < i && strcmp(baseline->items[j].name, name) != 0; j++)
			;
		if (j < i)
			continue;	/* a metric seen before */
		metric_init(&m, stores, 2, name);
		if (m.side_end[0] > 0 && m.windows > m.side_end[0]) {
			if (m.sketches && m.latency)
				compare_measure(options, &m, MEASURE_P95, judge, context,
				    findings);
			if (m.has_status)
				compare_measure(options, &m, MEASURE_ERROR_RATE, judge,
				    context, findings);
		}
		metric_free(&m);
	}
}
