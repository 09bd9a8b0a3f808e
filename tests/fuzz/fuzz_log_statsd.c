/*
 * fuzz_log_statsd.c - perf-collect's StatsD / DogStatsD line parser
 * (log_statsd.c): every input line is a metric line.
 * fuzz-sources: tools/perf-collect/log_statsd.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * The points it writes must read back as valid points (fuzz_log.h).
 */
#include "fuzz_log.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_log_simple(&log_format_statsd, data, size, NULL);
}
