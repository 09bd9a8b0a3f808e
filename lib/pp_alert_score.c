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

static void
swap(double *values, size_t i, size_t j)
{
	double kept = values[i];

	values[i] = values[j];
	values[j] = kept;
}

/* Moves the k-th smallest of values[0..count) to values[k], smaller ones
 * before it (Hoare's selection, median-of-three pivot): O(count) on
 * average, where sorting the whole history each time was O(n log n). */
static double
select_kth(double *values, size_t count, size_t k)
{
	size_t low = 0, high = count - 1;

	while (low < high) {
		size_t middle = low + (high - low) / 2, i = low, j = high;
		double pivot;

		if (values[middle] < values[low])
			swap(values, middle, low);
		if (values[high] < values[low])
			swap(values, high, low);
		if (values[high] < values[middle])
			swap(values, high, middle);
		pivot = values[middle];
		while (i <= j) {	/* each pass moves i up or j down: bounded */
			while (values[i] < pivot)
				i++;
			while (values[j] > pivot)
				j--;
			if (i <= j) {
				swap(values, i, j);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			high = j;
		else if (k >= i)
			low = i;
		else
			break;
	}
	return values[k];
}

/* The median of values[0..count), which it reorders. */
static double
median_of(double *values, size_t count)
{
	double upper = select_kth(values, count, count / 2), lower = values[0];
	size_t i;

	if (count % 2 == 1)
		return upper;
	for (i = 1; i < count / 2; i++)	/* the largest of the lower half */
		if (values[i] > lower)
			lower = values[i];
	return (lower + upper) / 2;
}

double
pp_robust_z(const double *history, size_t count, double x, double *scratch,
    double *median_out)
{
	double median, scale, mean_deviation = 0;
	size_t i;

	memcpy(scratch, history, count * sizeof(double));
	median = median_of(scratch, count);
	if (median_out != NULL)
		*median_out = median;
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
