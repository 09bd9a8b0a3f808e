/* Unit tests for pp_rule: the -t shorthand and the rules file, with the
 * messages of every kind of mistake. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <criterion/criterion.h>

#include "pp_rule.h"

Test(rule, shorthand_with_tags_and_severity)
{
	pp_rule rule;
	pp_error error;

	cr_assert_eq(pp_rule_parse_shorthand(
	    " request.duration{pool=a,host=\"x,y\"}:p99.9 >= 250.5 @warning ", &rule, &error),
	    PP_OK, "%s", error.message);
	cr_assert_str_eq(rule.name, "request.duration{pool=a,host=\"x,y\"}:p99.9 >= 250.5 @warning");
	cr_assert_str_eq(rule.condition.metric, "request.duration");
	cr_assert_eq(rule.condition.where.count, 2);
	cr_assert_str_eq(pp_tags_get(&rule.condition.where, "pool"), "a");
	cr_assert_str_eq(pp_tags_get(&rule.condition.where, "host"), "x,y");
	cr_assert_str_eq(rule.condition.stat, "p99.9");
	cr_assert_eq(rule.condition.op, PP_OP_GE);
	cr_assert_eq(rule.condition.threshold, 250.5);
	cr_assert_eq(rule.severity, PP_SEVERITY_WARNING);
	cr_assert_eq(rule.type, PP_RULE_THRESHOLD);
	cr_assert_eq(rule.alert_type, PP_ALERT_THRESHOLD_EXCEEDED);
	pp_rule_free(&rule);
}

Test(rule, shorthand_defaults_to_critical_and_reads_every_operator)
{
	const char *texts[] = {"m:x>1", "m:x >= 1", "m:x<1", "m:x <=1", "m:x== -1e3", "m:x != 0"};
	const pp_op ops[] = {PP_OP_GT, PP_OP_GE, PP_OP_LT, PP_OP_LE, PP_OP_EQ, PP_OP_NE};
	size_t i;

	for (i = 0; i < 6; i++) {
		pp_rule rule;
		pp_error error;

		cr_assert_eq(pp_rule_parse_shorthand(texts[i], &rule, &error), PP_OK, "%s", texts[i]);
		cr_assert_eq(rule.condition.op, ops[i], "%s", texts[i]);
		cr_assert_eq(rule.severity, PP_SEVERITY_CRITICAL);
		cr_assert_eq(rule.condition.where.count, 0);
		pp_rule_free(&rule);
	}
}

Test(rule, shorthand_refuses_mistakes_with_a_reason)
{
	static const char *const cases[][2] = {
		{"", "the rule lacks a metric name"},
		{":p99 > 1", "the rule lacks a metric name"},
		{"m > 1", "expected ':STAT' after the metric"},
		{"m: > 1", "the rule lacks a stat after ':'"},
		{"m:p99 1", "expected an operator (> >= < <= == !=) after the stat"},
		{"m:p99 >", "expected a number after the operator"},
		{"m:p99 > nan", "expected a number after the operator"},
		{"m:p99 > 1e999", "expected a number after the operator"},
		{"m:p99 > 1 extra", "unexpected text \"extra\" at the end"},
		{"m:p99 > 300xs", "threshold \"300xs\": unknown unit \"xs\" (known: ns, us, ms, s, "
		    "min, h; B, kB, MB, GB, KiB, MiB, GiB; %, ratio; and any of them per s, min or h, "
		    "as MB/s or /s)"},
		{"m:p99 > 0x10", "threshold \"0x10\": unknown unit \"x10\" (known: ns, us, ms, s, "
		    "min, h; B, kB, MB, GB, KiB, MiB, GiB; %, ratio; and any of them per s, min or h, "
		    "as MB/s or /s)"},
		{"m:p99 > infms", "expected a number after the operator"},
		{"m:p99 > 1 @", "unknown severity \"\" (info, warning, critical or emergency)"},
		{"m{pool}:p99 > 1", "a tag needs the form TAG=VALUE"},
		{"m{pool=a:p99 > 1", "the tag list lacks its closing '}'"},
		{"m{pool=\"a}:p99 > 1", "unterminated quoted tag value"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pp_rule rule;
		pp_error error;

		cr_assert_eq(pp_rule_parse_shorthand(cases[i][0], &rule, &error), PP_ERR_PARSE,
		    "%s", cases[i][0]);
		cr_assert_str_eq(error.message, cases[i][1], "%s", cases[i][0]);
	}
}

static pp_rule *
parse_ok(const char *text, size_t *count)
{
	pp_rule *rules;
	pp_error error = {"rules.json", 0, ""};

	cr_assert_eq(pp_rules_parse(text, strlen(text), &rules, count, &error), PP_OK,
	    "%s", error.message);
	return rules;
}

static void
expect_refused(const char *text, const char *message)
{
	pp_rule *rules;
	size_t count;
	pp_error error = {"rules.json", 0, ""};

	cr_assert_neq(pp_rules_parse(text, strlen(text), &rules, &count, &error), PP_OK, "%s", text);
	cr_assert_str_eq(error.message, message, "%s", text);
	cr_assert_null(rules);
	cr_assert_eq(count, 0);
}

Test(rule, file_reads_every_type_with_its_defaults)
{
	size_t count;
	pp_rule *rules = parse_ok("{\"rules\":["
	    "{\"name\":\"t\",\"metric\":\"m\",\"threshold\":5,\"for\":\"1m\",\"keep_firing_for\":30,"
	    "\"resolve_threshold\":4,\"severity\":\"emergency\",\"suggested_actions\":[\"a\",\"b\"]},"
	    "{\"name\":\"r\",\"type\":\"rate_limit\",\"metric\":\"m\",\"threshold\":100},"
	    "{\"name\":\"e\",\"type\":\"expr\",\"expr\":\".count > 3\"},"
	    "{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\",\"sensitivity\":0.95,\"min_samples\":5},"
	    "{\"name\":\"tr\",\"type\":\"trend\",\"metric\":\"m\",\"window\":\"5m\",\"threshold\":-0.2},"
	    "{\"name\":\"c\",\"type\":\"composite\",\"by\":[\"host\"],\"any\":["
	    "{\"metric\":\"cpu\",\"stat\":\"mean\",\"op\":\">\",\"threshold\":0.9},"
	    "{\"metric\":\"mem\",\"where\":{\"k\":\"v\"},\"stat\":\"max\",\"op\":\">=\",\"threshold\":0.85}]},"
	    "{\"name\":\"ab\",\"type\":\"absent\",\"metric\":\"m\",\"window\":600}]}", &count);

	cr_assert_eq(count, 7);
	cr_assert_str_eq(rules[0].condition.stat, "mean");
	cr_assert_eq(rules[0].condition.op, PP_OP_GT);
	cr_assert_eq(rules[0].for_seconds, 60);
	cr_assert_eq(rules[0].keep_firing_for, 30);
	cr_assert(rules[0].has_resolve_threshold);
	cr_assert_eq(rules[0].resolve_threshold, 4);
	cr_assert_eq(rules[0].severity, PP_SEVERITY_EMERGENCY);
	cr_assert_eq(rules[0].action_count, 2);
	cr_assert_str_eq(rules[0].actions[1], "b");
	cr_assert_str_eq(rules[1].condition.stat, "rate");
	cr_assert_eq(rules[1].alert_type, PP_ALERT_RATE_LIMIT_EXCEEDED);
	cr_assert_str_eq(rules[2].condition.metric, "*");
	cr_assert_str_eq(rules[2].expr, ".count > 3");
	cr_assert_eq(rules[2].condition.threshold, 0);
	cr_assert_eq(rules[3].sensitivity, 0.95);
	cr_assert_eq(rules[3].min_samples, 5);
	cr_assert_eq(rules[3].alert_type, PP_ALERT_ANOMALY_DETECTED);
	cr_assert_eq(rules[4].window, 300);
	cr_assert_eq(rules[4].condition.op, PP_OP_LE, "a negative trend threshold means a fall");
	cr_assert_eq(rules[4].alert_type, PP_ALERT_TREND_DEGRADATION);
	cr_assert_eq(rules[5].condition_count, 2);
	cr_assert(!rules[5].all);
	cr_assert_eq(rules[5].conditions[1].op, PP_OP_GE);
	cr_assert_str_eq(pp_tags_get(&rules[5].conditions[1].where, "k"), "v");
	cr_assert_str_eq(rules[5].by[0], "host");
	cr_assert_eq(rules[5].alert_type, PP_ALERT_RESOURCE_EXHAUSTION);
	cr_assert_eq(rules[6].window, 600);
	pp_rules_free(rules, count);
}

Test(rule, file_reads_an_empty_rules_array)
{
	size_t count = 9;
	pp_rule *rules = parse_ok("{\"rules\":[]}", &count);

	cr_assert_eq(count, 0);
	pp_rules_free(rules, count);
}

Test(rule, file_refuses_mistakes_naming_the_rule_and_the_problem)
{
	expect_refused("", "not JSON: Expected JSON value (while parsing '')");
	expect_refused("[1]", "expected an object with a \"rules\" array");
	expect_refused("{\"rules\":[1]}", "rule 1: a rule must be an object");
	expect_refused("{\"rules\":[{\"metric\":\"m\"}]}", "rule 1: a rule needs \"name\"");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\"}]}",
	    "rule 1 \"x\": a threshold rule needs \"threshold\"");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"treshold\":1}]}",
	    "rule 1 \"x\": unknown field \"treshold\" in a rule of type threshold");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"magic\"}]}",
	    "rule 1 \"x\": \"type\" must be one of threshold, rate_limit, expr, anomaly, "
	    "trend, composite, absent");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":true}]}",
	    "rule 1 \"x\": \"threshold\" must be a number, or a string with a unit such as "
	    "\"300ms\"");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":5,\"op\":\"=>\"}]}",
	    "rule 1 \"x\": \"op\" must be one of >, >=, <, <=, ==, !=");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":5,\"for\":\"5y\"}]}",
	    "rule 1 \"x\": \"for\": unknown unit at \"y\" (use us, ms, s, m, h, d or w)");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":5,"
	    "\"resolve_threshold\":6}]}",
	    "rule 1 \"x\": \"resolve_threshold\" 6 must lie on the clear side of > 5");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"trend\",\"metric\":\"m\",\"threshold\":1}]}",
	    "rule 1 \"x\": a trend rule needs \"window\" (a duration)");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"anomaly\",\"metric\":\"m\","
	    "\"sensitivity\":95}]}",
	    "rule 1 \"x\": \"sensitivity\" must lie between 0 and 1 (0.95 means outside the "
	    "central 95% of a normal distribution)");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"composite\",\"all\":[]}]}",
	    "rule 1 \"x\": \"all\" must be a non-empty array of conditions");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"composite\",\"all\":[{\"metric\":\"m\"}]}]}",
	    "rule 1 \"x\": each condition needs \"metric\", \"stat\" and \"threshold\"");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"expr\"}]}",
	    "rule 1 \"x\": an expr rule needs \"expr\" (a jq expression)");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"absent\",\"metric\":\"m\","
	    "\"window\":\"1m\",\"threshold\":3,\"sensitivity\":0.5}]}",
	    "rule 1 \"x\": unknown field \"sensitivity\" in a rule of type absent");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":1},"
	    "{\"name\":\"x\",\"metric\":\"n\",\"threshold\":2}]}",
	    "rule 2: the name \"x\" is used twice");
}

Test(rule, operators_compare_and_refuse_nan)
{
	cr_assert(pp_op_holds(PP_OP_GT, 2, 1));
	cr_assert(!pp_op_holds(PP_OP_GT, 1, 1));
	cr_assert(pp_op_holds(PP_OP_GE, 1, 1));
	cr_assert(pp_op_holds(PP_OP_LT, -2, -1));
	cr_assert(pp_op_holds(PP_OP_LE, -1, -1));
	cr_assert(pp_op_holds(PP_OP_EQ, 0.5, 0.5));
	cr_assert(pp_op_holds(PP_OP_NE, 0.5, 0.25));
	cr_assert(!pp_op_holds(PP_OP_NE, NAN, 1));
	cr_assert(!pp_op_holds(PP_OP_GT, NAN, 1));
	cr_assert(!pp_op_holds(PP_OP_LT, NAN, 1));
}

/* LeakSanitizer's switch when built with it (weak: links without). */
void __lsan_disable(void) __attribute__((weak));
void __lsan_enable(void) __attribute__((weak));

/* libjq 1.6 leaks a string on some malformed input ({"a":1 "b":2}: the
 * "b" of "Expected separator between values"), a bug of libjq: such texts
 * are parsed with leak detection off, so the leaks found are ours. */
static bool
jq_refuses(const char *text, size_t length)
{
	jv parsed;
	bool refused;

	if (__lsan_disable != NULL)
		__lsan_disable();
	parsed = jv_parse_sized(text, (int)length);
	refused = !jv_is_valid(parsed);
	jv_free(parsed);
	if (__lsan_enable != NULL)
		__lsan_enable();
	return refused;
}

/* Every one-byte change of a valid rules file parses or is refused with a
 * message; none crashes (run under ASan by scripts/test). */
Test(rule, mutated_rules_files_are_parsed_or_refused_never_crash)
{
	static const char valid[] = "{\"rules\":["
	    "{\"name\":\"t\",\"metric\":\"m\",\"where\":{\"a\":\"b\"},\"stat\":\"p99\",\"op\":\">=\","
	    "\"threshold\":5,\"for\":\"1m\",\"resolve_threshold\":4,\"suggested_actions\":[\"x\"]},"
	    "{\"name\":\"c\",\"type\":\"composite\",\"by\":[\"h\"],\"any\":["
	    "{\"metric\":\"cpu\",\"stat\":\"mean\",\"threshold\":0.9}]},"
	    "{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\",\"min_samples\":5,\"max_samples\":9}]}";
	static const char replacements[] = "0\"}]{[,:x-";
	char text[sizeof(valid)];
	size_t i, j, refused = 0;

	for (i = 0; i + 1 < sizeof(valid); i++)
		for (j = 0; j + 1 < sizeof(replacements); j++) {
			pp_rule *rules;
			size_t count;
			pp_error error = {"rules.json", 0, ""};

			bool malformed;
			pp_status status;

			memcpy(text, valid, sizeof(valid));
			text[i] = replacements[j];
			malformed = jq_refuses(text, sizeof(valid) - 1);
			if (malformed && __lsan_disable != NULL)
				__lsan_disable();
			status = pp_rules_parse(text, sizeof(valid) - 1, &rules, &count, &error);
			if (malformed && __lsan_enable != NULL)
				__lsan_enable();
			if (status != PP_OK) {
				cr_assert_neq(error.message[0], '\0', "no message for %s", text);
				refused++;
			} else {
				pp_rules_free(rules, count);
			}
		}
	cr_assert_gt(refused, 0);
}

Test(rule, shorthand_keeps_the_unit_of_its_threshold)
{
	const char *texts[] = {"m:p95 > 300ms @warning", "m:p95 > 0.3s", "m:max>=1.5MiB",
		"m:mean < 2%", "m:p95 > 300"};
	const double numbers[] = {300, 0.3, 1.5, 2, 300};
	const char *units[] = {"ms", "s", "MiB", "%", ""};
	size_t i;

	for (i = 0; i < 5; i++) {
		pp_rule rule;
		pp_error error;

		cr_assert_eq(pp_rule_parse_shorthand(texts[i], &rule, &error), PP_OK, "%s: %s",
		    texts[i], error.message);
		cr_assert_eq(rule.condition.threshold, numbers[i], "%s", texts[i]);
		cr_assert_str_eq(rule.condition.unit, units[i], "%s", texts[i]);
		pp_rule_free(&rule);
	}
}

Test(rule, file_reads_thresholds_with_units)
{
	size_t count;
	pp_rule *rules = parse_ok("{\"rules\":["
	    "{\"name\":\"a\",\"metric\":\"m\",\"stat\":\"p95\",\"threshold\":\"300ms\","
	    "\"resolve_threshold\":\"0.25s\"},"
	    "{\"name\":\"b\",\"type\":\"trend\",\"metric\":\"m\",\"window\":\"1h\","
	    "\"threshold\":\"20%\"},"
	    "{\"name\":\"c\",\"type\":\"composite\",\"all\":[{\"metric\":\"m\","
	    "\"stat\":\"max\",\"threshold\":\"1.5MB\"}]}]}", &count);

	cr_assert_eq(count, 3);
	cr_assert_eq(rules[0].condition.threshold, 300);
	cr_assert_str_eq(rules[0].condition.unit, "ms");
	cr_assert_eq(rules[0].resolve_threshold, 0.25);
	cr_assert_str_eq(rules[0].resolve_unit, "s");
	/* a trend's threshold is a relative change: 20% is 0.2, no unit kept */
	cr_assert_float_eq(rules[1].condition.threshold, 0.2, 1e-15);
	cr_assert_str_eq(rules[1].condition.unit, "");
	cr_assert_eq(rules[2].conditions[0].threshold, 1.5);
	cr_assert_str_eq(rules[2].conditions[0].unit, "MB");
	pp_rules_free(rules, count);
}

Test(rule, file_refuses_units_that_cannot_apply)
{
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":\"300xs\"}]}",
	    "rule 1 \"x\": \"threshold\": \"300xs\": unknown unit \"xs\" (known: ns, us, ms, s, "
	    "min, h; B, kB, MB, GB, KiB, MiB, GiB; %, ratio; and any of them per s, min or h, "
	    "as MB/s or /s)");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"trend\",\"metric\":\"m\","
	    "\"window\":\"1h\",\"threshold\":\"300ms\"}]}",
	    "rule 1 \"x\": \"threshold\" of a trend rule is a relative change (0.2 or \"20%\"), "
	    "not 300ms");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"type\":\"expr\",\"expr\":\".max\","
	    "\"threshold\":\"5ms\"}]}",
	    "rule 1 \"x\": \"threshold\" of an expr rule cannot have a unit: a jq expression's "
	    "value has none");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":\"300ms\","
	    "\"resolve_threshold\":250}]}",
	    "rule 1 \"x\": \"threshold\" and \"resolve_threshold\" must both have a unit or both "
	    "be bare numbers");
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":\"300ms\","
	    "\"resolve_threshold\":\"1MB\"}]}",
	    "rule 1 \"x\": \"resolve_threshold\" in MB is not of the kind of \"threshold\" in ms");
	/* 0.5s is above 300ms although 0.5 < 300: compared in seconds */
	expect_refused("{\"rules\":[{\"name\":\"x\",\"metric\":\"m\",\"threshold\":\"300ms\","
	    "\"resolve_threshold\":\"0.5s\"}]}",
	    "rule 1 \"x\": \"resolve_threshold\" 0.5s must lie on the clear side of > 300ms");
}
