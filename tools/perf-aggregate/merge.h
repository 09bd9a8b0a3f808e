/*
 * merge.h - reading aggregate records back into states, for --merge.
 *
 * An aggregate carries everything needed to merge it exactly: count, sum,
 * min, max, mean and stddev give back the moments (m2 = stddev^2 (n - 1)),
 * and the sketch, when there is one, the percentiles.  Exact percentiles
 * cannot be merged (the values are gone), so an aggregate without a sketch
 * contributes everything but percentiles.
 */
#ifndef PERF_AGGREGATE_MERGE_H
#define PERF_AGGREGATE_MERGE_H

#include <jv.h>

#include "options.h"
#include "pp_error.h"
#include "state.h"

/* A new state holding the aggregate record's statistics, or NULL with
 * error filled when the record is not a valid aggregate.  Borrows record. */
loose_state *merge_read(const aggregate_options *options, jv record, pp_error *error);

#endif
