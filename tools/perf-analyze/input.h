/*
 * input.h - reading the stream into series: the line handler both modes
 * of perf-analyze give to tool_read_inputs.
 *
 * Points and aggregates go into the series set; a bad line is rejected
 * (reported, kept by --rejects, counted).  What is passed through depends
 * on the mode: everything when analysing a stream, only the kinds it does
 * not consume (findings, alerts, unknown kinds) when comparing two runs.
 */
#ifndef PERF_ANALYZE_INPUT_H
#define PERF_ANALYZE_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_reader.h"
#include "pp_record.h"
#include "attribution.h"
#include "series.h"
#include "tool.h"

typedef struct input {
	series_set *series;
	bool pass_samples;	/* pass points and aggregates through too */
	pp_point point;		/* reused for every line */
	attribution_store *attribution;	/* aggregates kept for it, or NULL */
} input;

void input_init(input *in, series_set *series, bool pass_samples);
void input_free(input *in);

/* A tool_line_handler; context is an input. */
bool input_line(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *context);

#endif
