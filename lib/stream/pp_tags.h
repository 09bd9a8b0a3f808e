/*
 * pp_tags.h - tag sets: string keys to string values in canonical order.
 *
 * A series is a metric name plus its tag set; two tag sets are the same
 * when they hold the same pairs, whatever order the input wrote them in,
 * so a set is kept sorted by key (bytewise) and a key appears once.
 *
 * Strings are borrowed: a pp_tags holds pointers that the caller keeps
 * alive, except for a set made by pp_tags_clone, which owns one block
 * holding all its strings (freed by pp_tags_free).  Borrowing lets the
 * point reader build a point's tags with no allocation per tag.
 */
#ifndef PP_TAGS_H
#define PP_TAGS_H

#include <stddef.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_error.h"

typedef struct pp_tag {
	const char *key;
	const char *value;
} pp_tag;

typedef struct pp_tags {
	pp_tag *items;
	size_t count;
	size_t capacity;
	char *storage;		/* owned strings, from pp_tags_clone; else NULL */
} pp_tags;

#define PP_TAGS_INIT {NULL, 0, 0, NULL}

/* Sets key to value, replacing an earlier value of the same key (the last
 * one wins, as in a JSON object with a duplicate key). */
void pp_tags_set(pp_tags *tags, const char *key, const char *value);
/* The value of key, or NULL. */
const char *pp_tags_get(const pp_tags *tags, const char *key);
/* Removes key if present. */
void pp_tags_remove(pp_tags *tags, const char *key);
/* Forgets every pair, keeping the allocation (and not freeing storage). */
void pp_tags_clear(pp_tags *tags);
void pp_tags_free(pp_tags *tags);

/* A deep copy that owns its strings. */
pp_tags pp_tags_clone(const pp_tags *tags);
/* Keeps only the keys named in keys[0..count) (for --by); the result
 * borrows from tags. */
void pp_tags_select(const pp_tags *tags, const char *const *keys, size_t count,
    pp_tags *selected);
/* Orders tag sets: by count of pairs is not used, only pairwise bytes, so
 * that output sorted by it reads naturally.  Returns <0, 0, >0. */
int pp_tags_compare(const pp_tags *a, const pp_tags *b);

/* Appends the canonical series key: name, then each key=value, separated
 * by NUL bytes (NUL cannot occur in a JSON string we accept). */
void pp_series_key(pp_buffer *key, const char *name, const pp_tags *tags);

/* The tags as a JSON object (keys in canonical order). */
jv pp_tags_to_jv(const pp_tags *tags);
/* Reads a JSON object of strings into tags, borrowing strings from object,
 * which must outlive tags.  Numbers and booleans are refused. */
pp_status pp_tags_from_jv(jv object, pp_tags *tags, pp_error *error);

#endif
