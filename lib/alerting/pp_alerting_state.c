/*
 * pp_alerting_state.c - saving the rule engine's state as a jv object and
 * loading it back (pp_alerting_save, pp_alerting_load), so that runs from
 * cron continue one another.
 *
 * The state holds a magic string and a version, the event-time clock, and
 * per series its lifecycle and what its rule type remembers (anomaly
 * history oldest first, trend pairs, the open composite window, the last
 * data of absent series).  Loading checks every field, so that a damaged
 * file is refused with a message naming the series and the field instead
 * of being half believed.  Inactive threshold-like series carry nothing
 * and are not saved.
 */
#include "pp_alerting.h"
#include "pp_alerting_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_rule.h"

#define STATE_MAGIC "perf-alert-state"
#define STATE_VERSION 1

static jv
numbers_to_jv(const double *values, size_t count)
{
	jv list = jv_array();
	size_t i;

	for (i = 0; i < count; i++)
		list = jv_array_append(list, pp_alerting_number_or_null(values[i]));
	return list;
}

/* The anomaly history, oldest first. */
static jv
history_to_jv(const pp_rule *rule, const series *one)
{
	jv list = jv_array();
	size_t i, start = one->history_count < rule->max_samples ? 0 : one->history_next;

	for (i = 0; i < one->history_count; i++)
		list = jv_array_append(list,
		    jv_number(one->history[(start + i) % rule->max_samples]));
	return list;
}

static jv
series_to_jv(const pp_alerting *alerting, const series *one)
{
	const pp_rule *rule = &alerting->rules[one->rule];
	const pp_lifecycle *life = &one->lifecycle;
	jv object = jv_object();

	object = jv_object_set(object, jv_string("rule"), jv_string(rule->name));
	object = jv_object_set(object, jv_string("type"), jv_string(pp_rule_type_names[rule->type]));
	object = jv_object_set(object, jv_string("name"), jv_string(one->name));
	object = jv_object_set(object, jv_string("tags"), pp_tags_to_jv(&one->tags));
	object = jv_object_set(object, jv_string("state"),
	    jv_string(pp_alert_state_name(life->state)));
	object = jv_object_set(object, jv_string("active_since"), pp_alerting_number_or_null(life->active_since));
	object = jv_object_set(object, jv_string("triggered_at"), pp_alerting_number_or_null(life->triggered_at));
	object = jv_object_set(object, jv_string("clear_since"), pp_alerting_number_or_null(life->clear_since));
	object = jv_object_set(object, jv_string("resolved_at"), pp_alerting_number_or_null(life->resolved_at));
	object = jv_object_set(object, jv_string("value"), pp_alerting_number_or_null(life->value));
	object = jv_object_set(object, jv_string("threshold"), pp_alerting_number_or_null(one->threshold));
	object = jv_object_set(object, jv_string("base"), jv_bool(one->is_base));
	object = jv_object_set(object, jv_string("last_seen"), pp_alerting_number_or_null(one->last_seen));
	object = jv_object_set(object, jv_string("description"),
	    one->description ? jv_string(one->description) : jv_null());
	if (rule->type == PP_RULE_ANOMALY)
		object = jv_object_set(object, jv_string("history"), history_to_jv(rule, one));
	if (rule->type == PP_RULE_TREND) {
		object = jv_object_set(object, jv_string("trend_times"),
		    numbers_to_jv(one->trend_times, one->trend_count));
		object = jv_object_set(object, jv_string("trend_values"),
		    numbers_to_jv(one->trend_values, one->trend_count));
	}
	if (rule->type == PP_RULE_COMPOSITE) {
		object = jv_object_set(object, jv_string("step_end"), pp_alerting_number_or_null(one->step_end));
		object = jv_object_set(object, jv_string("condition_values"),
		    numbers_to_jv(one->condition_values, rule->condition_count));
		object = jv_object_set(object, jv_string("condition_thresholds"),
		    numbers_to_jv(one->condition_thresholds, rule->condition_count));
	}
	return object;
}

/* Whether a series carries anything beyond "inactive": a threshold-like
 * series that is inactive is made again as it was when data comes. */
static bool
worth_saving(const pp_alerting *alerting, const series *one)
{
	pp_rule_type type = alerting->rules[one->rule].type;

	return one->lifecycle.state != PP_STATE_INACTIVE ||
	    (type != PP_RULE_THRESHOLD && type != PP_RULE_RATE_LIMIT && type != PP_RULE_EXPR);
}

jv
pp_alerting_save(const pp_alerting *alerting)
{
	jv state = jv_object(), list = jv_array(), seen = jv_array();
	size_t i;

	state = jv_object_set(state, jv_string("perfpipe"), jv_string(STATE_MAGIC));
	state = jv_object_set(state, jv_string("version"), jv_number(STATE_VERSION));
	state = jv_object_set(state, jv_string("clock"), pp_alerting_number_or_null(alerting->clock));
	state = jv_object_set(state, jv_string("closed_through"),
	    pp_alerting_number_or_null(alerting->closed_through));
	for (i = 0; i < alerting->rule_count; i++)
		if (alerting->rule_has_data[i])
			seen = jv_array_append(seen, jv_string(alerting->rules[i].name));
	state = jv_object_set(state, jv_string("rules_with_data"), seen);
	for (i = 0; i < alerting->series_count; i++)
		if (worth_saving(alerting, alerting->series[i]))
			list = jv_array_append(list, series_to_jv(alerting, alerting->series[i]));
	return jv_object_set(state, jv_string("series"), list);
}

/* Reading a state: every field is checked, so that a damaged file is
 * refused with a message instead of being half believed. */
typedef struct state_reader {
	jv object;
	size_t index;
	pp_error *error;
	pp_status status;
} state_reader;

static jv
state_get(state_reader *reader, const char *field, jv_kind kind, bool nullable)
{
	jv value = jv_object_get(jv_copy(reader->object), jv_string(field));

	if (jv_get_kind(value) == kind || (nullable && jv_get_kind(value) == JV_KIND_NULL))
		return value;
	jv_free(value);
	if (reader->status == PP_OK)
		reader->status = pp_error_set(reader->error, PP_ERR_INVALID,
		    "series %zu: \"%s\" is missing or is not of type %s", reader->index + 1,
		    field, jv_kind_name(kind));
	return jv_invalid();
}

static double
state_number(state_reader *reader, const char *field)
{
	jv value = state_get(reader, field, JV_KIND_NUMBER, true);
	double number = jv_get_kind(value) == JV_KIND_NUMBER ? jv_number_value(value) : NAN;

	jv_free(value);
	return number;
}

static bool
state_flag(state_reader *reader, const char *field)
{
	jv value = jv_object_get(jv_copy(reader->object), jv_string(field));
	bool flag = jv_get_kind(value) == JV_KIND_TRUE;

	jv_free(value);
	return flag;
}

/* Reads an array of numbers (nulls are NaN) into a new block. */
static double *
state_numbers(state_reader *reader, const char *field, size_t *count)
{
	jv list = state_get(reader, field, JV_KIND_ARRAY, false);
	int i, n = jv_is_valid(list) ? jv_array_length(jv_copy(list)) : 0;
	double *values = pp_xcalloc((size_t)n + 1, sizeof(double));

	for (i = 0; i < n; i++) {
		jv item = jv_array_get(jv_copy(list), i);

		if (jv_get_kind(item) == JV_KIND_NUMBER)
			values[i] = jv_number_value(item);
		else if (jv_get_kind(item) == JV_KIND_NULL)
			values[i] = NAN;
		else if (reader->status == PP_OK)
			reader->status = pp_error_set(reader->error, PP_ERR_INVALID,
			    "series %zu: \"%s\" holds a %s", reader->index + 1, field,
			    jv_kind_name(jv_get_kind(item)));
		jv_free(item);
	}
	jv_free(list);
	*count = (size_t)n;
	return values;
}

static int
rule_index(const pp_alerting *alerting, const char *name, const char *type)
{
	size_t i;

	for (i = 0; i < alerting->rule_count; i++)
		if (strcmp(alerting->rules[i].name, name) == 0)
			return strcmp(pp_rule_type_names[alerting->rules[i].type], type) == 0 ?
			    (int)i : -1;
	return -1;
}

static void
load_lifecycle(state_reader *reader, pp_lifecycle *life)
{
	jv state = state_get(reader, "state", JV_KIND_STRING, false);
	const char *name = jv_is_valid(state) ? jv_string_value(state) : "inactive";

	life->state = strcmp(name, "firing") == 0 ? PP_STATE_FIRING :
	    strcmp(name, "pending") == 0 ? PP_STATE_PENDING : PP_STATE_INACTIVE;
	if (strcmp(name, pp_alert_state_name(life->state)) != 0 && reader->status == PP_OK)
		reader->status = pp_error_set(reader->error, PP_ERR_INVALID,
		    "series %zu: unknown state \"%s\"", reader->index + 1, name);
	jv_free(state);
	life->active_since = state_number(reader, "active_since");
	life->triggered_at = state_number(reader, "triggered_at");
	life->clear_since = state_number(reader, "clear_since");
	life->resolved_at = state_number(reader, "resolved_at");
	life->value = state_number(reader, "value");
}

static void
load_type_data(state_reader *reader, const pp_rule *rule, series *one)
{
	double *values, *times;
	size_t count, time_count, i, skip;

	if (rule->type == PP_RULE_ANOMALY) {
		values = state_numbers(reader, "history", &count);
		skip = count > rule->max_samples ? count - rule->max_samples : 0;
		for (i = skip; i < count; i++)
			if (!isnan(values[i]))	/* the history holds numbers only */
				pp_alerting_history_push(rule, one, values[i]);
		free(values);
	} else if (rule->type == PP_RULE_TREND) {
		times = state_numbers(reader, "trend_times", &time_count);
		values = state_numbers(reader, "trend_values", &count);
		if (count != time_count && reader->status == PP_OK)
			reader->status = pp_error_set(reader->error, PP_ERR_INVALID,
			    "series %zu: trend times and values differ in length", reader->index + 1);
		for (i = 0; i < count && i < time_count; i++)
			pp_alerting_trend_push(one, times[i], values[i]);
		free(times);
		free(values);
	} else if (rule->type == PP_RULE_COMPOSITE) {
		one->step_end = state_number(reader, "step_end");
		values = state_numbers(reader, "condition_values", &count);
		for (i = 0; i < rule->condition_count; i++)
			one->condition_values[i] = i < count ? values[i] : NAN;
		free(values);
		/* in the series' units; a state from before units has none:
		 * its thresholds were bare numbers */
		if (jv_object_has(jv_copy(reader->object), jv_string("condition_thresholds")))
			values = state_numbers(reader, "condition_thresholds", &count);
		else
			values = pp_xcalloc(1, sizeof(double)), count = 0;
		for (i = 0; i < rule->condition_count; i++)
			one->condition_thresholds[i] = i < count && !isnan(values[i]) ?
			    values[i] : rule->conditions[i].threshold;
		free(values);
	}
}

static void
load_series(pp_alerting *alerting, state_reader *reader)
{
	jv rule_name = state_get(reader, "rule", JV_KIND_STRING, false);
	jv type = state_get(reader, "type", JV_KIND_STRING, false);
	jv name = state_get(reader, "name", JV_KIND_STRING, false);
	jv tags_value = state_get(reader, "tags", JV_KIND_OBJECT, false);
	jv description = state_get(reader, "description", JV_KIND_STRING, true);
	pp_tags tags = PP_TAGS_INIT;
	series *one;
	int index;

	if (reader->status == PP_OK &&
	    pp_tags_from_jv(tags_value, &tags, reader->error) != PP_OK) {
		char problem[sizeof(reader->error->message)];

		snprintf(problem, sizeof(problem), "%s", reader->error->message);
		reader->status = pp_error_set(reader->error, PP_ERR_INVALID, "series %zu: %s",
		    reader->index + 1, problem);
	}
	if (reader->status == PP_OK &&
	    (index = rule_index(alerting, jv_string_value(rule_name), jv_string_value(type))) >= 0) {
		one = pp_alerting_series_get(alerting, (size_t)index, jv_string_value(name), &tags);
		load_lifecycle(reader, &one->lifecycle);
		one->threshold = state_number(reader, "threshold");
		one->last_seen = state_number(reader, "last_seen");
		one->is_base = state_flag(reader, "base");
		if (jv_get_kind(description) == JV_KIND_STRING) {
			free(one->description);	/* a series listed twice */
			one->description = pp_strndup(jv_string_value(description),
			    (size_t)jv_string_length_bytes(jv_copy(description)));
		}
		load_type_data(reader, &alerting->rules[index], one);
	}
	pp_tags_free(&tags);
	jv_free(rule_name);
	jv_free(type);
	jv_free(name);
	jv_free(tags_value);
	jv_free(description);
}

static pp_status
load_header(pp_alerting *alerting, jv state, pp_error *error)
{
	jv magic = jv_object_get(jv_copy(state), jv_string("perfpipe"));
	jv version = jv_object_get(jv_copy(state), jv_string("version"));
	jv clock = jv_object_get(jv_copy(state), jv_string("clock"));
	jv closed = jv_object_get(jv_copy(state), jv_string("closed_through"));
	pp_status status = PP_OK;

	if (jv_get_kind(magic) != JV_KIND_STRING || strcmp(jv_string_value(magic), STATE_MAGIC) != 0)
		status = pp_error_set(error, PP_ERR_INVALID, "not a perf-alert state file");
	else if (jv_get_kind(version) != JV_KIND_NUMBER ||
	    jv_number_value(version) != STATE_VERSION)
		status = pp_error_set(error, PP_ERR_INVALID,
		    "a perf-alert state file of another version (this one reads version %d)",
		    STATE_VERSION);
	else if ((jv_get_kind(clock) != JV_KIND_NUMBER && jv_get_kind(clock) != JV_KIND_NULL) ||
	    (jv_get_kind(closed) != JV_KIND_NUMBER && jv_get_kind(closed) != JV_KIND_NULL))
		status = pp_error_set(error, PP_ERR_INVALID, "\"clock\" is not a number");
	else {
		alerting->clock = jv_get_kind(clock) == JV_KIND_NUMBER ? jv_number_value(clock) : NAN;
		alerting->closed_through = jv_get_kind(closed) == JV_KIND_NUMBER ?
		    jv_number_value(closed) : NAN;
	}
	jv_free(magic);
	jv_free(version);
	jv_free(clock);
	jv_free(closed);
	return status;
}

static void
load_rules_with_data(pp_alerting *alerting, jv state)
{
	jv seen = jv_object_get(jv_copy(state), jv_string("rules_with_data"));
	int i, n = jv_get_kind(seen) == JV_KIND_ARRAY ? jv_array_length(jv_copy(seen)) : 0;
	size_t r;

	for (i = 0; i < n; i++) {
		jv name = jv_array_get(jv_copy(seen), i);

		for (r = 0; r < alerting->rule_count; r++)
			if (jv_get_kind(name) == JV_KIND_STRING &&
			    strcmp(alerting->rules[r].name, jv_string_value(name)) == 0)
				alerting->rule_has_data[r] = true;
		jv_free(name);
	}
	jv_free(seen);
}

pp_status
pp_alerting_load(pp_alerting *alerting, jv state, pp_error *error)
{
	jv list;
	state_reader reader = {jv_null(), 0, error, PP_OK};
	int i, n;

	if (jv_get_kind(state) != JV_KIND_OBJECT) {
		jv_free(state);
		return pp_error_set(error, PP_ERR_INVALID, "not a perf-alert state file");
	}
	if ((reader.status = load_header(alerting, state, error)) != PP_OK) {
		jv_free(state);
		return reader.status;
	}
	list = jv_object_get(jv_copy(state), jv_string("series"));
	if (jv_get_kind(list) != JV_KIND_ARRAY)
		reader.status = pp_error_set(error, PP_ERR_INVALID, "\"series\" is not an array");
	n = reader.status == PP_OK ? jv_array_length(jv_copy(list)) : 0;
	for (i = 0; i < n && reader.status == PP_OK; i++) {
		reader.object = jv_array_get(jv_copy(list), i);
		reader.index = (size_t)i;
		if (jv_get_kind(reader.object) != JV_KIND_OBJECT)
			reader.status = pp_error_set(error, PP_ERR_INVALID,
			    "series %d is not an object", i + 1);
		else
			load_series(alerting, &reader);
		jv_free(reader.object);
	}
	if (reader.status == PP_OK)
		load_rules_with_data(alerting, state);
	jv_free(list);
	jv_free(state);
	return reader.status;
}
