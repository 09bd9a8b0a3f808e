/*
 * pp_aggregate.h - one aggregate record, parsed once, into one type; its
 * statistics looked up by name; and the merge of several into one.
 *
 * perf-report, perf-analyze and perf-alert each read aggregates their own
 * way before this module, and disagreed: a "ratio" aggregate, a whole-input
 * aggregate without "start", or an RFC 3339 "start" was read by one and
 * refused by another.  Every reader now goes through pp_aggregate_parse,
 * which accepts what perf-aggregate writes and nothing less: a "name", an
 * optional "tags" object, and optional "start"/"end" in either time form
 * (epoch seconds or RFC 3339); an aggregate without "start" covers the
 * whole input.  Statistics are found by one function, pp_aggregate_stat,
 * whose names perfpipe-stream(5) documents (STATISTIC NAMES), and
 * aggregates combine through pp_aggregate_merge, which merges sketches
 * when every part has one.
 */
#ifndef PP_AGGREGATE_H
#define PP_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_error.h"
#include "pp_sketch.h"
#include "pp_tags.h"
#include "pp_window.h"

#define PP_AGGREGATE_PERCENTILES 8

typedef struct pp_aggregate_percentile {
	char key[16];		/* as written: "p99.9" */
	double value;
} pp_aggregate_percentile;

typedef struct pp_aggregate {
	jv record;		/* the record as read; owned */
	/* identity: name (borrowed from record) and tags in canonical order
	 * (borrowing from record); key is pp_series_key of both */
	const char *name;
	pp_tags tags;
	pp_buffer key;
	const char *type;	/* "timer", "counter", "ratio"...; or NULL */
	const char *unit;	/* or NULL */
	/* kind and window: whole is true for a window of type "all" or an
	 * aggregate without "start"; start and end are NAN when absent (end
	 * is start when only start is given) */
	pp_window_spec window;
	bool whole;
	double start, end;
	/* statistics, NAN when absent */
	double count, sum, min, max, mean, stddev, rate, last;
	double ratio, numerator, denominator;
	size_t percentile_count;	/* in the record's order */
	pp_aggregate_percentile percentiles[PP_AGGREGATE_PERCENTILES];
	bool has_sketch;	/* a "sketch" object (perf-aggregate --accuracy) */
	bool has_buckets;	/* a "buckets" array (perf-aggregate --buckets) */
	unsigned long sequence;	/* input order, set by pp_series_index_add */
} pp_aggregate;

/* Parses record (taking ownership of it: it is freed on failure, and kept
 * in aggregate->record on success).  Returns PP_ERR_INVALID with one line
 * in error when the record has no "name" string, "tags" is not an object
 * of strings, "start" or "end" is neither a number nor an RFC 3339 time,
 * or "window" is not a window object. */
pp_status pp_aggregate_parse(jv record, pp_aggregate *aggregate, pp_error *error);
void pp_aggregate_free(pp_aggregate *aggregate);

/* A time field of an object: epoch seconds, or an RFC 3339 string.  Sets
 * *seconds (NAN when absent or null) and returns PP_OK, or PP_ERR_INVALID
 * naming the field when it holds anything else.  Borrows object. */
pp_status pp_aggregate_time(jv object, const char *field, double *seconds,
    pp_error *error);

/* The statistic called stat: "count", "sum", "min", "max", "mean",
 * "stddev", "rate", "last", "ratio", "numerator", "denominator", a
 * percentile ("p95", "p99.9": matched by value, so "p99.0" finds "p99"),
 * or any other top-level number of the record ("increase", "resets").
 * A "ratio" missing from the record is numerator / denominator when the
 * denominator is positive.  NAN when absent. */
double pp_aggregate_stat(const pp_aggregate *aggregate, const char *stat);
/* The same lookup on a record that was not parsed (borrows record), for
 * a program that needs one statistic of each record it passes through. */
double pp_aggregate_record_stat(jv record, const char *stat);
/* Whether stat is a name pp_aggregate_stat knows (percentiles included),
 * for checking a rule's or option's statistic before any input. */
bool pp_aggregate_stat_known(const char *stat);

/*
 * The merge of aggregates of one series.  count, sum, numerator and
 * denominator add; min and max are the extremes; mean is sum / count and
 * ratio numerator / denominator; rate is count over the covered span when
 * every part has one, else NAN; last is the latest part's.  sketch is the
 * merge of every part's sketch, or NULL as soon as one part has none (or
 * another accuracy): percentiles of the merge are then unknown, since
 * exact percentiles of parts cannot be combined.  sum is NAN with
 * sum_unknown set once one part's "sum" is null (it overflowed) or the
 * total passes DBL_MAX: the mean is then unknown too.
 */
typedef struct pp_aggregate_merge {
	size_t parts;
	double start, end;	/* earliest start, latest end; NAN if none */
	double count, sum, min, max, numerator, denominator, last;
	double last_time;
	pp_sketch *sketch;
	bool sketch_lost;	/* a part without a mergeable sketch */
	bool sum_unknown;	/* a part's sum was null, or the total overflowed */
} pp_aggregate_merge;

void pp_aggregate_merge_init(pp_aggregate_merge *merge);
void pp_aggregate_merge_add(pp_aggregate_merge *merge, const pp_aggregate *part);
/* NAN when the merge has no count, or no sum. */
double pp_aggregate_merge_mean(const pp_aggregate_merge *merge);
/* numerator / denominator; NAN when the denominator is not positive. */
double pp_aggregate_merge_ratio(const pp_aggregate_merge *merge);
/* The percentile named key ("p99", "p99.9") from the merged sketch,
 * clamped to [min, max]; NAN without a sketch, values or a valid key. */
double pp_aggregate_merge_percentile(const pp_aggregate_merge *merge, const char *key);
void pp_aggregate_merge_free(pp_aggregate_merge *merge);

/* A string field of a record, borrowed from it (the record keeps its own
 * reference to the string, so the bytes live as long as it does), or NULL
 * when key is missing or not a string. */
const char *pp_aggregate_string(jv record, const char *key);

#endif
