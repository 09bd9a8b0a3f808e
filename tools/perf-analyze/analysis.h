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

#include "pp_anomaly.h"
#include "pp_attribution.h"
#include "pp_error.h"
#include "pp_unit.h"
#include "series.h"

/* A --capacity limit: the series of metric name must stay below (op '<')
 * or above (op '>') limit, written in unit ("" for the series' raw unit;
 * converted per series by capacity_limit_in). */
typedef struct capacity_limit {
	const char *name;
	char op;
	double limit;
	char unit[PP_UNIT_NAME_SIZE];
} capacity_limit;

/* The tests behind the findings, for the false discovery rate (fdr.c):
 * p-values of tests that gave no finding, and how many more tests gave
 * none and are known only to be unremarkable (counted as p = 1). */
typedef struct test_family {
	double *p_values;
	size_t count, capacity;
	size_t untested;
} test_family;

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
	double fdr;			/* --fdr (0.05) */
	test_family *family;		/* the tests made so far */
} analysis_options;

/* Adds a test that gave no finding, with its p-value (NaN: 1). */
void test_family_add(test_family *family, double p);
void test_family_free(test_family *family);
/* Drops the trend, anomaly and correlation findings whose
 * Benjamini-Hochberg adjusted p-value, over every test of the family and
 * of the findings, exceeds options->fdr; those kept get "q_value" and
 * "tests" (the size of the family). */
void fdr_filter(const analysis_options *options, jv *findings);

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

/* What a trend finding says of a series: its direction ("stable",
 * "volatile", "improving", "degrading"), relative change and Mann-Kendall
 * p-value. */
typedef struct trend_verdict {
	const char *direction;
	double change, p_value;
} trend_verdict;

/* The trend of the values y at times x (seconds since the first; n of
 * them), judged as trend_findings judges a series whose rise is good
 * news when higher_is_better.  False (verdict untouched) when it has no
 * slope: fewer than three values, or all at one time. */
bool trend_of_values(const analysis_options *options, bool higher_is_better,
    const double *x, const double *y, size_t n, trend_verdict *verdict);

/* "anomaly" findings: spikes, dips and level shifts per series of at
 * least min_samples observations. */
void anomaly_findings(const analysis_options *options, const series_set *set,
    jv *findings);
/* An episode of anomalies: found[first..last] of one series, told by
 * found[lead] (a level shift when it has one). */
typedef struct anomaly_episode {
	size_t first, last, lead;
	size_t windows;		/* from the first window to the last */
} anomaly_episode;
/* Groups found[0..count) (in index order, of a series of n values) into
 * the episodes the anomaly findings tell, one finding each, into out
 * (count of them at most); returns how many. */
size_t anomaly_episodes(const pp_anomaly *found, size_t count, size_t n,
    anomaly_episode *out);

/* "correlation" findings between pairs of series aligned on time. */
void correlation_findings(const analysis_options *options, const series_set *set,
    jv *findings);
/* The --capacity limit of series s in its unit (converted when the limit
 * was written with one, "1.5GiB"); PP_ERR_INVALID with a message naming
 * the limit, the series, its stat and both units when they do not fit. */
pp_status capacity_limit_in(const capacity_limit *limit, const series *s, double *value,
    pp_error *error);
/* Checks every --capacity limit against every series of its metric before
 * any finding is made: false, with the first misfit in error, when one
 * does not fit. */
bool capacity_limits_fit(const analysis_options *options, const series_set *set,
    pp_error *error);
/* "forecast" findings (when a horizon or a capacity limit is given). */
void forecast_findings(const analysis_options *options, const series_set *set,
    jv *findings);
/* "recommendation" findings from the findings made so far. */
void recommendation_findings(const analysis_options *options, jv *findings);

#endif
