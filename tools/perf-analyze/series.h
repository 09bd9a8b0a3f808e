/*
 * series.h - the series perf-analyze holds until its input ends.
 *
 * A series is a metric name and its tag set; its observations are one per
 * aggregate (time = the aggregate's "start") or one per raw point (time =
 * "ts").  Analysis needs the whole timeframe, so every observation is kept:
 * memory grows with the number of aggregates (or points) read, about 80
 * bytes each, plus one merged sketch per series when the aggregates carry
 * sketches (at most a few kilobytes each).  Series keep the order in which they first appeared, so
 * output does not depend on hashing.
 */
#ifndef PERF_ANALYZE_SERIES_H
#define PERF_ANALYZE_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_error.h"
#include "pp_record.h"
#include "pp_series_index.h"

typedef struct observation {
	double time;		/* window start, or point ts */
	double end;		/* window end, or ts */
	double value;		/* the analysed statistic */
	double count;		/* values in the window (1 for a point) */
	double mean, min, max;	/* of the window (the value for a point) */
	double p50, p99;	/* of the window; NaN when absent */
	double numerator, denominator;	/* of a ratio aggregate; NaN else */
	double events;		/* what "rate" counts: the count of a
				 * distribution, the sum of a counter, the
				 * increase of a cumulative series */
	double first_ts, last_ts;	/* of its points; NaN when unknown */
	bool partial;		/* a window the input covers in part */
	size_t order;		/* input order, to keep sorting stable */
} observation;

typedef struct series {
	char *name;
	jv tags;		/* canonical object */
	char *label;		/* name{key=value,...} for messages */
	char *unit;		/* NULL when unknown */
	char *stat;		/* the statistic analysed: "p95", "mean", "value" */
	pp_point_type type;
	bool typed;		/* type came from the input */
	bool of_points;		/* raw points, not aggregates */
	observation *items;
	size_t count, capacity;
	size_t lacking;		/* aggregates without the statistic */
	const char *key;	/* series key bytes (pp_series_key), the index's */
	size_t key_length;
	/* The merge of the aggregates' sketches (perf-aggregate --accuracy),
	 * for percentiles over the whole series; NULL when there is none, and
	 * dropped for good when an aggregate comes without one. */
	struct pp_sketch *sketch;
	bool sketch_incomplete;
} series;

typedef struct series_set {
	series **items;		/* in order of first appearance */
	size_t count, capacity;
	pp_series_index index;	/* identity -> series (its state) */
	const char *forced_stat;	/* --stat, or NULL for the default */
} series_set;

void series_set_init(series_set *set, const char *forced_stat);
void series_set_free(series_set *set);

/* Adds an aggregate record (borrowed).  Returns PP_ERR_INVALID (with a
 * message) when pp_aggregate_parse refuses it, and PP_OK otherwise (an
 * aggregate without "start" covers the whole input: its time is NAN) (an aggregate without the
 * analysed statistic is counted in the series' "lacking"). */
pp_status series_add_aggregate(series_set *set, jv aggregate, pp_error *error);
/* Adds a point; points without a ts are refused with PP_ERR_INVALID. */
pp_status series_add_point(series_set *set, const pp_point *point, pp_error *error);

/* The series with the key of other (same name and tags), or NULL. */
series *series_set_find(const series_set *set, const series *other);

/* Removes the partial windows (perfpipe-stream(5)) from every series:
 * trends, anomalies, correlations and forecasts compare whole windows
 * only, so that the input's ragged edges never read as a drop. */
void series_set_drop_partial(series_set *set);

/* Sorts each series' observations by time (stable: equal times keep their
 * input order). */
void series_set_sort(series_set *set);

/* The statistic analysed by default for a type and unit. */
const char *series_default_stat(pp_point_type type, bool typed, const char *unit,
    bool is_point);

#endif
