/*
 * trend.c - the "trend" finding: which way a series is going over the
 * timeframe, and whether that is good news.
 *
 * The slope is Theil–Sen's (one spike cannot move it) and significance is
 * the Mann–Kendall test's (Kendall's tau of the values against time);
 * least squares is reported beside them for reference.  Direction rules,
 * in order: "stable" unless the trend is significant (p < 0.05) and the
 * relative change over the timeframe reaches --min-change; "volatile"
 * when the spread of the values around the Theil–Sen line (1.4826 times
 * the median absolute deviation of the residuals) exceeds the change the
 * line makes over the timeframe; otherwise "improving" or "degrading" by
 * the sign of the slope and which way is good for the metric
 * (metric_higher_is_better).  The relative change is
 * slope × span ÷ mean |value|.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"
#include "finding.h"
#include "pp_buffer.h"
#include "pp_json.h"
#include "pp_rank_tests.h"
#include "pp_regression.h"

typedef struct trend_estimate {
	pp_theil_sen sen;	/* slope per second, its 95% confidence interval */
	pp_rank_result mk;	/* Mann–Kendall: tau (statistic), p_value */
	pp_linear_fit ls;	/* least squares: slope, r2 */
	double spread;		/* of the values around the line */
	double span;		/* seconds from first to last observation */
	double change;		/* relative change over the span */
	const char *direction;
	const char *severity;
} trend_estimate;

static double
mean_magnitude(const double *values, size_t n)
{
	double sum = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += fabs(values[i]);
	return sum / (double)n;
}

static void
classify(const analysis_options *options, bool higher_is_better, trend_estimate *e)
{
	bool significant = e->mk.p_value < 0.05 && fabs(e->change) >= options->min_change;

	/* NaN p (a constant series) is not significant: stable. */
	bool good;

	e->severity = "info";
	if (!significant) {
		e->direction = "stable";
		return;
	}
	if (e->spread > fabs(e->sen.slope * e->span)) {
		e->direction = "volatile";
		e->severity = "warning";
		return;
	}
	good = (e->sen.slope > 0) == higher_is_better;
	e->direction = good ? "improving" : "degrading";
	if (!good)
		e->severity = fabs(e->change) >= 0.5 ? "critical" : "warning";
}

/* 1.4826 times the median absolute deviation of y from the line. */
static double
robust_spread(const double *x, const double *y, size_t n, const pp_theil_sen *fit)
{
	double *residuals = pp_xmalloc(sizeof(*residuals) * n), center;
	size_t i;

	for (i = 0; i < n; i++)
		residuals[i] = y[i] - (fit->intercept + fit->slope * x[i]);
	center = pp_median_sort(residuals, n);
	for (i = 0; i < n; i++)
		residuals[i] = fabs(residuals[i] - center);
	center = pp_median_sort(residuals, n);
	free(residuals);
	return 1.4826 * center;
}

/* Theil-Sen holds n(n-1)/2 slopes and Mann-Kendall compares every pair:
 * past this many observations both run on this many, evenly spaced in
 * order (a systematic sample, so a million points cost 16 MB and a second,
 * not 4 TB). */
enum { PAIRWISE_MAX = 2048 };

/* The pairwise estimates over x and y, thinned past PAIRWISE_MAX. */
static bool
pairwise(const double *x, const double *y, size_t n, pp_theil_sen *sen,
    pp_rank_result *mk)
{
	size_t m = n > PAIRWISE_MAX ? PAIRWISE_MAX : n, i;
	double *xs = (double *)x, *ys = (double *)y;
	bool ok;

	if (m < n) {
		xs = pp_xmalloc(sizeof(*xs) * m);
		ys = pp_xmalloc(sizeof(*ys) * m);
		for (i = 0; i < m; i++) {
			size_t at = (size_t)((double)i * (double)(n - 1) / (double)(m - 1));

			xs[i] = x[at];
			ys[i] = y[at];
		}
	}
	ok = pp_theil_sen_fit(xs, ys, m, 0.95, sen, NULL) == PP_OK &&
	    pp_mann_kendall(ys, m, mk, NULL) == PP_OK;
	if (m < n) {
		free(xs);
		free(ys);
	}
	return ok;
}

static bool
fit(const double *x, const double *y, size_t n, trend_estimate *e)
{
	double magnitude;

	if (n < 3 || pp_least_squares(x, y, n, &e->ls, NULL) != PP_OK ||
	    !pairwise(x, y, n, &e->sen, &e->mk))
		return false;
	e->spread = robust_spread(x, y, n, &e->sen);
	e->span = x[n - 1] - x[0];
	magnitude = mean_magnitude(y, n);
	e->change = magnitude > 0 ? e->sen.slope * e->span / magnitude : 0.0;
	return true;
}

/* Estimates the trend of s; false when it has no defined slope (fewer
 * than three observations, or all at one time). */
static bool
estimate(const series *s, trend_estimate *e)
{
	double *x = pp_xmalloc(sizeof(*x) * (s->count + 1));
	double *y = pp_xmalloc(sizeof(*y) * (s->count + 1));
	bool ok;
	size_t i;

	for (i = 0; i < s->count; i++) {
		x[i] = s->items[i].time - s->items[0].time;
		y[i] = s->items[i].value;
	}
	ok = fit(x, y, s->count, e);
	free(x);
	free(y);
	return ok;
}

static void
trend_message(char *text, size_t size, const series *s, const trend_estimate *e)
{
	char change[64], slope[64], spread[64], span[64], subject[512], p[32];

	format_percent(change, sizeof(change), e->change);
	format_stat_value(slope, sizeof(slope), e->sen.slope * 3600.0, s);
	format_stat_value(spread, sizeof(spread), e->spread, s);
	format_span(span, sizeof(span), e->span);
	format_p_value(p, sizeof(p), e->mk.p_value);
	if (e->direction[0] == 'v')
		snprintf(text, size, "%s is volatile: swings of %s around a %s "
		    "drift over %s (p = %s).", finding_subject(s, subject,
		    sizeof(subject)), spread, change, span, p);
	else
		snprintf(text, size, "%s is %s: %s over %s (Theil-Sen slope %s "
		    "per hour, Mann-Kendall p = %s).", finding_subject(s, subject,
		    sizeof(subject)), e->direction, change, span, slope, p);
}

static jv
set_number(jv record, const char *key, double value)
{
	return jv_object_set(record, jv_string(key), jv_number(value));
}

static jv
trend_of(const analysis_options *options, const series *s, trend_estimate *e)
{
	char message[1024];
	jv record;

	classify(options, metric_higher_is_better(options, s->name), e);
	trend_message(message, sizeof(message), s, e);
	record = finding_for_values("trend", s, e->severity, message);
	record = finding_add_span(record, s);
	record = jv_object_set(record, jv_string("direction"), jv_string(e->direction));
	record = set_number(record, "change", e->change);
	record = set_number(record, "slope_per_hour", e->sen.slope * 3600.0);
	record = set_number(record, "slope_low_per_hour", e->sen.slope_low * 3600.0);
	record = set_number(record, "slope_high_per_hour", e->sen.slope_high * 3600.0);
	record = set_number(record, "tau", e->mk.statistic);
	record = set_number(record, "p_value", e->mk.p_value);
	record = set_number(record, "effect_size", e->change);
	record = set_number(record, "ls_slope_per_hour", e->ls.slope * 3600.0);
	return set_number(record, "r2", e->ls.r2);
}

bool
trend_of_values(const analysis_options *options, bool higher_is_better,
    const double *x, const double *y, size_t n, trend_verdict *verdict)
{
	trend_estimate e;

	if (!fit(x, y, n, &e))
		return false;
	classify(options, higher_is_better, &e);
	verdict->direction = e.direction;
	verdict->change = e.change;
	verdict->p_value = e.mk.p_value;
	return true;
}

void
trend_findings(const analysis_options *options, const series_set *set,
    jv *findings)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		trend_estimate e;
		jv record;

		if (!estimate(set->items[i], &e))
			continue;
		record = trend_of(options, set->items[i], &e);
		*findings = jv_array_append(*findings, record);
	}
}
