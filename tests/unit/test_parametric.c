/* Unit tests for pp_parametric: Pearson's r and Welch's t test against
 * scipy.stats.pearsonr and ttest_ind(equal_var=False). */
#include <criterion/criterion.h>

#include <math.h>

#include "pp_parametric.h"
#include "reference_series.h"

Test(parametric, pearson_matches_pearsonr_on_flat)
{
	pp_test_result r;

	/* /usr/bin/python3 tests/unit/reference_stats.py pearsonr t24 flat
	 * -> PearsonRResult(statistic=0.045260869180869454, pvalue=0.8336658100973666) */
	cr_assert_eq(pp_pearson(t24, flat, 24, &r, NULL), PP_OK);
	expect_estimate(r.statistic, 0.045260869180869454);
	expect_p_value(r.p_value, 0.8336658100973666);
}

Test(parametric, pearson_matches_pearsonr_on_rising)
{
	pp_test_result r;

	/* /usr/bin/python3 tests/unit/reference_stats.py pearsonr t24 rising
	 * -> PearsonRResult(statistic=0.995818119224232, pvalue=2.3114352715556684e-24) */
	cr_assert_eq(pp_pearson(t24, rising, 24, &r, NULL), PP_OK);
	expect_estimate(r.statistic, 0.995818119224232);
	expect_p_value(r.p_value, 2.3114352715556684e-24);
}

Test(parametric, pearson_matches_pearsonr_on_falling)
{
	pp_test_result r;

	/* /usr/bin/python3 tests/unit/reference_stats.py pearsonr t24 falling
	 * -> PearsonRResult(statistic=-0.9978290901082243, pvalue=1.7213204540477457e-27) */
	cr_assert_eq(pp_pearson(t24, falling, 24, &r, NULL), PP_OK);
	expect_estimate(r.statistic, -0.9978290901082243);
	expect_p_value(r.p_value, 1.7213204540477457e-27);
}

Test(parametric, pearson_matches_pearsonr_on_step)
{
	pp_test_result r;

	/* /usr/bin/python3 tests/unit/reference_stats.py pearsonr t24 step
	 * -> PearsonRResult(statistic=0.8659998835136526, pvalue=4.577293914174476e-08) */
	cr_assert_eq(pp_pearson(t24, step, 24, &r, NULL), PP_OK);
	expect_estimate(r.statistic, 0.8659998835136526);
	expect_p_value(r.p_value, 4.577293914174476e-08);
}

Test(parametric, pearson_matches_pearsonr_on_seasonal)
{
	pp_test_result r;

	/* /usr/bin/python3 tests/unit/reference_stats.py pearsonr t48 seasonal
	 * -> PearsonRResult(statistic=-0.18887854182091238, pvalue=0.19854652081557328) */
	cr_assert_eq(pp_pearson(t48, seasonal, 48, &r, NULL), PP_OK);
	expect_estimate(r.statistic, -0.18887854182091238);
	expect_p_value(r.p_value, 0.19854652081557328);
}

Test(parametric, welch_matches_ttest_ind_unequal_variances_on_thirty_runs_a_side_with_a_10_percent_slowdown)
{
	pp_test_result t;

	/* /usr/bin/python3 tests/unit/reference_stats.py ttest_welch baseline slower
	 * -> Ttest_indResult(statistic=-8.825355159459262, pvalue=2.581462241011163e-12) */
	cr_assert_eq(pp_welch_t(baseline, 30, slower, 30, &t, NULL), PP_OK);
	expect_estimate(t.statistic, -8.825355159459262);
	expect_p_value(t.p_value, 2.581462241011163e-12);
}

Test(parametric, welch_matches_ttest_ind_unequal_variances_on_small_samples)
{
	pp_test_result t;

	/* /usr/bin/python3 tests/unit/reference_stats.py ttest_welch small_a small_b
	 * -> Ttest_indResult(statistic=-3.6572746418561617, pvalue=0.0037757849508049863) */
	cr_assert_eq(pp_welch_t(small_a, 6, small_b, 7, &t, NULL), PP_OK);
	expect_estimate(t.statistic, -3.6572746418561617);
	expect_p_value(t.p_value, 0.0037757849508049863);
}

Test(parametric, welch_matches_ttest_ind_unequal_variances_on_a_step)
{
	pp_test_result t;

	/* /usr/bin/python3 tests/unit/reference_stats.py ttest_welch flat step
	 * -> Ttest_indResult(statistic=-4.776604581286848, pvalue=8.053683334232229e-05) */
	cr_assert_eq(pp_welch_t(flat, 24, step, 24, &t, NULL), PP_OK);
	expect_estimate(t.statistic, -4.776604581286848);
	expect_p_value(t.p_value, 8.053683334232229e-05);
}

Test(parametric, welch_matches_ttest_ind_unequal_variances_on_unequal_sizes_and_variances)
{
	pp_test_result t;

	/* /usr/bin/python3 tests/unit/reference_stats.py ttest_welch tiny many
	 * -> Ttest_indResult(statistic=-6.385275578916396, pvalue=6.42912835628796e-05) */
	cr_assert_eq(pp_welch_t(tiny, 3, many, 40, &t, NULL), PP_OK);
	expect_estimate(t.statistic, -6.385275578916396);
	expect_p_value(t.p_value, 6.42912835628796e-05);
}

Test(parametric, constant_inputs_give_nan_and_bad_inputs_are_refused)
{
	const double same[] = {4, 4, 4}, other[] = {1, 2, 3}, bad[] = {1, INFINITY, 3};
	pp_test_result result;
	pp_error error = {NULL, 0, ""};

	cr_assert_eq(pp_pearson(same, other, 3, &result, NULL), PP_OK);
	cr_assert(isnan(result.statistic) && isnan(result.p_value));
	cr_assert_eq(pp_welch_t(same, 3, same, 3, &result, NULL), PP_OK);
	cr_assert(isnan(result.statistic));
	cr_assert_eq(pp_pearson(other, other, 1, &result, &error), PP_ERR_INVALID);
	cr_assert_eq(pp_pearson(other, bad, 3, &result, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "value 2 is not finite");
	cr_assert_eq(pp_welch_t(other, 1, other, 3, &result, &error), PP_ERR_INVALID);
}

Test(parametric, two_pairs_correlate_perfectly_with_p_one)
{
	const double x[] = {1, 2}, y[] = {5, 3};
	pp_test_result result;

	/* /usr/bin/python3 -c "from scipy import stats; print(stats.pearsonr([1,2],[5,3]))"
	 * -> PearsonRResult(statistic=-1.0, pvalue=1.0) */
	cr_assert_eq(pp_pearson(x, y, 2, &result, NULL), PP_OK);
	expect_estimate(result.statistic, -1.0);
	expect_p_value(result.p_value, 1.0);
}

Test(parametric, mean_and_sample_variance)
{
	const double values[] = {2, 4, 4, 4, 5, 5, 7, 9};
	double mean, variance;

	/* /usr/bin/python3 -c "import numpy; print(numpy.var([2,4,4,4,5,5,7,9], ddof=1))"
	 * -> 4.571428571428571 */
	pp_mean_variance(values, 8, &mean, &variance);
	expect_estimate(mean, 5.0);
	expect_estimate(variance, 4.571428571428571);
	pp_mean_variance(values, 1, &mean, &variance);
	cr_assert(isnan(variance));
}
Test(parametric, welch_matches_ttest_ind_unequal_variances_on_rising_and_falling)
{
	pp_test_result t;

	/* /usr/bin/python3 tests/unit/reference_stats.py ttest_welch rising falling
	 * -> Ttest_indResult(statistic=-13.017250876097394, pvalue=2.6590290723935667e-16) */
	cr_assert_eq(pp_welch_t(rising, 24, falling, 24, &t, NULL), PP_OK);
	expect_estimate(t.statistic, -13.017250876097394);
	expect_p_value(t.p_value, 2.6590290723935667e-16);
}

Test(parametric, welch_matches_ttest_ind_unequal_variances_on_seasonal_and_flat)
{
	pp_test_result t;

	/* /usr/bin/python3 tests/unit/reference_stats.py ttest_welch seasonal flat
	 * -> Ttest_indResult(statistic=0.010021787343784533, pvalue=0.9920459789086096) */
	cr_assert_eq(pp_welch_t(seasonal, 48, flat, 24, &t, NULL), PP_OK);
	expect_estimate(t.statistic, 0.010021787343784533);
	expect_p_value(t.p_value, 0.9920459789086096);
}

Test(parametric, welch_matches_ttest_ind_unequal_variances_on_step_and_rising)
{
	pp_test_result t;

	/* /usr/bin/python3 tests/unit/reference_stats.py ttest_welch step rising
	 * -> Ttest_indResult(statistic=1.0119561005067037, pvalue=0.3190429339403527) */
	cr_assert_eq(pp_welch_t(step, 24, rising, 24, &t, NULL), PP_OK);
	expect_estimate(t.statistic, 1.0119561005067037);
	expect_p_value(t.p_value, 0.3190429339403527);
}

