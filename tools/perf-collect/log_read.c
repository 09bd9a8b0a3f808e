/*
 * log_read.c - `perf-collect log`'s reading of whole inputs: each line,
 * checked for bytes no format accepts, goes to the chosen format.  The
 * loop itself is tools/common's (tool_read_reader), shared with the other
 * programs; log_tail.c reads growing files with --state and --follow and
 * feeds their lines through log_feed_line too.
 *
 * Memory: one line buffer (as long as the longest line) plus what the
 * format keeps; nothing grows with the number of lines.
 */
#include "log_read.h"

#include <string.h>

#include "pp_reader.h"
#include "pp_record.h"

void
log_feed_line(log_options *o, const log_format *format, log_parser *parser,
    const char *source, long number, const char *line, size_t length)
{
	pp_error error = {source, number, ""};
	/* OpenMetrics allows any byte in HELP text, which gives no value */
	bool comment = (format == &log_format_openmetrics ||
	    format == &log_format_prometheus) && length > 0 && line[0] == '#';
	size_t checked = comment ? strnlen(line, length) : length;

	if (format != &log_format_csv &&
	    pp_record_check_bytes(line, checked, &error) != PP_OK) {
		error.source = source;
		error.line = number;
		tool_reject(&o->c.tool, &error, line, length);
		return;
	}
	format->line(parser, source, number, line, length);
}

/* What the shared input loop hands each line to. */
typedef struct feed {
	log_options *o;
	const log_format *format;
	log_parser *parser;
} feed;

static bool
feed_one(pp_tool *tool, pp_reader *reader, const char *line, size_t length, void *context)
{
	feed *to = context;

	(void)tool;
	log_feed_line(to->o, to->format, to->parser, pp_reader_name(reader),
	    pp_reader_line_number(reader), line, length);
	return true;
}

/* Reads one opened input to its end through tools/common's loop, then
 * lets the format check the end of it; false when reading must stop. */
static bool
read_input(log_options *o, const log_format *format, log_parser *parser,
    pp_reader *reader)
{
	feed to = {o, format, parser};

	if (!tool_read_reader(&o->c.tool, reader, feed_one, &to))
		return false;
	o->c.input_ts = 0;
	if (format->end_input != NULL)
		format->end_input(parser, pp_reader_name(reader),
		    pp_reader_line_number(reader));
	return tool_end_batch(&o->c.tool);
}

bool
log_read_path(log_options *o, const log_format *format, log_parser *parser,
    const char *path)
{
	pp_error error = {NULL, 0, ""};
	pp_reader *reader = tool_open_reader(&o->c.tool, path, &error);
	bool going;

	if (reader == NULL) {
		tool_report(&o->c.tool, &error);
		o->c.tool.exit_status = PP_EXIT_INPUT;
		return true;
	}
	going = read_input(o, format, parser, reader);
	pp_reader_close(reader);
	return going;
}
