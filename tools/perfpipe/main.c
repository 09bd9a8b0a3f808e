/*
 * main.c - perfpipe: one command from a log file to a report.
 *
 * Wiring only: options, the format of the first file (detect.c), the
 * pipeline for it (plan.c), then either --explain prints that pipeline or
 * run.c runs it.  Every choice perfpipe makes is an option of one of the
 * five programs, so --explain shows a user the pipeline to keep.
 */
#include <argp.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "plan.h"
#include "run.h"
#include "tool.h"

const char *argp_program_version = "perfpipe " PERFPIPE_VERSION;

#define MAX_RULES 64

typedef struct options {
	pp_tool tool;
	plan_options plan;
	const char *rules[MAX_RULES];
	const char *format;	/* --format, or NULL to detect */
	bool explain;
} options;

enum { OPTION_FAIL_ON = 0x5000, OPTION_EXPLAIN };

static const struct argp_option option_table[] = {
	{"format", 'f', "FORMAT", 0, "The input format: combined, common, combined-kv, "
	    "jsonl, snakepit, prometheus or csv (default: detected from the first lines)", 0},
	{"window", 'w', "DUR", 0, "Windows of DUR (default 1m)", 0},
	{"by", 'b', "TAG,...", 0, "Group on these tags (default: pool, else upstream, else "
	    "path_class,status_class for access logs, else every tag)", 0},
	{"threshold", 't', "RULE", 0, "An alert rule for perf-alert (repeatable)", 0},
	{"fail-on", OPTION_FAIL_ON, "SEVERITY", 0,
	    "Exit 1 when an alert at or above SEVERITY is firing at the end", 0},
	{"output", 'o', "FILE", 0, "Write the report to FILE, in the format its extension "
	    "names: .html, .md, .csv, .prom, .json or .txt", 0},
	{"explain", OPTION_EXPLAIN, NULL, 0,
	    "Print the pipeline perfpipe would run, and do not run it", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static error_t
parse_option(int key, char *argument, struct argp_state *state)
{
	options *o = state->input;

	switch (key) {
	case 'f':
		if (detect_kind_named(argument) == INPUT_UNKNOWN)
			argp_error(state, "--format: \"%s\" is not combined, common, combined-kv, "
			    "jsonl, snakepit, prometheus or csv", argument);
		o->format = argument;
		return 0;
	case 'w':
		o->plan.window = argument;
		return 0;
	case 'b':
		o->plan.by = argument;
		return 0;
	case 't':
		if (o->plan.rule_count == MAX_RULES)
			argp_error(state, "-t: at most %d rules", MAX_RULES);
		o->rules[o->plan.rule_count++] = argument;
		return 0;
	case OPTION_FAIL_ON:
		o->plan.fail_on = argument;
		return 0;
	case 'o':
		o->plan.output = argument;
		o->plan.report_format = plan_format_for(argument);
		if (o->plan.report_format == NULL)
			argp_error(state, "-o: \"%s\" does not end in .html, .md, .csv, .prom, "
			    ".json or .txt, which name the report's format", argument);
		return 0;
	case OPTION_EXPLAIN:
		o->explain = true;
		return 0;
	case ARGP_KEY_ARGS:
		o->plan.files = state->argv + state->next;
		o->plan.file_count = state->argc - state->next;
		return 0;
	case ARGP_KEY_NO_ARGS:
		argp_error(state, "no FILE: perfpipe reads files, to tell their format");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* Detects the format of the first file, and checks that the others have
 * the same; prints why not and returns the exit status, else 0. */
static int
detect_files(options *o, detection *d)
{
	input_kind forced = o->format != NULL ? detect_kind_named(o->format) : INPUT_UNKNOWN;
	const char *first = o->plan.files[0];
	pp_error error = {NULL, 0, ""};
	detection other;
	int i;

	if (detect_input(first, forced, d, &error) != PP_OK) {
		if (d->kind == INPUT_UNKNOWN && forced == INPUT_UNKNOWN &&
		    strcmp(error.message, "cannot tell the format") == 0)
			tool_warn(&o->tool, "%s: cannot tell the format from its first lines (tried "
			    "nginx/Apache combined and common, combined with key=value fields, "
			    "perfpipe JSON lines, Snakepit telemetry, Prometheus text and CSV with "
			    "a header); name it with --format combined, common, combined-kv, jsonl, "
			    "snakepit, prometheus or csv, or run perf-collect log yourself", first);
		else
			tool_warn(&o->tool, "%s: %s", first, error.message);
		detect_free(d);
		return PP_EXIT_INPUT;
	}
	for (i = 1; forced == INPUT_UNKNOWN && i < o->plan.file_count; i++) {
		if (detect_input(o->plan.files[i], INPUT_UNKNOWN, &other, &error) != PP_OK ||
		    other.kind != d->kind) {
			tool_warn(&o->tool, "%s is %s but %s is %s: give files of one format",
			    first, detect_kind_name(d->kind), o->plan.files[i],
			    detect_kind_name(other.kind));
			detect_free(&other);
			detect_free(d);
			return PP_EXIT_INPUT;
		}
		d->has_pool |= other.has_pool;
		d->has_upstream |= other.has_upstream;
		detect_free(&other);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct argp argp = {option_table, parse_option, "FILE...",
		"Detect the format of log FILEs, run perf-collect | perf-aggregate | "
		"perf-analyze [| perf-alert] | perf-report on them and print the report.",
		NULL, NULL, NULL};
	options o;
	detection d;
	plan p;
	int status;

	memset(&o, 0, sizeof(o));
	tool_init(&o.tool, "perfpipe");
	o.plan.rules = o.rules;
	argp_err_exit_status = PP_EXIT_USAGE;
	argp_parse(&argp, argc, argv, 0, NULL, &o);
	status = detect_files(&o, &d);
	if (status != 0)
		return status;
	plan_build(&p, &d, &o.plan);
	if (o.explain) {
		plan_print(&p, stdout);
		status = fflush(stdout) == 0 && !ferror(stdout) ? 0 : PP_EXIT_INPUT;
	} else {
		status = run_plan(&o.tool, &p);
	}
	plan_free(&p);
	detect_free(&d);
	return status;
}
