/*
 * perf-alert - evaluates alert rules over a stream of aggregates and
 * findings, passes the stream through and adds alert records when a rule's
 * state changes; a CI gate with --fail-on.
 *
 * main() is wiring: options, rules, the engine, the stream, the gate.
 */
#include <argp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "alertmanager.h"
#include "perf_alert.h"
#include "state.h"

enum {
	OPTION_FAIL_ON = 0x100,
	OPTION_FAIL_ON_FINAL,
	OPTION_STATE,
	OPTION_EXEC,
	OPTION_EXEC_TIMEOUT,
	OPTION_FORMAT,
	OPTION_INCLUDE_PARTIAL,
};

static const struct argp_option option_table[] = {
	{"threshold", 't', "RULE", 0,
	    "A threshold rule: METRIC[{TAG=VALUE,...}]:STAT OP NUMBER [@SEVERITY] "
	    "(repeatable)", 0},
	{"rules", 'r', "FILE", 0, "Read rules from the JSON rules FILE", 0},
	{"fail-on", OPTION_FAIL_ON, "SEVERITY", 0,
	    "Exit 1 when an alert at or above SEVERITY (info, warning, critical, "
	    "emergency) was firing at any time in the input; 4 when none was but a "
	    "rule matched nothing", 0},
	{"fail-on-final", OPTION_FAIL_ON_FINAL, "SEVERITY", 0,
	    "Exit 1 when an alert at or above SEVERITY is still firing at the end "
	    "(for cron); 4 as --fail-on", 0},
	{"state", OPTION_STATE, "FILE", 0,
	    "Keep the alerts' state in FILE between runs (for cron)", 0},
	{"exec", OPTION_EXEC, "CMD", 0,
	    "Run CMD [ARG...] ';' for each alert that fires or resolves, with the alert "
	    "on its standard input and in PERFPIPE_ALERT_* variables", 0},
	{"exec-timeout", OPTION_EXEC_TIMEOUT, "DURATION", 0,
	    "Kill an --exec command that runs longer than DURATION (default 10s)", 0},
	{"format", OPTION_FORMAT, "FORMAT", 0,
	    "stream (default: the stream with alerts added) or alertmanager (an "
	    "Alertmanager v2 API array)", 0},
	{"include-partial", OPTION_INCLUDE_PARTIAL, NULL, 0,
	    "Evaluate the rules on partial windows too (\"partial\":true, which the "
	    "input covers only in part; skipped by default)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

/* --exec CMD [ARG...] ';': the command's words run up to a lone ";" (or
 * the end), taken as they are so that none is read as an option. */
static void
take_exec_command(alert_options *options, char *command, struct argp_state *state)
{
	size_t count = 1;

	if (options->exec_argv != NULL)
		exit(tool_usage_error(&options->tool, "--exec may be given once"));
	options->exec_argv = pp_xcalloc((size_t)(state->argc - state->next) + 2, sizeof(char *));
	options->exec_argv[0] = command;
	while (state->next < state->argc && strcmp(state->argv[state->next], ";") != 0)
		options->exec_argv[count++] = state->argv[state->next++];
	if (state->next < state->argc)
		state->next++;	/* the ";" */
}

static const tool_field option_fields[] = {
	{OPTION_STATE, "--state", TOOL_FIELD_STRING, offsetof(alert_options, state_path), 0, 0},
	{OPTION_EXEC_TIMEOUT, "--exec-timeout", TOOL_FIELD_DURATION,
	    offsetof(alert_options, exec_timeout), 0, 0},
	{OPTION_INCLUDE_PARTIAL, "--include-partial", TOOL_FIELD_FLAG,
	    offsetof(alert_options, include_partial), 0, 0},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_option(int key, char *argument, struct argp_state *state)
{
	alert_options *options = state->input;
	pp_error error;

	switch (key) {
	case 't':
		options->shorthands = pp_xrealloc(options->shorthands,
		    (options->shorthand_count + 1) * sizeof(char *));
		options->shorthands[options->shorthand_count++] = argument;
		return 0;
	case 'r':
		if (options->rules_path != NULL)
			exit(tool_usage_error(&options->tool, "-r may be given once"));
		options->rules_path = argument;
		return 0;
	case OPTION_FAIL_ON:
		if (pp_severity_parse(argument, &options->fail_on, &error) != PP_OK)
			exit(tool_usage_error(&options->tool, "--fail-on: %s", error.message));
		options->has_fail_on = true;
		return 0;
	case OPTION_FAIL_ON_FINAL:
		if (pp_severity_parse(argument, &options->fail_on_final, &error) != PP_OK)
			argp_error(state, "--fail-on-final: %s", error.message);
		options->has_fail_on_final = true;
		return 0;
	case OPTION_EXEC:
		take_exec_command(options, argument, state);
		return 0;
	case OPTION_FORMAT:
		if (strcmp(argument, "stream") == 0)
			options->format = FORMAT_STREAM;
		else if (strcmp(argument, "alertmanager") == 0)
			options->format = FORMAT_ALERTMANAGER;
		else
			exit(tool_usage_error(&options->tool, "--format: \"%s\" is not stream or alertmanager", argument));
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static const tool_command command_line = {
	option_table, option_fields, parse_option, "[FILE...]",
	"Evaluate alert rules over aggregates and findings in event time; pass the "
	"stream through and add alert records when a rule's state changes.", 0,
	&future_argp, offsetof(alert_options, future),
};

const char *argp_program_version = "perf-alert (perfpipe) " PERFPIPE_VERSION;
const char *argp_program_bug_address = NULL;

/* The run proper, once the engine exists: state in, stream, state out,
 * gate. */
static int
evaluate(alert_options *options, pp_alerting *engine)
{
	alert_state state;
	jv transitions, firing;
	int status, saved = 0, gate;

	if ((status = state_open(options, &state, engine)) != 0) {
		state_close(&state);
		return status;
	}
	status = alert_run(options, engine, &transitions, &firing, &state.undelivered);
	if (status == PP_EXIT_USAGE) {
		/* a threshold's unit did not fit a series: neither the state
		 * nor a verdict can stand on rules that were misread */
		state_close(&state);
		jv_free(transitions);
		jv_free(firing);
		return status;
	}
	if (options->format == FORMAT_ALERTMANAGER)
		alertmanager_write(tool_out(&options->tool), transitions, firing);
	jv_free(firing);
	/* The state accounts for the alerts written: it is committed only
	 * once they were written and flushed; else the old one stays, and the
	 * next run over this input writes them again (at least once). */
	if (tool_end_batch(&options->tool))
		saved = state_save(options, &state, engine);
	else if (state.path != NULL) {
		tool_warn(&options->tool, "%s: not updated: the output was not all written",
		    state.path);
		saved = 0;
	}
	state_close(&state);
	jv_free(transitions);
	gate = alert_gate(options, engine);	/* the counts print whatever else failed */
	if (status == 0)
		status = saved;
	return status != 0 ? status : gate;
}

int
main(int argc, char **argv)
{
	alert_options options;
	pp_error error = {NULL, 0, ""};
	pp_alerting *engine;
	pp_rule *rules = NULL;
	size_t rule_count = 0;
	int status;

	memset(&options, 0, sizeof(options));
	options.exec_timeout = 10;
	pp_gate_init(&options.gate);
	tool_init(&options.tool, "perf-alert");
	future_init(&options.future, &options.tool);
	argp_err_exit_status = PP_EXIT_USAGE;
	tool_parse_command_line(&command_line, argc, argv, &options);
	/* An Alertmanager array is not a stream: self metrics go to stderr. */
	options.tool.self.to_stderr = options.format == FORMAT_ALERTMANAGER;
	if ((status = alert_load_rules(&options, &rules, &rule_count)) != 0 ||
	    (status = tool_open(&options.tool)) != 0)
		goto done;
	options.rules = rules;
	options.rule_count = rule_count;
	error.source = options.rules_path;	/* expr rules come from the file */
	if ((engine = pp_alerting_new(rules, rule_count, &error)) == NULL) {
		tool_report(&options.tool, &error);
		status = PP_EXIT_USAGE;
		goto done;
	}
	status = tool_finish(&options.tool, evaluate(&options, engine));
	pp_alerting_free(engine);
done:
	pp_rules_free(rules, rule_count);
	pp_gate_free(&options.gate);
	free(options.shorthands);
	free(options.exec_argv);
	return status;
}
