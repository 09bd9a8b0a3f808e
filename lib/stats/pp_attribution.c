/*
 * pp_attribution.c - Adtributor's explanatory power and surprise, and the
 * choice of the values that explain a change.  See pp_attribution.h.
 */
#include "pp_attribution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The JS divergence term of shares p and q (0 when both are 0). */
static double
surprise(double p, double q)
{
	double m = p + q, s = 0.0;

	if (!(m > 0.0))
		return 0.0;
	if (p > 0.0)
		s += p * log(2.0 * p / m);
	if (q > 0.0)
		s += q * log(2.0 * q / m);
	return 0.5 * s;
}

static bool
valid_figure(double x)
{
	return isfinite(x) && x >= 0.0;
}

static pp_status
check(pp_attribution_value *values, size_t n, bool ratio, double totals[4],
    pp_error *error)
{
	size_t i;

	memset(totals, 0, 4 * sizeof(double));
	if (n == 0)
		return pp_error_set(error, PP_ERR_INVALID, "no values to attribute to");
	for (i = 0; i < n; i++) {
		values[i].explanatory_power = values[i].surprise = NAN;
		if (!valid_figure(values[i].before) || !valid_figure(values[i].after) ||
		    (ratio && (!valid_figure(values[i].before_base) ||
		    !valid_figure(values[i].after_base))))
			return pp_error_set(error, PP_ERR_INVALID, "value %zu: a figure "
			    "is negative or not finite", i);
		totals[0] += values[i].before;
		totals[1] += values[i].after;
		if (ratio) {
			totals[2] += values[i].before_base;
			totals[3] += values[i].after_base;
		}
	}
	if (!(totals[0] > 0.0 && totals[1] > 0.0) ||
	    (ratio && !(totals[2] > 0.0 && totals[3] > 0.0)))
		return pp_error_set(error, PP_ERR_INVALID, "a total is zero");
	return PP_OK;
}

pp_status
pp_attribution_score(pp_attribution_value *values, size_t n, bool ratio,
    pp_error *error)
{
	double t[4], change, f0 = 0.0;
	size_t i;

	if (check(values, n, ratio, t, error) != PP_OK)
		return PP_ERR_INVALID;
	if (ratio) {
		f0 = t[0] / t[2];
		change = t[1] / t[3] - f0;
	} else
		change = t[1] - t[0];
	if (change == 0.0)
		return pp_error_set(error, PP_ERR_INVALID, "the measure did not change");
	for (i = 0; i < n; i++) {
		pp_attribution_value *v = &values[i];

		v->surprise = surprise(v->before / t[0], v->after / t[1]);
		if (ratio) {
			double c = ((v->after - v->before) -
			    f0 * (v->after_base - v->before_base)) / t[3];

			v->explanatory_power = c / change;
			v->surprise += surprise(v->before_base / t[2],
			    v->after_base / t[3]);
		} else
			v->explanatory_power = (v->after - v->before) / change;
	}
	return PP_OK;
}

static int
by_surprise(const void *a, const void *b)
{
	const pp_attribution_value *x = a, *y = b;

	if (x->surprise != y->surprise)
		return x->surprise > y->surprise ? -1 : 1;
	if (x->explanatory_power != y->explanatory_power)
		return x->explanatory_power > y->explanatory_power ? -1 : 1;
	return strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

size_t
pp_attribution_explain(pp_attribution_value *values, size_t n,
    const pp_attribution_options *options, double *ep, double *surprise)
{
	pp_attribution_value chosen_first;
	size_t i, chosen = 0;
	double sum_ep = 0.0, sum_surprise = 0.0;

	*ep = *surprise = 0.0;
	if (n == 0)
		return 0;
	qsort(values, n, sizeof(*values), by_surprise);
	/* the chosen values are moved to the front, keeping their order */
	for (i = 0; i < n && sum_ep < options->min_ep; i++) {
		if (!(values[i].explanatory_power >= options->min_value_ep))
			continue;
		chosen_first = values[i];
		memmove(&values[chosen + 1], &values[chosen],
		    (i - chosen) * sizeof(*values));
		values[chosen++] = chosen_first;
		sum_ep += chosen_first.explanatory_power;
		sum_surprise += chosen_first.surprise;
	}
	if (sum_ep < options->min_ep || chosen == n ||
	    sum_surprise < options->min_surprise)
		return 0;
	*ep = sum_ep;
	*surprise = sum_surprise;
	return chosen;
}
