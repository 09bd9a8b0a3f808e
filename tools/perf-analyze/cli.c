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

void
cli_free(analysis_options *options)
{
	free(options->higher_is_better);
	options->higher_is_better = NULL;
	options->higher_is_better_count = 0;
}
