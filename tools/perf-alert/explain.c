/*
 * explain.c - attribution findings copied into the alerts they explain.
 * See explain.h.
 *
 * Everything is kept in jv objects keyed by strings: the episodes by
 * metric and stat, the alerts by their id.  Lookups of the rule of an
 * alert are linear over the rules, which are few.
 */
#include "explain.h"

#include <math.h>
#include <string.h>

#include "pp_aggregate.h"
#include "pp_record.h"

/* The fields of a finding an explanation carries (not its breakdown, which
 * stays in the finding). */
static const char *const explanation_fields[] = {
	"message", "stat", "dimension", "values", "explanatory_power", "surprise",
	"before", "after", "threshold", "since", "ts", "until", "rank",
};

void
explain_init(explainer *explain, const alert_options *options)
{
	explain->options = options;
	explain->episodes = jv_object();
	explain->waiting = jv_object();
	explain->given = jv_object();
}

void
explain_free(explainer *explain)
{
	jv_free(explain->episodes);
	jv_free(explain->waiting);
	jv_free(explain->given);
}

static bool
string_is(jv record, const char *key, const char *text)
{
	const char *value = pp_aggregate_string(record, key);

	return value != NULL && strcmp(value, text) == 0;
}

/* A status that perf-analyze counts as an error. */
static bool
is_error_status(const char *status)
{
	return status != NULL && (strcmp(status, "error") == 0 ||
	    (status[0] == '5' && strlen(status) == 3));
}

/* The attribution stat whose findings explain alerts of rule: "p95",
 * "error_rate", or NULL (a rule no attribution is about). */
static const char *
rule_measure(const pp_rule *rule)
{
	const pp_condition *condition = &rule->condition;

	if ((rule->type != PP_RULE_THRESHOLD && rule->type != PP_RULE_RATE_LIMIT &&
	    rule->type != PP_RULE_ANOMALY && rule->type != PP_RULE_TREND) ||
	    condition->stat == NULL)
		return NULL;
	if (strcmp(condition->stat, "p95") == 0)
		return "p95";
	if (strcmp(condition->stat, "ratio") == 0)
		return "error_rate";
	if ((strcmp(condition->stat, "count") == 0 || strcmp(condition->stat, "rate") == 0) &&
	    is_error_status(pp_tags_get(&condition->where, "status")))
		return "error_rate";
	return NULL;
}

/* "name\x1fstat": the episode key of a metric and a stat. */
static jv
episode_key(const char *name, const char *stat)
{
	return jv_string_fmt("%s\x1f%s", name, stat);
}

/* The episode key an alert's explanation would have, or jv_invalid() when
 * its rule is not one an attribution is about. */
static jv
alert_key(const explainer *explain, jv alert)
{
	const char *rule = pp_aggregate_string(alert, "rule");
	const char *name = pp_aggregate_string(alert, "name");
	const char *measure = NULL;
	size_t i;

	if (rule == NULL || name == NULL)
		return jv_invalid();
	for (i = 0; i < explain->options->rule_count && measure == NULL; i++)
		if (strcmp(explain->options->rules[i].name, rule) == 0)
			measure = rule_measure(&explain->options->rules[i]);
	return measure != NULL ? episode_key(name, measure) : jv_invalid();
}

/* Whether finding explains alert, its key being already known to match:
 * its episode covers the time the alert fired, and the alert's series,
 * if it has the dimension's tag, has one of the blamed values. */
static bool
fits(jv finding, jv alert)
{
	double fired = pp_record_number(alert, "triggered_at");
	double since = pp_record_number(finding, "ts"), until = pp_record_number(finding, "until");
	const char *dimension = pp_aggregate_string(finding, "dimension");
	jv tags, value, values;
	bool fit = true;
	int i, n;

	if (isnan(fired) || isnan(since) || fired < since || fired > until ||
	    dimension == NULL)
		return false;
	tags = jv_object_get(jv_copy(alert), jv_string("tags"));
	value = jv_get_kind(tags) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(tags), jv_string(dimension)) : jv_invalid();
	if (jv_get_kind(value) == JV_KIND_STRING) {
		values = jv_object_get(jv_copy(finding), jv_string("values"));
		fit = false;
		n = jv_get_kind(values) == JV_KIND_ARRAY ? jv_array_length(jv_copy(values)) : 0;
		for (i = 0; i < n && !fit; i++)
			fit = jv_equal(jv_array_get(jv_copy(values), i), jv_copy(value));
		jv_free(values);
	}
	jv_free(value);
	jv_free(tags);
	return fit;
}

/* The explanation object of a finding (borrowed). */
static jv
explanation_of(jv finding)
{
	jv explanation = jv_object();
	size_t i;

	for (i = 0; i < sizeof(explanation_fields) / sizeof(*explanation_fields); i++) {
		jv value = jv_object_get(jv_copy(finding), jv_string(explanation_fields[i]));

		if (jv_is_valid(value))
			explanation = jv_object_set(explanation, jv_string(explanation_fields[i]), value);
		else
			jv_free(value);
	}
	return explanation;
}

/* The best ranked finding of episode (borrowed) that explains alert, as an
 * explanation, or jv_invalid(). */
static jv
best_fit(jv episode, jv alert)
{
	jv best = jv_invalid();
	double best_rank = INFINITY;
	int i, n = jv_array_length(jv_copy(episode));

	for (i = 0; i < n; i++) {
		jv finding = jv_array_get(jv_copy(episode), i);
		double rank = pp_record_number(finding, "rank");

		if (isnan(rank))
			rank = HUGE_VAL;
		if (fits(finding, alert) && (!jv_is_valid(best) || rank < best_rank)) {
			jv_free(best);
			best = explanation_of(finding);
			best_rank = rank;
		}
		jv_free(finding);
	}
	return best;
}

/* alert (consumed) with explanation (consumed) added; the alert is no
 * longer waiting, and its later records get the same explanation until it
 * resolves. */
static jv
attach(explainer *explain, jv id, jv alert, jv explanation)
{
	explain->waiting = jv_object_delete(explain->waiting, jv_copy(id));
	if (string_is(alert, "state", "resolved"))
		explain->given = jv_object_delete(explain->given, id);
	else
		explain->given = jv_object_set(explain->given, id, jv_copy(explanation));
	return jv_object_set(alert, jv_string("explanation"), explanation);
}

jv
explain_alert(explainer *explain, jv alert)
{
	const char *text = pp_aggregate_string(alert, "id");
	jv id, key, explanation, episode;

	if (text == NULL)
		return alert;
	id = jv_string(text);
	key = alert_key(explain, alert);
	if (!jv_is_valid(key)) {
		jv_free(id);
		jv_free(key);
		return alert;
	}
	explanation = jv_object_get(jv_copy(explain->given), jv_copy(id));
	if (!jv_is_valid(explanation)) {
		jv_free(explanation);
		episode = jv_object_get(jv_copy(explain->episodes), jv_copy(key));
		explanation = jv_is_valid(episode) ? best_fit(episode, alert) : jv_invalid();
		jv_free(episode);
	}
	jv_free(key);
	if (jv_is_valid(explanation))
		return attach(explain, id, alert, explanation);
	jv_free(explanation);
	explain->waiting = jv_object_set(explain->waiting, id, jv_copy(alert));
	return alert;
}

/* Keeps finding (borrowed) in the findings of the latest episode of key
 * (consumed): a later episode replaces them, one finding per dimension. */
static void
keep_episode(explainer *explain, jv key, jv finding)
{
	jv episode = jv_object_get(jv_copy(explain->episodes), jv_copy(key));
	double ts = pp_record_number(finding, "ts"), kept;
	int i, n;

	if (!jv_is_valid(episode) || jv_array_length(jv_copy(episode)) == 0) {
		jv_free(episode);
		episode = jv_array();
	}
	n = jv_array_length(jv_copy(episode));
	kept = -INFINITY;
	if (n > 0) {
		jv first = jv_array_get(jv_copy(episode), 0);

		kept = pp_record_number(first, "ts");
		jv_free(first);
	}
	if (ts < kept) {
		jv_free(episode);
		jv_free(key);
		return;
	}
	if (ts > kept) {
		jv_free(episode);
		episode = jv_array();
		n = 0;
	}
	for (i = 0; i < n; i++) {
		jv other = jv_array_get(jv_copy(episode), i);
		bool same = jv_equal(jv_object_get(jv_copy(other), jv_string("dimension")),
		    jv_object_get(jv_copy(finding), jv_string("dimension")));

		jv_free(other);
		if (same)
			break;
	}
	episode = jv_array_set(episode, i, jv_copy(finding));
	explain->episodes = jv_object_set(explain->episodes, key, episode);
}

jv
explain_firing(explainer *explain, jv firing)
{
	jv out = jv_array();
	int i, n = jv_array_length(jv_copy(firing));

	for (i = 0; i < n; i++) {
		jv alert = jv_array_get(jv_copy(firing), i);
		const char *id = pp_aggregate_string(alert, "id");
		jv explanation = id != NULL ?
		    jv_object_get(jv_copy(explain->given), jv_string(id)) : jv_invalid();

		if (jv_is_valid(explanation))
			alert = jv_object_set(alert, jv_string("explanation"), explanation);
		else
			jv_free(explanation);
		out = jv_array_append(out, alert);
	}
	jv_free(firing);
	return out;
}

void
explain_finding(explainer *explain, jv finding, jv *again)
{
	const char *name = pp_aggregate_string(finding, "name");
	const char *stat = pp_aggregate_string(finding, "stat");
	jv key, ids;
	int i, n;

	if (!string_is(finding, "type", "attribution") || name == NULL || stat == NULL ||
	    isnan(pp_record_number(finding, "ts")))
		return;
	key = episode_key(name, stat);
	ids = jv_keys(jv_copy(explain->waiting));
	n = jv_array_length(jv_copy(ids));
	for (i = 0; i < n; i++) {
		jv id = jv_array_get(jv_copy(ids), i);
		jv alert = jv_object_get(jv_copy(explain->waiting), jv_copy(id));
		jv its_key = alert_key(explain, alert);

		if (jv_equal(its_key, jv_copy(key)) && fits(finding, alert))
			*again = jv_array_append(*again,
			    attach(explain, id, alert, explanation_of(finding)));
		else {
			jv_free(id);
			jv_free(alert);
		}
	}
	jv_free(ids);
	keep_episode(explain, key, finding);
}
