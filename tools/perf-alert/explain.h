/*
 * explain.h - perf-alert's "explanation" of an alert: the attribution
 * finding of perf-analyze (perf-analyze(1), "attribution") that says which
 * tag values explain the change the alert fired on, copied into the
 * alert's records.
 *
 * A finding explains an alert when it is about the alert's metric (same
 * name) and measure (the rule's stat p95 for a "p95" finding; "ratio", or
 * "count" or "rate" on a selector of errors, status 5xx or "error", for an
 * "error_rate" one), its episode covers the time the alert fired (its
 * "ts" <= triggered_at, and triggered_at <= its "until" when it has one),
 * and its dimension does not contradict the alert's tags: when the alert's
 * series carries the dimension's tag, its value must be one of the blamed
 * values.  Of the findings of one episode the best ranked that fits wins.
 *
 * perf-analyze writes attribution findings after the aggregates, at the
 * end of its input, so most alerts have been written when their finding
 * comes: the alert's latest record is then written again with the
 * explanation added (same id, state and times).  An alert that fires
 * after the finding was read gets it in its own records.
 *
 * Memory: the findings of the latest episode per metric and stat (one per
 * dimension), the latest record of each alert not yet explained, and the
 * explanation of each explained alert until it resolves: bounded by the
 * rules' series, as the engine's own state is.  Nothing of it is saved in
 * --state.
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <jv.h>

#include "perf_alert.h"

typedef struct explainer {
	const alert_options *options;	/* the rules; borrowed */
	jv episodes;	/* "name\x1fstat" -> the latest episode's findings */
	jv waiting;	/* alert id -> its latest record, not yet explained */
	jv given;	/* alert id -> the explanation of an unresolved alert */
} explainer;

void explain_init(explainer *explain, const alert_options *options);
void explain_free(explainer *explain);

/* The alert record (consumed) with "explanation" added when a finding
 * read so far explains it; otherwise the record itself, remembered in
 * case a later finding does. */
jv explain_alert(explainer *explain, jv alert);

/* Notes a finding (borrowed); for an attribution finding, appends to
 * *again (a jv array, consumed and replaced) the latest record of every
 * alert written before it that it explains, with "explanation" added. */
void explain_finding(explainer *explain, jv finding, jv *again);

/* The firing alert records (consumed; pp_alerting_firing's), each with
 * the explanation its earlier records had in this run. */
jv explain_firing(explainer *explain, jv firing);

#endif
