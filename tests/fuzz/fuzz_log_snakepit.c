/*
 * fuzz_log_snakepit.c - perf-collect's Snakepit telemetry reader
 * (log_snakepit.c): Elixir events as JSON lines and the Python side's
 * "TELEMETRY:{...}" stderr lines, among other output.
 * fuzz-sources: tools/perf-collect/log_snakepit.c tools/perf-collect/name_map.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * The format hands libjq the text after "TELEMETRY:" or a line that
 * starts with "{"; such lines are left out unless that text is JSON
 * (fuzz_json_valid in fuzz_common.h: libjq leaks on some malformed
 * input).  The points written must read back as valid points (fuzz_log.h).
 */
#include "fuzz_log.h"

/* The choice log_snakepit.c makes of what to parse. */
static int
json_where_parsed(const char *line, size_t length)
{
	const char *json = memchr(line, '{', length), *marker = strstr(line, "TELEMETRY:");

	if (marker != NULL)
		json = marker + 10;
	else if (json == NULL || json != line + strspn(line, " \t"))
		return 1;	/* not parsed */
	return fuzz_json_valid(json, (size_t)(line + length - json));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_log_simple(&log_format_snakepit, data, size, json_where_parsed);
}
