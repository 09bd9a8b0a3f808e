/*
 * fuzz_log_apache.c - perf-collect's Apache access-log reader
 * (log_apache.c): translating a LogFormat into an nginx log_format, and
 * matching lines against it (log_nginx.c).
 * fuzz-sources: tools/perf-collect/log_apache.c tools/perf-collect/log_nginx.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * The input's first line is the LogFormat (empty: the combined preset);
 * every further line is an access-log line.  A LogFormat that does not
 * translate is a usage error (printed); the points written must read back
 * as valid points (fuzz_log.h).
 */
#include "fuzz_log.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_options *options = fuzz_log_options();
	char *text = fuzz_line(data, size);
	char *newline = memchr(text, '\n', size);
	log_parser *parser;

	if (newline == NULL || memchr(text, '\0', (size_t)(newline - text)) != NULL) {
		free(text);	/* no log line, or a format no argv can hold */
		return 0;
	}
	*newline = '\0';
	options->log_format = newline == text ? NULL : text;
	parser = log_format_apache.create(options);
	if (parser != NULL) {
		fuzz_log_feed(&log_format_apache, parser, newline + 1, text + size, NULL, 1);
		log_format_apache.destroy(parser);
	}
	options->log_format = NULL;
	free(text);
	return 0;
}
