/*
 * series.c - collecting aggregates and points into series.  See series.h.
 *
 * Series are found through lib's series index (pp_series_index), which
 * holds each one's identity; an aggregate is read by pp_aggregate_parse
 * and its statistic by pp_aggregate_stat, as perf-report and perf-alert
 * read them.
 */
#include "series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_aggregate.h"
#include "pp_buffer.h"
#include "pp_series_index.h"
#include "pp_sketch.h"
#include "pp_tags.h"

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
	free(s);
}

void
series_set_free(series_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		series_free(set->items[i]);
	free(set->items);
	pp_series_index_free(&set->index, NULL);
	memset(set, 0, sizeof(*set));
}

series *
series_set_find(const series_set *set, const series *other)
{
	pp_indexed_series *found = pp_series_index_find(&set->index, other->key,
	    other->key_length);

	return found != NULL ? found->state : NULL;
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
	bool created;
	pp_indexed_series *entry = pp_series_index_get(&set->index, name, tags, &created);
	series *s;

	if (!created)
		return entry->state;
	s = pp_xcalloc(1, sizeof(*s));
	entry->state = s;
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
	s->key = entry->key;
	s->key_length = entry->key_length;
	if (set->count == set->capacity) {
		set->capacity = set->capacity ? set->capacity * 2 : 16;
		set->items = pp_xrealloc(set->items, set->capacity * sizeof(*set->items));
	}
	set->items[set->count++] = s;
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

/* Whether the aggregate is a partial window (perfpipe-stream(5)). */
static bool
partial_field(jv record)
{
	jv value = jv_object_get(jv_copy(record), jv_string("partial"));
	bool partial = jv_get_kind(value) == JV_KIND_TRUE;

	jv_free(value);
	return partial;
}

/* A new series of ratio aggregates (perf-aggregate --ratio: no mean, a
 * "ratio" field) analyses the ratio, unless --stat says otherwise. */
static void
analyse_ratio(const series_set *set, series *s, const pp_aggregate *aggregate)
{
	if (set->forced_stat == NULL && s->count == 0 && s->lacking == 0 &&
	    aggregate->type != NULL && strcmp(aggregate->type, "ratio") == 0) {
		free(s->stat);
		s->stat = pp_strndup("ratio", 5);
	}
}

pp_status
series_add_aggregate(series_set *set, jv record, pp_error *error)
{
	pp_aggregate aggregate;
	pp_point_type type = PP_TYPE_GAUGE;
	observation o;
	bool typed;
	series *s;

	if (pp_aggregate_parse(jv_copy(record), &aggregate, error) != PP_OK)
		return PP_ERR_INVALID;
	typed = aggregate.type != NULL &&
	    pp_point_type_parse(aggregate.type, &type, NULL) == PP_OK;
	s = series_for(set, aggregate.name, &aggregate.tags, type, typed, aggregate.unit,
	    false);
	analyse_ratio(set, s, &aggregate);
	/* a whole-input aggregate without a start has no place in time: NAN,
	 * which sorts first */
	o.time = aggregate.start;
	o.end = aggregate.end;
	o.value = pp_aggregate_stat(&aggregate, s->stat);
	o.count = aggregate.count;
	o.mean = aggregate.mean;
	o.min = aggregate.min;
	o.max = aggregate.max;
	o.p50 = pp_aggregate_stat(&aggregate, "p50");
	o.p99 = pp_aggregate_stat(&aggregate, "p99");
	o.numerator = aggregate.numerator;
	o.denominator = aggregate.denominator;
	o.events = pp_aggregate_stat(&aggregate, type == PP_TYPE_COUNTER ? "sum" :
	    type == PP_TYPE_CUMULATIVE ? "increase" : "count");
	o.first_ts = pp_aggregate_stat(&aggregate, "first_ts");
	o.last_ts = pp_aggregate_stat(&aggregate, "last_ts");
	o.partial = partial_field(aggregate.record);
	if (!s->sketch_incomplete && !pp_sketch_accumulate(&s->sketch, aggregate.record))
		s->sketch_incomplete = true;	/* an aggregate without one */
	if (isfinite(o.value))
		append(s, &o);
	else
		s->lacking++;
	pp_aggregate_free(&aggregate);
	return PP_OK;
}

static int
compare_observations(const void *a, const void *b)
{
	const observation *x = a, *y = b;
	bool x_none = isnan(x->time), y_none = isnan(y->time);

	if (x_none != y_none)
		return x_none ? -1 : 1;
	if (!x_none && x->time != y->time)
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
