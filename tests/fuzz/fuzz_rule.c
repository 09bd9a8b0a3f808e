/*
 * fuzz_rule.c - the alert rule parsers: the -t shorthand
 * (pp_rule_parse_shorthand) and the rules file (pp_rules_parse).
 *
 * The first input byte chooses: 's' reads the rest as a shorthand, any
 * other byte reads it as a rules file.  A refusal must carry a message; a
 * parsed rule must have what the engine relies on (a name, and a metric and
 * a stat where its type compares one), a severity and an operator in range,
 * and must free cleanly.  Rules-file text that is not JSON is left out
 * (see fuzz_json_valid in fuzz_common.h).
 */
#include "fuzz_common.h"

#include "pp_rule.h"

static void
check_rule(const pp_rule *rule, const char *text, size_t length)
{
	if (rule->name == NULL)
		fuzz_fail("a parsed rule has no name", text, length);
	if ((unsigned)rule->severity >= PP_SEVERITY_COUNT ||
	    (unsigned)rule->condition.op > PP_OP_NE)
		fuzz_fail("a parsed rule has a severity or operator out of range", text,
		    length);
	if ((rule->type == PP_RULE_THRESHOLD || rule->type == PP_RULE_RATE_LIMIT) &&
	    (rule->condition.metric == NULL || rule->condition.stat == NULL))
		fuzz_fail("a parsed threshold rule lacks its metric or stat", text, length);
	if (rule->type == PP_RULE_COMPOSITE && rule->condition_count == 0)
		fuzz_fail("a parsed composite rule has no condition", text, length);
}

static void
fuzz_shorthand(const char *text, size_t length)
{
	pp_rule rule;
	pp_error error = {NULL, 0, {0}};

	memset(&rule, 0, sizeof(rule));
	if (memchr(text, '\0', length) != NULL)
		return;		/* a command-line argument holds no NUL */
	if (pp_rule_parse_shorthand(text, &rule, &error) == PP_OK) {
		check_rule(&rule, text, length);
		pp_rule_free(&rule);
	} else if (error.message[0] == '\0') {
		fuzz_fail("an error without a message", text, length);
	}
}

static void
fuzz_rules_file(const char *text, size_t length)
{
	pp_rule *rules = NULL;
	size_t count = 0, i;
	pp_error error = {"rules.json", 0, {0}};
	if (!fuzz_json_valid(text, length))
		return;		/* libjq's refusal is libjq's: see fuzz_json_valid */
	if (pp_rules_parse(text, length, &rules, &count, &error) == PP_OK) {
		for (i = 0; i < count; i++)
			check_rule(&rules[i], text, length);
		pp_rules_check_unique(rules, count, &error);
		pp_rules_free(rules, count);
	} else if (error.message[0] == '\0') {
		fuzz_fail("an error without a message", text, length);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size == 0)
		return 0;
	text = fuzz_line(data + 1, size - 1);
	if (data[0] == 's')
		fuzz_shorthand(text, size - 1);
	else
		fuzz_rules_file(text, size - 1);
	free(text);
	return 0;
}
