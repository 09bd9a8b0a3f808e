/* Unit tests for pp_forecast: predictions with their 95% prediction
 * interval and limit crossings of least squares lines, against the
 * textbook formula computed with scipy (linregress, t.ppf) and numpy. */
#include <criterion/criterion.h>

#include <math.h>

#include "pp_forecast.h"
#include "reference_series.h"

static pp_linear_fit
fit_of(const double *x, const double *y, size_t n)
{
	pp_linear_fit fit;

	cr_assert_eq(pp_least_squares(x, y, n, &fit, NULL), PP_OK);
	return fit;
}

Test(forecast, rising_series_predicts_and_crosses_its_limit)
{
	pp_linear_fit fit = fit_of(t24, rising, 24);
	pp_prediction p = pp_forecast_at(&fit, 10800, 0.95);

	/* /usr/bin/python3 tests/unit/reference_stats.py forecast t24 rising 10800 70
	 * -> 68.02613043478262 67.16249386897378 68.88976700059145 11979.399030135088 */
	expect_estimate(p.value, 68.02613043478262);
	expect_estimate(p.low, 67.16249386897378);
	expect_estimate(p.high, 68.88976700059145);
	expect_estimate(pp_forecast_crossing(&fit, 70, 1, 6900), 11979.399030135088);
	cr_assert(isnan(pp_forecast_crossing(&fit, 40, 0, 6900)));
}

Test(forecast, falling_series_crosses_a_lower_limit)
{
	pp_linear_fit fit = fit_of(t24, falling, 24);
	pp_prediction p = pp_forecast_at(&fit, 9000, 0.95);

	/* /usr/bin/python3 tests/unit/reference_stats.py forecast t24 falling 9000 50
	 * -> 59.01360869565217 58.214326920746444 59.81289047055789 12874.526538749062 */
	expect_estimate(p.value, 59.01360869565217);
	expect_estimate(p.low, 58.214326920746444);
	expect_estimate(p.high, 59.81289047055789);
	expect_estimate(pp_forecast_crossing(&fit, 50, 0, 6900), 12874.526538749062);
	cr_assert(isnan(pp_forecast_crossing(&fit, 100, 1, 6900)));
}

Test(forecast, seasonal_series_has_a_wide_interval)
{
	pp_linear_fit fit = fit_of(t48, seasonal, 48);
	pp_prediction p = pp_forecast_at(&fit, 15000, 0.95);

	/* /usr/bin/python3 tests/unit/reference_stats.py forecast t48 seasonal 15000 40
	 * -> 47.416130069170144 32.37670245806857 62.45555768027172 37947.31701296016 */
	expect_estimate(p.value, 47.416130069170144);
	expect_estimate(p.low, 32.37670245806857);
	expect_estimate(p.high, 62.45555768027172);
	expect_estimate(pp_forecast_crossing(&fit, 40, 0, 14100), 37947.31701296016);
}

Test(forecast, a_line_already_past_the_limit_crosses_now)
{
	pp_linear_fit fit = fit_of(t24, rising, 24);

	cr_assert_eq(pp_forecast_crossing(&fit, 55, 1, 6900), 6900);
	cr_assert_eq(pp_forecast_crossing(&fit, 75, 0, 6900), 6900);
}

Test(forecast, flat_lines_never_cross_and_two_points_have_no_interval)
{
	const double x[] = {0, 60, 120}, y[] = {5, 5, 5}, x2[] = {0, 60}, y2[] = {1, 2};
	pp_linear_fit flat_fit = fit_of(x, y, 3), two = fit_of(x2, y2, 2);
	pp_prediction p = pp_forecast_at(&two, 120, 0.95);

	cr_assert(isnan(pp_forecast_crossing(&flat_fit, 6, 1, 120)));
	cr_assert(isnan(pp_forecast_crossing(&flat_fit, 4, 0, 120)));
	expect_estimate(p.value, 3.0);
	cr_assert(isnan(p.low) && isnan(p.high));
	p = pp_forecast_at(&flat_fit, 600, 0.95);
	expect_estimate(p.value, 5.0);
	expect_estimate(p.low, 5.0);
	expect_estimate(p.high, 5.0);
}
