/*
 * pp_moments.c - Welford's update, Chan's parallel merge and a Neumaier
 * compensated sum.  See pp_moments.h.
 */
#include "pp_moments.h"

#include <math.h>

/* Neumaier's variant of Kahan summation: exact to within one rounding of
 * the true sum for any order of terms, large or small first. */
static void
add_compensated(double *sum, double *compensation, double value)
{
	double total = *sum + value;

	if (fabs(*sum) >= fabs(value))
		*compensation += (*sum - total) + value;
	else
		*compensation += (value - total) + *sum;
	*sum = total;
}

void
pp_moments_add(pp_moments *moments, double value)
{
	double delta;

	if (moments->count == 0) {
		moments->min = moments->max = value;
	} else {
		if (value < moments->min)
			moments->min = value;
		if (value > moments->max)
			moments->max = value;
	}
	moments->count++;
	add_compensated(&moments->sum, &moments->compensation, value);
	delta = value - moments->mean;
	moments->mean += delta / (double)moments->count;
	moments->m2 += delta * (value - moments->mean);
}

void
pp_moments_merge(pp_moments *into, const pp_moments *from)
{
	double n_a, n_b, n, delta;

	if (from->count == 0)
		return;
	if (into->count == 0) {
		*into = *from;
		return;
	}
	n_a = (double)into->count;
	n_b = (double)from->count;
	n = n_a + n_b;
	delta = from->mean - into->mean;
	into->m2 += from->m2 + delta * delta * n_a * n_b / n;
	into->mean += delta * n_b / n;
	into->count += from->count;
	add_compensated(&into->sum, &into->compensation, from->sum);
	add_compensated(&into->sum, &into->compensation, from->compensation);
	if (from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
}

void
pp_moments_from_stats(pp_moments *moments, uint64_t count, double sum,
    double sum_residual, double min, double max, double mean, double stddev)
{
	moments->count = count;
	moments->sum = sum;
	moments->compensation = sum_residual;
	moments->mean = mean;
	moments->m2 = count > 1 ? stddev * stddev * (double)(count - 1) : 0;
	moments->min = min;
	moments->max = max;
}

double
pp_moments_sum(const pp_moments *moments)
{
	double total = moments->sum + moments->compensation;

	/* once the running sum passed DBL_MAX it is inf or NaN for good */
	return isfinite(total) ? total : NAN;
}

double
pp_moments_sum_residual(const pp_moments *moments)
{
	double total = moments->sum + moments->compensation;

	if (!isfinite(total))
		return 0;

	/* Exact (Fast2Sum) when |sum| >= |compensation|, which Neumaier's
	 * update keeps. */
	if (fabs(moments->sum) >= fabs(moments->compensation))
		return moments->compensation - (total - moments->sum);
	return moments->sum - (total - moments->compensation);
}

double
pp_moments_mean(const pp_moments *moments)
{
	if (moments->count == 0)
		return 0;
	return pp_moments_sum(moments) / (double)moments->count;
}

double
pp_moments_stddev(const pp_moments *moments)
{
	double variance;

	if (moments->count < 2)
		return 0;
	if (!isfinite(moments->m2))
		return NAN;	/* the squared deviations overflowed, or are unknown */
	variance = moments->m2 / (double)(moments->count - 1);
	return variance > 0 ? sqrt(variance) : 0;
}
