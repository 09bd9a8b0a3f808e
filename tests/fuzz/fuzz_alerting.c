/*
 * fuzz_alerting.c - perf-alert's rule engine (pp_alerting) fed arbitrary
 * records: the aggregates and findings a stream from anywhere can hold.
 * fuzz-options: -max_len=4096
 *
 * The input's first line holds the rules: a rules file ({"rules":[...]})
 * or one -t shorthand; every further line is a record, parsed by libjq and
 * fed to pp_alerting_feed, then the step is flushed.  Rules of type expr
 * are skipped (they would fuzz jq's compiler, not perfpipe).  Every alert
 * record the engine writes must be an object of kind "alert" with a state,
 * and must serialise as one line.  Only text that is JSON reaches libjq
 * (see fuzz_json_valid in fuzz_common.h).
 */
#include "fuzz_common.h"

#include "pp_alerting.h"
#include "pp_json.h"
#include "pp_rule.h"

static void
check_alerts(jv alerts, const char *text, size_t length)
{
	int i, count = jv_array_length(jv_copy(alerts));
	pp_buffer out = PP_BUFFER_INIT;

	for (i = 0; i < count; i++) {
		jv alert = jv_array_get(jv_copy(alerts), i);
		jv state = jv_object_get(jv_copy(alert), jv_string("state"));

		if (pp_record_kind(alert) != PP_KIND_ALERT ||
		    jv_get_kind(state) != JV_KIND_STRING)
			fuzz_fail("an alert record without kind alert or a state", text, length);
		pp_buffer_clear(&out);
		pp_json_write_record(&out, alert);
		if (memchr(out.data, '\n', out.length) != out.data + out.length - 1)
			fuzz_fail("an alert record is not one line", text, length);
		jv_free(state);
		jv_free(alert);
	}
	pp_buffer_free(&out);
}

static void
feed_lines(pp_alerting *alerting, char *line, const char *end)
{
	jv alerts = jv_array();
	pp_error error;

	while (line < end) {
		char *next = memchr(line, '\n', (size_t)(end - line));
		size_t length = next != NULL ? (size_t)(next - line) : (size_t)(end - line);
		jv record;

		line[length] = '\0';
		if (fuzz_json_valid(line, length)) {
			record = jv_parse_sized(line, (int)length);
			if (jv_get_kind(record) == JV_KIND_OBJECT)
				pp_alerting_feed(alerting, record, &alerts, &error);
			jv_free(record);
		}
		line += length + 1;
	}
	pp_alerting_flush(alerting, &alerts);
	check_alerts(alerts, "(records)", 9);
	jv_free(alerts);
}

static int
read_rules(const char *text, size_t length, pp_rule **rules, size_t *count)
{
	pp_error error = {"rules", 0, {0}};
	size_t i;

	if (length > 0 && text[0] == '{') {
		if (!fuzz_json_valid(text, length) ||
		    pp_rules_parse(text, length, rules, count, &error) != PP_OK)
			return 0;
	} else {
		*rules = calloc(1, sizeof(**rules));
		*count = 1;
		if (pp_rule_parse_shorthand(text, *rules, &error) != PP_OK) {
			free(*rules);
			return 0;
		}
	}
	for (i = 0; i < *count; i++)
		if ((*rules)[i].type == PP_RULE_EXPR) {
			pp_rules_free(*rules, *count);
			return 0;
		}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_line(data, size);
	char *newline = memchr(text, '\n', size);
	pp_rule *rules = NULL;
	size_t count = 0;
	pp_alerting *alerting;

	if (newline == NULL || memchr(text, '\0', (size_t)(newline - text)) != NULL) {
		free(text);
		return 0;
	}
	*newline = '\0';
	if (read_rules(text, (size_t)(newline - text), &rules, &count)) {
		alerting = pp_alerting_new(rules, count, NULL);
		if (alerting == NULL)
			fuzz_fail("a rule set without expr rules was refused", text,
			    (size_t)(newline - text));
		feed_lines(alerting, newline + 1, text + size);
		pp_alerting_free(alerting);
		pp_rules_free(rules, count);
	}
	free(text);
	return 0;
}
