/*
 * pp_rule.c - the rule model: the names of types, alert types, severities
 * and operators, a rule's defaults and freeing, and parsing the -t
 * shorthand.  See pp_rule.h; the JSON rules file is read by
 * pp_rule_file.c.
 */
#include "pp_rule.h"
#include "pp_rule_private.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_duration.h"

const char *const pp_rule_type_names[7] = {
	"threshold", "rate_limit", "expr", "anomaly", "trend", "composite", "absent"};
const char *const pp_alert_type_names[5] = {
	"threshold_exceeded", "anomaly_detected", "trend_degradation",
	"rate_limit_exceeded", "resource_exhaustion"};
const char *const pp_severity_names[PP_SEVERITY_COUNT] = {"info", "warning", "critical", "emergency"};
const char *const pp_op_names[6] = {">", ">=", "<", "<=", "==", "!="};

int
pp_rule_find_name(const char *const *names, size_t count, const char *text)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(names[i], text) == 0)
			return (int)i;
	return -1;
}

pp_status
pp_severity_parse(const char *text, pp_severity *severity, pp_error *error)
{
	int found = pp_rule_find_name(pp_severity_names, PP_COUNT_OF(pp_severity_names), text);

	if (found < 0)
		return pp_error_set(error, PP_ERR_INVALID,
		    "unknown severity \"%s\" (info, warning, critical or emergency)", text);
	*severity = (pp_severity)found;
	return PP_OK;
}

bool
pp_op_holds(pp_op op, double value, double threshold)
{
	switch (op) {
	case PP_OP_GT: return value > threshold;
	case PP_OP_GE: return value >= threshold;
	case PP_OP_LT: return value < threshold;
	case PP_OP_LE: return value <= threshold;
	case PP_OP_EQ: return value == threshold;
	case PP_OP_NE: return value == value && value != threshold;
	}
	return false;
}

void
pp_rule_init(pp_rule *rule, pp_rule_type type)
{
	static const pp_alert_type alert_of_type[] = {
		PP_ALERT_THRESHOLD_EXCEEDED, PP_ALERT_RATE_LIMIT_EXCEEDED,
		PP_ALERT_THRESHOLD_EXCEEDED, PP_ALERT_ANOMALY_DETECTED,
		PP_ALERT_TREND_DEGRADATION, PP_ALERT_RESOURCE_EXHAUSTION,
		PP_ALERT_THRESHOLD_EXCEEDED};

	memset(rule, 0, sizeof(*rule));
	rule->type = type;
	rule->alert_type = alert_of_type[type];
	rule->severity = PP_SEVERITY_CRITICAL;
	rule->condition.op = PP_OP_GT;
	rule->condition.threshold = NAN;
	rule->resolve_threshold = NAN;
	rule->sensitivity = 0.999;
	rule->min_samples = 30;
	rule->max_samples = 1000;
	rule->all = true;
}

static void
condition_free(pp_condition *condition)
{
	free(condition->metric);
	free(condition->stat);
	pp_tags_free(&condition->where);
}

void
pp_rule_free(pp_rule *rule)
{
	size_t i;

	free(rule->name);
	condition_free(&rule->condition);
	free(rule->description);
	pp_strings_free(rule->actions, rule->action_count);
	free(rule->expr);
	for (i = 0; i < rule->condition_count; i++)
		condition_free(&rule->conditions[i]);
	free(rule->conditions);
	pp_strings_free(rule->by, rule->by_count);
	memset(rule, 0, sizeof(*rule));
}

void
pp_rules_free(pp_rule *rules, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		pp_rule_free(&rules[i]);
	free(rules);
}

pp_status
pp_rules_check_unique(const pp_rule *rules, size_t count, pp_error *error)
{
	size_t i, j;

	for (i = 0; i < count; i++)
		for (j = 0; j < i; j++)
			if (strcmp(rules[i].name, rules[j].name) == 0)
				return pp_error_set(error, PP_ERR_INVALID,
				    "rule %zu: the name \"%s\" is used twice", i + 1,
				    rules[i].name);
	return PP_OK;
}

pp_status
pp_rule_threshold_in(const char *stat, double threshold, const char *threshold_unit,
    const char *unit, const char *type, double *out, pp_error *error)
{
	pp_quantity written = {threshold, ""};
	char stat_unit[PP_UNIT_NAME_SIZE + 8];

	if (threshold_unit[0] == '\0') {
		*out = threshold;
		return PP_OK;
	}
	snprintf(written.unit, sizeof(written.unit), "%s", threshold_unit);
	pp_unit_of_stat(unit, type, stat, stat_unit, sizeof(stat_unit));
	return pp_quantity_convert(&written, stat_unit, out, error);
}

/* ---- the shorthand ---- */

static const char *
skip_spaces(const char *text)
{
	while (*text == ' ' || *text == '\t')
		text++;
	return text;
}

static bool
is_stat_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.';
}

/* Reads "{k=v,k=\"v\",...}" at *cursor into where; advances past '}'. */
static pp_status
parse_shorthand_tags(const char **cursor, pp_tags *where, pp_buffer *strings,
    pp_error *error)
{
	const char *p = *cursor + 1;
	pp_tags borrowed = PP_TAGS_INIT;
	size_t offsets[64][2], n = 0, i;

	for (;;) {
		const char *key = skip_spaces(p), *equals, *value, *end;

		if (*key == '}' && n == 0)
			break;
		equals = strchr(key, '=');
		if (equals == NULL || equals == key)
			return pp_error_set(error, PP_ERR_PARSE, "a tag needs the form TAG=VALUE");
		value = equals + 1;
		if (*value == '"') {
			end = strchr(value + 1, '"');
			if (end == NULL)
				return pp_error_set(error, PP_ERR_PARSE, "unterminated quoted tag value");
			value++;
		} else {
			end = value + strcspn(value, ",}");
		}
		if (n == PP_COUNT_OF(offsets))
			return pp_error_set(error, PP_ERR_PARSE, "more than 64 tags");
		offsets[n][0] = strings->length;
		pp_buffer_append(strings, key, (size_t)(equals - key));
		pp_buffer_append_char(strings, '\0');
		offsets[n][1] = strings->length;
		pp_buffer_append(strings, value, (size_t)(end - value));
		pp_buffer_append_char(strings, '\0');
		n++;
		p = end + (*end == '"');
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p != '}')
			return pp_error_set(error, PP_ERR_PARSE, "the tag list lacks its closing '}'");
		break;
	}
	for (i = 0; i < n; i++)
		pp_tags_set(&borrowed, strings->data + offsets[i][0],
		    strings->data + offsets[i][1]);
	*where = pp_tags_clone(&borrowed);
	pp_tags_free(&borrowed);
	*cursor = p + 1;
	return PP_OK;
}

static pp_status
parse_op(const char **cursor, pp_op *op, pp_error *error)
{
	static const char *const spellings[] = {">=", "<=", "==", "!=", ">", "<"};
	static const pp_op ops[] = {PP_OP_GE, PP_OP_LE, PP_OP_EQ, PP_OP_NE, PP_OP_GT, PP_OP_LT};
	size_t i;

	for (i = 0; i < PP_COUNT_OF(spellings); i++)
		if (strncmp(*cursor, spellings[i], strlen(spellings[i])) == 0) {
			*op = ops[i];
			*cursor += strlen(spellings[i]);
			return PP_OK;
		}
	return pp_error_set(error, PP_ERR_PARSE,
	    "expected an operator (> >= < <= == !=) after the stat");
}

/* The threshold: a number, with or without a unit ("300ms", "2%"). */
static pp_status
parse_shorthand_number(const char **cursor, pp_condition *condition, pp_error *error)
{
	const char *start = skip_spaces(*cursor);
	size_t length = strcspn(start, " \t@");
	pp_quantity threshold;
	pp_error quantity_error;
	char *end;
	double number;

	errno = 0;
	number = strtod(start, &end);
	if (end == start || errno == ERANGE || !isfinite(number))
		return pp_error_set(error, PP_ERR_PARSE, "expected a number after the operator");
	if (pp_quantity_parse(start, length, &threshold, &quantity_error) != PP_OK)
		return pp_error_set(error, PP_ERR_PARSE, "threshold %s", quantity_error.message);
	condition->threshold = threshold.value;
	memcpy(condition->unit, threshold.unit, sizeof(condition->unit));
	*cursor = start + length;
	return PP_OK;
}

static pp_status
parse_shorthand_body(const char *text, pp_rule *rule, pp_error *error)
{
	const char *p = skip_spaces(text), *start = p;
	pp_buffer strings = PP_BUFFER_INIT;
	pp_status status = PP_OK;

	p += strcspn(p, "{:");
	if (p == start)
		return pp_error_set(error, PP_ERR_PARSE, "the rule lacks a metric name");
	rule->condition.metric = pp_strndup(start, (size_t)(p - start));
	if (*p == '{') {
		status = parse_shorthand_tags(&p, &rule->condition.where, &strings, error);
		pp_buffer_free(&strings);
		if (status != PP_OK)
			return status;
	}
	if (*p != ':')
		return pp_error_set(error, PP_ERR_PARSE, "expected ':STAT' after the metric");
	start = ++p;
	while (is_stat_char(*p))
		p++;
	if (p == start)
		return pp_error_set(error, PP_ERR_PARSE, "the rule lacks a stat after ':'");
	rule->condition.stat = pp_strndup(start, (size_t)(p - start));
	p = skip_spaces(p);
	if ((status = parse_op(&p, &rule->condition.op, error)) != PP_OK ||
	    (status = parse_shorthand_number(&p, &rule->condition, error)) != PP_OK)
		return status;
	p = skip_spaces(p);
	if (*p == '@') {
		char *severity = pp_strndup(p + 1, strcspn(p + 1, " \t"));

		status = pp_severity_parse(severity, &rule->severity, error);
		p = skip_spaces(p + 1 + strlen(severity));
		free(severity);
		if (status != PP_OK)
			return PP_ERR_PARSE;
	}
	if (*p != '\0')
		return pp_error_set(error, PP_ERR_PARSE, "unexpected text \"%s\" at the end", p);
	return PP_OK;
}

pp_status
pp_rule_parse_shorthand(const char *text, pp_rule *rule, pp_error *error)
{
	pp_status status;
	size_t length;

	pp_rule_init(rule, PP_RULE_THRESHOLD);
	status = parse_shorthand_body(text, rule, error);
	if (status != PP_OK) {
		pp_rule_free(rule);
		return status;
	}
	text = skip_spaces(text);
	length = strlen(text);
	while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
		length--;
	rule->name = pp_strndup(text, length);
	return PP_OK;
}
