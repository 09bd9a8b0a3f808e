/*
 * merge.c - an aggregate record back into a group state.  See merge.h.
 */
#include "merge.h"

#include <math.h>
#include <string.h>

#include "pp_aggregate.h"

typedef struct fields {
	jv record;
	pp_error *error;
	bool ok;
} fields;

/* A number field; absent gives fallback, anything else is an error. */
static double
number(fields *f, const char *key, double fallback)
{
	jv value = jv_object_get(jv_copy(f->record), jv_string(key));
	double result = fallback;

	if (jv_get_kind(value) == JV_KIND_NUMBER)
		result = jv_number_value(value);
	else if (jv_is_valid(value) && jv_get_kind(value) != JV_KIND_NULL && f->ok)
		f->ok = pp_error_set(f->error, PP_ERR_INVALID, "\"%s\" is not a number",
		    key) == PP_OK;
	jv_free(value);
	return result;
}

static bool
read_identity(fields *f, pp_point_type *type, state_kind *kind)
{
	jv name = jv_object_get(jv_copy(f->record), jv_string("name"));
	jv type_name = jv_object_get(jv_copy(f->record), jv_string("type"));
	bool ok = jv_get_kind(name) == JV_KIND_STRING;

	*kind = STATE_SERIES;
	*type = PP_TYPE_GAUGE;
	if (!ok)
		pp_error_set(f->error, PP_ERR_INVALID, "\"name\" is missing");
	else if (jv_get_kind(type_name) == JV_KIND_STRING &&
	    strcmp(jv_string_value(type_name), "ratio") == 0)
		*kind = STATE_RATIO;
	else if (jv_get_kind(type_name) == JV_KIND_STRING)
		ok = pp_point_type_parse(jv_string_value(type_name), type, f->error) == PP_OK;
	jv_free(name);
	jv_free(type_name);
	return ok;
}

/* A count field as a uint64_t: 0 unless a whole number in [0, 2^53]. */
static uint64_t
whole_or_zero(double value)
{
	if (!(value >= 0 && value <= 9007199254740992.0 && value == floor(value)))
		return 0;
	return (uint64_t)value;
}

static bool
read_buckets(fields *f, group_state *state, const aggregate_options *options)
{
	jv buckets = jv_object_get(jv_copy(f->record), jv_string("buckets"));
	uint64_t previous = 0;
	bool ok = true;

	if (state_extras_read(state)->bucket_counts == NULL ||
	    jv_get_kind(buckets) != JV_KIND_ARRAY) {
		jv_free(buckets);
		return true;
	}
	/* Bounds must be --buckets exactly, then "+Inf". */
	ok = jv_array_length(jv_copy(buckets)) == (int)options->bucket_count + 1;
	for (size_t i = 0; ok && i < options->bucket_count; i++) {
		jv pair = jv_array_get(jv_copy(buckets), (int)i);
		jv le = jv_array_get(jv_copy(pair), 0), count = jv_array_get(jv_copy(pair), 1);

		ok = jv_get_kind(le) == JV_KIND_NUMBER && jv_number_value(le) == options->buckets[i] &&
		    jv_get_kind(count) == JV_KIND_NUMBER && jv_number_value(count) >= (double)previous &&
		    whole_or_zero(jv_number_value(count)) == jv_number_value(count);
		if (ok) {
			state->extra->bucket_counts[i] = (uint64_t)jv_number_value(count) - previous;
			previous = (uint64_t)jv_number_value(count);
		}
		jv_free(le);
		jv_free(count);
		jv_free(pair);
	}
	jv_free(buckets);
	if (!ok)
		pp_error_set(f->error, PP_ERR_INVALID, "\"buckets\" differ from --buckets");
	return ok;
}

/* A kind without percentiles (a counter) carries no sketch, but one pass
 * with --accuracy says "quantiles":{"sketch":...,"accuracy":A}: an empty
 * sketch of that accuracy makes the merge say the same. */
static pp_sketch *
descriptor_sketch(jv record)
{
	jv accuracy = jv_getpath(jv_copy(record), JV_ARRAY(jv_string("quantiles"),
	    jv_string("accuracy")));
	double value = jv_get_kind(accuracy) == JV_KIND_NUMBER ?
	    jv_number_value(accuracy) : NAN;

	jv_free(accuracy);
	return value > 0 && value < 1 ? pp_sketch_new(value, 16) : NULL;
}

static bool
read_sketch(fields *f, group_state *state)
{
	jv sketch = jv_object_get(jv_copy(f->record), jv_string("sketch"));

	pp_sketch *read = NULL;

	if (jv_get_kind(sketch) == JV_KIND_OBJECT)
		read = pp_sketch_from_jv(sketch, f->error);
	else if (!pp_point_type_is_distribution(state->type))
		read = descriptor_sketch(f->record);	/* or NULL */
	else
		state->percentiles_unknown = true;
	jv_free(sketch);
	state_replace_sketch(state, read);
	return read != NULL || state->percentiles_unknown ||
	    !pp_point_type_is_distribution(state->type);
}

/* A statistic of 1e400 reads as infinity (libjq) and merged into
 * "max":null: refuse it. */
static void
reject_infinite(fields *f)
{
	static const char *const keys[] = {"sum", "sum_residual", "min", "max", "mean",
		"stddev", "last", "increase", "numerator", "denominator", NULL};
	size_t i;

	for (i = 0; f->ok && keys[i] != NULL; i++)
		if (isinf(number(f, keys[i], 0)))
			f->ok = pp_error_set(f->error, PP_ERR_INVALID,
			    "\"%s\" is not a finite number", keys[i]) == PP_OK;
}

/* The moments of an aggregate of count values.  A "sum" of null (it
 * overflowed, perfpipe-stream(5)) stays unknown through the merge, and so
 * do the mean and the spread that depend on it; a null "stddev" keeps the
 * spread unknown.  Reading them as 0 turned an unknown sum into 0. */
static void
read_moments(fields *f, group_state *state, double count)
{
	double sum = number(f, "sum", count > 0 ? NAN : 0);
	double mean = number(f, "mean", count > 0 ? sum / count : 0);
	double stddev = number(f, "stddev", count > 1 ? NAN : 0);

	if (isnan(sum))
		mean = NAN;
	pp_moments_from_stats(&state->moments, (uint64_t)count, sum,
	    isnan(sum) ? 0 : number(f, "sum_residual", 0), number(f, "min", 0),
	    number(f, "max", 0), mean, stddev);
}

/* The sums of a cumulative total's increase and of a ratio, when any. */
static void
read_sums(fields *f, group_state *state)
{
	double increase = number(f, "increase", 0), resets = number(f, "resets", 0);
	double numerator = number(f, "numerator", 0), denominator = number(f, "denominator", 0);
	state_extras *extra;

	if (increase == 0 && resets == 0 && numerator == 0 && denominator == 0)
		return;
	extra = state_extras_of(state);
	extra->increase = increase;
	extra->resets = whole_or_zero(resets);
	extra->numerator = numerator;
	extra->denominator = denominator;
}

static void
read_statistics(fields *f, group_state *state)
{
	double count = number(f, "count", NAN);
	jv window = jv_object_get(jv_copy(f->record), jv_string("window"));
	pp_window_spec spec;

	if (f->ok && pp_window_from_jv(window, &spec, f->error) != PP_OK)
		f->ok = false;
	else if (f->ok)
		state_set_window(state, &spec);
	jv_free(window);

	/* up to 2^53, where doubles stop holding every whole number (and far
	 * inside uint64_t: 3.3e80 was undefined to convert) */
	if (!(count >= 0 && count == floor(count) && count <= 9007199254740992.0) && f->ok)
		f->ok = pp_error_set(f->error, PP_ERR_INVALID,
		    "\"count\" is missing or not a whole number up to 2^53") == PP_OK;
	/* the statistics of values (an aggregate with a mean: not a counter,
	 * a cumulative or a ratio) cannot be merged without their sum, min
	 * and max: reading them as 0 gave a silent mean of 0 */
	if (f->ok && count > 0 && !isnan(number(f, "mean", NAN)) &&
	    (isnan(number(f, "sum", NAN)) || isnan(number(f, "min", NAN)) ||
	    isnan(number(f, "max", NAN))))
		f->ok = pp_error_set(f->error, PP_ERR_INVALID,
		    "an aggregate of %.0f values needs \"sum\", \"min\" and \"max\" "
		    "to be merged", count) == PP_OK;
	reject_infinite(f);
	/* either time form, as every reader takes it (pp_aggregate_time) */
	if (f->ok && (pp_aggregate_time(f->record, "start", &state->start, f->error) != PP_OK ||
	    pp_aggregate_time(f->record, "end", &state->end, f->error) != PP_OK))
		f->ok = false;
	state->has_time = isfinite(state->start) && isfinite(state->end);
	read_moments(f, state, f->ok ? count : 0);
	state->last = number(f, "last", NAN);
	state->has_last = !isnan(state->last);
	state->last_ts = state->has_time ? state->end : 0;
	state->first_ts = number(f, "first_ts", NAN);
	state->latest_ts = number(f, "last_ts", NAN);
	state->has_span = isfinite(state->first_ts) && isfinite(state->latest_ts) &&
	    state->first_ts <= state->latest_ts;
	read_sums(f, state);
}

loose_state *
merge_read(const aggregate_options *options, jv record, pp_error *error)
{
	fields f = {record, error, true};
	jv name = jv_object_get(jv_copy(record), jv_string("name"));
	jv tags_object = jv_object_get(jv_copy(record), jv_string("tags"));
	jv unit = jv_object_get(jv_copy(record), jv_string("unit"));
	pp_tags tags = PP_TAGS_INIT;
	loose_state *loose = NULL;
	group_state *state = NULL;
	pp_point_type type;
	state_kind kind;

	f.ok = read_identity(&f, &type, &kind) &&
	    (jv_get_kind(tags_object) != JV_KIND_OBJECT ||
	    pp_tags_from_jv(tags_object, &tags, error) == PP_OK);
	if (f.ok) {
		loose = loose_state_new(options, kind, jv_string_value(name), &tags,
		    jv_get_kind(unit) == JV_KIND_STRING ? jv_string_value(unit) : NULL, type);
		state = &loose->state;
		read_statistics(&f, state);
		f.ok = f.ok && (kind == STATE_RATIO || read_sketch(&f, state)) &&
		    read_buckets(&f, state, options);
	}
	pp_tags_free(&tags);
	jv_free(name);
	jv_free(tags_object);
	jv_free(unit);
	if (!f.ok) {
		loose_state_free(loose);
		return NULL;
	}
	return loose;
}
