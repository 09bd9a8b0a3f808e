/*
 * split.h - a plain file aggregated in parts on every processor, with
 * the output of one pass (split.c says how, and when not).
 */
#ifndef PERF_AGGREGATE_SPLIT_H
#define PERF_AGGREGATE_SPLIT_H

#include <stdbool.h>

#include "groups.h"
#include "noticed.h"
#include "options.h"
#include "tool.h"

typedef struct splitter splitter;

/* Whether the options allow a split (where: a --where was given). */
bool split_possible(const aggregate_options *options, bool where);

/* A splitter that adds the parts to aggregator and seen, the run's. */
splitter *splitter_new(aggregate_options *options, aggregator *aggregator, noticed *seen);
void splitter_free(splitter *splitter);

/* The hooks of tool_split (read_ahead.h), with the splitter as context. */
long long split_begin(void *context, pp_tool *tool, pp_reader *reader, long long size);
long long split_end(void *context, pp_tool *tool, pp_reader *reader, bool going,
    long *lines_before);

#endif
