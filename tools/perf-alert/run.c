/*
 * run.c - perf-alert's pass over the stream: every record goes out as it
 * came in, aggregates and findings also go through the rule engine, and the
 * alert records of the transitions they cause follow right after them.
 * Then the --fail-on gate.
 */
#include "perf_alert.h"

#include "pp_json.h"
#include "pp_record.h"

typedef struct run_context {
	alert_options *options;
	pp_alerting *engine;
	pp_point point;
	jv transitions;		/* every alert record made */
} run_context;

/* Writes the alert records (stream format) and keeps them. */
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
		run->transitions = jv_array_append(run->transitions, alert);
	}
	jv_free(alerts);
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
	return tool_end_batch(tool);
}

int
alert_run(alert_options *options, pp_alerting *engine, jv *transitions)
{
	run_context run = {options, engine, {0}, jv_array()};
	jv alerts = jv_array();

	pp_point_init(&run.point);
	tool_read_inputs(&options->tool, options->files, options->file_count,
	    handle_line, &run);
	pp_point_free(&run.point);
	pp_alerting_flush(engine, &alerts);
	emit(&run, alerts);
	tool_end_batch(&options->tool);
	*transitions = run.transitions;
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
