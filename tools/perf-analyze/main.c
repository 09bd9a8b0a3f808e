/*
 * main.c - perf-analyze: reads aggregates (or points), passes every record
 * through, and at the end of its input appends findings about each series.
 *
 * This file is wiring: options, the input loop, the analyses in order.
 */
#include <argp.h>
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "attribution.h"
#include "cli.h"
#include "compare.h"
#include "input.h"
#include "pp_json.h"
#include "pp_record.h"
#include "pp_suggest.h"
#include "series.h"
#include "tool.h"

/* The finding types, in output order, for --only. */
static const char *const finding_types[] = {"summary", "trend", "anomaly",
	"attribution", "correlation", "forecast", "recommendation", NULL};

typedef struct options {
	pp_tool tool;
	analysis_options analysis;
	const char *stat;
	bool only[7];		/* by finding_types index */
	bool by_given;		/* --by was given (pool is only the default) */
} options;

typedef struct context {
	series_set series;
	input input;
	attribution_store attribution;
} context;

enum {
	OPTION_STAT = 0x2000,
	OPTION_MIN_CHANGE,
	OPTION_SENSITIVITY,
	OPTION_MIN_SAMPLES,
	OPTION_MIN_CORRELATION,
	OPTION_HORIZON,
	OPTION_CAPACITY,
	OPTION_ONLY,
	OPTION_BY,
	OPTION_ATTRIBUTION_EP,
	OPTION_ATTRIBUTION_VALUE_EP,
	OPTION_ATTRIBUTION_SURPRISE,
	OPTION_FDR,
};

static const struct argp_option option_table[] = {
	{"stat", OPTION_STAT, "STAT", 0,
	    "Analyse STAT of each aggregate (p95, mean, rate, ...; default by type)", 0},
	{"min-change", OPTION_MIN_CHANGE, "RATIO", 0,
	    "A trend smaller than RATIO (0.05 or 5%) over the timeframe is stable", 0},
	{"sensitivity", OPTION_SENSITIVITY, "P", 0,
	    "Anomalies lie outside the two-sided normal P interval (default 0.999)", 0},
	{"min-samples", OPTION_MIN_SAMPLES, "N", 0,
	    "Look for anomalies in series of at least N observations (default 30)", 0},
	{"min-correlation", OPTION_MIN_CORRELATION, "R", 0,
	    "Report correlations of at least |R| (default 0.7)", 0},
	{"horizon", OPTION_HORIZON, "DUR", 0,
	    "Forecast each series DUR past its last observation", 0},
	{"capacity", OPTION_CAPACITY, "METRIC<LIMIT", 0,
	    "Say when METRIC crosses LIMIT (or METRIC>LIMIT; repeatable)", 0},
	{"by", OPTION_BY, "TAG", 0,
	    "Summarise performance per value of TAG (default pool)", 0},
	{"attribution-ep", OPTION_ATTRIBUTION_EP, "RATIO", 0,
	    "An attribution's values explain at least RATIO of the change (default 0.67)", 0},
	{"attribution-value-ep", OPTION_ATTRIBUTION_VALUE_EP, "RATIO", 0,
	    "Each attributed value explains at least RATIO of it (default 0.1)", 0},
	{"attribution-surprise", OPTION_ATTRIBUTION_SURPRISE, "NATS", 0,
	    "An attribution's summed surprise is at least NATS (default 0.005)", 0},
	{"only", OPTION_ONLY, "TYPES", 0,
	    "Write only findings of these types (summary,trend,anomaly,...)", 0},
	{"fdr", OPTION_FDR, "Q", 0,
	    "Keep the expected share of false trend, anomaly and correlation "
	    "findings at most Q (Benjamini-Hochberg; default 0.05, 1 keeps all)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

/* --only: a comma-separated list of finding types. */
static bool
parse_only(options *o, const char *text)
{
	const char *start = text;

	for (;;) {
		size_t length = strcspn(start, ","), i;

		for (i = 0; finding_types[i] != NULL; i++)
			if (strlen(finding_types[i]) == length &&
			    strncmp(finding_types[i], start, length) == 0)
				break;
		if (finding_types[i] == NULL) {
			tool_usage_error(&o->tool, "--only: \"%.*s\" is not a finding "
			    "type (summary, trend, anomaly, attribution, correlation, forecast, "
			    "recommendation)", (int)length, start);
			return false;
		}
		o->only[i] = true;
		if (start[length] == '\0')
			return true;
		start += length + 1;
	}
}

static const tool_field option_fields[] = {
	{OPTION_STAT, "--stat", TOOL_FIELD_STRING, offsetof(options, stat), 0, 0},
	{OPTION_MIN_CHANGE, "--min-change", TOOL_FIELD_RATIO,
	    offsetof(options, analysis.min_change), 0, 0},
	{OPTION_SENSITIVITY, "--sensitivity", TOOL_FIELD_FRACTION,
	    offsetof(options, analysis.sensitivity), 0, 0},
	{OPTION_HORIZON, "--horizon", TOOL_FIELD_DURATION, offsetof(options, analysis.horizon),
	    0, 0},
	{OPTION_ATTRIBUTION_EP, "--attribution-ep", TOOL_FIELD_RATIO,
	    offsetof(options, analysis.attribution.min_ep), 0, 0},
	{OPTION_ATTRIBUTION_VALUE_EP, "--attribution-value-ep", TOOL_FIELD_RATIO,
	    offsetof(options, analysis.attribution.min_value_ep), 0, 0},
	{OPTION_ATTRIBUTION_SURPRISE, "--attribution-surprise", TOOL_FIELD_NUMBER,
	    offsetof(options, analysis.attribution.min_surprise), 0, DBL_MAX},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_option(int key, char *argument, struct argp_state *state)
{
	options *o = state->input;
	analysis_options *a = &o->analysis;

	switch (key) {
	case OPTION_MIN_SAMPLES:
		if (!cli_parse_count(&o->tool, "--min-samples", argument, 3.0,
		    &a->min_samples))
			exit(PP_EXIT_USAGE);
		return 0;
	case OPTION_MIN_CORRELATION:
		if (!tool_parse_number(&o->tool, "--min-correlation", argument, 0.0,
		    &a->min_correlation))
			exit(PP_EXIT_USAGE);
		if (a->min_correlation > 1.0)
			exit(tool_usage_error(&o->tool,
			    "--min-correlation: %s is above 1", argument));
		return 0;
	case OPTION_CAPACITY:
		if (!cli_add_capacity(&o->tool, a, argument))
			exit(PP_EXIT_USAGE);
		return 0;
	case OPTION_BY:
		a->by = argument;
		o->by_given = true;
		return 0;
	case OPTION_FDR:
		if (!tool_parse_number(&o->tool, "--fdr", argument, 0.0, &a->fdr))
			exit(PP_EXIT_USAGE);
		if (!(a->fdr > 0.0 && a->fdr <= 1.0))
			exit(tool_usage_error(&o->tool,
			    "--fdr: %s is not above 0 and at most 1", argument));
		return 0;
	case OPTION_ONLY:
		if (!parse_only(o, argument))
			exit(PP_EXIT_USAGE);
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* Whether --only lets findings of this type through. */
static bool
selected(const options *o, jv record)
{
	jv type = jv_object_get(jv_copy(record), jv_string("type"));
	bool any = false, chosen = false;
	size_t i;

	for (i = 0; finding_types[i] != NULL; i++) {
		any = any || o->only[i];
		if (o->only[i] && strcmp(finding_types[i], jv_string_value(type)) == 0)
			chosen = true;
	}
	jv_free(type);
	return !any || chosen;
}

static void
analyse(options *o, context *c)
{
	jv findings = jv_array();
	series_set timed = c->series;	/* a view: the series placed in time */
	size_t j;
	int i, count;

	series_set_sort(&c->series);
	/* whole-input aggregates without a start (time NaN, sorted first)
	 * are summarised, but have no place in a trend, an anomaly, a
	 * correlation or a forecast */
	timed.items = pp_xcalloc(c->series.count + 1, sizeof(*timed.items));
	timed.count = 0;
	for (j = 0; j < c->series.count; j++)
		if (c->series.items[j]->count == 0 || !isnan(c->series.items[j]->items[0].time))
			timed.items[timed.count++] = c->series.items[j];
	performance_findings(&o->analysis, &c->series, &findings);
	summary_findings(&o->analysis, &c->series, &findings);
	/* The summaries count every window; the rest compares whole ones. */
	series_set_drop_partial(&c->series);
	trend_findings(&o->analysis, &timed, &findings);
	anomaly_findings(&o->analysis, &timed, &findings);
	attribution_findings(&o->analysis, &c->attribution, &findings);
	correlation_findings(&o->analysis, &timed, &findings);
	fdr_filter(&o->analysis, &findings);
	forecast_findings(&o->analysis, &timed, &findings);
	free(timed.items);
	recommendation_findings(&o->analysis, &findings);
	count = jv_array_length(jv_copy(findings));
	for (i = 0; i < count; i++) {
		jv record = jv_array_get(jv_copy(findings), i);

		if (selected(o, record))
			pp_json_write_record(tool_out(&o->tool), record);
		jv_free(record);
	}
	jv_free(findings);
}

/* A --by tag that no series had groups nothing: say so, with the
 * nearest tag key that occurred. */
static void
warn_unseen_by(options *o, const series_set *set)
{
	const char *keys[256], *near;
	size_t key_count = 0, i, k;
	jv held;

	if (!o->by_given || set->count == 0)
		return;
	held = jv_array();	/* keeps the strings keys[] borrows */
	for (i = 0; i < set->count; i++) {
		jv tags = set->items[i]->tags;
		bool has = false;

		if (jv_get_kind(tags) != JV_KIND_OBJECT)
			continue;
		jv_object_foreach(tags, key, value) {
			if (strcmp(jv_string_value(key), o->analysis.by) == 0)
				has = true;
			for (k = 0; k < key_count && strcmp(keys[k], jv_string_value(key)) != 0; k++)
				;
			if (k == key_count && key_count < 256) {
				held = jv_array_append(held, jv_copy(key));
				keys[key_count++] = jv_string_value(key);
			}
			jv_free(key);
			jv_free(value);
		}
		if (has) {
			jv_free(held);
			return;
		}
	}
	near = pp_suggest(o->analysis.by, keys, key_count);
	tool_warn(&o->tool, "--by %s: no series had the tag %s%s%s%s", o->analysis.by,
	    o->analysis.by, near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
	jv_free(held);
}

static const tool_command command_line = {
	option_table, option_fields, parse_option, "[FILE...]",
	"Find trends, anomalies, correlations and forecasts in aggregates: "
	"pass every record through and append findings at the end of the "
	"input.  Or: perf-analyze compare BASELINE CANDIDATE (see "
	"perf-analyze compare --help).", 0, &cli_argp, offsetof(options, analysis),
};

int
main(int argc, char **argv)
{
	options o;
	context c;
	test_family family = {NULL, 0, 0, 0};
	int status;

	argp_program_version = "perf-analyze (perfpipe) " PERFPIPE_VERSION;
	argp_err_exit_status = PP_EXIT_USAGE;
	if (argc > 1 && strcmp(argv[1], "compare") == 0) {
		argv[1] = "perf-analyze compare";	/* argp's name in usage */
		return compare_main(argc - 1, argv + 1);
	}
	memset(&o, 0, sizeof(o));
	o.analysis.min_change = 0.05;
	o.analysis.sensitivity = 0.999;
	o.analysis.min_samples = 30;
	o.analysis.min_correlation = 0.7;
	o.analysis.by = "pool";
	o.analysis.attribution = (pp_attribution_options)PP_ATTRIBUTION_OPTIONS_DEFAULT;
	o.analysis.fdr = 0.05;
	o.analysis.family = &family;
	tool_init(&o.tool, "perf-analyze");
	tool_parse_command_line(&command_line, argc, argv, &o);
	if ((status = tool_open(&o.tool)) != 0)
		return status;
	series_set_init(&c.series, o.stat);
	input_init(&c.input, &c.series, true);
	memset(&c.attribution, 0, sizeof(c.attribution));
	c.input.attribution = &c.attribution;
	if (tool_read_inputs(&o.tool, o.tool.files, o.tool.file_count, input_line, &c.input) ||
	    tool_interrupted()) {
		pp_error error = {NULL, 0, ""};

		/* a limit in a unit that does not fit its series: no forecast
		 * can stand on it, and no finding is written */
		if (!capacity_limits_fit(&o.analysis, &c.series, &error)) {
			tool_warn(&o.tool, "%s", error.message);
			status = PP_EXIT_USAGE;
		} else {
			analyse(&o, &c);
		}
	}
	tool_end_batch(&o.tool);
	warn_unseen_by(&o, &c.series);
	input_free(&c.input);
	attribution_store_free(&c.attribution);
	series_set_free(&c.series);
	cli_free(&o.analysis);
	test_family_free(&family);
	return tool_finish(&o.tool, status);
}
