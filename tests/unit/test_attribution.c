/* Unit tests for pp_attribution (Adtributor): explanatory power and
 * surprise of an additive measure and of a ratio against the Python
 * reference, the choice of the explaining values, and the refusals:
 * empty, NaN, negative, zero totals, no change, an even spread. */
#include <criterion/criterion.h>

#include <math.h>

#include "pp_attribution.h"

#define EXPECT_CLOSE(x, y) cr_assert(fabs((x) - (y)) <= 1e-12 * (1.0 + fabs(y)), \
	"%.17g != %.17g", (double)(x), (double)(y))

static void
additive_table(pp_attribution_value v[4])
{
	static const char *const names[] = {"a", "b", "c", "d"};
	static const double before[] = {100, 200, 300, 400}, after[] = {110, 420, 310, 390};

	for (int i = 0; i < 4; i++)
		v[i] = (pp_attribution_value){names[i], before[i], after[i], NAN, NAN, 0, 0};
}

static void
ratio_table(pp_attribution_value v[4])
{
	static const char *const names[] = {"a", "b", "c", "d"};
	static const double a0[] = {1, 2, 3, 4}, b0[] = {100, 200, 300, 400};
	static const double a1[] = {2, 30, 3, 4}, b1[] = {100, 210, 290, 400};

	for (int i = 0; i < 4; i++)
		v[i] = (pp_attribution_value){names[i], a0[i], a1[i], b0[i], b1[i], 0, 0};
}

Test(attribution, additive_scores_match_the_python_reference)
{
	pp_attribution_value v[4];

	/* /usr/bin/python3 tests/unit/reference_attribution.py
	 * -> additive a ep 0.043478260869565216 surprise 0.00014749973074477604
	 *    additive b ep 0.9565217391304348 surprise 0.009347820426381926
	 *    additive c ep 0.043478260869565216 surprise 0.001043318641200077
	 *    additive d ep -0.043478260869565216 surprise 0.0024029173285924597 */
	additive_table(v);
	cr_assert_eq(pp_attribution_score(v, 4, false, NULL), PP_OK);
	EXPECT_CLOSE(v[0].explanatory_power, 0.043478260869565216);
	EXPECT_CLOSE(v[1].explanatory_power, 0.9565217391304348);
	EXPECT_CLOSE(v[2].explanatory_power, 0.043478260869565216);
	EXPECT_CLOSE(v[3].explanatory_power, -0.043478260869565216);
	EXPECT_CLOSE(v[0].surprise, 0.00014749973074477604);
	EXPECT_CLOSE(v[1].surprise, 0.009347820426381926);
	EXPECT_CLOSE(v[2].surprise, 0.001043318641200077);
	EXPECT_CLOSE(v[3].surprise, 0.0024029173285924597);
}

Test(attribution, ratio_scores_match_the_python_reference)
{
	pp_attribution_value v[4];

	/* /usr/bin/python3 tests/unit/reference_attribution.py
	 * -> ratio a ep 0.034482758620689655 surprise 0.00399297965735302
	 *    ratio b ep 0.9620689655172414 surprise 0.0892631088184355
	 *    ratio c ep 0.0034482758620689655 surprise 0.03531073017579436
	 *    ratio d ep 0.0 surprise 0.047024473687247645 */
	ratio_table(v);
	cr_assert_eq(pp_attribution_score(v, 4, true, NULL), PP_OK);
	EXPECT_CLOSE(v[0].explanatory_power, 0.034482758620689655);
	EXPECT_CLOSE(v[1].explanatory_power, 0.9620689655172414);
	EXPECT_CLOSE(v[2].explanatory_power, 0.0034482758620689655);
	cr_assert(fabs(v[3].explanatory_power) <= 1e-15);
	EXPECT_CLOSE(v[0].surprise, 0.00399297965735302);
	EXPECT_CLOSE(v[1].surprise, 0.0892631088184355);
	EXPECT_CLOSE(v[2].surprise, 0.03531073017579436);
	EXPECT_CLOSE(v[3].surprise, 0.047024473687247645);
}

Test(attribution, the_explanation_is_the_one_value_that_moved)
{
	pp_attribution_options o = PP_ATTRIBUTION_OPTIONS_DEFAULT;
	pp_attribution_value v[4];
	double ep, surprise;

	additive_table(v);
	cr_assert_eq(pp_attribution_score(v, 4, false, NULL), PP_OK);
	cr_assert_eq(pp_attribution_explain(v, 4, &o, &ep, &surprise), 1);
	cr_assert_str_eq(v[0].value, "b");
	EXPECT_CLOSE(ep, 0.9565217391304348);
	EXPECT_CLOSE(surprise, 0.009347820426381926);
	/* the rest follow in decreasing surprise: d, c, a */
	cr_assert_str_eq(v[1].value, "d");
	cr_assert_str_eq(v[2].value, "c");
	cr_assert_str_eq(v[3].value, "a");
}

Test(attribution, two_values_together_reach_the_threshold)
{
	pp_attribution_options o = PP_ATTRIBUTION_OPTIONS_DEFAULT;
	pp_attribution_value v[3] = {{"x", 100, 1000, NAN, NAN, 0, 0},
	    {"y", 100, 1000, NAN, NAN, 0, 0}, {"z", 100, 100, NAN, NAN, 0, 0}};
	double ep, surprise;

	cr_assert_eq(pp_attribution_score(v, 3, false, NULL), PP_OK);
	/* z lost share, so it is the most surprising, but explains none of
	 * the change (EP 0 < 0.1): x and y are chosen */
	cr_assert_eq(pp_attribution_explain(v, 3, &o, &ep, &surprise), 2);
	EXPECT_CLOSE(ep, 1.0);
	/* /usr/bin/python3 -c "import math; s=lambda p,q: 0.5*(p*math.log(2*p/(p+q))+q*math.log(2*q/(p+q))); print(repr(2*s(1/3,1000/2100)))"
	 * -> 0.012671294947192616 */
	EXPECT_CLOSE(surprise, 0.012671294947192616);
	cr_assert_str_eq(v[0].value, "x");
	cr_assert_str_eq(v[1].value, "y");
	/* a stricter surprise threshold rejects the same explanation */
	o.min_surprise = 1.0;
	cr_assert_eq(pp_attribution_explain(v, 3, &o, &ep, &surprise), 0);
	cr_assert_eq(ep, 0.0);
}

Test(attribution, an_even_spread_blames_no_value)
{
	pp_attribution_options o = PP_ATTRIBUTION_OPTIONS_DEFAULT;
	pp_attribution_value v[3] = {{"x", 100, 300, NAN, NAN, 0, 0},
	    {"y", 200, 600, NAN, NAN, 0, 0}, {"z", 300, 900, NAN, NAN, 0, 0}};
	double ep, surprise;

	cr_assert_eq(pp_attribution_score(v, 3, false, NULL), PP_OK);
	for (int i = 0; i < 3; i++)
		cr_assert(v[i].surprise == 0.0);
	cr_assert_eq(pp_attribution_explain(v, 3, &o, &ep, &surprise), 0);
	cr_assert_eq(surprise, 0.0);
}

Test(attribution, every_value_needed_explains_nothing)
{
	pp_attribution_options o = PP_ATTRIBUTION_OPTIONS_DEFAULT;
	pp_attribution_value v[2] = {{"x", 100, 150, NAN, NAN, 0, 0},
	    {"y", 100, 300, NAN, NAN, 0, 0}};
	double ep, surprise;

	o.min_ep = 0.9;		/* y has 0.8: x is needed too, so both */
	cr_assert_eq(pp_attribution_score(v, 2, false, NULL), PP_OK);
	cr_assert_eq(pp_attribution_explain(v, 2, &o, &ep, &surprise), 0);
	/* one value alone is never an explanation */
	cr_assert_eq(pp_attribution_score(v, 1, false, NULL), PP_OK);
	cr_assert_eq(pp_attribution_explain(v, 1, &o, &ep, &surprise), 0);
	cr_assert_eq(pp_attribution_explain(v, 0, &o, &ep, &surprise), 0);
}

Test(attribution, bad_tables_are_refused)
{
	pp_attribution_value v[2] = {{"x", 100, 100, 1, 1, 0, 0}, {"y", 100, 100, 1, 1, 0, 0}};
	pp_error error = {0};

	cr_assert_eq(pp_attribution_score(v, 0, false, &error), PP_ERR_INVALID);
	cr_assert_eq(pp_attribution_score(v, 2, false, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "the measure did not change");
	cr_assert(isnan(v[0].explanatory_power));
	v[1].after = NAN;
	cr_assert_eq(pp_attribution_score(v, 2, false, &error), PP_ERR_INVALID);
	v[1].after = -1;
	cr_assert_eq(pp_attribution_score(v, 2, false, &error), PP_ERR_INVALID);
	v[0].before = v[1].before = 0;
	v[1].after = 5;
	cr_assert_eq(pp_attribution_score(v, 2, false, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "a total is zero");
	/* a ratio whose denominators total zero */
	v[0].before = v[1].before = 1;
	v[0].before_base = v[1].before_base = 0;
	cr_assert_eq(pp_attribution_score(v, 2, true, &error), PP_ERR_INVALID);
	/* huge figures keep finite scores */
	v[0] = (pp_attribution_value){"x", 1e300, 1e300, NAN, NAN, 0, 0};
	v[1] = (pp_attribution_value){"y", 1e300, 1.5e300, NAN, NAN, 0, 0};
	cr_assert_eq(pp_attribution_score(v, 2, false, &error), PP_OK);
	EXPECT_CLOSE(v[1].explanatory_power, 1.0);
	cr_assert(isfinite(v[1].surprise));
}
