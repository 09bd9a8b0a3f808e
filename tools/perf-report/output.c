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
#include <unistd.h>

static char *final_path;	/* the -o FILE (a link's target, if it is one) */
static const char *shown_path;	/* the -o FILE as given, for messages */
static char *temporary_path;	/* FILE.XXXXXX while writing */

static void
remove_temporary(void)
{
	if (temporary_path != NULL)
		unlink(temporary_path);
}

int
output_open(pp_tool *tool)
{
	struct stat existing, link;
	bool replacing;
	mode_t mask;
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
	/* -o onto a symbolic link replaces the link's target, renamed into
	 * place in the target's directory: the link stays a link */
	final_path = lstat(tool->output_path, &link) == 0 && S_ISLNK(link.st_mode) ?
	    realpath(tool->output_path, NULL) : NULL;
	if (final_path == NULL)
		final_path = pp_strndup(tool->output_path, strlen(tool->output_path));
	replacing = stat(final_path, &existing) == 0;
	temporary_path = pp_xmalloc(strlen(final_path) + 8);
	sprintf(temporary_path, "%s.XXXXXX", final_path);
	descriptor = mkstemp(temporary_path);
	if (descriptor < 0) {
		tool_warn(tool, "%s: %s", shown_path, strerror(errno));
		free(temporary_path);
		temporary_path = NULL;
		return PP_EXIT_INPUT;
	}
	atexit(remove_temporary);
	/* mkstemp makes the file private; a report is as readable as any
	 * file the user creates. */
	mask = umask(0);
	umask(mask);
	fchmod(descriptor, 0666 & ~mask);
	if (replacing) {	/* the file replaced keeps its owner and mode */
		(void)!fchown(descriptor, existing.st_uid, existing.st_gid);
		fchmod(descriptor, existing.st_mode & 07777);
	}
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
