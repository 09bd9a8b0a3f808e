/*
 * pp_rank_tests.c - Kendall, Mann–Kendall, Spearman, Mann–Whitney and
 * Hodges–Lehmann.  See pp_rank_tests.h.
 */
#include "pp_rank_tests.h"

#include <math.h>
#include <stdlib.h>

#include "pp_buffer.h"
#include "pp_distributions.h"
#include "pp_parametric.h"
#include "pp_quantile.h"
#include "pp_regression.h"

void
pp_rank_average(const double *values, size_t n, double *ranks)
{
	pp_indexed_value *sorted = pp_xmalloc(sizeof(*sorted) * (n ? n : 1));
	size_t i = 0, j, k;

	for (k = 0; k < n; k++) {
		sorted[k].value = values[k];
		sorted[k].index = k;
	}
	qsort(sorted, n, sizeof(*sorted), pp_compare_indexed_values);
	while (i < n) {
		double rank;

		for (j = i + 1; j < n && sorted[j].value == sorted[i].value; j++)
			;
		/* positions i..j-1 hold ranks i+1..j: their average */
		rank = ((double)i + 1.0 + (double)j) / 2.0;
		for (k = i; k < j; k++)
			ranks[sorted[k].index] = rank;
		i = j;
	}
	free(sorted);
}

static pp_status
check_finite(const double *values, size_t n, const char *what, pp_error *error)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(values[i]))
			return pp_error_set(error, PP_ERR_INVALID,
			    "value %zu of %s is not finite", i + 1, what);
	return PP_OK;
}

/* The check of paired values x[i], y[i]: at least minimum pairs (else
 * "NEED, not N"), all finite. */
static pp_status
check_pairs(const double *x, const double *y, size_t n, size_t minimum, const char *need,
    pp_error *error)
{
	pp_status status;

	if (n < minimum)
		return pp_error_set(error, PP_ERR_INVALID, "%s, not %zu", need, n);
	if ((status = check_finite(x, n, "x", error)) != PP_OK)
		return status;
	return check_finite(y, n, "y", error);
}

/* The check of two independent samples: both have values, all finite.
 * subject names what needs them ("a shift"). */
static pp_status
check_two_samples(const double *x, size_t nx, const double *y, size_t ny,
    const char *subject, pp_error *error)
{
	pp_status status;

	if (nx == 0 || ny == 0)
		return pp_error_set(error, PP_ERR_INVALID, "%s needs values on both sides",
		    subject);
	if ((status = check_finite(x, nx, "the first sample", error)) != PP_OK)
		return status;
	return check_finite(y, ny, "the second sample", error);
}

/* Tie statistics of one variable: pairs tied, and the sums of
 * t(t−1)(t−2) and t(t−1)(2t+5) over groups of t equal values. */
typedef struct ties {
	double pairs, t0, t1;
} ties;

static ties
ties_of(const double *values, size_t n)
{
	double *sorted = pp_xmalloc(sizeof(*sorted) * n);
	ties result = {0, 0, 0};
	size_t i = 0, j;

	for (j = 0; j < n; j++)
		sorted[j] = values[j];
	pp_median_sort(sorted, n);	/* sorts */
	while (i < n) {
		double t;

		for (j = i + 1; j < n && sorted[j] == sorted[i]; j++)
			;
		t = (double)(j - i);
		result.pairs += t * (t - 1.0) / 2.0;
		result.t0 += t * (t - 1.0) * (t - 2.0);
		result.t1 += t * (t - 1.0) * (2.0 * t + 5.0);
		i = j;
	}
	free(sorted);
	return result;
}

/* Two-sided exact p-value of Kendall's statistic with c concordant pairs
 * among n values without ties: 2·P(C <= min(c, tot − c)), from the
 * distribution of inversions of a random permutation (Mahonian numbers),
 * built one element at a time as probabilities. */
static double
kendall_exact_p(size_t n, double concordant)
{
	double total = (double)n * ((double)n - 1.0) / 2.0;
	double c = fmin(concordant, total - concordant), sum = 0.0, p;
	size_t limit = (size_t)c, j, k;
	double *mass, *next;

	if (n <= 2 || 2.0 * c == total)
		return 1.0;
	mass = pp_xcalloc(limit + 1, sizeof(*mass));
	next = pp_xcalloc(limit + 1, sizeof(*next));
	mass[0] = 1.0;
	for (j = 2; j <= n; j++) {
		/* next[k] = (1/j) · sum of mass[k−i] for i in 0..j−1 */
		double window = 0.0;

		for (k = 0; k <= limit; k++) {
			window += mass[k];
			if (k >= j)
				window -= mass[k - j];
			next[k] = window / (double)j;
		}
		for (k = 0; k <= limit; k++)
			mass[k] = next[k];
	}
	for (k = 0; k <= limit; k++)
		sum += mass[k];
	free(mass);
	free(next);
	p = 2.0 * sum;
	return p > 1.0 ? 1.0 : p;
}

pp_status
pp_kendall_tau(const double *x, const double *y, size_t n, pp_rank_result *result,
    pp_error *error)
{
	double total, concordant = 0, discordant = 0, s, variance, m;
	ties tx, ty;
	pp_status status;
	size_t i, j;

	if ((status = check_pairs(x, y, n, 2, "Kendall's tau needs at least two pairs",
	    error)) != PP_OK)
		return status;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			double product = (x[j] - x[i]) * (y[j] - y[i]);

			if (product > 0)
				concordant++;
			else if (product < 0)
				discordant++;
		}
	total = (double)n * ((double)n - 1.0) / 2.0;
	tx = ties_of(x, n);
	ty = ties_of(y, n);
	result->exact = false;
	if (tx.pairs == total || ty.pairs == total) {
		result->statistic = result->p_value = NAN;
		return PP_OK;
	}
	s = concordant - discordant;
	result->statistic = s / sqrt(total - tx.pairs) / sqrt(total - ty.pairs);
	result->statistic = fmax(-1.0, fmin(1.0, result->statistic));
	if (tx.pairs == 0 && ty.pairs == 0 &&
	    (n <= 33 || fmin(discordant, total - discordant) <= 1)) {
		result->exact = true;
		result->p_value = kendall_exact_p(n, total - discordant);
		return PP_OK;
	}
	m = (double)n * ((double)n - 1.0);
	variance = (m * (2.0 * (double)n + 5.0) - tx.t1 - ty.t1) / 18.0 +
	    2.0 * tx.pairs * ty.pairs / m +
	    tx.t0 * ty.t0 / (9.0 * m * ((double)n - 2.0));
	result->p_value = 2.0 * pp_normal_sf(fabs(s) / sqrt(variance));
	return PP_OK;
}

pp_status
pp_mann_kendall(const double *values, size_t n, pp_rank_result *result,
    pp_error *error)
{
	double *position = pp_xmalloc(sizeof(*position) * (n ? n : 1));
	pp_status status;
	size_t i;

	for (i = 0; i < n; i++)
		position[i] = (double)i;
	status = pp_kendall_tau(position, values, n, result, error);
	free(position);
	return status;
}

pp_status
pp_spearman(const double *x, const double *y, size_t n, pp_rank_result *result,
    pp_error *error)
{
	double *rx, *ry, r, df = (double)n - 2.0;
	pp_test_result pearson;
	pp_status status;

	if ((status = check_pairs(x, y, n, 3, "Spearman's rho needs at least three pairs",
	    error)) != PP_OK)
		return status;
	rx = pp_xmalloc(sizeof(*rx) * n);
	ry = pp_xmalloc(sizeof(*ry) * n);
	pp_rank_average(x, n, rx);
	pp_rank_average(y, n, ry);
	status = pp_pearson(rx, ry, n, &pearson, error);
	free(rx);
	free(ry);
	if (status != PP_OK)
		return status;
	r = pearson.statistic;
	result->statistic = r;
	result->exact = false;
	if (isnan(r)) {
		result->p_value = NAN;
	} else {
		/* scipy: t = r·sqrt(df / ((r+1)(1−r))), two-sided t tail */
		double t = r * sqrt(df / ((r + 1.0) * (1.0 - r)));

		result->p_value = 2.0 * pp_student_t_sf(fabs(t), df);
	}
	return PP_OK;
}

/* P(U <= k) for samples of m and n values without ties: the coefficients
 * of the Gaussian binomial [m+n choose m]_q count the arrangements with
 * each U, built as the product over i = 1..m of (1 − q^(n+i)) / (1 − q^i);
 * every partial product is a polynomial with non-negative coefficients. */
static double
mann_whitney_cdf(size_t m, size_t n, double k)
{
	size_t degree = m * n, size = degree + m + 1, i, j;
	double *poly = pp_xcalloc(size, sizeof(*poly)), below = 0.0, all = 0.0;

	poly[0] = 1.0;
	for (i = 1; i <= m; i++) {
		for (j = size; j-- > n + i;)	/* times (1 − q^(n+i)) */
			poly[j] -= poly[j - n - i];
		for (j = i; j < size; j++)	/* divided by (1 − q^i) */
			poly[j] += poly[j - i];
	}
	for (j = 0; j <= degree; j++) {
		all += poly[j];
		if ((double)j <= k)
			below += poly[j];
	}
	free(poly);
	return below / all;
}

static bool
has_ties(const double *values, size_t n)
{
	double *sorted = pp_xmalloc(sizeof(*sorted) * n);
	bool tied = false;
	size_t i;

	for (i = 0; i < n; i++)
		sorted[i] = values[i];
	pp_median_sort(sorted, n);
	for (i = 1; i < n && !tied; i++)
		tied = sorted[i] == sorted[i - 1];
	free(sorted);
	return tied;
}

/* Sum of t³ − t over groups of t equal ranks. */
static double
rank_tie_term(const double *values, size_t n)
{
	ties t = ties_of(values, n);

	/* t³ − t = t(t−1)(t+1) = t(t−1)(t−2) + 3·t(t−1) */
	return t.t0 + 6.0 * t.pairs;
}

pp_status
pp_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
    pp_rank_result *result, pp_error *error)
{
	size_t n = nx + ny, i;
	double *all, *ranks, r1 = 0.0, u1, u2, u, mn = (double)nx * (double)ny;
	pp_status status;

	if ((status = check_two_samples(x, nx, y, ny, "the Mann-Whitney test", error)) != PP_OK)
		return status;
	all = pp_xmalloc(sizeof(*all) * n);
	ranks = pp_xmalloc(sizeof(*ranks) * n);
	for (i = 0; i < nx; i++)
		all[i] = x[i];
	for (i = 0; i < ny; i++)
		all[nx + i] = y[i];
	pp_rank_average(all, n, ranks);
	for (i = 0; i < nx; i++)
		r1 += ranks[i];
	u1 = r1 - (double)nx * ((double)nx + 1.0) / 2.0;
	u2 = mn - u1;
	u = fmax(u1, u2);
	result->statistic = u1;
	result->exact = !(nx > 8 && ny > 8) && !has_ties(all, n);
	if (result->exact) {
		size_t m = nx < ny ? nx : ny, other = nx < ny ? ny : nx;

		result->p_value = 2.0 * mann_whitney_cdf(m, other, mn - u);
	} else {
		double nn = (double)n, tie = rank_tie_term(ranks, n);
		double s = sqrt(mn / 12.0 * ((nn + 1.0) - tie / (nn * (nn - 1.0))));

		result->p_value = 2.0 * pp_normal_sf((u - mn / 2.0 - 0.5) / s);
	}
	result->p_value = fmin(1.0, fmax(0.0, result->p_value));
	free(all);
	free(ranks);
	return PP_OK;
}

pp_status
pp_hodges_lehmann(const double *x, size_t nx, const double *y, size_t ny,
    double confidence, pp_shift *shift, pp_error *error)
{
	size_t count = nx * ny, i, j, k;
	double *differences, z, c;
	pp_status status;

	if ((status = check_two_samples(x, nx, y, ny, "a shift", error)) != PP_OK)
		return status;
	differences = pp_xmalloc(sizeof(*differences) * count);
	for (i = 0; i < nx; i++)
		for (j = 0; j < ny; j++)
			differences[i * ny + j] = y[j] - x[i];
	shift->estimate = pp_median_sort(differences, count);
	z = pp_normal_quantile((1.0 + confidence) / 2.0);
	c = floor((double)count / 2.0 - z * sqrt((double)count *
	    ((double)nx + (double)ny + 1.0) / 12.0));
	k = c < 1.0 ? 1 : (size_t)c;
	if (k > count)
		k = count;
	shift->low = differences[k - 1];
	shift->high = differences[count - k];
	free(differences);
	return PP_OK;
}
