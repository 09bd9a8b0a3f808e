/* Unit tests for pp_sketch: the relative-error guarantee against the exact
 * nearest-rank value, zeros and negatives, collapsing, merging and JSON. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pp_json.h"
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

/*
 * The exact nearest-rank values, independent of pp_quantile: computed with
 * Python's exact fractions by
 *   cd tests/data/perf-aggregate && /usr/bin/python3 -c '
 *   import math; from fractions import Fraction
 *   for name in ["lognormal","heavy","constant","one","two","negative","tiny","huge"]:
 *     s = sorted(float(l) for l in open(f"values-{name}.txt")); n = len(s)
 *     print(name, [repr(s[max(1, math.ceil(Fraction(p) * n / 100)) - 1])
 *       for p in ["0.1","1","25","50","90","95","99","99.9","100"]])'
 * (Python 3.11.2).
 */
typedef struct exact_set {
	const char *name;
	double exact[PERCENTILE_COUNT];
} exact_set;

static const exact_set exact_sets[] = {
	{"lognormal", {1.04747970306222, 1.919242762840624, 10.153858655645122, 20.13669824960929, 73.95041825655059, 106.3461188111743, 220.33981547871406, 408.19962721467584, 1385.6905842542885}},
	{"heavy", {5.006428285130788, 5.052317561497888, 6.48976908824266, 9.362068019808083, 38.52498942628449, 74.18229010862834, 306.40788907766733, 1986.200494290126, 14144.701883854119}},
	{"constant", {7.25, 7.25, 7.25, 7.25, 7.25, 7.25, 7.25, 7.25, 7.25}},
	{"one", {42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5}},
	{"two", {-3.0, -3.0, -3.0, -3.0, 9.0, 9.0, 9.0, 9.0, 9.0}},
	{"negative", {-118.81077986125798, -99.59156561624783, -63.70819427214279, -49.64720724645274, -22.8235731232811, -16.030104489232542, 0.3755945192143031, 13.486918640824193, 13.486918640824193}},
	{"tiny", {1.0035834777632865e-06, 1.1015927978148277e-06, 3.0848908149844812e-06, 4.936147661321197e-06, 8.10409681569142e-06, 8.514676596791968e-06, 8.867081131435346e-06, 8.985513877268542e-06, 8.992929396632504e-06}},
	{"huge", {1004777434480.5208, 1059074752776.3407, 2924478195803.144, 4962146255392.637, 8159108142434.807, 8607474613605.348, 8909527993219.488, 8993520376198.357, 8998714208735.543}},
};
#define SET_COUNT (sizeof(exact_sets) / sizeof(exact_sets[0]))

static void
expect_within_accuracy(pp_sketch *sketch, const exact_set *set, double accuracy)
{
	for (size_t i = 0; i < PERCENTILE_COUNT; i++) {
		pp_percentile p;
		double exact = set->exact[i], estimate;

		pp_percentile_parse(percentiles[i], &p, NULL);
		estimate = pp_sketch_value_at_rank(sketch,
		    pp_percentile_rank(&p, sketch->count));
		cr_expect(fabs(estimate - exact) <= accuracy * fabs(exact) * (1 + 1e-12),
		    "%s p%s: %.17g vs exact %.17g", set->name, percentiles[i], estimate, exact);
	}
}

Test(sketch, every_percentile_is_within_the_accuracy_on_every_data_set)
{
	double accuracies[] = {0.05, 0.01, 0.001};

	for (size_t a = 0; a < 3; a++)
		for (size_t d = 0; d < SET_COUNT; d++) {
			pp_values values = load(exact_sets[d].name);
			/* At 0.1% the heavy tail spans more than 2048 buckets. */
			pp_sketch *sketch = pp_sketch_new(accuracies[a], 1 << 16);

			for (size_t i = 0; i < values.count; i++)
				pp_sketch_add(sketch, values.data[i]);
			cr_assert_eq(sketch->count, values.count);
			cr_assert_not(sketch->collapsed, "%s", exact_sets[d].name);
			expect_within_accuracy(sketch, &exact_sets[d], accuracies[a]);
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
	cr_assert_str_eq(exact_sets[1].name, "heavy");
	expect_within_accuracy(merged, &exact_sets[1], 0.01);
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

static void
assert_written_as_its_jv(const pp_sketch *sketch)
{
	pp_buffer direct = PP_BUFFER_INIT, through_jv = PP_BUFFER_INIT;
	jv object = pp_sketch_to_jv(sketch);

	pp_sketch_write_json(&direct, sketch);
	pp_json_write_value(&through_jv, object);
	cr_assert_str_eq(direct.data, through_jv.data);
	jv_free(object);
	pp_buffer_free(&direct);
	pp_buffer_free(&through_jv);
}

/* pp_sketch_write_json writes the text of pp_sketch_to_jv: empty, with
 * zeros and negatives, collapsed, of counts beyond 1e15 and of any
 * accuracy. */
Test(sketch, writes_the_json_of_its_jv)
{
	pp_values values = load("negative");
	pp_sketch *sketch = pp_sketch_new(0.01, 2048), *small = pp_sketch_new(0.1234, 16);

	assert_written_as_its_jv(sketch);
	for (size_t i = 0; i < values.count; i++)
		pp_sketch_add(sketch, values.data[i]);
	assert_written_as_its_jv(sketch);
	pp_sketch_add(sketch, 0);
	assert_written_as_its_jv(sketch);
	for (int i = -300; i <= 300; i++)
		pp_sketch_add(small, ldexp(1.5, i));
	cr_assert(small->collapsed);
	assert_written_as_its_jv(small);
	small->positive.counts[small->positive.length - 1] = 12345678901234567ull;
	small->zero_count = 1000000000000000ull;
	assert_written_as_its_jv(small);
	pp_sketch_free(small);
	pp_sketch_free(sketch);
	pp_values_free(&values);
}

/* pp_sketch_restore reads back what pp_sketch_save wrote, and refuses a
 * saved sketch whose header, "collapsed" or stores are not valid. */
Test(sketch, restores_what_it_saved_and_refuses_the_rest)
{
	static const char *const refused[] = {
		"{\"accuracy\":0.01,\"max_buckets\":16,\"zero\":0}",
		"{\"accuracy\":0.01,\"max_buckets\":16,\"zero\":-1,\"collapsed\":false}",
		"{\"accuracy\":1,\"max_buckets\":16,\"zero\":0,\"collapsed\":false}",
		"{\"accuracy\":0.01,\"max_buckets\":16,\"zero\":0,\"collapsed\":false,"
		    "\"positive\":{\"offset\":0,\"counts\":[1]}}",
		"{\"accuracy\":0.01,\"max_buckets\":16,\"zero\":0,\"collapsed\":false,"
		    "\"positive\":{\"offset\":0,\"counts\":[]},\"negative\":{\"offset\":0.5,"
		    "\"counts\":[]}}",
	};
	pp_sketch *sketch = pp_sketch_new(0.01, 16), *back;
	pp_error error;
	jv object;

	for (int i = 1; i <= 100; i++)
		pp_sketch_add(sketch, i % 3 == 0 ? -i : i);
	pp_sketch_add(sketch, 0);
	object = pp_sketch_save(sketch);
	back = pp_sketch_restore(object, &error);
	cr_assert_not_null(back, "%s", error.message);
	cr_assert_eq(back->count, 101);
	cr_assert_eq(back->zero_count, 1);
	cr_assert_eq(back->collapsed, sketch->collapsed);
	for (uint64_t rank = 1; rank <= sketch->count; rank++)
		cr_assert_eq(pp_sketch_value_at_rank(back, rank),
		    pp_sketch_value_at_rank(sketch, rank));
	jv_free(object);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		object = jv_parse(refused[i]);
		cr_assert_null(pp_sketch_restore(object, &error), "%s", refused[i]);
		cr_assert_str_eq(error.message, "\"sketch\" is not a valid saved sketch");
		jv_free(object);
	}
	pp_sketch_free(back);
	pp_sketch_free(sketch);
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
