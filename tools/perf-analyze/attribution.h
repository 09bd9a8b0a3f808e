/*
 * attribution.h - the "attribution" findings: which tag values explain a
 * level shift, a run of spikes, a degrading trend or a compare regression
 * of a metric's p95 or error rate (Adtributor, see pp_attribution.h).
 *
 * perf-analyze keeps, besides its series, every aggregate that has tags
 * and a start (attribution_add); at the end of the input it rolls the
 * finer series of each metric up into one total per window (merging
 * sketches, counts and error counts), finds the level shifts of the
 * total's p95 and error rate and their runs of spikes (or, without a
 * shift, a degrading trend of them), and for each one compares the windows
 * before the change point with the shifted ones, one dimension (tag key)
 * at a time.  perf-analyze compare does the same with two stores
 * (attribution_compare): the baseline's windows are the period before,
 * the candidate's the period after, when its judgement of the rolled-up
 * total is a regression.  Memory: one parsed aggregate per input
 * aggregate, sketch included, until the end of the input.
 */
#ifndef PERF_ANALYZE_ATTRIBUTION_H
#define PERF_ANALYZE_ATTRIBUTION_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "analysis.h"
#include "pp_aggregate.h"

typedef struct attribution_store {
	pp_aggregate *items;
	size_t count, capacity;
} attribution_store;

void attribution_store_free(attribution_store *store);
/* Keeps a copy of record when it is an aggregate with tags and a start;
 * borrows record. */
void attribution_add(attribution_store *store, jv record);
/* Appends the attribution findings (see the top of this file). */
void attribution_findings(const analysis_options *options,
    const attribution_store *store, jv *findings);

/* perf-analyze compare's judgement of a rolled-up total. */
typedef struct attribution_verdict {
	double change;		/* relative change of the median */
	double p_value;		/* of the test that judged it */
} attribution_verdict;

/* Whether the total of metric name, its statistic stat ("p95" or
 * "error_rate") per window on each side, regressed; fills *verdict. */
typedef bool (*attribution_judge)(void *context, const char *name,
    const char *stat, const double *baseline, size_t baseline_count,
    const double *candidate, size_t candidate_count,
    attribution_verdict *verdict);

/* perf-analyze compare: for each metric of baseline also in candidate,
 * rolls each side up into one total per window (the baseline's windows,
 * then the candidate's), has judge decide whether its p95 (a latency with
 * sketches) or its error rate (a status tag) regressed, and if so
 * appends the attribution findings of baseline (before) against
 * candidate (after). */
void attribution_compare(const analysis_options *options,
    const attribution_store *baseline, const attribution_store *candidate,
    attribution_judge judge, void *context, jv *findings);

#endif
