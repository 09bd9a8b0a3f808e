/*
 * log.c - `perf-collect log`: options, the format table and the loop that
 * feeds each input line to the chosen format.  See log.h.
 *
 * Memory: one line buffer (as long as the longest line) plus what the
 * format keeps; nothing grows with the number of lines.
 */
#include "log.h"

#include <stdlib.h>
#include <string.h>

#include "pp_reader.h"

static const log_format *const formats[] = {
	&log_format_jsonl,
	&log_format_nginx,
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

/* Reads one opened input to its end; false when reading must stop. */
static bool
read_input(log_options *o, const log_format *format, log_parser *parser,
    pp_reader *reader)
{
	pp_tool *tool = &o->c.tool;
	pp_error error = {NULL, 0, ""};
	const char *line;
	size_t length;
	pp_status status;

	for (;;) {
		status = pp_reader_next(reader, &line, &length, &error);
		if (status == PP_END)
			break;
		if (status == PP_ERR_INTERRUPTED) {
			if (tool_interrupted())
				return false;
			continue;
		}
		if (status != PP_OK) {
			tool_report(tool, &error);
			tool->exit_status = PP_EXIT_INPUT;
			break;
		}
		tool->lines_read++;
		format->line(parser, pp_reader_name(reader), pp_reader_line_number(reader),
		    line, length);
		if (tool->pending.length > (1 << 16) && !tool_end_batch(tool))
			return false;
		if (tool_interrupted())
			return false;
	}
	if (format->end_input != NULL)
		format->end_input(parser, pp_reader_name(reader),
		    pp_reader_line_number(reader));
	return tool_end_batch(tool);
}

static void
read_all(log_options *o, const log_format *format, log_parser *parser)
{
	char *standard_input[] = {"-"};
	char **files = o->file_count > 0 ? o->files : standard_input;
	int count = o->file_count > 0 ? o->file_count : 1;
	int i;

	for (i = 0; i < count; i++) {
		pp_error error = {NULL, 0, ""};
		pp_reader *reader = pp_reader_open(files[i], &error);
		bool going;

		if (reader == NULL) {
			tool_report(&o->c.tool, &error);
			o->c.tool.exit_status = PP_EXIT_INPUT;
			continue;
		}
		going = read_input(o, format, parser, reader);
		pp_reader_close(reader);
		if (!going)
			return;
	}
}

/* ---- options ---- */

enum {
	OPTION_FORMAT = 'f', OPTION_LOG_FORMAT = 0x3000, OPTION_TAG_FROM, OPTION_MAP,
	OPTION_DELIMITER, OPTION_PRECISION, OPTION_FOLLOW, OPTION_STATE
};

static const struct argp_option log_argp_options[] = {
	{"format", OPTION_FORMAT, "FORMAT", 0,
	    "The input format: jsonl (default), nginx", 0},
	{"log-format", OPTION_LOG_FORMAT, "STRING", 0,
	    "nginx: the log_format string (default: the combined preset)", 0},
	{"tag-from", OPTION_TAG_FROM, "VARIABLE=TAG", 0,
	    "nginx: tag each point with TAG set to the value of VARIABLE (repeatable)", 0},
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
			argp_error(state, "--tag-from: \"%s\" is not VARIABLE=TAG", argument);
		if (o->tag_from_count == LOG_MAX_TAG_FROM)
			argp_error(state, "--tag-from: at most %d", LOG_MAX_TAG_FROM);
		if (*variable == '$')
			variable++;
		o->tag_from_variable[o->tag_from_count] = variable;
		o->tag_from_tag[o->tag_from_count++] = tag;
		return 0;
	case ARGP_KEY_ARGS:
		o->files = state->argv + state->next;
		o->file_count = state->argc - state->next;
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
	parser = format->create(&o);
	if (parser == NULL) {
		collect_free(&o.c);
		return PP_EXIT_USAGE;
	}
	status = tool_open(&o.c.tool);
	if (status == 0)
		read_all(&o, format, parser);
	status = tool_finish(&o.c.tool, status);
	format->destroy(parser);
	collect_free(&o.c);
	return status;
}
