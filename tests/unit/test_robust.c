/* Unit tests for pp_robust: the median by selection and the scaled median
 * absolute deviation, against numpy.
 *
 * References from numpy 1.24:
 * /usr/bin/python3 -c "import numpy as np
 * for x in ([3,1,2],[4,1,3,2],[1,2,3,4,100],[5,5,5,5,9],
 *           [-3.5,2,-1,7,0.25,1e300,-1e300],[2.5]):
 *     x=np.array(x,dtype=float); m=np.median(x)
 *     print(repr(m), repr(1.4826*np.median(np.abs(x-m))))" */
#include <math.h>

#include <criterion/criterion.h>

#include "pp_robust.h"

static void
check(const double *values, size_t count, double median, double scale)
{
	double copy[16], scratch[16], got_median, got_scale;
	size_t i;

	for (i = 0; i < count; i++)
		copy[i] = values[i];
	pp_robust_location_scale(values, count, scratch, &got_median, &got_scale);
	cr_assert_float_eq(got_median, median, 1e-12 * (1 + fabs(median)));
	cr_assert_float_eq(got_scale, scale, 1e-12 * (1 + fabs(scale)));
	for (i = 0; i < count; i++)	/* the input is left as it was */
		cr_assert_eq(values[i], copy[i]);
}

Test(robust, odd_count_unsorted)
{
	static const double values[] = {3, 1, 2};

	check(values, 3, 2.0, 1.4826);
}

Test(robust, even_count_takes_the_midpoint)
{
	static const double values[] = {4, 1, 3, 2};

	check(values, 4, 2.5, 1.4826);
}

Test(robust, an_outlier_moves_neither)
{
	static const double values[] = {1, 2, 3, 4, 100};

	check(values, 5, 3.0, 1.4826);
}

Test(robust, duplicates_give_a_zero_scale)
{
	static const double values[] = {5, 5, 5, 5, 9};

	check(values, 5, 5.0, 0.0);
}

Test(robust, negative_and_huge_values)
{
	static const double values[] = {-3.5, 2, -1, 7, 0.25, 1e300, -1e300};

	check(values, 7, 0.25, 5.559749999999999);
}

Test(robust, one_value)
{
	static const double values[] = {2.5};

	check(values, 1, 2.5, 0.0);
}

Test(robust, median_in_place_of_two_equal_halves)
{
	double values[] = {7, 7, 1, 1};

	cr_assert_float_eq(pp_median_in_place(values, 4), 4.0, 0);
}
