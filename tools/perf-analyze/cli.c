/*
 * cli.c - option values of perf-analyze.  See cli.h.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

bool
cli_parse_ratio(pp_tool *tool, const char *option, const char *text, double *ratio)
{
	size_t length = strlen(text);
	char number[64];

	if (length > 0 && length < sizeof(number) && text[length - 1] == '%') {
		memcpy(number, text, length - 1);
		number[length - 1] = '\0';
		if (!tool_parse_number(tool, option, number, 0.0, ratio))
			return false;
		*ratio /= 100.0;
		return true;
	}
	return tool_parse_number(tool, option, text, 0.0, ratio);
}

bool
cli_parse_count(pp_tool *tool, const char *option, const char *text, double minimum,
    size_t *count)
{
	double value;

	if (!tool_parse_number(tool, option, text, minimum, &value))
		return false;
	if (value != floor(value) || value > 1e9) {
		tool_usage_error(tool, "%s: %s is not a whole number", option, text);
		return false;
	}
	*count = (size_t)value;
	return true;
}

void
cli_add_higher_is_better(analysis_options *options, const char *name)
{
	options->higher_is_better = pp_xrealloc(options->higher_is_better,
	    sizeof(char *) * (options->higher_is_better_count + 1));
	options->higher_is_better[options->higher_is_better_count++] = name;
}

bool
cli_add_capacity(pp_tool *tool, analysis_options *options, char *text)
{
	char *op = strpbrk(text, "<>");
	capacity_limit *limit;
	pp_quantity value;
	pp_error error;
	char sign;

	if (op == NULL || op == text) {
		tool_usage_error(tool, "--capacity: \"%s\" is not METRIC<LIMIT or "
		    "METRIC>LIMIT", text);
		return false;
	}
	sign = *op;
	if (pp_quantity_parse(op + 1, strlen(op + 1), &value, &error) != PP_OK) {
		tool_usage_error(tool, "--capacity '%s': %s", text, error.message);
		return false;
	}
	*op = '\0';		/* text now holds the metric name */
	options->capacities = pp_xrealloc(options->capacities,
	    sizeof(*options->capacities) * (options->capacity_count + 1));
	limit = &options->capacities[options->capacity_count++];
	limit->name = text;
	limit->op = sign;
	limit->limit = value.value;
	memcpy(limit->unit, value.unit, sizeof(limit->unit));
	return true;
}

void
cli_free(analysis_options *options)
{
	free(options->capacities);
	options->capacities = NULL;
	free(options->higher_is_better);
	options->higher_is_better = NULL;
	options->higher_is_better_count = 0;
}
