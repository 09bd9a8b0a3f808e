/* Unit tests for pp_rank_tests: Kendall's tau and the Mann–Kendall test,
 * Spearman's rho and the Mann–Whitney U test against scipy.stats
 * (kendalltau, spearmanr, mannwhitneyu), on flat, rising, falling, step
 * and seasonal series and on samples of runs; Hodges–Lehmann against
 * numpy. */
#include <criterion/criterion.h>

#include <math.h>

#include "pp_rank_tests.h"
#include "reference_series.h"

Test(rank_tests, kendall_and_mann_kendall_match_kendalltau_on_flat)
{
	pp_rank_result tau, trend;

	/* /usr/bin/python3 tests/unit/reference_stats.py kendalltau t24 flat
	 * -> SignificanceResult(statistic=0.055887729251236994, pvalue=0.7084417085089889) */
	cr_assert_eq(pp_kendall_tau(t24, flat, 24, &tau, NULL), PP_OK);
	expect_estimate(tau.statistic, 0.055887729251236994);
	expect_p_value(tau.p_value, 0.7084417085089889);
	cr_assert_eq(pp_mann_kendall(flat, 24, &trend, NULL), PP_OK);
	expect_estimate(trend.statistic, 0.055887729251236994);
	expect_p_value(trend.p_value, 0.7084417085089889);
}

Test(rank_tests, spearman_matches_spearmanr_on_flat)
{
	pp_rank_result rho;

	/* /usr/bin/python3 tests/unit/reference_stats.py spearmanr t24 flat
	 * -> SignificanceResult(statistic=0.04320343927348167, pvalue=0.8411309212349959) */
	cr_assert_eq(pp_spearman(t24, flat, 24, &rho, NULL), PP_OK);
	expect_estimate(rho.statistic, 0.04320343927348167);
	expect_p_value(rho.p_value, 0.8411309212349959);
}

Test(rank_tests, kendall_and_mann_kendall_match_kendalltau_on_rising)
{
	pp_rank_result tau, trend;

	/* /usr/bin/python3 tests/unit/reference_stats.py kendalltau t24 rising
	 * -> SignificanceResult(statistic=0.9420289855072465, pvalue=2.3524599240204726e-17) */
	cr_assert_eq(pp_kendall_tau(t24, rising, 24, &tau, NULL), PP_OK);
	expect_estimate(tau.statistic, 0.9420289855072465);
	expect_p_value(tau.p_value, 2.3524599240204726e-17);
	cr_assert_eq(pp_mann_kendall(rising, 24, &trend, NULL), PP_OK);
	expect_estimate(trend.statistic, 0.9420289855072465);
	expect_p_value(trend.p_value, 2.3524599240204726e-17);
}

Test(rank_tests, spearman_matches_spearmanr_on_rising)
{
	pp_rank_result rho;

	/* /usr/bin/python3 tests/unit/reference_stats.py spearmanr t24 rising
	 * -> SignificanceResult(statistic=0.9930434782608695, pvalue=6.159862590432449e-22) */
	cr_assert_eq(pp_spearman(t24, rising, 24, &rho, NULL), PP_OK);
	expect_estimate(rho.statistic, 0.9930434782608695);
	expect_p_value(rho.p_value, 6.159862590432449e-22);
}

Test(rank_tests, kendall_and_mann_kendall_match_kendalltau_on_falling)
{
	pp_rank_result tau, trend;

	/* /usr/bin/python3 tests/unit/reference_stats.py kendalltau t24 falling
	 * -> SignificanceResult(statistic=-1.0, pvalue=3.2234751421922368e-24) */
	cr_assert_eq(pp_kendall_tau(t24, falling, 24, &tau, NULL), PP_OK);
	expect_estimate(tau.statistic, -1.0);
	expect_p_value(tau.p_value, 3.2234751421922368e-24);
	cr_assert_eq(pp_mann_kendall(falling, 24, &trend, NULL), PP_OK);
	expect_estimate(trend.statistic, -1.0);
	expect_p_value(trend.p_value, 3.2234751421922368e-24);
}

Test(rank_tests, spearman_matches_spearmanr_on_falling)
{
	pp_rank_result rho;

	/* /usr/bin/python3 tests/unit/reference_stats.py spearmanr t24 falling
	 * -> SignificanceResult(statistic=-0.9999999999999999, pvalue=1.0880221377787092e-173)
	 * scipy's p there comes from rho rounded off -1; in exact arithmetic
	 * /usr/bin/python3 tests/unit/reference_stats.py spearman_exact t24 falling
	 * -> -1 0.0 (a perfect rank correlation: t is infinite, p is 0). */
	cr_assert_eq(pp_spearman(t24, falling, 24, &rho, NULL), PP_OK);
	expect_estimate(rho.statistic, -1.0);
	expect_p_value(rho.p_value, 0.0);
}

Test(rank_tests, kendall_and_mann_kendall_match_kendalltau_on_step)
{
	pp_rank_result tau, trend;

	/* /usr/bin/python3 tests/unit/reference_stats.py kendalltau t24 step
	 * -> SignificanceResult(statistic=0.5454581518013553, pvalue=0.0001969071754877257) */
	cr_assert_eq(pp_kendall_tau(t24, step, 24, &tau, NULL), PP_OK);
	expect_estimate(tau.statistic, 0.5454581518013553);
	expect_p_value(tau.p_value, 0.0001969071754877257);
	cr_assert_eq(pp_mann_kendall(step, 24, &trend, NULL), PP_OK);
	expect_estimate(trend.statistic, 0.5454581518013553);
	expect_p_value(trend.p_value, 0.0001969071754877257);
}

Test(rank_tests, spearman_matches_spearmanr_on_step)
{
	pp_rank_result rho;

	/* /usr/bin/python3 tests/unit/reference_stats.py spearmanr t24 step
	 * -> SignificanceResult(statistic=0.7490213844721924, pvalue=2.539918277159967e-05) */
	cr_assert_eq(pp_spearman(t24, step, 24, &rho, NULL), PP_OK);
	expect_estimate(rho.statistic, 0.7490213844721924);
	expect_p_value(rho.p_value, 2.539918277159967e-05);
}

Test(rank_tests, kendall_and_mann_kendall_match_kendalltau_on_seasonal)
{
	pp_rank_result tau, trend;

	/* /usr/bin/python3 tests/unit/reference_stats.py kendalltau t48 seasonal
	 * -> SignificanceResult(statistic=-0.11618626419597444, pvalue=0.24427034092989075) */
	cr_assert_eq(pp_kendall_tau(t48, seasonal, 48, &tau, NULL), PP_OK);
	expect_estimate(tau.statistic, -0.11618626419597444);
	expect_p_value(tau.p_value, 0.24427034092989075);
	cr_assert_eq(pp_mann_kendall(seasonal, 48, &trend, NULL), PP_OK);
	expect_estimate(trend.statistic, -0.11618626419597444);
	expect_p_value(trend.p_value, 0.24427034092989075);
}

Test(rank_tests, spearman_matches_spearmanr_on_seasonal)
{
	pp_rank_result rho;

	/* /usr/bin/python3 tests/unit/reference_stats.py spearmanr t48 seasonal
	 * -> SignificanceResult(statistic=-0.1675034603162526, pvalue=0.25513306213991443) */
	cr_assert_eq(pp_spearman(t48, seasonal, 48, &rho, NULL), PP_OK);
	expect_estimate(rho.statistic, -0.1675034603162526);
	expect_p_value(rho.p_value, 0.25513306213991443);
}

Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_thirty_runs_a_side_with_a_10_percent_slowdown)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu baseline slower
	 * -> MannwhitneyuResult(statistic=49.0, pvalue=3.1967402228021653e-09) */
	cr_assert_eq(pp_mann_whitney(baseline, 30, slower, 30, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 49.0);
	expect_p_value(u.p_value, 3.1967402228021653e-09);
}

Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_small_samples_exactly)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu small_a small_b
	 * -> MannwhitneyuResult(statistic=3.0, pvalue=0.008158508158508158) */
	cr_assert_eq(pp_mann_whitney(small_a, 6, small_b, 7, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 3.0);
	expect_p_value(u.p_value, 0.008158508158508158);
}

Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_one_small_sample_exactly)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu tiny many
	 * -> MannwhitneyuResult(statistic=14.0, pvalue=0.023823028927963702) */
	cr_assert_eq(pp_mann_whitney(tiny, 3, many, 40, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 14.0);
	expect_p_value(u.p_value, 0.023823028927963702);
}

Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_tied_values_with_the_tie_correction)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu flat step
	 * -> MannwhitneyuResult(statistic=148.5, pvalue=0.004087131620560789) */
	cr_assert_eq(pp_mann_whitney(flat, 24, step, 24, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 148.5);
	expect_p_value(u.p_value, 0.004087131620560789);
}

Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_samples_in_either_order)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu slower baseline
	 * -> MannwhitneyuResult(statistic=851.0, pvalue=3.1967402228021653e-09) */
	cr_assert_eq(pp_mann_whitney(slower, 30, baseline, 30, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 851.0);
	expect_p_value(u.p_value, 3.1967402228021653e-09);
}

Test(rank_tests, hodges_lehmann_matches_numpy_on_baseline_and_slower)
{
	pp_shift shift;

	/* /usr/bin/python3 tests/unit/reference_stats.py hodges_lehmann baseline slower
	 * -> 10.318000000000005 7.77300000000001 12.908000000000001 */
	cr_assert_eq(pp_hodges_lehmann(baseline, 30, slower, 30, 0.95, &shift, NULL), PP_OK);
	expect_estimate(shift.estimate, 10.318000000000005);
	expect_estimate(shift.low, 7.77300000000001);
	expect_estimate(shift.high, 12.908000000000001);
}

Test(rank_tests, hodges_lehmann_matches_numpy_on_small_a_and_small_b)
{
	pp_shift shift;

	/* /usr/bin/python3 tests/unit/reference_stats.py hodges_lehmann small_a small_b
	 * -> 2.05 0.6999999999999993 3.3000000000000007 */
	cr_assert_eq(pp_hodges_lehmann(small_a, 6, small_b, 7, 0.95, &shift, NULL), PP_OK);
	expect_estimate(shift.estimate, 2.05);
	expect_estimate(shift.low, 0.6999999999999993);
	expect_estimate(shift.high, 3.3000000000000007);
}

Test(rank_tests, average_ranks_share_ties)
{
	const double values[] = {30, 10, 20, 10, 40, 20};
	double ranks[6];

	/* /usr/bin/python3 -c "from scipy import stats; print(stats.rankdata([30,10,20,10,40,20]))"
	 * -> [5.  1.5 3.5 1.5 6.  3.5] */
	pp_rank_average(values, 6, ranks);
	cr_assert_eq(ranks[0], 5.0);
	cr_assert_eq(ranks[1], 1.5);
	cr_assert_eq(ranks[2], 3.5);
	cr_assert_eq(ranks[3], 1.5);
	cr_assert_eq(ranks[4], 6.0);
	cr_assert_eq(ranks[5], 3.5);
}

Test(rank_tests, kendall_of_a_constant_is_nan_and_bad_input_is_refused)
{
	const double x[] = {1, 2, 3}, same[] = {5, 5, 5}, bad[] = {1, NAN, 3};
	pp_rank_result result;
	pp_error error = {NULL, 0, ""};

	cr_assert_eq(pp_kendall_tau(x, same, 3, &result, NULL), PP_OK);
	cr_assert(isnan(result.statistic) && isnan(result.p_value));
	cr_assert_eq(pp_kendall_tau(x, x, 1, &result, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "Kendall's tau needs at least two pairs, not 1");
	cr_assert_eq(pp_kendall_tau(x, bad, 3, &result, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "value 2 of y is not finite");
	cr_assert_eq(pp_spearman(x, x, 2, &result, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "Spearman's rho needs at least three pairs, not 2");
	cr_assert_eq(pp_mann_whitney(x, 0, x, 3, &result, &error), PP_ERR_INVALID);
	cr_assert_eq(pp_mann_whitney(x, 3, bad, 3, &result, &error), PP_ERR_INVALID);
}

Test(rank_tests, kendall_exact_for_a_long_series_with_one_discordant_pair)
{
	double x[40], y[40];
	pp_rank_result result;
	int i;

	for (i = 0; i < 40; i++)
		x[i] = y[i] = i;
	y[0] = 1;
	y[1] = 0;
	/* /usr/bin/python3 -c "from scipy import stats; y=list(range(40)); y[0],y[1]=1,0; print(stats.kendalltau(range(40), y))"
	 * -> SignificanceResult(statistic=0.9974358974358974, pvalue=9.804939513027087e-47) */
	cr_assert_eq(pp_kendall_tau(x, y, 40, &result, NULL), PP_OK);
	cr_assert(result.exact);
	expect_estimate(result.statistic, 0.9974358974358974);
	expect_p_value(result.p_value, 9.804939513027087e-47);
	expect_estimate(result.p_value, 9.804939513027087e-47);
}

Test(rank_tests, mann_whitney_of_identical_samples_has_p_one)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu baseline baseline
	 * -> MannwhitneyuResult(statistic=450.0, pvalue=1.0) */
	cr_assert_eq(pp_mann_whitney(baseline, 30, baseline, 30, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 450.0);
	expect_p_value(u.p_value, 1.0);
}
Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_rising_and_falling)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu rising falling
	 * -> MannwhitneyuResult(statistic=0.0, pvalue=3.06366423367317e-09) */
	cr_assert_eq(pp_mann_whitney(rising, 24, falling, 24, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 0.0);
	expect_p_value(u.p_value, 3.06366423367317e-09);
}

Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_seasonal_and_flat)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu seasonal flat
	 * -> MannwhitneyuResult(statistic=568.0, pvalue=0.9285933686739037) */
	cr_assert_eq(pp_mann_whitney(seasonal, 48, flat, 24, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 568.0);
	expect_p_value(u.p_value, 0.9285933686739037);
}

Test(rank_tests, mann_whitney_matches_mannwhitneyu_on_step_and_rising)
{
	pp_rank_result u;

	/* /usr/bin/python3 tests/unit/reference_stats.py mannwhitneyu step rising
	 * -> MannwhitneyuResult(statistic=300.5, pvalue=0.8045397627713888) */
	cr_assert_eq(pp_mann_whitney(step, 24, rising, 24, &u, NULL), PP_OK);
	expect_estimate(u.statistic, 300.5);
	expect_p_value(u.p_value, 0.8045397627713888);
}


/* Both two-sample procedures refuse an empty side, then a non-finite value,
 * naming what needs the values and which sample holds the bad one. */
Test(rank_tests, two_sample_procedures_name_what_they_refuse)
{
	const double x[] = {1, 2, 3}, bad[] = {1, NAN, 3};
	pp_rank_result result;
	pp_shift shift;
	pp_error error = {NULL, 0, ""};

	cr_assert_eq(pp_mann_whitney(x, 0, x, 3, &result, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "the Mann-Whitney test needs values on both sides");
	cr_assert_eq(pp_hodges_lehmann(x, 3, x, 0, 0.95, &shift, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "a shift needs values on both sides");
	cr_assert_eq(pp_mann_whitney(bad, 3, x, 3, &result, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "value 2 of the first sample is not finite");
	cr_assert_eq(pp_hodges_lehmann(x, 3, bad, 3, 0.95, &shift, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "value 2 of the second sample is not finite");
}
