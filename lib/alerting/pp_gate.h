/*
 * pp_gate.h - the one rule a CI gate applies to alerts, for perf-alert's
 * --fail-on/--fail-on-final and perf-report's PASS/FAIL verdict alike.
 *
 * A gate watches alert records (the stream's "kind":"alert" objects) go
 * by, keyed by their "id" (one rule on one series), and remembers for each
 * its severity, whether it was firing at any time, and whether it is
 * firing after the last record seen.  Two questions are then asked of it:
 *
 *   PP_GATE_ANY_TIME  fails when an alert at or above the severity was
 *                     firing at any time in the records seen (a breach in
 *                     the middle of a load test fails it);
 *   PP_GATE_FINAL     fails when one is still firing after the last record
 *                     (for cron, where a resolved alert is news already
 *                     told).
 *
 * A verdict has a third outcome besides pass and fail: nothing was judged
 * (a rule, selector or comparison matched no data).  Failing wins over
 * nothing-judged, which wins over passing: a gate passes only when there
 * was something to judge and none of it breached.
 *
 * Memory grows with the distinct alerts seen (one small entry each).
 */
#ifndef PP_GATE_H
#define PP_GATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_error.h"
#include "pp_rule.h"

typedef enum pp_gate_when {
	PP_GATE_ANY_TIME,	/* --fail-on */
	PP_GATE_FINAL		/* --fail-on-final */
} pp_gate_when;

typedef enum pp_verdict {
	PP_VERDICT_PASS,	/* something was judged, nothing breached */
	PP_VERDICT_FAIL,	/* an alert at or above the severity breached */
	PP_VERDICT_NOTHING	/* nothing breached, but something matched no data */
} pp_verdict;

typedef struct pp_gate {
	jv alerts;		/* id -> [severity, ever firing, firing now] */
} pp_gate;

void pp_gate_init(pp_gate *gate);
void pp_gate_free(pp_gate *gate);

/* Notes one alert record (borrowed).  Its "state" is "firing", "pending"
 * or "resolved"; anything else leaves the gate as it was.  Returns PP_OK,
 * or PP_ERR_INVALID with a message when the record has no string "id",
 * no known "severity" or no string "state" (the gate is then unchanged). */
pp_status pp_gate_observe(pp_gate *gate, jv alert, pp_error *error);

/* The distinct alerts of each severity (counts[PP_SEVERITY_COUNT]) that
 * were firing at any time, or that are firing now, by when. */
void pp_gate_counts(const pp_gate *gate, pp_gate_when when, size_t *counts);

/* The verdict for "fail at or above severity, judged by when".  unmatched
 * is the number of rules (selectors, comparisons) that matched no data:
 * when it is not zero and nothing failed, the verdict is NOTHING. */
pp_verdict pp_gate_verdict(const pp_gate *gate, pp_gate_when when,
    pp_severity severity, size_t unmatched);

/* The exit status of a verdict: 0, PP_EXIT_GATE (1) or PP_EXIT_NOTHING (4). */
int pp_verdict_exit_status(pp_verdict verdict);

#endif
