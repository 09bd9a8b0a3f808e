/*
 * noticed.h - whether each --by tag, each side of each --ratio and the
 * --where filter ever met a point, so that a typo (--by pth, a ratio of a
 * metric that never occurs, a --where that keeps nothing) is named at the
 * end of the run with the nearest known name, instead of giving
 * aggregates that silently group on nothing.
 *
 * The per-point cost is a few tag lookups and string compares; names are
 * kept for suggestions only while something is still unmatched, up to
 * NOTICED_MAX_NAMES of each kind.
 */
#ifndef PERF_AGGREGATE_NOTICED_H
#define PERF_AGGREGATE_NOTICED_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "pp_record.h"

#define NOTICED_MAX_NAMES 256

typedef struct name_list {
	char *items[NOTICED_MAX_NAMES];
	size_t count;
} name_list;

typedef struct noticed {
	const aggregate_options *options;
	bool *by_seen;			/* per --by tag */
	bool *ratio_metric_seen;	/* per ratio side: [2 * i] numerator */
	bool *ratio_seen;		/* per ratio side, tags included */
	size_t points;
	name_list tag_keys, names, tag_pairs;
} noticed;

void noticed_init(noticed *seen, const aggregate_options *options);
void noticed_free(noticed *seen);
/* Notes one point read (before --where). */
void noticed_point(noticed *seen, const pp_point *point);
/* Adds what part (of a later part of the input read on its own, split.c,
 * without --ratio) noticed, as if its points had come after seen's. */
void noticed_merge(noticed *seen, const noticed *part);
/* Warns (tool_warn) about each --by tag and --ratio side no point had,
 * and a --where that answered on some points (judged: their count) but
 * kept none (kept).  Returns the number of warnings. */
size_t noticed_warn(noticed *seen, pp_tool *tool, size_t judged, size_t kept);

#endif
