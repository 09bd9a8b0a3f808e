/*
 * anomaly.c - the "anomaly" findings: spikes, dips and level shifts of
 * each series with at least --min-samples observations (pp_anomaly does
 * the finding; this file words it).  The z threshold comes from
 * --sensitivity through the two-sided normal quantile; the half-window is
 * 8 observations (fewer for series shorter than 17).
 *
 * One finding per episode, not per window: a level shift with the
 * anomalies up to the next shift (and that shift when it goes back), or
 * spikes (dips) in consecutive windows, are one episode (anomaly_episodes).
 * It is told by its level shift, else by its largest |z|: its effect size
 * is that robust z and its p-value the two-sided normal one of it; every
 * window looked at counts as one test for the false discovery rate
 * (fdr.c).
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

/* The two-sided normal p-value of a robust z. */
static double
p_of_z(double z)
{
	return erfc(fabs(z) / sqrt(2.0));
}

/* until is the time of the series' next level shift, or NAN when this
 * one is the last; for an episode of spikes or dips, the end of its last
 * window when it spans more than one. */
static void
anomaly_message(char *text, size_t size, const series *s, const pp_anomaly *a,
    double ts, double until, size_t windows)
{
	char value[64], expected[64], when[64], subject[512], end[96], p[32];

	format_stat_value(value, sizeof(value), a->value, s);
	format_stat_value(expected, sizeof(expected), a->expected, s);
	pp_time_format_rfc3339(ts, when, sizeof(when));
	format_p_value(p, sizeof(p), p_of_z(a->score));
	snprintf(end, sizeof(end), "and stayed there");
	if (isfinite(until)) {
		strcpy(end, "until ");
		pp_time_format_rfc3339(until, end + 6, sizeof(end) - 6);
	}
	if (a->kind == PP_ANOMALY_LEVEL_SHIFT)
		snprintf(text, size, "%s shifted from %s to %s at %s %s (robust z "
		    "%.3g, p = %s).", finding_subject(s, subject, sizeof(subject)),
		    expected, value, when, end, a->score, p);
	else if (windows > 1)
		snprintf(text, size, "%s %s for %zu windows from %s %s, up to %s "
		    "against %s expected (robust z %.3g, p = %s).",
		    finding_subject(s, subject, sizeof(subject)),
		    a->kind == PP_ANOMALY_SPIKE ? "spiked" : "dipped", windows, when,
		    end, value, expected, a->score, p);
	else
		snprintf(text, size, "%s %s to %s at %s, against %s expected "
		    "(robust z %.3g, p = %s).", finding_subject(s, subject, sizeof(subject)),
		    a->kind == PP_ANOMALY_SPIKE ? "spiked" : "dipped", value, when,
		    expected, a->score, p);
}

static jv
anomaly_finding(const analysis_options *options, const series *s,
    const pp_anomaly *found, const anomaly_episode *e, double threshold, double until)
{
	const pp_anomaly *a = &found[e->lead];
	double ts = s->items[found[e->first].index].time;
	char message[1024];
	jv record;

	if (a->kind != PP_ANOMALY_LEVEL_SHIFT && e->windows > 1)
		until = s->items[found[e->last].index].end;
	anomaly_message(message, sizeof(message), s, a, ts, until, e->windows);
	record = finding_for_values("anomaly", s, severity_of(options, s, a, threshold),
	    message);
	record = jv_object_set(record, jv_string("anomaly"),
	    jv_string(pp_anomaly_kind_name(a->kind)));
	record = jv_object_set(record, jv_string("ts"), jv_number(ts));
	if (isfinite(until))
		record = jv_object_set(record, jv_string("until"), jv_number(until));
	record = jv_object_set(record, jv_string("value"), jv_number(a->value));
	record = jv_object_set(record, jv_string("expected"), jv_number(a->expected));
	record = jv_object_set(record, jv_string("score"), jv_number(a->score));
	record = jv_object_set(record, jv_string("windows"), jv_number((double)e->windows));
	record = jv_object_set(record, jv_string("effect_size"), jv_number(a->score));
	record = jv_object_set(record, jv_string("p_value"), jv_number(p_of_z(a->score)));
	return jv_object_set(record, jv_string("threshold"), jv_number(threshold));
}

static bool
same_way(const pp_anomaly *a, const pp_anomaly *b)
{
	return (a->score > 0) == (b->score > 0);
}

/* The index of the first level shift after found[i], or n (the series'
 * length) when none. */
static size_t
shift_end_after(const pp_anomaly *found, size_t count, size_t i, size_t n)
{
	for (size_t j = i + 1; j < count; j++)
		if (found[j].kind == PP_ANOMALY_LEVEL_SHIFT && found[j].index > found[i].index)
			return found[j].index;
	return n;
}

/* See analysis.h.  A level shift leads the anomalies at its own index;
 * it takes in every anomaly up to the next shift (the windows on the way
 * to and around the new level), and that next shift too when it goes
 * back the other way (the end of the episode, which the message gives as
 * "until").  Spikes or dips take in those of consecutive windows that go
 * the same way. */
size_t
anomaly_episodes(const pp_anomaly *found, size_t count, size_t n, anomaly_episode *out)
{
	size_t made = 0, i = 0, j, k;

	while (i < count) {
		anomaly_episode e = {i, i, i, 1};

		for (k = i; k < count && found[k].index == found[i].index; k++)
			if (found[k].kind == PP_ANOMALY_LEVEL_SHIFT)
				e.lead = k;
		j = i + 1;
		if (found[e.lead].kind == PP_ANOMALY_LEVEL_SHIFT) {
			size_t end = shift_end_after(found, count, e.lead, n);

			while (j < count && found[j].index < end)
				j++;
			if (j < count && found[j].kind == PP_ANOMALY_LEVEL_SHIFT &&
			    !same_way(&found[e.lead], &found[j]))
				j++;
		} else {
			while (j < count && found[j].kind != PP_ANOMALY_LEVEL_SHIFT &&
			    same_way(&found[e.lead], &found[j]) &&
			    found[j].index <= found[j - 1].index + 1) {
				if (fabs(found[j].score) > fabs(found[e.lead].score))
					e.lead = j;
				j++;
			}
		}
		e.last = j - 1;
		e.windows = found[e.last].index - found[e.first].index + 1;
		out[made++] = e;
		i = j;
	}
	return made;
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
		anomaly_episode *episodes = pp_xmalloc((count + 1) * sizeof(*episodes));
		size_t made = anomaly_episodes(found, count, s->count, episodes);

		for (i = 0; i < made; i++) {
			jv record = anomaly_finding(options, s, found, &episodes[i],
			    threshold, next_shift(s, found, count, episodes[i].lead));

			*findings = jv_array_append(*findings, record);
		}
		/* every window is a test; those not in a finding were not
		 * flagged (fdr.c counts them at p = 1) */
		options->family->untested += s->count - made;
		free(episodes);
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
