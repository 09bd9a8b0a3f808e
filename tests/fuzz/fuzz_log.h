/*
 * fuzz_log.h - what the targets of perf-collect's log formats share
 * (fuzz_log_FORMAT.c): the options every format reads, the loop that hands
 * a format its lines as pp_reader would (split at LF, one trailing CR
 * removed, NUL-terminated), and the check of what the format wrote.
 *
 * Every line a format writes must read back through pp_record_read, and
 * every format but jsonl (which passes other kinds through) writes points
 * only.  Formats reject bad lines through tool_reject_line, which prints
 * to stderr, so these targets run with -close_fd_mask=2 under libFuzzer.
 * A format whose lines reach libjq's parser names a filter that keeps out
 * lines that are not JSON (see fuzz_json_valid in fuzz_common.h).
 */
#ifndef FUZZ_LOG_H
#define FUZZ_LOG_H

#include "fuzz_common.h"

#include "../../tools/perf-collect/log.h"

/* Whether a line may reach the format (NULL: every line may). */
typedef int (*fuzz_log_filter)(const char *line, size_t length);

/* The options of every run, made once (collect_init installs signal
 * handlers). */
static inline log_options *
fuzz_log_options(void)
{
	static log_options options;
	static int initialised;

	if (!initialised) {
		collect_init(&options.c, "perf-collect log");
		options.delimiter = ',';
		initialised = 1;
	}
	return &options;
}

/* Checks and clears what the format wrote. */
static inline void
fuzz_log_check_output(pp_buffer *out, int points_only, const char *input,
    size_t size)
{
	size_t at = 0;
	pp_point point;

	pp_point_init(&point);
	while (at < out->length) {
		char *newline = memchr(out->data + at, '\n', out->length - at);
		size_t length;
		pp_kind kind;
		pp_error error;
		jv object = jv_invalid();

		if (newline == NULL)
			fuzz_fail("output does not end in a newline", input, size);
		length = (size_t)(newline - (out->data + at));
		*newline = '\0';	/* the reader's lines are NUL-terminated */
		if (pp_record_read(out->data + at, length, &point, &kind, &object,
		    &error) != PP_OK)
			fuzz_fail("a written record does not read back", out->data + at,
			    length);
		if (points_only && kind != PP_KIND_POINT)
			fuzz_fail("a format wrote a record that is not a point",
			    out->data + at, length);
		jv_free(object);
		at += length + 1;
	}
	pp_point_free(&point);
	pp_buffer_clear(out);
}

/* Feeds the lines of [line, end) (a NUL-terminated copy) to parser, ends
 * the input, and checks the output. */
static inline void
fuzz_log_feed(const log_format *format, log_parser *parser, char *line,
    const char *end, fuzz_log_filter allowed, int points_only)
{
	log_options *options = fuzz_log_options();
	long number = 0;

	while (line < end) {
		char *next = memchr(line, '\n', (size_t)(end - line));
		size_t length = next != NULL ? (size_t)(next - line) : (size_t)(end - line);
		size_t shown = length;

		number++;
		if (shown > 0 && line[shown - 1] == '\r')
			shown--;
		line[shown] = '\0';
		if (allowed == NULL || allowed(line, shown))
			format->line(parser, "access.log", number, line, shown);
		line += length + 1;
	}
	options->c.input_ts = 0;
	if (format->end_input != NULL)
		format->end_input(parser, "access.log", number);
	fuzz_log_check_output(tool_out(&options->c.tool), points_only, "(a log)", 7);
}

/* The common case: a format without options, made and freed per input. */
static inline int
fuzz_log_simple(const log_format *format, const uint8_t *data, size_t size,
    fuzz_log_filter allowed)
{
	char *text = fuzz_line(data, size);
	log_parser *parser = format->create(fuzz_log_options());

	if (parser == NULL)
		fuzz_fail("a format without options was refused", text, size);
	fuzz_log_feed(format, parser, text, text + size, allowed, 1);
	format->destroy(parser);
	free(text);
	return 0;
}

#endif
