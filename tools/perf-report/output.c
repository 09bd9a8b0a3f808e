/*
 * output.c - atomic replacement of the -o file.  See output.h.
 */
#include "output.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static char *final_path;	/* the -o FILE (a link's target, if it is one) */
static const char *shown_path;	/* the -o FILE as given, for messages */
static char *temporary_path;	/* FILE.XXXXXX while writing */
static bool removal_registered;	/* output_replace's atexit */

static void
remove_temporary(void)
{
	if (temporary_path != NULL)
		unlink(temporary_path);
}

/* The file a report at path replaces: a symbolic link's target (so the
 * link stays a link), else path itself; malloc'ed. */
static char *
replaced_file(const char *path)
{
	struct stat link;
	char *target = lstat(path, &link) == 0 && S_ISLNK(link.st_mode) ?
	    realpath(path, NULL) : NULL;

	return target != NULL ? target : pp_strndup(path, strlen(path));
}

/* Creates final.XXXXXX (its name in *temporary, malloc'ed) with the mode a
 * new file of the user gets, or the owner and mode of final when it
 * exists.  Returns its descriptor, or -1 with errno set (*temporary
 * freed and NULL). */
static int
create_temporary(const char *final, char **temporary)
{
	struct stat existing;
	bool replacing = stat(final, &existing) == 0;
	mode_t mask;
	int descriptor;

	*temporary = pp_xmalloc(strlen(final) + 8);
	sprintf(*temporary, "%s.XXXXXX", final);
	descriptor = mkstemp(*temporary);
	if (descriptor < 0) {
		int error = errno;

		free(*temporary);
		*temporary = NULL;
		errno = error;
		return -1;
	}
	/* mkstemp makes the file private; a report is as readable as any
	 * file the user creates. */
	mask = umask(0);
	umask(mask);
	fchmod(descriptor, 0666 & ~mask);
	if (replacing) {	/* the file replaced keeps its owner and mode */
		(void)!fchown(descriptor, existing.st_uid, existing.st_gid);
		fchmod(descriptor, existing.st_mode & 07777);
	}
	return descriptor;
}

int
output_open(pp_tool *tool)
{
	struct stat existing;
	int descriptor;
	FILE *file;

	if (tool->output_path == NULL || strcmp(tool->output_path, "-") == 0) {
		tool->output_path = NULL;
		return tool_open(tool);
	}
	/* A device, fifo or socket (/dev/stdout, /dev/full, a named pipe)
	 * is written in place: a rename would replace it with a file. */
	if (stat(tool->output_path, &existing) == 0 && !S_ISREG(existing.st_mode))
		return tool_open(tool);
	shown_path = tool->output_path;
	final_path = replaced_file(tool->output_path);
	descriptor = create_temporary(final_path, &temporary_path);
	if (descriptor < 0) {
		tool_warn(tool, "%s: %s", shown_path, strerror(errno));
		return PP_EXIT_INPUT;
	}
	atexit(remove_temporary);
	removal_registered = true;
	file = fdopen(descriptor, "w");
	if (file == NULL) {
		tool_warn(tool, "%s: %s", temporary_path, strerror(errno));
		close(descriptor);
		return PP_EXIT_INPUT;
	}
	tool->output_path = NULL;	/* tool_open opens the rejects file only */
	if (tool_open(tool) != 0) {
		fclose(file);
		return PP_EXIT_INPUT;
	}
	tool->output = file;
	tool->output_path = temporary_path;
	return 0;
}

int
output_replace(pp_tool *tool, const char *path, const char *data, size_t length)
{
	char *final = replaced_file(path);
	int descriptor = create_temporary(final, &temporary_path);
	size_t written = 0;
	int error = 0;

	if (descriptor < 0) {
		tool_warn(tool, "%s: %s", path, strerror(errno));
		free(final);
		return PP_EXIT_INPUT;
	}
	if (!removal_registered) {
		atexit(remove_temporary);
		removal_registered = true;
	}
	while (written < length && error == 0) {
		ssize_t done = write(descriptor, data + written, length - written);

		if (done > 0)
			written += (size_t)done;
		else if (done < 0 && errno != EINTR)
			error = errno;
	}
	if (error == 0 && fsync(descriptor) != 0)
		error = errno;
	if (close(descriptor) != 0 && error == 0)
		error = errno;
	if (error == 0 && rename(temporary_path, final) != 0)
		error = errno;
	if (error != 0) {
		tool_warn(tool, "%s: write failed: %s", path, strerror(error));
		unlink(temporary_path);
	}
	free(temporary_path);
	temporary_path = NULL;
	free(final);
	return error == 0 ? 0 : PP_EXIT_INPUT;
}

int
output_finish(pp_tool *tool, int status)
{
	bool written;

	if (temporary_path == NULL)
		return tool_finish(tool, status);
	tool_end_batch(tool);
	written = tool_output_ok(tool) && fflush(tool->output) == 0 &&
	    !ferror(tool->output) && fsync(fileno(tool->output)) == 0;
	if (!written) {
		int error = tool->output_error != 0 ? tool->output_error : errno;

		tool_warn(tool, "%s: write failed: %s", shown_path, strerror(error));
		tool->output_closed = true;	/* said once, of FILE, not its temporary */
		tool->output_error = 0;
	}
	status = tool_finish(tool, status);
	if (written && rename(temporary_path, final_path) != 0) {
		tool_warn(tool, "%s: %s", shown_path, strerror(errno));
		written = false;
	}
	if (written) {
		free(temporary_path);
		temporary_path = NULL;
	} else if (status == 0)
		status = PP_EXIT_INPUT;
	free(final_path);
	return status;
}
