/* Unit tests for pp_sketch: the relative-error guarantee against the exact
 * nearest-rank value, zeros and negatives, collapsing, merging and JSON. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pp_quantile.h"
#include "pp_sketch.h"

static pp_values
load(const char *name)
{
	char path[1024];
	pp_values values = PP_VALUES_INIT;
	double value;
	FILE *file;

	snprintf(path, sizeof(path), "%s/perf-aggregate/values-%s.txt",
	    getenv("PERFPIPE_DATA"), name);
	file = fopen(path, "r");
	cr_assert_not_null(file, "cannot open %s", path);
	while (fscanf(file, "%lf", &value) == 1)
		pp_values_add(&values, value);
	fclose(file);
	return values;
}

static const char *const percentiles[] = {"0.1", "1", "25", "50", "90", "95", "99",
	"99.9", "100"};
#define PERCENTILE_COUNT (sizeof(percentiles) / sizeof(percentiles[0]))

/* The exact value comes from pp_quantile, itself checked against Python's
 * exact fractions in test_quantile.c. */
static void
expect_within_accuracy(pp_sketch *sketch, pp_values *values, double accuracy,
    const char *name)
{
	for (size_t i = 0; i < PERCENTILE_COUNT; i++) {
		pp_percentile p;
		double exact, estimate;

		pp_percentile_parse(percentiles[i], &p, NULL);
		pp_values_percentiles(values, &p, 1, &exact);
		estimate = pp_sketch_value_at_rank(sketch,
		    pp_percentile_rank(&p, sketch->count));
		cr_expect(fabs(estimate - exact) <= accuracy * fabs(exact) * (1 + 1e-12),
		    "%s p%s: %.17g vs exact %.17g", name, percentiles[i], estimate, exact);
	}
}

Test(sketch, every_percentile_is_within_the_accuracy_on_every_data_set)
{
	const char *sets[] = {"lognormal", "heavy", "constant", "one", "two", "negative",
	    "tiny", "huge"};
	double accuracies[] = {0.05, 0.01, 0.001};

	for (size_t a = 0; a < 3; a++)
		for (size_t d = 0; d < sizeof(sets) / sizeof(sets[0]); d++) {
			pp_values values = load(sets[d]);
			/* At 0.1% the heavy tail spans more than 2048 buckets. */
			pp_sketch *sketch = pp_sketch_new(accuracies[a], 1 << 16);

			for (size_t i = 0; i < values.count; i++)
				pp_sketch_add(sketch, values.data[i]);
			cr_assert_eq(sketch->count, values.count);
			cr_assert_not(sketch->collapsed, "%s", sets[d]);
			expect_within_accuracy(sketch, &values, accuracies[a], sets[d]);
			pp_sketch_free(sketch);
			pp_values_free(&values);
		}
}

Test(sketch, zeros_and_mixed_signs_keep_their_order)
{
	pp_sketch *sketch = pp_sketch_new(0.01, 2048);
	double values[] = {-100, -1, 0, 0, 0.5, 3, 1e9};

	for (size_t i = 0; i < 7; i++)
		pp_sketch_add(sketch, values[i]);
	pp_sketch_add(sketch, NAN);
	cr_assert_eq(sketch->count, 7);
	for (uint64_t rank = 1; rank <= 7; rank++) {
		double estimate = pp_sketch_value_at_rank(sketch, rank);

		cr_expect(fabs(estimate - values[rank - 1]) <= 0.01 * fabs(values[rank - 1]),
		    "rank %llu: %.17g", (unsigned long long)rank, estimate);
	}
	pp_sketch_free(sketch);
}

Test(sketch, memory_is_bounded_by_collapsing_the_lowest_buckets)
{
	pp_sketch *sketch = pp_sketch_new(0.01, 64);

	/* 1e-6 .. 1e6 spans about 1380 buckets at 1%. */
	for (int i = 0; i <= 1200; i++)
		pp_sketch_add(sketch, pow(10, -6 + i / 100.0));
	cr_assert(sketch->collapsed);
	cr_assert_leq(sketch->positive.length, 64);
	cr_assert_eq(sketch->positive.total, 1201);
	/* The top keeps its guarantee. */
	cr_assert(fabs(pp_sketch_value_at_rank(sketch, 1201) - 1e6) <= 0.01 * 1e6);
	pp_sketch_free(sketch);
}

Test(sketch, four_shards_merge_into_the_sketch_of_one_pass)
{
	pp_values values = load("heavy");
	pp_sketch *whole = pp_sketch_new(0.01, 2048), *merged = pp_sketch_new(0.01, 2048);
	pp_sketch *shards[4];
	size_t i;

	for (i = 0; i < 4; i++)
		shards[i] = pp_sketch_new(0.01, 2048);
	for (i = 0; i < values.count; i++) {
		pp_sketch_add(whole, values.data[i]);
		pp_sketch_add(shards[i % 4], values.data[i]);
	}
	for (i = 0; i < 4; i++) {
		cr_assert_eq(pp_sketch_merge(merged, shards[i], NULL), PP_OK);
		pp_sketch_free(shards[i]);
	}
	cr_assert_eq(merged->count, whole->count);
	for (uint64_t rank = 1; rank <= whole->count; rank += 97)
		cr_assert_eq(pp_sketch_value_at_rank(merged, rank),
		    pp_sketch_value_at_rank(whole, rank));
	expect_within_accuracy(merged, &values, 0.01, "merged");
	pp_sketch_free(whole);
	pp_sketch_free(merged);
	pp_values_free(&values);
}

Test(sketch, different_accuracies_do_not_merge)
{
	pp_sketch *a = pp_sketch_new(0.01, 2048), *b = pp_sketch_new(0.02, 2048);
	pp_error error;

	pp_sketch_add(b, 1);
	cr_assert_eq(pp_sketch_merge(a, b, &error), PP_ERR_INVALID);
	cr_assert_eq(a->count, 0);
	pp_sketch_free(a);
	pp_sketch_free(b);
}

Test(sketch, round_trips_through_json)
{
	pp_values values = load("negative");
	pp_sketch *sketch = pp_sketch_new(0.01, 2048), *back;
	pp_error error;
	jv object;

	for (size_t i = 0; i < values.count; i++)
		pp_sketch_add(sketch, values.data[i]);
	pp_sketch_add(sketch, 0);
	object = pp_sketch_to_jv(sketch);
	back = pp_sketch_from_jv(object, &error);
	cr_assert_not_null(back, "%s", error.message);
	cr_assert_eq(back->count, sketch->count);
	cr_assert_eq(back->zero_count, 1);
	for (uint64_t rank = 1; rank <= sketch->count; rank += 7)
		cr_assert_eq(pp_sketch_value_at_rank(back, rank),
		    pp_sketch_value_at_rank(sketch, rank));
	jv_free(object);
	object = jv_parse("{\"accuracy\":2}");
	cr_assert_null(pp_sketch_from_jv(object, &error));
	jv_free(object);
	pp_sketch_free(back);
	pp_sketch_free(sketch);
	pp_values_free(&values);
}

/* pp_sketch_accumulate: the merge of aggregates' sketches, given up for
 * good when one has none. */
static jv
aggregate_with(const pp_sketch *sketch)
{
	jv record = jv_object_set(jv_object(), jv_string("kind"), jv_string("aggregate"));

	return sketch ? jv_object_set(record, jv_string("sketch"), pp_sketch_to_jv(sketch)) :
	    record;
}

Test(sketch, accumulate_merges_every_aggregates_sketch)
{
	pp_sketch *a = pp_sketch_new(0.01, 2048), *b = pp_sketch_new(0.01, 2048);
	pp_sketch *merged = NULL;
	jv first, second;

	pp_sketch_add(a, 1.0);
	pp_sketch_add(a, 2.0);
	pp_sketch_add(b, 3.0);
	first = aggregate_with(a);
	second = aggregate_with(b);
	cr_assert(pp_sketch_accumulate(&merged, first));
	cr_assert(pp_sketch_accumulate(&merged, second));
	cr_assert_eq(merged->count, 3);
	cr_assert_float_eq(pp_sketch_value_at_rank(merged, 3), 3.0, 0.03);
	pp_sketch_free(merged);
	jv_free(first);
	jv_free(second);
	pp_sketch_free(a);
	pp_sketch_free(b);
}

Test(sketch, accumulate_gives_up_on_an_aggregate_without_one)
{
	pp_sketch *a = pp_sketch_new(0.01, 2048), *other = pp_sketch_new(0.05, 2048);
	pp_sketch *merged = NULL;
	jv with = aggregate_with(a), without = aggregate_with(NULL), coarse;

	pp_sketch_add(a, 1.0);
	pp_sketch_add(other, 1.0);
	coarse = aggregate_with(other);
	cr_assert(pp_sketch_accumulate(&merged, with));
	cr_assert_not(pp_sketch_accumulate(&merged, without));
	cr_assert_null(merged);
	cr_assert(pp_sketch_accumulate(&merged, with));
	cr_assert_not(pp_sketch_accumulate(&merged, coarse));	/* another accuracy */
	cr_assert_null(merged);
	jv_free(with);
	jv_free(without);
	jv_free(coarse);
	pp_sketch_free(a);
	pp_sketch_free(other);
}
