/*
 * plan.h - the pipeline perfpipe runs, as argument vectors.
 *
 * From what detect.c found and the user's options, plan.c writes the
 * command line of every stage (perf-collect log, perf-aggregate,
 * perf-analyze, perf-alert when there are rules or a gate, perf-report).
 * The same plan is run (run.c) and printed by --explain as a shell
 * pipeline, so what a user copies into a script is what ran.
 */
#ifndef PERFPIPE_PLAN_H
#define PERFPIPE_PLAN_H

#include <stdio.h>

#include "detect.h"

#define PLAN_MAX_STAGES 5

typedef struct stage {
	char **argv;		/* NULL-terminated, each string owned */
	size_t argc;
} stage;

typedef struct plan {
	stage stages[PLAN_MAX_STAGES];
	size_t count;
} plan;

typedef struct plan_options {
	char **files;
	int file_count;
	const char *window;		/* --window, default 1m */
	const char *by;			/* --by, or NULL to choose */
	const char **rules;		/* -t RULE... */
	size_t rule_count;
	const char *fail_on;		/* --fail-on SEVERITY */
	const char *output;		/* -o FILE */
	const char *report_format;	/* from -o's extension, or NULL */
} plan_options;

/* The perf-report format for an output file name by its extension
 * (.html, .md, .csv, .prom, .json, .txt), or NULL. */
const char *plan_format_for(const char *path);

/* Writes the stages for input d and options into p. */
void plan_build(plan *p, const detection *d, const plan_options *options);
/* Prints p as one shell pipeline, a stage a line, quoted for sh. */
void plan_print(const plan *p, FILE *out);
void plan_free(plan *p);

#endif
