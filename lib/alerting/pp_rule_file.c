/*
 * pp_rule_file.c - parsing a JSON rules file ({"rules":[...]}) into rules
 * (pp_rules_parse).  See pp_rule.h.
 *
 * The file parser walks each rule object once, field by field, through a
 * table of the fields each type accepts; anything else is refused by name.
 * Defaults are filled in first so that a rule is complete whatever the
 * file left out.
 */
#include "pp_rule.h"
#include "pp_rule_private.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_duration.h"

/* Where a message about a rule starts: "rule 2 \"name\": ". */
typedef struct rule_context {
	size_t index;
	const char *name;
	pp_error *error;
} rule_context;

static pp_status
rule_error(const rule_context *context, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static pp_status
rule_error(const rule_context *context, const char *format, ...)
{
	char problem[400];
	va_list arguments;

	va_start(arguments, format);
	vsnprintf(problem, sizeof(problem), format, arguments);
	va_end(arguments);
	if (context->name != NULL)
		return pp_error_set(context->error, PP_ERR_INVALID, "rule %zu \"%s\": %s",
		    context->index + 1, context->name, problem);
	return pp_error_set(context->error, PP_ERR_INVALID, "rule %zu: %s",
	    context->index + 1, problem);
}

static pp_status
read_string(const rule_context *context, const char *field, jv value, char **out)
{
	if (jv_get_kind(value) != JV_KIND_STRING)
		return rule_error(context, "\"%s\" must be a string", field);
	if (jv_string_length_bytes(jv_copy(value)) == 0)
		return rule_error(context, "\"%s\" must not be empty", field);
	free(*out);
	*out = pp_strndup(jv_string_value(value), (size_t)jv_string_length_bytes(jv_copy(value)));
	return PP_OK;
}

static pp_status
read_number(const rule_context *context, const char *field, jv value, double *out)
{
	if (jv_get_kind(value) != JV_KIND_NUMBER || !isfinite(jv_number_value(value)))
		return rule_error(context, "\"%s\" must be a number", field);
	*out = jv_number_value(value);
	return PP_OK;
}

/* A threshold: a number in the stream's raw unit, or a string with a unit
 * ("300ms", "2%", "1.5MiB") converted when the rule meets a series. */
static pp_status
read_threshold(const rule_context *context, const char *field, jv value, double *out,
    char *unit)
{
	pp_quantity threshold;
	pp_error quantity_error;

	if (jv_get_kind(value) == JV_KIND_NUMBER) {
		unit[0] = '\0';
		return read_number(context, field, value, out);
	}
	if (jv_get_kind(value) != JV_KIND_STRING)
		return rule_error(context, "\"%s\" must be a number, or a string with a unit "
		    "such as \"300ms\"", field);
	if (pp_quantity_parse(jv_string_value(value), (size_t)jv_string_length_bytes(jv_copy(value)),
	    &threshold, &quantity_error) != PP_OK)
		return rule_error(context, "\"%s\": %s", field, quantity_error.message);
	*out = threshold.value;
	memcpy(unit, threshold.unit, sizeof(threshold.unit));
	return PP_OK;
}

/* A duration: a string such as "5m" or a number of seconds, >= 0. */
static pp_status
read_duration(const rule_context *context, const char *field, jv value, double *out)
{
	pp_error parse_error;

	if (jv_get_kind(value) == JV_KIND_NUMBER) {
		*out = jv_number_value(value);
		if (!isfinite(*out) || *out < 0)
			return rule_error(context, "\"%s\" must not be negative", field);
		return PP_OK;
	}
	if (jv_get_kind(value) != JV_KIND_STRING)
		return rule_error(context, "\"%s\" must be a duration such as \"5m\"", field);
	if (pp_duration_parse(jv_string_value(value), out, &parse_error) != PP_OK)
		return rule_error(context, "\"%s\": %s", field, parse_error.message);
	return PP_OK;
}

static pp_status
read_choice(const rule_context *context, const char *field, jv value,
    const char *const *names, size_t count, int *out)
{
	pp_buffer choices = PP_BUFFER_INIT;
	size_t i;

	if (jv_get_kind(value) == JV_KIND_STRING &&
	    (*out = pp_rule_find_name(names, count, jv_string_value(value))) >= 0)
		return PP_OK;
	for (i = 0; i < count; i++)
		pp_buffer_printf(&choices, "%s%s", i == 0 ? "" : ", ", names[i]);
	rule_error(context, "\"%s\" must be one of %s", field, choices.data);
	pp_buffer_free(&choices);
	return PP_ERR_INVALID;
}

static pp_status
read_string_array(const rule_context *context, const char *field, jv value,
    char ***out, size_t *count)
{
	int i, n;

	if (jv_get_kind(value) != JV_KIND_ARRAY)
		return rule_error(context, "\"%s\" must be an array of strings", field);
	n = jv_array_length(jv_copy(value));
	pp_strings_free(*out, *count);
	*out = pp_xcalloc((size_t)n + 1, sizeof(char *));
	*count = 0;
	for (i = 0; i < n; i++) {
		jv item = jv_array_get(jv_copy(value), i);

		if (jv_get_kind(item) != JV_KIND_STRING) {
			jv_free(item);
			return rule_error(context, "\"%s\" must be an array of strings", field);
		}
		(*out)[(*count)++] = pp_strndup(jv_string_value(item),
		    (size_t)jv_string_length_bytes(jv_copy(item)));
		jv_free(item);
	}
	return PP_OK;
}

static pp_status
read_where(const rule_context *context, jv value, pp_tags *where)
{
	pp_tags borrowed = PP_TAGS_INIT;
	pp_error tags_error;

	if (jv_get_kind(value) != JV_KIND_OBJECT ||
	    pp_tags_from_jv(value, &borrowed, &tags_error) != PP_OK) {
		pp_tags_free(&borrowed);
		return rule_error(context, "\"where\" must be an object of strings");
	}
	pp_tags_free(where);
	*where = pp_tags_clone(&borrowed);
	pp_tags_free(&borrowed);
	return PP_OK;
}

static pp_status
read_op(const rule_context *context, jv value, pp_op *op)
{
	int found;
	pp_status status = read_choice(context, "op", value, pp_op_names, PP_COUNT_OF(pp_op_names), &found);

	if (status == PP_OK)
		*op = (pp_op)found;
	return status;
}

/* The fields of a condition: shared by rules and composite conditions.
 * Returns PP_NOT_HANDLED for a field that is not a condition's. */
static pp_status
read_condition_field(const rule_context *context, const char *key, jv value,
    pp_condition *condition, bool *has_op)
{
	if (strcmp(key, "metric") == 0)
		return read_string(context, key, value, &condition->metric);
	if (strcmp(key, "where") == 0)
		return read_where(context, value, &condition->where);
	if (strcmp(key, "stat") == 0)
		return read_string(context, key, value, &condition->stat);
	if (strcmp(key, "op") == 0) {
		*has_op = true;
		return read_op(context, value, &condition->op);
	}
	if (strcmp(key, "threshold") == 0)
		return read_threshold(context, key, value, &condition->threshold, condition->unit);
	return PP_NOT_HANDLED;
}

static pp_status read_conditions(const rule_context *context, const char *key,
    jv value, pp_rule *rule);
static pp_status read_type_field(const rule_context *context, const char *key,
    jv value, pp_rule *rule);

/* The fields every rule may have, then those of its type. */
static pp_status
read_rule_field(const rule_context *context, const char *key, jv value, pp_rule *rule,
    bool *has_op)
{
	pp_status status = read_condition_field(context, key, value, &rule->condition, has_op);
	int found;

	if (status != PP_NOT_HANDLED)
		return status;
	if (strcmp(key, "name") == 0 || strcmp(key, "type") == 0)
		return PP_OK;	/* read first, by read_rule */
	if (strcmp(key, "severity") == 0) {
		status = read_choice(context, key, value, pp_severity_names,
		    PP_COUNT_OF(pp_severity_names), &found);
		if (status == PP_OK)
			rule->severity = (pp_severity)found;
		return status;
	}
	if (strcmp(key, "alert_type") == 0) {
		status = read_choice(context, key, value, pp_alert_type_names,
		    PP_COUNT_OF(pp_alert_type_names), &found);
		if (status == PP_OK)
			rule->alert_type = (pp_alert_type)found;
		return status;
	}
	if (strcmp(key, "for") == 0)
		return read_duration(context, key, value, &rule->for_seconds);
	if (strcmp(key, "keep_firing_for") == 0)
		return read_duration(context, key, value, &rule->keep_firing_for);
	if (strcmp(key, "resolve_threshold") == 0) {
		rule->has_resolve_threshold = true;
		return read_threshold(context, key, value, &rule->resolve_threshold,
		    rule->resolve_unit);
	}
	if (strcmp(key, "description") == 0)
		return read_string(context, key, value, &rule->description);
	if (strcmp(key, "suggested_actions") == 0)
		return read_string_array(context, key, value, &rule->actions, &rule->action_count);
	return read_type_field(context, key, value, rule);
}

/* The fields that belong to one type of rule. */
static pp_status
read_type_field(const rule_context *context, const char *key, jv value, pp_rule *rule)
{
	pp_status status;
	double number = 0;

	if (strcmp(key, "expr") == 0 && rule->type == PP_RULE_EXPR)
		return read_string(context, key, value, &rule->expr);
	if (strcmp(key, "sensitivity") == 0 && rule->type == PP_RULE_ANOMALY) {
		if ((status = read_number(context, key, value, &rule->sensitivity)) != PP_OK)
			return status;
		if (!(rule->sensitivity > 0 && rule->sensitivity < 1))
			return rule_error(context, "\"sensitivity\" must lie between 0 and 1 "
			    "(0.95 means outside the central 95%% of a normal distribution)");
		return PP_OK;
	}
	if ((strcmp(key, "min_samples") == 0 || strcmp(key, "max_samples") == 0) &&
	    rule->type == PP_RULE_ANOMALY) {
		if ((status = read_number(context, key, value, &number)) != PP_OK)
			return status;
		if (number < 3 || number > 1e6 || number != floor(number))
			return rule_error(context, "\"%s\" must be a whole number from 3 to 1000000", key);
		*(key[1] == 'i' ? &rule->min_samples : &rule->max_samples) = (size_t)number;
		return PP_OK;
	}
	if (strcmp(key, "window") == 0 &&
	    (rule->type == PP_RULE_TREND || rule->type == PP_RULE_ABSENT))
		return read_duration(context, key, value, &rule->window);
	if ((strcmp(key, "all") == 0 || strcmp(key, "any") == 0) &&
	    rule->type == PP_RULE_COMPOSITE)
		return read_conditions(context, key, value, rule);
	if (strcmp(key, "by") == 0 && rule->type == PP_RULE_COMPOSITE)
		return read_string_array(context, key, value, &rule->by, &rule->by_count);
	return rule_error(context, "unknown field \"%s\" in a rule of type %s", key,
	    pp_rule_type_names[rule->type]);
}

static pp_status
read_condition(const rule_context *context, jv object, pp_condition *condition)
{
	bool has_op = false;
	int iterator;

	if (jv_get_kind(object) != JV_KIND_OBJECT)
		return rule_error(context, "each condition must be an object");
	condition->op = PP_OP_GT;
	condition->threshold = NAN;
	for (iterator = jv_object_iter(object); jv_object_iter_valid(object, iterator);
	    iterator = jv_object_iter_next(object, iterator)) {
		jv key = jv_object_iter_key(object, iterator);
		jv value = jv_object_iter_value(object, iterator);
		pp_status status = read_condition_field(context, jv_string_value(key), value,
		    condition, &has_op);

		if (status == PP_NOT_HANDLED)
			status = rule_error(context, "unknown field \"%s\" in a condition",
			    jv_string_value(key));
		jv_free(key);
		jv_free(value);
		if (status != PP_OK)
			return status;
	}
	if (condition->metric == NULL || condition->stat == NULL || isnan(condition->threshold))
		return rule_error(context, "each condition needs \"metric\", \"stat\" and \"threshold\"");
	return PP_OK;
}

static pp_status
read_conditions(const rule_context *context, const char *key, jv value, pp_rule *rule)
{
	int i, n;

	if (rule->conditions != NULL)
		return rule_error(context, "a composite rule has either \"all\" or \"any\", not both");
	if (jv_get_kind(value) != JV_KIND_ARRAY || (n = jv_array_length(jv_copy(value))) == 0)
		return rule_error(context, "\"%s\" must be a non-empty array of conditions", key);
	rule->all = strcmp(key, "all") == 0;
	rule->conditions = pp_xcalloc((size_t)n, sizeof(pp_condition));
	for (i = 0; i < n; i++) {
		jv item = jv_array_get(jv_copy(value), i);
		pp_status status = read_condition(context, item, &rule->conditions[i]);

		rule->condition_count++;
		jv_free(item);
		if (status != PP_OK)
			return status;
	}
	return PP_OK;
}

/* Defaults that depend on the type, applied before the fields are read. */
static void
apply_type_defaults(pp_rule *rule)
{
	if (rule->type == PP_RULE_RATE_LIMIT)
		rule->condition.stat = pp_strndup("rate", 4);
	else if (rule->type != PP_RULE_COMPOSITE && rule->type != PP_RULE_EXPR &&
	    rule->type != PP_RULE_ABSENT)
		rule->condition.stat = pp_strndup("mean", 4);
	if (rule->type == PP_RULE_EXPR) {
		rule->condition.metric = pp_strndup("*", 1);
		rule->condition.threshold = 0;
	}
}

static bool
resolve_threshold_is_safe(const pp_rule *rule)
{
	pp_quantity threshold = {rule->condition.threshold, ""};
	pp_quantity resolve = {rule->resolve_threshold, ""};
	double limit, clear;

	memcpy(threshold.unit, rule->condition.unit, sizeof(threshold.unit));
	memcpy(resolve.unit, rule->resolve_unit, sizeof(resolve.unit));
	limit = pp_quantity_base_value(&threshold);
	clear = pp_quantity_base_value(&resolve);
	switch (rule->condition.op) {
	case PP_OP_GT: case PP_OP_GE: return clear <= limit;
	case PP_OP_LT: case PP_OP_LE: return clear >= limit;
	default: return false;
	}
}

/* A relative change (trend) is a ratio: "20%" is 0.2, any other unit is
 * refused. */
static pp_status
check_ratio_unit(const rule_context *context, const char *field, double *value, char *unit)
{
	pp_quantity written = {*value, ""};
	char text[64];

	if (unit[0] == '\0')
		return PP_OK;
	memcpy(written.unit, unit, sizeof(written.unit));
	pp_quantity_format(&written, text, sizeof(text));
	if (pp_quantity_convert(&written, "ratio", value, NULL) != PP_OK)
		return rule_error(context, "\"%s\" of a trend rule is a relative change "
		    "(0.2 or \"20%%\"), not %s", field, text);
	unit[0] = '\0';
	return PP_OK;
}

/* Units on thresholds: only where a stat gives the series' unit, and the
 * threshold and resolve_threshold in units of one kind. */
static pp_status
check_units(const rule_context *context, pp_rule *rule)
{
	pp_unit threshold_unit, resolve_unit;
	pp_status status;

	if (rule->type == PP_RULE_TREND) {
		if ((status = check_ratio_unit(context, "threshold", &rule->condition.threshold,
		    rule->condition.unit)) != PP_OK)
			return status;
		return check_ratio_unit(context, "resolve_threshold", &rule->resolve_threshold,
		    rule->resolve_unit);
	}
	if (rule->type == PP_RULE_EXPR && rule->condition.unit[0] != '\0')
		return rule_error(context, "\"threshold\" of an expr rule cannot have a unit: "
		    "a jq expression's value has none");
	if (!rule->has_resolve_threshold)
		return PP_OK;
	if ((rule->condition.unit[0] == '\0') != (rule->resolve_unit[0] == '\0'))
		return rule_error(context, "\"threshold\" and \"resolve_threshold\" must both "
		    "have a unit or both be bare numbers");
	if (rule->condition.unit[0] != '\0' &&
	    pp_unit_parse(rule->condition.unit, &threshold_unit, NULL) == PP_OK &&
	    pp_unit_parse(rule->resolve_unit, &resolve_unit, NULL) == PP_OK &&
	    (threshold_unit.dimension != resolve_unit.dimension ||
	    threshold_unit.per_time != resolve_unit.per_time))
		return rule_error(context, "\"resolve_threshold\" in %s is not of the kind of "
		    "\"threshold\" in %s", rule->resolve_unit, rule->condition.unit);
	return PP_OK;
}

/* Checks what a type needs once all fields are read. */
static pp_status
check_rule(const rule_context *context, pp_rule *rule, bool has_op)
{
	bool needs_metric = rule->type != PP_RULE_COMPOSITE;
	bool needs_threshold = needs_metric && rule->type != PP_RULE_EXPR &&
	    rule->type != PP_RULE_ANOMALY && rule->type != PP_RULE_ABSENT;
	pp_status status;

	if (needs_metric && rule->condition.metric == NULL)
		return rule_error(context, "a %s rule needs \"metric\"", pp_rule_type_names[rule->type]);
	if (needs_threshold && isnan(rule->condition.threshold))
		return rule_error(context, "a %s rule needs \"threshold\"", pp_rule_type_names[rule->type]);
	if (rule->type == PP_RULE_EXPR && rule->expr == NULL)
		return rule_error(context, "an expr rule needs \"expr\" (a jq expression)");
	if (rule->type == PP_RULE_COMPOSITE && rule->conditions == NULL)
		return rule_error(context, "a composite rule needs \"all\" or \"any\"");
	if ((rule->type == PP_RULE_TREND || rule->type == PP_RULE_ABSENT) && !(rule->window > 0))
		return rule_error(context, "a %s rule needs \"window\" (a duration)",
		    pp_rule_type_names[rule->type]);
	if ((status = check_units(context, rule)) != PP_OK)
		return status;
	if (rule->type == PP_RULE_TREND && !has_op)
		rule->condition.op = rule->condition.threshold < 0 ? PP_OP_LE : PP_OP_GE;
	if (rule->type == PP_RULE_ANOMALY && rule->max_samples < rule->min_samples)
		return rule_error(context, "\"max_samples\" is below \"min_samples\"");
	if (rule->has_resolve_threshold && (rule->type == PP_RULE_COMPOSITE ||
	    rule->type == PP_RULE_ABSENT || rule->type == PP_RULE_ANOMALY))
		return rule_error(context, "\"resolve_threshold\" does not apply to a %s rule",
		    pp_rule_type_names[rule->type]);
	if (rule->has_resolve_threshold && !resolve_threshold_is_safe(rule))
		return rule_error(context, "\"resolve_threshold\" %g%s must lie on the clear side "
		    "of %s %g%s", rule->resolve_threshold, rule->resolve_unit,
		    pp_op_names[rule->condition.op], rule->condition.threshold,
		    rule->condition.unit);
	return PP_OK;
}

static pp_status
read_rule_head(const rule_context *context, jv object, pp_rule *rule, rule_context *named)
{
	jv name = jv_object_get(jv_copy(object), jv_string("name"));
	jv type = jv_object_get(jv_copy(object), jv_string("type"));
	int found = PP_RULE_THRESHOLD;
	pp_status status = PP_OK;

	pp_rule_init(rule, PP_RULE_THRESHOLD);
	if (!jv_is_valid(name))
		status = rule_error(context, "a rule needs \"name\"");
	else if ((status = read_string(context, "name", name, &rule->name)) == PP_OK)
		named->name = rule->name;
	if (status == PP_OK && jv_is_valid(type))
		status = read_choice(named, "type", type, pp_rule_type_names, PP_COUNT_OF(pp_rule_type_names), &found);
	jv_free(name);
	jv_free(type);
	if (status == PP_OK) {
		char *keep_name = rule->name;

		pp_rule_init(rule, (pp_rule_type)found);
		rule->name = keep_name;
		apply_type_defaults(rule);
	}
	return status;
}

static pp_status
read_rule(const rule_context *context, jv object, pp_rule *rule)
{
	rule_context named = *context;
	bool has_op = false;
	int iterator;
	pp_status status;

	if (jv_get_kind(object) != JV_KIND_OBJECT)
		return rule_error(context, "a rule must be an object");
	if ((status = read_rule_head(context, object, rule, &named)) != PP_OK)
		return status;
	for (iterator = jv_object_iter(object); jv_object_iter_valid(object, iterator);
	    iterator = jv_object_iter_next(object, iterator)) {
		jv key = jv_object_iter_key(object, iterator);
		jv value = jv_object_iter_value(object, iterator);

		status = read_rule_field(&named, jv_string_value(key), value, rule, &has_op);
		jv_free(key);
		jv_free(value);
		if (status != PP_OK)
			return status;
	}
	return check_rule(&named, rule, has_op);
}

static pp_status
read_rules_array(jv rules_value, pp_rule **rules, size_t *count, pp_error *error)
{
	int i, n = jv_array_length(jv_copy(rules_value));

	*rules = pp_xcalloc((size_t)n + 1, sizeof(pp_rule));
	*count = 0;
	for (i = 0; i < n; i++) {
		rule_context context = {(size_t)i, NULL, error};
		jv item = jv_array_get(jv_copy(rules_value), i);
		pp_status status = read_rule(&context, item, &(*rules)[i]);

		jv_free(item);
		(*count)++;
		if (status != PP_OK)
			return status;
	}
	return pp_rules_check_unique(*rules, *count, error);
}

pp_status
pp_rules_parse(const char *text, size_t length, pp_rule **rules, size_t *count,
    pp_error *error)
{
	jv document, rules_value;
	pp_status status;

	*rules = NULL;
	*count = 0;
	if (length > (size_t)INT32_MAX)
		return pp_error_set(error, PP_ERR_PARSE, "the rules file is too large");
	document = jv_parse_sized(text, (int)length);
	if (!jv_is_valid(document)) {
		jv message = jv_invalid_get_msg(document);

		status = pp_error_set(error, PP_ERR_PARSE, "not JSON: %s",
		    jv_get_kind(message) == JV_KIND_STRING ? jv_string_value(message) : "?");
		jv_free(message);
		return status;
	}
	rules_value = jv_get_kind(document) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(document), jv_string("rules")) : jv_invalid();
	if (jv_get_kind(rules_value) != JV_KIND_ARRAY)
		status = pp_error_set(error, PP_ERR_INVALID,
		    "expected an object with a \"rules\" array");
	else
		status = read_rules_array(rules_value, rules, count, error);
	jv_free(rules_value);
	jv_free(document);
	if (status != PP_OK) {
		pp_rules_free(*rules, *count);
		*rules = NULL;
		*count = 0;
	}
	return status;
}
