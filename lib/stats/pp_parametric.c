/*
 * pp_parametric.c - Pearson's r and Welch's t.  See pp_parametric.h.
 */
#include "pp_parametric.h"

#include <math.h>

#include "pp_distributions.h"

static pp_status
check_finite(const double *values, size_t n, pp_error *error)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(values[i]))
			return pp_error_set(error, PP_ERR_INVALID,
			    "value %zu is not finite", i + 1);
	return PP_OK;
}

void
pp_mean_variance(const double *values, size_t n, double *mean, double *variance)
{
	double sum = 0.0, squares = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += values[i];
	*mean = n ? sum / (double)n : NAN;
	for (i = 0; i < n; i++)
		squares += (values[i] - *mean) * (values[i] - *mean);
	*variance = n >= 2 ? squares / ((double)n - 1.0) : NAN;
}

/* Two-sided p-value of r with df degrees of freedom: I_{1−r²}(df/2, 1/2). */
static double
correlation_p(double r, double df)
{
	double one_minus_r2 = (1.0 - r) * (1.0 + r);

	if (one_minus_r2 <= 0.0)
		return 0.0;
	return pp_incomplete_beta(df / 2.0, 0.5, one_minus_r2);
}

pp_status
pp_pearson(const double *x, const double *y, size_t n, pp_test_result *result,
    pp_error *error)
{
	double x_mean, y_mean, variance, sxx = 0, syy = 0, sxy = 0;
	pp_status status;
	size_t i;

	if (n < 2)
		return pp_error_set(error, PP_ERR_INVALID,
		    "a correlation needs at least two pairs, not %zu", n);
	if ((status = check_finite(x, n, error)) != PP_OK ||
	    (status = check_finite(y, n, error)) != PP_OK)
		return status;
	pp_mean_variance(x, n, &x_mean, &variance);
	pp_mean_variance(y, n, &y_mean, &variance);
	for (i = 0; i < n; i++) {
		sxx += (x[i] - x_mean) * (x[i] - x_mean);
		syy += (y[i] - y_mean) * (y[i] - y_mean);
		sxy += (x[i] - x_mean) * (y[i] - y_mean);
	}
	result->df = (double)n - 2.0;
	if (sxx == 0.0 || syy == 0.0) {
		result->statistic = result->p_value = NAN;
		return PP_OK;
	}
	result->statistic = fmax(-1.0, fmin(1.0, sxy / sqrt(sxx) / sqrt(syy)));
	result->p_value = n == 2 ? 1.0 : correlation_p(result->statistic, result->df);
	return PP_OK;
}

pp_status
pp_welch_t(const double *x, size_t nx, const double *y, size_t ny,
    pp_test_result *result, pp_error *error)
{
	double x_mean, x_var, y_mean, y_var, ex, ey, se2;
	pp_status status;

	if (nx < 2 || ny < 2)
		return pp_error_set(error, PP_ERR_INVALID,
		    "Welch's t test needs two values a side, not %zu and %zu", nx, ny);
	if ((status = check_finite(x, nx, error)) != PP_OK ||
	    (status = check_finite(y, ny, error)) != PP_OK)
		return status;
	pp_mean_variance(x, nx, &x_mean, &x_var);
	pp_mean_variance(y, ny, &y_mean, &y_var);
	ex = x_var / (double)nx;
	ey = y_var / (double)ny;
	se2 = ex + ey;
	if (se2 == 0.0) {
		result->statistic = result->p_value = result->df = NAN;
		return PP_OK;
	}
	result->statistic = (x_mean - y_mean) / sqrt(se2);
	result->df = se2 * se2 / (ex * ex / ((double)nx - 1.0) + ey * ey / ((double)ny - 1.0));
	result->p_value = 2.0 * pp_student_t_sf(fabs(result->statistic), result->df);
	return PP_OK;
}
