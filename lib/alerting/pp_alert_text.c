/*
 * pp_alert_text.c - the sentences of an alert that a user reads: numbers
 * and series names for people, a rule's description with its placeholders
 * filled in, and the suggested actions.  See pp_alert_text.h.
 *
 * Every sentence the rule engine puts in an alert's "description" or
 * "suggested_actions" is written here or with these helpers, so that the
 * wording is changed in one place.
 */
#include "pp_alert_text.h"

#include <math.h>
#include <string.h>

#include "pp_json.h"

/* ---- descriptions ---- */

/* A number for people: six significant digits (0.166667, 660.08), whole
 * and large numbers in full (1764057600). */
void
pp_alert_text_number(pp_buffer *out, double value)
{
	if (isinf(value))
		pp_buffer_append_string(out, value > 0 ? "inf" : "-inf");
	else if (value == floor(value) || fabs(value) >= 1e5 || isnan(value))
		pp_json_write_number(out, value);
	else
		pp_buffer_printf(out, "%.6g", value);
}

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
 * and {rule} replaced. */
void
pp_alert_text_description(pp_buffer *out, const pp_rule *rule, const series *one)
{
	const char *p = rule->description;

	while (*p != '\0') {
		if (strncmp(p, "{value}", 7) == 0) {
			pp_alert_text_number(out, one->lifecycle.value);
			p += 7;
		} else if (strncmp(p, "{threshold}", 11) == 0) {
			pp_alert_text_number(out, one->threshold);
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
