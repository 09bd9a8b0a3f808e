/*
 * pp_alerting_private.h - the rule engine's insides, shared by its two
 * files: pp_alerting.c (series, evaluation, records) and
 * pp_alerting_state.c (saving and loading them).  Not for use elsewhere.
 */
#ifndef PP_ALERTING_PRIVATE_H
#define PP_ALERTING_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jq.h>
#include <jv.h>

#include "pp_alerting.h"
#include "pp_buffer.h"
#include "pp_lifecycle.h"
#include "pp_series.h"
#include "pp_tags.h"

typedef struct series {
	size_t rule;
	char *key;
	size_t key_length;
	char *name;		/* the alert's "name": the metric */
	pp_tags tags;		/* owned */
	pp_lifecycle lifecycle;
	double threshold;	/* the threshold shown in records */
	bool is_base;		/* absent: "no data at all" for the rule */
	double last_seen;	/* absent: last data; anomaly: last finding */
	double *history;	/* anomaly: ring of max_samples values */
	size_t history_count, history_next;
	double *trend_times, *trend_values;	/* trend: oldest first */
	size_t trend_count, trend_capacity;
	double step_end;	/* composite: end of the open step, or NaN */
	double *condition_values;	/* composite: NaN when not seen */
	char *description;	/* of the last transition, or NULL */
} series;

struct pp_alerting {
	const pp_rule *rules;
	size_t rule_count;
	jq_state **programs;	/* per rule; NULL unless expr */
	bool *rule_has_data;	/* absent: some series of the rule was seen */
	unsigned char *stat_found;	/* per rule: 0 nothing matched, 1 matched
					 * without the stat, 2 the stat was seen */
	series **series;
	size_t series_count, series_capacity;
	pp_series_table table;	/* key (rule, name, tags) -> series */
	double clock;		/* the latest end seen, or NaN */
	double closed_through;	/* the last step closed, or NaN */
	double *scratch;
	pp_buffer key;
	char jq_message[300];
};

/* The series of rule, name and tags; created when new. */
series *pp_alerting_series_get(pp_alerting *alerting, size_t rule, const char *name,
    const pp_tags *tags);
/* A jv number, or null for NaN and infinities (JSON has neither). */
jv pp_alerting_number_or_null(double value);
/* Appends to an anomaly series' bounded history. */
void pp_alerting_history_push(const pp_rule *rule, series *one, double value);
/* Appends a (time, value) pair to a trend series. */
void pp_alerting_trend_push(series *one, double time, double value);

#endif
