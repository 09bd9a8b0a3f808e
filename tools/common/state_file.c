/*
 * state_file.c - the lock and the temporary file beside a --state FILE.
 * See state_file.h.
 */
#include "state_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pp_time.h"

#define TEMPORARY_SUFFIX ".tmp-XXXXXX"

/* Removes FILE.tmp-?????? left by a run that was killed between making
 * its temporary file and renaming it (only regular files, never through a
 * link: unlink removes the link itself). */
static void
remove_stale_temporaries(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t base_length = strlen(base), suffix = strlen(TEMPORARY_SUFFIX);
	pp_buffer directory = PP_BUFFER_INIT, name = PP_BUFFER_INIT;
	DIR *listing;
	struct dirent *item;

	if (slash != NULL)
		pp_buffer_append(&directory, path, (size_t)(slash - path) + 1);
	else
		pp_buffer_append_string(&directory, "./");
	listing = opendir(directory.data);
	while (listing != NULL && (item = readdir(listing)) != NULL) {
		struct stat status;

		if (strlen(item->d_name) != base_length + suffix ||
		    strncmp(item->d_name, base, base_length) != 0 ||
		    strncmp(item->d_name + base_length, ".tmp-", 5) != 0)
			continue;
		pp_buffer_clear(&name);
		pp_buffer_printf(&name, "%s%s", directory.data, item->d_name);
		if (lstat(name.data, &status) == 0 && S_ISREG(status.st_mode))
			unlink(name.data);
	}
	if (listing != NULL)
		closedir(listing);
	pp_buffer_free(&directory);
	pp_buffer_free(&name);
}

int
state_lock(pp_tool *tool, const char *path, double wait, int *descriptor)
{
	pp_buffer lock = PP_BUFFER_INIT;
	double deadline = pp_time_now() + (wait > 0 ? wait : 0);
	int fd, error = 0;

	pp_buffer_printf(&lock, "%s.lock", path);
	fd = open(lock.data, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		tool_warn(tool, "%s: cannot lock: %s", lock.data, strerror(errno));
		pp_buffer_free(&lock);
		return PP_EXIT_INPUT;
	}
	for (;;) {
		struct timespec pause = {0, 100000000};

		if (flock(fd, wait < 0 ? LOCK_EX : LOCK_EX | LOCK_NB) == 0)
			break;
		error = errno;
		if (error == EINTR && tool_interrupted())
			break;
		if (error != EWOULDBLOCK && error != EINTR)
			break;
		if (wait >= 0 && pp_time_now() >= deadline)
			break;
		if (error == EWOULDBLOCK)
			nanosleep(&pause, NULL);
		error = 0;
	}
	if (error != 0) {
		if (error == EWOULDBLOCK)
			tool_warn(tool, "%s: another run holds %s; try again later (or wait "
			    "with --wait DURATION)", path, lock.data);
		else
			tool_warn(tool, "%s: cannot lock: %s", lock.data, strerror(error));
		close(fd);
		pp_buffer_free(&lock);
		return error == EWOULDBLOCK ? STATE_EXIT_LOCKED : PP_EXIT_INPUT;
	}
	pp_buffer_free(&lock);
	remove_stale_temporaries(path);
	*descriptor = fd;
	return 0;
}

int
state_read(pp_tool *tool, const char *path, pp_buffer *text, bool *missing)
{
	char chunk[65536];
	ssize_t got;
	int descriptor = open(path, O_RDONLY | O_CLOEXEC), error;

	*missing = descriptor < 0 && errno == ENOENT;
	if (descriptor < 0) {
		if (*missing)
			return 0;
		tool_warn(tool, "%s: %s", path, strerror(errno));
		return PP_EXIT_INPUT;
	}
	while ((got = read(descriptor, chunk, sizeof(chunk))) > 0 ||
	    (got < 0 && errno == EINTR))
		if (got > 0)
			pp_buffer_append(text, chunk, (size_t)got);
	error = errno;
	close(descriptor);
	if (got < 0) {
		tool_warn(tool, "%s: %s", path, strerror(error));
		return PP_EXIT_INPUT;
	}
	return 0;
}

/* Syncs the directory of path, where a rename was just made. */
static bool
sync_directory(const char *path, int *error)
{
	const char *slash = strrchr(path, '/');
	pp_buffer directory = PP_BUFFER_INIT;
	int descriptor;
	bool ok;

	if (slash == NULL)
		pp_buffer_append_string(&directory, ".");
	else
		pp_buffer_append(&directory, path, slash == path ? 1 : (size_t)(slash - path));
	descriptor = open(directory.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* some file systems cannot sync a directory: EINVAL is no failure */
	ok = descriptor >= 0 && (fsync(descriptor) == 0 || errno == EINVAL);
	if (!ok)
		*error = errno;
	if (descriptor >= 0)
		close(descriptor);
	pp_buffer_free(&directory);
	return ok;
}

bool
state_replace(pp_tool *tool, const char *path, const char *text, size_t length)
{
	pp_buffer temporary = PP_BUFFER_INIT;
	int descriptor, error = 0;
	bool ok;

	pp_buffer_printf(&temporary, "%s" TEMPORARY_SUFFIX, path);
	descriptor = mkstemp(temporary.data);
	if (descriptor < 0)
		error = errno;
	ok = descriptor >= 0 && (fchmod(descriptor, 0644) == 0 || (error = errno, false)) &&
	    (tool_write_all(descriptor, text, length, &error)) &&
	    (fsync(descriptor) == 0 || (error = errno, false));	/* on disk first */
	if (descriptor >= 0 && close(descriptor) != 0 && ok) {
		error = errno;
		ok = false;
	}
	if (ok && rename(temporary.data, path) != 0) {
		error = errno;
		ok = false;
	}
	if (ok && !sync_directory(path, &error)) {
		/* the new state is in place, only its durability is unsure */
		tool_warn(tool, "%s: cannot sync its directory: %s", path, strerror(error));
		pp_buffer_free(&temporary);
		return true;
	}
	if (!ok) {
		tool_warn(tool, "%s: cannot write the state: %s", path, strerror(error));
		if (descriptor >= 0)
			unlink(temporary.data);
	}
	pp_buffer_free(&temporary);
	return ok;
}
