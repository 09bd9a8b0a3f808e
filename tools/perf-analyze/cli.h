/*
 * cli.h - what both modes of perf-analyze read from the command line: the
 * --higher-is-better option, whole counts and --capacity limits.  Each
 * parser prints the usage message itself and returns false on a bad value.
 */
#ifndef PERF_ANALYZE_CLI_H
#define PERF_ANALYZE_CLI_H

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "tool.h"

/* A whole number of at least minimum. */
bool cli_parse_count(pp_tool *tool, const char *option, const char *text,
    double minimum, size_t *count);
/* The argp child for --higher-is-better NAME (repeatable), which both
 * modes take; give it the analysis_options as input.  The names are
 * freed by cli_free. */
extern const struct argp cli_argp;
/* Adds a --capacity 'METRIC<LIMIT' or 'METRIC>LIMIT' (text is kept). */
bool cli_add_capacity(pp_tool *tool, analysis_options *options, char *text);
void cli_free(analysis_options *options);

#endif
