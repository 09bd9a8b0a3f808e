/*
 * groups.h - the open windows of every group, and their emission.
 *
 * Each point is assigned to its windows and to its group (its name plus
 * all its tags, or only the --by tags), and the state of that (window,
 * group) pair is found in one hash table keyed by the window start and the
 * series key.  A window is emitted once the watermark passes its end; the
 * ready states are sorted by window end, then series key, so the output
 * never depends on hash order.  Memory grows with the number of open
 * (window, group) pairs, about 230 bytes each with a short key (the
 * state, its entry and key, and its share of the hash table and of the
 * list sorted at emission), plus 8 bytes per value in exact mode from a
 * series' second value on.
 */
#ifndef PERF_AGGREGATE_GROUPS_H
#define PERF_AGGREGATE_GROUPS_H

#include <stdbool.h>

#include "options.h"
#include "pp_record.h"
#include "pp_series.h"
#include "state.h"
#include "where.h"

typedef struct aggregator aggregator;

/* A new aggregator; where (owned from then on) may be NULL. */
aggregator *aggregator_new(aggregate_options *options, where_filter *where);
void aggregator_free(aggregator *aggregator);

/* The line a point came from, for messages and --rejects. */
typedef struct point_origin {
	const char *source;
	long line;
	const char *text;
	size_t length;
} point_origin;

/* Adds a point to its windows and groups, emitting the windows the new
 * watermark closes.  Late or unusable points are rejected through tool. */
void aggregator_add(aggregator *aggregator, const pp_point *point,
    const point_origin *origin);
/* Merges an aggregate read back into a state (--merge) into the state of
 * its group and window; rejects it when it cannot be merged. */
void aggregator_merge(aggregator *aggregator, const loose_state *incoming,
    const point_origin *origin);
/* True once a new series went past --max-series: the message has been
 * printed, and the run should end (exit status 3) without emitting the
 * windows still open. */
bool aggregator_stopped(const aggregator *aggregator);
/* Emits every window still open (end of input, or a signal, or --flush).
 * A point that a later run (--state) gives to a window emitted here is
 * late: the windows closed up to the latest end emitted. */
void aggregator_finish(aggregator *aggregator);
/* One warning when records were written with an unknown ("sum": null,
 * overflowed) sum, saying how many. */
void aggregator_warn_unknown_sums(const aggregator *aggregator);

/* The input is complete up to time (--close-until): emits every window
 * that ends at or before it, as the first point at or after it would in
 * one run over a longer input, and counts the input as covering up to it
 * (so a window that ends there is not partial for want of a later
 * point).  A later point in those windows is late. */
void aggregator_close_until(aggregator *aggregator, double time);

/* Adds the states of part, an aggregator over a later part of the input
 * read on its own (split.c), as if its points had come to into
 * one by one after its own: the output is byte for byte that of one
 * pass.  False, with nothing changed, when only one pass can tell (a
 * series of another type, a new series past --max-series, and the like:
 * state_absorbable).  part's states lose their values, copied. */
bool aggregator_absorb(aggregator *into, aggregator *part);
/* The states held: one per series (and ratio) and open window, and the
 * ended sessions not emitted yet. */
size_t aggregator_states(const aggregator *aggregator);

/* ---- carried across runs (--state) ---- */

/* What decides, beyond the open windows, the next emission: the
 * watermark, the end up to which windows were closed, the earliest open
 * end, and the edges of the input so far (which decide "partial"). */
typedef struct aggregator_clock {
	pp_watermark watermark;
	double closed_until, next_end;
	input_span input;
} aggregator_clock;

void aggregator_clock_get(const aggregator *aggregator, aggregator_clock *clock);
void aggregator_clock_set(aggregator *aggregator, const aggregator_clock *clock);

/* Calls visit for every state held, with its series: each open window of
 * each series, then each ended session not emitted yet (closing true). */
typedef void (*aggregator_visit)(const group_state *state, const series_identity *series,
    bool closing, void *context);
void aggregator_each_state(aggregator *aggregator, aggregator_visit visit, void *context);
/* Holds state (owned from then on, freed on failure) as an earlier run
 * left it.  Returns false, with *why set, when it does not fit this run's
 * windows or the same window of the same series is held already. */
bool aggregator_restore(aggregator *aggregator, loose_state *state, bool closing,
    const char **why);

#endif
