/*
 * lib/series/ - time series: which windows a point falls in and when a
 * window may close (pp_window), and the table from series keys (name and
 * canonical tags, with a window prefix) to each series' state
 * (pp_series).  This header is the folder's main one.
 */
/*
 * pp_series.h - a hash table from byte-string keys (series keys, with a
 * window prefix) to the caller's state.
 *
 * Chained buckets, a power-of-two table that doubles when it holds more
 * entries than buckets, and a word-at-a-time multiplicative hash.  Entries carry their key inline
 * and never move, so a pointer to one stays valid until it is removed; that
 * lets the caller remember the last entry it used and skip the lookup when
 * consecutive points belong to the same series, the common case.  Removal
 * is O(chain), which keeps emission of closed windows cheap.
 *
 * A table with a value_size holds each caller's value inside its entry,
 * after the key: one allocation per series instead of two, and no
 * pointer from the entry to the value (perf-aggregate, where a million
 * series of one point each are common, keeps its states so).  Such a
 * value starts zeroed and goes with its entry.
 */
#ifndef PP_SERIES_H
#define PP_SERIES_H

#include <stddef.h>
#include <stdint.h>

typedef struct pp_series_entry {
	struct pp_series_entry *next;
	uint64_t hash;
	void *value;		/* the caller's; NULL when inserted, or the
				 * entry's own value_size bytes */
	size_t key_length;
	char key[];		/* key_length bytes, then a NUL */
} pp_series_entry;

typedef struct pp_series_table {
	pp_series_entry **buckets;
	size_t bucket_count;	/* a power of two, or 0 before the first insert */
	size_t count;
	size_t value_size;	/* 0: values are the caller's pointers */
} pp_series_table;

#define PP_SERIES_TABLE_INIT {NULL, 0, 0, 0}

uint64_t pp_series_hash(const char *key, size_t length);

/* FNV-1a, the one copy in perfpipe: for values that are written out and
 * must not change between versions (alert ids, log fingerprints), where
 * pp_series_hash may change.  Start with PP_FNV1A_BASIS, or with the
 * hash of the bytes before to continue it. */
#define PP_FNV1A_BASIS 14695981039346656037ULL
uint64_t pp_fnv1a(uint64_t hash, const void *bytes, size_t length);
/* The entry with this key, or NULL. */
pp_series_entry *pp_series_find(const pp_series_table *table, const char *key,
    size_t length);
/* The entry with this key, inserted (value NULL, or value_size zeroed
 * bytes; *created set) when absent. */
pp_series_entry *pp_series_upsert(pp_series_table *table, const char *key,
    size_t length, int *created);
/* Unlinks and frees entry (not a value it points to; its own value_size
 * bytes go with it). */
void pp_series_remove(pp_series_table *table, pp_series_entry *entry);
/* Unlinks entry and gives it to the caller, who frees it with free(). */
void pp_series_unlink(pp_series_table *table, pp_series_entry *entry);
/* A new entry in no table (as pp_series_upsert makes them, with
 * value_size bytes of value), for the caller to free with free(). */
pp_series_entry *pp_series_entry_new(const char *key, size_t length, size_t value_size);
/* A new array of every entry (count in *count), for sorting; caller frees
 * the array, not the entries. */
pp_series_entry **pp_series_entries(const pp_series_table *table, size_t *count);
/* Frees every entry, calling free_value (when not NULL) on each value
 * first: with a value_size, it frees what the value holds, not the value. */
void pp_series_table_free(pp_series_table *table, void (*free_value)(void *));

#endif
