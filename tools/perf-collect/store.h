/*
 * store.h - --store DIR: history on disk, and `perf-collect replay`.
 *
 * Every record perf-collect writes is also appended to DIR/YYYY-MM-DD.ndjson
 * (the UTC day it was written).  The store sits under the program's output
 * as a stdio stream of its own (fopencookie), so it sees exactly the bytes
 * the program writes, whichever path wrote them, and appends only whole
 * lines, each batch in one write under an exclusive flock: two collectors
 * writing to one store never interleave their lines.
 */
#ifndef STORE_H
#define STORE_H

#include "collect.h"

/* Opens the store for c (c->store_dir set): removes day files older than
 * the retention, then routes c's output through the store.  Returns 0, or
 * an exit status after a message. */
int store_open(collect *c);

/* True when every line written so far is also in the store (or there is
 * no store): nothing held in memory, nothing dropped.  perf-collect
 * --state acknowledges input only while this holds. */
bool store_all_stored(const collect *c);

#endif
