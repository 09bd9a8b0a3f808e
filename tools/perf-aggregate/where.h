/*
 * where.h - the --where filter: a jq expression run on each point.
 *
 * The expression is compiled once with libjq; each point is turned into
 * its JSON object and the filter keeps it when the first output is truthy
 * (neither false nor null), as jq's select() does.  This is the slow path
 * by nature (a jv per point), taken only when --where is given.
 */
#ifndef PERF_AGGREGATE_WHERE_H
#define PERF_AGGREGATE_WHERE_H

#include <stddef.h>

#include "pp_record.h"

typedef struct where_filter where_filter;

/* Compiles program; NULL with message filled when it does not compile. */
where_filter *where_compile(const char *program, char *message, size_t size);
/* 1 keep, 0 drop, -1 the expression failed on this point (message set). */
int where_keeps(where_filter *filter, const pp_point *point, char *message,
    size_t size);
/* The number of points the filter kept so far (0 for NULL). */
size_t where_kept(const where_filter *filter);
/* The number of points it gave an answer on (did not fail on). */
size_t where_judged(const where_filter *filter);
void where_free(where_filter *filter);

#endif
