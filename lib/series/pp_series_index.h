/*
 * pp_series_index.h - the one index of series: identity (name and tags in
 * canonical order) to the series, with its aggregates in time order.
 *
 * perf-report, perf-analyze and perf-alert each kept a hand-made index
 * before (a sorted array grown by memmove, two open-addressing tables with
 * their own copies of FNV-1a); they now all find a series here.  The index
 * sits on pp_series_table, so the hash is the one in pp_series.c.
 *
 * A series keeps the aggregates added to it (pp_series_index_add), or none
 * when the program keeps its own state per series in `state` and only
 * looks series up (pp_series_index_get), as perf-analyze does for points.
 * Series are listed in the order they first appeared (deterministic output
 * whatever the hash), or sorted by identity (pp_series_index_sorted).
 * Aggregates are put in time order by pp_series_index_sort: by start, the
 * whole-input ones (no start) first, ties in input order.
 */
#ifndef PP_SERIES_INDEX_H
#define PP_SERIES_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_aggregate.h"
#include "pp_series.h"
#include "pp_tags.h"

typedef struct pp_indexed_series {
	char *name;
	pp_tags tags;		/* owns its strings */
	const char *key;	/* pp_series_key bytes, held by the table entry */
	size_t key_length;
	size_t order;		/* of first appearance, from 0 */
	/* The aggregates, without their own identity (key and tags freed on
	 * insertion: the series holds it). */
	pp_aggregate *aggregates;
	size_t count, capacity;
	bool sorted;
	void *state;		/* the program's own, freed by it */
} pp_indexed_series;

typedef struct pp_series_index {
	pp_series_table table;
	pp_indexed_series **series;	/* in order of first appearance */
	size_t count, capacity;
	size_t aggregates;		/* held, over every series */
	unsigned long sequence;
} pp_series_index;

#define PP_SERIES_INDEX_INIT {PP_SERIES_TABLE_INIT, NULL, 0, 0, 0, 0}

/* The series of name and tags, created (empty, *created set when created
 * is not NULL) when new. */
pp_indexed_series *pp_series_index_get(pp_series_index *index, const char *name,
    const pp_tags *tags, bool *created);
/* The series of the same identity as key (pp_series_key bytes), or NULL. */
pp_indexed_series *pp_series_index_find(const pp_series_index *index, const char *key,
    size_t key_length);
/* Moves aggregate into its series (which it returns); aggregate must not
 * be used or freed afterwards. */
pp_indexed_series *pp_series_index_add(pp_series_index *index, pp_aggregate *aggregate);
/* Drops the series' earliest aggregate (by start). */
void pp_series_index_drop_oldest(pp_series_index *index, pp_indexed_series *series);
/* Puts every series' aggregates in time order. */
void pp_series_index_sort(pp_series_index *index);
/* A new array of the series ordered by name, then tags (bytewise); the
 * caller frees the array only. */
pp_indexed_series **pp_series_index_sorted(const pp_series_index *index);
/* Frees everything; free_state (when not NULL) is called on each state. */
void pp_series_index_free(pp_series_index *index, void (*free_state)(void *));

#endif
