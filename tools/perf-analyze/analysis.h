/*
 * analysis.h - the analyses perf-analyze runs over the series it holds at
 * the end of its input, each writing its findings to the output buffer.
 *
 * Each analysis is one file (summary.c, trend.c, ...) with one entry
 * point; main.c decides which run.  Findings are deterministic: series in
 * order of first appearance, numbers from the library's estimators.
 */
#ifndef PERF_ANALYZE_ANALYSIS_H
#define PERF_ANALYZE_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_buffer.h"
#include "series.h"

typedef struct analysis_options {
	double min_change;		/* --min-change, a ratio (0.05) */
	const char **higher_is_better;	/* --higher-is-better names */
	size_t higher_is_better_count;
} analysis_options;

/* Whether an increase of the series' statistic is good news: throughput
 * and the like (by name), or a name given to --higher-is-better. */
bool metric_higher_is_better(const analysis_options *options, const char *name);

/* A "summary" finding per series. */
void summary_findings(const analysis_options *options, const series_set *set,
    pp_buffer *out);
/* A "trend" finding per series of three or more observations. */
void trend_findings(const analysis_options *options, const series_set *set,
    pp_buffer *out);

#endif
