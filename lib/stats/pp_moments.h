/*
 * pp_moments.h - count, sum, extremes, mean and variance of a stream of
 * values, in constant memory, and mergeable.
 *
 * The variance is kept as Welford's running sum of squared deviations (m2),
 * which does not cancel catastrophically the way sum-of-squares does; two
 * states combine exactly by the parallel formula of Chan, Golub and LeVeque,
 * so aggregates of shards merge into the aggregate of the whole.  The sum is
 * Neumaier-compensated (0.1 + 0.2 + 0.3 is 0.6, not 0.6000000000000001),
 * and the reported mean is that sum over the count.
 */
#ifndef PP_MOMENTS_H
#define PP_MOMENTS_H

#include <stdint.h>

typedef struct pp_moments {
	uint64_t count;
	double sum;		/* compensated: sum + compensation */
	double compensation;
	double mean;		/* Welford's running mean (for m2 only) */
	double m2;		/* sum of squared deviations from the mean */
	double min, max;
} pp_moments;

#define PP_MOMENTS_INIT {0, 0, 0, 0, 0, 0, 0}

/* Adds one finite value. */
void pp_moments_add(pp_moments *moments, double value);
/* Folds from into into, as if into had seen every value of from too. */
void pp_moments_merge(pp_moments *into, const pp_moments *from);
/* Builds a state from reported statistics (as read from an aggregate):
 * sum and sum_residual as pp_moments_sum and pp_moments_sum_residual gave
 * them; stddev is the sample standard deviation (0 when count is 1). */
void pp_moments_from_stats(pp_moments *moments, uint64_t count, double sum,
    double sum_residual, double min, double max, double mean, double stddev);

/* The sum, rounded to a double; NAN when it is unknown: the running sum
 * overflowed DBL_MAX (even if later values would have brought it back),
 * or a state merged in had an unknown sum. */
double pp_moments_sum(const pp_moments *moments);
/* What the rounded sum misses of the compensated one: written next to the
 * sum in aggregates, so that merging them sums as exactly as one pass;
 * 0 when the sum is unknown. */
double pp_moments_sum_residual(const pp_moments *moments);
/* The sum over the count; 0 when empty, NAN when the sum is unknown. */
double pp_moments_mean(const pp_moments *moments);
/* The sample standard deviation (n - 1 in the denominator); 0 for fewer
 * than two values, where it is not defined; NAN when the squared
 * deviations overflowed or are unknown. */
double pp_moments_stddev(const pp_moments *moments);

#endif
