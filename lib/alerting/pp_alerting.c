/*
 * pp_alerting.c - the rule engine: series, evaluation per rule type, alert
 * records.  See pp_alerting.h.
 *
 * Series live in one array in the order they were first seen (so output
 * and saved state are deterministic) and are found through an
 * open-addressing table keyed by rule index, metric and tags.
 */
#include "pp_alerting.h"
#include "pp_alerting_private.h"

#include <fnmatch.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jq.h>

#include "pp_alert_score.h"
#include "pp_buffer.h"
#include "pp_duration.h"
#include "pp_json.h"
#include "pp_lifecycle.h"
#include "pp_time.h"

/* What one evaluation found, for the lifecycle and the record. */
typedef struct evaluation {
	double value;		/* current_value */
	bool holds, clear;
	double expected;	/* anomaly: the median; trend: the baseline */
	pp_buffer detail;	/* the built-in description */
} evaluation;

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

static void
table_grow(pp_alerting *alerting)
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
		table_grow(alerting);
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

static void
series_free(series *one)
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

/* ---- creation ---- */

static void
capture_jq_message(void *context, jv message)
{
	pp_alerting *alerting = context;

	/* jq reports the error first and "N compile errors" last: keep the
	 * first. */
	if (alerting->jq_message[0] != '\0')
		;
	else if (jv_get_kind(message) == JV_KIND_STRING)
		snprintf(alerting->jq_message, sizeof(alerting->jq_message), "%s",
		    jv_string_value(message));
	else if (jv_get_kind(message) == JV_KIND_INVALID) {
		jv inner = jv_invalid_get_msg(jv_copy(message));

		if (jv_get_kind(inner) == JV_KIND_STRING)
			snprintf(alerting->jq_message, sizeof(alerting->jq_message), "%s",
			    jv_string_value(inner));
		jv_free(inner);
	}
	jv_free(message);
}

/* jq's messages span lines; a diagnostic is one line. */
static void
flatten(char *text)
{
	size_t length;
	char *p;

	for (p = text; *p != '\0'; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	length = strlen(text);
	while (length > 0 && text[length - 1] == ' ')
		text[--length] = '\0';
}

static bool
compile_expr(pp_alerting *alerting, size_t index, pp_error *error)
{
	jq_state *program = jq_init();

	alerting->programs[index] = program;
	if (program == NULL) {
		pp_error_set(error, PP_ERR_MEMORY, "cannot start jq");
		return false;
	}
	alerting->jq_message[0] = '\0';
	jq_set_error_cb(program, capture_jq_message, alerting);
	if (!jq_compile(program, alerting->rules[index].expr)) {
		flatten(alerting->jq_message);
		pp_error_set(error, PP_ERR_INVALID, "rule %zu \"%s\": \"expr\" does not compile: %s",
		    index + 1, alerting->rules[index].name,
		    alerting->jq_message[0] ? alerting->jq_message : "jq error");
		return false;
	}
	return true;
}

pp_alerting *
pp_alerting_new(const pp_rule *rules, size_t count, pp_error *error)
{
	pp_alerting *alerting = pp_xcalloc(1, sizeof(*alerting));
	size_t i, most_samples = 1;

	alerting->rules = rules;
	alerting->rule_count = count;
	alerting->programs = pp_xcalloc(count + 1, sizeof(jq_state *));
	alerting->rule_has_data = pp_xcalloc(count + 1, sizeof(bool));
	alerting->stat_found = pp_xcalloc(count + 1, 1);
	alerting->clock = NAN;
	alerting->closed_through = NAN;
	table_grow(alerting);
	for (i = 0; i < count; i++) {
		if (rules[i].type == PP_RULE_EXPR && !compile_expr(alerting, i, error)) {
			pp_alerting_free(alerting);
			return NULL;
		}
		if (rules[i].type == PP_RULE_ANOMALY && rules[i].max_samples > most_samples)
			most_samples = rules[i].max_samples;
	}
	alerting->scratch = pp_xmalloc(most_samples * sizeof(double));
	return alerting;
}

void
pp_alerting_free(pp_alerting *alerting)
{
	size_t i;

	if (alerting == NULL)
		return;
	for (i = 0; i < alerting->rule_count; i++)
		if (alerting->programs[i] != NULL)
			jq_teardown(&alerting->programs[i]);
	free(alerting->programs);
	free(alerting->rule_has_data);
	free(alerting->stat_found);
	for (i = 0; i < alerting->series_count; i++)
		series_free(alerting->series[i]);
	free(alerting->series);
	free(alerting->table);
	free(alerting->scratch);
	pp_buffer_free(&alerting->key);
	free(alerting);
}

/* ---- reading records ---- */

/* A numeric field, or an RFC 3339 string, as epoch seconds; NaN if absent. */
static double
time_field(jv record, const char *field)
{
	jv value = jv_object_get(jv_copy(record), jv_string(field));
	double seconds = NAN;

	if (jv_get_kind(value) == JV_KIND_NUMBER)
		seconds = jv_number_value(value);
	else if (jv_get_kind(value) == JV_KIND_STRING &&
	    pp_time_parse_rfc3339(jv_string_value(value),
	    (size_t)jv_string_length_bytes(jv_copy(value)), &seconds, NULL) != PP_OK)
		seconds = NAN;
	jv_free(value);
	return seconds;
}

/* The aggregate's value of stat: a top-level number, else a percentile. */
static double
stat_of(jv record, const char *stat)
{
	jv value = jv_object_get(jv_copy(record), jv_string(stat));
	double number = NAN;

	if (jv_get_kind(value) != JV_KIND_NUMBER) {
		jv_free(value);
		value = jv_object_get(jv_copy(record), jv_string("percentiles"));
		value = jv_get_kind(value) == JV_KIND_OBJECT ?
		    jv_object_get(value, jv_string(stat)) : (jv_free(value), jv_invalid());
	}
	if (jv_get_kind(value) == JV_KIND_NUMBER)
		number = jv_number_value(value);
	jv_free(value);
	return number;
}

static bool
tags_contain(const pp_tags *tags, const pp_tags *where)
{
	size_t i;

	for (i = 0; i < where->count; i++) {
		const char *value = pp_tags_get(tags, where->items[i].key);

		if (value == NULL || strcmp(value, where->items[i].value) != 0)
			return false;
	}
	return true;
}

static bool
condition_matches(const pp_condition *condition, const char *name, const pp_tags *tags)
{
	return fnmatch(condition->metric, name, 0) == 0 && tags_contain(tags, &condition->where);
}

/* ---- descriptions ---- */

/* A number for people: six significant digits (0.166667, 660.08), whole
 * and large numbers in full (1764057600). */
static void
append_number(pp_buffer *out, double value)
{
	if (isinf(value))
		pp_buffer_append_string(out, value > 0 ? "inf" : "-inf");
	else if (value == floor(value) || fabs(value) >= 1e5 || isnan(value))
		pp_json_write_number(out, value);
	else
		pp_buffer_printf(out, "%.6g", value);
}

static void
append_series_name(pp_buffer *out, const char *name, const pp_tags *tags)
{
	size_t i;

	pp_buffer_append_string(out, name);
	if (tags->count == 0)
		return;
	pp_buffer_append_char(out, '{');
	for (i = 0; i < tags->count; i++)
		pp_buffer_printf(out, "%s%s=%s", i ? "," : "", tags->items[i].key,
		    tags->items[i].value);
	pp_buffer_append_char(out, '}');
}

/* The rule's own description with {value}, {threshold}, {metric}, {tags}
 * and {rule} replaced. */
static void
expand_description(pp_buffer *out, const pp_rule *rule, const series *one)
{
	const char *p = rule->description;

	while (*p != '\0') {
		if (strncmp(p, "{value}", 7) == 0) {
			append_number(out, one->lifecycle.value);
			p += 7;
		} else if (strncmp(p, "{threshold}", 11) == 0) {
			append_number(out, one->threshold);
			p += 11;
		} else if (strncmp(p, "{metric}", 8) == 0) {
			pp_buffer_append_string(out, one->name);
			p += 8;
		} else if (strncmp(p, "{tags}", 6) == 0) {
			append_series_name(out, "", &one->tags);
			p += 6;
		} else if (strncmp(p, "{rule}", 6) == 0) {
			pp_buffer_append_string(out, rule->name);
			p += 6;
		} else {
			pp_buffer_append_char(out, *p++);
		}
	}
}

static jv
built_in_actions(pp_alert_type type)
{
	static const char *const actions[][3] = {
		{"Check recent deploys, configuration changes and load on this series",
		    "Compare with the same series on other hosts or pools", NULL},
		{"Look at what changed at the time of the anomaly: deploys, traffic, dependencies",
		    "Check whether the anomaly is confined to one tag value", NULL},
		{"Compare with the previous release or configuration",
		    "Check capacity signals (queue depth, utilisation) over the same window", NULL},
		{"Find the callers driving the rate",
		    "Apply or tighten rate limiting upstream, or scale out if the load is legitimate",
		    NULL},
		{"Add capacity or shed load",
		    "Recycle workers or processes that leak memory",
		    "Look for runaway processes"},
	};
	jv list = jv_array();
	size_t i;

	for (i = 0; i < 3 && actions[type][i] != NULL; i++)
		list = jv_array_append(list, jv_string(actions[type][i]));
	return list;
}

static jv
actions_of(const pp_rule *rule)
{
	jv list;
	size_t i;

	if (rule->actions == NULL && rule->type == PP_RULE_ABSENT) {
		list = jv_array_append(jv_array(), jv_string(
		    "Check that the collector or exporter of this metric is running"));
		return jv_array_append(list, jv_string(
		    "Check the path from the collector to perf-alert: cron, files, network"));
	}
	if (rule->actions == NULL)
		return built_in_actions(rule->alert_type);
	list = jv_array();
	for (i = 0; i < rule->action_count; i++)
		list = jv_array_append(list, jv_string(rule->actions[i]));
	return list;
}

/* A stable id: FNV-1a of the rule name and the series, in hex. */
static jv
id_of(const pp_rule *rule, const series *one)
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

jv
pp_alerting_number_or_null(double value)
{
	return isfinite(value) ? jv_number(value) : jv_null();
}

static jv
alert_record(const pp_alerting *alerting, const series *one, const char *state,
    const char *description)
{
	const pp_rule *rule = &alerting->rules[one->rule];
	const pp_lifecycle *life = &one->lifecycle;
	bool pending = strcmp(state, "pending") == 0, resolved = strcmp(state, "resolved") == 0;
	jv record = jv_object();

	record = jv_object_set(record, jv_string("kind"), jv_string("alert"));
	record = jv_object_set(record, jv_string("id"), id_of(rule, one));
	record = jv_object_set(record, jv_string("rule"), jv_string(rule->name));
	record = jv_object_set(record, jv_string("name"), jv_string(one->name));
	record = jv_object_set(record, jv_string("tags"), pp_tags_to_jv(&one->tags));
	record = jv_object_set(record, jv_string("alert_type"),
	    jv_string(pp_alert_type_name(rule->alert_type)));
	record = jv_object_set(record, jv_string("severity"),
	    jv_string(pp_severity_name(rule->severity)));
	record = jv_object_set(record, jv_string("state"), jv_string(state));
	record = jv_object_set(record, jv_string("threshold"), pp_alerting_number_or_null(one->threshold));
	record = jv_object_set(record, jv_string("current_value"), pp_alerting_number_or_null(life->value));
	record = jv_object_set(record, jv_string("triggered_at"),
	    pp_alerting_number_or_null(pending ? life->active_since : life->triggered_at));
	record = jv_object_set(record, jv_string("resolved_at"),
	    resolved ? pp_alerting_number_or_null(life->resolved_at) : jv_null());
	record = jv_object_set(record, jv_string("description"), jv_string(description));
	return jv_object_set(record, jv_string("suggested_actions"), actions_of(rule));
}

/* Steps the series' lifecycle and appends a record for a transition. */
static void
advance(pp_alerting *alerting, series *one, double time, evaluation *found, jv *alerts)
{
	static const char *const states[] = {NULL, "pending", "firing", "resolved"};
	const pp_rule *rule = &alerting->rules[one->rule];
	pp_transition transition;
	pp_buffer description = PP_BUFFER_INIT;

	transition = pp_lifecycle_step(&one->lifecycle, time, found->value, found->holds,
	    found->clear, rule->for_seconds, rule->keep_firing_for);
	if (transition != PP_TRANSITION_NONE) {
		if (rule->description != NULL)
			expand_description(&description, rule, one);
		else
			pp_buffer_append(&description, found->detail.data, found->detail.length);
		if (description.data == NULL)
			pp_buffer_append_string(&description, "");
		free(one->description);
		one->description = pp_strndup(description.data, description.length);
		*alerts = jv_array_append(*alerts, alert_record(alerting, one,
		    states[transition], description.data));
	}
	pp_buffer_free(&description);
	pp_buffer_free(&found->detail);
}

/* ---- evaluation by type ---- */

static void
compare_value(const pp_rule *rule, double value, evaluation *found)
{
	found->value = value;
	found->holds = pp_op_holds(rule->condition.op, value, rule->condition.threshold);
	found->clear = rule->has_resolve_threshold ?
	    !pp_op_holds(rule->condition.op, value, rule->resolve_threshold) : !found->holds;
}

static bool
evaluate_threshold(const pp_rule *rule, jv record, series *one, evaluation *found)
{
	double value = stat_of(record, rule->condition.stat);

	if (isnan(value))
		return false;
	compare_value(rule, value, found);
	append_series_name(&found->detail, one->name, &one->tags);
	pp_buffer_printf(&found->detail, " %s is ", rule->condition.stat);
	append_number(&found->detail, value);
	pp_buffer_printf(&found->detail, ", threshold %s ", pp_op_name(rule->condition.op));
	append_number(&found->detail, rule->condition.threshold);
	if (rule->has_resolve_threshold) {
		pp_buffer_append_string(&found->detail, ", clear at ");
		append_number(&found->detail, rule->resolve_threshold);
	}
	return true;
}

static pp_status
evaluate_expr(pp_alerting *alerting, size_t index, jv record, series *one,
    evaluation *found, pp_error *error)
{
	const pp_rule *rule = &alerting->rules[index];
	jq_state *program = alerting->programs[index];
	jv result;
	pp_status status = PP_OK;

	alerting->jq_message[0] = '\0';
	jq_start(program, jv_copy(record), 0);
	result = jq_next(program);
	if (jv_get_kind(result) == JV_KIND_TRUE || jv_get_kind(result) == JV_KIND_FALSE ||
	    jv_get_kind(result) == JV_KIND_NULL || !jv_is_valid(result)) {
		found->value = jv_get_kind(result) == JV_KIND_TRUE ? 1 : 0;
		found->holds = jv_get_kind(result) == JV_KIND_TRUE;
		found->clear = !found->holds;
	} else if (jv_get_kind(result) == JV_KIND_NUMBER) {
		compare_value(rule, jv_number_value(result), found);
	} else {
		status = pp_error_set(error, PP_ERR_USAGE, "rule \"%s\": \"expr\" gave %s, "
		    "not a boolean or a number", rule->name, jv_kind_name(jv_get_kind(result)));
	}
	if (!jv_is_valid(result) && jv_invalid_has_msg(jv_copy(result))) {
		jv message = jv_invalid_get_msg(jv_copy(result));

		status = pp_error_set(error, PP_ERR_USAGE, "rule \"%s\": \"expr\" failed: %s",
		    rule->name, jv_get_kind(message) == JV_KIND_STRING ?
		    jv_string_value(message) : "jq error");
		jv_free(message);
	}
	jv_free(result);
	append_series_name(&found->detail, one->name, &one->tags);
	pp_buffer_printf(&found->detail, ": %s gives ", rule->expr);
	append_number(&found->detail, found->value);
	return status;
}

void
pp_alerting_history_push(const pp_rule *rule, series *one, double value)
{
	one->history[one->history_next] = value;
	one->history_next = (one->history_next + 1) % rule->max_samples;
	if (one->history_count < rule->max_samples)
		one->history_count++;
}

static bool
evaluate_anomaly(pp_alerting *alerting, const pp_rule *rule, jv record, series *one,
    evaluation *found)
{
	double value = stat_of(record, rule->condition.stat);
	double limit = pp_normal_quantile((1 + rule->sensitivity) / 2);
	bool scored = false;

	if (isnan(value))
		return false;
	if (one->history_count >= rule->min_samples) {
		found->value = pp_robust_z(one->history, one->history_count, value,
		    alerting->scratch, &found->expected);
		found->holds = fabs(found->value) > limit;
		found->clear = !found->holds;
		one->threshold = limit;
		append_series_name(&found->detail, one->name, &one->tags);
		pp_buffer_printf(&found->detail, " %s is ", rule->condition.stat);
		append_number(&found->detail, value);
		pp_buffer_append_string(&found->detail, " against a median of ");
		append_number(&found->detail, found->expected);
		pp_buffer_append_string(&found->detail, ": robust z-score ");
		append_number(&found->detail, round(found->value * 100) / 100);
		pp_buffer_append_string(&found->detail, ", limit ");
		append_number(&found->detail, round(limit * 100) / 100);
		scored = true;
	}
	pp_alerting_history_push(rule, one, value);
	return scored;
}

/* Drops trend values older than the newest one at least window old. */
static void
trend_trim(series *one, double now, double window)
{
	size_t keep = 0, i;

	for (i = 0; i < one->trend_count; i++)
		if (one->trend_times[i] <= now - window)
			keep = i;
	if (keep == 0)
		return;
	memmove(one->trend_times, one->trend_times + keep,
	    (one->trend_count - keep) * sizeof(double));
	memmove(one->trend_values, one->trend_values + keep,
	    (one->trend_count - keep) * sizeof(double));
	one->trend_count -= keep;
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

static bool
evaluate_trend(const pp_rule *rule, jv record, double time, series *one,
    evaluation *found)
{
	double value = stat_of(record, rule->condition.stat), change;
	char window[64];

	if (isnan(value))
		return false;
	trend_trim(one, time, rule->window);
	pp_alerting_trend_push(one, time, value);
	if (one->trend_count < 2 || one->trend_times[0] > time - rule->window)
		return false;	/* the window is not covered yet */
	change = pp_relative_change(one->trend_values[0], value);
	if (isnan(change))
		return false;
	compare_value(rule, change, found);
	found->expected = one->trend_values[0];
	pp_duration_format(time - one->trend_times[0], window, sizeof(window));
	append_series_name(&found->detail, one->name, &one->tags);
	pp_buffer_printf(&found->detail, " %s went from ", rule->condition.stat);
	append_number(&found->detail, one->trend_values[0]);
	pp_buffer_append_string(&found->detail, " to ");
	append_number(&found->detail, value);
	pp_buffer_printf(&found->detail, " in %s: a change of ", window);
	append_number(&found->detail, round(change * 10000) / 100);
	pp_buffer_printf(&found->detail, "%%, threshold %s ", pp_op_name(rule->condition.op));
	append_number(&found->detail, rule->condition.threshold * 100);
	pp_buffer_append_char(&found->detail, '%');
	return true;
}

/* Composite: records the value of each condition the record matches, for
 * the step that ends at time; the rule is evaluated when the step closes. */
static void
collect_composite(pp_alerting *alerting, size_t index, jv record, const char *name,
    const pp_tags *tags, double time)
{
	const pp_rule *rule = &alerting->rules[index];
	pp_tags group = PP_TAGS_INIT;
	size_t i;

	/* A late record of a step already evaluated cannot change it. */
	if (!isnan(alerting->closed_through) && time <= alerting->closed_through)
		return;
	for (i = 0; i < rule->condition_count; i++) {
		const pp_condition *condition = &rule->conditions[i];
		double value;
		series *one;
		size_t j;

		if (!condition_matches(condition, name, tags))
			continue;
		if (isnan(value = stat_of(record, condition->stat))) {
			if (alerting->stat_found[index] == 0)
				alerting->stat_found[index] = 1;
			continue;
		}
		alerting->stat_found[index] = 2;
		pp_tags_select(tags, (const char *const *)rule->by, rule->by_count, &group);
		one = pp_alerting_series_get(alerting, index, rule->conditions[0].metric, &group);
		if (one->step_end != time) {
			for (j = 0; j < rule->condition_count; j++)
				one->condition_values[j] = NAN;
			one->step_end = time;
		}
		one->condition_values[i] = value;
	}
	pp_tags_free(&group);
}

static void
evaluate_composite(pp_alerting *alerting, series *one, double time, jv *alerts)
{
	const pp_rule *rule = &alerting->rules[one->rule];
	evaluation found = {NAN, rule->all, false, NAN, PP_BUFFER_INIT};
	size_t i, held = 0;

	if (one->step_end != time)
		return;
	pp_buffer_printf(&found.detail, "%s: ", rule->name);
	for (i = 0; i < rule->condition_count; i++) {
		const pp_condition *condition = &rule->conditions[i];
		double value = one->condition_values[i];
		bool holds = pp_op_holds(condition->op, value, condition->threshold);

		held += holds;
		if (i == 0)
			found.value = value;
		pp_buffer_printf(&found.detail, "%s%s %s ", i ? (rule->all ? " and " : " or ") : "",
		    condition->metric, condition->stat);
		if (isnan(value))
			pp_buffer_append_string(&found.detail, "has no data");
		else
			append_number(&found.detail, value);
		pp_buffer_printf(&found.detail, " (%s ", pp_op_name(condition->op));
		append_number(&found.detail, condition->threshold);
		pp_buffer_append_char(&found.detail, ')');
	}
	found.holds = rule->all ? held == rule->condition_count : held > 0;
	found.clear = !found.holds;
	one->step_end = NAN;
	advance(alerting, one, time, &found, alerts);
}

static void
evaluate_absent(pp_alerting *alerting, series *one, double time, jv *alerts)
{
	const pp_rule *rule = &alerting->rules[one->rule];
	evaluation found = {time - one->last_seen, false, false, NAN, PP_BUFFER_INIT};
	char silence[64], window[64];

	/* The rule's "no data at all" series speaks only until data comes
	 * (then it resolves, if firing, and falls silent). */
	if (one->is_base && alerting->rule_has_data[one->rule] &&
	    one->lifecycle.state == PP_STATE_INACTIVE)
		return;

	found.holds = found.value >= rule->window;
	found.clear = !found.holds;
	one->threshold = rule->window;
	pp_duration_format(found.value, silence, sizeof(silence));
	pp_duration_format(rule->window, window, sizeof(window));
	if (found.holds) {
		pp_buffer_append_string(&found.detail, "no data for ");
		append_series_name(&found.detail, one->name, &one->tags);
		pp_buffer_printf(&found.detail, " for %s, limit %s", silence, window);
	} else {
		append_series_name(&found.detail, one->name, &one->tags);
		pp_buffer_printf(&found.detail, " has data again (limit %s)", window);
	}
	advance(alerting, one, time, &found, alerts);
}

/* Anomaly findings: each holds at its time; a series whose last finding is
 * older than the step closing is clear. */
static void
evaluate_finding_silence(pp_alerting *alerting, series *one, double time, jv *alerts)
{
	evaluation found = {0, false, true, NAN, PP_BUFFER_INIT};
	char since[64];

	if (isnan(one->last_seen) || one->last_seen >= time ||
	    one->lifecycle.state == PP_STATE_INACTIVE)
		return;
	append_series_name(&found.detail, one->name, &one->tags);
	pp_time_format_rfc3339(one->last_seen, since, sizeof(since));
	pp_buffer_printf(&found.detail, ": no anomaly finding since %s", since);
	advance(alerting, one, time, &found, alerts);
}

/* ---- steps ---- */

static void
close_step(pp_alerting *alerting, double time, jv *alerts)
{
	size_t i;

	if (isnan(time) || (!isnan(alerting->closed_through) && time <= alerting->closed_through))
		return;
	alerting->closed_through = time;
	for (i = 0; i < alerting->series_count; i++) {
		series *one = alerting->series[i];

		switch (alerting->rules[one->rule].type) {
		case PP_RULE_COMPOSITE:
			evaluate_composite(alerting, one, time, alerts);
			break;
		case PP_RULE_ABSENT:
			evaluate_absent(alerting, one, time, alerts);
			break;
		case PP_RULE_ANOMALY:
			evaluate_finding_silence(alerting, one, time, alerts);
			break;
		default:
			break;
		}
	}
}

/* The first time seen: absent rules start counting silence from here. */
static void
start_clock(pp_alerting *alerting, double time)
{
	size_t i;

	alerting->clock = time;
	for (i = 0; i < alerting->rule_count; i++) {
		const pp_rule *rule = &alerting->rules[i];
		series *base;

		if (rule->type != PP_RULE_ABSENT)
			continue;
		base = pp_alerting_series_get(alerting, i, rule->condition.metric, &rule->condition.where);
		base->is_base = true;
		base->last_seen = time;
	}
}

static void
note_presence(pp_alerting *alerting, size_t index, const char *name, const pp_tags *tags,
    double time)
{
	series *one = pp_alerting_series_get(alerting, index, name, tags);
	size_t i;

	alerting->rule_has_data[index] = true;
	one->is_base = false;	/* the data's own series, even when its tags are the rule's */
	if (!(one->last_seen >= time))	/* a late record does not turn back time */
		one->last_seen = time;
	for (i = 0; i < alerting->series_count; i++) {
		series *base = alerting->series[i];

		if (base->rule == index && base->is_base && !(base->last_seen >= time))
			base->last_seen = time;
	}
}

static pp_status
evaluate_rule(pp_alerting *alerting, size_t index, jv record, const char *name,
    const pp_tags *tags, double time, jv *alerts, pp_error *error)
{
	const pp_rule *rule = &alerting->rules[index];
	evaluation found = {NAN, false, true, NAN, PP_BUFFER_INIT};
	pp_status status = PP_OK;
	bool evaluated = false;
	series *one;

	if (rule->type == PP_RULE_COMPOSITE) {
		collect_composite(alerting, index, record, name, tags, time);
		return PP_OK;
	}
	if (!condition_matches(&rule->condition, name, tags))
		return PP_OK;
	if (rule->type == PP_RULE_ABSENT) {
		note_presence(alerting, index, name, tags, time);
		return PP_OK;
	}
	if (rule->type == PP_RULE_EXPR)
		alerting->stat_found[index] = 2;
	else {
		bool has_stat = !isnan(stat_of(record, rule->condition.stat));

		if (has_stat || alerting->stat_found[index] == 0)
			alerting->stat_found[index] = has_stat ? 2 : 1;
	}
	one = pp_alerting_series_get(alerting, index, name, tags);
	switch (rule->type) {
	case PP_RULE_THRESHOLD:
	case PP_RULE_RATE_LIMIT:
		evaluated = evaluate_threshold(rule, record, one, &found);
		break;
	case PP_RULE_EXPR:
		status = evaluate_expr(alerting, index, record, one, &found, error);
		evaluated = status == PP_OK;
		break;
	case PP_RULE_ANOMALY:
		evaluated = evaluate_anomaly(alerting, rule, record, one, &found);
		break;
	case PP_RULE_TREND:
		evaluated = evaluate_trend(rule, record, time, one, &found);
		break;
	default:
		break;
	}
	if (evaluated)
		advance(alerting, one, time, &found, alerts);
	pp_buffer_free(&found.detail);
	return status;
}

static pp_status
feed_aggregate(pp_alerting *alerting, jv record, jv *alerts, pp_error *error)
{
	jv name = jv_object_get(jv_copy(record), jv_string("name"));
	jv tags_value = jv_object_get(jv_copy(record), jv_string("tags"));
	double end = time_field(record, "end");
	pp_tags tags = PP_TAGS_INIT;
	pp_status status = PP_OK, rule_status;
	size_t i;

	if (jv_get_kind(name) != JV_KIND_STRING || !isfinite(end))
		status = pp_error_set(error, PP_ERR_INVALID,
		    "an aggregate needs a \"name\" and a numeric \"end\"");
	else if (jv_is_valid(tags_value) && jv_get_kind(tags_value) != JV_KIND_NULL &&
	    pp_tags_from_jv(tags_value, &tags, error) != PP_OK)
		status = PP_ERR_INVALID;
	if (status == PP_OK) {
		if (isnan(alerting->clock))
			start_clock(alerting, end);
		else if (end > alerting->clock) {
			close_step(alerting, alerting->clock, alerts);
			alerting->clock = end;
		}
		for (i = 0; i < alerting->rule_count; i++) {
			rule_status = evaluate_rule(alerting, i, record, jv_string_value(name),
			    &tags, end, alerts, error);
			if (rule_status != PP_OK)
				status = rule_status;
		}
	}
	pp_tags_free(&tags);
	jv_free(tags_value);
	jv_free(name);
	return status;
}

static void
feed_anomaly_finding(pp_alerting *alerting, jv record, jv *alerts)
{
	jv name = jv_object_get(jv_copy(record), jv_string("name"));
	jv tags_value = jv_object_get(jv_copy(record), jv_string("tags"));
	double time = time_field(record, "ts"), score = stat_of(record, "score");
	pp_tags tags = PP_TAGS_INIT;
	size_t i;

	if (isnan(time))
		time = time_field(record, "end");
	if (jv_get_kind(name) == JV_KIND_STRING && isfinite(time) &&
	    (!jv_is_valid(tags_value) || jv_get_kind(tags_value) == JV_KIND_NULL ||
	    pp_tags_from_jv(tags_value, &tags, NULL) == PP_OK)) {
		for (i = 0; i < alerting->rule_count; i++) {
			const pp_rule *rule = &alerting->rules[i];
			evaluation found = {score, true, false, NAN, PP_BUFFER_INIT};
			jv message = jv_object_get(jv_copy(record), jv_string("message"));
			series *one;

			if (rule->type != PP_RULE_ANOMALY ||
			    !condition_matches(&rule->condition, jv_string_value(name), &tags)) {
				jv_free(message);
				continue;
			}
			alerting->stat_found[i] = 2;
			one = pp_alerting_series_get(alerting, i, jv_string_value(name), &tags);
			one->last_seen = time;
			one->threshold = pp_normal_quantile((1 + rule->sensitivity) / 2);
			pp_buffer_append_string(&found.detail, jv_get_kind(message) ==
			    JV_KIND_STRING ? jv_string_value(message) : "anomaly finding");
			jv_free(message);
			advance(alerting, one, time, &found, alerts);
		}
	}
	pp_tags_free(&tags);
	jv_free(tags_value);
	jv_free(name);
}

pp_status
pp_alerting_feed(pp_alerting *alerting, jv record, jv *alerts, pp_error *error)
{
	jv kind = jv_object_get(jv_copy(record), jv_string("kind"));
	jv type = jv_object_get(jv_copy(record), jv_string("type"));
	pp_status status = PP_OK;

	if (jv_get_kind(kind) == JV_KIND_STRING) {
		if (strcmp(jv_string_value(kind), "aggregate") == 0)
			status = feed_aggregate(alerting, record, alerts, error);
		else if (strcmp(jv_string_value(kind), "finding") == 0 &&
		    jv_get_kind(type) == JV_KIND_STRING &&
		    strcmp(jv_string_value(type), "anomaly") == 0)
			feed_anomaly_finding(alerting, record, alerts);
	}
	jv_free(kind);
	jv_free(type);
	return status;
}

void
pp_alerting_close_before(pp_alerting *alerting, jv record, jv *alerts)
{
	jv kind = jv_object_get(jv_copy(record), jv_string("kind"));
	double end = time_field(record, "end");

	if (jv_get_kind(kind) == JV_KIND_STRING &&
	    strcmp(jv_string_value(kind), "aggregate") == 0 && isfinite(end) &&
	    !isnan(alerting->clock) && end > alerting->clock) {
		close_step(alerting, alerting->clock, alerts);
		alerting->clock = end;
	}
	jv_free(kind);
}

void
pp_alerting_flush(pp_alerting *alerting, jv *alerts)
{
	close_step(alerting, alerting->clock, alerts);
}

void
pp_alerting_firing_counts(const pp_alerting *alerting, size_t *counts)
{
	size_t i;

	memset(counts, 0, PP_SEVERITY_COUNT * sizeof(size_t));
	for (i = 0; i < alerting->series_count; i++)
		if (alerting->series[i]->lifecycle.state == PP_STATE_FIRING)
			counts[alerting->rules[alerting->series[i]->rule].severity]++;
}

jv
pp_alerting_firing(const pp_alerting *alerting)
{
	jv list = jv_array();
	size_t i;

	for (i = 0; i < alerting->series_count; i++) {
		const series *one = alerting->series[i];

		if (one->lifecycle.state == PP_STATE_FIRING)
			list = jv_array_append(list, alert_record(alerting, one, "firing",
			    one->description ? one->description : ""));
	}
	return list;
}

const char *
pp_alerting_missing_stat(const pp_alerting *alerting, size_t rule)
{
	const pp_rule *one = &alerting->rules[rule];

	if (alerting->stat_found[rule] != 1)
		return NULL;
	return one->type == PP_RULE_COMPOSITE ? one->conditions[0].stat : one->condition.stat;
}

bool
pp_alerting_rule_matched(const pp_alerting *alerting, size_t rule)
{
	size_t i;

	if (alerting->rules[rule].type == PP_RULE_ABSENT || alerting->stat_found[rule] != 0)
		return true;
	/* A series kept in a --state file matched in an earlier run. */
	for (i = 0; i < alerting->series_count; i++)
		if (alerting->series[i]->rule == rule)
			return true;
	return false;
}

size_t
pp_alerting_series_count(const pp_alerting *alerting)
{
	return alerting->series_count;
}
