/*
 * seen.h - what perf-alert saw in its input (metric names, tag pairs,
 * stats), so that a rule that matched nothing can be named with the
 * nearest known name ("no series request.duraton; did you mean
 * request.duration?") instead of passing a gate in silence.
 *
 * Memory grows with the distinct names, tag pairs and stats seen.
 */
#ifndef SEEN_H
#define SEEN_H

#include <stddef.h>

#include <jv.h>

#include "perf_alert.h"

typedef struct seen_names {
	jv names;	/* metric name -> true */
	jv tags;	/* "key=value" -> true */
	jv stats;	/* top-level numbers and percentiles keys -> true */
} seen_names;

void seen_init(seen_names *seen);
void seen_free(seen_names *seen);
/* Notes the name, tags and stats of an aggregate or finding (borrowed). */
void seen_note(seen_names *seen, jv record);

/* Warns, for each rule that matched no aggregate or whose stat no
 * matching aggregate had, naming the rule and the nearest known name.
 * Returns the number of such rules. */
size_t seen_warn_unmatched(const seen_names *seen, alert_options *options,
    const pp_alerting *engine);

#endif
