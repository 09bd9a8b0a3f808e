/*
 * pp_regression.h - straight lines through (x, y) points: ordinary least
 * squares and the Theil–Sen estimator.
 *
 * Least squares is the reference everyone knows (scipy.stats.linregress);
 * Theil–Sen, the median of the slopes of all pairs of points, is what a
 * trend should be judged by, because one spike moves it not at all.  Both
 * centre x before summing, so epoch-second abscissae (1.7e9) lose no
 * precision.  Theil–Sen holds all n(n−1)/2 pairwise slopes: its memory
 * grows with the square of the number of points.
 */
#ifndef PP_REGRESSION_H
#define PP_REGRESSION_H

#include <stddef.h>

#include "pp_error.h"

typedef struct pp_linear_fit {
	size_t n;
	double slope, intercept;	/* y = intercept + slope * x */
	double r;			/* Pearson's correlation of x and y */
	double r2;			/* r squared */
	double p_value;			/* two-sided, H0: slope = 0 (t, n−2 df) */
	double slope_stderr, intercept_stderr;
	double residual_stddev;		/* sqrt(SSE / (n − 2)); NaN when n = 2 */
	double x_mean, sxx;		/* for prediction intervals */
} pp_linear_fit;

/* Fits y = a + b x by least squares, as scipy.stats.linregress does.
 * Returns PP_ERR_INVALID (fit untouched) when n < 2, a value is not
 * finite, or every x is the same.  With all y equal, r and r2 are 0 and
 * p_value 1. */
pp_status pp_least_squares(const double *x, const double *y, size_t n,
    pp_linear_fit *fit, pp_error *error);

/* The predicted y at x. */
double pp_linear_predict(const pp_linear_fit *fit, double x);

typedef struct pp_theil_sen {
	double slope, intercept;	/* intercept = median(y) − slope·median(x) */
	double slope_low, slope_high;	/* confidence interval (Sen 1968) */
} pp_theil_sen;

/* The Theil–Sen estimate, as scipy.stats.theilslopes(y, x, confidence)
 * (method "separate"): the median of the slopes of every pair with
 * distinct x, and the confidence interval of the given level (0.95).
 * Returns PP_ERR_INVALID when n < 2, a value is not finite, or every x is
 * the same. */
pp_status pp_theil_sen_fit(const double *x, const double *y, size_t n,
    double confidence, pp_theil_sen *fit, pp_error *error);

/* The median of values[0..n), which it sorts in place; NaN when n is 0. */
double pp_median_sort(double *values, size_t n);

#endif
