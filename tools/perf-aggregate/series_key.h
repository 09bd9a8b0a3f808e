/*
 * series_key.h - the bytes that key a state in perf-aggregate's table,
 * and the series read back from them.
 *
 * A key is the window's start (8 raw bytes; 0 for the whole input and for
 * sessions), one byte telling series ('S') from ratio ('R') states, then
 * the series: its name, and each tag's key and value, each ended by a NUL
 * (NUL cannot occur in a string the stream accepts).  With --merge and no
 * --window, the shape of the merged aggregate's window follows the series
 * (MERGED_WINDOW_BYTES more), so that only aggregates of one window merge.
 *
 * The states keep no other copy of their name and tags: with a million
 * series of one point each (a request id as a tag) the key is the only
 * copy, and a series is read back from it when its record is written.
 */
#ifndef PERF_AGGREGATE_SERIES_KEY_H
#define PERF_AGGREGATE_SERIES_KEY_H

#include <stddef.h>

#include "pp_buffer.h"
#include "pp_tags.h"
#include "pp_window.h"

#define KEY_PREFIX (sizeof(double) + 1)
#define MERGED_WINDOW_BYTES (sizeof(double) + sizeof(pp_window_type) + 3 * sizeof(double))

/* Makes key the key of the series (name, tags) in the window at start. */
void series_key_build(pp_buffer *key, double start, char marker, const char *name,
    const pp_tags *tags);
/* Appends the end and shape of a merged aggregate's window to key. */
void series_key_add_window(pp_buffer *key, double end, const pp_window_spec *window);
/* The series bytes of key[0..length) (after KEY_PREFIX) read back: returns
 * its name, and sets tags to its tags, borrowing from key. */
const char *series_key_read(const char *series, size_t length, pp_tags *tags);

#endif
