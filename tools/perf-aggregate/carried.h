/*
 * carried.h - perf-aggregate's --state FILE: the windows still open, the
 * watermark and the edges of the input, carried from one run to the next
 * so that hourly runs over successive chunks of a stream write what one
 * run over the whole stream writes (see carried.c for the file's form).
 */
#ifndef PERF_AGGREGATE_CARRIED_H
#define PERF_AGGREGATE_CARRIED_H

#include "groups.h"
#include "options.h"

/* The version of the file this perf-aggregate writes and reads. */
enum { CARRIED_VERSION = 1 };

typedef struct carried {
	const char *path;	/* NULL without --state */
	int lock;		/* flock'd FILE.lock, or -1 */
} carried;

/* Without --state, only initialises.  Else locks FILE.lock (exit 75 when
 * another run holds it), reads FILE if it exists and puts its windows and
 * clock into aggregator.  Returns 0, or an exit status after a message:
 * PP_EXIT_USAGE when FILE was made with other options, PP_EXIT_INPUT when
 * it is unreadable, corrupt, truncated or of another version. */
int carried_open(aggregate_options *options, carried *state, aggregator *aggregator);

/* Loads the text of a state file into aggregator (used by carried_open,
 * and by the fuzz target).  path names the file in messages.  Returns 0
 * or an exit status after a message, as carried_open. */
int carried_load(aggregate_options *options, const char *path, const char *text,
    size_t length, aggregator *aggregator);

/* The text of the state file for aggregator, appended to out. */
void carried_write(aggregate_options *options, aggregator *aggregator, pp_buffer *out);

/* Commits the run: when everything the run wrote reached its output
 * (written and flushed, synced when it is a file) and nothing went wrong
 * (status 0, no unreadable input, no signal), replaces FILE atomically
 * with the new state.  Otherwise leaves FILE as it was and says so, so
 * that a rerun over the same input loses nothing.  Returns status, or
 * PP_EXIT_INPUT when the state was not committed. */
int carried_commit(aggregate_options *options, carried *state, aggregator *aggregator,
    int status);

/* Releases the lock. */
void carried_close(carried *state);

#endif
