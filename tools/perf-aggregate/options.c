/*
 * options.c - perf-aggregate's option table and the checks on each value.
 * See options.h.
 */
#include "options.h"

#include "pp_time.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPTION_STEP = 0x2000, OPTION_SESSION, OPTION_LATENESS, OPTION_BUCKETS,
	OPTION_RATIO, OPTION_WHERE, OPTION_ACCURACY, OPTION_MAX_BUCKETS,
	OPTION_MERGE, OPTION_MAX_SERIES, OPTION_STATE, OPTION_FLUSH,
	OPTION_CLOSE_UNTIL
};

static const struct argp_option option_table[] = {
	{"window", 'w', "DUR", 0,
	    "Tumbling windows of DUR, aligned to epoch multiples (default: the whole input)", 0},
	{"step", OPTION_STEP, "STEP", 0,
	    "With --window: sliding windows of DUR starting every STEP", 0},
	{"session", OPTION_SESSION, "GAP", 0,
	    "Session windows per series, closed after GAP without a point", 0},
	{"lateness", OPTION_LATENESS, "DUR", 0,
	    "Wait DUR of event time for late points before closing a window (default 0)", 0},
	{"by", 'b', "TAG,...", 0, "Group on these tags only (default: all tags)", 0},
	{"percentiles", 'p', "LIST", 0,
	    "Percentiles to report, each in (0,100] (default 50,95,99,99.9)", 0},
	{"buckets", OPTION_BUCKETS, "LIST", 0,
	    "Cumulative histogram bucket upper bounds (le), +Inf added", 0},
	{"ratio", OPTION_RATIO, "NAME=NUM/DEN", 0,
	    "Per window and group, the sum of NUM points over the sum of DEN points; "
	    "each side is METRIC{TAG=VALUE,...}; repeatable", 0},
	{"where", OPTION_WHERE, "JQ", 0, "Keep only the points for which the jq expression is true", 0},
	{"accuracy", OPTION_ACCURACY, "A", 0,
	    "Percentiles from a relative-error sketch of accuracy A, in (0,1), written into "
	    "each aggregate", 0},
	{"max-buckets", OPTION_MAX_BUCKETS, "N", 0,
	    "Most buckets a sketch keeps, collapsing the lowest (default 2048)", 0},
	{"max-series", OPTION_MAX_SERIES, "N", 0,
	    "Stop (exit status 3) when more than N series are held at once, naming the tag "
	    "that explodes them; 0: no limit (default 1000000)", 0},
	{"merge", OPTION_MERGE, NULL, 0,
	    "Read aggregates (not points) and merge them into larger windows or fewer groups", 0},
	{"state", OPTION_STATE, "FILE", 0,
	    "Carry the windows still open, and the watermark, from one run to the next in "
	    "FILE (for cron): successive runs give what one run over all their input gives", 0},
	{"flush", OPTION_FLUSH, NULL, 0,
	    "With --state: close and write every window still open at the end of this run", 0},
	{"close-until", OPTION_CLOSE_UNTIL, "TIME", 0,
	    "The input is complete up to TIME (RFC 3339 or epoch seconds): at its end, close "
	    "and write every window that ends at or before TIME", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static char *
duplicate(const char *text)
{
	return pp_strndup(text, strlen(text));
}

/* Splits a comma-separated list into new strings; empty items refused. */
static bool
split_list(const char *text, char ***items, size_t *count)
{
	const char *start = text;

	*items = NULL;
	*count = 0;
	for (;;) {
		const char *comma = strchr(start, ',');
		size_t length = comma != NULL ? (size_t)(comma - start) : strlen(start);

		if (length == 0)
			return false;
		*items = pp_xrealloc(*items, (*count + 1) * sizeof(**items));
		(*items)[(*count)++] = pp_strndup(start, length);
		if (comma == NULL)
			return true;
		start = comma + 1;
	}
}

static void
free_list(char **items, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(items[i]);
	free(items);
}

static bool
parse_buckets(aggregate_options *options, const char *text)
{
	char **items;
	size_t count, i;
	bool ok = split_list(text, &items, &count);

	if (!ok) {
		free_list(items, count);
		tool_usage_error(&options->tool, "--buckets: \"%s\" has an empty item", text);
		return false;
	}
	options->buckets = pp_xmalloc(count * sizeof(double));
	for (i = 0; i < count && ok; i++) {
		if (tool_read_number(items[i], &options->buckets[i]) != TOOL_NUMBER_OK) {
			tool_usage_error(&options->tool,
			    "--buckets: \"%s\" is not a finite number", items[i]);
			ok = false;
		}
	}
	options->bucket_count = count;
	free_list(items, count);
	if (!ok)
		return false;
	qsort(options->buckets, count, sizeof(double), pp_compare_doubles);
	for (i = 1; i < count; i++)
		if (options->buckets[i] == options->buckets[i - 1])
			return tool_usage_error(&options->tool,
			    "--buckets: a bound appears twice") == 0;
	return true;
}

/* METRIC or METRIC{TAG=VALUE,...}. */
static bool
parse_selector(const char *text, size_t length, ratio_selector *selector)
{
	const char *brace = memchr(text, '{', length);
	char **pairs;
	size_t count, i;
	char *inside;
	bool ok;

	memset(selector, 0, sizeof(*selector));
	if (brace == NULL) {
		selector->metric = pp_strndup(text, length);
		return length > 0;
	}
	if (brace == text || text[length - 1] != '}')
		return false;
	selector->metric = pp_strndup(text, (size_t)(brace - text));
	inside = pp_strndup(brace + 1, length - (size_t)(brace - text) - 2);
	ok = split_list(inside, &pairs, &count);
	free(inside);
	selector->keys = pp_xcalloc(count + 1, sizeof(char *));
	selector->values = pp_xcalloc(count + 1, sizeof(char *));
	for (i = 0; i < count && ok; i++) {
		char *equals = strchr(pairs[i], '=');

		if (equals == NULL || equals == pairs[i]) {
			ok = false;
			break;
		}
		selector->keys[i] = pp_strndup(pairs[i], (size_t)(equals - pairs[i]));
		selector->values[i] = duplicate(equals + 1);
		selector->count++;
	}
	free_list(pairs, count);
	return ok;
}

static void
free_selector(ratio_selector *selector)
{
	free(selector->metric);
	for (size_t i = 0; i < selector->count; i++) {
		free(selector->keys[i]);
		free(selector->values[i]);
	}
	free(selector->keys);
	free(selector->values);
}

/* The '/' between the sides: the first outside braces. */
static const char *
find_division(const char *text)
{
	int depth = 0;

	for (; *text != '\0'; text++) {
		if (*text == '{')
			depth++;
		else if (*text == '}')
			depth--;
		else if (*text == '/' && depth == 0)
			return text;
	}
	return NULL;
}

static bool
parse_ratio(aggregate_options *options, const char *text)
{
	const char *equals = strchr(text, '='), *slash;
	ratio_spec *ratio;
	bool ok;

	slash = equals != NULL ? find_division(equals + 1) : NULL;
	options->ratios = pp_xrealloc(options->ratios,
	    (options->ratio_count + 1) * sizeof(ratio_spec));
	ratio = &options->ratios[options->ratio_count++];
	memset(ratio, 0, sizeof(*ratio));
	if (equals == NULL || equals == text || slash == NULL) {
		tool_usage_error(&options->tool,
		    "--ratio: \"%s\" is not NAME=NUMERATOR/DENOMINATOR", text);
		return false;
	}
	ratio->name = pp_strndup(text, (size_t)(equals - text));
	ok = parse_selector(equals + 1, (size_t)(slash - equals - 1), &ratio->numerator) &&
	    parse_selector(slash + 1, strlen(slash + 1), &ratio->denominator);
	if (!ok)
		tool_usage_error(&options->tool,
		    "--ratio: \"%s\": each side is METRIC or METRIC{TAG=VALUE,...}", text);
	return ok;
}

static bool
parse_percentiles(aggregate_options *options, const char *text)
{
	pp_error error = {NULL, 0, ""};

	free(options->percentiles);
	options->percentiles = NULL;
	if (pp_percentile_parse_list(text, &options->percentiles,
	    &options->percentile_count, &error) != PP_OK) {
		tool_usage_error(&options->tool, "--percentiles: %s", error.message);
		return false;
	}
	options->percentiles_given = true;
	return true;
}

static bool
parse_count(aggregate_options *options, const char *option, const char *text,
    size_t *count)
{
	return tool_parse_whole(&options->tool, option, text, 16, 1e7, count);
}

/* RFC 3339 or epoch seconds. */
static bool
parse_time(aggregate_options *options, const char *option, const char *text, double *time)
{
	pp_error error = {NULL, 0, ""};

	if (tool_read_number(text, time) == TOOL_NUMBER_OK ||
	    pp_time_parse_rfc3339(text, strlen(text), time, &error) == PP_OK)
		return true;
	tool_usage_error(&options->tool, "%s: \"%s\" is not an RFC 3339 time or epoch seconds",
	    option, text);
	return false;
}

static bool
parse_value(aggregate_options *options, int key, char *argument)
{
	pp_tool *tool = &options->tool;
	double value;

	switch (key) {
	case 'b':
		free_list(options->by, options->by_count);
		options->by_given = true;
		if (split_list(argument, &options->by, &options->by_count))
			return true;
		tool_usage_error(tool, "--by: \"%s\" has an empty tag name", argument);
		return false;
	case 'p':
		return parse_percentiles(options, argument);
	case OPTION_BUCKETS:
		free(options->buckets);
		return parse_buckets(options, argument);
	case OPTION_RATIO:
		return parse_ratio(options, argument);
	case OPTION_ACCURACY:
		if (!tool_parse_number(tool, "--accuracy", argument, 0, &value))
			return false;
		if (value <= 0 || value >= 1) {
			tool_usage_error(tool, "--accuracy: %s is not in (0, 1)", argument);
			return false;
		}
		options->accuracy = value;
		return true;
	case OPTION_MAX_BUCKETS:
		return parse_count(options, "--max-buckets", argument, &options->max_buckets);
	case OPTION_STATE:
		if (argument[0] == '\0') {
			tool_usage_error(tool, "--state: the file name is empty");
			return false;
		}
		options->state_path = argument;
		return true;
	case OPTION_CLOSE_UNTIL:
		return parse_time(options, "--close-until", argument, &options->close_until);
	}
	return false;
}

static int
check_combination(aggregate_options *options)
{
	pp_window_spec *window = &options->window;
	pp_tool *tool = &options->tool;

	if (window->step > 0 && window->size == 0)
		return tool_usage_error(tool, "--step needs --window");
	if (window->gap > 0 && window->size > 0)
		return tool_usage_error(tool, "--session and --window exclude each other");
	if (window->step > window->size)
		return tool_usage_error(tool, "--step must not be longer than --window");
	if (window->step > 0 && window->size / window->step > PP_WINDOW_MAX_OVERLAP)
		return tool_usage_error(tool, "--window / --step must be at most %d",
		    PP_WINDOW_MAX_OVERLAP);
	if (window->gap > 0)
		window->type = PP_WINDOW_SESSION;
	else if (window->step > 0 && window->step < window->size)
		window->type = PP_WINDOW_SLIDING;
	else if (window->size > 0)
		window->type = PP_WINDOW_TUMBLING;
	else
		window->type = PP_WINDOW_ALL;
	if (window->step == window->size)
		window->step = 0;	/* a slide by the whole size is tumbling */
	if (options->ratio_count > 0 && window->type == PP_WINDOW_SESSION)
		return tool_usage_error(tool, "--ratio does not work with --session");
	if (options->flush && options->state_path == NULL)
		return tool_usage_error(tool, "--flush needs --state (without it every window "
		    "is written at the end anyway)");
	if (!isnan(options->close_until) && (window->type == PP_WINDOW_ALL || options->merge))
		return tool_usage_error(tool, "--close-until needs --window, --step or --session "
		    "(and no --merge)");
	if (options->merge && options->state_path != NULL)
		return tool_usage_error(tool, "--state carries points' windows, not --merge's "
		    "(merge the aggregates of every run at once instead)");
	if (options->merge && (options->ratio_count > 0 || options->where != NULL ||
	    window->type == PP_WINDOW_SLIDING || window->type == PP_WINDOW_SESSION))
		return tool_usage_error(tool,
		    "--merge takes only --window, --by, --percentiles and --accuracy options");
	return 0;
}

static const tool_field option_fields[] = {
	{'w', "--window", TOOL_FIELD_DURATION, offsetof(aggregate_options, window.size), 0, 0},
	{OPTION_STEP, "--step", TOOL_FIELD_DURATION, offsetof(aggregate_options, window.step),
	    0, 0},
	{OPTION_SESSION, "--session", TOOL_FIELD_DURATION, offsetof(aggregate_options, window.gap),
	    0, 0},
	{OPTION_LATENESS, "--lateness", TOOL_FIELD_DURATION_OR_ZERO,
	    offsetof(aggregate_options, lateness), 0, 0},
	{OPTION_WHERE, "--where", TOOL_FIELD_STRING, offsetof(aggregate_options, where), 0, 0},
	{OPTION_MAX_SERIES, "--max-series", TOOL_FIELD_COUNT,
	    offsetof(aggregate_options, max_series), 0, 1e12},
	{OPTION_MERGE, "--merge", TOOL_FIELD_FLAG, offsetof(aggregate_options, merge), 0, 0},
	{OPTION_FLUSH, "--flush", TOOL_FIELD_FLAG, offsetof(aggregate_options, flush), 0, 0},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_option(int key, char *argument, struct argp_state *state)
{
	aggregate_options *options = state->input;

	switch (key) {
	case ARGP_KEY_END:
		if (check_combination(options) != 0)
			exit(tool_finish(&options->tool, PP_EXIT_USAGE));
		return 0;
	default:
		if (!tool_option_in(option_table, key))
			return ARGP_ERR_UNKNOWN;
		if (!parse_value(options, key, argument))
			exit(tool_finish(&options->tool, PP_EXIT_USAGE));
		return 0;
	}
}


static const tool_command command_line = {
	option_table, option_fields, parse_option, "[FILE...]",
	"Aggregate points into windows per series: count, sum, extremes, mean, "
	"standard deviation, rates and percentiles.\v"
	"Reads points (NDJSON) from the FILEs or standard input and writes one "
	"aggregate record per window and series.  See perf-aggregate(1).", 0,
	&future_argp, offsetof(aggregate_options, future),
};

int
options_parse(aggregate_options *options, int argc, char **argv)
{
	pp_error error = {NULL, 0, ""};

	memset(options, 0, sizeof(*options));
	tool_init(&options->tool, "perf-aggregate");
	future_init(&options->future, &options->tool);
	options->max_buckets = 2048;
	options->max_series = 1000000;
	options->close_until = NAN;
	if (pp_percentile_parse_list("50,95,99,99.9", &options->percentiles,
	    &options->percentile_count, &error) != PP_OK)
		return PP_EXIT_USAGE;
	argp_err_exit_status = PP_EXIT_USAGE;
	if (tool_parse_command_line(&command_line, argc, argv, options) != 0)
		return PP_EXIT_USAGE;
	return 0;
}

void
options_free(aggregate_options *options)
{
	free_list(options->by, options->by_count);
	free(options->percentiles);
	free(options->buckets);
	for (size_t i = 0; i < options->ratio_count; i++) {
		free(options->ratios[i].name);
		free_selector(&options->ratios[i].numerator);
		free_selector(&options->ratios[i].denominator);
	}
	free(options->ratios);
}
