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

typedef struct group_state {
	state_kind kind;
	pp_point_type type;
	/* name, unit and tags live in the state's own allocation
	 * (state_create); unit is NULL when the points had none */
	char *name;
	char *unit;
	pp_tags tags;
	pp_window_spec window;		/* --window's, or a merged aggregate's */
	double start, end;		/* the window; ALL: first and last ts */
	pp_moments moments;
	pp_values values;		/* exact quantiles */
	pp_sketch *sketch;		/* --accuracy, else NULL */
	double last, last_ts;		/* gauge, cumulative: the latest point */
	double previous;		/* cumulative: value of the latest point */
	double increase;
	uint64_t resets;
	uint64_t *bucket_counts;	/* --buckets, per bound (not cumulative) */
	double numerator, denominator;	/* ratio */
	pp_session session;		/* session windows */
	double first_ts, latest_ts;	/* the earliest and latest point ts */
	bool has_time;			/* start and end are known */
	bool percentiles_unknown;	/* merged from aggregates without them */
	bool has_last;
	bool has_span;
} group_state;

/* The earliest and the latest ts of the points read (or, with --merge, of
 * the aggregates' first_ts and last_ts): the edges of the input, which
 * decide whether a window is partial. */
typedef struct input_span {
	double first, last;
	bool known;
} input_span;

/* Widens span to take in ts. */
void input_span_add(input_span *span, double ts);

group_state *state_create(const aggregate_options *options, state_kind kind,
    const char *name, const pp_tags *tags, const char *unit, pp_point_type type);
void state_free(void *state);

/* Adds a point's value at ts (has_ts false: no ts).  Returns false and sets
 * *why when the point cannot be taken (a cumulative point older than the
 * latest one of its series). */
bool state_add(group_state *state, const aggregate_options *options,
    double value, double ts, bool has_ts, const char **why);
/* Adds to a ratio's sums (ts as for state_add). */
void state_add_ratio(group_state *state, double numerator, double denominator,
    double ts, bool has_ts);

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
bool state_is_partial(const group_state *state, const input_span *input);

/* The aggregate record of the state (computes percentiles, which reorders
 * the kept values); input (may be NULL: unknown) decides "partial". */
jv state_to_record(group_state *state, const aggregate_options *options,
    const input_span *input);

#endif
