/*
 * summary.c - the "summary" finding: what a series held over the whole
 * timeframe.  Counts and means come from the aggregates' own count and
 * mean (a count-weighted mean of means is the exact overall mean); the
 * analysed statistic is summarised over windows (the mean of window p95s
 * is not the p95 of the timeframe, so it is called stat_mean).  The tail
 * ratio is the sum of the windows' p99 over the sum of their p50.
 *
 * Two statistics have an overall value that a mean of windows gets wrong,
 * and are given it (stat_overall) when every window carries what it
 * needs: a ratio is the sum of the numerators over the sum of the
 * denominators (a window of 10 requests weighs less than one of 1000),
 * and a rate is the events (count, sum or increase) over the real span,
 * the last point's time minus the first's (first_ts, last_ts), not a
 * span padded out to whole windows.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "finding.h"
#include "pp_json.h"
#include "pp_people.h"

typedef struct totals {
	double count, weighted_sum, min, max;	/* of the values */
	double stat_sum, stat_min, stat_max;	/* of the analysed statistic */
	double p50_sum, p99_sum;		/* windows with both */
	bool counted;				/* every window had count and mean */
	double numerator, denominator;		/* ratio: their sums */
	bool ratios;				/* every window had both */
	double events, first_ts, last_ts;	/* rate: events over the span */
	bool spanned;				/* every window had all three */
} totals;

static totals
totals_of(const series *s)
{
	totals t = {0, 0, INFINITY, -INFINITY, 0, INFINITY, -INFINITY, 0, 0, true,
		0, 0, true, 0, INFINITY, -INFINITY, true};
	size_t i;

	for (i = 0; i < s->count; i++) {
		const observation *o = &s->items[i];

		if (isfinite(o->count) && isfinite(o->mean)) {
			t.count += o->count;
			t.weighted_sum += o->count * o->mean;
		} else {
			t.counted = false;
		}
		if (isfinite(o->min) && o->min < t.min)
			t.min = o->min;
		if (isfinite(o->max) && o->max > t.max)
			t.max = o->max;
		if (isfinite(o->p50) && isfinite(o->p99)) {
			t.p50_sum += o->p50;
			t.p99_sum += o->p99;
		}
		if (isfinite(o->numerator) && isfinite(o->denominator)) {
			t.numerator += o->numerator;
			t.denominator += o->denominator;
		} else {
			t.ratios = false;
		}
		if (isfinite(o->events) && isfinite(o->first_ts) && isfinite(o->last_ts)) {
			t.events += o->events;
			t.first_ts = fmin(t.first_ts, o->first_ts);
			t.last_ts = fmax(t.last_ts, o->last_ts);
		} else {
			t.spanned = false;
		}
		t.stat_sum += o->value;
		t.stat_min = fmin(t.stat_min, o->value);
		t.stat_max = fmax(t.stat_max, o->value);
	}
	return t;
}

/* The statistic over the whole series when a mean of windows would be
 * wrong (see the top of the file), else NaN. */
static double
overall_of(const series *s, const totals *t)
{
	if (strcmp(s->stat, "ratio") == 0 && t->ratios && t->denominator != 0)
		return t->numerator / t->denominator;
	if (strcmp(s->stat, "rate") == 0 && !s->of_points && t->spanned &&
	    t->last_ts > t->first_ts)
		return t->events / (t->last_ts - t->first_ts);
	return NAN;
}

static jv
set_number(jv record, const char *key, double value)
{
	if (isnan(value))	/* a time the input did not give */
		return record;
	return jv_object_set(record, jv_string(key), jv_number(value));
}

static void
summary_message(char *text, size_t size, const series *s, const totals *t)
{
	char mean[64], max[64], stat_mean[64], last[64], span[64], overall[160];
	double n = (double)s->count, whole = overall_of(s, t);

	format_series_value(mean, sizeof(mean), t->weighted_sum / t->count, s);
	format_series_value(max, sizeof(max), t->max, s);
	format_stat_value(stat_mean, sizeof(stat_mean), t->stat_sum / n, s);
	format_stat_value(last, sizeof(last), s->items[s->count - 1].value, s);
	if (isfinite(s->items[s->count - 1].end - s->items[0].time))
		format_span(span, sizeof(span), s->items[s->count - 1].end - s->items[0].time);
	else	/* whole-input aggregates without a start */
		snprintf(span, sizeof(span), "the whole input");
	if (isfinite(whole) && strcmp(s->stat, "ratio") == 0) {
		pp_buffer people = PP_BUFFER_INIT;

		pp_people_ratio(&people, whole, t->numerator, t->denominator);
		snprintf(overall, sizeof(overall), "%s", people.data);
		pp_buffer_free(&people);
	} else if (isfinite(whole)) {
		format_stat_value(overall, sizeof(overall), whole, s);
		/* to the second: "59m43s", not "3583.13s" */
		format_span(span, sizeof(span), round(t->last_ts - t->first_ts));
	}
	if (isfinite(whole))
		snprintf(text, size, "%s: %zu %s over %s, %s %s overall (last %s).",
		    s->label, s->count, s->count == 1 ? "window" : "windows", span,
		    s->stat, overall, last);
	else if (s->of_points)
		snprintf(text, size, "%s: %zu %s over %s, mean %s, max %s (last %s).",
		    s->label, s->count, s->count == 1 ? "point" : "points", span,
		    stat_mean, max, last);
	else if (t->counted)
		snprintf(text, size, "%s: %.0f values in %zu %s over %s, mean %s, "
		    "max %s; %s averaged %s over the windows (last %s).", s->label,
		    t->count, s->count, s->count == 1 ? "window" : "windows", span,
		    mean, max, s->stat, stat_mean, last);
	else
		snprintf(text, size, "%s: %zu %s over %s, %s averaged %s (last %s).",
		    s->label, s->count, s->count == 1 ? "record" : "records", span,
		    s->stat, stat_mean, last);
}

static jv
summary_of(const series *s)
{
	char message[1024];
	totals t;
	jv record;

	if (s->count == 0) {
		snprintf(message, sizeof(message), "%s: none of its %zu aggregates "
		    "has %s, so it cannot be analysed.", s->label, s->lacking, s->stat);
		record = finding_for_series("summary", s, "warning", message);
			return set_number(record, "n", 0);
	}
	t = totals_of(s);
	summary_message(message, sizeof(message), s, &t);
	record = finding_for_values("summary", s, "info", message);
	record = finding_add_span(record, s);
	if (t.counted) {
		record = set_number(record, "count", t.count);
		record = set_number(record, "mean", t.weighted_sum / t.count);
	}
	if (isfinite(t.min))
		record = set_number(record, "min", t.min);
	if (isfinite(t.max))
		record = set_number(record, "max", t.max);
	record = set_number(record, "stat_mean", t.stat_sum / (double)s->count);
	if (isfinite(overall_of(s, &t)))
		record = set_number(record, "stat_overall", overall_of(s, &t));
	if (strcmp(s->stat, "ratio") == 0 && t.ratios) {
		record = set_number(record, "numerator", t.numerator);
		record = set_number(record, "denominator", t.denominator);
	}
	if (t.spanned && t.last_ts >= t.first_ts) {
		record = set_number(record, "first_ts", t.first_ts);
		record = set_number(record, "last_ts", t.last_ts);
	}
	record = set_number(record, "stat_min", t.stat_min);
	record = set_number(record, "stat_max", t.stat_max);
	record = set_number(record, "stat_last", s->items[s->count - 1].value);
	if (t.p50_sum > 0)
		record = set_number(record, "tail_ratio", t.p99_sum / t.p50_sum);
	return record;
}

void
summary_findings(const analysis_options *options, const series_set *set,
    jv *findings)
{
	size_t i;

	(void)options;
	for (i = 0; i < set->count; i++) {
		jv record = summary_of(set->items[i]);

		*findings = jv_array_append(*findings, record);
	}
}
