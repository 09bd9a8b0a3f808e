/*
 * trend.c - the "trend" finding: which way a series is going over the
 * timeframe, and whether that is good news.
 *
 * Direction rules, in order: "stable" unless the trend is significant
 * (p < 0.05) and the relative change over the timeframe reaches
 * --min-change; "volatile" when the spread of the values around the line
 * exceeds the change the line makes over the timeframe; otherwise
 * "improving" or "degrading" by the sign of the slope and which way is
 * good for the metric (metric_higher_is_better).  The relative change is
 * slope × span ÷ mean |value|.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"
#include "finding.h"
#include "pp_buffer.h"
#include "pp_json.h"
#include "pp_regression.h"

typedef struct trend_estimate {
	double slope;		/* per second */
	double p_value;
	double r2;
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
classify(const analysis_options *options, const series *s, trend_estimate *e)
{
	bool significant = e->p_value < 0.05 && fabs(e->change) >= options->min_change;
	bool good;

	e->severity = "info";
	if (!significant) {
		e->direction = "stable";
		return;
	}
	if (e->spread > fabs(e->slope * e->span)) {
		e->direction = "volatile";
		e->severity = "warning";
		return;
	}
	good = (e->slope > 0) == metric_higher_is_better(options, s->name);
	e->direction = good ? "improving" : "degrading";
	if (!good)
		e->severity = fabs(e->change) >= 0.5 ? "critical" : "warning";
}

/* Estimates the trend of s; false when it has no defined slope (fewer
 * than three observations, or all at one time). */
static bool
estimate(const series *s, trend_estimate *e)
{
	double *x = pp_xmalloc(sizeof(*x) * s->count);
	double *y = pp_xmalloc(sizeof(*y) * s->count);
	pp_linear_fit fit;
	double magnitude;
	bool ok;
	size_t i;

	for (i = 0; i < s->count; i++) {
		x[i] = s->items[i].time - s->items[0].time;
		y[i] = s->items[i].value;
	}
	ok = s->count >= 3 && pp_least_squares(x, y, s->count, &fit, NULL) == PP_OK;
	if (ok) {
		e->slope = fit.slope;
		e->p_value = fit.p_value;
		e->r2 = fit.r2;
		e->spread = fit.residual_stddev;
		e->span = x[s->count - 1];
		magnitude = mean_magnitude(y, s->count);
		e->change = magnitude > 0 ? e->slope * e->span / magnitude : 0.0;
	}
	free(x);
	free(y);
	return ok;
}

static void
trend_message(char *text, size_t size, const series *s, const trend_estimate *e)
{
	char change[64], slope[64], spread[64], span[64];

	format_percent(change, sizeof(change), e->change);
	format_number(slope, sizeof(slope), e->slope * 3600.0, s->unit);
	format_number(spread, sizeof(spread), e->spread, s->unit);
	format_span(span, sizeof(span), e->span);
	if (e->direction[0] == 'v')
		snprintf(text, size, "%s %s is volatile: swings of %s around a %s "
		    "drift over %s (p = %.2g).", s->label, s->stat, spread, change,
		    span, e->p_value);
	else
		snprintf(text, size, "%s %s is %s: %s over %s (%s per hour, p = %.2g).",
		    s->label, s->stat, e->direction, change, span, slope, e->p_value);
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

	classify(options, s, e);
	trend_message(message, sizeof(message), s, e);
	record = finding_for_series("trend", s, e->severity, message);
	record = jv_object_set(record, jv_string("stat"), jv_string(s->stat));
	if (s->unit != NULL)
		record = jv_object_set(record, jv_string("unit"), jv_string(s->unit));
	record = set_number(record, "n", (double)s->count);
	record = set_number(record, "start", s->items[0].time);
	record = set_number(record, "end", s->items[s->count - 1].end);
	record = jv_object_set(record, jv_string("direction"), jv_string(e->direction));
	record = set_number(record, "change", e->change);
	record = set_number(record, "slope_per_hour", e->slope * 3600.0);
	record = set_number(record, "p_value", e->p_value);
	return set_number(record, "r2", e->r2);
}

void
trend_findings(const analysis_options *options, const series_set *set,
    pp_buffer *out)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		trend_estimate e;
		jv record;

		if (!estimate(set->items[i], &e))
			continue;
		record = trend_of(options, set->items[i], &e);
		pp_json_write_record(out, record);
		jv_free(record);
	}
}
