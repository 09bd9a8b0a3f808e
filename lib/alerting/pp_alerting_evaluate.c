/*
 * pp_alerting_evaluate.c - evaluating rules, one function per rule type:
 * threshold and rate limit, expr (a jq program), anomaly (robust z-score
 * over a bounded history), trend (relative change over a window),
 * composite and absent (over a whole time step, when it closes) and the
 * silence after anomaly findings.  Each fills an evaluation (value, holds,
 * clear and the built-in detail sentence) and hands it to
 * pp_alerting_advance, which steps the lifecycle.
 */
#include "pp_alerting_private.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jq.h>

#include "pp_alert_score.h"
#include "pp_aggregate.h"
#include "pp_alert_text.h"
#include "pp_buffer.h"
#include "pp_duration.h"
#include "pp_people.h"
#include "pp_time.h"

/* ---- reading records ---- */

/* The aggregate's value of stat: lib's one lookup. */
double
pp_alerting_stat_of(jv record, const char *stat)
{
	return pp_aggregate_record_stat(record, stat);
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

bool
pp_alerting_condition_matches(const pp_condition *condition, const char *name, const pp_tags *tags)
{
	return fnmatch(condition->metric, name, 0) == 0 && tags_contain(tags, &condition->where);
}

static void
compare_value(const pp_rule *rule, double value, double threshold, double resolve,
    evaluation *found)
{
	found->value = value;
	found->holds = pp_op_holds(rule->condition.op, value, threshold);
	found->clear = rule->has_resolve_threshold ?
	    !pp_op_holds(rule->condition.op, value, resolve) : !found->holds;
}

/* A string field of the record, or NULL. */
static const char *
string_field(jv record, const char *field, jv *holder)
{
	*holder = jv_object_get(jv_copy(record), jv_string(field));
	return jv_get_kind(*holder) == JV_KIND_STRING ? jv_string_value(*holder) : NULL;
}

/* The unit of stat's values in record (pp_unit_of_stat), into out. */
static void
stat_unit_of(jv record, const char *stat, char *out, size_t size)
{
	jv unit_value, type_value;

	pp_unit_of_stat(string_field(record, "unit", &unit_value),
	    string_field(record, "type", &type_value), stat, out, size);
	jv_free(unit_value);
	jv_free(type_value);
}

/* A threshold written with a unit ("300ms") in the unit of the record's
 * stat; the number itself when written bare.  PP_ERR_CONFIG naming the
 * rule, the series, the stat and both units when they do not fit. */
static pp_status
threshold_for(const pp_rule *rule, const char *stat, double threshold, const char *unit,
    jv record, const char *name, double *out, pp_error *error)
{
	jv unit_value, type_value;
	pp_error unit_error;
	pp_status status;

	if (unit[0] == '\0') {
		*out = threshold;
		return PP_OK;
	}
	status = pp_rule_threshold_in(stat, threshold, unit,
	    string_field(record, "unit", &unit_value), string_field(record, "type", &type_value),
	    out, &unit_error);
	jv_free(unit_value);
	jv_free(type_value);
	if (status != PP_OK)
		return pp_error_set(error, PP_ERR_CONFIG, "rule \"%s\": %s %s: %s", rule->name,
		    name, stat, unit_error.message);
	return PP_OK;
}

static pp_status
evaluate_threshold(const pp_rule *rule, jv record, series *one, evaluation *found,
    bool *evaluated, pp_error *error)
{
	double value = pp_alerting_stat_of(record, rule->condition.stat);
	double threshold, resolve = rule->resolve_threshold;
	pp_status status;

	*evaluated = false;
	if (isnan(value))
		return PP_OK;
	if ((status = threshold_for(rule, rule->condition.stat, rule->condition.threshold,
	    rule->condition.unit, record, one->name, &threshold, error)) != PP_OK ||
	    (rule->has_resolve_threshold && (status = threshold_for(rule, rule->condition.stat,
	    rule->resolve_threshold, rule->resolve_unit, record, one->name, &resolve,
	    error)) != PP_OK))
		return status;
	one->threshold = threshold;
	stat_unit_of(record, rule->condition.stat, one->value_unit, sizeof(one->value_unit));
	compare_value(rule, value, threshold, resolve, found);
	pp_alert_text_series_name(&found->detail, one->name, &one->tags);
	pp_buffer_printf(&found->detail, " %s is ", rule->condition.stat);
	pp_people_stat_value(&found->detail, value, one->value_unit);
	pp_buffer_printf(&found->detail, ", threshold %s ", pp_op_names[rule->condition.op]);
	pp_people_stat_value(&found->detail, threshold, one->value_unit);
	if (rule->has_resolve_threshold) {
		pp_buffer_append_string(&found->detail, ", clear at ");
		pp_people_stat_value(&found->detail, resolve, one->value_unit);
	}
	*evaluated = true;
	return PP_OK;
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
		compare_value(rule, jv_number_value(result), rule->condition.threshold,
		    rule->resolve_threshold, found);
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
	pp_alert_text_series_name(&found->detail, one->name, &one->tags);
	pp_buffer_printf(&found->detail, ": %s gives ", rule->expr);
	one->value_unit[0] = '\0';	/* a jq program's number has no unit */
	pp_people_number(&found->detail, found->value);
	return status;
}

static bool
evaluate_anomaly(pp_alerting *alerting, const pp_rule *rule, jv record, series *one,
    evaluation *found)
{
	double value = pp_alerting_stat_of(record, rule->condition.stat);
	double limit = pp_normal_quantile((1 + rule->sensitivity) / 2);
	char unit[PP_STAT_UNIT_SIZE];
	bool scored = false;

	if (isnan(value))
		return false;
	if (one->history_count >= rule->min_samples) {
		found->value = pp_robust_z(one->history, one->history_count, value,
		    alerting->scratch, &found->expected);
		found->holds = fabs(found->value) > limit;
		found->clear = !found->holds;
		one->threshold = limit;
		snprintf(one->value_unit, sizeof(one->value_unit), "1");	/* a z-score */
		stat_unit_of(record, rule->condition.stat, unit, sizeof(unit));
		pp_alert_text_series_name(&found->detail, one->name, &one->tags);
		pp_buffer_printf(&found->detail, " %s is ", rule->condition.stat);
		pp_people_stat_value(&found->detail, value, unit);
		pp_buffer_append_string(&found->detail, " against a median of ");
		pp_people_stat_value(&found->detail, found->expected, unit);
		pp_buffer_append_string(&found->detail, ": robust z-score ");
		pp_people_number(&found->detail, found->value);
		pp_buffer_append_string(&found->detail, ", limit ");
		pp_people_number(&found->detail, limit);
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

static bool
evaluate_trend(const pp_rule *rule, jv record, double time, series *one,
    evaluation *found)
{
	double value = pp_alerting_stat_of(record, rule->condition.stat), change;
	char window[64], unit[PP_STAT_UNIT_SIZE];

	if (isnan(value))
		return false;
	trend_trim(one, time, rule->window);
	pp_alerting_trend_push(one, time, value);
	if (one->trend_count < 2 || one->trend_times[0] > time - rule->window)
		return false;	/* the window is not covered yet */
	change = pp_relative_change(one->trend_values[0], value);
	if (isnan(change))
		return false;
	compare_value(rule, change, rule->condition.threshold, rule->resolve_threshold, found);
	found->expected = one->trend_values[0];
	pp_duration_format(time - one->trend_times[0], window, sizeof(window));
	pp_alert_text_series_name(&found->detail, one->name, &one->tags);
	pp_buffer_printf(&found->detail, " %s went from ", rule->condition.stat);
	stat_unit_of(record, rule->condition.stat, unit, sizeof(unit));
	pp_people_stat_value(&found->detail, one->trend_values[0], unit);
	pp_buffer_append_string(&found->detail, " to ");
	pp_people_stat_value(&found->detail, value, unit);
	pp_buffer_printf(&found->detail, " in %s: a change of ", window);
	snprintf(one->value_unit, sizeof(one->value_unit), "ratio");	/* the change */
	pp_people_stat_value(&found->detail, change, one->value_unit);
	pp_buffer_printf(&found->detail, ", threshold %s ", pp_op_names[rule->condition.op]);
	pp_people_stat_value(&found->detail, rule->condition.threshold, one->value_unit);
	return true;
}

/* Composite: records the value of each condition the record matches, and
 * its threshold in the record's unit, for the step that ends at time; the
 * rule is evaluated when the step closes. */
static pp_status
collect_composite(pp_alerting *alerting, size_t index, jv record, const char *name,
    const pp_tags *tags, double time, pp_error *error)
{
	const pp_rule *rule = &alerting->rules[index];
	pp_tags group = PP_TAGS_INIT;
	size_t i;

	/* A late record of a step already evaluated cannot change it. */
	if (!isnan(alerting->closed_through) && time <= alerting->closed_through)
		return PP_OK;
	for (i = 0; i < rule->condition_count; i++) {
		const pp_condition *condition = &rule->conditions[i];
		double value, threshold;
		series *one;
		size_t j;

		if (!pp_alerting_condition_matches(condition, name, tags))
			continue;
		if (isnan(value = pp_alerting_stat_of(record, condition->stat))) {
			if (alerting->stat_found[index] == 0)
				alerting->stat_found[index] = 1;
			continue;
		}
		alerting->stat_found[index] = 2;
		if (threshold_for(rule, condition->stat, condition->threshold, condition->unit,
		    record, name, &threshold, error) != PP_OK) {
			pp_tags_free(&group);
			return PP_ERR_CONFIG;
		}
		pp_tags_select(tags, (const char *const *)rule->by, rule->by_count, &group);
		one = pp_alerting_series_get(alerting, index, rule->conditions[0].metric, &group);
		if (one->step_end != time) {
			for (j = 0; j < rule->condition_count; j++)
				one->condition_values[j] = NAN;
			one->step_end = time;
		}
		one->condition_values[i] = value;
		one->condition_thresholds[i] = threshold;
		stat_unit_of(record, condition->stat, one->condition_units[i],
		    sizeof(one->condition_units[i]));
		if (i == 0) {
			one->threshold = threshold;
			memcpy(one->value_unit, one->condition_units[0], sizeof(one->value_unit));
		}
	}
	pp_tags_free(&group);
	return PP_OK;
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
		double threshold = isnan(value) ? condition->threshold : one->condition_thresholds[i];
		bool holds = pp_op_holds(condition->op, value, threshold);

		held += holds;
		if (i == 0)
			found.value = value;
		pp_buffer_printf(&found.detail, "%s%s %s ", i ? (rule->all ? " and " : " or ") : "",
		    condition->metric, condition->stat);
		if (isnan(value))
			pp_buffer_append_string(&found.detail, "has no data");
		else
			pp_people_stat_value(&found.detail, value, one->condition_units[i]);
		pp_buffer_printf(&found.detail, " (%s ", pp_op_names[condition->op]);
		pp_people_stat_value(&found.detail, threshold, one->condition_units[i]);
		pp_buffer_append_char(&found.detail, ')');
	}
	found.holds = rule->all ? held == rule->condition_count : held > 0;
	found.clear = !found.holds;
	one->step_end = NAN;
	pp_alerting_advance(alerting, one, time, &found, alerts);
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
	snprintf(one->value_unit, sizeof(one->value_unit), "s");	/* the silence */
	pp_duration_format(found.value, silence, sizeof(silence));
	pp_duration_format(rule->window, window, sizeof(window));
	if (found.holds) {
		pp_buffer_append_string(&found.detail, "no data for ");
		pp_alert_text_series_name(&found.detail, one->name, &one->tags);
		pp_buffer_printf(&found.detail, " for %s, limit %s", silence, window);
	} else {
		pp_alert_text_series_name(&found.detail, one->name, &one->tags);
		pp_buffer_printf(&found.detail, " has data again (limit %s)", window);
	}
	pp_alerting_advance(alerting, one, time, &found, alerts);
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
	pp_alert_text_series_name(&found.detail, one->name, &one->tags);
	pp_time_format_rfc3339(one->last_seen, since, sizeof(since));
	pp_buffer_printf(&found.detail, ": no anomaly finding since %s", since);
	pp_alerting_advance(alerting, one, time, &found, alerts);
}

void
pp_alerting_close_step(pp_alerting *alerting, double time, jv *alerts)
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

pp_status
pp_alerting_evaluate_rule(pp_alerting *alerting, size_t index, jv record, const char *name,
    const pp_tags *tags, double time, jv *alerts, pp_error *error)
{
	const pp_rule *rule = &alerting->rules[index];
	evaluation found = {NAN, false, true, NAN, PP_BUFFER_INIT};
	pp_status status = PP_OK;
	bool evaluated = false;
	series *one;

	if (rule->type == PP_RULE_COMPOSITE)
		return collect_composite(alerting, index, record, name, tags, time, error);
	if (!pp_alerting_condition_matches(&rule->condition, name, tags))
		return PP_OK;
	if (rule->type == PP_RULE_ABSENT) {
		note_presence(alerting, index, name, tags, time);
		return PP_OK;
	}
	if (rule->type == PP_RULE_EXPR)
		alerting->stat_found[index] = 2;
	else {
		bool has_stat = !isnan(pp_alerting_stat_of(record, rule->condition.stat));

		if (has_stat || alerting->stat_found[index] == 0)
			alerting->stat_found[index] = has_stat ? 2 : 1;
	}
	one = pp_alerting_series_get(alerting, index, name, tags);
	switch (rule->type) {
	case PP_RULE_THRESHOLD:
	case PP_RULE_RATE_LIMIT:
		status = evaluate_threshold(rule, record, one, &found, &evaluated, error);
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
		pp_alerting_advance(alerting, one, time, &found, alerts);
	pp_buffer_free(&found.detail);
	return status;
}
