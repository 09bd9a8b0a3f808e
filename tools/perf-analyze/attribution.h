/*
 * attribution.h - the "attribution" findings: which tag values explain a
 * level shift of a metric's p95 or error rate (Adtributor, see
 * pp_attribution.h).
 *
 * perf-analyze keeps, besides its series, every aggregate that has tags
 * and a start (attribution_add); at the end of the input it rolls the
 * finer series of each metric up into one total per window (merging
 * sketches, counts and error counts), finds the level shifts of the
 * total's p95 and error rate, and for each one compares the windows
 * before the change point with the shifted ones, one dimension (tag key)
 * at a time.  Memory: one parsed aggregate per input aggregate, sketch
 * included, until the end of the input.
 */
#ifndef PERF_ANALYZE_ATTRIBUTION_H
#define PERF_ANALYZE_ATTRIBUTION_H

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

#endif
