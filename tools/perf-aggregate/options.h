/*
 * options.h - the command line of perf-aggregate, parsed into one struct.
 *
 * The option table (options.c) is the list the man page's OPTIONS follows
 * entry for entry.  Values are checked here, strictly and naming the
 * option, so the rest of the program only sees valid settings.
 */
#ifndef PERF_AGGREGATE_OPTIONS_H
#define PERF_AGGREGATE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_quantile.h"
#include "pp_window.h"
#include "future.h"
#include "tool.h"

/* One side of a --ratio: METRIC{TAG=VALUE,...}. */
typedef struct ratio_selector {
	char *metric;
	char **keys, **values;
	size_t count;
} ratio_selector;

typedef struct ratio_spec {
	char *name;
	ratio_selector numerator, denominator;
} ratio_spec;

typedef struct aggregate_options {
	pp_tool tool;
	pp_window_spec window;
	double lateness;
	future_limit future;		/* --max-future, --now */
	char **by;			/* --by tags, or NULL: all tags */
	size_t by_count;
	bool by_given;
	pp_percentile *percentiles;
	size_t percentile_count;
	bool percentiles_given;
	double *buckets;		/* --buckets upper bounds, ascending */
	size_t bucket_count;
	ratio_spec *ratios;
	size_t ratio_count;
	const char *where;		/* --where jq program, or NULL */
	double accuracy;		/* --accuracy; 0 for exact quantiles */
	size_t max_buckets;		/* --max-buckets of the sketch */
	size_t max_series;		/* --max-series; 0: no limit */
	bool merge;			/* --merge: read aggregates */
	const char *state_path;		/* --state FILE, or NULL */
	bool flush;			/* --flush: close every window at the end */
	double close_until;		/* --close-until TIME; NAN when not given */
	bool keep_every_value;		/* not an option: a later part of the
					 * input read on its own (split.c) keeps
					 * the values of every type, for
					 * state_absorb */
} aggregate_options;

/* Parses argv into options.  Returns 0, or the exit status to end with
 * (a usage message has been printed). */
int options_parse(aggregate_options *options, int argc, char **argv);
void options_free(aggregate_options *options);

#endif
