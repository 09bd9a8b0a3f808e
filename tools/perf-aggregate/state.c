/*
 * state.c - per-window, per-series statistics and their aggregate record.
 * See state.h.
 */
#include "state.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

/* The bytes of the strings of a series, each with its NUL. */
static size_t
strings_size(const char *name, const pp_tags *tags, const char *unit)
{
	size_t bytes = strlen(name) + 1 + (unit != NULL ? strlen(unit) + 1 : 0);

	for (size_t i = 0; i < tags->count; i++)
		bytes += strlen(tags->items[i].key) + strlen(tags->items[i].value) + 2;
	return bytes;
}

/* Copies string to *cursor and moves it past the copy. */
static char *
copy_string(char **cursor, const char *string)
{
	size_t length = strlen(string) + 1;
	char *copy = memcpy(*cursor, string, length);

	*cursor += length;
	return copy;
}

/* One allocation holds the state, its tag array and its strings (a
 * series costs a malloc, not five): the tags borrow from it (no storage
 * of their own) and go with it in state_free. */
group_state *
state_create(const aggregate_options *options, state_kind kind, const char *name,
    const pp_tags *tags, const char *unit, pp_point_type type)
{
	size_t items = tags->count * sizeof(pp_tag);
	group_state *state = pp_xcalloc(1, sizeof(*state) + items +
	    strings_size(name, tags, unit));
	char *cursor = (char *)(state + 1) + items;

	state->kind = kind;
	state->name = copy_string(&cursor, name);
	state->unit = unit != NULL ? copy_string(&cursor, unit) : NULL;
	state->tags.items = tags->count > 0 ? (pp_tag *)(state + 1) : NULL;
	state->tags.count = state->tags.capacity = tags->count;
	for (size_t i = 0; i < tags->count; i++) {
		state->tags.items[i].key = copy_string(&cursor, tags->items[i].key);
		state->tags.items[i].value = copy_string(&cursor, tags->items[i].value);
	}
	state->type = type;
	state->window = options->window;
	if (options->accuracy > 0)
		state->sketch = pp_sketch_new(options->accuracy, options->max_buckets);
	if (options->bucket_count > 0)
		state->bucket_counts = pp_xcalloc(options->bucket_count, sizeof(uint64_t));
	return state;
}

void
state_free(void *pointer)
{
	group_state *state = pointer;

	if (state == NULL)
		return;
	pp_values_free(&state->values);
	pp_sketch_free(state->sketch);
	free(state->bucket_counts);
	free(state);
}

static void
add_to_buckets(group_state *state, const aggregate_options *options, double value)
{
	/* The first bound >= value: buckets are few, a scan is enough. */
	for (size_t i = 0; i < options->bucket_count; i++)
		if (value <= options->buckets[i]) {
			state->bucket_counts[i]++;
			return;
		}
}

/* Prometheus counter semantics: a drop is a reset to zero. */
static void
add_cumulative(group_state *state, double value)
{
	if (state->moments.count > 0) {
		if (value >= state->previous) {
			state->increase += value - state->previous;
		} else {
			state->increase += value;
			state->resets++;
		}
	}
	state->previous = value;
}

/* Widens [*first, *last] to take in ts; known: whether it holds a time
 * yet (if not, it becomes [ts, ts]). */
static void
widen(double *first, double *last, bool known, double ts)
{
	if (!known || ts < *first)
		*first = ts;
	if (!known || ts > *last)
		*last = ts;
}

void
input_span_add(input_span *span, double ts)
{
	widen(&span->first, &span->last, span->known, ts);
	span->known = true;
}

/* The state's own first and last ts. */
static void
note_ts(group_state *state, double ts)
{
	widen(&state->first_ts, &state->latest_ts, state->has_span, ts);
	state->has_span = true;
}

bool
state_add(group_state *state, const aggregate_options *options, double value,
    double ts, bool has_ts, const char **why)
{
	if (state->type == PP_TYPE_CUMULATIVE) {
		if (state->has_last && has_ts && ts < state->last_ts) {
			*why = "a cumulative point is older than the latest of its series";
			return false;
		}
		add_cumulative(state, value);
	}
	/* The latest point by ts; ties and points without ts: input order. */
	if (!state->has_last || !has_ts || ts >= state->last_ts) {
		state->last = value;
		if (has_ts)
			state->last_ts = ts;
		state->has_last = true;
	}
	if (has_ts && options->window.type == PP_WINDOW_ALL)
		widen(&state->start, &state->end, state->has_time, ts);
	if (has_ts) {
		state->has_time = true;
		note_ts(state, ts);
	}
	pp_moments_add(&state->moments, value);
	if (state->sketch != NULL)
		pp_sketch_add(state->sketch, value);
	else if (pp_point_type_is_distribution(state->type))
		pp_values_add(&state->values, value);
	if (state->bucket_counts != NULL)
		add_to_buckets(state, options, value);
	return true;
}

void
state_add_ratio(group_state *state, double numerator, double denominator,
    double ts, bool has_ts)
{
	if (has_ts) {
		note_ts(state, ts);
		/* the whole input: first and last ts, as state_add */
		if (state->window.type == PP_WINDOW_ALL) {
			state->start = state->first_ts;
			state->end = state->latest_ts;
		}
		state->has_time = true;
	}
	state->numerator += numerator;
	state->denominator += denominator;
	state->moments.count++;
}

/* ---- the record ---- */

static jv
set_number(jv record, const char *key, double value)
{
	return jv_object_set(record, jv_string(key), jv_number(value));
}

bool
state_is_partial(const group_state *state, const input_span *input)
{
	double spacing;

	if (input == NULL || !input->known || !state->has_time ||
	    (state->window.type != PP_WINDOW_TUMBLING &&
	    state->window.type != PP_WINDOW_SLIDING))
		return false;
	/* one mean spacing of the window's own points is no gap: gauges
	 * sampled every 10 s leave the last 10 s of a minute "empty" */
	spacing = state->has_span && state->moments.count > 1 ?
	    (state->latest_ts - state->first_ts) / (double)(state->moments.count - 1) : 0;
	return input->first > state->start + spacing || input->last + spacing < state->end;
}

/* The seconds that rates are per: the window's length, or for a partial
 * window the part of it that the input covers. */
static double
window_length(const group_state *state, const input_span *input)
{
	if (!state->has_time)
		return 0;
	if (state_is_partial(state, input))
		return fmin(state->end, input->last) - fmax(state->start, input->first);
	return state->end - state->start;
}

static jv
percentiles_of(group_state *state, const aggregate_options *options)
{
	size_t n = options->percentile_count, i;
	double *results = pp_xmalloc((n + 1) * sizeof(double));
	jv object = jv_object();

	if (state->sketch != NULL) {
		for (i = 0; i < n; i++) {
			double value = pp_sketch_value_at_rank(state->sketch,
			    pp_percentile_rank(&options->percentiles[i], state->sketch->count));

			/* The exact value lies in [min, max]: clamping only
			 * brings the estimate closer. */
			results[i] = fmin(fmax(value, state->moments.min), state->moments.max);
		}
	} else {
		pp_values_percentiles(&state->values, options->percentiles, n, results);
	}
	for (i = 0; i < n; i++)
		object = set_number(object, options->percentiles[i].key, results[i]);
	free(results);
	return object;
}

static jv
quantiles_of(const group_state *state)
{
	jv sketch;

	if (state->percentiles_unknown)
		return jv_string("none");	/* merged from exact aggregates */
	if (state->sketch == NULL)
		return jv_string("exact");
	sketch = jv_object_set(jv_object(), jv_string("sketch"), jv_string("ddsketch"));
	return set_number(sketch, "accuracy", state->sketch->accuracy);
}

static jv
buckets_of(const group_state *state, const aggregate_options *options)
{
	jv list = jv_array();
	uint64_t running = 0;

	for (size_t i = 0; i < options->bucket_count; i++) {
		running += state->bucket_counts[i];
		list = jv_array_append(list, jv_array_append(jv_array_append(jv_array(),
		    jv_number(options->buckets[i])), jv_number((double)running)));
	}
	return jv_array_append(list, jv_array_append(jv_array_append(jv_array(),
	    jv_string("+Inf")), jv_number((double)state->moments.count)));
}

static jv
distribution_fields(jv record, group_state *state, const aggregate_options *options,
    double length)
{
	const pp_moments *m = &state->moments;

	record = set_number(record, "count", (double)m->count);
	record = set_number(record, "sum", pp_moments_sum(m));
	record = set_number(record, "min", m->min);
	record = set_number(record, "max", m->max);
	record = set_number(record, "mean", pp_moments_mean(m));
	record = set_number(record, "stddev", pp_moments_stddev(m));
	if (length > 0)
		record = set_number(record, "rate", (double)m->count / length);
	if (state->type == PP_TYPE_GAUGE)
		record = set_number(record, "last", state->last);
	if (options->percentile_count > 0 && !state->percentiles_unknown)
		record = jv_object_set(record, jv_string("percentiles"),
		    percentiles_of(state, options));
	return record;
}

static jv
type_fields(jv record, group_state *state, const aggregate_options *options,
    double length)
{
	switch (state->kind == STATE_RATIO ? -1 : (int)state->type) {
	case -1:
		record = set_number(record, "count", (double)state->moments.count);
		record = set_number(record, "numerator", state->numerator);
		record = set_number(record, "denominator", state->denominator);
		return set_number(record, "ratio", state->denominator != 0 ?
		    state->numerator / state->denominator : NAN);
	case PP_TYPE_COUNTER:
		record = set_number(record, "count", (double)state->moments.count);
		record = set_number(record, "sum", pp_moments_sum(&state->moments));
		if (length > 0)
			record = set_number(record, "rate",
			    pp_moments_sum(&state->moments) / length);
		return record;
	case PP_TYPE_CUMULATIVE:
		record = set_number(record, "count", (double)state->moments.count);
		if (length > 0)
			record = set_number(record, "rate", state->increase / length);
		record = set_number(record, "last", state->last);
		record = set_number(record, "increase", state->increase);
		return set_number(record, "resets", (double)state->resets);
	default:
		return distribution_fields(record, state, options, length);
	}
}

jv
state_to_record(group_state *state, const aggregate_options *options,
    const input_span *input)
{
	jv record = jv_object();

	record = jv_object_set(record, jv_string("kind"), jv_string("aggregate"));
	record = jv_object_set(record, jv_string("name"), jv_string(state->name));
	record = jv_object_set(record, jv_string("tags"), pp_tags_to_jv(&state->tags));
	record = jv_object_set(record, jv_string("type"), jv_string(state->kind == STATE_RATIO ?
	    "ratio" : pp_point_type_name(state->type)));
	if (state->unit != NULL)
		record = jv_object_set(record, jv_string("unit"), jv_string(state->unit));
	if (state->has_time) {
		record = set_number(record, "start", state->start);
		record = set_number(record, "end", state->end);
	}
	if (state->has_span) {
		record = set_number(record, "first_ts", state->first_ts);
		record = set_number(record, "last_ts", state->latest_ts);
	}
	if (state_is_partial(state, input))
		record = jv_object_set(record, jv_string("partial"), jv_true());
	record = jv_object_set(record, jv_string("window"), pp_window_to_jv(&state->window));
	record = type_fields(record, state, options, window_length(state, input));
	record = jv_object_set(record, jv_string("quantiles"), quantiles_of(state));
	if (state->kind == STATE_SERIES && pp_moments_sum_residual(&state->moments) != 0)
		record = set_number(record, "sum_residual",
		    pp_moments_sum_residual(&state->moments));
	if (state->bucket_counts != NULL && state->kind == STATE_SERIES &&
	    pp_point_type_is_distribution(state->type))
		record = jv_object_set(record, jv_string("buckets"), buckets_of(state, options));
	if (state->sketch != NULL && pp_point_type_is_distribution(state->type) &&
	    state->kind == STATE_SERIES && !state->percentiles_unknown)
		record = jv_object_set(record, jv_string("sketch"), pp_sketch_to_jv(state->sketch));
	return record;
}

/* ---- merging ---- */

/* Whether from's quantile information can join into's; sets *why if not. */
static bool
merge_quantiles(group_state *into, const group_state *from,
    const aggregate_options *options, const char **why)
{
	if (!pp_point_type_is_distribution(from->type) || from->kind == STATE_RATIO) {
		/* no percentiles, but say the same "quantiles" as one pass */
		if (from->sketch != NULL && into->sketch == NULL)
			into->sketch = pp_sketch_new(from->sketch->accuracy,
			    options->max_buckets);
		return true;
	}
	if (from->sketch == NULL || from->percentiles_unknown) {
		if (options->percentiles_given) {
			*why = "--percentiles needs sketches, and this aggregate has none "
			    "(aggregate with --accuracy to merge percentiles)";
			return false;
		}
		into->percentiles_unknown = true;
		return true;
	}
	if (into->sketch == NULL && into->moments.count == 0 && !into->percentiles_unknown)
		into->sketch = pp_sketch_new(from->sketch->accuracy, options->max_buckets);
	if (into->sketch == NULL) {
		into->percentiles_unknown = true;
		return true;
	}
	if (into->sketch->accuracy != from->sketch->accuracy) {
		*why = "the aggregate's sketch has another accuracy than its group's";
		return false;
	}
	pp_sketch_merge(into->sketch, from->sketch, NULL);
	return true;
}

static void
merge_time(group_state *into, const group_state *from, const aggregate_options *options)
{
	if (!from->has_time || options->window.type != PP_WINDOW_ALL)
		return;
	if (!into->has_time || from->start < into->start)
		into->start = from->start;
	if (!into->has_time || from->end > into->end)
		into->end = from->end;
	into->has_time = true;
}

bool
state_merge(group_state *into, const group_state *from,
    const aggregate_options *options, const char **why)
{
	if (into->kind != from->kind || into->type != from->type) {
		*why = "the aggregate's type differs from its group's";
		return false;
	}
	if (!merge_quantiles(into, from, options, why))
		return false;
	if (!into->has_last || (from->has_last && from->last_ts >= into->last_ts)) {
		into->last = from->last;
		into->last_ts = from->last_ts;
		into->has_last = from->has_last;
	}
	merge_time(into, from, options);
	if (from->has_span) {
		note_ts(into, from->first_ts);
		note_ts(into, from->latest_ts);
	}
	pp_moments_merge(&into->moments, &from->moments);
	into->increase += from->increase;
	into->resets += from->resets;
	into->numerator += from->numerator;
	into->denominator += from->denominator;
	if (into->bucket_counts != NULL && from->bucket_counts != NULL)
		for (size_t i = 0; i < options->bucket_count; i++)
			into->bucket_counts[i] += from->bucket_counts[i];
	return true;
}
