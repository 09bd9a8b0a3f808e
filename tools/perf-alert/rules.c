/*
 * rules.c - perf-alert's rules: the -r file, then each -t shorthand, as one
 * array.  Any problem is a configuration error (exit 2) naming the file or
 * the shorthand, the rule and what is wrong.
 */
#include "perf_alert.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
read_whole_file(alert_options *options, const char *path, pp_buffer *text)
{
	FILE *file = fopen(path, "r");
	char chunk[8192];
	size_t got;

	if (file == NULL) {
		tool_warn(&options->tool, "%s: %s", path, strerror(errno));
		return false;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		pp_buffer_append(text, chunk, got);
	if (ferror(file)) {
		tool_warn(&options->tool, "%s: %s", path, strerror(errno));
		fclose(file);
		return false;
	}
	fclose(file);
	return true;
}

static int
load_file(alert_options *options, pp_rule **rules, size_t *count)
{
	pp_buffer text = PP_BUFFER_INIT;
	pp_error error = {options->rules_path, 0, ""};

	if (!read_whole_file(options, options->rules_path, &text)) {
		pp_buffer_free(&text);
		return PP_EXIT_USAGE;
	}
	if (pp_rules_parse(text.data ? text.data : "", text.length, rules, count,
	    &error) != PP_OK) {
		tool_report(&options->tool, &error);
		pp_buffer_free(&text);
		return PP_EXIT_USAGE;
	}
	pp_buffer_free(&text);
	return 0;
}

int
alert_load_rules(alert_options *options, pp_rule **rules, size_t *count)
{
	pp_error error = {NULL, 0, ""};
	size_t i;
	int status;

	*rules = NULL;
	*count = 0;
	if (options->rules_path != NULL &&
	    (status = load_file(options, rules, count)) != 0)
		return status;
	*rules = pp_xrealloc(*rules, (*count + options->shorthand_count + 1) * sizeof(pp_rule));
	for (i = 0; i < options->shorthand_count; i++) {
		if (pp_rule_parse_shorthand(options->shorthands[i], &(*rules)[*count],
		    &error) != PP_OK)
			return tool_usage_error(&options->tool, "-t '%s': %s",
			    options->shorthands[i], error.message);
		(*count)++;
	}
	if (*count == 0)
		return tool_usage_error(&options->tool, "no rules: give -t RULE or -r FILE");
	if (pp_rules_check_unique(*rules, *count, &error) != PP_OK)
		return tool_usage_error(&options->tool, "%s", error.message);
	return 0;
}
