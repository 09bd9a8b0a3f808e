/*
 * fuzz_log_jsonl.c - perf-collect's jsonl format (log_jsonl.c): points
 * read, validated and written again, other records passed through.
 * fuzz-sources: tools/perf-collect/log_jsonl.c tools/perf-collect/jq_map.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * When the first input byte is '+', the run has --tag host=fuzz (which
 * makes the format rebuild each point's object); the rest is the input.
 * Lines that are not JSON are left out, as libjq's own leaks on some of
 * them are not perfpipe's (fuzz_json_valid in fuzz_common.h); blank lines
 * stay in.  Every line written must read back as a record (fuzz_log.h).
 */
#include "fuzz_log.h"

static int
json_or_blank(const char *line, size_t length)
{
	return strspn(line, " \t") == length || fuzz_json_valid(line, length);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_options *options = fuzz_log_options();
	int tagged = size > 0 && data[0] == '+';
	char *text;
	log_parser *parser;

	if (size == 0)
		return 0;
	if (tagged)
		pp_tags_set(&options->c.extra_tags, "host", "fuzz");
	text = fuzz_line(data + 1, size - 1);
	parser = log_format_jsonl.create(options);
	fuzz_log_feed(&log_format_jsonl, parser, text, text + size - 1, json_or_blank, 0);
	log_format_jsonl.destroy(parser);
	pp_tags_clear(&options->c.extra_tags);
	free(text);
	return 0;
}
