/*
 * store.c - the --store tee and its retention.  See store.h.
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pp_time.h"

typedef struct store {
	FILE *output;		/* where the program's output really goes */
	const char *dir;
	pp_buffer partial;	/* bytes after the last newline */
	collect *c;
	/* Degraded mode: while the store cannot be written, whole lines wait
	 * in a ring of c->store_buffer slots, oldest first. */
	bool failing;
	char **held;		/* ring of lines, each with its newline */
	size_t *held_length;
	size_t first, count;
	unsigned long long dropped;	/* oldest lines pushed out of the ring */
	bool output_failed;	/* the output refused a write: the line begun in
				   partial never reached it whole */
} store;

/* Keeps one line (with its newline) in the ring, pushing out the oldest
 * when the ring is full. */
static void
hold_line(store *s, const char *line, size_t length)
{
	size_t capacity = s->c->store_buffer, slot;

	if (capacity == 0) {
		s->dropped++;
		return;
	}
	if (s->held == NULL) {
		s->held = pp_xcalloc(capacity, sizeof(*s->held));
		s->held_length = pp_xcalloc(capacity, sizeof(*s->held_length));
	}
	if (s->count == capacity) {
		free(s->held[s->first]);
		s->first = (s->first + 1) % capacity;
		s->count--;
		s->dropped++;
	}
	slot = (s->first + s->count) % capacity;
	s->held[slot] = pp_strndup(line, length);
	s->held_length[slot] = length;
	s->count++;
}

static void
hold(store *s, const char *bytes, size_t length)
{
	const char *end = bytes + length;

	while (bytes < end) {
		const char *newline = memchr(bytes, '\n', (size_t)(end - bytes));
		size_t line = newline != NULL ? (size_t)(newline - bytes) + 1 :
		    (size_t)(end - bytes);

		hold_line(s, bytes, line);
		bytes += line;
	}
}

/* The held lines, then bytes, as one block (one write keeps the lock's
 * promise that lines of two collectors never interleave). */
static void
gather(store *s, const char *bytes, size_t length, pp_buffer *block)
{
	size_t capacity = s->c->store_buffer;

	for (size_t i = 0; i < s->count; i++) {
		size_t slot = (s->first + i) % capacity;

		pp_buffer_append(block, s->held[slot], s->held_length[slot]);
	}
	pp_buffer_append(block, bytes, length);
}

static void
release_held(store *s)
{
	size_t capacity = s->c->store_buffer;

	for (size_t i = 0; i < s->count; i++)
		free(s->held[(s->first + i) % capacity]);
	s->first = s->count = 0;
}

/* Opens a day file to append, never through a symbolic link that someone
 * else planted in a shared store: a link is followed only when it belongs
 * to the user running perf-collect (ELOOP otherwise). */
static int
open_day_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	struct stat link;

	if (fd < 0 && errno == ELOOP && lstat(path, &link) == 0 && S_ISLNK(link.st_mode) &&
	    link.st_uid == geteuid())
		fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	return fd;
}

/* Writes block to today's file under flock; false (errno set) on failure. */
static bool
write_day_file(store *s, const pp_buffer *block, char *path, size_t size)
{
	char day[32];
	time_t now = (time_t)pp_time_now();
	struct tm utc;
	int fd, saved;
	bool written;
	struct stat before = {.st_size = -1};

	gmtime_r(&now, &utc);
	strftime(day, sizeof(day), "%Y-%m-%d", &utc);
	snprintf(path, size, "%s/%s.ndjson", s->dir, day);
	/* The directory may have been created since (or removed). */
	if (mkdir(s->dir, 0755) != 0 && errno != EEXIST)
		return false;
	fd = open_day_file(path);
	if (fd < 0)
		return false;
	written = flock(fd, LOCK_EX) == 0 && fstat(fd, &before) == 0 &&
	    write(fd, block->data, block->length) == (ssize_t)block->length;
	saved = errno;
	if (!written && before.st_size >= 0)	/* a full disk: no half line kept */
		(void)!ftruncate(fd, before.st_size);
	close(fd);	/* releases the lock */
	errno = saved;
	return written;
}

/* Appends whole lines, with whatever was held, to today's file.  On
 * failure the lines are held (up to --store-buffer), one warning says so,
 * and the next batch tries again. */
static void
append(store *s, const char *bytes, size_t length)
{
	char path[4096];
	pp_buffer block = PP_BUFFER_INIT;

	if (length == 0 && s->count == 0)
		return;
	gather(s, bytes, length, &block);
	if (write_day_file(s, &block, path, sizeof(path))) {
		if (s->failing)
			tool_warn(&s->c->tool, "--store: %s: writable again; %zu held "
			    "record%s written", s->dir, s->count, s->count == 1 ? "" : "s");
		release_held(s);
		s->failing = false;
	} else {
		if (!s->failing)
			tool_warn(&s->c->tool, "--store: %s: %s; holding up to %zu records "
			    "in memory and retrying", path, strerror(errno), s->c->store_buffer);
		s->failing = true;
		hold(s, bytes, length);
	}
	pp_buffer_free(&block);
}

static ssize_t
store_write(void *cookie, const char *bytes, size_t length)
{
	store *s = cookie;
	const char *last = NULL;
	size_t i, whole;

	int error = 0, descriptor = fileno(s->output);

	/* the output first: a record that did not reach it is not stored
	 * (and, with --state, not acknowledged) */
	if (descriptor >= 0 ? fflush(s->output) != 0 ||
	    !tool_write_all(descriptor, bytes, length, &error) :
	    fwrite(bytes, 1, length, s->output) != length || fflush(s->output) != 0) {
		if (error != 0)
			errno = error;
		s->output_failed = true;
		return -1;
	}
	for (i = length; i > 0 && last == NULL; i--)
		if (bytes[i - 1] == '\n')
			last = bytes + i;
	if (last == NULL) {
		pp_buffer_append(&s->partial, bytes, length);
		return (ssize_t)length;
	}
	whole = (size_t)(last - bytes);
	pp_buffer_append(&s->partial, bytes, whole);
	append(s, s->partial.data, s->partial.length);
	pp_buffer_clear(&s->partial);
	pp_buffer_append(&s->partial, last, length - whole);
	return (ssize_t)length;
}

bool
store_all_stored(const collect *c)
{
	const store *s = c->store;

	return s == NULL || (s->count == 0 && s->dropped == 0 && s->partial.length == 0);
}

/* At the end: what the store never got is said once, and fails the run. */
static void
report_losses(store *s)
{
	if (s->dropped > 0)
		tool_warn(&s->c->tool, "--store: %s: %llu record%s dropped (more than "
		    "--store-buffer %zu held)", s->dir, s->dropped, s->dropped == 1 ? "" : "s",
		    s->c->store_buffer);
	if (s->count > 0)
		tool_warn(&s->c->tool, "--store: %s: %zu held record%s not stored", s->dir,
		    s->count, s->count == 1 ? "" : "s");
	if (s->dropped > 0 || s->count > 0)
		s->c->tool.exit_status = PP_EXIT_INPUT;
	release_held(s);
	free(s->held);
	free(s->held_length);
}

static int
store_close(void *cookie)
{
	store *s = cookie;
	int status = 0;

	if (s->partial.length > 0 && !s->output_failed) {	/* a last record without its newline */
		pp_buffer_append_char(&s->partial, '\n');
		append(s, s->partial.data, s->partial.length);
	} else if (s->count > 0) {
		append(s, "", 0);	/* a last try for what is held */
	}
	report_losses(s);
	if (s->output != stdout)
		status = fclose(s->output);
	else
		status = fflush(stdout);
	pp_buffer_free(&s->partial);
	s->c->store = NULL;
	free(s);
	return status;
}

/* Deletes DIR/YYYY-MM-DD.ndjson files whose day ended before now minus
 * the retention. */
static void
expire(collect *c)
{
	DIR *directory = opendir(c->store_dir);
	double oldest = pp_time_now() - c->retention;
	struct dirent *item;
	unsigned year, month, day;
	int consumed;
	char path[4096];

	while (directory != NULL && (item = readdir(directory)) != NULL) {
		consumed = 0;
		if (sscanf(item->d_name, "%4u-%2u-%2u.ndjson%n", &year, &month, &day, &consumed) != 3 ||
		    consumed != 17 || month < 1 || month > 12 || day < 1 || day > 31)
			continue;
		if ((double)(pp_days_from_civil(year, month, day) + 1) * 86400 > oldest)
			continue;
		snprintf(path, sizeof(path), "%s/%s", c->store_dir, item->d_name);
		if (unlink(path) != 0)
			tool_warn(&c->tool, "--store: %s: %s", path, strerror(errno));
	}
	if (directory != NULL)
		closedir(directory);
}

int
store_open(collect *c)
{
	cookie_io_functions_t functions = {NULL, store_write, NULL, store_close};
	store *s;
	FILE *tee;

	/* A directory that cannot be made now is not fatal: the first batch
	 * warns, and the records wait in memory until it can. */
	if (mkdir(c->store_dir, 0755) != 0 && errno != EEXIST)
		errno = 0;
	if (c->retention > 0)
		expire(c);
	s = pp_xcalloc(1, sizeof(*s));
	s->output = c->tool.output;
	s->dir = c->store_dir;
	s->c = c;
	tee = fopencookie(s, "w", functions);
	if (tee == NULL) {
		free(s);
		tool_warn(&c->tool, "--store: %s", strerror(errno));
		return PP_EXIT_INPUT;
	}
	c->tool.output = tee;
	c->store = s;
	return 0;
}
