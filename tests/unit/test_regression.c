/* Unit tests for pp_regression: least squares and Theil–Sen against
 * scipy.stats.linregress and theilslopes on flat, rising, falling, step
 * and seasonal series, and the edge cases. */
#include <criterion/criterion.h>

#include <math.h>

#include "pp_regression.h"
#include "reference_series.h"

Test(regression, least_squares_matches_linregress_on_flat)
{
	pp_linear_fit fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py linregress t24 flat
	 * -> LinregressResult(slope=6.9565217391304985e-06, intercept=49.951, rvalue=0.04526086918086945, pvalue=0.8336658100973666, stderr=3.2735021009678505e-05, intercept_stderr=0.13181690199733065) */
	cr_assert_eq(pp_least_squares(t24, flat, 24, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 6.9565217391304985e-06);
	expect_estimate(fit.intercept, 49.951);
	expect_estimate(fit.r, 0.04526086918086945);
	expect_p_value(fit.p_value, 0.8336658100973666);
	expect_estimate(fit.slope_stderr, 3.2735021009678505e-05);
	expect_estimate(fit.intercept_stderr, 0.13181690199733065);
}

Test(regression, theil_sen_matches_theilslopes_on_flat)
{
	pp_theil_sen fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py theilslopes flat t24
	 * -> TheilslopesResult(slope=1.1904761904761227e-05, intercept=49.908928571428575, low_slope=-6.349206349206327e-05, high_slope=0.00011111111111111071) */
	cr_assert_eq(pp_theil_sen_fit(t24, flat, 24, 0.95, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 1.1904761904761227e-05);
	expect_estimate(fit.intercept, 49.908928571428575);
	expect_estimate(fit.slope_low, -6.349206349206327e-05);
	expect_estimate(fit.slope_high, 0.00011111111111111071);
}

Test(regression, least_squares_matches_linregress_on_rising)
{
	pp_linear_fit fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py linregress t24 rising
	 * -> LinregressResult(slope=0.0016736231884057972, intercept=49.951, rvalue=0.9958181192242321, pvalue=2.3114352715556662e-24, stderr=3.273502100967774e-05, intercept_stderr=0.13181690199732757) */
	cr_assert_eq(pp_least_squares(t24, rising, 24, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 0.0016736231884057972);
	expect_estimate(fit.intercept, 49.951);
	expect_estimate(fit.r, 0.9958181192242321);
	expect_p_value(fit.p_value, 2.3114352715556662e-24);
	expect_estimate(fit.slope_stderr, 3.273502100967774e-05);
	expect_estimate(fit.intercept_stderr, 0.13181690199732757);
}

Test(regression, theil_sen_matches_theilslopes_on_rising)
{
	pp_theil_sen fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py theilslopes rising t24
	 * -> TheilslopesResult(slope=0.001678571428571428, intercept=49.75892857142857, low_slope=0.0016031746031746033, high_slope=0.0017777777777777774) */
	cr_assert_eq(pp_theil_sen_fit(t24, rising, 24, 0.95, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 0.001678571428571428);
	expect_estimate(fit.intercept, 49.75892857142857);
	expect_estimate(fit.slope_low, 0.0016031746031746033);
	expect_estimate(fit.slope_high, 0.0017777777777777774);
}

Test(regression, least_squares_matches_linregress_on_falling)
{
	pp_linear_fit fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py linregress t24 falling
	 * -> LinregressResult(slope=-0.002326376811594203, intercept=79.951, rvalue=-0.9978290901082245, pvalue=1.7213204540458157e-27, stderr=3.2735021009678315e-05, intercept_stderr=0.13181690199732987) */
	cr_assert_eq(pp_least_squares(t24, falling, 24, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, -0.002326376811594203);
	expect_estimate(fit.intercept, 79.951);
	expect_estimate(fit.r, -0.9978290901082245);
	expect_p_value(fit.p_value, 1.7213204540458157e-27);
	expect_estimate(fit.slope_stderr, 3.2735021009678315e-05);
	expect_estimate(fit.intercept_stderr, 0.13181690199732987);
}

Test(regression, theil_sen_matches_theilslopes_on_falling)
{
	pp_theil_sen fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py theilslopes falling t24
	 * -> TheilslopesResult(slope=-0.00232142857142857, intercept=79.65892857142858, low_slope=-0.002396825396825398, high_slope=-0.0022222222222222222) */
	cr_assert_eq(pp_theil_sen_fit(t24, falling, 24, 0.95, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, -0.00232142857142857);
	expect_estimate(fit.intercept, 79.65892857142858);
	expect_estimate(fit.slope_low, -0.002396825396825398);
	expect_estimate(fit.slope_high, -0.0022222222222222222);
}

Test(regression, least_squares_matches_linregress_on_step)
{
	pp_linear_fit fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py linregress t24 step
	 * -> LinregressResult(slope=0.0031373913043478262, intercept=46.651, rvalue=0.8659998835136528, pvalue=4.577293914174437e-08, stderr=0.00038623169372157276, intercept_stderr=1.555272113755689) */
	cr_assert_eq(pp_least_squares(t24, step, 24, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 0.0031373913043478262);
	expect_estimate(fit.intercept, 46.651);
	expect_estimate(fit.r, 0.8659998835136528);
	expect_p_value(fit.p_value, 4.577293914174437e-08);
	expect_estimate(fit.slope_stderr, 0.00038623169372157276);
	expect_estimate(fit.intercept_stderr, 1.555272113755689);
}

Test(regression, theil_sen_matches_theilslopes_on_step)
{
	pp_theil_sen fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py theilslopes step t24
	 * -> TheilslopesResult(slope=0.0024293650793650798, intercept=49.11869047619047, low_slope=0.0002857142857142864, high_slope=0.003444444444444446) */
	cr_assert_eq(pp_theil_sen_fit(t24, step, 24, 0.95, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 0.0024293650793650798);
	expect_estimate(fit.intercept, 49.11869047619047);
	expect_estimate(fit.slope_low, 0.0002857142857142864);
	expect_estimate(fit.slope_high, 0.003444444444444446);
}

Test(regression, least_squares_matches_linregress_on_seasonal)
{
	pp_linear_fit fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py linregress t48 seasonal
	 * -> LinregressResult(slope=-0.0003231807040876139, intercept=52.26384063048435, rvalue=-0.18887854182091238, pvalue=0.1985465208155736, stderr=0.0002477396817382048, intercept_stderr=2.0274583275794735) */
	cr_assert_eq(pp_least_squares(t48, seasonal, 48, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, -0.0003231807040876139);
	expect_estimate(fit.intercept, 52.26384063048435);
	expect_estimate(fit.r, -0.18887854182091238);
	expect_p_value(fit.p_value, 0.1985465208155736);
	expect_estimate(fit.slope_stderr, 0.0002477396817382048);
	expect_estimate(fit.intercept_stderr, 2.0274583275794735);
}

Test(regression, theil_sen_matches_theilslopes_on_seasonal)
{
	pp_theil_sen fit;

	/* /usr/bin/python3 tests/unit/reference_stats.py theilslopes seasonal t48
	 * -> TheilslopesResult(slope=-0.00019444444444444424, intercept=51.22083333333333, low_slope=-0.0008571428571428569, high_slope=0.00011111111111110874) */
	cr_assert_eq(pp_theil_sen_fit(t48, seasonal, 48, 0.95, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, -0.00019444444444444424);
	expect_estimate(fit.intercept, 51.22083333333333);
	expect_estimate(fit.slope_low, -0.0008571428571428569);
	expect_estimate(fit.slope_high, 0.00011111111111110874);
}

Test(regression, two_points_make_an_exact_line)
{
	const double x[] = {0, 1}, y[] = {1, 3};
	pp_linear_fit fit;

	/* /usr/bin/python3 -c "from scipy import stats; print(stats.linregress([0,1],[1,3]))"
	 * -> LinregressResult(slope=2.0, intercept=1.0, rvalue=1.0, pvalue=0.0, stderr=0.0, intercept_stderr=0.0) */
	cr_assert_eq(pp_least_squares(x, y, 2, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 2.0);
	expect_estimate(fit.intercept, 1.0);
	expect_estimate(fit.r, 1.0);
	expect_estimate(pp_linear_predict(&fit, 10), 21.0);
}

Test(regression, a_constant_series_has_slope_zero_and_p_one)
{
	const double x[] = {0, 300, 600}, y[] = {5, 5, 5};
	pp_linear_fit fit;
	pp_theil_sen sen;

	/* /usr/bin/python3 -c "from scipy import stats; print(stats.linregress([0,300,600],[5,5,5]))"
	 * -> LinregressResult(slope=0.0, intercept=5.0, rvalue=0.0, pvalue=1.0, stderr=0.0, intercept_stderr=0.0) */
	cr_assert_eq(pp_least_squares(x, y, 3, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 0.0);
	expect_estimate(fit.intercept, 5.0);
	expect_estimate(fit.r, 0.0);
	expect_p_value(fit.p_value, 1.0);
	cr_assert_eq(pp_theil_sen_fit(x, y, 3, 0.95, &sen, NULL), PP_OK);
	expect_estimate(sen.slope, 0.0);
	expect_estimate(sen.intercept, 5.0);
}

Test(regression, epoch_abscissae_lose_no_precision)
{
	double x[24];
	pp_linear_fit fit;
	int i;

	for (i = 0; i < 24; i++)
		x[i] = 1764057600.0 + t24[i];
	/* the slope of rising against t24 (see above) does not depend on
	 * where time starts */
	cr_assert_eq(pp_least_squares(x, rising, 24, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, 0.0016736231884057972);
	expect_estimate(pp_linear_predict(&fit, 1764057600.0), 49.951);
}

Test(regression, refuses_too_few_points_not_finite_values_and_one_x)
{
	const double x[] = {1, 1, 1}, y[] = {1, 2, NAN}, good[] = {1, 2, 3};
	pp_linear_fit fit;
	pp_theil_sen sen;
	pp_error error = {NULL, 0, ""};

	cr_assert_eq(pp_least_squares(good, good, 0, &fit, &error), PP_ERR_INVALID);
	cr_assert_eq(pp_least_squares(good, good, 1, &fit, &error), PP_ERR_INVALID);
	cr_assert_eq(pp_least_squares(good, y, 3, &fit, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "point 3 is not finite");
	cr_assert_eq(pp_least_squares(x, good, 3, &fit, &error), PP_ERR_INVALID);
	cr_assert_eq(pp_theil_sen_fit(x, good, 3, 0.95, &sen, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "every point has the same x: the slope is undefined");
}

Test(regression, theil_sen_ignores_a_spike_and_accepts_unsorted_duplicate_x)
{
	/* y = 2x except one spike; x unsorted with a repeated value */
	const double x[] = {3, 0, 1, 2, 4, 2}, y[] = {6, 0, 2, 1000, 8, 4};
	pp_theil_sen sen;

	/* /usr/bin/python3 -c "from scipy import stats; print(stats.theilslopes([6,0,2,1000,8,4],[3,0,1,2,4,2]))"
	 * -> TheilslopesResult(slope=2.0, intercept=1.0, low_slope=-496.0, high_slope=500.0) */
	cr_assert_eq(pp_theil_sen_fit(x, y, 6, 0.95, &sen, NULL), PP_OK);
	expect_estimate(sen.slope, 2.0);
	expect_estimate(sen.intercept, 1.0);
	expect_estimate(sen.slope_low, -496.0);
	expect_estimate(sen.slope_high, 500.0);
}

Test(regression, median_of_even_and_odd_counts)
{
	double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2};

	cr_assert_eq(pp_median_sort(odd, 3), 2.0);
	cr_assert_eq(pp_median_sort(even, 4), 2.5);
	cr_assert(isnan(pp_median_sort(even, 0)));
}

Test(regression, negative_huge_and_unsorted_values)
{
	const double x[] = {3, 1, 2, 5, 4}, y[] = {-3e12, -1.5e12, -2.1e12, -5.2e12, -3.9e12};
	pp_linear_fit fit;
	pp_theil_sen sen;

	/* /usr/bin/python3 -c "from scipy import stats; x=[3,1,2,5,4]; y=[-3e12,-1.5e12,-2.1e12,-5.2e12,-3.9e12]; print(stats.linregress(x,y)); print(stats.theilslopes(y,x))"
	 * -> LinregressResult(slope=-920000000000.0, intercept=-380000000000.0, rvalue=-0.9913701010190958, pvalue=0.000961124037853935, stderr=70237691685.68477, intercept_stderr=232952069462.08145)
	 * -> TheilslopesResult(slope=-900000000000.0, intercept=-300000000000.0, low_slope=-1300000000000.0, high_slope=-600000000000.0) */
	cr_assert_eq(pp_least_squares(x, y, 5, &fit, NULL), PP_OK);
	expect_estimate(fit.slope, -920000000000.0);
	expect_estimate(fit.intercept, -380000000000.0);
	expect_estimate(fit.r, -0.9913701010190958);
	expect_p_value(fit.p_value, 0.000961124037853935);
	expect_estimate(fit.slope_stderr, 70237691685.68477);
	expect_estimate(fit.intercept_stderr, 232952069462.08145);
	cr_assert_eq(pp_theil_sen_fit(x, y, 5, 0.95, &sen, NULL), PP_OK);
	expect_estimate(sen.slope, -900000000000.0);
	expect_estimate(sen.intercept, -300000000000.0);
	expect_estimate(sen.slope_low, -1300000000000.0);
	expect_estimate(sen.slope_high, -600000000000.0);
}
