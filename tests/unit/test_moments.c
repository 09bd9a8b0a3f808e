/* Unit tests for pp_moments: Welford's update, the compensated sum and the
 * exact parallel merge. */
#include <criterion/criterion.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "pp_moments.h"

static size_t
load(const char *name, double **values)
{
	char path[1024];
	size_t n = 0, capacity = 1024;
	double value;
	FILE *file;

	snprintf(path, sizeof(path), "%s/perf-aggregate/values-%s.txt",
	    getenv("PERFPIPE_DATA"), name);
	file = fopen(path, "r");
	cr_assert_not_null(file, "cannot open %s", path);
	*values = malloc(capacity * sizeof(double));
	while (fscanf(file, "%lf", &value) == 1) {
		if (n == capacity)
			*values = realloc(*values, (capacity *= 2) * sizeof(double));
		(*values)[n++] = value;
	}
	fclose(file);
	return n;
}

static void
expect_close(double actual, double expected, double tolerance, const char *what)
{
	cr_expect(fabs(actual - expected) <= tolerance * fabs(expected),
	    "%s: %.17g, expected %.17g", what, actual, expected);
}

Test(moments, empty_and_one_value)
{
	pp_moments m = PP_MOMENTS_INIT;

	cr_assert_eq(pp_moments_mean(&m), 0);
	cr_assert_eq(pp_moments_stddev(&m), 0);
	pp_moments_add(&m, -4.5);
	cr_assert_eq(m.count, 1);
	cr_assert_eq(m.min, -4.5);
	cr_assert_eq(m.max, -4.5);
	cr_assert_eq(pp_moments_mean(&m), -4.5);
	cr_assert_eq(pp_moments_stddev(&m), 0);
}

Test(moments, a_sum_past_dbl_max_is_unknown_with_its_mean)
{
	pp_moments m = PP_MOMENTS_INIT, spread = PP_MOMENTS_INIT;

	pp_moments_add(&m, DBL_MAX);
	cr_assert_eq(pp_moments_sum(&m), DBL_MAX);
	cr_assert_eq(pp_moments_mean(&m), DBL_MAX);
	pp_moments_add(&m, DBL_MAX);
	cr_assert(isnan(pp_moments_sum(&m)));
	cr_assert(isnan(pp_moments_mean(&m)));
	cr_assert_eq(pp_moments_sum_residual(&m), 0);
	/* once past, later values never bring it back */
	pp_moments_add(&m, -DBL_MAX);
	cr_assert(isnan(pp_moments_sum(&m)));
	/* +-1e308: the sum is 0, the squared deviations overflow: unknown
	 * spread, never the 0 it read before */
	pp_moments_add(&spread, 1e308);
	pp_moments_add(&spread, -1e308);
	cr_assert_eq(pp_moments_sum(&spread), 0);
	cr_assert(isnan(pp_moments_stddev(&spread)));
}

Test(moments, sum_of_tenths_is_exact)
{
	pp_moments m = PP_MOMENTS_INIT;

	pp_moments_add(&m, 0.1);
	pp_moments_add(&m, 0.2);
	pp_moments_add(&m, 0.3);
	/* A plain sum gives 0.6000000000000001. */
	cr_assert_eq(pp_moments_sum(&m), 0.6);
}

Test(moments, compensated_sum_keeps_small_terms_next_to_huge_ones)
{
	pp_moments m = PP_MOMENTS_INIT;

	pp_moments_add(&m, 1e16);
	pp_moments_add(&m, 1);
	pp_moments_add(&m, -1e16);
	cr_assert_eq(pp_moments_sum(&m), 1);
}

/*
 * Reference: by
 *   cd tests/data/perf-aggregate && /usr/bin/python3 -c '
 *   import math, numpy as np
 *   for name in ["lognormal","heavy","negative","tiny","huge","two"]:
 *     v = [float(l) for l in open(f"values-{name}.txt")]
 *     print(name, repr(math.fsum(v)), repr(math.fsum(v) / len(v)),
 *       repr(float(np.std(np.array(v), ddof=1))))'
 */
typedef struct reference {
	const char *name;
	double sum, mean, stddev;
} reference;

static const reference references[] = {
	{"lognormal", 336916.06029585324, 33.69160602958532, 45.820689802751815},
	{"heavy", 317197.12970624433, 31.719712970624432, 256.1682346805182},
	{"negative", -49605.28564896067, -49.65494058955022, 20.773739827951854},
	{"tiny", 0.00995840493054713, 4.979202465273565e-06, 2.2390961149826577e-06},
	{"huge", 9924216278574702.0, 4962108139287.351, 2310951582234.45},
	{"two", 6.0, 3.0, 8.48528137423857},
};

Test(moments, match_fsum_and_numpy_on_every_data_set)
{
	for (size_t d = 0; d < sizeof(references) / sizeof(references[0]); d++) {
		double *values;
		size_t n = load(references[d].name, &values);
		pp_moments m = PP_MOMENTS_INIT;

		for (size_t i = 0; i < n; i++)
			pp_moments_add(&m, values[i]);
		/* The compensated sum is within one rounding of fsum. */
		expect_close(pp_moments_sum(&m), references[d].sum, 2e-16, references[d].name);
		expect_close(pp_moments_mean(&m), references[d].mean, 4e-16, references[d].name);
		expect_close(pp_moments_stddev(&m), references[d].stddev, 1e-13, references[d].name);
		free(values);
	}
}

Test(moments, merging_shards_equals_one_pass)
{
	double *values;
	size_t n = load("heavy", &values), i;
	pp_moments whole = PP_MOMENTS_INIT, shards[4] = {PP_MOMENTS_INIT, PP_MOMENTS_INIT,
	    PP_MOMENTS_INIT, PP_MOMENTS_INIT}, merged = PP_MOMENTS_INIT;

	for (i = 0; i < n; i++) {
		pp_moments_add(&whole, values[i]);
		pp_moments_add(&shards[i % 4], values[i]);
	}
	for (i = 0; i < 4; i++)
		pp_moments_merge(&merged, &shards[i]);
	cr_assert_eq(merged.count, whole.count);
	cr_assert_eq(merged.min, whole.min);
	cr_assert_eq(merged.max, whole.max);
	expect_close(pp_moments_sum(&merged), references[1].sum, 2e-16, "sum");
	expect_close(pp_moments_stddev(&merged), references[1].stddev, 1e-13, "stddev");
	free(values);
}

Test(moments, the_residual_carries_what_the_rounded_sum_loses)
{
	pp_moments m = PP_MOMENTS_INIT, back, merged = PP_MOMENTS_INIT;

	pp_moments_add(&m, 1e16);
	pp_moments_add(&m, 1);
	/* 1e16 + 1 is not a double: the sum rounds, the residual keeps 1. */
	cr_assert_eq(pp_moments_sum(&m), 1e16);
	cr_assert_eq(pp_moments_sum_residual(&m), 1);
	pp_moments_from_stats(&back, 2, 1e16, 1, 1, 1e16, 5e15, 0);
	pp_moments_merge(&merged, &back);
	pp_moments_add(&merged, -1e16);
	cr_assert_eq(pp_moments_sum(&merged), 1);
}

Test(moments, from_stats_round_trips_through_reported_values)
{
	pp_moments a = PP_MOMENTS_INIT, b = PP_MOMENTS_INIT, c, d, merged = PP_MOMENTS_INIT;

	pp_moments_add(&a, 1);
	pp_moments_add(&a, 2);
	pp_moments_add(&b, 10);
	pp_moments_from_stats(&c, a.count, pp_moments_sum(&a), pp_moments_sum_residual(&a), a.min, a.max,
	    pp_moments_mean(&a), pp_moments_stddev(&a));
	pp_moments_from_stats(&d, b.count, pp_moments_sum(&b), pp_moments_sum_residual(&b), b.min, b.max,
	    pp_moments_mean(&b), pp_moments_stddev(&b));
	pp_moments_merge(&merged, &c);
	pp_moments_merge(&merged, &d);
	cr_assert_eq(merged.count, 3);
	cr_assert_eq(pp_moments_sum(&merged), 13);
	/* sample stddev of 1, 2, 10 by hand: the squares sum to 105, minus
	 * 3 (13/3)^2 = 169/3 leaves 146/3; over n - 1 = 2 that is 73/3. */
	expect_close(pp_moments_stddev(&merged), sqrt(73.0 / 3.0), 1e-15, "stddev");
}
