/*
 * pp_attribution.h - which values of a dimension (a tag key) explain the
 * change of a measure between two periods: Adtributor (Bhagwan et al.,
 * "Adtributor: Revenue Debugging in Advertising Systems", NSDI 2014).
 *
 * For each value v of a dimension the caller gives the measure's expected
 * (before) and observed (after) figures.  Two scores per value:
 *   - explanatory power (EP): v's part of the total change, so that the
 *     values' EPs sum to 1;
 *   - surprise: v's term of the Jensen-Shannon divergence between the
 *     before shares p and the after shares q,
 *     0.5 (p ln(2p/(p+q)) + q ln(2q/(p+q))), in nats; the terms sum to the
 *     divergence (at most ln 2), zero when v kept its share.
 * The explanation of a dimension is then the fewest values, taken in
 * decreasing surprise, each with an EP of at least min_value_ep, whose EPs
 * sum to at least min_ep; dimensions are ranked by the summed surprise of
 * their explanation, and one below min_surprise explains nothing (a change
 * spread evenly over all values keeps every share, so it has none).
 *
 * Additive measures (counts, sums, requests above a latency) use the
 * paper's formulas as they are.  A ratio f = a / b (an error rate, a
 * mean) uses the paper's derived-measure treatment, which for a ratio is
 * exact: with f0 = a0 / b0, value v contributes
 *     c_v = ((a1_v - a0_v) - f0 (b1_v - b0_v)) / b1
 * and the c_v sum to f1 - f0 with no interaction term left over, so EP is
 * c_v / (f1 - f0); its surprise is the sum of the numerator's and the
 * denominator's (the paper's surprise of a derived measure is over its
 * fundamental measures).
 */
#ifndef PP_ATTRIBUTION_H
#define PP_ATTRIBUTION_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_error.h"

typedef struct pp_attribution_value {
	const char *value;		/* borrowed: the tag value */
	/* inputs: the additive measure, or the ratio's numerator ... */
	double before, after;
	/* ... and the ratio's denominator (ignored for an additive one) */
	double before_base, after_base;
	/* outputs of pp_attribution_score */
	double explanatory_power, surprise;
} pp_attribution_value;

typedef struct pp_attribution_options {
	double min_ep;		/* the explanation's summed EP (0.67) */
	double min_value_ep;	/* each chosen value's EP (0.1) */
	double min_surprise;	/* the explanation's summed surprise (0.005) */
} pp_attribution_options;

#define PP_ATTRIBUTION_OPTIONS_DEFAULT {0.67, 0.1, 0.005}

/* Fills explanatory_power and surprise of the n values; ratio chooses the
 * derived-measure formulas.  Returns PP_ERR_INVALID (values untouched but
 * for NAN scores) when n is 0, a figure is negative or not finite, a
 * total is zero (no shares), or the measure did not change. */
pp_status pp_attribution_score(pp_attribution_value *values, size_t n, bool ratio,
    pp_error *error);

/* Reorders the scored values by decreasing surprise (ties by decreasing
 * EP, then by value) and returns how many of the first ones explain the
 * change under options, 0 when none does: the EP threshold is never
 * reached, every value is needed (nothing singled out), or the summed
 * surprise is below min_surprise.  *ep and *surprise get the chosen
 * values' sums (0 when none). */
size_t pp_attribution_explain(pp_attribution_value *values, size_t n,
    const pp_attribution_options *options, double *ep, double *surprise);

#endif
