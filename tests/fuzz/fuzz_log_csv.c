/*
 * fuzz_log_csv.c - perf-collect's CSV reader (log_csv.c, libcsv): a
 * header row, then rows (quoted fields may span lines), each turned into
 * an object of the header's names and mapped to points by --map.
 * fuzz-sources: tools/perf-collect/log_csv.c tools/perf-collect/jq_map.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * The first input byte chooses the --delimiter (';' or ','); the rest is
 * one input.  The map, compiled once, makes one point per row whose tags
 * are the row's fields (so every header name and field value reaches the
 * tag checks) and whose ts is the "ts" field; it calls no tonumber, which
 * in libjq 1.6 runs libjq's parser and its leaks.  One parser per
 * delimiter serves every run: the end of each input resets it, as for the
 * next file of a command line.  They are freed at exit: libjq's stack
 * keeps only a pointer past the end of its block, which LeakSanitizer
 * would take for a leak.  The points written must read back as
 * valid points (fuzz_log.h).
 */
#include "fuzz_log.h"

#define MAP "{name: \"csv.fields\", value: length, ts: .ts, tags: del(.ts)}"

static log_parser *parsers[2];

static void
free_parsers(void)
{
	size_t i;

	for (i = 0; i < 2; i++)
		if (parsers[i] != NULL)
			log_format_csv.destroy(parsers[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int registered;
	log_options *options = fuzz_log_options();
	int which = size > 0 && data[0] == ';';
	char *text;

	if (size == 0)
		return 0;
	if (!registered)
		registered = atexit(free_parsers) == 0;
	options->map = MAP;
	options->delimiter = which ? ';' : ',';
	if (parsers[which] == NULL && (parsers[which] = log_format_csv.create(options)) == NULL)
		fuzz_fail("the map does not compile", MAP, strlen(MAP));
	text = fuzz_line(data + 1, size - 1);
	fuzz_log_feed(&log_format_csv, parsers[which], text, text + size - 1, NULL, 1);
	free(text);
	return 0;
}
