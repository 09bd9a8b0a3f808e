/* Unit tests for pp_anomaly: the sensitivity mapping, the robust scale
 * (against scipy), and detection: nothing on flat, rising, falling,
 * seasonal and noisy series; one level shift at the start of a step; every
 * injected spike, dip and level shift found once. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include "pp_anomaly.h"
#include "reference_series.h"

Test(anomaly, sensitivity_maps_to_the_two_sided_normal_quantile)
{
	/* /usr/bin/python3 -c "from scipy import stats; print(repr(stats.norm.ppf(0.975)), repr(stats.norm.ppf(0.9995)))"
	 * -> 1.959963984540054 3.2905267314919255 */
	expect_estimate(pp_anomaly_threshold(0.95), 1.959963984540054);
	expect_estimate(pp_anomaly_threshold(0.999), 3.2905267314919255);
	cr_assert(isnan(pp_anomaly_threshold(1.0)));
	cr_assert(isnan(pp_anomaly_threshold(0.0)));
}

Test(anomaly, robust_scale_matches_scipy_median_abs_deviation)
{
	double median, scale;

	/* /usr/bin/python3 tests/unit/reference_stats.py robust_scale noisy
	 * -> 120.306 14.340448499999999 */
	cr_assert_eq(pp_robust_scale(noisy, 80, &median, &scale, NULL), PP_OK);
	expect_estimate(median, 120.306);
	expect_estimate(scale, 14.340448499999999);
	/* /usr/bin/python3 tests/unit/reference_stats.py robust_scale small_b
	 * -> 14.9 1.3343400000000005 */
	cr_assert_eq(pp_robust_scale(small_b, 7, &median, &scale, NULL), PP_OK);
	expect_estimate(median, 14.9);
	expect_estimate(scale, 1.3343400000000005);
}

static size_t
detect(const double *values, size_t n, size_t w, pp_anomaly **found)
{
	size_t count = 99;

	cr_assert_eq(pp_detect_anomalies(values, n, w, pp_anomaly_threshold(0.999),
	    found, &count, NULL), PP_OK);
	return count;
}

Test(anomaly, finds_nothing_in_series_without_events)
{
	pp_anomaly *found;

	cr_expect_eq(detect(flat, 24, 5, &found), 0);
	free(found);
	cr_expect_eq(detect(rising, 24, 5, &found), 0);
	free(found);
	cr_expect_eq(detect(falling, 24, 5, &found), 0);
	free(found);
	cr_expect_eq(detect(seasonal, 48, 8, &found), 0);
	free(found);
	cr_expect_eq(detect(noisy, 80, 8, &found), 0);
	free(found);
}

Test(anomaly, reports_a_step_once_at_its_first_new_value)
{
	pp_anomaly *found;

	cr_assert_eq(detect(step, 24, 5, &found), 1);
	cr_expect_eq(found[0].index, 12);
	cr_expect_eq(found[0].kind, PP_ANOMALY_LEVEL_SHIFT);
	cr_expect(found[0].value > 64 && found[0].value < 66);
	cr_expect(found[0].expected > 49 && found[0].expected < 51);
	cr_expect(found[0].score > 3.29);
	free(found);
}

Test(anomaly, finds_every_injected_spike_dip_and_level_shift_once)
{
	pp_anomaly *found;

	cr_assert_eq(detect(injected, 80, 8, &found), 4);
	cr_expect_eq(found[0].index, 12);
	cr_expect_eq(found[0].kind, PP_ANOMALY_SPIKE);
	expect_estimate(found[0].value, injected[12]);
	/* What the series would have been: reference_stats.py builds injected
	 * as 100 + 0.5 i + N(0, 1) noise plus the injections, so the value
	 * expected at i is 100 + 0.5 i give or take one noise deviation (a
	 * reference from the generator, not a copy of our local median). */
	cr_expect(fabs(found[0].expected - (100 + 0.5 * 12)) <= 1.0,
	    "expected %.17g at 12, the trend is 106", found[0].expected);
	cr_expect_eq(found[1].index, 30);
	cr_expect_eq(found[1].kind, PP_ANOMALY_DIP);
	cr_expect(fabs(found[1].expected - (100 + 0.5 * 30)) <= 1.0,
	    "expected %.17g at 30, the trend is 115", found[1].expected);
	cr_expect(found[1].score < -3.29);
	cr_expect_eq(found[2].index, 44);
	cr_expect_eq(found[2].kind, PP_ANOMALY_SPIKE);
	cr_expect_eq(found[3].index, 50);
	cr_expect_eq(found[3].kind, PP_ANOMALY_LEVEL_SHIFT);
	cr_expect(found[3].value - found[3].expected > 25);
	free(found);
}

Test(anomaly, a_constant_series_with_one_spike_uses_the_mean_deviation)
{
	double values[31];
	pp_anomaly *found;
	int i;

	for (i = 0; i < 31; i++)
		values[i] = 7.0;
	values[20] = 9.0;
	cr_assert_eq(detect(values, 31, 5, &found), 1);
	cr_expect_eq(found[0].index, 20);
	cr_expect_eq(found[0].kind, PP_ANOMALY_SPIKE);
	cr_expect_eq(found[0].expected, 7.0);
	free(found);
	values[20] = 7.0;
	cr_assert_eq(detect(values, 31, 5, &found), 0);
	cr_expect_null(found);
}

Test(anomaly, refuses_short_series_and_values_that_are_not_finite)
{
	const double values[] = {1, 2, 3, 4, NAN, 6, 7};
	pp_anomaly *found;
	size_t count;
	double median, scale;
	pp_error error = {NULL, 0, ""};

	cr_assert_eq(pp_detect_anomalies(values, 4, 2, 3.0, &found, &count, &error),
	    PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "anomaly detection needs at least 5 values, not 4");
	cr_assert_eq(pp_detect_anomalies(values, 7, 2, 3.0, &found, &count, &error),
	    PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "value 5 is not finite");
	cr_assert_eq(pp_detect_anomalies(values, 7, 0, 3.0, &found, &count, &error),
	    PP_ERR_INVALID);
	cr_assert_eq(pp_robust_scale(values, 0, &median, &scale, &error), PP_ERR_INVALID);
}
