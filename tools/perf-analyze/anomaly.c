/*
 * anomaly.c - the "anomaly" findings: spikes, dips and level shifts of
 * each series with at least --min-samples observations (pp_anomaly does
 * the finding; this file words it).  The z threshold comes from
 * --sensitivity through the two-sided normal quantile; the half-window is
 * 8 observations (fewer for series shorter than 17).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "finding.h"
#include "pp_anomaly.h"
#include "pp_buffer.h"
#include "pp_json.h"
#include "pp_time.h"

enum { HALF_WINDOW = 8 };

/* Whether the anomaly moves the metric the bad way. */
static bool
is_bad(const analysis_options *options, const series *s, const pp_anomaly *a)
{
	bool up = a->value > a->expected;

	return up != metric_higher_is_better(options, s->name);
}

static const char *
severity_of(const analysis_options *options, const series *s, const pp_anomaly *a,
    double threshold)
{
	if (!is_bad(options, s, a))
		return "info";
	return fabs(a->score) >= 2.0 * threshold ? "critical" : "warning";
}

/* until is the time of the series' next level shift, or NAN when this
 * one is the last. */
static void
anomaly_message(char *text, size_t size, const series *s, const pp_anomaly *a,
    double ts, double until)
{
	char value[64], expected[64], when[64], subject[512], end[96];

	format_number(value, sizeof(value), a->value, s->unit);
	format_number(expected, sizeof(expected), a->expected, s->unit);
	pp_time_format_rfc3339(ts, when, sizeof(when));
	snprintf(end, sizeof(end), "and stayed there");
	if (isfinite(until)) {
		strcpy(end, "until ");
		pp_time_format_rfc3339(until, end + 6, sizeof(end) - 6);
	}
	if (a->kind == PP_ANOMALY_LEVEL_SHIFT)
		snprintf(text, size, "%s shifted from %s to %s at %s %s (robust z "
		    "%.3g).", finding_subject(s, subject, sizeof(subject)), expected,
		    value, when, end, a->score);
	else
		snprintf(text, size, "%s %s to %s at %s, against %s expected "
		    "(robust z %.3g).", finding_subject(s, subject, sizeof(subject)),
		    a->kind == PP_ANOMALY_SPIKE ? "spiked" : "dipped", value, when,
		    expected, a->score);
}

static jv
anomaly_finding(const analysis_options *options, const series *s,
    const pp_anomaly *a, double threshold, double until)
{
	double ts = s->items[a->index].time;
	char message[1024];
	jv record;

	anomaly_message(message, sizeof(message), s, a, ts, until);
	record = finding_for_series("anomaly", s, severity_of(options, s, a, threshold),
	    message);
	record = jv_object_set(record, jv_string("stat"), jv_string(s->stat));
	if (s->unit != NULL)
		record = jv_object_set(record, jv_string("unit"), jv_string(s->unit));
	record = jv_object_set(record, jv_string("anomaly"),
	    jv_string(pp_anomaly_kind_name(a->kind)));
	record = jv_object_set(record, jv_string("ts"), jv_number(ts));
	if (isfinite(until))
		record = jv_object_set(record, jv_string("until"), jv_number(until));
	record = jv_object_set(record, jv_string("value"), jv_number(a->value));
	record = jv_object_set(record, jv_string("expected"), jv_number(a->expected));
	record = jv_object_set(record, jv_string("score"), jv_number(a->score));
	return jv_object_set(record, jv_string("threshold"), jv_number(threshold));
}

/* The time of the first level shift after found[i] when found[i] is one,
 * else NAN (found is in time order). */
static double
next_shift(const series *s, const pp_anomaly *found, size_t count, size_t i)
{
	size_t j;

	if (found[i].kind != PP_ANOMALY_LEVEL_SHIFT)
		return NAN;
	for (j = i + 1; j < count; j++)
		if (found[j].kind == PP_ANOMALY_LEVEL_SHIFT)
			return s->items[found[j].index].time;
	return NAN;
}

static void
series_anomalies(const analysis_options *options, const series *s, jv *findings)
{
	double threshold = pp_anomaly_threshold(options->sensitivity);
	double *values;
	pp_anomaly *found = NULL;
	size_t count = 0, w = HALF_WINDOW, i;

	if (s->count < options->min_samples || s->count < 3)
		return;
	if (s->count < 2 * w + 1)
		w = (s->count - 1) / 2;
	values = pp_xmalloc(sizeof(*values) * s->count);
	for (i = 0; i < s->count; i++)
		values[i] = s->items[i].value;
	if (pp_detect_anomalies(values, s->count, w, threshold, &found, &count,
	    NULL) == PP_OK) {
		for (i = 0; i < count; i++) {
			jv record = anomaly_finding(options, s, &found[i], threshold,
			    next_shift(s, found, count, i));

			*findings = jv_array_append(*findings, record);
		}
	}
	free(found);
	free(values);
}

void
anomaly_findings(const analysis_options *options, const series_set *set,
    jv *findings)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		series_anomalies(options, set->items[i], findings);
}
