/*
 * pp_alerting_private.h - the rule engine's insides, shared by its files:
 * pp_alerting.c (creation, feeding records, the lifecycle's transitions
 * and the alert records), pp_alerting_series.c (the series table and what
 * a series remembers), pp_alerting_evaluate.c (evaluation per rule type),
 * pp_alert_text.c (the sentences a user reads) and pp_alerting_state.c
 * (saving and loading the state).  Not for use elsewhere.
 */
#ifndef PP_ALERTING_PRIVATE_H
#define PP_ALERTING_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jq.h>
#include <jv.h>

#include "pp_alerting.h"
#include "pp_buffer.h"
#include "pp_error.h"
#include "pp_lifecycle.h"
#include "pp_rule.h"
#include "pp_series.h"
#include "pp_tags.h"

/* The longest unit of a stat (pp_unit_of_stat: a unit and "/s"). */
#define PP_STAT_UNIT_SIZE 64

typedef struct series {
	size_t rule;
	char *key;
	size_t key_length;
	char *name;		/* the alert's "name": the metric */
	pp_tags tags;		/* owned */
	pp_lifecycle lifecycle;
	double threshold;	/* the threshold shown in records */
	char value_unit[PP_STAT_UNIT_SIZE];	/* of the value and threshold for
						 * people (pp_people_stat_value) */
	bool is_base;		/* absent: "no data at all" for the rule */
	double last_seen;	/* absent: last data; anomaly: last finding */
	double *history;	/* anomaly: ring of max_samples values */
	size_t history_count, history_next;
	double *trend_times, *trend_values;	/* trend: oldest first */
	size_t trend_count, trend_capacity;
	double step_end;	/* composite: end of the open step, or NaN */
	double *condition_values;	/* composite: NaN when not seen */
	double *condition_thresholds;	/* composite: each in its series' unit */
	char (*condition_units)[PP_STAT_UNIT_SIZE];	/* composite: that unit */
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

/* What one evaluation found, for the lifecycle and the record. */
typedef struct evaluation {
	double value;		/* current_value */
	bool holds, clear;
	double expected;	/* anomaly: the median; trend: the baseline */
	pp_buffer detail;	/* the built-in description */
} evaluation;

/* ---- pp_alerting_series.c ---- */

/* The series of rule, name and tags; created when new. */
series *pp_alerting_series_get(pp_alerting *alerting, size_t rule, const char *name,
    const pp_tags *tags);
/* Appends to an anomaly series' bounded history. */
void pp_alerting_history_push(const pp_rule *rule, series *one, double value);
/* Appends a (time, value) pair to a trend series. */
void pp_alerting_trend_push(series *one, double time, double value);
/* Frees a series and everything it owns. */
void pp_alerting_series_free(series *one);
/* The alert's stable id: FNV-1a of the rule name and the series, in hex. */
jv pp_alerting_series_id(const pp_rule *rule, const series *one);

/* ---- pp_alerting_evaluate.c ---- */

/* The aggregate's value of stat (pp_aggregate_record_stat); NaN when it
 * has none. */
double pp_alerting_stat_of(jv record, const char *stat);
/* Whether the metric name and tags match the condition's. */
bool pp_alerting_condition_matches(const pp_condition *condition, const char *name,
    const pp_tags *tags);
/* Evaluates rule index on an aggregate of name and tags ending at time,
 * appending alert records for its transitions. */
pp_status pp_alerting_evaluate_rule(pp_alerting *alerting, size_t index, jv record,
    const char *name, const pp_tags *tags, double time, jv *alerts, pp_error *error);
/* Closes the time step ending at time: composite, absent and anomaly
 * finding series are evaluated for it. */
void pp_alerting_close_step(pp_alerting *alerting, double time, jv *alerts);

/* ---- pp_alerting.c ---- */

/* A jv number, or null for NaN and infinities (JSON has neither). */
jv pp_alerting_number_or_null(double value);
/* Steps the series' lifecycle and appends a record for a transition. */
void pp_alerting_advance(pp_alerting *alerting, series *one, double time, evaluation *found,
    jv *alerts);

#endif
