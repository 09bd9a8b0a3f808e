/*
 * state_file.h - the files beside a --state FILE that a cron job keeps
 * from one run to the next: the lock that keeps two runs from working on
 * one state at once, and the temporary file the new state is written to
 * before it is renamed over the old one.
 *
 * Shared directories (/tmp, /var/tmp) are hostile: nothing here follows
 * a planted symbolic link.  The lock is opened with O_NOFOLLOW; the
 * temporary file is made by mkstemp in FILE's directory (a fresh name,
 * created exclusively), and one left behind by a killed run is removed by
 * the next run while it holds the lock.
 */
#ifndef STATE_FILE_H
#define STATE_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "tool.h"

/* The exit status of a run that found the state locked by another run
 * (EX_TEMPFAIL of sysexits.h: try again later). */
enum { STATE_EXIT_LOCKED = 75 };

/* Takes an exclusive flock on FILE.lock.  wait < 0 waits as long as it
 * takes; wait >= 0 waits up to that many seconds, then prints why and
 * returns STATE_EXIT_LOCKED.  On success stores the descriptor (close it
 * to release the lock) in *descriptor, removes the temporary files a
 * killed run left beside FILE, and returns 0; else an exit status after a
 * message. */
int state_lock(pp_tool *tool, const char *path, double wait, int *descriptor);

/* Reads FILE whole into text; *missing (and 0) when it does not exist
 * yet.  On failure prints "FILE: REASON" and returns PP_EXIT_INPUT. */
int state_read(pp_tool *tool, const char *path, pp_buffer *text, bool *missing);

/* Replaces FILE by text: written to a temporary file in FILE's directory,
 * synced, renamed over FILE, and the directory synced so that the rename
 * survives a crash too.  On failure prints "FILE: cannot write the
 * state: REASON" (the errno of the step that failed), leaves the old FILE
 * as it was, and returns false. */
bool state_replace(pp_tool *tool, const char *path, const char *text, size_t length);

#endif
