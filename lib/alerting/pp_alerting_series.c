/*
 * pp_alerting_series.c - the rule engine's series: one per rule and tag
 * set, kept in one array in the order they were first seen (so output and
 * saved state are deterministic) and found through an open-addressing
 * table keyed by rule index, metric and tags.  Also what a series
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

static uint64_t
hash_bytes(const char *bytes, size_t length)
{
	uint64_t hash = 14695981039346656037ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < length; i++) {
		hash ^= (unsigned char)bytes[i];
		hash *= 1099511628211ULL;
	}
	return hash;
}

static void
build_key(pp_buffer *key, size_t rule, const char *name, const pp_tags *tags)
{
	pp_buffer_clear(key);
	pp_buffer_printf(key, "%zu", rule);
	pp_buffer_append_char(key, '\0');
	pp_series_key(key, name, tags);
}

void
pp_alerting_table_grow(pp_alerting *alerting)
{
	size_t i, size = alerting->table_size ? alerting->table_size * 2 : 64;

	free(alerting->table);
	alerting->table = pp_xcalloc(size, sizeof(size_t));
	alerting->table_size = size;
	for (i = 0; i < alerting->series_count; i++) {
		series *one = alerting->series[i];
		size_t slot = hash_bytes(one->key, one->key_length) & (size - 1);

		while (alerting->table[slot] != 0)
			slot = (slot + 1) & (size - 1);
		alerting->table[slot] = i + 1;
	}
}

/* The series of alerting->key, or NULL; *slot_out is where it would go. */
static series *
table_find(pp_alerting *alerting, size_t *slot_out)
{
	size_t mask = alerting->table_size - 1;
	size_t slot = hash_bytes(alerting->key.data, alerting->key.length) & mask;

	for (; alerting->table[slot] != 0; slot = (slot + 1) & mask) {
		series *one = alerting->series[alerting->table[slot] - 1];

		if (one->key_length == alerting->key.length &&
		    memcmp(one->key, alerting->key.data, one->key_length) == 0)
			return one;
	}
	*slot_out = slot;
	return NULL;
}

/* The series of rule, name and tags; created when new. */
series *
pp_alerting_series_get(pp_alerting *alerting, size_t rule, const char *name, const pp_tags *tags)
{
	const pp_rule *owner = &alerting->rules[rule];
	series *one;
	size_t slot;

	build_key(&alerting->key, rule, owner->type == PP_RULE_COMPOSITE ? "" : name, tags);
	if ((alerting->series_count + 1) * 2 > alerting->table_size)
		pp_alerting_table_grow(alerting);
	if ((one = table_find(alerting, &slot)) != NULL)
		return one;
	one = pp_xcalloc(1, sizeof(*one));
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
	if (owner->type == PP_RULE_COMPOSITE)
		one->condition_values = pp_xmalloc(owner->condition_count * sizeof(double));
	if (alerting->series_count == alerting->series_capacity) {
		alerting->series_capacity = alerting->series_capacity ? alerting->series_capacity * 2 : 16;
		alerting->series = pp_xrealloc(alerting->series,
		    alerting->series_capacity * sizeof(series *));
	}
	alerting->series[alerting->series_count++] = one;
	alerting->table[slot] = alerting->series_count;
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
	hash = hash_bytes(text.data, text.length);
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
