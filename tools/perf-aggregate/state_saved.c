/*
 * state_saved.c - a group state to JSON and back, exactly.  See
 * state_saved.h.
 */
#include "state_saved.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

jv
saved_number(double value)
{
	if (isnan(value))
		return jv_null();
	if (isinf(value))
		return jv_string(value > 0 ? "inf" : "-inf");
	if (value == 0 && signbit(value))
		return jv_string("-0");
	return jv_number(value);
}

bool
saved_number_read(jv value, double *number)
{
	const char *text;

	switch (jv_get_kind(value)) {
	case JV_KIND_NUMBER:
		*number = jv_number_value(value);
		return isfinite(*number);
	case JV_KIND_NULL:
		*number = NAN;
		return true;
	case JV_KIND_STRING:
		text = jv_string_value(value);
		if (strcmp(text, "inf") == 0)
			*number = INFINITY;
		else if (strcmp(text, "-inf") == 0)
			*number = -INFINITY;
		else if (strcmp(text, "-0") == 0)
			*number = -0.0;
		else
			return false;
		return true;
	default:
		return false;
	}
}

static jv
numbers(const double *values, size_t count)
{
	jv list = jv_array_sized(count > 0 ? (int)count : 1);

	for (size_t i = 0; i < count; i++)
		list = jv_array_append(list, saved_number(values[i]));
	return list;
}

static jv
set(jv object, const char *key, jv value)
{
	return jv_object_set(object, jv_string(key), value);
}

jv
state_save(const group_state *state, const series_identity *series,
    const aggregate_options *options)
{
	const pp_moments *m = &state->moments;
	const state_extras *extra = state_extras_read(state);
	const pp_sketch *sketch = state_sketch(state);
	double single;
	size_t value_count;
	const double *values = state_values(state, &single, &value_count);
	jv object = jv_object();

	object = set(object, "kind", jv_string(state->kind == STATE_RATIO ? "ratio" : "series"));
	object = set(object, "name", jv_string(series->name));
	if (series->unit != NULL)
		object = set(object, "unit", jv_string(series->unit));
	object = set(object, "tags", pp_tags_to_jv(series->tags));
	object = set(object, "type", jv_string(pp_point_type_name(state->type)));
	if (state->has_time)
		object = set(object, "time", numbers((double[]){state->start, state->end}, 2));
	object = set(object, "moments", numbers((double[]){(double)m->count, m->sum,
	    m->compensation, m->mean, m->m2, m->min, m->max}, 7));
	object = set(object, "values", numbers(values, value_count));
	if (sketch != NULL)
		object = set(object, "sketch", pp_sketch_save(sketch));
	if (extra->bucket_counts != NULL) {
		jv counts = jv_array();

		for (size_t i = 0; i < options->bucket_count; i++)
			counts = jv_array_append(counts, jv_number((double)extra->bucket_counts[i]));
		object = set(object, "buckets", counts);
	}
	if (state->has_last)
		object = set(object, "last", numbers((double[]){state->last, state->last_ts}, 2));
	object = set(object, "cumulative", numbers((double[]){extra->previous,
	    extra->increase, (double)extra->resets}, 3));
	if (state->kind == STATE_RATIO)
		object = set(object, "ratio", numbers((double[]){extra->numerator,
		    extra->denominator}, 2));
	object = set(object, "session", numbers((double[]){extra->session.start,
	    extra->session.last}, 2));
	if (state->has_span)
		object = set(object, "span", numbers((double[]){state->first_ts,
		    state->latest_ts}, 2));
	return object;
}

/* ---- reading back ---- */

typedef struct reading {
	jv object;
	pp_error *error;
	bool ok;
} reading;

static bool
fail(reading *r, const char *format, const char *key)
{
	if (r->ok)
		pp_error_set(r->error, PP_ERR_INVALID, format, key);
	r->ok = false;
	return false;
}

/* The array member key of exactly count numbers (count 0: any length,
 * *length set); absent is false with *present false, and no error. */
static bool
read_numbers(reading *r, const char *key, double *into, size_t count, bool *present)
{
	jv list = jv_object_get(jv_copy(r->object), jv_string(key));
	bool ok = jv_get_kind(list) == JV_KIND_ARRAY &&
	    jv_array_length(jv_copy(list)) == (int)count;

	*present = jv_is_valid(list) && jv_get_kind(list) != JV_KIND_NULL;
	for (size_t i = 0; ok && i < count; i++) {
		jv item = jv_array_get(jv_copy(list), (int)i);

		ok = saved_number_read(item, &into[i]);
		jv_free(item);
	}
	jv_free(list);
	if (!ok && *present)
		fail(r, "\"%s\" is not a list of the numbers a state keeps", key);
	return ok;
}

static bool
whole(double value)
{
	return value >= 0 && value <= 9007199254740992.0 && value == floor(value);
}

static bool
read_values(reading *r, group_state *state)
{
	jv list = jv_object_get(jv_copy(r->object), jv_string("values"));
	int length = jv_get_kind(list) == JV_KIND_ARRAY ? jv_array_length(jv_copy(list)) : -1;
	bool ok = length >= 0;

	for (int i = 0; ok && i < length; i++) {
		jv item = jv_array_get(jv_copy(list), i);
		double value;

		ok = saved_number_read(item, &value) && state_add_saved_value(state, value);
		jv_free(item);
	}
	jv_free(list);
	return ok || fail(r, "\"%s\" is not a list of values", "values");
}

static bool
read_sketch(reading *r, group_state *state, const aggregate_options *options)
{
	jv object = jv_object_get(jv_copy(r->object), jv_string("sketch"));
	bool present = jv_get_kind(object) == JV_KIND_OBJECT;
	pp_sketch *sketch = present ? pp_sketch_restore(object, r->error) : NULL;

	jv_free(object);
	if (present && sketch == NULL)
		r->ok = false;
	if (!r->ok)
		return false;
	if ((sketch != NULL) != (options->accuracy > 0) || (sketch != NULL &&
	    (sketch->accuracy != options->accuracy || sketch->max_buckets != options->max_buckets))) {
		pp_sketch_free(sketch);
		return fail(r, "%s does not fit --accuracy and --max-buckets", "\"sketch\"");
	}
	state_replace_sketch(state, sketch);
	return true;
}

static bool
read_buckets(reading *r, group_state *state, const aggregate_options *options)
{
	double *counts = pp_xcalloc(options->bucket_count + 1, sizeof(double));
	bool present, ok = options->bucket_count == 0 ||
	    read_numbers(r, "buckets", counts, options->bucket_count, &present);

	for (size_t i = 0; ok && i < options->bucket_count; i++) {
		ok = whole(counts[i]);
		if (ok)
			state->extra->bucket_counts[i] = (uint64_t)counts[i];
	}
	free(counts);
	return ok || fail(r, "%s do not fit --buckets", "\"buckets\"");
}

static bool
read_identity(reading *r, state_kind *kind, char **name, char **unit, pp_tags *tags,
    pp_point_type *type)
{
	jv kind_text = jv_object_get(jv_copy(r->object), jv_string("kind"));
	jv name_text = jv_object_get(jv_copy(r->object), jv_string("name"));
	jv unit_text = jv_object_get(jv_copy(r->object), jv_string("unit"));
	jv type_text = jv_object_get(jv_copy(r->object), jv_string("type"));
	jv tag_object = jv_object_get(jv_copy(r->object), jv_string("tags"));
	pp_tags borrowed = PP_TAGS_INIT;	/* strings of tag_object */

	if (jv_get_kind(kind_text) != JV_KIND_STRING ||
	    (strcmp(jv_string_value(kind_text), "series") != 0 &&
	    strcmp(jv_string_value(kind_text), "ratio") != 0))
		fail(r, "%s is not \"series\" or \"ratio\"", "\"kind\"");
	else if (jv_get_kind(name_text) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(name_text)) == 0)
		fail(r, "%s is missing", "\"name\"");
	else if (jv_get_kind(unit_text) != JV_KIND_STRING && jv_is_valid(unit_text) &&
	    jv_get_kind(unit_text) != JV_KIND_NULL)
		fail(r, "%s is not a string", "\"unit\"");
	else if (jv_get_kind(type_text) != JV_KIND_STRING ||
	    pp_point_type_parse(jv_string_value(type_text), type, r->error) != PP_OK)
		r->ok = false;
	else if (pp_tags_from_jv(tag_object, &borrowed, r->error) != PP_OK)
		r->ok = false;
	if (r->ok) {
		*tags = pp_tags_clone(&borrowed);
		*kind = strcmp(jv_string_value(kind_text), "ratio") == 0 ? STATE_RATIO : STATE_SERIES;
		*name = pp_strndup(jv_string_value(name_text), strlen(jv_string_value(name_text)));
		*unit = jv_get_kind(unit_text) == JV_KIND_STRING ?
		    pp_strndup(jv_string_value(unit_text), strlen(jv_string_value(unit_text))) : NULL;
	}
	jv_free(kind_text);
	jv_free(name_text);
	jv_free(unit_text);
	jv_free(type_text);
	pp_tags_free(&borrowed);
	jv_free(tag_object);
	return r->ok;
}

/* The running figures: moments, latest point, cumulative, ratio, session,
 * span, time. */
static bool
read_figures(reading *r, group_state *state)
{
	double m[7], pair[2], cumulative[3];
	bool present;

	if (!read_numbers(r, "moments", m, 7, &present) || !whole(m[0]))
		return fail(r, "%s is not a state's moments", "\"moments\"");
	state->moments = (pp_moments){(uint64_t)m[0], m[1], m[2], m[3], m[4], m[5], m[6]};
	if (read_numbers(r, "time", pair, 2, &present)) {
		state->start = pair[0];
		state->end = pair[1];
		state->has_time = true;
	}
	if (read_numbers(r, "last", pair, 2, &present)) {
		state->last = pair[0];
		state->last_ts = pair[1];
		state->has_last = true;
	}
	if (!read_numbers(r, "cumulative", cumulative, 3, &present) || !whole(cumulative[2]))
		return fail(r, "%s is not a state's increase", "\"cumulative\"");
	if (cumulative[0] != 0 || cumulative[1] != 0 || cumulative[2] != 0) {
		state_extras *extra = state_extras_of(state);

		extra->previous = cumulative[0];
		extra->increase = cumulative[1];
		extra->resets = (uint64_t)cumulative[2];
	}
	if (state->kind == STATE_RATIO) {
		if (!read_numbers(r, "ratio", pair, 2, &present))
			return fail(r, "%s is missing", "\"ratio\"");
		state_extras_of(state)->numerator = pair[0];
		state->extra->denominator = pair[1];
	}
	if (!read_numbers(r, "session", pair, 2, &present))
		return fail(r, "%s is missing", "\"session\"");
	if (pair[0] != 0 || pair[1] != 0)
		state_extras_of(state)->session = (pp_session){pair[0], pair[1]};
	if (read_numbers(r, "span", pair, 2, &present)) {
		state->first_ts = pair[0];
		state->latest_ts = pair[1];
		state->has_span = true;
	}
	return r->ok;
}

/* What one run could have made: the kept values or the sketch hold as
 * many values as the moments count (a corrupted file must not make a
 * percentile read past them), bucket counts no more, and the times that
 * decide emission are finite. */
static bool
consistent(reading *r, const group_state *state, const aggregate_options *options)
{
	const state_extras *extra = state_extras_read(state);
	const pp_sketch *sketch = extra->sketch;
	uint64_t count = state->moments.count, in_buckets = 0;
	bool distribution = pp_point_type_is_distribution(state->type);
	uint64_t kept = sketch != NULL ? sketch->count : state->value_count;

	for (size_t i = 0; i < options->bucket_count; i++)
		in_buckets += extra->bucket_counts[i];
	if (state->kind == STATE_RATIO ? kept != 0 || state->value_count != 0 :
	    (sketch != NULL || distribution) ? kept != count : state->value_count != 0)
		return fail(r, "%s does not hold as many values as \"moments\" counts",
		    sketch != NULL ? "\"sketch\"" : "\"values\"");
	if (in_buckets > count)
		return fail(r, "%s count more values than \"moments\"", "\"buckets\"");
	if ((state->has_time && (!isfinite(state->start) || !isfinite(state->end))) ||
	    (state->has_span && (!isfinite(state->first_ts) || !isfinite(state->latest_ts))) ||
	    (state->has_last && !isfinite(state->last_ts)) ||
	    !isfinite(extra->session.start) || !isfinite(extra->session.last))
		return fail(r, "%s", "a time is not a finite number");
	return true;
}

loose_state *
state_restore(jv object, const aggregate_options *options, pp_error *error)
{
	reading r = {object, error, true};
	state_kind kind = STATE_SERIES;
	char *name = NULL, *unit = NULL;
	pp_tags tags = PP_TAGS_INIT;
	pp_point_type type = PP_TYPE_GAUGE;
	loose_state *loose = NULL;
	group_state *state = NULL;

	if (jv_get_kind(object) != JV_KIND_OBJECT) {
		pp_error_set(error, PP_ERR_INVALID, "a window's state is not an object");
		return NULL;
	}
	if (read_identity(&r, &kind, &name, &unit, &tags, &type)) {
		loose = loose_state_new(options, kind, name, &tags, unit, type);
		state = &loose->state;
		if (read_figures(&r, state) && read_values(&r, state) &&
		    read_sketch(&r, state, options) && read_buckets(&r, state, options))
			consistent(&r, state, options);
	}
	free(name);
	free(unit);
	pp_tags_free(&tags);
	if (!r.ok) {
		loose_state_free(loose);
		return NULL;
	}
	return loose;
}
