/*
 * analysis.h - the analyses perf-analyze runs over the series it holds at
 * the end of its input, each writing its findings to the output buffer.
 *
 * Each analysis is one file (summary.c, trend.c, ...) with one entry
 * point that appends its findings (jv records) to an array; main.c decides
 * which run and writes the array.  Recommendations read the findings of
 * the others.  Findings are deterministic: series in order of first
 * appearance, numbers from the library's estimators.
 */
#ifndef PERF_ANALYZE_ANALYSIS_H
#define PERF_ANALYZE_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_attribution.h"
#include "series.h"

/* A --capacity limit: the series of metric name must stay below (op '<')
 * or above (op '>') limit. */
typedef struct capacity_limit {
	const char *name;
	char op;
	double limit;
} capacity_limit;

typedef struct analysis_options {
	const char *by;			/* --by tag of the performance summary */
	double min_change;		/* --min-change, a ratio (0.05) */
	double sensitivity;		/* --sensitivity (0.999) */
	size_t min_samples;		/* --min-samples (30) */
	double min_correlation;		/* --min-correlation (0.7) */
	double horizon;			/* --horizon in seconds, 0 when none */
	capacity_limit *capacities;	/* --capacity */
	size_t capacity_count;
	const char **higher_is_better;	/* --higher-is-better names */
	size_t higher_is_better_count;
	pp_attribution_options attribution;	/* --attribution-* */
} analysis_options;

/* Whether an increase of the series' statistic is good news: throughput
 * and the like (by name), or a name given to --higher-is-better. */
bool metric_higher_is_better(const analysis_options *options, const char *name);

/* The performance summaries: overall and per value of the --by tag. */
void performance_findings(const analysis_options *options, const series_set *set,
    jv *findings);
/* A "summary" finding per series. */
void summary_findings(const analysis_options *options, const series_set *set,
    jv *findings);
/* A "trend" finding per series of three or more observations. */
void trend_findings(const analysis_options *options, const series_set *set,
    jv *findings);

/* "anomaly" findings: spikes, dips and level shifts per series of at
 * least min_samples observations. */
void anomaly_findings(const analysis_options *options, const series_set *set,
    jv *findings);

/* "correlation" findings between pairs of series aligned on time. */
void correlation_findings(const analysis_options *options, const series_set *set,
    jv *findings);
/* "forecast" findings (when a horizon or a capacity limit is given). */
void forecast_findings(const analysis_options *options, const series_set *set,
    jv *findings);
/* "recommendation" findings from the findings made so far. */
void recommendation_findings(const analysis_options *options, jv *findings);

#endif
