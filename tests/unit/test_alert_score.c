/* Unit tests for pp_alert_score: the robust z-score and the relative
 * change used by anomaly and trend rules, and the normal quantile (from
 * pp_distributions) that an anomaly rule's sensitivity maps to. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "pp_alert_score.h"

/* References from scipy 1.10:
 * /usr/bin/python3 -c "from scipy.stats import norm;
 *   [print(p, repr(norm.ppf(p))) for p in [0.975,0.9995,0.5,0.001,1e-10,0.02,0.99]]" */
Test(alert_score, normal_quantile_matches_scipy)
{
	static const double cases[][2] = {
		{0.975, 1.959963984540054}, {0.9995, 3.2905267314919255}, {0.5, 0.0},
		{0.001, -3.090232306167813}, {1e-10, -6.361340902404056},
		{0.02, -2.053748910631823}, {0.99, 2.3263478740408408},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_assert_float_eq(pp_normal_quantile(cases[i][0]), cases[i][1],
		    1e-12 * (1 + fabs(cases[i][1])), "p=%g", cases[i][0]);
}

Test(alert_score, normal_quantile_at_and_beyond_the_ends)
{
	cr_assert(isinf(pp_normal_quantile(0)) && pp_normal_quantile(0) < 0);
	cr_assert(isinf(pp_normal_quantile(1)) && pp_normal_quantile(1) > 0);
	cr_assert(isnan(pp_normal_quantile(-0.5)));
	cr_assert(isnan(pp_normal_quantile(NAN)));
}

/* References from numpy:
 * /usr/bin/python3 -c "import numpy as np; h=np.array([10,12,11,13,9,10,11,12,10,30.]);
 *   m=np.median(h); mad=np.median(abs(h-m)); print(repr((20-m)/(1.4826*mad)),
 *   repr((5-m)/(1.4826*mad)))" */
Test(alert_score, robust_z_matches_numpy_with_an_outlier_in_the_history)
{
	/* Unsorted on purpose, and the outlier 30 barely moves the scale. */
	const double history[] = {10, 12, 11, 13, 9, 10, 11, 12, 10, 30};
	double scratch[10];

	cr_assert_float_eq(pp_robust_z(history, 10, 20, scratch, NULL), 6.070416835289357, 1e-12);
	cr_assert_float_eq(pp_robust_z(history, 10, 5, scratch, NULL), -4.046944556859572, 1e-12);
	cr_assert_float_eq(pp_robust_z(history, 10, 11, scratch, NULL), 0, 0);
	cr_assert_float_eq(history[9], 30, 0, "the history is left untouched");
}

/* /usr/bin/python3 -c "import numpy as np; h=np.array([5,5,5,5,7.]); m=np.median(h);
 *   print(repr((9-m)/(1.2533*np.mean(abs(h-m)))))" */
Test(alert_score, robust_z_falls_back_to_the_mean_deviation_when_the_mad_is_zero)
{
	const double history[] = {5, 5, 5, 5, 7};
	double scratch[5];

	cr_assert_float_eq(pp_robust_z(history, 5, 9, scratch, NULL), 7.978935609989626, 1e-12);
}

Test(alert_score, robust_z_of_a_constant_history_is_infinite_or_zero)
{
	const double history[] = {4, 4, 4};
	double scratch[3];

	cr_assert(isinf(pp_robust_z(history, 3, 5, scratch, NULL)));
	cr_assert(pp_robust_z(history, 3, 3, scratch, NULL) < 0);
	cr_assert_float_eq(pp_robust_z(history, 3, 4, scratch, NULL), 0, 0);
}

Test(alert_score, robust_z_of_one_value)
{
	const double history[] = {-2};
	double scratch[1];

	cr_assert(isinf(pp_robust_z(history, 1, 1e300, scratch, NULL)));
}

Test(alert_score, relative_change)
{
	cr_assert_float_eq(pp_relative_change(100, 80), -0.2, 1e-15);
	cr_assert_float_eq(pp_relative_change(100, 150), 0.5, 1e-15);
	cr_assert_float_eq(pp_relative_change(-10, -5), 0.5, 1e-15);
	cr_assert(isnan(pp_relative_change(0, 5)));
}

/* References from numpy:
 * /usr/bin/python3 -c "import numpy as np
 * a=np.array([(i*37)%17 for i in range(101)],float)
 * b=np.array([(i*37)%17 for i in range(100)],float)
 * c=np.arange(100,0,-1,dtype=float)
 * for h,x in ((a,20),(b,20),(c,7)):
 *   m=np.median(h); mad=np.median(abs(h-m)); print(repr(m), repr((x-m)/(1.4826*mad)))" */
Test(alert_score, median_and_z_of_long_histories_with_duplicates_and_reversed_order)
{
	double a[101], b[100], c[100], scratch[101], median;
	size_t i;

	for (i = 0; i < 101; i++)
		a[i] = (double)((i * 37) % 17);
	for (i = 0; i < 100; i++) {
		b[i] = (double)((i * 37) % 17);
		c[i] = (double)(100 - i);
	}
	cr_assert_float_eq(pp_robust_z(a, 101, 20, scratch, &median), 2.023472278429786, 1e-12);
	cr_assert_eq(median, 8.0);
	cr_assert_float_eq(pp_robust_z(b, 100, 20, scratch, &median), 2.023472278429786, 1e-12);
	cr_assert_eq(median, 8.0);
	cr_assert_float_eq(pp_robust_z(c, 100, 7, scratch, &median), -1.1736139214892756, 1e-12);
	cr_assert_eq(median, 50.5);
}

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The selection behind the median agrees with sorting on many
 * pseudo-random histories of every length from 1 to 64, with ties. */
Test(alert_score, median_by_selection_agrees_with_sorting)
{
	double history[64], sorted[64], scratch[64], median, expected;
	unsigned long long state = 42;
	size_t n, round, i;

	for (n = 1; n <= 64; n++)
		for (round = 0; round < 50; round++) {
			for (i = 0; i < n; i++) {
				state = state * 6364136223846793005ULL + 1442695040888963407ULL;
				history[i] = (double)((state >> 33) % (round % 2 ? 5 : 1000)) - 2;
			}
			memcpy(sorted, history, n * sizeof(double));
			qsort(sorted, n, sizeof(double), compare_doubles);
			expected = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
			pp_robust_z(history, n, 0, scratch, &median);
			cr_assert_eq(median, expected, "n=%zu round=%zu", n, round);
		}
}
