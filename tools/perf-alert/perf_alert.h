/*
 * perf_alert.h - what the files of perf-alert share: the options and the
 * steps main() wires together (rules, the stream, the state file, delivery).
 */
#ifndef PERF_ALERT_H
#define PERF_ALERT_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_alerting.h"
#include "pp_gate.h"
#include "pp_rule.h"
#include "future.h"
#include "tool.h"

typedef enum alert_format {
	FORMAT_STREAM,		/* the stream with alert records added */
	FORMAT_ALERTMANAGER	/* one Alertmanager v2 API array */
} alert_format;

typedef struct alert_options {
	pp_tool tool;
	char **shorthands;	/* -t RULE, in order */
	size_t shorthand_count;
	const char *rules_path;	/* -r FILE */
	bool has_fail_on;
	pp_severity fail_on;		/* --fail-on: firing at any time */
	bool has_fail_on_final;
	pp_severity fail_on_final;	/* --fail-on-final: firing at the end */
	pp_gate gate;			/* every alert seen this run */
	size_t unmatched;		/* rules that matched nothing */
	const char *state_path;	/* --state FILE */
	char **exec_argv;	/* --exec CMD ARG... ;  NULL-terminated, or NULL */
	double exec_timeout;	/* seconds */
	future_limit future;	/* --max-future, --now */
	alert_format format;
	bool include_partial;	/* --include-partial */
	const pp_rule *rules;	/* once loaded */
	size_t rule_count;
} alert_options;

/* Loads the rules of -r and -t; on error prints it and returns the exit
 * status (PP_EXIT_USAGE), else 0. */
int alert_load_rules(alert_options *options, pp_rule **rules, size_t *count);

/* Reads the inputs through engine, writing the stream (unless the format
 * is alertmanager) and running --exec for each transition, after retrying
 * *undelivered (the failures of earlier runs; failures of this one are
 * put back there).  *transitions receives, with --format alertmanager,
 * the records of the alerts resolved during the run, and *firing those
 * of the alerts firing at the end (jv arrays; each with its explanation,
 * explain.h, when it has one).
 * Returns 0; PP_EXIT_INPUT when an alert could not be delivered and there
 * is no --state to keep it; PP_EXIT_USAGE, reading stopped at once, when
 * a threshold's unit did not fit a series (the message names both). */
int alert_run(alert_options *options, pp_alerting *engine, jv *transitions,
    jv *firing, jv *undelivered);

/* Prints, for --fail-on and --fail-on-final, the counts and the verdict
 * (pp_gate.h) and returns the worst exit status: PP_EXIT_GATE when an alert
 * at or above the severity breached, PP_EXIT_NOTHING when none did but a
 * rule matched no aggregate, else 0. */
int alert_gate(alert_options *options, const pp_alerting *engine);

#endif
