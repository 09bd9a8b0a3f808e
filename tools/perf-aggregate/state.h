/*
 * state.h - the statistics of one series in one window: what is kept while
 * points arrive, and the aggregate record made from it at the end.
 *
 * What a state keeps depends on the series' point type (design.md):
 * distributions keep moments and the values (8 bytes each) or a sketch;
 * gauges also the last value; counters their sum; cumulative totals the
 * increase, with resets handled as Prometheus rate() does (a drop means
 * the counter restarted from zero, so the new value is all increase).
 * A ratio state (--ratio) keeps a numerator and a denominator sum.
 */
#ifndef PERF_AGGREGATE_STATE_H
#define PERF_AGGREGATE_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include <jv.h>

#include "options.h"
#include "pp_moments.h"
#include "pp_quantile.h"
#include "pp_record.h"
#include "pp_sketch.h"
#include "pp_tags.h"
#include "pp_window.h"

typedef enum state_kind { STATE_SERIES, STATE_RATIO } state_kind;

/* What only some states need, allocated for those: a sketch (--accuracy),
 * bucket counts (--buckets), a cumulative total's increase, a ratio's
 * sums, a session, or the window of a merged aggregate. */
typedef struct state_extras {
	pp_sketch *sketch;		/* --accuracy, else NULL */
	uint64_t *bucket_counts;	/* --buckets, per bound (not cumulative) */
	double previous;		/* cumulative: value of the latest point */
	double increase;
	uint64_t resets;
	double numerator, denominator;	/* ratio */
	pp_session session;		/* session windows */
	pp_window_spec window;		/* own_window: a merged aggregate's */
} state_extras;

/* The state of one series in one window.  It is held inside its entry of
 * perf-aggregate's table (pp_series with a value_size), after the key
 * that names its series (series_key.h), so it has no name or tags of its
 * own, and what few states need is apart (state_extras): 136 bytes.  An
 * exact distribution's single value is its moments' min, so a series of
 * one point has no array of values until its second point. */
typedef struct group_state {
	double *values;			/* exact quantiles (see above) */
	uint32_t value_count, value_capacity;
	uint32_t unit;			/* index into the aggregator's units; 0: none */
	uint8_t kind;			/* state_kind */
	uint8_t type;			/* pp_point_type */
	bool has_time : 1;		/* start and end are known */
	bool has_span : 1;		/* first_ts and latest_ts are known */
	bool has_last : 1;		/* last and last_ts are known */
	bool percentiles_unknown : 1;	/* merged from aggregates without them */
	bool own_window : 1;		/* extra->window, not --window's (and
					 * in the table, the key ends in
					 * MERGED_WINDOW_BYTES) */
	state_extras *extra;		/* NULL until one is needed */
	double start, end;		/* the window; ALL: first and last ts */
	double first_ts, latest_ts;	/* the earliest and latest point ts */
	double last, last_ts;		/* the latest point */
	pp_moments moments;
} group_state;

/* A series as records name it: borrowed strings, unit NULL for none. */
typedef struct series_identity {
	const char *name;
	const pp_tags *tags;
	const char *unit;
} series_identity;

/* A state apart from the table, with its series: an aggregate read back
 * (--merge) or a state read from a --state file, before it joins its
 * group.  name, unit and tags are its own. */
typedef struct loose_state {
	group_state state;
	char *name, *unit;
	pp_tags tags;
} loose_state;

/* The earliest and the latest ts of the points read (or, with --merge, of
 * the aggregates' first_ts and last_ts): the edges of the input, which
 * decide whether a window is partial. */
typedef struct input_span {
	double first, last;
	bool known;
} input_span;

/* Widens span to take in ts. */
void input_span_add(input_span *span, double ts);

/* Sets up a zeroed state (as a table entry holds one) for a new series. */
void state_init(group_state *state, const aggregate_options *options, state_kind kind,
    pp_point_type type);
/* Frees what the state holds (its values and extras), not the state. */
void state_release(void *state);
/* The extras of state, allocated (zeroed) when it has none yet. */
state_extras *state_extras_of(group_state *state);
/* The extras to read: all zero when the state has none. */
const state_extras *state_extras_read(const group_state *state);
/* The state's sketch, or NULL. */
pp_sketch *state_sketch(const group_state *state);
/* Gives the state sketch (owned from then on; NULL: none) in place of
 * the one it had. */
void state_replace_sketch(group_state *state, pp_sketch *sketch);
/* Makes a merged aggregate's window the state's own. */
void state_set_window(group_state *state, const pp_window_spec *window);
/* The state's window: its own, or --window's. */
const pp_window_spec *state_window(const group_state *state,
    const aggregate_options *options);

/* A new loose state of the series (name, tags, unit: copied). */
loose_state *loose_state_new(const aggregate_options *options, state_kind kind,
    const char *name, const pp_tags *tags, const char *unit, pp_point_type type);
/* The loose state's series, borrowing from it. */
series_identity loose_state_identity(const loose_state *loose);
/* Frees the loose state, with its state's values and extras (none once
 * loose_state_move took them). */
void loose_state_free(loose_state *loose);
/* Moves the loose state's statistics into place (a zeroed or released
 * state), leaving the loose state without them. */
void loose_state_move(loose_state *loose, group_state *place);

/* Adds a point's value at ts (has_ts false: no ts).  Returns false and sets
 * *why when the point cannot be taken (a cumulative point older than the
 * latest one of its series). */
bool state_add(group_state *state, const aggregate_options *options,
    double value, double ts, bool has_ts, const char **why);
/* Whether from, the state of a series over a later part of the input
 * read on its own (split.c, with keep_every_value), can be added to into,
 * its state over the input before that part (NULL: none yet), by
 * state_absorb. */
bool state_absorbable(const group_state *into, const group_state *from);
/* Adds from's points to into (a new state: zeroed and set up) as
 * state_add would have added them one by one after into's own, so that
 * into ends byte for byte as after one pass: the values in their order,
 * the moments, the last point and the times.  The part's points all
 * have a ts or none has. */
void state_absorb(group_state *into, const group_state *from,
    const aggregate_options *options);
/* Adds to a ratio's sums (ts as for state_add). */
void state_add_ratio(group_state *state, const aggregate_options *options,
    double numerator, double denominator, double ts, bool has_ts);

/* Folds from (an aggregate read back, --merge) into into: moments exactly,
 * sketches by adding counts, sums and resets added, last by time.  Returns
 * false and sets *why when they cannot merge (other type, other sketch
 * accuracy, or percentiles asked of an aggregate without a sketch). */
bool state_merge(group_state *into, const group_state *from,
    const aggregate_options *options, const char **why);

/* Whether a window is partial: a tumbling or sliding window that the input
 * covers only in part, because the input's first point comes more than
 * one spacing after the window's start or its last point more than one
 * spacing before the window's end (the spacing: the mean time between the
 * window's own points, (last - first) / (count - 1); 0 for one point).
 * The span of
 * the window that the input covers is then [max(start, first), min(end,
 * last)], and rates are per second of it. */
bool state_is_partial(const group_state *state, const aggregate_options *options,
    const input_span *input);

/* The aggregate record of the state of series (computes percentiles,
 * which reorders the kept values) but its "sketch"; input (may be NULL:
 * unknown) decides "partial".  *sketch is the sketch the record carries
 * (NULL: none), for pp_json_write_record_with to write as pp_sketch_member
 * says: its counts cost several times more as jv than as text. */
jv state_to_record(group_state *state, const series_identity *series,
    const aggregate_options *options, const input_span *input,
    const pp_sketch **sketch);
/* Appends value to the kept values as it is (a value read back from a
 * --state file); false for NaN or when the array is full (UINT32_MAX). */
bool state_add_saved_value(group_state *state, double value);
/* The exact values of a distribution state, its single value included
 * (see group_state): *single holds it when values has none. */
const double *state_values(const group_state *state, double *single, size_t *count);

#endif
