/* Unit tests for pp_alert_score: the robust z-score and the relative
 * change used by anomaly and trend rules, and the normal quantile (from
 * pp_distributions) that an anomaly rule's sensitivity maps to. */
#include <math.h>

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

	cr_assert_float_eq(pp_robust_z(history, 10, 20, scratch), 6.070416835289357, 1e-12);
	cr_assert_float_eq(pp_robust_z(history, 10, 5, scratch), -4.046944556859572, 1e-12);
	cr_assert_float_eq(pp_robust_z(history, 10, 11, scratch), 0, 0);
	cr_assert_float_eq(history[9], 30, 0, "the history is left untouched");
}

/* /usr/bin/python3 -c "import numpy as np; h=np.array([5,5,5,5,7.]); m=np.median(h);
 *   print(repr((9-m)/(1.2533*np.mean(abs(h-m)))))" */
Test(alert_score, robust_z_falls_back_to_the_mean_deviation_when_the_mad_is_zero)
{
	const double history[] = {5, 5, 5, 5, 7};
	double scratch[5];

	cr_assert_float_eq(pp_robust_z(history, 5, 9, scratch), 7.978935609989626, 1e-12);
}

Test(alert_score, robust_z_of_a_constant_history_is_infinite_or_zero)
{
	const double history[] = {4, 4, 4};
	double scratch[3];

	cr_assert(isinf(pp_robust_z(history, 3, 5, scratch)));
	cr_assert(pp_robust_z(history, 3, 3, scratch) < 0);
	cr_assert_float_eq(pp_robust_z(history, 3, 4, scratch), 0, 0);
}

Test(alert_score, robust_z_of_one_value)
{
	const double history[] = {-2};
	double scratch[1];

	cr_assert(isinf(pp_robust_z(history, 1, 1e300, scratch)));
}

Test(alert_score, relative_change)
{
	cr_assert_float_eq(pp_relative_change(100, 80), -0.2, 1e-15);
	cr_assert_float_eq(pp_relative_change(100, 150), 0.5, 1e-15);
	cr_assert_float_eq(pp_relative_change(-10, -5), 0.5, 1e-15);
	cr_assert(isnan(pp_relative_change(0, 5)));
}
