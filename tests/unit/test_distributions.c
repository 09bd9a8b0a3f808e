/* Unit tests for pp_distributions: normal and Student t tails and
 * quantiles, and the incomplete beta function, against scipy; tails are
 * checked to 1e-6 absolute and also 1e-6 relative, far out in the tail. */
#include <criterion/criterion.h>

#include <math.h>

#include "pp_distributions.h"
#include "reference_series.h"

Test(distributions, normal_tails_and_quantiles_match_scipy_norm)
{
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.norm.cdf(-1.5)))" */
	expect_p_value(pp_normal_cdf(-1.5), 0.06680720126885807);
	expect_estimate(pp_normal_cdf(-1.5), 0.06680720126885807);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.norm.cdf(0.3)))" */
	expect_p_value(pp_normal_cdf(0.3), 0.6179114221889526);
	expect_estimate(pp_normal_cdf(0.3), 0.6179114221889526);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.norm.sf(8.0)))" */
	expect_p_value(pp_normal_sf(8.0), 6.22096057427174e-16);
	expect_estimate(pp_normal_sf(8.0), 6.22096057427174e-16);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.norm.ppf(0.975)))" */
	expect_estimate(pp_normal_quantile(0.975), 1.959963984540054);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.norm.ppf(0.5001)))" */
	expect_estimate(pp_normal_quantile(0.5001), 0.0002506628300880075);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.norm.ppf(1e-10)))" */
	expect_estimate(pp_normal_quantile(1e-10), -6.361340902404056);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.norm.ppf(0.9995)))" */
	expect_estimate(pp_normal_quantile(0.9995), 3.2905267314919255);
}

Test(distributions, incomplete_beta_matches_scipy_betainc)
{
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(special.betainc(2.5, 0.5, 0.3)))" */
	expect_p_value(pp_incomplete_beta(2.5, 0.5, 0.3), 0.01892712407194565);
	expect_estimate(pp_incomplete_beta(2.5, 0.5, 0.3), 0.01892712407194565);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(special.betainc(30, 40, 0.45)))" */
	expect_p_value(pp_incomplete_beta(30, 40, 0.45), 0.6447480085585666);
	expect_estimate(pp_incomplete_beta(30, 40, 0.45), 0.6447480085585666);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(special.betainc(0.5, 0.5, 0.999)))" */
	expect_p_value(pp_incomplete_beta(0.5, 0.5, 0.999), 0.9798649583666225);
	expect_estimate(pp_incomplete_beta(0.5, 0.5, 0.999), 0.9798649583666225);
}

Test(distributions, student_t_tails_match_scipy_t)
{
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.cdf(-2.0, 1.0)))" */
	expect_p_value(pp_student_t_cdf(-2.0, 1.0), 0.1475836176504332);
	expect_estimate(pp_student_t_cdf(-2.0, 1.0), 0.1475836176504332);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.sf(2.1, 2.5)))" */
	expect_p_value(pp_student_t_sf(2.1, 2.5), 0.0722512223774219);
	expect_estimate(pp_student_t_sf(2.1, 2.5), 0.0722512223774219);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.sf(0.001, 10.0)))" */
	expect_p_value(pp_student_t_sf(0.001, 10.0), 0.4996108916873705);
	expect_estimate(pp_student_t_sf(0.001, 10.0), 0.4996108916873705);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.sf(-3.0, 30.0)))" */
	expect_p_value(pp_student_t_sf(-3.0, 30.0), 0.997305017967174);
	expect_estimate(pp_student_t_sf(-3.0, 30.0), 0.997305017967174);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.sf(12.0, 57.3)))" */
	expect_p_value(pp_student_t_sf(12.0, 57.3), 1.4315805986311487e-17);
	expect_estimate(pp_student_t_sf(12.0, 57.3), 1.4315805986311487e-17);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.cdf(1.0, 1e6)))" */
	expect_p_value(pp_student_t_cdf(1.0, 1e6), 0.841344625083211);
	expect_estimate(pp_student_t_cdf(1.0, 1e6), 0.841344625083211);
}

Test(distributions, student_t_quantiles_match_scipy_t_ppf)
{
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.ppf(0.975, 4.0)))" */
	expect_estimate(pp_student_t_quantile(0.975, 4.0), 2.7764451051977987);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.ppf(0.025, 22.7)))" */
	expect_estimate(pp_student_t_quantile(0.025, 22.7), -2.070171436279044);
	/* /usr/bin/python3 -c "from scipy import stats, special; print(repr(stats.t.ppf(0.9999, 1.0)))" */
	expect_estimate(pp_student_t_quantile(0.9999, 1.0), 3183.0987571537103);
}

Test(distributions, quantiles_invert_the_tails)
{
	double p;

	for (p = 0.001; p < 1.0; p += 0.0499) {
		expect_estimate(pp_normal_cdf(pp_normal_quantile(p)), p);
		expect_estimate(pp_student_t_cdf(pp_student_t_quantile(p, 3.5), 3.5), p);
	}
}

Test(distributions, edges_give_infinities_and_nan)
{
	cr_assert(isinf(pp_normal_quantile(0.0)) && pp_normal_quantile(0.0) < 0);
	cr_assert(isinf(pp_normal_quantile(1.0)) && pp_normal_quantile(1.0) > 0);
	cr_assert_eq(pp_normal_quantile(0.5), 0.0);
	cr_assert(isnan(pp_normal_quantile(1.5)));
	cr_assert(isnan(pp_normal_quantile(NAN)));
	cr_assert(isnan(pp_incomplete_beta(-1.0, 1.0, 0.5)));
	cr_assert(isnan(pp_incomplete_beta(1.0, 1.0, 1.5)));
	cr_assert_eq(pp_incomplete_beta(2.0, 3.0, 0.0), 0.0);
	cr_assert_eq(pp_incomplete_beta(2.0, 3.0, 1.0), 1.0);
	cr_assert(isnan(pp_student_t_sf(1.0, 0.0)));
	cr_assert(isnan(pp_student_t_sf(NAN, 3.0)));
	cr_assert_eq(pp_student_t_sf(INFINITY, 3.0), 0.0);
	cr_assert_eq(pp_student_t_cdf(INFINITY, 3.0), 1.0);
	cr_assert_eq(pp_student_t_sf(0.0, 3.0), 0.5);
	cr_assert_eq(pp_student_t_quantile(0.5, 7.0), 0.0);
	cr_assert(isinf(pp_student_t_quantile(1.0, 7.0)));
}
