/*
 * self_metrics.h - --self-metrics: a program's own counters as points of
 * its stream, so a pipeline can watch itself with the same tools.
 *
 * The counts live here, filled by tool.c (lines read, records written,
 * lines rejected) and by each program (late points, the most series held at once: the only
 * two numbers that mean different things per program).  A count a program
 * does not keep is left out of the output rather than written as a 0 that
 * would claim "measured, and none".  Emission is cheap and pull-based: the
 * tool asks self_metrics_due() at batch ends and every 1024 input lines,
 * and writes the points when the interval has passed, and always once at
 * the end.  Totals are "cumulative" points (monotonic since the start);
 * series and max_rss_bytes are gauges (peaks, like getrusage's); every point carries the tag
 * program=NAME (NAME without "perf-"), plus subcommand=WORD for
 * perf-collect.
 */
#ifndef PP_SELF_METRICS_H
#define PP_SELF_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_buffer.h"

typedef struct self_metrics {
	bool enabled;			/* --self-metrics */
	double interval;		/* --self-metrics-interval seconds; 0: end only */
	double next_due;		/* monotonic clock; 0: not started */
	bool to_stderr;			/* the output is not a stream (perf-report) */
	const char *subcommand;		/* perf-collect's, for the tag; or NULL */
	/* counts the program keeps, or not */
	bool counts_late;
	unsigned long long late;	/* points rejected as too late */
	bool counts_series;
	unsigned long long series;	/* the most series held at once */
} self_metrics;

/* Tells metrics that the program holds count series now (counts_series). */
static inline void
self_metrics_series(self_metrics *metrics, unsigned long long count)
{
	metrics->counts_series = true;
	if (count > metrics->series)
		metrics->series = count;
}

/* Everything one emission writes. */
typedef struct self_metrics_sample {
	unsigned long long records_in, records_out, rejected, late, series;
	bool has_late, has_series;
	double cpu_seconds;		/* user + system time so far */
	double max_rss_bytes;		/* peak resident set size */
} self_metrics_sample;

/* Appends the points of sample, each with "ts" ts, as NDJSON lines to out.
 * program is the program's name as in messages ("perf-aggregate"): the
 * metric prefix is perfpipe.WORD from its first word without "perf-".
 * subcommand (or NULL) becomes the tag subcommand; a second word of
 * program ("perf-collect system") does too when subcommand is NULL. */
void self_metrics_write(pp_buffer *out, const char *program, const char *subcommand,
    const self_metrics_sample *sample, double ts);

/* Fills cpu_seconds and max_rss_bytes of sample from getrusage. */
void self_metrics_usage(self_metrics_sample *sample);

/* True when the interval has passed since the last emission (false when
 * disabled or without an interval); the first call starts the clock. */
bool self_metrics_due(self_metrics *metrics);

#endif
