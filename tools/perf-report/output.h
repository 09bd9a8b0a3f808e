/*
 * output.h - writing the report to -o FILE atomically.
 *
 * A report is written once, whole, so it can go to a temporary file in the
 * same directory and be renamed over FILE when complete: a reader (a
 * node_exporter textfile collector, a web server, a cron job's mail) sees
 * the old report or the new one, never half of one.  The temporary file
 * is removed on every way out, --strict's early exit included.
 */
#ifndef PERF_REPORT_OUTPUT_H
#define PERF_REPORT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "tool.h"

/* When tool->output_path names a file, opens a temporary file next to it
 * and makes it the tool's output.  Returns 0, or PP_EXIT_INPUT after
 * printing why. */
int output_open(pp_tool *tool);

/* Writes what is pending, then, when output goes to a file, makes it
 * durable and renames it over the named file.  Returns the status of
 * tool_finish(tool, status), made PP_EXIT_INPUT when the write or rename
 * failed (the named file is then left as it was). */
int output_finish(pp_tool *tool, int status);

/* Replaces the file at path (a link's target, when it is a symbolic link)
 * with data, the same way: a temporary file in its directory, written
 * whole, made durable, renamed over it.  For a file rewritten again and
 * again (perf-report --live -f html).  Returns 0, or PP_EXIT_INPUT after
 * printing why (path is then left as it was). */
int output_replace(pp_tool *tool, const char *path, const char *data, size_t length);

#endif
