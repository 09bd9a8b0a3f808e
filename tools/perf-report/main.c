/*
 * perf-report - renders a whole perfpipe stream (aggregates, findings,
 * alerts) as one report in the format asked: text, markdown and html for
 * people; json, csv, prometheus, openmetrics, influx, statsd and junit for
 * other programs; or a live dashboard, in the terminal or as an HTML page
 * rewritten (live.c).
 *
 * main() is wiring: options, read every input into the model (input.c,
 * model.c), render once at the end (render_FORMAT.c), write atomically
 * (output.c).  The report is deterministic: the same
 * stream, in any order of series, renders the same bytes.
 */
#include <argp.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "format.h"
#include "input.h"
#include "live.h"
#include "model.h"
#include "output.h"
#include "render.h"
#include "tool.h"
#include "verdict.h"

typedef struct format_entry {
	const char *name;
	render_function render;
} format_entry;

static const format_entry formats[] = {
	{"text", render_text},
	{"json", render_json},
	{"markdown", render_markdown},
	{"html", render_html},
	{"csv", render_csv},
	{"prometheus", render_prometheus},
	{"openmetrics", render_openmetrics},
	{"influx", render_influx},
	{"statsd", render_statsd},
	{"junit", render_junit},
	{NULL, NULL},
};

typedef struct options {
	pp_tool tool;
	const format_entry *format;
	render_options render;
	bool live;
	double timeframe;	/* --timeframe seconds, or 0 */
	const char *zone;	/* --tz, or NULL */
} options;

enum { OPTION_ASCII = 0x100, OPTION_WIDTH, OPTION_REFRESH, OPTION_LIVE,
	OPTION_MIN_SEVERITY, OPTION_FAIL_ON, OPTION_TZ, OPTION_TIMEFRAME };

static const struct argp_option option_table[] = {
	{"format", 'f', "FORMAT", 0, "Output format: text (default), json, markdown, html, csv, prometheus, openmetrics, influx, statsd, junit", 0},
	{"ascii", OPTION_ASCII, NULL, 0, "Plain ASCII text, no colour (text format)", 0},
	{"width", OPTION_WIDTH, "COLUMNS", 0,
	    "Lay text out for COLUMNS columns (default: the terminal's, or 80)", 0},
	{"live", OPTION_LIVE, NULL, 0,
	    "Redraw a text dashboard in place as records stream in; with -f html, "
	    "rewrite the -o page as they do", 0},
	{"refresh", OPTION_REFRESH, "DURATION", 0,
	    "HTML format: ask the browser to reload the page every DURATION "
	    "(with --live: default 5s, and rewrite it at least as often)", 0},
	{"timeframe", OPTION_TIMEFRAME, "DURATION", 0,
	    "With --live: forget windows older than the newest minus DURATION", 0},
	{"min-severity", OPTION_MIN_SEVERITY, "SEVERITY", 0,
	    "Show only findings of SEVERITY (info, warning, critical, emergency) or worse", 0},
	{"fail-on", OPTION_FAIL_ON, "SEVERITY", 0,
	    "The verdict is FAIL when an alert of SEVERITY or worse fired at any time "
	    "(default: warning)", 0},
	{"tz", OPTION_TZ, "ZONE", 0,
	    "Show times in text, markdown and html in ZONE (default: TZ, else UTC)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static const format_entry *
find_format(const char *name)
{
	const format_entry *entry;

	for (entry = formats; entry->name != NULL; entry++)
		if (strcmp(entry->name, name) == 0)
			return entry;
	return NULL;
}

/* "text, json, ...": the names for a usage message. */
static const char *
format_names(void)
{
	static char names[256];
	const format_entry *entry;

	names[0] = '\0';
	for (entry = formats; entry->name != NULL; entry++) {
		if (entry != formats)
			strcat(names, ", ");
		strcat(names, entry->name);
	}
	return names;
}

/* Whether zone names a time zone: UTC, or a file of the zone database
 * (TZDIR, else /usr/share/zoneinfo); glibc would read any other name as
 * UTC without a word. */
static bool
known_zone(const char *zone)
{
	const char *directory = getenv("TZDIR");
	char path[4096];

	if (strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0)
		return true;
	if (*zone == '\0' || *zone == '/' || strstr(zone, "..") != NULL)
		return false;
	snprintf(path, sizeof(path), "%s/%s", directory != NULL && *directory != '\0' ?
	    directory : "/usr/share/zoneinfo", zone);
	return access(path, R_OK) == 0;
}

/* Times for people in --tz, else TZ when set, else UTC; and the time of
 * the run, SOURCE_DATE_EPOCH when set (for reproducible reports). */
static void
set_times(options *o)
{
	const char *tz = getenv("TZ"), *source_date = getenv("SOURCE_DATE_EPOCH");

	if (o->zone != NULL)
		setenv("TZ", strcmp(o->zone, "Z") == 0 ? "UTC" : o->zone, 1);
	tzset();
	format_use_local_time(o->zone != NULL || (tz != NULL && *tz != '\0'));
	o->render.now = source_date != NULL && *source_date != '\0' ?
	    strtod(source_date, NULL) : (double)time(NULL);
}

static const tool_field option_fields[] = {
	{OPTION_ASCII, "--ascii", TOOL_FIELD_FLAG, offsetof(options, render.ascii), 0, 0},
	{OPTION_LIVE, "--live", TOOL_FIELD_FLAG, offsetof(options, live), 0, 0},
	{OPTION_REFRESH, "--refresh", TOOL_FIELD_DURATION, offsetof(options, render.refresh),
	    0, 0},
	{OPTION_TIMEFRAME, "--timeframe", TOOL_FIELD_DURATION, offsetof(options, timeframe),
	    0, 0},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_option(int key, char *argument, struct argp_state *state)
{
	options *o = state->input;
	double number;

	switch (key) {
	case 'f':
		o->format = find_format(argument);
		if (o->format == NULL)
			exit(tool_usage_error(&o->tool,
			    "--format: unknown format \"%s\" (%s)", argument, format_names()));
		return 0;
	case OPTION_WIDTH:
		if (!tool_parse_number(&o->tool, "--width", argument, 20, &number))
			exit(PP_EXIT_USAGE);
		o->render.width = number > 10000 ? 10000 : (size_t)number;
		return 0;
	case OPTION_MIN_SEVERITY:
		o->render.min_severity = model_severity_rank(argument);
		if (o->render.min_severity == 0)
			exit(tool_usage_error(&o->tool, "--min-severity: unknown "
			    "severity \"%s\" (info, warning, critical, emergency)", argument));
		return 0;
	case OPTION_FAIL_ON:
		o->render.fail_on = model_severity_rank(argument);
		if (o->render.fail_on == 0)
			argp_failure(state, PP_EXIT_USAGE, 0, "--fail-on: unknown "
			    "severity \"%s\" (info, warning, critical, emergency)", argument);
		return 0;
	case OPTION_TZ:
		if (!known_zone(argument))
			argp_failure(state, PP_EXIT_USAGE, 0, "--tz: unknown time zone \"%s\" "
			    "(a name under /usr/share/zoneinfo, such as Europe/Paris, or UTC)",
			    argument);
		o->zone = argument;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static const tool_command command_line = {
	option_table, option_fields, parse_option, "[FILE...]",
	"Render a perfpipe stream (aggregates, findings, alerts) as one report.", 0, NULL, 0,
};

/* Colour and width follow the terminal when the report goes to one. */
static void
fit_terminal(options *o)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
	const char *columns = getenv("COLUMNS");
	bool terminal = o->tool.output == stdout && isatty(STDOUT_FILENO);
	struct winsize size;

	o->render.color = terminal && !o->render.ascii &&
	    (no_color == NULL || *no_color == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
	if (o->render.width != 0)
		return;
	o->render.width = 80;
	if (terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 20)
		o->render.width = size.ws_col;
	else if (columns != NULL && atoi(columns) >= 20)
		o->render.width = (size_t)atoi(columns);
}

int
main(int argc, char **argv)
{
	options o = {.format = &formats[0], .render.fail_on = VERDICT_DEFAULT_FAIL_ON};
	report_model model;
	int status;

	argp_program_version = "perf-report (perfpipe) " PERFPIPE_VERSION;
	argp_err_exit_status = PP_EXIT_USAGE;
	tool_init(&o.tool, "perf-report");
	tool_parse_command_line(&command_line, argc, argv, &o);
	o.tool.self.to_stderr = true;	/* a report is not a stream */
	bool to_file = o.tool.output_path != NULL && strcmp(o.tool.output_path, "-") != 0;
	const char *page = NULL;	/* --live -f html: the -o file */

	if (o.live && o.format->render != render_text && o.format->render != render_html)
		return tool_usage_error(&o.tool, "--live draws the text or html format only");
	if (o.live && o.format->render == render_text && to_file)
		return tool_usage_error(&o.tool, "--live draws on standard output: -o does not apply");
	if (o.live && o.format->render == render_html && !to_file)
		return tool_usage_error(&o.tool, "--live -f html rewrites a page: -o FILE is required");
	if (o.timeframe > 0 && !o.live)
		return tool_usage_error(&o.tool, "--timeframe applies to --live only");
	if (o.live && o.format->render == render_html) {
		struct stat existing;

		/* renamed over at each rewrite: a fifo or device would be replaced */
		if (stat(o.tool.output_path, &existing) == 0 && !S_ISREG(existing.st_mode))
			return tool_usage_error(&o.tool, "--live -f html: %s is not a regular "
			    "file (the page is renamed over it at each rewrite)", o.tool.output_path);
		page = o.tool.output_path;	/* rewritten by live.c, not opened here */
		o.tool.output_path = NULL;
	}
	if ((status = output_open(&o.tool)) != 0)
		return status;
	fit_terminal(&o);
	set_times(&o);
	if (o.live)
		return live_run(&o.tool, o.tool.files, o.tool.file_count, &o.render, page,
		    o.timeframe);
	model_init(&model);
	model.min_finding_severity = o.render.min_severity;
	tool_read_inputs(&o.tool, o.tool.files, o.tool.file_count, input_read_record, &model);
	model_finish(&model);
	o.format->render(&model, &o.render, tool_out(&o.tool));
	model_free(&model);
	return output_finish(&o.tool, 0);
}
