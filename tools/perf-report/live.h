/*
 * live.h - perf-report --live: a terminal dashboard redrawn in place as
 * records stream in, or (-f html -o FILE) an HTML page rewritten.
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
 * With page (the -o file of -f html) not NULL, it instead rewrites
 * page atomically with the HTML report after each batch and at most
 * every options->refresh seconds (5 when 0) while input flows, and once
 * more at the end or on SIGINT/SIGTERM.  timeframe (seconds, 0 none)
 * bounds the windows kept (report_model.timeframe).
 * Returns the exit status (tool_finish). */
int live_run(pp_tool *tool, char **inputs, int count, const render_options *options,
    const char *page, double timeframe);

#endif
