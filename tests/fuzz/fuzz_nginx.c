/*
 * fuzz_nginx.c - perf-collect's nginx access-log parser (log_nginx.c):
 * compiling a log_format string and matching lines against it.
 * fuzz-sources: tools/perf-collect/log_nginx.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * The input's first line is the log_format (empty: the combined preset);
 * every further line is an access-log line.  Lines that do not fit are
 * rejected through tool_reject_line, which prints to stderr (scripts/fuzz
 * runs this target with -close_fd_mask=2 for that reason); the points the
 * parser emits must each read back as a valid point.
 */
#include "fuzz_common.h"

#include "../../tools/perf-collect/log.h"

static void
check_output(pp_buffer *out, const char *format, size_t length)
{
	size_t at = 0;
	pp_point point;

	pp_point_init(&point);
	while (at < out->length) {
		char *newline = memchr(out->data + at, '\n', out->length - at);
		size_t line_length;
		pp_kind kind;
		pp_error error;

		if (newline == NULL)
			fuzz_fail("output does not end in a newline", format, length);
		line_length = (size_t)(newline - (out->data + at));
		*newline = '\0';	/* the reader's lines are NUL-terminated */
		if (pp_record_read(out->data + at, line_length, &point, &kind, NULL,
		    &error) != PP_OK || kind != PP_KIND_POINT)
			fuzz_fail("an emitted point does not read back", out->data + at,
			    line_length);
		at += line_length + 1;
	}
	pp_point_free(&point);
	pp_buffer_clear(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static log_options options;
	static int initialised;
	char *text = fuzz_line(data, size);
	char *newline = memchr(text, '\n', size), *line, *end = text + size;
	log_parser *parser;
	long number = 0;

	if (!initialised) {
		collect_init(&options.c, "perf-collect log");
		initialised = 1;
	}
	if (newline == NULL || memchr(text, '\0', (size_t)(newline - text)) != NULL) {
		free(text);	/* no log line, or a format no argv can hold */
		return 0;
	}
	*newline = '\0';
	options.log_format = newline == text ? NULL : text;
	parser = log_format_nginx.create(&options);
	if (parser == NULL) {
		free(text);
		return 0;
	}
	for (line = newline + 1; line < end; ) {
		char *next = memchr(line, '\n', (size_t)(end - line));
		size_t length = next != NULL ? (size_t)(next - line) : (size_t)(end - line);

		line[length] = '\0';
		log_format_nginx.line(parser, "access.log", ++number, line, length);
		line += length + 1;
	}
	log_format_nginx.destroy(parser);
	check_output(tool_out(&options.c.tool), text, (size_t)(newline - text));
	free(text);
	return 0;
}
