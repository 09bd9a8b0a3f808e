/*
 * pp_rank_tests.h - tests that use only the order of the values: Kendall's
 * tau (and the Mann–Kendall trend test, which is tau against time),
 * Spearman's rho, the Mann–Whitney U test and the Hodges–Lehmann shift.
 *
 * They are what perfpipe judges trends and regressions by, because latency
 * is skewed and spiky and ranks do not care.  Each follows the conventions
 * of the scipy.stats function it names, including when scipy switches from
 * an exact distribution to the normal approximation, so that a result can
 * be checked against scipy to the last digits.  Kendall and Hodges–Lehmann
 * look at every pair: time O(n²); Hodges–Lehmann also holds the n1·n2
 * differences.
 */
#ifndef PP_RANK_TESTS_H
#define PP_RANK_TESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_error.h"

/* Writes to ranks[i] the rank of values[i] among values[0..n), 1-based,
 * ties getting the average of their ranks (scipy.stats.rankdata). */
void pp_rank_average(const double *values, size_t n, double *ranks);

typedef struct pp_rank_result {
	double statistic;	/* tau, rho, or U of the first sample */
	double p_value;		/* two-sided */
	bool exact;		/* p from the exact null distribution */
} pp_rank_result;

/* Kendall's tau-b of x and y with its two-sided p-value, as
 * scipy.stats.kendalltau (method "auto": exact when there are no ties and
 * n <= 33, or when at most one pair is discordant or concordant).
 * Returns PP_ERR_INVALID when n < 2 or a value is not finite; when x or y
 * is constant, statistic and p_value are NaN and PP_OK is returned. */
pp_status pp_kendall_tau(const double *x, const double *y, size_t n,
    pp_rank_result *result, pp_error *error);

/* The Mann–Kendall trend test of values[0..n) taken in order: Kendall's
 * tau of the values against their position. */
pp_status pp_mann_kendall(const double *values, size_t n, pp_rank_result *result,
    pp_error *error);

/* Spearman's rho (Pearson's r of the average ranks) with the p-value of
 * scipy.stats.spearmanr (t with n − 2 degrees of freedom).  NaN for a
 * constant input.  Returns PP_ERR_INVALID when n < 3 or a value is not
 * finite. */
pp_status pp_spearman(const double *x, const double *y, size_t n,
    pp_rank_result *result, pp_error *error);

/* The Mann–Whitney U test of x[0..nx) against y[0..ny), as
 * scipy.stats.mannwhitneyu (two-sided, method "auto"): exact when one
 * sample has at most 8 values and there are no ties, else the normal
 * approximation with the tie correction and the continuity correction.
 * statistic is U of x.  Returns PP_ERR_INVALID for an empty sample or a
 * value that is not finite. */
pp_status pp_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
    pp_rank_result *result, pp_error *error);

typedef struct pp_shift {
	double estimate;	/* median of all y_j − x_i */
	double low, high;	/* confidence interval */
} pp_shift;

/* The Hodges–Lehmann estimate of the shift from x to y and its
 * distribution-free confidence interval (Moses): the k-th smallest and
 * k-th largest of the nx·ny differences, with
 * k = floor(nx·ny/2 − z·sqrt(nx·ny·(nx+ny+1)/12)), z the normal quantile
 * of (1 + confidence)/2, and k at least 1.  Returns PP_ERR_INVALID for an
 * empty sample or a value that is not finite. */
pp_status pp_hodges_lehmann(const double *x, size_t nx, const double *y, size_t ny,
    double confidence, pp_shift *shift, pp_error *error);

#endif
