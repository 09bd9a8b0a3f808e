/*
 * fuzz_aggregate_state.c - perf-aggregate's --state loader (tools/
 * perf-aggregate/carried.c and state_saved.c): the file of open windows a
 * cron job reads back each run.
 * fuzz-sources: tools/perf-aggregate/carried.c tools/perf-aggregate/state_saved.c tools/perf-aggregate/state.c tools/perf-aggregate/groups.c tools/perf-aggregate/series_key.c tools/perf-aggregate/options.c tools/perf-aggregate/where.c tools/common/tool.c tools/common/text_safe.c tools/common/future.c tools/common/self_metrics.c tools/common/state_file.c tools/common/cardinality.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2 -max_len=8192
 *
 * The input is the state file.  Text with a line that is not JSON is left
 * out (libjq leaks on some; see fuzz_json_valid).  It is loaded under two
 * sets of options, exact and sketched (one of them at least refuses it
 * for its options).  A refusal must be exit status 2 or 3; a state that
 * loads is written again, and that text must load and write back the
 * same bytes: what perf-aggregate writes, its next run reads.  Then the
 * loaded windows are all written out (--flush), which must not crash on
 * anything the loader accepted.
 */
#include "fuzz_common.h"

#include "../../tools/perf-aggregate/carried.h"

typedef struct fixture {
	aggregate_options exact, sketched;
} fixture;

static void
parse(aggregate_options *options, char **argv, int argc)
{
	if (options_parse(options, argc, argv) != 0)
		abort();
	options->tool.output_path = "/dev/null";
	if (tool_open(&options->tool) != 0)
		abort();
}

static fixture *
fixture_get(void)
{
	static fixture f;
	static int made;
	static char *exact[] = {"perf-aggregate", "--window", "1m", "--buckets", "10,100",
		"--ratio", "e=request.completed{status=error}/request.completed", NULL};
	static char *sketched[] = {"perf-aggregate", "--window", "1m", "--accuracy", "0.01",
		"--by", "pool", NULL};

	if (made)
		return &f;
	parse(&f.exact, exact, 7);
	parse(&f.sketched, sketched, 7);
	made = 1;
	return &f;
}

/* Whether every line of the text is JSON (the loader's jv_parse_sized
 * must not meet text that makes libjq leak). */
static int
all_lines_json(const char *text, size_t size)
{
	size_t at = 0;

	while (at < size) {
		const char *newline = memchr(text + at, '\n', size - at);
		size_t length = newline != NULL ? (size_t)(newline - (text + at)) : size - at;

		if (length > 0 && !fuzz_json_valid(text + at, length))
			return 0;
		at += length + 1;
	}
	return 1;
}

static void
try_options(aggregate_options *options, const char *text, size_t size)
{
	aggregator *first = aggregator_new(options, NULL), *second;
	pp_buffer saved = PP_BUFFER_INIT, again = PP_BUFFER_INIT;
	int status = carried_load(options, "fuzz.state", text, size, first);

	if (status != 0) {
		if (status != PP_EXIT_USAGE && status != PP_EXIT_INPUT)
			abort();
		aggregator_free(first);
		return;
	}
	carried_write(options, first, &saved);
	second = aggregator_new(options, NULL);
	if (carried_load(options, "fuzz.state", saved.data, saved.length, second) != 0)
		abort();	/* what it writes, it must read */
	carried_write(options, second, &again);
	if (again.length != saved.length || memcmp(again.data, saved.data, saved.length) != 0)
		abort();	/* and write back the same */
	aggregator_finish(second);
	aggregator_free(first);
	aggregator_free(second);
	pp_buffer_free(&saved);
	pp_buffer_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture *f = fixture_get();
	const char *text = (const char *)data;

	if (size == 0 || !all_lines_json(text, size))
		return 0;
	try_options(&f->exact, text, size);
	try_options(&f->sketched, text, size);
	return 0;
}
