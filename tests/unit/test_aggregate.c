/* Unit tests for pp_aggregate: parsing, the statistic lookup and the merge. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_aggregate.h"
#include "pp_series.h"

static pp_status
parse(const char *text, pp_aggregate *aggregate, pp_error *error)
{
	jv record = jv_parse(text);

	cr_assert(jv_is_valid(record), "test JSON does not parse: %s", text);
	return pp_aggregate_parse(record, aggregate, error);
}

static void
parse_ok(const char *text, pp_aggregate *aggregate)
{
	pp_error error;

	cr_assert_eq(parse(text, aggregate, &error), PP_OK, "%s: %s", text, error.message);
}

static void
parse_fails(const char *text, const char *message)
{
	pp_aggregate aggregate;
	pp_error error;

	cr_assert_eq(parse(text, &aggregate, &error), PP_ERR_INVALID, "%s", text);
	cr_assert_str_eq(error.message, message);
}

Test(aggregate, reads_identity_window_and_statistics)
{
	pp_aggregate a;

	parse_ok("{\"kind\":\"aggregate\",\"name\":\"request.duration\","
	    "\"tags\":{\"pool\":\"gpu\",\"host\":\"a\"},\"type\":\"timer\",\"unit\":\"ms\","
	    "\"start\":1764057600,\"end\":1764057660,"
	    "\"window\":{\"type\":\"tumbling\",\"size\":60},\"count\":4,\"sum\":10,"
	    "\"min\":-1,\"max\":6,\"mean\":2.5,\"stddev\":3,\"rate\":0.0667,\"last\":6,"
	    "\"percentiles\":{\"p50\":2,\"p99.9\":6},\"buckets\":[[1,1],[\"+Inf\",4]]}", &a);
	cr_assert_str_eq(a.name, "request.duration");
	cr_assert_eq(a.tags.count, 2);
	cr_assert_str_eq(a.tags.items[0].key, "host");	/* canonical order */
	cr_assert_str_eq(a.tags.items[1].key, "pool");
	cr_assert_str_eq(a.type, "timer");
	cr_assert_str_eq(a.unit, "ms");
	cr_assert_eq(a.window.type, PP_WINDOW_TUMBLING);
	cr_assert_not(a.whole);
	cr_assert_eq(a.start, 1764057600);
	cr_assert_eq(a.end, 1764057660);
	cr_assert_eq(a.count, 4);
	cr_assert_eq(a.min, -1);
	cr_assert_eq(a.last, 6);
	cr_assert_eq(a.percentile_count, 2);
	cr_assert_str_eq(a.percentiles[1].key, "p99.9");
	cr_assert(a.has_buckets);
	cr_assert_not(a.has_sketch);
	cr_assert(isnan(a.ratio));
	pp_aggregate_free(&a);
}

Test(aggregate, identity_ignores_the_order_tags_were_written_in)
{
	pp_aggregate a, b;

	parse_ok("{\"name\":\"m\",\"tags\":{\"b\":\"2\",\"a\":\"1\"},\"start\":0}", &a);
	parse_ok("{\"name\":\"m\",\"tags\":{\"a\":\"1\",\"b\":\"2\"},\"start\":0}", &b);
	cr_assert_eq(a.key.length, b.key.length);
	cr_assert_eq(memcmp(a.key.data, b.key.data, a.key.length), 0);
	pp_aggregate_free(&a);
	pp_aggregate_free(&b);
}

Test(aggregate, accepts_rfc3339_and_epoch_times_alike)
{
	pp_aggregate a, b;

	parse_ok("{\"name\":\"m\",\"start\":\"2025-11-25T08:00:00Z\","
	    "\"end\":\"2025-11-25T09:00:00+01:00\"}", &a);
	parse_ok("{\"name\":\"m\",\"start\":1764057600,\"end\":1764057600}", &b);
	cr_assert_eq(a.start, 1764057600);	/* date -d 2025-11-25T08:00:00Z +%s */
	cr_assert_eq(a.end, b.end);		/* 09:00+01:00 is 08:00Z */
	pp_aggregate_free(&a);
	pp_aggregate_free(&b);
}

Test(aggregate, without_start_covers_the_whole_input)
{
	pp_aggregate a;

	parse_ok("{\"name\":\"error_rate\",\"type\":\"ratio\",\"window\":{\"type\":\"all\"},"
	    "\"count\":2010,\"numerator\":41,\"denominator\":2010}", &a);
	cr_assert(a.whole);
	cr_assert(isnan(a.start));
	cr_assert(isnan(a.end));
	/* no "ratio" field: numerator / denominator */
	cr_assert_float_eq(a.ratio, 41.0 / 2010.0, 1e-15);
	pp_aggregate_free(&a);
	parse_ok("{\"name\":\"m\",\"start\":null}", &a);
	cr_assert(a.whole);
	pp_aggregate_free(&a);
}

Test(aggregate, only_start_gives_an_empty_window)
{
	pp_aggregate a;

	parse_ok("{\"name\":\"m\",\"start\":5}", &a);
	cr_assert_eq(a.end, 5);
	cr_assert_not(a.whole);
	pp_aggregate_free(&a);
}

Test(aggregate, refuses_what_no_reader_can_place)
{
	parse_fails("{}", "an aggregate needs a \"name\" string");
	parse_fails("{\"name\":\"\"}", "an aggregate needs a \"name\" string");
	parse_fails("{\"name\":7}", "an aggregate needs a \"name\" string");
	parse_fails("{\"name\":\"m\",\"tags\":[1]}", "\"tags\" is not an object");
	parse_fails("{\"name\":\"m\",\"start\":\"yesterday\"}",
	    "\"start\" is not a time (epoch seconds or RFC 3339)");
	parse_fails("{\"name\":\"m\",\"start\":true}",
	    "\"start\" is not a time (epoch seconds or RFC 3339)");
	parse_fails("{\"name\":\"m\",\"end\":5}", "an aggregate with \"end\" needs a \"start\"");
	parse_fails("{\"name\":\"m\",\"start\":0,\"window\":{\"type\":\"weekly\"}}",
	    "\"window\" is not a valid window");
	parse_fails("[1,2]", "an aggregate is not an object");
}

Test(aggregate, looks_statistics_up_by_name)
{
	pp_aggregate a;

	parse_ok("{\"name\":\"m\",\"start\":0,\"count\":3,\"mean\":-2.5,\"max\":1e308,"
	    "\"increase\":7,\"percentiles\":{\"p95\":9,\"p99\":10,\"p99.9\":11}}", &a);
	cr_assert_eq(pp_aggregate_stat(&a, "count"), 3);
	cr_assert_eq(pp_aggregate_stat(&a, "mean"), -2.5);
	cr_assert_eq(pp_aggregate_stat(&a, "max"), 1e308);
	cr_assert_eq(pp_aggregate_stat(&a, "increase"), 7);
	cr_assert_eq(pp_aggregate_stat(&a, "p95"), 9);
	cr_assert_eq(pp_aggregate_stat(&a, "p99.9"), 11);
	cr_assert_eq(pp_aggregate_stat(&a, "p99.0"), 10);	/* the same percentile */
	cr_assert_eq(pp_aggregate_stat(&a, "p099"), 10);
	cr_assert(isnan(pp_aggregate_stat(&a, "p50")));
	cr_assert(isnan(pp_aggregate_stat(&a, "ratio")));
	cr_assert(isnan(pp_aggregate_stat(&a, "name")));	/* not a number */
	cr_assert(isnan(pp_aggregate_stat(&a, "")));
	cr_assert(isnan(pp_aggregate_record_stat(jv_null(), "count")));
	pp_aggregate_free(&a);
}

Test(aggregate, ratio_is_the_field_or_the_parts)
{
	pp_aggregate a;

	/* a written ratio wins, even where the parts disagree */
	parse_ok("{\"name\":\"m\",\"ratio\":0.5,\"numerator\":1,\"denominator\":4}", &a);
	cr_assert_eq(pp_aggregate_stat(&a, "ratio"), 0.5);
	pp_aggregate_free(&a);
	parse_ok("{\"name\":\"m\",\"numerator\":0,\"denominator\":0}", &a);
	cr_assert(isnan(pp_aggregate_stat(&a, "ratio")));	/* nothing to divide */
	pp_aggregate_free(&a);
	parse_ok("{\"name\":\"m\",\"numerator\":3,\"denominator\":-1}", &a);
	cr_assert(isnan(pp_aggregate_stat(&a, "ratio")));
	pp_aggregate_free(&a);
}

Test(aggregate, knows_the_documented_names)
{
	static const char *const known[] = {"count", "sum", "min", "max", "mean", "stddev",
		"rate", "last", "increase", "resets", "ratio", "numerator", "denominator",
		"p50", "p95", "p99.9", "p100", NULL};
	static const char *const unknown[] = {"", "p", "p0", "p101", "p9x", "median",
		"Count", "p-5", NULL};
	size_t i;

	for (i = 0; known[i] != NULL; i++)
		cr_assert(pp_aggregate_stat_known(known[i]), "%s", known[i]);
	for (i = 0; unknown[i] != NULL; i++)
		cr_assert_not(pp_aggregate_stat_known(unknown[i]), "%s", unknown[i]);
}

/* An aggregate record of values[0..count) with a sketch of accuracy. */
static void
sketched(pp_aggregate *a, const double *values, size_t count, double accuracy, double start)
{
	pp_sketch *sketch = pp_sketch_new(accuracy, 2048);
	jv record = jv_object();
	double sum = 0, min = INFINITY, max = -INFINITY;
	pp_error error;
	size_t i;

	for (i = 0; i < count; i++) {
		pp_sketch_add(sketch, values[i]);
		sum += values[i];
		min = fmin(min, values[i]);
		max = fmax(max, values[i]);
	}
	record = jv_object_set(record, jv_string("name"), jv_string("m"));
	record = jv_object_set(record, jv_string("start"), jv_number(start));
	record = jv_object_set(record, jv_string("end"), jv_number(start + 60));
	record = jv_object_set(record, jv_string("count"), jv_number((double)count));
	record = jv_object_set(record, jv_string("sum"), jv_number(sum));
	record = jv_object_set(record, jv_string("min"), jv_number(min));
	record = jv_object_set(record, jv_string("max"), jv_number(max));
	record = jv_object_set(record, jv_string("last"), jv_number(values[count - 1]));
	record = jv_object_set(record, jv_string("sketch"), pp_sketch_to_jv(sketch));
	pp_sketch_free(sketch);
	cr_assert_eq(pp_aggregate_parse(record, a, &error), PP_OK, "%s", error.message);
}

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

Test(aggregate, merge_of_nothing_knows_nothing)
{
	pp_aggregate_merge merge;

	pp_aggregate_merge_init(&merge);
	cr_assert_eq(merge.parts, 0);
	cr_assert(isnan(merge.count));
	cr_assert(isnan(pp_aggregate_merge_mean(&merge)));
	cr_assert(isnan(pp_aggregate_merge_ratio(&merge)));
	cr_assert(isnan(pp_aggregate_merge_percentile(&merge, "p50")));
	pp_aggregate_merge_free(&merge);
}

Test(aggregate, merge_of_sketched_windows_equals_one_pass)
{
	/* 3 windows of unsorted values, negative and duplicate ones among them */
	double values[300], sorted[300];
	pp_aggregate parts[3];
	pp_aggregate_merge merge;
	size_t i;

	for (i = 0; i < 300; i++)
		values[i] = (double)((i * 7919) % 1000) - 100.0;
	memcpy(sorted, values, sizeof(values));
	qsort(sorted, 300, sizeof(double), compare_doubles);
	pp_aggregate_merge_init(&merge);
	for (i = 0; i < 3; i++) {
		sketched(&parts[i], values + 100 * i, 100, 0.01, 60.0 * (double)i);
		pp_aggregate_merge_add(&merge, &parts[i]);
	}
	cr_assert_eq(merge.parts, 3);
	cr_assert_eq(merge.count, 300);
	cr_assert_eq(merge.min, sorted[0]);
	cr_assert_eq(merge.max, sorted[299]);
	cr_assert_eq(merge.start, 0);
	cr_assert_eq(merge.end, 180);
	cr_assert_eq(merge.last, values[299]);	/* the latest window's */
	cr_assert_not(merge.sketch_lost);
	/* nearest rank: p50 of 300 is the 150th smallest, p99 the 297th */
	cr_assert(fabs(pp_aggregate_merge_percentile(&merge, "p50") - sorted[149]) <=
	    0.01 * fabs(sorted[149]));
	cr_assert(fabs(pp_aggregate_merge_percentile(&merge, "p99") - sorted[296]) <=
	    0.01 * fabs(sorted[296]));
	/* the estimate of the largest stays within alpha, and within [min, max] */
	cr_assert(fabs(pp_aggregate_merge_percentile(&merge, "p100") - sorted[299]) <=
	    0.01 * fabs(sorted[299]));
	cr_assert_leq(pp_aggregate_merge_percentile(&merge, "p100"), sorted[299]);
	cr_assert(isnan(pp_aggregate_merge_percentile(&merge, "mean")));
	pp_aggregate_merge_free(&merge);
	for (i = 0; i < 3; i++)
		pp_aggregate_free(&parts[i]);
}

Test(aggregate, merge_without_a_sketch_in_one_part_has_no_percentiles)
{
	double values[] = {1, 2, 3};
	pp_aggregate with, without;
	pp_aggregate_merge merge;

	sketched(&with, values, 3, 0.01, 0);
	parse_ok("{\"name\":\"m\",\"start\":60,\"end\":120,\"count\":2,\"sum\":9,"
	    "\"min\":4,\"max\":5,\"percentiles\":{\"p50\":4}}", &without);
	pp_aggregate_merge_init(&merge);
	pp_aggregate_merge_add(&merge, &with);
	pp_aggregate_merge_add(&merge, &without);
	cr_assert(merge.sketch_lost);
	cr_assert_null(merge.sketch);
	cr_assert(isnan(pp_aggregate_merge_percentile(&merge, "p50")));
	cr_assert_eq(merge.count, 5);
	cr_assert_eq(pp_aggregate_merge_mean(&merge), 15.0 / 5.0);
	cr_assert_eq(merge.max, 5);
	pp_aggregate_merge_free(&merge);
	pp_aggregate_free(&with);
	pp_aggregate_free(&without);
}

Test(aggregate, merge_of_ratios_divides_the_sums)
{
	/* 1/100 and 40/1910: the unweighted mean of the ratios would be wrong */
	pp_aggregate a, b;
	pp_aggregate_merge merge;

	parse_ok("{\"name\":\"e\",\"type\":\"ratio\",\"start\":0,\"end\":60,"
	    "\"numerator\":1,\"denominator\":100,\"ratio\":0.01}", &a);
	parse_ok("{\"name\":\"e\",\"type\":\"ratio\",\"start\":60,\"end\":120,"
	    "\"numerator\":40,\"denominator\":1910}", &b);
	pp_aggregate_merge_init(&merge);
	pp_aggregate_merge_add(&merge, &a);
	pp_aggregate_merge_add(&merge, &b);
	cr_assert_eq(merge.numerator, 41);
	cr_assert_eq(merge.denominator, 2010);
	cr_assert_float_eq(pp_aggregate_merge_ratio(&merge), 41.0 / 2010.0, 1e-15);
	cr_assert(isnan(pp_aggregate_merge_mean(&merge)));
	pp_aggregate_merge_free(&merge);
	pp_aggregate_free(&a);
	pp_aggregate_free(&b);
}

Test(aggregate, merge_keeps_a_null_sum_unknown_and_an_overflow_too)
{
	/* a null sum (it overflowed) must not become the sum of the others */
	pp_aggregate unknown, known, huge;
	pp_aggregate_merge merge;

	parse_ok("{\"name\":\"m\",\"start\":0,\"end\":60,\"count\":2,"
	    "\"sum\":null,\"min\":1.7976931348623157e308,\"max\":1.7976931348623157e308,"
	    "\"mean\":null}", &unknown);
	parse_ok("{\"name\":\"m\",\"start\":60,\"end\":120,\"count\":2,"
	    "\"sum\":6,\"min\":2,\"max\":4,\"mean\":3}", &known);
	parse_ok("{\"name\":\"m\",\"start\":120,\"end\":180,\"count\":1,"
	    "\"sum\":1.7976931348623157e308,\"min\":1.7976931348623157e308,"
	    "\"max\":1.7976931348623157e308,\"mean\":1.7976931348623157e308}", &huge);

	pp_aggregate_merge_init(&merge);
	pp_aggregate_merge_add(&merge, &known);
	pp_aggregate_merge_add(&merge, &unknown);
	pp_aggregate_merge_add(&merge, &known);
	cr_assert(merge.sum_unknown);
	cr_assert(isnan(merge.sum));
	cr_assert(isnan(pp_aggregate_merge_mean(&merge)));
	cr_assert_eq(merge.count, 6);
	cr_assert_eq(merge.max, 1.7976931348623157e308);
	pp_aggregate_merge_free(&merge);

	pp_aggregate_merge_init(&merge);
	pp_aggregate_merge_add(&merge, &huge);
	cr_assert(!merge.sum_unknown);
	cr_assert_eq(merge.sum, 1.7976931348623157e308);
	pp_aggregate_merge_add(&merge, &huge);	/* 2 * DBL_MAX */
	pp_aggregate_merge_add(&merge, &known);
	cr_assert(merge.sum_unknown);
	cr_assert(isnan(merge.sum));
	pp_aggregate_merge_free(&merge);
	pp_aggregate_free(&unknown);
	pp_aggregate_free(&known);
	pp_aggregate_free(&huge);
}

Test(aggregate, fnv1a_matches_the_published_vectors)
{
	/* FNV-1a 64 test vectors (Fowler, Noll, Vo: fnv_test.c) */
	cr_assert_eq(pp_fnv1a(PP_FNV1A_BASIS, "", 0), 0xcbf29ce484222325ULL);
	cr_assert_eq(pp_fnv1a(PP_FNV1A_BASIS, "a", 1), 0xaf63dc4c8601ec8cULL);
	cr_assert_eq(pp_fnv1a(PP_FNV1A_BASIS, "foobar", 6), 0x85944171f73967e8ULL);
	/* continuing a hash is hashing the concatenation */
	cr_assert_eq(pp_fnv1a(pp_fnv1a(PP_FNV1A_BASIS, "foo", 3), "bar", 3),
	    0x85944171f73967e8ULL);
}
