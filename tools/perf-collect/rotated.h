/*
 * rotated.h - the files a log was rotated into, for perf-collect --state.
 *
 * When the name a run read last time now belongs to a new file, the old
 * one (and any rotated after it, when two rotations came between runs)
 * must be found to read what was written to it since: next to the log
 * under the names logrotate and its kin give (FILE.1, FILE.1.gz,
 * FILE-20261125, FILE.2026-11-25 ...: the same directory, FILE's name
 * followed by '.' or '-'), and wherever --rotated-glob says (logrotate's
 * olddir).  This module lists those candidates, oldest first.
 */
#ifndef ROTATED_H
#define ROTATED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef struct rotated_file {
	char *path;
	struct stat status;
	bool gzip;		/* begins with the gzip magic */
} rotated_file;

typedef struct rotated_list {
	rotated_file *files;	/* by modification time, oldest first */
	size_t count;
} rotated_list;

/* Lists the regular files next to path named path's name plus '.' or '-'
 * and anything, and those matching pattern (a glob(3) pattern, or NULL),
 * except path itself; no file twice. */
void rotated_list_find(const char *path, const char *pattern, rotated_list *list);
void rotated_list_free(rotated_list *list);

/* Whether the file at path begins with gzip's magic bytes (false when it
 * cannot be read). */
bool rotated_starts_gzip(const char *path);

#endif
