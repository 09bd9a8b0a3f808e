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
	bool failed;
	collect *c;
} store;

/* Appends whole lines to today's file, in one write under flock. */
static void
append(store *s, const char *bytes, size_t length)
{
	char path[4096], day[32];
	time_t now = (time_t)pp_time_now();
	struct tm utc;
	int fd;

	if (length == 0 || s->failed)
		return;
	gmtime_r(&now, &utc);
	strftime(day, sizeof(day), "%Y-%m-%d", &utc);
	snprintf(path, sizeof(path), "%s/%s.ndjson", s->dir, day);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || flock(fd, LOCK_EX) != 0 || write(fd, bytes, length) != (ssize_t)length) {
		tool_warn(&s->c->tool, "--store: %s: %s", path, strerror(errno));
		s->c->tool.exit_status = PP_EXIT_INPUT;
		s->failed = true;
	}
	if (fd >= 0)
		close(fd);	/* releases the lock */
}

static ssize_t
store_write(void *cookie, const char *bytes, size_t length)
{
	store *s = cookie;
	const char *last = NULL;
	size_t i, whole;

	if (fwrite(bytes, 1, length, s->output) != length || fflush(s->output) != 0)
		return -1;
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

static int
store_close(void *cookie)
{
	store *s = cookie;
	int status = 0;

	if (s->partial.length > 0) {	/* a last record without its newline */
		pp_buffer_append_char(&s->partial, '\n');
		append(s, s->partial.data, s->partial.length);
	}
	if (s->output != stdout)
		status = fclose(s->output);
	else
		status = fflush(stdout);
	pp_buffer_free(&s->partial);
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

	if (mkdir(c->store_dir, 0755) != 0 && errno != EEXIST) {
		tool_warn(&c->tool, "--store: %s: %s", c->store_dir, strerror(errno));
		return PP_EXIT_INPUT;
	}
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
	c->tool.output_is_file = false;
	return 0;
}
