/*
 * perf-alert - evaluates alert rules over a stream of aggregates and
 * findings, passes the stream through and adds alert records when a rule's
 * state changes; a CI gate with --fail-on.
 *
 * main() is wiring: options, rules, the engine, the stream, the gate.
 */
#include <argp.h>
#include <stdlib.h>
#include <string.h>

#include "perf_alert.h"

enum {
	OPTION_FAIL_ON = 0x100,
};

static const struct argp_option option_table[] = {
	{"threshold", 't', "RULE", 0,
	    "A threshold rule: METRIC[{TAG=VALUE,...}]:STAT OP NUMBER [@SEVERITY] "
	    "(repeatable)", 0},
	{"rules", 'r', "FILE", 0, "Read rules from the JSON rules FILE", 0},
	{"fail-on", OPTION_FAIL_ON, "SEVERITY", 0,
	    "Exit 1 when an alert at or above SEVERITY (info, warning, critical, "
	    "emergency) is firing at the end", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static error_t
parse_option(int key, char *argument, struct argp_state *state)
{
	alert_options *options = state->input;
	pp_error error;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &options->tool;
		return 0;
	case 't':
		options->shorthands = pp_xrealloc(options->shorthands,
		    (options->shorthand_count + 1) * sizeof(char *));
		options->shorthands[options->shorthand_count++] = argument;
		return 0;
	case 'r':
		if (options->rules_path != NULL)
			argp_error(state, "-r may be given once");
		options->rules_path = argument;
		return 0;
	case OPTION_FAIL_ON:
		if (pp_severity_parse(argument, &options->fail_on, &error) != PP_OK)
			argp_error(state, "--fail-on: %s", error.message);
		options->has_fail_on = true;
		return 0;
	case ARGP_KEY_ARGS:
		options->files = state->argv + state->next;
		options->file_count = state->argc - state->next;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static const struct argp_child children[] = {{&tool_argp, 0, NULL, 0}, {0}};
static const struct argp parser = {option_table, parse_option, "[FILE...]",
	"Evaluate alert rules over aggregates and findings in event time; pass the "
	"stream through and add alert records when a rule's state changes.",
	children, NULL, NULL};

const char *argp_program_version = "perf-alert (perfpipe) " PERFPIPE_VERSION;
const char *argp_program_bug_address = NULL;

int
main(int argc, char **argv)
{
	alert_options options;
	pp_error error = {NULL, 0, ""};
	pp_alerting *engine;
	pp_rule *rules = NULL;
	size_t rule_count = 0;
	jv transitions;
	int status;

	memset(&options, 0, sizeof(options));
	tool_init(&options.tool, "perf-alert");
	argp_err_exit_status = PP_EXIT_USAGE;
	argp_parse(&parser, argc, argv, 0, NULL, &options);
	if ((status = alert_load_rules(&options, &rules, &rule_count)) != 0 ||
	    (status = tool_open(&options.tool)) != 0)
		goto done;
	if ((engine = pp_alerting_new(rules, rule_count, &error)) == NULL) {
		tool_report(&options.tool, &error);
		status = PP_EXIT_USAGE;
		goto done;
	}
	status = alert_run(&options, engine, &transitions);
	jv_free(transitions);
	if (status == 0)
		status = alert_gate(&options, engine);
	pp_alerting_free(engine);
	status = tool_finish(&options.tool, status);
done:
	pp_rules_free(rules, rule_count);
	free(options.shorthands);
	return status;
}
