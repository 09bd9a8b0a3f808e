/*
 * state_saved.h - one group state written out for the --state file and
 * read back, bit for bit: every running sum, the kept values or the
 * sketch's very buckets, the latest point and the window, so that a
 * window left open by one run ends in a later run exactly as if both runs
 * had been one.
 *
 * Numbers are JSON numbers in their shortest round-trip form, except the
 * few that JSON cannot hold: NaN (an unknown sum) is null, and -0, +inf
 * and -inf are the strings "-0", "inf" and "-inf".  So an unknown sum
 * stays unknown across runs, never 0.
 */
#ifndef PERF_AGGREGATE_STATE_SAVED_H
#define PERF_AGGREGATE_STATE_SAVED_H

#include <jv.h>

#include "pp_error.h"
#include "state.h"

/* A double as the state file writes it (see above). */
jv saved_number(double value);
/* Reads what saved_number wrote; false when value is none of its forms. */
bool saved_number_read(jv value, double *number);

/* The state as a JSON object (options: its --buckets). */
jv state_save(const group_state *state, const series_identity *series,
    const aggregate_options *options);
/* The state read from object (borrowed), for options (which decide the
 * bucket count and the window); NULL with error filled when the object
 * is not a saved state or does not fit the options. */
loose_state *state_restore(jv object, const aggregate_options *options, pp_error *error);

#endif
