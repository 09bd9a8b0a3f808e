/*
 * series.c - collecting aggregates and points into series.  See series.h.
 *
 * The table is open addressing over the series key (FNV-1a), doubled at
 * half load; it only maps keys to indices of the ordered array.
 */
#include "series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_sketch.h"
#include "pp_tags.h"
#include "pp_time.h"

void
series_set_init(series_set *set, const char *forced_stat)
{
	memset(set, 0, sizeof(*set));
	set->forced_stat = forced_stat;
}

static void
series_free(series *s)
{
	free(s->name);
	jv_free(s->tags);
	free(s->label);
	free(s->unit);
	free(s->stat);
	free(s->items);
	pp_sketch_free(s->sketch);
	free(s->key);
	free(s);
}

void
series_set_free(series_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		series_free(set->items[i]);
	free(set->items);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

static size_t
hash_bytes(const char *bytes, size_t length)
{
	size_t hash = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < length; i++) {
		hash ^= (unsigned char)bytes[i];
		hash *= 1099511628211ULL;
	}
	return hash;
}

static void
place(series_set *set, size_t index)
{
	series *s = set->items[index];
	size_t slot = hash_bytes(s->key, s->key_length) & (set->slot_count - 1);

	while (set->slots[slot] != 0)
		slot = (slot + 1) & (set->slot_count - 1);
	set->slots[slot] = index + 1;
}

static void
grow_table(series_set *set)
{
	size_t i;

	free(set->slots);
	set->slot_count = set->slot_count ? set->slot_count * 2 : 64;
	set->slots = pp_xcalloc(set->slot_count, sizeof(*set->slots));
	for (i = 0; i < set->count; i++)
		place(set, i);
}

static series *
find_key(const series_set *set, const char *key, size_t length)
{
	size_t slot;

	if (set->slot_count == 0)
		return NULL;
	slot = hash_bytes(key, length) & (set->slot_count - 1);
	while (set->slots[slot] != 0) {
		series *s = set->items[set->slots[slot] - 1];

		if (s->key_length == length && memcmp(s->key, key, length) == 0)
			return s;
		slot = (slot + 1) & (set->slot_count - 1);
	}
	return NULL;
}

static series *
find(series_set *set, const pp_buffer *key)
{
	return find_key(set, key->data, key->length);
}

series *
series_set_find(const series_set *set, const series *other)
{
	return find_key(set, other->key, other->key_length);
}

static char *
label_of(const char *name, const pp_tags *tags)
{
	pp_buffer label = PP_BUFFER_INIT;
	size_t i;

	pp_buffer_append_string(&label, name);
	if (tags->count > 0) {
		pp_buffer_append_char(&label, '{');
		for (i = 0; i < tags->count; i++)
			pp_buffer_printf(&label, "%s%s=%s", i ? "," : "",
			    tags->items[i].key, tags->items[i].value);
		pp_buffer_append_char(&label, '}');
	}
	return label.data;
}

const char *
series_default_stat(pp_point_type type, bool typed, const char *unit, bool is_point)
{
	static const char *const time_units[] = {"ns", "us", "\xc2\xb5s", "ms", "s", NULL};
	const char *const *u;

	if (is_point)
		return "value";
	if (typed) {
		if (type == PP_TYPE_TIMER || type == PP_TYPE_HISTOGRAM ||
		    type == PP_TYPE_SUMMARY)
			return "p95";
		if (type == PP_TYPE_COUNTER || type == PP_TYPE_CUMULATIVE)
			return "rate";
		return "mean";
	}
	for (u = time_units; unit != NULL && *u != NULL; u++)
		if (strcmp(unit, *u) == 0)
			return "p95";
	return "mean";
}

/* Finds the series of name and tags, creating it when new. */
static series *
series_for(series_set *set, const char *name, const pp_tags *tags,
    pp_point_type type, bool typed, const char *unit, bool is_point)
{
	pp_buffer key = PP_BUFFER_INIT;
	series *s;

	pp_series_key(&key, name, tags);
	s = find(set, &key);
	if (s != NULL) {
		pp_buffer_free(&key);
		return s;
	}
	s = pp_xcalloc(1, sizeof(*s));
	s->name = pp_strndup(name, strlen(name));
	s->tags = pp_tags_to_jv(tags);
	s->label = label_of(name, tags);
	s->unit = unit ? pp_strndup(unit, strlen(unit)) : NULL;
	s->type = type;
	s->typed = typed;
	s->of_points = is_point;
	s->stat = set->forced_stat && !is_point ? pp_strndup(set->forced_stat,
	    strlen(set->forced_stat)) : pp_strndup("", 0);
	if (s->stat[0] == '\0') {
		const char *stat = series_default_stat(type, typed, unit, is_point);

		free(s->stat);
		s->stat = pp_strndup(stat, strlen(stat));
	}
	s->key = key.data;
	s->key_length = key.length;
	if (set->count == set->capacity) {
		set->capacity = set->capacity ? set->capacity * 2 : 16;
		set->items = pp_xrealloc(set->items, set->capacity * sizeof(*set->items));
	}
	set->items[set->count++] = s;
	if (2 * set->count > set->slot_count)
		grow_table(set);
	else
		place(set, set->count - 1);
	return s;
}

static void
append(series *s, const observation *o)
{
	if (s->count == s->capacity) {
		s->capacity = s->capacity ? s->capacity * 2 : 16;
		s->items = pp_xrealloc(s->items, s->capacity * sizeof(*s->items));
	}
	s->items[s->count] = *o;
	s->items[s->count].order = s->count;
	s->count++;
}

pp_status
series_add_point(series_set *set, const pp_point *point, pp_error *error)
{
	observation o;
	series *s;

	if (!point->has_ts)
		return pp_error_set(error, PP_ERR_INVALID,
		    "a point without \"ts\" cannot be placed in a series");
	s = series_for(set, point->name, &point->tags, point->type, true,
	    point->unit, true);
	o.time = o.end = point->ts;
	o.value = o.mean = o.min = o.max = point->value;
	o.p50 = o.p99 = NAN;
	o.count = 1;
	o.numerator = o.denominator = NAN;
	o.events = point->type == PP_TYPE_COUNTER ? point->value : 1;
	o.first_ts = o.last_ts = point->ts;
	o.partial = false;
	append(s, &o);
	return PP_OK;
}

/* A numeric field of an object, or NaN when absent or not a number. */
static double
number_field(jv object, const char *key)
{
	jv value = jv_object_get(jv_copy(object), jv_string(key));
	double number = NAN;

	if (jv_get_kind(value) == JV_KIND_NUMBER)
		number = jv_number_value(value);
	jv_free(value);
	return number;
}

/* A time field: epoch seconds or an RFC 3339 string; NaN when absent or
 * unreadable. */
static double
time_field(jv object, const char *key)
{
	jv value = jv_object_get(jv_copy(object), jv_string(key));
	double epoch = NAN;

	if (jv_get_kind(value) == JV_KIND_NUMBER) {
		epoch = jv_number_value(value);
	} else if (jv_get_kind(value) == JV_KIND_STRING) {
		const char *text = jv_string_value(value);

		if (pp_time_parse_rfc3339(text, strlen(text), &epoch, NULL) != PP_OK)
			epoch = NAN;
	}
	jv_free(value);
	return epoch;
}

/* A percentile key of the aggregate's "percentiles", or NaN. */
static double
percentile_of(jv aggregate, const char *key)
{
	jv percentiles = jv_object_get(jv_copy(aggregate), jv_string("percentiles"));
	double value = NAN;

	if (jv_get_kind(percentiles) == JV_KIND_OBJECT)
		value = number_field(percentiles, key);
	jv_free(percentiles);
	return value;
}

/* The statistic of an aggregate: a percentile key ("p95", "p99.9") in
 * "percentiles", else a top-level number ("mean", "rate", "last"). */
static double
statistic_of(jv aggregate, const char *stat)
{
	double value = percentile_of(aggregate, stat);

	if (isnan(value))
		value = number_field(aggregate, stat);
	return value;
}

static bool
partial_field(jv aggregate)
{
	jv value = jv_object_get(jv_copy(aggregate), jv_string("partial"));
	bool partial = jv_get_kind(value) == JV_KIND_TRUE;

	jv_free(value);
	return partial;
}

static pp_status
aggregate_identity(jv aggregate, jv *name, jv *tags_object, pp_tags *tags,
    pp_error *error)
{
	*name = jv_object_get(jv_copy(aggregate), jv_string("name"));
	*tags_object = jv_object_get(jv_copy(aggregate), jv_string("tags"));
	if (jv_get_kind(*name) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(*name)) == 0)
		return pp_error_set(error, PP_ERR_INVALID,
		    "an aggregate needs a \"name\" string");
	if (jv_get_kind(*tags_object) == JV_KIND_NULL ||
	    jv_get_kind(*tags_object) == JV_KIND_INVALID) {
		jv_free(*tags_object);
		*tags_object = jv_object();
	}
	return pp_tags_from_jv(*tags_object, tags, error);
}

static void
aggregate_description(jv aggregate, pp_point_type *type, bool *typed, jv *unit)
{
	jv type_name = jv_object_get(jv_copy(aggregate), jv_string("type"));

	*type = PP_TYPE_GAUGE;
	*typed = jv_get_kind(type_name) == JV_KIND_STRING &&
	    pp_point_type_parse(jv_string_value(type_name), type, NULL) == PP_OK;
	jv_free(type_name);
	*unit = jv_object_get(jv_copy(aggregate), jv_string("unit"));
}

/* A new series of ratio aggregates (perf-aggregate --ratio: no mean, a
 * "ratio" field) analyses the ratio, unless --stat says otherwise. */
static void
analyse_ratio(const series_set *set, series *s, jv aggregate)
{
	jv type_name = jv_object_get(jv_copy(aggregate), jv_string("type"));

	if (set->forced_stat == NULL && s->count == 0 && s->lacking == 0 &&
	    jv_get_kind(type_name) == JV_KIND_STRING &&
	    strcmp(jv_string_value(type_name), "ratio") == 0) {
		free(s->stat);
		s->stat = pp_strndup("ratio", 5);
	}
	jv_free(type_name);
}


pp_status
series_add_aggregate(series_set *set, jv aggregate, pp_error *error)
{
	pp_tags tags = PP_TAGS_INIT;
	jv name, tags_object, unit;
	pp_point_type type;
	observation o;
	bool typed;
	series *s;
	pp_status status = aggregate_identity(aggregate, &name, &tags_object, &tags, error);

	o.time = time_field(aggregate, "start");
	if (status == PP_OK && !isfinite(o.time))
		status = pp_error_set(error, PP_ERR_INVALID,
		    "an aggregate needs a \"start\" time");
	if (status != PP_OK) {
		jv_free(name);
		jv_free(tags_object);
		pp_tags_free(&tags);
		return status;
	}
	aggregate_description(aggregate, &type, &typed, &unit);
	s = series_for(set, jv_string_value(name), &tags, type, typed,
	    jv_get_kind(unit) == JV_KIND_STRING ? jv_string_value(unit) : NULL, false);
	analyse_ratio(set, s, aggregate);
	o.end = time_field(aggregate, "end");
	if (!isfinite(o.end))
		o.end = o.time;
	o.value = statistic_of(aggregate, s->stat);
	o.count = number_field(aggregate, "count");
	o.mean = number_field(aggregate, "mean");
	o.min = number_field(aggregate, "min");
	o.max = number_field(aggregate, "max");
	o.p50 = percentile_of(aggregate, "p50");
	o.p99 = percentile_of(aggregate, "p99");
	o.numerator = number_field(aggregate, "numerator");
	o.denominator = number_field(aggregate, "denominator");
	o.events = number_field(aggregate, type == PP_TYPE_COUNTER ? "sum" :
	    type == PP_TYPE_CUMULATIVE ? "increase" : "count");
	o.first_ts = time_field(aggregate, "first_ts");
	o.last_ts = time_field(aggregate, "last_ts");
	o.partial = partial_field(aggregate);
	if (!s->sketch_incomplete && !pp_sketch_accumulate(&s->sketch, aggregate))
		s->sketch_incomplete = true;	/* an aggregate without one */
	if (isfinite(o.value))
		append(s, &o);
	else
		s->lacking++;
	jv_free(unit);
	jv_free(name);
	jv_free(tags_object);
	pp_tags_free(&tags);
	return PP_OK;
}

static int
compare_observations(const void *a, const void *b)
{
	const observation *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

void
series_set_sort(series_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		if (set->items[i]->count > 0)
			qsort(set->items[i]->items, set->items[i]->count,
			    sizeof(observation), compare_observations);
}

void
series_set_drop_partial(series_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		series *s = set->items[i];
		size_t kept = 0;

		for (size_t j = 0; j < s->count; j++)
			if (!s->items[j].partial)
				s->items[kept++] = s->items[j];
		s->count = kept;
	}
}
