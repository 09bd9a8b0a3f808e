/*
 * live.h - perf-report --live: a terminal dashboard redrawn in place as
 * records stream in.
 */
#ifndef PERF_REPORT_LIVE_H
#define PERF_REPORT_LIVE_H

#include "render.h"
#include "tool.h"

/* Reads inputs (standard input when count is 0), redrawing the text
 * report on the alternate screen after each batch of records (when no
 * more input is waiting) and at most five times a second while input
 * flows.  At the end of input or on SIGINT/SIGTERM it restores the
 * screen and cursor and leaves the last report on the normal screen.
 * Returns the exit status (tool_finish). */
int live_run(pp_tool *tool, char **inputs, int count, const render_options *options);

#endif
