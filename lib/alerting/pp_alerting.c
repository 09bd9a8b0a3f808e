/*
 * pp_alerting.c - the rule engine: creating it (compiling expr rules),
 * feeding it records in event time, closing time steps, and turning the
 * lifecycle's transitions into alert records.  See pp_alerting.h.
 *
 * The series table is in pp_alerting_series.c, the evaluation of each
 * rule type in pp_alerting_evaluate.c, the sentences of an alert in
 * pp_alert_text.c and saving and loading in pp_alerting_state.c.
 */
#include "pp_alerting.h"
#include "pp_alerting_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jq.h>

#include "pp_aggregate.h"
#include "pp_alert_score.h"
#include "pp_alert_text.h"
#include "pp_buffer.h"
#include "pp_lifecycle.h"
#include "pp_time.h"

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
		pp_alerting_series_free(alerting->series[i]);
	free(alerting->series);
	pp_series_table_free(&alerting->table, NULL);
	free(alerting->scratch);
	pp_buffer_free(&alerting->key);
	free(alerting);
}

/* A time field in either form (pp_aggregate_time), or NAN. */
static double
time_field(jv record, const char *field)
{
	double seconds;

	return pp_aggregate_time(record, field, &seconds, NULL) == PP_OK ? seconds : NAN;
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
	record = jv_object_set(record, jv_string("id"), pp_alerting_series_id(rule, one));
	record = jv_object_set(record, jv_string("rule"), jv_string(rule->name));
	record = jv_object_set(record, jv_string("name"), jv_string(one->name));
	record = jv_object_set(record, jv_string("tags"), pp_tags_to_jv(&one->tags));
	record = jv_object_set(record, jv_string("alert_type"),
	    jv_string(pp_alert_type_names[rule->alert_type]));
	record = jv_object_set(record, jv_string("severity"),
	    jv_string(pp_severity_names[rule->severity]));
	record = jv_object_set(record, jv_string("state"), jv_string(state));
	if (one->value_unit[0] != '\0')
		record = jv_object_set(record, jv_string("unit"), jv_string(one->value_unit));
	record = jv_object_set(record, jv_string("threshold"), pp_alerting_number_or_null(one->threshold));
	record = jv_object_set(record, jv_string("current_value"), pp_alerting_number_or_null(life->value));
	record = jv_object_set(record, jv_string("triggered_at"),
	    pp_alerting_number_or_null(pending ? life->active_since : life->triggered_at));
	record = jv_object_set(record, jv_string("resolved_at"),
	    resolved ? pp_alerting_number_or_null(life->resolved_at) : jv_null());
	record = jv_object_set(record, jv_string("description"), jv_string(description));
	return jv_object_set(record, jv_string("suggested_actions"), pp_alert_text_actions(rule));
}

/* Steps the series' lifecycle and appends a record for a transition. */
void
pp_alerting_advance(pp_alerting *alerting, series *one, double time, evaluation *found, jv *alerts)
{
	static const char *const states[] = {NULL, "pending", "firing", "resolved"};
	const pp_rule *rule = &alerting->rules[one->rule];
	pp_transition transition;
	pp_buffer description = PP_BUFFER_INIT;

	transition = pp_lifecycle_step(&one->lifecycle, time, found->value, found->holds,
	    found->clear, rule->for_seconds, rule->keep_firing_for);
	if (transition != PP_TRANSITION_NONE) {
		if (rule->description != NULL)
			pp_alert_text_description(&description, rule, one);
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

static pp_status
feed_aggregate(pp_alerting *alerting, jv record, jv *alerts, pp_error *error)
{
	jv name = jv_object_get(jv_copy(record), jv_string("name"));
	jv tags_value = jv_object_get(jv_copy(record), jv_string("tags"));
	double end;
	pp_tags tags = PP_TAGS_INIT;
	pp_status status = pp_aggregate_time(record, "end", &end, error), rule_status;
	size_t i;

	/* a whole-input aggregate without a time is judged at the latest
	 * time seen */
	if (status == PP_OK && isnan(end))
		end = alerting->clock;
	if (status != PP_OK)
		;
	else if (jv_get_kind(name) != JV_KIND_STRING)
		status = pp_error_set(error, PP_ERR_INVALID, "an aggregate needs a \"name\" string");
	else if (!isfinite(end))
		status = pp_error_set(error, PP_ERR_INVALID, "an aggregate without \"end\" "
		    "(the whole input) before any with one: no time to judge it at");
	else if (jv_is_valid(tags_value) && jv_get_kind(tags_value) != JV_KIND_NULL &&
	    pp_tags_from_jv(tags_value, &tags, error) != PP_OK)
		status = PP_ERR_INVALID;
	if (status == PP_OK) {
		if (isnan(alerting->clock))
			start_clock(alerting, end);
		else if (end > alerting->clock) {
			pp_alerting_close_step(alerting, alerting->clock, alerts);
			alerting->clock = end;
		}
		for (i = 0; i < alerting->rule_count; i++) {
			rule_status = pp_alerting_evaluate_rule(alerting, i, record, jv_string_value(name),
			    &tags, end, alerts, error);
			if (rule_status == PP_ERR_CONFIG) {
				status = rule_status;	/* the run must stop: say why */
				break;
			}
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
	double time = time_field(record, "ts"), score = pp_alerting_stat_of(record, "score");
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
			    !pp_alerting_condition_matches(&rule->condition, jv_string_value(name), &tags)) {
				jv_free(message);
				continue;
			}
			alerting->stat_found[i] = 2;
			one = pp_alerting_series_get(alerting, i, jv_string_value(name), &tags);
			one->last_seen = time;
			one->threshold = pp_normal_quantile((1 + rule->sensitivity) / 2);
			snprintf(one->value_unit, sizeof(one->value_unit), "1");	/* a score */
			pp_buffer_append_string(&found.detail, jv_get_kind(message) ==
			    JV_KIND_STRING ? jv_string_value(message) : "anomaly finding");
			jv_free(message);
			pp_alerting_advance(alerting, one, time, &found, alerts);
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
		pp_alerting_close_step(alerting, alerting->clock, alerts);
		alerting->clock = end;
	}
	jv_free(kind);
}

void
pp_alerting_flush(pp_alerting *alerting, jv *alerts)
{
	pp_alerting_close_step(alerting, alerting->clock, alerts);
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
