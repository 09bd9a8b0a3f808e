/*
 * log.c - `perf-collect log`: options and the format table.  See log.h;
 * the lines are read and fed to the chosen format by log_read.c (whole
 * inputs) and log_tail.c (--state, --follow).
 *
 * Memory: one line buffer (as long as the longest line) plus what the
 * format keeps; nothing grows with the number of lines.
 */
#include "log.h"
#include "log_read.h"
#include "log_tail.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const log_format *const formats[] = {
	&log_format_jsonl,
	&log_format_nginx,
	&log_format_apache,
	&log_format_prometheus,
	&log_format_openmetrics,
	&log_format_csv,
	&log_format_influx,
	&log_format_statsd,
	&log_format_snakepit,
};

static const log_format *
find_format(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

static void
read_all(log_options *o, const log_format *format, log_parser *parser)
{
	int i;

	if (o->state != NULL || o->follow) {
		log_tail_run(o, format, parser);
		return;
	}
	if (o->c.tool.file_count == 0)
		log_read_path(o, format, parser, "-");
	for (i = 0; i < o->c.tool.file_count; i++)
		if (!log_read_path(o, format, parser, o->c.tool.files[i]))
			return;
}

/* Format options given to a format that has no use for them are a
 * mistake worth reporting. */
static bool
options_fit(log_options *o)
{
	const char *f = o->format;
	bool web = strcmp(f, "nginx") == 0 || strcmp(f, "apache") == 0;

	if ((o->log_format != NULL || o->tag_from_count > 0 || o->path_class) && !web) {
		tool_usage_error(&o->c.tool, "--log-format, --tag-from and --path-class apply "
		    "to nginx and apache logs, not to %s", f);
		return false;
	}
	if (o->map != NULL && strcmp(f, "jsonl") != 0 && strcmp(f, "csv") != 0) {
		tool_usage_error(&o->c.tool, "--map applies to jsonl and csv, not to %s", f);
		return false;
	}
	if (o->delimiter_set && strcmp(f, "csv") != 0) {
		tool_usage_error(&o->c.tool, "--delimiter applies to csv, not to %s", f);
		return false;
	}
	if (o->state != NULL && strcmp(f, "csv") == 0) {
		/* a resumed run would take its first new row for the header */
		tool_usage_error(&o->c.tool, "--state does not apply to csv, whose header is "
		    "only at the start");
		return false;
	}
	if ((o->wait_set || o->rotated_glob != NULL) && o->state == NULL) {
		tool_usage_error(&o->c.tool, "--wait and --rotated-glob apply with --state only");
		return false;
	}
	if (o->precision != NULL && strcmp(f, "influx") != 0) {
		tool_usage_error(&o->c.tool, "--precision applies to influx, not to %s", f);
		return false;
	}
	return true;
}

/* ---- options ---- */

enum {
	OPTION_FORMAT = 'f', OPTION_LOG_FORMAT = 0x3000, OPTION_TAG_FROM, OPTION_MAP,
	OPTION_DELIMITER, OPTION_PRECISION, OPTION_FOLLOW, OPTION_STATE, OPTION_WAIT, OPTION_ROTATED_GLOB,
	OPTION_PATH_CLASS
};

static const struct argp_option log_argp_options[] = {
	{"format", OPTION_FORMAT, "FORMAT", 0,
	    "The input format: jsonl (default), nginx, apache, prometheus, openmetrics, csv, influx, statsd, snakepit", 0},
	{"log-format", OPTION_LOG_FORMAT, "STRING", 0,
	    "nginx, apache: the log_format or LogFormat string (default: combined)", 0},
	{"tag-from", OPTION_TAG_FROM, "VARIABLE=TAG", 0,
	    "nginx, apache: tag each point with TAG set to the value of VARIABLE (repeatable)", 0},
	{"path-class", OPTION_PATH_CLASS, NULL, 0,
	    "nginx, apache: also tag path_class, the path's first segment (/api/users/7: /api)", 0},
	{"map", OPTION_MAP, "JQ", 0,
	    "jsonl, csv: a jq program that turns each input object into points", 0},
	{"delimiter", OPTION_DELIMITER, "CHAR", 0, "csv: the field separator (default ,)", 0},
	{"precision", OPTION_PRECISION, "UNIT", 0,
	    "influx: the timestamp unit, ns (default), us, ms or s", 0},
	{"follow", 'F', NULL, 0,
	    "Keep reading as the files grow, across truncation and rotation (like tail -F)", 0},
	{"state", OPTION_STATE, "FILE", 0,
	    "Remember in FILE where reading stopped, and start there next time", 0},
	{"rotated-glob", OPTION_ROTATED_GLOB, "PATTERN", 0,
	    "With --state: also look for rotated files among those matching PATTERN "
	    "(logrotate's olddir)", 0},
	{"wait", OPTION_WAIT, "DURATION", 0,
	    "With --state: when another run holds FILE.lock, wait up to DURATION for it "
	    "(default: exit 75 at once)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static const tool_field log_fields[] = {
	{OPTION_FORMAT, "--format", TOOL_FIELD_STRING, offsetof(log_options, format), 0, 0},
	{OPTION_LOG_FORMAT, "--log-format", TOOL_FIELD_STRING, offsetof(log_options, log_format),
	    0, 0},
	{OPTION_PATH_CLASS, "--path-class", TOOL_FIELD_FLAG, offsetof(log_options, path_class),
	    0, 0},
	{'F', "--follow", TOOL_FIELD_FLAG, offsetof(log_options, follow), 0, 0},
	{OPTION_STATE, "--state", TOOL_FIELD_STRING, offsetof(log_options, state), 0, 0},
	{OPTION_ROTATED_GLOB, "--rotated-glob", TOOL_FIELD_STRING,
	    offsetof(log_options, rotated_glob), 0, 0},
	{OPTION_MAP, "--map", TOOL_FIELD_STRING, offsetof(log_options, map), 0, 0},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_log(int key, char *argument, struct argp_state *state)
{
	log_options *o = state->input;
	char *variable = NULL, *tag = NULL;

	switch (key) {
	case ARGP_KEY_INIT:
		o->format = "jsonl";
		o->delimiter = ',';
		return 0;
	case OPTION_TAG_FROM:
		if (!collect_split_pair(argument, &variable, &tag) || *tag == '\0')
			exit(tool_usage_error(&o->c.tool, "--tag-from: \"%s\" is not VARIABLE=TAG", argument));
		if (o->tag_from_count == LOG_MAX_TAG_FROM)
			exit(tool_usage_error(&o->c.tool, "--tag-from: at most %d", LOG_MAX_TAG_FROM));
		if (*variable == '$')
			variable++;
		o->tag_from_variable[o->tag_from_count] = variable;
		o->tag_from_tag[o->tag_from_count++] = tag;
		return 0;
	case OPTION_WAIT:
		if (!tool_parse_duration(&o->c.tool, "--wait", argument, true, &o->wait))
			exit(PP_EXIT_USAGE);
		o->wait_set = true;
		return 0;
	case OPTION_DELIMITER:
		if (strcmp(argument, "\\t") == 0 || strcmp(argument, "tab") == 0)
			argument = "\t";
		if (strlen(argument) != 1)
			exit(tool_usage_error(&o->c.tool, "--delimiter: \"%s\" is not one character", argument));
		o->delimiter = argument[0];
		o->delimiter_set = true;
		return 0;
	case OPTION_PRECISION:
		if (strcmp(argument, "ns") != 0 && strcmp(argument, "us") != 0 &&
		    strcmp(argument, "ms") != 0 && strcmp(argument, "s") != 0)
			exit(tool_usage_error(&o->c.tool, "--precision: \"%s\" is not ns, us, ms or s", argument));
		o->precision = argument;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* A run of perf-collect log: the options and, once they are checked, the
 * format that reads the input and its parser. */
typedef struct log_run {
	log_options o;		/* first: the parser's input */
	const log_format *format;
	log_parser *parser;
} log_run;

/* Finds the format and makes its parser; a usage or input status when
 * the options do not allow it. */
static int
prepare_log(void *input)
{
	log_run *run = input;

	run->format = find_format(run->o.format);
	if (run->format == NULL)
		return tool_usage_error(&run->o.c.tool, "--format: unknown format \"%s\"",
		    run->o.format);
	if (!options_fit(&run->o))
		return PP_EXIT_USAGE;
	if (run->o.state != NULL && !tool_state_path_ok(&run->o.c.tool, run->o.state))
		return PP_EXIT_INPUT;
	run->parser = run->format->create(&run->o);
	return run->parser != NULL ? 0 : PP_EXIT_USAGE;
}

static int
run_log(void *input)
{
	log_run *run = input;

	/* a wide pipe to the next program, but for --state, whose
	 * at-least-once window is what one pipe holds unread */
	if (run->o.state == NULL)
		tool_widen_output_pipe(&run->o.c.tool);
	read_all(&run->o, run->format, run->parser);
	return 0;
}

static void
release_log(void *input)
{
	log_run *run = input;

	if (run->parser != NULL)
		run->format->destroy(run->parser);
}

const collect_command collect_log_command = {
	sizeof(log_run), {log_argp_options, log_fields, parse_log, "[FILE...]",
	"Read log files (or standard input) in FORMAT and write points.", 0,
	    &collect_argp, 0}, false,
	prepare_log, run_log, release_log,
};
