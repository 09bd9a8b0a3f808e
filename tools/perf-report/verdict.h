/*
 * verdict.h - PASS or FAIL for a report, by the gate rule of perf-alert.
 *
 * A report's verdict must agree with the CI gate that ran beside it, so it
 * uses exactly the rule of perf-alert --fail-on SEVERITY: the report fails
 * when an alert at or above SEVERITY was firing at any time in the input
 * (a breach in the middle of a load test counts, even when it resolved
 * later).  A comparison finding whose verdict is a regression fails it too
 * (perf-analyze compare's own gate).  verdict_gate is that rule alone, one
 * small function, so that it can call the library's gate (pp_gate) once
 * that exists.  The verdict names the rules that decided a FAIL.
 */
#ifndef PERF_REPORT_VERDICT_H
#define PERF_REPORT_VERDICT_H

#include <stdbool.h>

#include "alerts.h"
#include "model.h"
#include "pp_buffer.h"

/* perf-report's --fail-on when none is given: warning. */
#define VERDICT_DEFAULT_FAIL_ON 2

typedef struct report_verdict {
	int firing, pending, resolved;	/* alerts by final state */
	int regressions;		/* comparisons that regressed */
	int fail_on;			/* the gate's severity rank */
	bool failed;
	jv rules;			/* array of the rules that failed it */
	/* "critical" when it failed, "warning" when an alert below the gate
	 * fired or one is still pending, else "normal": the colour of the
	 * verdict in html and its "level" in json. */
	const char *level;
} report_verdict;

/* The gate rule of perf-alert --fail-on: true when a row at or above
 * fail_on (a model_severity_rank) ever fired.  Sets *rules (when not
 * NULL) to an array of each such row's rule, once each, in row order. */
bool verdict_gate(const alert_rows *rows, int fail_on, jv *rules);

/* The verdict of the model's alerts (folded into rows) and comparisons. */
void verdict_make(const report_model *model, const alert_rows *rows, int fail_on,
    report_verdict *verdict);
void verdict_free(report_verdict *verdict);

/* Appends "FAIL: ..." or "PASS: ..." saying why, e.g. "FAIL: warning or
 * worse fired (request.duration:p99 > 1000 @warning)". */
void verdict_sentence(const report_verdict *verdict, pp_buffer *out);

/* The name of a severity rank ("warning"), "unknown" for 0. */
const char *verdict_severity_name(int rank);

#endif
