/*
 * pp_alert_score.c - robust z-score, normal quantile and relative change.
 * See pp_alert_score.h.
 *
 * The normal quantile comes from pp_distributions and the median and MAD
 * from pp_robust, both shared with perf-analyze.
 */
#include "pp_alert_score.h"
#include "pp_distributions.h"
#include "pp_robust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double
pp_robust_z(const double *history, size_t count, double x, double *scratch,
    double *median_out)
{
	double median, scale, mean_deviation = 0;
	size_t i;

	pp_robust_location_scale(history, count, scratch, &median, &scale);
	if (median_out != NULL)
		*median_out = median;
	if (scale == 0) {
		for (i = 0; i < count; i++)
			mean_deviation += fabs(history[i] - median);
		scale = 1.2533 * mean_deviation / (double)count;
	}
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
