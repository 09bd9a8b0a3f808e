/*
 * pp_alert_score.c - robust z-score, normal quantile and relative change.
 * See pp_alert_score.h.
 *
 * The normal quantile comes from pp_distributions (shared with
 * perf-analyze).
 */
#include "pp_alert_score.h"
#include "pp_distributions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
