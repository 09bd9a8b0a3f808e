/*
 * pp_regression.c - least squares and Theil–Sen lines.  See pp_regression.h.
 */
#include "pp_regression.h"

#include <math.h>
#include <stdlib.h>

#include "pp_buffer.h"
#include "pp_distributions.h"
#include "pp_quantile.h"

double
pp_median_sort(double *values, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(values, n, sizeof(*values), pp_compare_doubles);
	if (n % 2 == 1)
		return values[n / 2];
	return values[n / 2 - 1] + (values[n / 2] - values[n / 2 - 1]) / 2.0;
}

static double
mean_of(const double *values, size_t n)
{
	double sum = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += values[i];
	return sum / (double)n;
}

static pp_status
check_points(const double *x, const double *y, size_t n, pp_error *error)
{
	size_t i;
	int distinct = 0;

	if (n < 2)
		return pp_error_set(error, PP_ERR_INVALID,
		    "a line needs at least two points, not %zu", n);
	for (i = 0; i < n; i++) {
		if (!isfinite(x[i]) || !isfinite(y[i]))
			return pp_error_set(error, PP_ERR_INVALID,
			    "point %zu is not finite", i + 1);
		if (x[i] != x[0])
			distinct = 1;
	}
	if (!distinct)
		return pp_error_set(error, PP_ERR_INVALID,
		    "every point has the same x: the slope is undefined");
	return PP_OK;
}

/* Fills the standard errors and the p-value of a fit whose sums are known
 * (the formulas of scipy.stats.linregress). */
static void
fit_inference(pp_linear_fit *fit, double syy, double sxy)
{
	double df = (double)fit->n - 2.0;
	double sse = syy - sxy * sxy / fit->sxx;

	if (sse < 0.0)
		sse = 0.0;
	fit->residual_stddev = df > 0 ? sqrt(sse / df) : NAN;
	if (df <= 0) {
		fit->p_value = 1.0;
		fit->slope_stderr = 0.0;
		fit->intercept_stderr = 0.0;
		return;
	}
	fit->slope_stderr = sqrt((1.0 - fit->r2) * syy / fit->sxx / df);
	fit->intercept_stderr = fit->slope_stderr *
	    sqrt(fit->sxx / (double)fit->n + fit->x_mean * fit->x_mean);
	if (fit->r2 >= 1.0) {
		fit->p_value = 0.0;
		return;
	}
	{
		double t = fit->r * sqrt(df / ((1.0 - fit->r) * (1.0 + fit->r)));

		fit->p_value = 2.0 * pp_student_t_sf(fabs(t), df);
	}
}

pp_status
pp_least_squares(const double *x, const double *y, size_t n, pp_linear_fit *fit,
    pp_error *error)
{
	double x_mean, y_mean, sxx = 0.0, syy = 0.0, sxy = 0.0;
	pp_status status = check_points(x, y, n, error);
	size_t i;

	if (status != PP_OK)
		return status;
	x_mean = mean_of(x, n);
	y_mean = mean_of(y, n);
	for (i = 0; i < n; i++) {
		double dx = x[i] - x_mean, dy = y[i] - y_mean;

		sxx += dx * dx;
		syy += dy * dy;
		sxy += dx * dy;
	}
	fit->n = n;
	fit->x_mean = x_mean;
	fit->sxx = sxx;
	fit->slope = sxy / sxx;
	fit->intercept = y_mean - fit->slope * x_mean;
	fit->r = syy > 0.0 ? sxy / sqrt(sxx * syy) : 0.0;
	if (fit->r > 1.0)
		fit->r = 1.0;
	if (fit->r < -1.0)
		fit->r = -1.0;
	fit->r2 = fit->r * fit->r;
	fit_inference(fit, syy, sxy);
	return PP_OK;
}

double
pp_linear_predict(const pp_linear_fit *fit, double x)
{
	/* Around the mean of x, where the line is best known. */
	double y_mean = fit->intercept + fit->slope * fit->x_mean;

	return y_mean + fit->slope * (x - fit->x_mean);
}

/* Sum of k(k−1)(2k+5) over the runs of equal values in sorted[0..n). */
static double
tie_term(const double *sorted, size_t n)
{
	double sum = 0.0;
	size_t i = 0;

	while (i < n) {
		size_t j = i + 1;

		while (j < n && sorted[j] == sorted[i])
			j++;
		if (j - i > 1) {
			double k = (double)(j - i);

			sum += k * (k - 1.0) * (2.0 * k + 5.0);
		}
		i = j;
	}
	return sum;
}

/* The confidence interval of Sen (1968), equation 2.6, with indices
 * rounded half to even as numpy does. */
static void
theil_sen_interval(const double *slopes, size_t count, double *x_sorted,
    double *y_sorted, size_t n, double confidence, pp_theil_sen *fit)
{
	double alpha = confidence > 0.5 ? 1.0 - confidence : confidence;
	double z = pp_normal_quantile(alpha / 2.0);
	double nn = (double)n, sigma, upper, lower;
	long ru, rl;

	sigma = sqrt((nn * (nn - 1.0) * (2.0 * nn + 5.0) - tie_term(x_sorted, n) -
	    tie_term(y_sorted, n)) / 18.0);
	upper = nearbyint(((double)count - z * sigma) / 2.0);
	lower = nearbyint(((double)count + z * sigma) / 2.0) - 1.0;
	ru = upper > (double)count - 1 ? (long)count - 1 : (long)upper;
	rl = lower < 0.0 ? 0 : (long)lower;
	if (ru < 0)
		ru = 0;
	if (rl > (long)count - 1)
		rl = (long)count - 1;
	fit->slope_low = slopes[rl];
	fit->slope_high = slopes[ru];
}

pp_status
pp_theil_sen_fit(const double *x, const double *y, size_t n, double confidence,
    pp_theil_sen *fit, pp_error *error)
{
	pp_status status = check_points(x, y, n, error);
	double *slopes, *x_sorted, *y_sorted;
	size_t i, j, count = 0;

	if (status != PP_OK)
		return status;
	slopes = pp_xmalloc(sizeof(*slopes) * (n * (n - 1) / 2));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (x[j] > x[i])
				slopes[count++] = (y[j] - y[i]) / (x[j] - x[i]);
	fit->slope = pp_median_sort(slopes, count);
	x_sorted = pp_xmalloc(sizeof(*x_sorted) * n);
	y_sorted = pp_xmalloc(sizeof(*y_sorted) * n);
	for (i = 0; i < n; i++) {
		x_sorted[i] = x[i];
		y_sorted[i] = y[i];
	}
	fit->intercept = pp_median_sort(y_sorted, n) -
	    fit->slope * pp_median_sort(x_sorted, n);
	theil_sen_interval(slopes, count, x_sorted, y_sorted, n, confidence, fit);
	free(slopes);
	free(x_sorted);
	free(y_sorted);
	return PP_OK;
}
