/*
 * cli.c - options and option values of perf-analyze.  See cli.h.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

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

enum { OPTION_HIGHER_IS_BETTER = 0x1800 };

static const struct argp_option shared_options[] = {
	{"higher-is-better", OPTION_HIGHER_IS_BETTER, "NAME", 0,
	    "Metric NAME improves when it rises (repeatable)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

/* --higher-is-better NAME: adds NAME to the list (freed by cli_free). */
static error_t
parse_shared(int key, char *argument, struct argp_state *state)
{
	analysis_options *options = state->input;

	if (key != OPTION_HIGHER_IS_BETTER)
		return ARGP_ERR_UNKNOWN;
	options->higher_is_better = pp_xrealloc(options->higher_is_better,
	    sizeof(char *) * (options->higher_is_better_count + 1));
	options->higher_is_better[options->higher_is_better_count++] = argument;
	return 0;
}

const struct argp cli_argp = {shared_options, parse_shared, NULL, NULL, NULL, NULL, NULL};

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
