/*
 * run.c - perf-alert's pass over the stream: every record goes out as it
 * came in, aggregates and findings also go through the rule engine, and the
 * alert records of the transitions they cause follow right after them.
 * Then the --fail-on gate.
 */
#include "perf_alert.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "deliver.h"
#include "explain.h"
#include "pp_json.h"
#include "pp_record.h"
#include "pp_time.h"
#include "seen.h"

typedef struct run_context {
	alert_options *options;
	pp_alerting *engine;
	pp_point point;
	jv transitions;		/* resolved alerts, for --format alertmanager */
	jv *undelivered;	/* --exec failures to retry (with --state) */
	size_t lost;		/* --exec failures without --state */
	seen_names seen;	/* for rules that match nothing */
	bool misfit;		/* a threshold's unit did not fit a series */
	explainer explain;	/* attribution findings for the alerts */
} run_context;

/* Runs --exec for an alert; a failure is kept for the next run when there
 * is a state file to keep it in. */
static void
deliver(run_context *run, jv alert)
{
	/* after SIGINT or SIGTERM no command starts: the run ends within one
	 * --exec-timeout, and the alert waits for the next run */
	if (run->options->exec_argv == NULL || !deliver_wanted(alert) ||
	    (!tool_interrupted() && deliver_alert(run->options, alert)))
		return;
	if (run->options->state_path != NULL)
		*run->undelivered = jv_array_append(*run->undelivered, jv_copy(alert));
	else
		run->lost++;
}

/* Delivers again what earlier runs could not, oldest first. */
static void
retry_undelivered(run_context *run)
{
	jv pending = *run->undelivered;
	int i, n = jv_array_length(jv_copy(pending));

	*run->undelivered = jv_array();
	for (i = 0; i < n; i++) {
		jv alert = jv_array_get(jv_copy(pending), i);

		if (run->options->exec_argv == NULL)
			*run->undelivered = jv_array_append(*run->undelivered, alert);
		else {
			deliver(run, alert);
			jv_free(alert);
		}
	}
	jv_free(pending);
}

static bool
is_resolved(jv alert)
{
	jv state = jv_object_get(jv_copy(alert), jv_string("state"));
	bool resolved = jv_get_kind(state) == JV_KIND_STRING &&
	    strcmp(jv_string_value(state), "resolved") == 0;

	jv_free(state);
	return resolved;
}

/* Writes the alert records (stream format), delivers them (--exec) and
 * keeps the resolved ones for --format alertmanager. */
static void
emit(run_context *run, jv alerts)
{
	int i, n = jv_array_length(jv_copy(alerts));

	for (i = 0; i < n; i++) {
		jv alert = explain_alert(&run->explain, jv_array_get(jv_copy(alerts), i));

		pp_gate_observe(&run->options->gate, alert, NULL);
		if (run->options->format == FORMAT_STREAM) {
			pp_json_write_record(tool_out(&run->options->tool), alert);
			run->options->tool.records_out++;
		}
		deliver(run, alert);
		/* Only --format alertmanager needs them: keep nothing else, so a
		 * live pipeline does not grow with time. */
		if (run->options->format == FORMAT_ALERTMANAGER && is_resolved(alert))
			run->transitions = jv_array_append(run->transitions, alert);
		else
			jv_free(alert);
	}
	jv_free(alerts);
}

/* With --format alertmanager, puts alert (consumed), a resolved record
 * written again with its explanation, in the place of the one it repeats
 * among the resolved alerts kept. */
static void
replace_transition(run_context *run, jv alert)
{
	int i = jv_array_length(jv_copy(run->transitions));
	jv id = jv_object_get(jv_copy(alert), jv_string("id"));

	while (--i >= 0) {
		jv kept = jv_array_get(jv_copy(run->transitions), i);
		bool same = jv_equal(jv_object_get(kept, jv_string("id")), jv_copy(id));

		if (same)
			break;
	}
	jv_free(id);
	if (i >= 0)
		run->transitions = jv_array_set(run->transitions, i, alert);
	else
		jv_free(alert);
}

/* Writes again, with their explanation, the latest records of alerts
 * written before the finding that explains them.  They are no transition:
 * --exec is not run again (explain.h). */
static void
emit_explained(run_context *run, jv again)
{
	int i, n = jv_array_length(jv_copy(again));

	for (i = 0; i < n; i++) {
		jv alert = jv_array_get(jv_copy(again), i);

		if (run->options->format == FORMAT_STREAM) {
			pp_json_write_record(tool_out(&run->options->tool), alert);
			run->options->tool.records_out++;
			jv_free(alert);
		} else if (is_resolved(alert))
			replace_transition(run, alert);
		else
			jv_free(alert);
	}
	jv_free(again);
}

/* A window that the input covers only in part (perfpipe-stream(5)): its
 * count and rate are of the covered span, and its percentiles of fewer
 * values, so the rules skip it unless --include-partial. */
static bool
is_partial(jv record)
{
	jv kind = jv_object_get(jv_copy(record), jv_string("kind"));
	jv partial = jv_object_get(jv_copy(record), jv_string("partial"));
	bool skip = jv_get_kind(kind) == JV_KIND_STRING &&
	    strcmp(jv_string_value(kind), "aggregate") == 0 &&
	    jv_get_kind(partial) == JV_KIND_TRUE;

	jv_free(kind);
	jv_free(partial);
	return skip;
}


/* True when the record's "end" (epoch seconds or RFC 3339) lies beyond
 * --max-future. */
static bool
too_far_ahead(run_context *run, jv record, char *horizon, size_t size)
{
	jv end = jv_object_get(jv_copy(record), jv_string("end"));
	double time = NAN;

	if (jv_get_kind(end) == JV_KIND_NUMBER)
		time = jv_number_value(end);
	else if (jv_get_kind(end) == JV_KIND_STRING &&
	    pp_time_parse_rfc3339(jv_string_value(end), (size_t)jv_string_length_bytes(jv_copy(end)),
	    &time, NULL) != PP_OK)
		time = NAN;
	jv_free(end);
	return !isnan(time) && future_too_far(&run->options->future, time, horizon, size);
}

static bool
handle_line(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *context)
{
	run_context *run = context;
	pp_error error = {pp_reader_name(reader), pp_reader_line_number(reader), ""};
	jv object = jv_invalid(), alerts;
	pp_kind kind;
	pp_status status;
	char horizon[64];

	if (tool_is_blank(line, length))
		return true;
	if (pp_record_read(line, length, &run->point, &kind, &object, &error) != PP_OK) {
		tool_reject(tool, &error, line, length);
		return true;
	}
	if ((kind != PP_KIND_AGGREGATE && kind != PP_KIND_FINDING) ||
	    (!run->options->include_partial && is_partial(object))) {
		jv_free(object);
		if (run->options->format == FORMAT_STREAM)
			tool_pass_line(tool, line, length);
		return true;
	}
	if (too_far_ahead(run, object, horizon, sizeof(horizon))) {
		/* it would move the engine's clock past every later record */
		jv_free(object);
		tool_reject_line(tool, error.source, error.line, line, length,
		    "far-future record: \"end\" is after %s (now plus --max-future)", horizon);
		return true;
	}
	seen_note(&run->seen, object);
	/* Alerts of the time step this record closes come before it, those
	 * of the record itself after it. */
	alerts = jv_array();
	pp_alerting_close_before(run->engine, object, &alerts);
	emit(run, alerts);
	alerts = jv_array();
	status = pp_alerting_feed(run->engine, object, &alerts, &error);
	if (status == PP_ERR_INVALID) {
		jv_free(object);
		jv_free(alerts);
		tool_reject(tool, &error, line, length);
		return true;
	}
	if (status == PP_ERR_CONFIG) {
		/* a rule that cannot be judged in this stream's units: the
		 * configuration is wrong, and no gate can stand on it */
		jv_free(object);
		jv_free(alerts);
		tool_report(tool, &error);
		run->misfit = true;
		return false;
	}
	if (status != PP_OK)
		tool_report(tool, &error);
	if (run->options->format == FORMAT_STREAM)
		tool_pass_line(tool, line, length);
	emit(run, alerts);
	alerts = jv_array();
	explain_finding(&run->explain, object, &alerts);
	jv_free(object);
	emit_explained(run, alerts);
	self_metrics_series(&tool->self, pp_alerting_series_count(run->engine));
	return tool_end_batch(tool);
}

int
alert_run(alert_options *options, pp_alerting *engine, jv *transitions, jv *firing_out,
    jv *undelivered)
{
	run_context run = {options, engine, {0}, jv_array(), undelivered, 0,
	    {jv_null(), jv_null(), jv_null()}, false, {0}};
	jv alerts = jv_array(), firing = pp_alerting_firing(engine);
	int i, n = jv_array_length(jv_copy(firing));

	/* What a --state file says is firing was firing in this run too. */
	for (i = 0; i < n; i++) {
		jv alert = jv_array_get(jv_copy(firing), i);

		pp_gate_observe(&options->gate, alert, NULL);
		jv_free(alert);
	}
	jv_free(firing);
	seen_init(&run.seen);
	explain_init(&run.explain, options);
	retry_undelivered(&run);
	pp_point_init(&run.point);
	tool_read_inputs(&options->tool, options->tool.files, options->tool.file_count,
	    handle_line, &run);
	pp_point_free(&run.point);
	if (run.misfit) {
		jv_free(alerts);
		jv_free(run.transitions);
		*transitions = jv_array();
		*firing_out = jv_array();
		seen_free(&run.seen);
		explain_free(&run.explain);
		return PP_EXIT_USAGE;
	}
	pp_alerting_flush(engine, &alerts);
	emit(&run, alerts);
	tool_end_batch(&options->tool);
	*transitions = run.transitions;
	*firing_out = options->format == FORMAT_ALERTMANAGER ?
	    explain_firing(&run.explain, pp_alerting_firing(engine)) : jv_array();
	/* Only a whole input can show that a rule matched nothing: not one
	 * cut short by a reader that went away or by a signal, or with a
	 * file that could not be read (already an error, exit 3). */
	if (!options->tool.output_closed && !tool_interrupted() &&
	    options->tool.exit_status == 0)
		options->unmatched = seen_warn_unmatched(&run.seen, options, engine);
	seen_free(&run.seen);
	explain_free(&run.explain);
	if (run.lost > 0) {
		tool_warn(&options->tool, "%zu alert%s could not be delivered (use --state to "
		    "retry them)", run.lost, run.lost == 1 ? "" : "s");
		return PP_EXIT_INPUT;
	}
	return 0;
}

/* One gate's line on stderr and its exit status. */
static int
judge(alert_options *options, pp_gate_when when, pp_severity severity)
{
	const char *option = when == PP_GATE_ANY_TIME ? "--fail-on" : "--fail-on-final";
	size_t counts[PP_SEVERITY_COUNT];
	pp_verdict verdict = pp_gate_verdict(&options->gate, when, severity, options->unmatched);
	char nothing[96];

	pp_gate_counts(&options->gate, when, counts);
	snprintf(nothing, sizeof(nothing), "nothing to judge (%zu rule%s matched nothing)",
	    options->unmatched, options->unmatched == 1 ? "" : "s");
	tool_warn(&options->tool, "firing %s: %zu emergency, %zu critical, %zu warning, "
	    "%zu info; %s %s: %s", when == PP_GATE_ANY_TIME ? "at any time" : "at the end",
	    counts[PP_SEVERITY_EMERGENCY], counts[PP_SEVERITY_CRITICAL],
	    counts[PP_SEVERITY_WARNING], counts[PP_SEVERITY_INFO], option,
	    pp_severity_names[severity], verdict == PP_VERDICT_FAIL ? "failed" :
	    verdict == PP_VERDICT_NOTHING ? nothing : "passed");
	return pp_verdict_exit_status(verdict);
}

/* Failing (1) wins over nothing to judge (4), which wins over passing. */
static int
worse(int a, int b)
{
	if (a == PP_EXIT_GATE || b == PP_EXIT_GATE)
		return PP_EXIT_GATE;
	return a != 0 ? a : b;
}

int
alert_gate(alert_options *options, const pp_alerting *engine)
{
	int status = 0;

	(void)engine;
	if (options->has_fail_on)
		status = judge(options, PP_GATE_ANY_TIME, options->fail_on);
	if (options->has_fail_on_final)
		status = worse(status, judge(options, PP_GATE_FINAL, options->fail_on_final));
	return status;
}
