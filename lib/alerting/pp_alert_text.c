/*
 * pp_alert_text.c - the sentences of an alert that a user reads: series
 * names for people (numbers are lib's pp_people.h), a rule's description with its placeholders
 * filled in, and the suggested actions.  See pp_alert_text.h.
 *
 * Every sentence the rule engine puts in an alert's "description" or
 * "suggested_actions" is written here or with these helpers, so that the
 * wording is changed in one place.
 */
#include "pp_alert_text.h"

#include <string.h>

#include "pp_people.h"

/* ---- descriptions ---- */

void
pp_alert_text_series_name(pp_buffer *out, const char *name, const pp_tags *tags)
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
 * and {rule} replaced; the value and threshold for people, in the unit of
 * the stat compared ("12.7%", "1.23 s"), as the built-in sentences write
 * them.  The record's current_value and threshold keep the exact numbers. */
void
pp_alert_text_description(pp_buffer *out, const pp_rule *rule, const series *one)
{
	const char *p = rule->description;

	while (*p != '\0') {
		if (strncmp(p, "{value}", 7) == 0) {
			pp_people_stat_value(out, one->lifecycle.value, one->value_unit);
			p += 7;
		} else if (strncmp(p, "{threshold}", 11) == 0) {
			pp_people_stat_value(out, one->threshold, one->value_unit);
			p += 11;
		} else if (strncmp(p, "{metric}", 8) == 0) {
			pp_buffer_append_string(out, one->name);
			p += 8;
		} else if (strncmp(p, "{tags}", 6) == 0) {
			pp_alert_text_series_name(out, "", &one->tags);
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

jv
pp_alert_text_actions(const pp_rule *rule)
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
