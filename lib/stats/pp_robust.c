/*
 * pp_robust.c - median and scaled MAD.  See pp_robust.h.
 */
#include "pp_robust.h"

#include <math.h>
#include <string.h>

#include "pp_quantile.h"

double
pp_median_in_place(double *values, size_t count)
{
	double upper, lower;
	size_t i;

	pp_select(values, count, count / 2);
	upper = values[count / 2];
	if (count % 2 == 1)
		return upper;
	lower = values[0];	/* the largest of the lower half */
	for (i = 1; i < count / 2; i++)
		if (values[i] > lower)
			lower = values[i];
	return lower + (upper - lower) / 2;
}

void
pp_robust_location_scale(const double *values, size_t count, double *scratch,
    double *median, double *scale)
{
	size_t i;

	memcpy(scratch, values, count * sizeof(*scratch));
	*median = pp_median_in_place(scratch, count);
	for (i = 0; i < count; i++)
		scratch[i] = fabs(values[i] - *median);
	*scale = 1.4826 * pp_median_in_place(scratch, count);
}
