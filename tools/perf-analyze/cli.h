/*
 * cli.h - option values both modes of perf-analyze read: ratios written
 * as 0.05 or 5%, whole counts, and the --higher-is-better list.  Each
 * parser prints the usage message itself and returns false on a bad value.
 */
#ifndef PERF_ANALYZE_CLI_H
#define PERF_ANALYZE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "tool.h"

/* A non-negative ratio written as 0.05 or 5%. */
bool cli_parse_ratio(pp_tool *tool, const char *option, const char *text,
    double *ratio);
/* A whole number of at least minimum. */
bool cli_parse_count(pp_tool *tool, const char *option, const char *text,
    double minimum, size_t *count);
/* Adds name to options->higher_is_better (freed by cli_free). */
void cli_add_higher_is_better(analysis_options *options, const char *name);
/* Adds a --capacity 'METRIC<LIMIT' or 'METRIC>LIMIT' (text is kept). */
bool cli_add_capacity(pp_tool *tool, analysis_options *options, char *text);
void cli_free(analysis_options *options);

#endif
