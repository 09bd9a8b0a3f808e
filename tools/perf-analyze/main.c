/*
 * main.c - perf-analyze: reads aggregates (or points), passes every record
 * through, and at the end of its input appends findings about each series.
 *
 * This file is wiring: options, the input loop, the analyses in order.
 */
#include <argp.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "pp_record.h"
#include "series.h"
#include "tool.h"

typedef struct options {
	pp_tool tool;
	analysis_options analysis;
	const char *stat;
	char **files;
	int file_count;
} options;

typedef struct context {
	series_set series;
	pp_point point;
} context;

enum {
	OPTION_STAT = 0x2000,
	OPTION_MIN_CHANGE,
	OPTION_HIGHER_IS_BETTER,
};

static const struct argp_option option_table[] = {
	{"stat", OPTION_STAT, "STAT", 0,
	    "Analyse STAT of each aggregate (p95, mean, rate, ...; default by type)", 0},
	{"min-change", OPTION_MIN_CHANGE, "RATIO", 0,
	    "A trend smaller than RATIO (0.05 or 5%) over the timeframe is stable", 0},
	{"higher-is-better", OPTION_HIGHER_IS_BETTER, "NAME", 0,
	    "Metric NAME improves when it rises (repeatable)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

/* A ratio written as 0.05 or 5%. */
static bool
parse_ratio(pp_tool *tool, const char *option, const char *text, double *ratio)
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

static error_t
parse_option(int key, char *argument, struct argp_state *state)
{
	options *o = state->input;
	analysis_options *a = &o->analysis;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &o->tool;
		return 0;
	case OPTION_STAT:
		o->stat = argument;
		return 0;
	case OPTION_MIN_CHANGE:
		if (!parse_ratio(&o->tool, "--min-change", argument, &a->min_change))
			exit(PP_EXIT_USAGE);
		return 0;
	case OPTION_HIGHER_IS_BETTER:
		a->higher_is_better = realloc(a->higher_is_better,
		    sizeof(char *) * (a->higher_is_better_count + 1));
		a->higher_is_better[a->higher_is_better_count++] = argument;
		return 0;
	case ARGP_KEY_ARGS:
		o->files = state->argv + state->next;
		o->file_count = state->argc - state->next;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static bool
handle_line(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *data)
{
	context *c = data;
	pp_error error = {pp_reader_name(reader), pp_reader_line_number(reader), ""};
	jv object = jv_invalid();
	pp_kind kind;
	pp_status status = pp_record_read(line, length, &c->point, &kind, &object, &error);

	if (status == PP_OK && kind == PP_KIND_POINT)
		status = series_add_point(&c->series, &c->point, &error);
	else if (status == PP_OK && kind == PP_KIND_AGGREGATE)
		status = series_add_aggregate(&c->series, object, &error);
	jv_free(object);
	if (status != PP_OK) {
		tool_reject(tool, &error, line, length);
		return true;
	}
	tool_pass_line(tool, line, length);
	return true;
}

static void
analyse(options *o, context *c)
{
	pp_buffer *out = tool_out(&o->tool);

	series_set_sort(&c->series);
	summary_findings(&o->analysis, &c->series, out);
	trend_findings(&o->analysis, &c->series, out);
}

int
main(int argc, char **argv)
{
	static struct argp_child children[] = {{&tool_argp, 0, NULL, 0}, {0}};
	static const struct argp argp = {option_table, parse_option, "[FILE...]",
	    "Find trends in aggregates: pass every record through and append "
	    "findings (summary, trend) per series at the end of the input.",
	    children, NULL, NULL};
	options o;
	context c;
	int status;

	memset(&o, 0, sizeof(o));
	o.analysis.min_change = 0.05;
	argp_program_version = "perf-analyze (perfpipe) " PERFPIPE_VERSION;
	argp_err_exit_status = PP_EXIT_USAGE;
	tool_init(&o.tool, "perf-analyze");
	argp_parse(&argp, argc, argv, 0, NULL, &o);
	if ((status = tool_open(&o.tool)) != 0)
		return status;
	series_set_init(&c.series, o.stat);
	pp_point_init(&c.point);
	if (tool_read_inputs(&o.tool, o.files, o.file_count, handle_line, &c) ||
	    tool_interrupted())
		analyse(&o, &c);
	tool_end_batch(&o.tool);
	pp_point_free(&c.point);
	series_set_free(&c.series);
	free(o.analysis.higher_is_better);
	return tool_finish(&o.tool, 0);
}
