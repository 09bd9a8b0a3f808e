/*
 * pp_parametric.h - tests on means and linear association: Pearson's r
 * with its p-value, and Welch's t test for two samples of unequal
 * variance.
 *
 * Both follow scipy.stats (pearsonr; ttest_ind with equal_var=False), so
 * results can be checked against it.  Sums are taken around the mean, in
 * one pass for the mean and one for the deviations.
 */
#ifndef PP_PARAMETRIC_H
#define PP_PARAMETRIC_H

#include <stddef.h>

#include "pp_error.h"

typedef struct pp_test_result {
	double statistic;	/* r, or t */
	double p_value;		/* two-sided */
	double df;		/* degrees of freedom (Welch), or n − 2 */
} pp_test_result;

/* Pearson's correlation of x and y and its two-sided p-value
 * (t with n − 2 degrees of freedom; 1 when n = 2).  NaN for a constant
 * input.  Returns PP_ERR_INVALID when n < 2 or a value is not finite. */
pp_status pp_pearson(const double *x, const double *y, size_t n,
    pp_test_result *result, pp_error *error);

/* Welch's t test of the means of x[0..nx) and y[0..ny): t = (mean x −
 * mean y) / sqrt(vx/nx + vy/ny) with sample variances, and the
 * Welch–Satterthwaite degrees of freedom.  NaN when both variances are
 * zero.  Returns PP_ERR_INVALID when a sample has fewer than two values or
 * a value is not finite. */
pp_status pp_welch_t(const double *x, size_t nx, const double *y, size_t ny,
    pp_test_result *result, pp_error *error);

/* Mean and sample variance (n − 1) of values[0..n); variance NaN for n < 2. */
void pp_mean_variance(const double *values, size_t n, double *mean, double *variance);

#endif
