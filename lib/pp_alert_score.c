/*
 * pp_alert_score.c - robust z-score, normal quantile and relative change.
 * See pp_alert_score.h.
 *
 * The normal quantile is Acklam's rational approximation (relative error
 * below 1.2e-9) polished by one Halley step on erfc, which brings it to
 * double precision.
 */
#include "pp_alert_score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double
acklam(double p)
{
	static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
	    -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
	    2.506628277459239e+00};
	static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
	    -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01};
	static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
	    -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
	    2.938163982698783e+00};
	static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
	    2.445134137142996e+00, 3.754408661907416e+00};
	double q, r;

	if (p < 0.02425) {
		q = sqrt(-2 * log(p));
		return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	if (p > 1 - 0.02425) {
		q = sqrt(-2 * log1p(-p));
		return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	q = p - 0.5;
	r = q * q;
	return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
	    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double
pp_normal_quantile(double p)
{
	double x, e, u;

	if (!(p > 0 && p < 1))
		return NAN;
	x = acklam(p);
	e = 0.5 * erfc(-x / sqrt(2)) - p;
	u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of values[0..count), which it sorts. */
static double
median_of(double *values, size_t count)
{
	qsort(values, count, sizeof(double), compare_doubles);
	if (count % 2 == 1)
		return values[count / 2];
	return (values[count / 2 - 1] + values[count / 2]) / 2;
}

double
pp_robust_z(const double *history, size_t count, double x, double *scratch)
{
	double median, scale, mean_deviation = 0;
	size_t i;

	memcpy(scratch, history, count * sizeof(double));
	median = median_of(scratch, count);
	for (i = 0; i < count; i++)
		scratch[i] = fabs(history[i] - median);
	for (i = 0; i < count; i++)
		mean_deviation += scratch[i];
	mean_deviation /= (double)count;
	scale = 1.4826 * median_of(scratch, count);
	if (scale == 0)
		scale = 1.2533 * mean_deviation;
	if (scale == 0)
		return x == median ? 0 : copysign(INFINITY, x - median);
	return (x - median) / scale;
}

double
pp_relative_change(double baseline, double value)
{
	if (baseline == 0)
		return NAN;
	return (value - baseline) / fabs(baseline);
}
