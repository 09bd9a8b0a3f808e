/*
 * fuzz_log_influx.c - perf-collect's InfluxDB line-protocol parser
 * (log_influx.c).
 * fuzz-sources: tools/perf-collect/log_influx.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2
 *
 * The first input byte chooses --precision (s, ms, us, or ns for any
 * other byte); the rest is the input.  The points written must read back
 * as valid points (fuzz_log.h).
 */
#include "fuzz_log.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	log_options *options = fuzz_log_options();

	if (size == 0)
		return 0;
	options->precision = data[0] == 's' ? "s" : data[0] == 'm' ? "ms" :
	    data[0] == 'u' ? "us" : NULL;
	fuzz_log_simple(&log_format_influx, data + 1, size - 1, NULL);
	options->precision = NULL;
	return 0;
}
