/*
 * state.c - per-window, per-series statistics and their aggregate record.
 * See state.h.
 */
#include "state.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

static const state_extras no_extras;

state_extras *
state_extras_of(group_state *state)
{
	if (state->extra == NULL)
		state->extra = pp_xcalloc(1, sizeof(*state->extra));
	return state->extra;
}

const state_extras *
state_extras_read(const group_state *state)
{
	return state->extra != NULL ? state->extra : &no_extras;
}

pp_sketch *
state_sketch(const group_state *state)
{
	return state->extra != NULL ? state->extra->sketch : NULL;
}

void
state_replace_sketch(group_state *state, pp_sketch *sketch)
{
	if (state->extra == NULL && sketch == NULL)
		return;		/* no extras needed for none */
	pp_sketch_free(state_extras_of(state)->sketch);
	state->extra->sketch = sketch;
}

void
state_set_window(group_state *state, const pp_window_spec *window)
{
	state_extras_of(state)->window = *window;
	state->own_window = true;
}

const pp_window_spec *
state_window(const group_state *state, const aggregate_options *options)
{
	return state->own_window ? &state->extra->window : &options->window;
}

void
state_init(group_state *state, const aggregate_options *options, state_kind kind,
    pp_point_type type)
{
	state->kind = (uint8_t)kind;
	state->type = (uint8_t)type;
	if (options->accuracy > 0)
		state_extras_of(state)->sketch = pp_sketch_new(options->accuracy,
		    options->max_buckets);
	if (options->bucket_count > 0)
		state_extras_of(state)->bucket_counts = pp_xcalloc(options->bucket_count,
		    sizeof(uint64_t));
}

void
state_release(void *pointer)
{
	group_state *state = pointer;

	if (state == NULL)
		return;
	free(state->values);
	state->values = NULL;
	state->value_count = state->value_capacity = 0;
	if (state->extra != NULL) {
		pp_sketch_free(state->extra->sketch);
		free(state->extra->bucket_counts);
		free(state->extra);
		state->extra = NULL;
	}
	state->own_window = false;
}

loose_state *
loose_state_new(const aggregate_options *options, state_kind kind, const char *name,
    const pp_tags *tags, const char *unit, pp_point_type type)
{
	loose_state *loose = pp_xcalloc(1, sizeof(*loose));

	state_init(&loose->state, options, kind, type);
	loose->name = pp_strndup(name, strlen(name));
	loose->unit = unit != NULL ? pp_strndup(unit, strlen(unit)) : NULL;
	loose->tags = pp_tags_clone(tags);
	return loose;
}

series_identity
loose_state_identity(const loose_state *loose)
{
	return (series_identity){loose->name, &loose->tags, loose->unit};
}

void
loose_state_move(loose_state *loose, group_state *place)
{
	*place = loose->state;
	memset(&loose->state, 0, sizeof(loose->state));
}

void
loose_state_free(loose_state *loose)
{
	if (loose == NULL)
		return;
	state_release(&loose->state);
	free(loose->name);
	free(loose->unit);
	pp_tags_free(&loose->tags);
	free(loose);
}

static void
add_to_buckets(group_state *state, const aggregate_options *options, double value)
{
	/* The first bound >= value: buckets are few, a scan is enough. */
	for (size_t i = 0; i < options->bucket_count; i++)
		if (value <= options->buckets[i]) {
			state->extra->bucket_counts[i]++;
			return;
		}
}

/* Prometheus counter semantics: a drop is a reset to zero. */
static void
add_cumulative(group_state *state, double value)
{
	state_extras *extra = state_extras_of(state);

	if (state->moments.count > 0) {
		if (value >= extra->previous) {
			extra->increase += value - extra->previous;
		} else {
			extra->increase += value;
			extra->resets++;
		}
	}
	extra->previous = value;
}

/* Keeps value for exact quantiles (called before the moments take it).
 * The first value is not kept: while it is the only one, it is the
 * moments' min; the second brings it into the array.  False when the
 * array is full: a window of one series in exact mode holds up to
 * UINT32_MAX values (32 GiB). */
static bool
keep_value(group_state *state, double value)
{
	if (isnan(value) || (state->moments.count == 0 && state->value_count == 0))
		return true;	/* NaN: no value to keep, as pp_values_add */
	if (state->value_count == 0 && state->moments.count == 1 &&
	    !state_add_saved_value(state, state->moments.min))
		return false;
	return state_add_saved_value(state, value);
}

bool
state_add_saved_value(group_state *state, double value)
{
	pp_values array = {state->values, state->value_count, state->value_capacity};

	if (array.count == UINT32_MAX || pp_values_add(&array, value) != PP_OK)
		return false;
	if (array.capacity > UINT32_MAX)	/* grown by half past 2^32 / 1.5 */
		array.capacity = UINT32_MAX;
	state->values = array.data;
	state->value_count = (uint32_t)array.count;
	state->value_capacity = (uint32_t)array.capacity;
	return true;
}

const double *
state_values(const group_state *state, double *single, size_t *count)
{
	if (state->value_count == 0 && state->moments.count == 1 &&
	    state_sketch(state) == NULL && !state->percentiles_unknown &&
	    pp_point_type_is_distribution(state->type) && state->kind == STATE_SERIES) {
		*single = state->moments.min;
		*count = 1;
		return single;
	}
	*count = state->value_count;
	return state->values;
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
	if (state_sketch(state) != NULL)
		pp_sketch_add(state->extra->sketch, value);
	else if ((pp_point_type_is_distribution(state->type) || options->keep_every_value) &&
	    !keep_value(state, value)) {
		*why = "a series holds more values in one window than exact mode keeps "
		    "(4294967295): aggregate with --accuracy";
		return false;
	}
	pp_moments_add(&state->moments, value);
	if (state->extra != NULL && state->extra->bucket_counts != NULL)
		add_to_buckets(state, options, value);
	return true;
}

/* ---- a later part of the input, read on its own (split.c) ---- */

/* Appends count values to the state's array, grown once. */
static void
append_values(group_state *state, const double *values, uint64_t count)
{
	uint64_t total = state->value_count + count;	/* state_absorbable: < UINT32_MAX */

	if (total > state->value_capacity) {
		state->values = pp_xrealloc(state->values, total * sizeof(*values));
		state->value_capacity = (uint32_t)total;
	}
	memcpy(state->values + state->value_count, values, count * sizeof(*values));
	state->value_count = (uint32_t)total;
}

bool
state_absorbable(const group_state *into, const group_state *from)
{
	bool every_value = from->value_count == from->moments.count ||
	    (from->value_count == 0 && from->moments.count == 1);

	if (from->kind != STATE_SERIES || from->extra != NULL || from->own_window ||
	    from->type == PP_TYPE_CUMULATIVE || !every_value)
		return false;
	if (into == NULL)
		return true;
	return into->kind == STATE_SERIES && into->extra == NULL && !into->own_window &&
	    into->type == from->type &&
	    (uint64_t)into->value_count + from->moments.count < UINT32_MAX;
}

void
state_absorb(group_state *into, const group_state *from, const aggregate_options *options)
{
	const double *values = from->value_count > 0 ? from->values : &from->moments.min;
	bool keeps = pp_point_type_is_distribution(into->type);
	uint64_t i = 0, count = from->moments.count;

	/* state_add's work on the values, in their order.  Until the state
	 * holds an array of two values or more, whether keep_value keeps a
	 * value depends on the moments' count: value by value. */
	for (; i < count && (into->moments.count < 2 || into->value_count == 0); i++) {
		if (keeps)
			keep_value(into, values[i]);	/* state_absorbable: room */
		pp_moments_add(&into->moments, values[i]);
	}
	/* From then on it keeps each value: the rest in one copy. */
	if (keeps && i < count)
		append_values(into, values + i, count - i);
	for (; i < count; i++)
		pp_moments_add(&into->moments, values[i]);
	/* and on the times: a part's points all have a ts, or none has */
	if (from->has_span) {
		if (!into->has_last || from->last_ts >= into->last_ts) {
			into->last = from->last;
			into->last_ts = from->last_ts;
		}
		if (options->window.type == PP_WINDOW_ALL) {
			widen(&into->start, &into->end, into->has_time, from->start);
			widen(&into->start, &into->end, true, from->end);
		}
		into->has_time = true;
		note_ts(into, from->first_ts);
		note_ts(into, from->latest_ts);
	} else {
		into->last = from->last;
	}
	into->has_last = true;
}

void
state_add_ratio(group_state *state, const aggregate_options *options,
    double numerator, double denominator, double ts, bool has_ts)
{
	state_extras *extra = state_extras_of(state);

	if (has_ts) {
		note_ts(state, ts);
		/* the whole input: first and last ts, as state_add */
		if (state_window(state, options)->type == PP_WINDOW_ALL) {
			state->start = state->first_ts;
			state->end = state->latest_ts;
		}
		state->has_time = true;
	}
	extra->numerator += numerator;
	extra->denominator += denominator;
	state->moments.count++;
}

/* ---- the record ---- */

static jv
set_number(jv record, const char *key, double value)
{
	return jv_object_set(record, jv_string(key), jv_number(value));
}

bool
state_is_partial(const group_state *state, const aggregate_options *options,
    const input_span *input)
{
	pp_window_type type = state_window(state, options)->type;
	double spacing;

	if (input == NULL || !input->known || !state->has_time ||
	    (type != PP_WINDOW_TUMBLING && type != PP_WINDOW_SLIDING))
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
window_length(const group_state *state, const aggregate_options *options,
    const input_span *input)
{
	if (!state->has_time)
		return 0;
	if (state_is_partial(state, options, input))
		return fmin(state->end, input->last) - fmax(state->start, input->first);
	return state->end - state->start;
}

static jv
percentiles_of(group_state *state, const aggregate_options *options)
{
	size_t n = options->percentile_count, i;
	const pp_sketch *sketch = state_sketch(state);
	double *results = pp_xmalloc((n + 1) * sizeof(double));
	jv object = jv_object();

	if (sketch != NULL) {
		for (i = 0; i < n; i++) {
			double value = pp_sketch_value_at_rank(sketch,
			    pp_percentile_rank(&options->percentiles[i], sketch->count));

			/* The exact value lies in [min, max]: clamping only
			 * brings the estimate closer. */
			results[i] = fmin(fmax(value, state->moments.min), state->moments.max);
		}
	} else {
		double single;
		size_t count;
		double *data = (double *)state_values(state, &single, &count);
		pp_values array = {data, count, count};

		pp_values_percentiles(&array, options->percentiles, n, results);
	}
	for (i = 0; i < n; i++)
		object = set_number(object, options->percentiles[i].key, results[i]);
	free(results);
	return object;
}

static jv
quantiles_of(const group_state *state)
{
	const pp_sketch *sketch = state_sketch(state);

	if (state->percentiles_unknown)
		return jv_string("none");	/* merged from exact aggregates */
	if (sketch == NULL)
		return jv_string("exact");
	return set_number(jv_object_set(jv_object(), jv_string("sketch"),
	    jv_string("ddsketch")), "accuracy", sketch->accuracy);
}

static jv
buckets_of(const group_state *state, const aggregate_options *options)
{
	jv list = jv_array();
	uint64_t running = 0;

	for (size_t i = 0; i < options->bucket_count; i++) {
		running += state->extra->bucket_counts[i];
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
	const state_extras *extra = state_extras_read(state);

	switch (state->kind == STATE_RATIO ? -1 : (int)state->type) {
	case -1:
		record = set_number(record, "count", (double)state->moments.count);
		record = set_number(record, "numerator", extra->numerator);
		record = set_number(record, "denominator", extra->denominator);
		return set_number(record, "ratio", extra->denominator != 0 ?
		    extra->numerator / extra->denominator : NAN);
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
			record = set_number(record, "rate", extra->increase / length);
		record = set_number(record, "last", state->last);
		record = set_number(record, "increase", extra->increase);
		return set_number(record, "resets", (double)extra->resets);
	default:
		return distribution_fields(record, state, options, length);
	}
}

/* The sketch the aggregate record of state carries, or NULL. */
static const pp_sketch *
record_sketch(const group_state *state)
{
	const pp_sketch *sketch = state_sketch(state);

	return sketch != NULL && pp_point_type_is_distribution(state->type) &&
	    state->kind == STATE_SERIES && !state->percentiles_unknown ? sketch : NULL;
}

jv
state_to_record(group_state *state, const series_identity *series,
    const aggregate_options *options, const input_span *input,
    const pp_sketch **sketch)
{
	jv record = jv_object();

	record = jv_object_set(record, jv_string("kind"), jv_string("aggregate"));
	record = jv_object_set(record, jv_string("name"), jv_string(series->name));
	record = jv_object_set(record, jv_string("tags"), pp_tags_to_jv(series->tags));
	record = jv_object_set(record, jv_string("type"), jv_string(state->kind == STATE_RATIO ?
	    "ratio" : pp_point_type_name(state->type)));
	if (series->unit != NULL)
		record = jv_object_set(record, jv_string("unit"), jv_string(series->unit));
	if (state->has_time) {
		record = set_number(record, "start", state->start);
		record = set_number(record, "end", state->end);
	}
	if (state->has_span) {
		record = set_number(record, "first_ts", state->first_ts);
		record = set_number(record, "last_ts", state->latest_ts);
	}
	if (state_is_partial(state, options, input))
		record = jv_object_set(record, jv_string("partial"), jv_true());
	record = jv_object_set(record, jv_string("window"),
	    pp_window_to_jv(state_window(state, options)));
	record = type_fields(record, state, options, window_length(state, options, input));
	record = jv_object_set(record, jv_string("quantiles"), quantiles_of(state));
	if (state->kind == STATE_SERIES && pp_moments_sum_residual(&state->moments) != 0)
		record = set_number(record, "sum_residual",
		    pp_moments_sum_residual(&state->moments));
	if (state_extras_read(state)->bucket_counts != NULL && state->kind == STATE_SERIES &&
	    pp_point_type_is_distribution(state->type))
		record = jv_object_set(record, jv_string("buckets"), buckets_of(state, options));
	*sketch = record_sketch(state);
	return record;
}

/* ---- merging ---- */

/* Whether from's quantile information can join into's; sets *why if not. */
static bool
merge_quantiles(group_state *into, const group_state *from,
    const aggregate_options *options, const char **why)
{
	const pp_sketch *from_sketch = state_sketch(from);

	if (!pp_point_type_is_distribution(from->type) || from->kind == STATE_RATIO) {
		/* no percentiles, but say the same "quantiles" as one pass */
		if (from_sketch != NULL && state_sketch(into) == NULL)
			state_extras_of(into)->sketch = pp_sketch_new(from_sketch->accuracy,
			    options->max_buckets);
		return true;
	}
	if (from_sketch == NULL || from->percentiles_unknown) {
		if (options->percentiles_given) {
			*why = "--percentiles needs sketches, and this aggregate has none "
			    "(aggregate with --accuracy to merge percentiles)";
			return false;
		}
		into->percentiles_unknown = true;
		return true;
	}
	if (state_sketch(into) == NULL && into->moments.count == 0 && !into->percentiles_unknown)
		state_extras_of(into)->sketch = pp_sketch_new(from_sketch->accuracy,
		    options->max_buckets);
	if (state_sketch(into) == NULL) {
		into->percentiles_unknown = true;
		return true;
	}
	if (into->extra->sketch->accuracy != from_sketch->accuracy) {
		*why = "the aggregate's sketch has another accuracy than its group's";
		return false;
	}
	pp_sketch_merge(into->extra->sketch, from_sketch, NULL);
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

/* Adds from's sums of the extras (cumulative, ratio, buckets) to into's. */
static void
merge_extras(group_state *into, const group_state *from, const aggregate_options *options)
{
	const state_extras *add = state_extras_read(from);
	state_extras *extra;

	if (add->increase == 0 && add->resets == 0 && add->numerator == 0 &&
	    add->denominator == 0 && add->bucket_counts == NULL)
		return;
	extra = state_extras_of(into);
	extra->increase += add->increase;
	extra->resets += add->resets;
	extra->numerator += add->numerator;
	extra->denominator += add->denominator;
	if (extra->bucket_counts != NULL && add->bucket_counts != NULL)
		for (size_t i = 0; i < options->bucket_count; i++)
			extra->bucket_counts[i] += add->bucket_counts[i];
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
	merge_extras(into, from, options);
	return true;
}
