/*
 * run.c - perf-alert's pass over the stream: every record goes out as it
 * came in, aggregates and findings also go through the rule engine, and the
 * alert records of the transitions they cause follow right after them.
 * Then the --fail-on gate.
 */
#include "perf_alert.h"

#include <math.h>
#include <string.h>

#include "deliver.h"
#include "pp_json.h"
#include "pp_record.h"
#include "pp_time.h"

typedef struct run_context {
	alert_options *options;
	pp_alerting *engine;
	pp_point point;
	jv transitions;		/* resolved alerts, for --format alertmanager */
	jv *undelivered;	/* --exec failures to retry (with --state) */
	size_t lost;		/* --exec failures without --state */
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
		jv alert = jv_array_get(jv_copy(alerts), i);

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
	if (kind != PP_KIND_AGGREGATE && kind != PP_KIND_FINDING) {
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
	/* Alerts of the time step this record closes come before it, those
	 * of the record itself after it. */
	alerts = jv_array();
	pp_alerting_close_before(run->engine, object, &alerts);
	emit(run, alerts);
	alerts = jv_array();
	status = pp_alerting_feed(run->engine, object, &alerts, &error);
	jv_free(object);
	if (status == PP_ERR_INVALID) {
		jv_free(alerts);
		tool_reject(tool, &error, line, length);
		return true;
	}
	if (status != PP_OK)
		tool_report(tool, &error);
	if (run->options->format == FORMAT_STREAM)
		tool_pass_line(tool, line, length);
	emit(run, alerts);
	self_metrics_series(&tool->self, pp_alerting_series_count(run->engine));
	return tool_end_batch(tool);
}

/* A rule whose stat no matching aggregate had can never fire: say so. */
static void
warn_missing_stats(alert_options *options, const pp_alerting *engine)
{
	size_t i;

	for (i = 0; i < options->rule_count; i++) {
		const char *stat = pp_alerting_missing_stat(engine, i);

		if (stat != NULL)
			tool_warn(&options->tool, "rule \"%s\": no aggregate it matched had the "
			    "stat \"%s\"", options->rules[i].name, stat);
	}
}

int
alert_run(alert_options *options, pp_alerting *engine, jv *transitions, jv *undelivered)
{
	run_context run = {options, engine, {0}, jv_array(), undelivered, 0};
	jv alerts = jv_array();

	retry_undelivered(&run);
	pp_point_init(&run.point);
	tool_read_inputs(&options->tool, options->files, options->file_count,
	    handle_line, &run);
	pp_point_free(&run.point);
	pp_alerting_flush(engine, &alerts);
	emit(&run, alerts);
	tool_end_batch(&options->tool);
	*transitions = run.transitions;
	warn_missing_stats(options, engine);
	if (run.lost > 0) {
		tool_warn(&options->tool, "%zu alert%s could not be delivered (use --state to "
		    "retry them)", run.lost, run.lost == 1 ? "" : "s");
		return PP_EXIT_INPUT;
	}
	return 0;
}

int
alert_gate(alert_options *options, const pp_alerting *engine)
{
	size_t counts[PP_SEVERITY_COUNT], at_or_above = 0;
	int severity;

	if (!options->has_fail_on)
		return 0;
	pp_alerting_firing_counts(engine, counts);
	for (severity = PP_SEVERITY_COUNT - 1; severity >= (int)options->fail_on; severity--)
		at_or_above += counts[severity];
	tool_warn(&options->tool, "firing: %zu emergency, %zu critical, %zu warning, %zu info; "
	    "--fail-on %s: %s", counts[PP_SEVERITY_EMERGENCY], counts[PP_SEVERITY_CRITICAL],
	    counts[PP_SEVERITY_WARNING], counts[PP_SEVERITY_INFO],
	    pp_severity_name(options->fail_on), at_or_above > 0 ? "failed" : "passed");
	return at_or_above > 0 ? PP_EXIT_GATE : 0;
}
