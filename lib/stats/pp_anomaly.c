/*
 * pp_anomaly.c - spikes, dips and level shifts.  See pp_anomaly.h.
 */
#include "pp_anomaly.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_distributions.h"
#include "pp_regression.h"
#include "pp_robust.h"

const char *
pp_anomaly_kind_name(pp_anomaly_kind kind)
{
	static const char *const names[] = {"spike", "dip", "level_shift"};

	return names[kind];
}

double
pp_anomaly_threshold(double sensitivity)
{
	if (!(sensitivity > 0.0 && sensitivity < 1.0))
		return NAN;
	return pp_normal_quantile((1.0 + sensitivity) / 2.0);
}

/* The median of values[from..to), using scratch. */
static double
median_of(const double *values, size_t from, size_t to, double *scratch)
{
	memcpy(scratch, values + from, sizeof(*scratch) * (to - from));
	return pp_median_sort(scratch, to - from);
}

/* The median of values[from..to) without values[skip] (the neighbours of
 * a point: leaving the point out keeps its own noise out of its expected
 * value, so residuals have the spread of the noise). */
static double
median_around(const double *values, size_t from, size_t to, size_t skip,
    double *scratch)
{
	size_t n = 0, i;

	for (i = from; i < to; i++)
		if (i != skip)
			scratch[n++] = values[i];
	return pp_median_sort(scratch, n);
}

pp_status
pp_robust_scale(const double *values, size_t n, double *median, double *scale,
    pp_error *error)
{
	double *scratch;
	size_t i;

	if (n == 0)
		return pp_error_set(error, PP_ERR_INVALID, "no values to scale");
	for (i = 0; i < n; i++)
		if (!isfinite(values[i]))
			return pp_error_set(error, PP_ERR_INVALID,
			    "value %zu is not finite", i + 1);
	scratch = pp_xmalloc(sizeof(*scratch) * n);
	pp_robust_location_scale(values, n, scratch, median, scale);
	free(scratch);
	return PP_OK;
}

/* The working state of one detection. */
typedef struct detection {
	const double *values;
	size_t n, w;
	double threshold;
	double slope;		/* per position */
	double *level;		/* detrended values */
	double *expected;	/* rolling median of level */
	double scale;
	double *scratch;	/* 2w + 1 doubles */
	pp_anomaly *found;
	size_t count, capacity;
} detection;

static void
add(detection *d, size_t index, pp_anomaly_kind kind, double value,
    double expected)
{
	pp_anomaly *a;

	if (d->count == d->capacity) {
		d->capacity = d->capacity ? 2 * d->capacity : 8;
		d->found = pp_xrealloc(d->found, d->capacity * sizeof(*d->found));
	}
	a = &d->found[d->count++];
	a->index = index;
	a->kind = kind;
	a->value = value;
	a->expected = expected;
	a->score = (value - expected) / d->scale;
}

/* Slope, detrended values, rolling medians and the scale of residuals. */
static void
prepare(detection *d)
{
	size_t n = d->n, i;
	double *work = pp_xmalloc(sizeof(*work) * n), center, spread = 0.0;

	/* The median slope over w positions: a step moves at most w of the
	 * n − w differences, and dividing by w quiets the noise. */
	for (i = 0; i + d->w < n; i++)
		work[i] = (d->values[i + d->w] - d->values[i]) / (double)d->w;
	d->slope = pp_median_sort(work, n - d->w);
	for (i = 0; i < n; i++)
		d->level[i] = d->values[i] - d->slope * (double)i;
	for (i = 0; i < n; i++) {
		size_t from = i >= d->w ? i - d->w : 0;
		size_t to = i + d->w + 1 < n ? i + d->w + 1 : n;

		d->expected[i] = median_around(d->level, from, to, i, d->scratch);
		work[i] = d->level[i] - d->expected[i];
	}
	center = pp_median_sort(work, n);
	for (i = 0; i < n; i++) {
		work[i] = fabs(work[i] - center);
		spread += work[i];
	}
	d->scale = 1.4826 * pp_median_sort(work, n);
	if (d->scale == 0.0)
		d->scale = 1.2533 * spread / (double)n;
	free(work);
}

/* The level shift of the minimum w from k on, against the w before. */
static double
shift_at(detection *d, size_t k)
{
	return median_of(d->level, k, k + d->w, d->scratch) -
	    median_of(d->level, k - d->w, k, d->scratch);
}

/* Values on the right side of mid for a shift at k, in direction sign. */
static size_t
sign_count(const detection *d, size_t k, double mid, double sign)
{
	size_t i, count = 0;

	for (i = k - d->w; i < k; i++)
		count += sign * (d->level[i] - mid) < 0;
	for (i = k; i < k + d->w; i++)
		count += sign * (d->level[i] - mid) > 0;
	return count;
}

/* One shift for the run of candidates first..last (same direction). */
static void
place_shift(detection *d, size_t first, size_t last)
{
	double before = median_of(d->level, first - d->w, first, d->scratch);
	double after = median_of(d->level, last, last + d->w, d->scratch);
	double mid = (before + after) / 2.0, sign = after > before ? 1.0 : -1.0;
	size_t k, best = first, best_count = 0;

	for (k = first; k <= last; k++) {
		size_t count = sign_count(d, k, mid, sign);

		if (count > best_count) {
			best_count = count;
			best = k;
		}
	}
	add(d, best, PP_ANOMALY_LEVEL_SHIFT,
	    median_of(d->level, best, best + d->w, d->scratch) + d->slope * (double)best,
	    median_of(d->level, best - d->w, best, d->scratch) + d->slope * (double)best);
}

static void
find_shifts(detection *d)
{
	size_t k, first = 0;
	double run_sign = 0.0;

	for (k = d->w; k + d->w <= d->n; k++) {
		double shift = shift_at(d, k);
		double sign = fabs(shift) > d->threshold * d->scale ?
		    (shift > 0 ? 1.0 : -1.0) : 0.0;

		if (run_sign != 0.0 && sign != run_sign)
			place_shift(d, first, k - 1);
		if (sign != 0.0 && sign != run_sign)
			first = k;
		run_sign = sign;
	}
	if (run_sign != 0.0)
		place_shift(d, first, d->n - d->w);
}

/* Rolling medians again, with windows that stop at the level shifts, so
 * that a point beside a step is compared with its own level. */
static void
expect_within_levels(detection *d)
{
	size_t shift = 0, start = 0, end, i;

	for (i = 0; i < d->n; i++) {
		size_t from, to;

		while (shift < d->count && d->found[shift].index <= i)
			start = d->found[shift++].index;
		end = shift < d->count ? d->found[shift].index : d->n;
		from = i >= start + d->w ? i - d->w : start;
		to = i + d->w + 1 < end ? i + d->w + 1 : end;
		d->expected[i] = to - from > 1 ?
		    median_around(d->level, from, to, i, d->scratch) : d->level[i];
	}
}

static void
find_spikes(detection *d)
{
	size_t i;

	expect_within_levels(d);
	for (i = 0; i < d->n; i++) {
		double residual = d->level[i] - d->expected[i];

		if (fabs(residual) > d->threshold * d->scale)
			add(d, i, residual > 0 ? PP_ANOMALY_SPIKE : PP_ANOMALY_DIP,
			    d->values[i], d->expected[i] + d->slope * (double)i);
	}
}

static int
compare_anomalies(const void *a, const void *b)
{
	const pp_anomaly *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

pp_status
pp_detect_anomalies(const double *values, size_t n, size_t w, double threshold,
    pp_anomaly **found, size_t *count, pp_error *error)
{
	detection d;
	size_t i;

	if (w == 0 || n < 2 * w + 1)
		return pp_error_set(error, PP_ERR_INVALID,
		    "anomaly detection needs at least %zu values, not %zu",
		    2 * w + 1 > 3 ? 2 * w + 1 : 3, n);
	for (i = 0; i < n; i++)
		if (!isfinite(values[i]))
			return pp_error_set(error, PP_ERR_INVALID,
			    "value %zu is not finite", i + 1);
	memset(&d, 0, sizeof(d));
	d.values = values;
	d.n = n;
	d.w = w;
	d.threshold = threshold;
	d.level = pp_xmalloc(sizeof(double) * n);
	d.expected = pp_xmalloc(sizeof(double) * n);
	d.scratch = pp_xmalloc(sizeof(double) * (2 * w + 1));
	prepare(&d);
	if (d.scale > 0.0) {
		find_shifts(&d);
		find_spikes(&d);
	}
	if (d.count > 0)
		qsort(d.found, d.count, sizeof(*d.found), compare_anomalies);
	free(d.level);
	free(d.expected);
	free(d.scratch);
	*found = d.found;
	*count = d.count;
	return PP_OK;
}
