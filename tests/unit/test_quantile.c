/* Unit tests for pp_quantile: percentile parsing, exact integer ranks and
 * nearest-rank selection on the data sets of tests/data/perf-aggregate. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pp_quantile.h"

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

Test(quantile, parses_percentiles_and_their_keys)
{
	pp_percentile p;

	cr_assert_eq(pp_percentile_parse("99.9", &p, NULL), PP_OK);
	cr_assert_eq(p.numerator, 999);
	cr_assert_eq(p.denominator, 10);
	cr_assert_str_eq(p.key, "p99.9");
	cr_assert_eq(pp_percentile_parse("50.000", &p, NULL), PP_OK);
	cr_assert_str_eq(p.key, "p50");
	cr_assert_eq(pp_percentile_parse("0.001", &p, NULL), PP_OK);
	cr_assert_str_eq(p.key, "p0.001");
	cr_assert_eq(pp_percentile_parse("100", &p, NULL), PP_OK);
	cr_assert_str_eq(p.key, "p100");
}

Test(quantile, refuses_what_is_not_a_percentile)
{
	const char *bad[] = {"", "0", "0.0", "100.01", "101", "-5", "5%", "1e1", "50.",
	    "abc", "99.0000000001", "1.2.3"};
	pp_percentile p;
	pp_error error;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_neq(pp_percentile_parse(bad[i], &p, &error), PP_OK, "%s", bad[i]);
}

Test(quantile, lists_come_sorted_without_duplicates)
{
	pp_percentile *list;
	size_t count;

	cr_assert_eq(pp_percentile_parse_list("99,50,99.0,5,99.9", &list, &count, NULL), PP_OK);
	cr_assert_eq(count, 4);
	cr_assert_str_eq(list[0].key, "p5");
	cr_assert_str_eq(list[1].key, "p50");
	cr_assert_str_eq(list[2].key, "p99");
	cr_assert_str_eq(list[3].key, "p99.9");
	free(list);
	cr_assert_neq(pp_percentile_parse_list("50,,99", &list, &count, NULL), PP_OK);
}

/* The trap of the issue: 99.9 / 100 * 10000 is 9990.000000000002 in
 * doubles, and a naive ceil makes it 9991. */
Test(quantile, ranks_are_exact_where_doubles_are_not)
{
	pp_percentile p;

	pp_percentile_parse("99.9", &p, NULL);
	cr_assert_eq(pp_percentile_rank(&p, 10000), 9990);
	cr_assert_eq(pp_percentile_rank(&p, 10001), 9991);
	cr_assert_eq(pp_percentile_rank(&p, 1), 1);
	pp_percentile_parse("0.001", &p, NULL);
	cr_assert_eq(pp_percentile_rank(&p, 10), 1);
	pp_percentile_parse("100", &p, NULL);
	cr_assert_eq(pp_percentile_rank(&p, 7), 7);
	pp_percentile_parse("50", &p, NULL);
	cr_assert_eq(pp_percentile_rank(&p, 1ULL << 62), 1ULL << 61);
}

Test(quantile, one_to_hundred_in_any_order)
{
	pp_values values = PP_VALUES_INIT;
	pp_percentile *list;
	size_t count, i;
	double results[4];

	/* 1..100 shuffled by a fixed permutation (37 is prime to 100). */
	for (i = 0; i < 100; i++)
		pp_values_add(&values, (double)((i * 37) % 100 + 1));
	pp_percentile_parse_list("50,95,99,99.9", &list, &count, NULL);
	pp_values_percentiles(&values, list, count, results);
	cr_assert_eq(results[0], 50);
	cr_assert_eq(results[1], 95);
	cr_assert_eq(results[2], 99);
	cr_assert_eq(results[3], 100);
	free(list);
	pp_values_free(&values);
}

Test(quantile, refuses_nan)
{
	pp_values values = PP_VALUES_INIT;

	cr_assert_eq(pp_values_add(&values, NAN), PP_ERR_INVALID);
	cr_assert_eq(values.count, 0);
	cr_assert_eq(pp_values_add(&values, -INFINITY), PP_OK);
	pp_values_free(&values);
}

/*
 * Reference: the nearest-rank value computed with exact fractions, by
 *   cd tests/data/perf-aggregate && /usr/bin/python3 -c '
 *   import math; from fractions import Fraction
 *   for name in ["lognormal","heavy","constant","one","two","negative","tiny","huge"]:
 *     s = sorted(float(l) for l in open(f"values-{name}.txt")); n = len(s)
 *     print(name, [repr(s[max(1, math.ceil(Fraction(p) * n / 100)) - 1])
 *       for p in ["50","95","99","99.9","0.1","100","33.333"]])'
 */
typedef struct reference {
	const char *name;
	size_t count;
	double expected[7];
} reference;

static const reference references[] = {
	{"lognormal", 10000, {20.13669824960929, 106.3461188111743, 220.33981547871406,
	    408.19962721467584, 1.04747970306222, 1385.6905842542885, 13.054720265712774}},
	{"heavy", 10000, {9.362068019808083, 74.18229010862834, 306.40788907766733,
	    1986.200494290126, 5.006428285130788, 14144.701883854119, 7.175445456559405}},
	{"constant", 1000, {7.25, 7.25, 7.25, 7.25, 7.25, 7.25, 7.25}},
	{"one", 1, {42.5, 42.5, 42.5, 42.5, 42.5, 42.5, 42.5}},
	{"two", 2, {-3.0, 9.0, 9.0, 9.0, -3.0, 9.0, -3.0}},
	{"negative", 999, {-49.64720724645274, -16.030104489232542, 0.3755945192143031,
	    13.486918640824193, -118.81077986125798, 13.486918640824193, -59.1515405120077}},
	{"tiny", 2000, {4.936147661321197e-06, 8.514676596791968e-06, 8.867081131435346e-06,
	    8.985513877268542e-06, 1.0035834777632865e-06, 8.992929396632504e-06,
	    3.699398362003824e-06}},
	{"huge", 2000, {4962146255392.637, 8607474613605.348, 8909527993219.488,
	    8993520376198.357, 1004777434480.5208, 8998714208735.543, 3640437891935.2915}},
};

Test(quantile, equal_the_exact_nearest_rank_on_every_data_set)
{
	/* Parsed in this order; pp_values_percentiles wants them ascending. */
	const char *texts[] = {"50", "95", "99", "99.9", "0.1", "100", "33.333"};

	for (size_t d = 0; d < sizeof(references) / sizeof(references[0]); d++) {
		pp_values values = load(references[d].name);

		cr_assert_eq(values.count, references[d].count, "%s", references[d].name);
		for (size_t i = 0; i < 7; i++) {
			pp_percentile p;
			double result;

			pp_percentile_parse(texts[i], &p, NULL);
			pp_values_percentiles(&values, &p, 1, &result);
			cr_expect_eq(result, references[d].expected[i], "%s p%s: %.17g",
			    references[d].name, texts[i], result);
		}
		pp_values_free(&values);
	}
}

Test(quantile, several_percentiles_at_once_equal_one_at_a_time)
{
	pp_values values = load("heavy");
	pp_percentile *list;
	size_t count;
	double results[7];

	pp_percentile_parse_list("0.1,33.333,50,95,99,99.9,100", &list, &count, NULL);
	pp_values_percentiles(&values, list, count, results);
	cr_assert_eq(results[0], references[1].expected[4]);
	cr_assert_eq(results[1], references[1].expected[6]);
	cr_assert_eq(results[2], references[1].expected[0]);
	cr_assert_eq(results[3], references[1].expected[1]);
	cr_assert_eq(results[4], references[1].expected[2]);
	cr_assert_eq(results[5], references[1].expected[3]);
	cr_assert_eq(results[6], references[1].expected[5]);
	free(list);
	pp_values_free(&values);
}

Test(quantile, select_survives_sorted_reversed_and_equal_inputs)
{
	size_t n = 100001, i;
	double *data = malloc(n * sizeof(double));

	for (i = 0; i < n; i++)
		data[i] = (double)(n - i);
	pp_select(data, n, 5000);
	cr_assert_eq(data[5000], 5001);
	for (i = 0; i < n; i++)
		data[i] = (double)(i % 3);
	pp_select(data, n, n - 1);
	cr_assert_eq(data[n - 1], 2);
	pp_select(data, n, 0);
	cr_assert_eq(data[0], 0);
	free(data);
}
