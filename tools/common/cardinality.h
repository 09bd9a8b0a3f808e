/*
 * cardinality.h - which tag explodes the number of series.
 *
 * When a program stops at --max-series, it names the culprit: the tag key
 * with the most distinct values among the series it holds (or the metric
 * name, when names alone explode).  The counting is exact and done once,
 * at that moment, from the series the program hands in; it costs a hash
 * table of the distinct KEY=VALUE pairs, which is why it is not kept up to
 * date on the hot path.
 */
#ifndef PP_CARDINALITY_H
#define PP_CARDINALITY_H

#include <stddef.h>

#include "pp_tags.h"

typedef struct cardinality cardinality;

cardinality *cardinality_new(void);
void cardinality_free(cardinality *counter);

/* Counts one series: its name and its tags (copied as needed). */
void cardinality_add(cardinality *counter, const char *name, const pp_tags *tags);

/* The tag key with the most distinct values, and their count; NULL (with
 * *distinct the number of distinct names) when the names have at least as
 * many.  The string belongs to counter. */
const char *cardinality_worst(const cardinality *counter, size_t *distinct);

/* Writes the sentence for a --max-series stop into message:
 * "more than N series; tag "K" has M distinct values (use --by or drop
 * it)", or "...; there are M distinct metric names". hint is the
 * parenthesis ("use --by or drop it"), or NULL. */
void cardinality_explain(const cardinality *counter, size_t limit, const char *hint,
    char *message, size_t size);

#endif
