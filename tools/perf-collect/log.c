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

static error_t
parse_log(int key, char *argument, struct argp_state *state)
{
	log_options *o = state->input;
	char *variable = NULL, *tag = NULL;

	switch (key) {
	case ARGP_KEY_INIT:
		collect_wire_children(state, &o->c);
		return 0;
	case OPTION_FORMAT:
		o->format = argument;
		return 0;
	case OPTION_LOG_FORMAT:
		o->log_format = argument;
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
	case OPTION_PATH_CLASS:
		o->path_class = true;
		return 0;
	case 'F':
		o->follow = true;
		return 0;
	case OPTION_STATE:
		o->state = argument;
		return 0;
	case OPTION_ROTATED_GLOB:
		o->rotated_glob = argument;
		return 0;
	case OPTION_WAIT:
		if (!tool_parse_duration(&o->c.tool, "--wait", argument, true, &o->wait))
			exit(PP_EXIT_USAGE);
		o->wait_set = true;
		return 0;
	case OPTION_MAP:
		o->map = argument;
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

int
collect_log_main(int argc, char **argv)
{
	log_options o;
	const log_format *format;
	log_parser *parser;
	int status;

	memset(&o, 0, sizeof(o));
	collect_init(&o.c, "perf-collect");
	o.format = "jsonl";
	o.delimiter = ',';
	collect_parse(log_argp_options, parse_log, "[FILE...]",
	    "Read log files (or standard input) in FORMAT and write points.", argc, argv, &o);
	format = find_format(o.format);
	if (format == NULL) {
		status = tool_usage_error(&o.c.tool, "--format: unknown format \"%s\"", o.format);
		collect_free(&o.c);
		return status;
	}
	if (!options_fit(&o)) {
		collect_free(&o.c);
		return PP_EXIT_USAGE;
	}
	if (o.state != NULL && !tool_state_path_ok(&o.c.tool, o.state)) {
		collect_free(&o.c);
		return PP_EXIT_INPUT;
	}
	parser = format->create(&o);
	if (parser == NULL) {
		collect_free(&o.c);
		return PP_EXIT_USAGE;
	}
	status = collect_start_output(&o.c);
	if (status == 0)
		read_all(&o, format, parser);
	status = tool_finish(&o.c.tool, status);
	format->destroy(parser);
	collect_free(&o.c);
	return status;
}
