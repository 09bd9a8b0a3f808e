/* Unit tests for pp_fdr_bh: Benjamini-Hochberg adjusted p-values.
 *
 * References in exact rational arithmetic, from the definition (adjusted
 * p(i) = min over j >= i of min(1, p(j) m / j)):
 * /usr/bin/python3 -c "
 * from fractions import Fraction as F
 * def bh(p):
 *     m=len(p); order=sorted(range(m), key=lambda i:p[i]); q=[0]*m; best=F(1)
 *     for rank in range(m,0,-1):
 *         i=order[rank-1]; best=min(best, F(p[i])*m/rank); q[i]=best
 *     return q
 * for p in ([0.01,0.04,0.03,0.005],[0.5],[0.001,0.001,0.2,0.9,0.04],
 *           [1e-300,0.3,0.02,0.02,1.0,0.049],[0.9,0.8,0.7]):
 *     print([repr(float(x)) for x in bh(p)])"
 * scipy >= 1.11 gives the same with
 *   scipy.stats.false_discovery_control(p, method="bh")
 * (Debian's scipy 1.10 predates it, so the rational reference above is
 * what ran here). */
#include <math.h>

#include <criterion/criterion.h>

#include "pp_fdr.h"

static void
check(const double *p, size_t n, const double *expected)
{
	double adjusted[8];
	pp_error error;

	cr_assert_eq(pp_fdr_bh(p, n, adjusted, &error), PP_OK);
	for (size_t i = 0; i < n; i++)
		cr_assert_float_eq(adjusted[i], expected[i], 1e-15 * expected[i] + 1e-320,
		    "adjusted[%zu] = %.17g, expected %.17g", i, adjusted[i], expected[i]);
}

Test(fdr, unsorted_values_keep_their_order)
{
	static const double p[] = {0.01, 0.04, 0.03, 0.005};
	static const double q[] = {0.02, 0.04, 0.04, 0.02};

	check(p, 4, q);
}

Test(fdr, one_value_is_its_own_adjustment)
{
	static const double p[] = {0.5}, q[] = {0.5};

	check(p, 1, q);
}

Test(fdr, duplicates_share_an_adjustment)
{
	static const double p[] = {0.001, 0.001, 0.2, 0.9, 0.04};
	static const double q[] = {0.0025, 0.0025, 0.25, 0.9, 0.06666666666666667};

	check(p, 5, q);
}

Test(fdr, tiny_values_ones_and_ties)
{
	static const double p[] = {1e-300, 0.3, 0.02, 0.02, 1.0, 0.049};
	static const double q[] = {6e-300, 0.36, 0.04, 0.04, 1.0, 0.07350000000000001};

	check(p, 6, q);
}

Test(fdr, large_p_values_take_the_running_minimum)
{
	static const double p[] = {0.9, 0.8, 0.7}, q[] = {0.9, 0.9, 0.9};

	check(p, 3, q);
}

Test(fdr, adjusting_in_place)
{
	double p[] = {0.01, 0.04, 0.03, 0.005};
	pp_error error;

	cr_assert_eq(pp_fdr_bh(p, 4, p, &error), PP_OK);
	cr_assert_float_eq(p[0], 0.02, 1e-17);
	cr_assert_float_eq(p[3], 0.02, 1e-17);
}

Test(fdr, empty_is_fine)
{
	pp_error error;

	cr_assert_eq(pp_fdr_bh(NULL, 0, NULL, &error), PP_OK);
}

Test(fdr, nan_negative_and_above_one_are_refused)
{
	double bad[][2] = {{0.1, NAN}, {-0.01, 0.2}, {0.3, 1.5}}, out[2];
	pp_error error;

	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(pp_fdr_bh(bad[i], 2, out, &error), PP_ERR_INVALID);
		cr_assert(strstr(error.message, "not in [0, 1]") != NULL, "%s", error.message);
	}
}
