/*
 * input.h - reading one line of the stream into the report model, shared
 * by the one-shot report (main.c) and the live dashboard (live.c).
 */
#ifndef PERF_REPORT_INPUT_H
#define PERF_REPORT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "tool.h"

/* A tool_line_handler: context is the report_model.  Blank lines are
 * skipped, points counted, other records added to the model; a bad line
 * is rejected through tool_reject.  Always returns true. */
bool input_read_record(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *context);

#endif
