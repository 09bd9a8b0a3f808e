/*
 * pp_aggregate.c - parsing, statistic lookup and merging of aggregate
 * records.  See pp_aggregate.h.
 */
#include "pp_aggregate.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pp_quantile.h"
#include "pp_record.h"
#include "pp_time.h"

const char *
pp_aggregate_string(jv object, const char *key)
{
	jv value = jv_object_get(jv_copy(object), jv_string(key));
	const char *text = NULL;

	if (jv_get_kind(value) == JV_KIND_STRING)
		text = jv_string_value(value);
	jv_free(value);
	return text;
}

pp_status
pp_aggregate_time(jv object, const char *field, double *seconds, pp_error *error)
{
	jv value = jv_object_get(jv_copy(object), jv_string(field));
	pp_status status = PP_OK;

	*seconds = NAN;
	if (jv_get_kind(value) == JV_KIND_NUMBER && isfinite(jv_number_value(value)))
		*seconds = jv_number_value(value);
	else if (jv_get_kind(value) == JV_KIND_STRING) {
		if (pp_time_parse_rfc3339(jv_string_value(value),
		    (size_t)jv_string_length_bytes(jv_copy(value)), seconds, NULL) != PP_OK) {
			*seconds = NAN;
			status = pp_error_set(error, PP_ERR_INVALID,
			    "\"%s\" is not a time (epoch seconds or RFC 3339)", field);
		}
	} else if (jv_is_valid(value) && jv_get_kind(value) != JV_KIND_NULL)
		status = pp_error_set(error, PP_ERR_INVALID,
		    "\"%s\" is not a time (epoch seconds or RFC 3339)", field);
	jv_free(value);
	return status;
}

/* The statistics read as they stand in the record, NAN when absent. */
static void
read_statistics(pp_aggregate *aggregate)
{
	static const struct { const char *name; size_t offset; } fields[] = {
		{"count", offsetof(pp_aggregate, count)}, {"sum", offsetof(pp_aggregate, sum)},
		{"min", offsetof(pp_aggregate, min)}, {"max", offsetof(pp_aggregate, max)},
		{"mean", offsetof(pp_aggregate, mean)}, {"stddev", offsetof(pp_aggregate, stddev)},
		{"rate", offsetof(pp_aggregate, rate)}, {"last", offsetof(pp_aggregate, last)},
		{"numerator", offsetof(pp_aggregate, numerator)},
		{"denominator", offsetof(pp_aggregate, denominator)},
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		*(double *)((char *)aggregate + fields[i].offset) =
		    pp_record_number(aggregate->record, fields[i].name);
}

/* The percentiles object, in the record's order (perf-aggregate writes
 * them ascending); at most PP_AGGREGATE_PERCENTILES are kept. */
static void
read_percentiles(pp_aggregate *aggregate)
{
	jv percentiles = jv_object_get(jv_copy(aggregate->record), jv_string("percentiles"));

	if (jv_get_kind(percentiles) == JV_KIND_OBJECT) {
		jv_object_foreach(percentiles, key, value) {
			if (aggregate->percentile_count < PP_AGGREGATE_PERCENTILES &&
			    jv_get_kind(value) == JV_KIND_NUMBER) {
				pp_aggregate_percentile *slot =
				    &aggregate->percentiles[aggregate->percentile_count++];

				snprintf(slot->key, sizeof(slot->key), "%s", jv_string_value(key));
				slot->value = jv_number_value(value);
			}
			jv_free(key);
			jv_free(value);
		}
	}
	jv_free(percentiles);
}

static bool
has_kind(jv record, const char *key, jv_kind kind)
{
	jv value = jv_object_get(jv_copy(record), jv_string(key));
	bool has = jv_get_kind(value) == kind;

	jv_free(value);
	return has;
}

static pp_status
read_window(pp_aggregate *aggregate, pp_error *error)
{
	jv window = jv_object_get(jv_copy(aggregate->record), jv_string("window"));
	pp_status status = PP_OK;

	memset(&aggregate->window, 0, sizeof(aggregate->window));
	if (jv_get_kind(window) == JV_KIND_OBJECT)
		status = pp_window_from_jv(window, &aggregate->window, error);
	else if (isfinite(aggregate->start)) {
		/* no window object: a window of the span it gives */
		aggregate->window.type = PP_WINDOW_TUMBLING;
		aggregate->window.size = aggregate->end - aggregate->start;
	}
	jv_free(window);
	aggregate->whole = aggregate->window.type == PP_WINDOW_ALL;
	return status;
}

static pp_status
read_identity(pp_aggregate *aggregate, pp_error *error)
{
	jv tags = jv_object_get(jv_copy(aggregate->record), jv_string("tags"));
	pp_status status = PP_OK;

	aggregate->name = pp_aggregate_string(aggregate->record, "name");
	if (aggregate->name == NULL || aggregate->name[0] == '\0')
		status = pp_error_set(error, PP_ERR_INVALID,
		    "an aggregate needs a \"name\" string");
	else if (jv_get_kind(tags) == JV_KIND_OBJECT)
		status = pp_tags_from_jv(tags, &aggregate->tags, error);
	else if (jv_is_valid(tags) && jv_get_kind(tags) != JV_KIND_NULL)
		status = pp_error_set(error, PP_ERR_INVALID, "\"tags\" is not an object");
	/* the tags borrow from the record, which holds its own reference */
	jv_free(tags);
	if (status == PP_OK)
		pp_series_key(&aggregate->key, aggregate->name, &aggregate->tags);
	return status;
}

pp_status
pp_aggregate_parse(jv record, pp_aggregate *aggregate, pp_error *error)
{
	pp_status status;

	memset(aggregate, 0, sizeof(*aggregate));
	aggregate->record = record;
	aggregate->tags = (pp_tags)PP_TAGS_INIT;
	aggregate->key = (pp_buffer)PP_BUFFER_INIT;
	if (jv_get_kind(record) != JV_KIND_OBJECT) {
		aggregate->record = jv_null();
		jv_free(record);
		return pp_error_set(error, PP_ERR_INVALID, "an aggregate is not an object");
	}
	status = read_identity(aggregate, error);
	if (status == PP_OK)
		status = pp_aggregate_time(record, "start", &aggregate->start, error);
	if (status == PP_OK)
		status = pp_aggregate_time(record, "end", &aggregate->end, error);
	if (status == PP_OK && isnan(aggregate->end))
		aggregate->end = aggregate->start;
	if (status == PP_OK && isnan(aggregate->start) && !isnan(aggregate->end))
		status = pp_error_set(error, PP_ERR_INVALID, "an aggregate with \"end\" needs a \"start\"");
	if (status == PP_OK)
		status = read_window(aggregate, error);
	if (status != PP_OK) {
		pp_aggregate_free(aggregate);
		return status;
	}
	if (!isfinite(aggregate->start))
		aggregate->whole = true;
	aggregate->type = pp_aggregate_string(record, "type");
	aggregate->unit = pp_aggregate_string(record, "unit");
	read_statistics(aggregate);
	aggregate->ratio = pp_aggregate_record_stat(record, "ratio");
	read_percentiles(aggregate);
	aggregate->has_sketch = has_kind(record, "sketch", JV_KIND_OBJECT);
	aggregate->has_buckets = has_kind(record, "buckets", JV_KIND_ARRAY);
	return PP_OK;
}

void
pp_aggregate_free(pp_aggregate *aggregate)
{
	pp_tags_free(&aggregate->tags);
	pp_buffer_free(&aggregate->key);
	jv_free(aggregate->record);
	aggregate->record = jv_null();
}

/* Whether stat names a percentile ("p" and a valid percentile), parsed
 * into *percentile. */
static bool
percentile_name(const char *stat, pp_percentile *percentile)
{
	pp_error error;

	return stat[0] == 'p' && stat[1] >= '0' && stat[1] <= '9' &&
	    pp_percentile_parse(stat + 1, percentile, &error) == PP_OK;
}

/* percentiles[stat], first by the key as written, then by value. */
static double
percentile_of(jv record, const char *stat)
{
	jv percentiles = jv_object_get(jv_copy(record), jv_string("percentiles"));
	pp_percentile wanted, found;
	double value = NAN;

	if (jv_get_kind(percentiles) != JV_KIND_OBJECT) {
		jv_free(percentiles);
		return NAN;
	}
	value = pp_record_number(percentiles, stat);
	if (isnan(value) && percentile_name(stat, &wanted)) {
		jv_object_foreach(percentiles, key, number) {
			if (isnan(value) && jv_get_kind(number) == JV_KIND_NUMBER &&
			    percentile_name(jv_string_value(key), &found) &&
			    strcmp(found.key, wanted.key) == 0)
				value = jv_number_value(number);
			jv_free(key);
			jv_free(number);
		}
	}
	jv_free(percentiles);
	return value;
}

double
pp_aggregate_record_stat(jv record, const char *stat)
{
	double value;

	if (jv_get_kind(record) != JV_KIND_OBJECT)
		return NAN;
	value = pp_record_number(record, stat);
	if (!isnan(value))
		return value;
	if (strcmp(stat, "ratio") == 0) {
		double numerator = pp_record_number(record, "numerator");
		double denominator = pp_record_number(record, "denominator");

		return denominator > 0 ? numerator / denominator : NAN;
	}
	return stat[0] == 'p' ? percentile_of(record, stat) : NAN;
}

double
pp_aggregate_stat(const pp_aggregate *aggregate, const char *stat)
{
	return pp_aggregate_record_stat(aggregate->record, stat);
}

bool
pp_aggregate_stat_known(const char *stat)
{
	static const char *const names[] = {"count", "sum", "min", "max", "mean",
		"stddev", "rate", "last", "increase", "resets", "ratio", "numerator",
		"denominator", NULL};
	pp_percentile percentile;
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(stat, names[i]) == 0)
			return true;
	return percentile_name(stat, &percentile);
}

/* ---- merging ---- */

void
pp_aggregate_merge_init(pp_aggregate_merge *merge)
{
	memset(merge, 0, sizeof(*merge));
	merge->start = merge->end = NAN;
	merge->count = merge->sum = merge->min = merge->max = NAN;
	merge->numerator = merge->denominator = merge->last = NAN;
	merge->last_time = -INFINITY;
}

/* total + value, where a NAN total means none yet and a NAN value adds
 * nothing. */
static double
add_known(double total, double value)
{
	if (isnan(value))
		return total;
	return isnan(total) ? value : total + value;
}

/* Adds part's sum.  A "sum" of null (it overflowed, perfpipe-stream(5))
 * makes the merged sum unknown for good, as does a total past DBL_MAX:
 * adding the others would pass a partial sum off as the whole. */
static void
merge_sum(pp_aggregate_merge *merge, const pp_aggregate *part)
{
	jv sum;

	if (merge->sum_unknown)
		return;
	sum = jv_object_get(jv_copy(part->record), jv_string("sum"));
	if (jv_get_kind(sum) == JV_KIND_NULL)
		merge->sum_unknown = true;
	jv_free(sum);
	if (!merge->sum_unknown)
		merge->sum = add_known(merge->sum, part->sum);
	if (merge->sum_unknown || isinf(merge->sum)) {
		merge->sum_unknown = true;
		merge->sum = NAN;
	}
}

void
pp_aggregate_merge_add(pp_aggregate_merge *merge, const pp_aggregate *part)
{
	double time = isfinite(part->end) ? part->end : merge->last_time;

	merge->parts++;
	if (isfinite(part->start) && !(part->start >= merge->start))
		merge->start = part->start;
	if (isfinite(part->end) && !(part->end <= merge->end))
		merge->end = part->end;
	merge->count = add_known(merge->count, part->count);
	merge_sum(merge, part);
	merge->numerator = add_known(merge->numerator, part->numerator);
	merge->denominator = add_known(merge->denominator, part->denominator);
	if (!isnan(part->min) && !(part->min >= merge->min))
		merge->min = part->min;
	if (!isnan(part->max) && !(part->max <= merge->max))
		merge->max = part->max;
	if (!isnan(part->last) && time >= merge->last_time) {
		merge->last = part->last;
		merge->last_time = time;
	}
	if (!merge->sketch_lost && !pp_sketch_accumulate(&merge->sketch, part->record))
		merge->sketch_lost = true;
}

double
pp_aggregate_merge_mean(const pp_aggregate_merge *merge)
{
	return merge->count > 0 && !isnan(merge->sum) ? merge->sum / merge->count : NAN;
}

double
pp_aggregate_merge_ratio(const pp_aggregate_merge *merge)
{
	return merge->denominator > 0 ? merge->numerator / merge->denominator : NAN;
}

double
pp_aggregate_merge_percentile(const pp_aggregate_merge *merge, const char *key)
{
	pp_percentile percentile;
	double value;

	if (merge->sketch == NULL || merge->sketch->count == 0 ||
	    !percentile_name(key, &percentile))
		return NAN;
	value = pp_sketch_value_at_rank(merge->sketch,
	    pp_percentile_rank(&percentile, merge->sketch->count));
	/* every value lies in [min, max]; the estimate may stray past by its
	 * accuracy */
	if (value < merge->min)
		value = merge->min;
	if (value > merge->max)
		value = merge->max;
	return value;
}

void
pp_aggregate_merge_free(pp_aggregate_merge *merge)
{
	pp_sketch_free(merge->sketch);
	merge->sketch = NULL;
}
