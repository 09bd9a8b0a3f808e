/*
 * fuzz_log_openmetrics.c - perf-collect's strict OpenMetrics reader
 * (log_prometheus.c in its strict mode, prom_text.c, name_map.c): the
 * input is one exposition, "# EOF" and all.
 * fuzz-sources: tools/perf-collect/log_prometheus.c tools/perf-collect/prom_text.c tools/perf-collect/name_map.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * The points it writes must read back as valid points (fuzz_log.h).
 */
#include "fuzz_log.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_log_simple(&log_format_openmetrics, data, size, NULL);
}
