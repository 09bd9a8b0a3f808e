/*
 * pp_alerting_series.c - the rule engine's series: one per rule and tag
 * set, kept in one array in the order they were first seen (so output and
 * saved state are deterministic) and found through lib's series table
 * (pp_series_table) keyed by rule index, metric and tags.  Also what a series
 * remembers between records (the anomaly history ring, the trend window)
 * and the alert's stable id.
 */
#include "pp_alerting_private.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_series.h"

/* ---- the series table ---- */

static void
build_key(pp_buffer *key, size_t rule, const char *name, const pp_tags *tags)
{
	pp_buffer_clear(key);
	pp_buffer_printf(key, "%zu", rule);
	pp_buffer_append_char(key, '\0');
	pp_series_key(key, name, tags);
}

/* The series of rule, name and tags; created when new. */
series *
pp_alerting_series_get(pp_alerting *alerting, size_t rule, const char *name, const pp_tags *tags)
{
	const pp_rule *owner = &alerting->rules[rule];
	pp_series_entry *entry;
	series *one;
	int created;

	build_key(&alerting->key, rule, owner->type == PP_RULE_COMPOSITE ? "" : name, tags);
	entry = pp_series_upsert(&alerting->table, alerting->key.data, alerting->key.length,
	    &created);
	if (!created)
		return entry->value;
	one = pp_xcalloc(1, sizeof(*one));
	entry->value = one;
	one->rule = rule;
	one->key = pp_strndup(alerting->key.data, alerting->key.length);
	one->key_length = alerting->key.length;
	one->name = pp_strndup(name, strlen(name));
	one->tags = pp_tags_clone(tags);
	pp_lifecycle_init(&one->lifecycle);
	one->threshold = owner->type == PP_RULE_COMPOSITE ?
	    owner->conditions[0].threshold : owner->condition.threshold;
	one->last_seen = NAN;
	one->step_end = NAN;
	if (owner->type == PP_RULE_ANOMALY)
		one->history = pp_xmalloc(owner->max_samples * sizeof(double));
	if (owner->type == PP_RULE_COMPOSITE) {
		size_t i;

		one->condition_values = pp_xmalloc(owner->condition_count * sizeof(double));
		one->condition_thresholds = pp_xmalloc(owner->condition_count * sizeof(double));
		one->condition_units = pp_xcalloc(owner->condition_count,
		    sizeof(*one->condition_units));
		for (i = 0; i < owner->condition_count; i++)
			one->condition_thresholds[i] = owner->conditions[i].threshold;
	}
	if (alerting->series_count == alerting->series_capacity) {
		alerting->series_capacity = alerting->series_capacity ? alerting->series_capacity * 2 : 16;
		alerting->series = pp_xrealloc(alerting->series,
		    alerting->series_capacity * sizeof(series *));
	}
	alerting->series[alerting->series_count++] = one;
	return one;
}

void
pp_alerting_series_free(series *one)
{
	free(one->key);
	free(one->name);
	pp_tags_free(&one->tags);
	free(one->history);
	free(one->trend_times);
	free(one->trend_values);
	free(one->condition_values);
	free(one->condition_thresholds);
	free(one->condition_units);
	free(one->description);
	free(one);
}

/* A stable id: FNV-1a of the rule name and the series, in hex. */
jv
pp_alerting_series_id(const pp_rule *rule, const series *one)
{
	pp_buffer text = PP_BUFFER_INIT;
	char id[17];
	uint64_t hash;

	pp_buffer_append(&text, rule->name, strlen(rule->name) + 1);
	pp_buffer_append(&text, one->key + strlen(one->key) + 1,
	    one->key_length - strlen(one->key) - 1);
	hash = pp_fnv1a(PP_FNV1A_BASIS, text.data, text.length);
	pp_buffer_free(&text);
	snprintf(id, sizeof(id), "%016llx", (unsigned long long)hash);
	return jv_string(id);
}

void
pp_alerting_history_push(const pp_rule *rule, series *one, double value)
{
	one->history[one->history_next] = value;
	one->history_next = (one->history_next + 1) % rule->max_samples;
	if (one->history_count < rule->max_samples)
		one->history_count++;
}

void
pp_alerting_trend_push(series *one, double time, double value)
{
	if (one->trend_count == one->trend_capacity) {
		one->trend_capacity = one->trend_capacity ? one->trend_capacity * 2 : 8;
		one->trend_times = pp_xrealloc(one->trend_times, one->trend_capacity * sizeof(double));
		one->trend_values = pp_xrealloc(one->trend_values, one->trend_capacity * sizeof(double));
	}
	one->trend_times[one->trend_count] = time;
	one->trend_values[one->trend_count++] = value;
}
