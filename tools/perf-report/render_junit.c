/*
 * render_junit.c - JUnit XML (the Apache Ant schema), so a CI system shows
 * alerts and comparisons as test results.
 *
 * Two suites: perfpipe.alerts has one test case per alert (the rule on one
 * series), failed when the alert is firing; perfpipe.comparisons has one
 * per comparison finding, failed when its verdict is a regression.  The
 * failure carries the description or message and the suggested actions.
 * The report must be deterministic, so the timestamp is the end of the
 * span the stream covers (the epoch when it has none), the hostname is
 * "localhost" and times are 0.  Text goes through html_escape, which also
 * replaces the control characters XML cannot hold.
 */
#include "render.h"

#include <math.h>
#include <string.h>

#include "format.h"
#include "pp_time.h"
#include "svg.h"

typedef struct suite_counts {
	int tests, failures;
} suite_counts;

static void
count_cases(const report_model *model, suite_counts *alerts, suite_counts *comparisons)
{
	memset(alerts, 0, sizeof(*alerts));
	memset(comparisons, 0, sizeof(*comparisons));
	jv_array_foreach(model->alerts, i, alert) {
		const char *state = model_string(alert, "state");

		alerts->tests++;
		alerts->failures += state != NULL && strcmp(state, "firing") == 0;
		jv_free(alert);
	}
	jv_array_foreach(model->findings, i, finding) {
		const char *type = model_string(finding, "type");

		if (type != NULL && strcmp(type, "comparison") == 0) {
			comparisons->tests++;
			comparisons->failures += model_is_regression(finding);
		}
		jv_free(finding);
	}
}

static void
open_suite(pp_buffer *out, int id, const char *name, const suite_counts *counts,
    const char *timestamp)
{
	pp_buffer_printf(out, "  <testsuite package=\"perfpipe\" id=\"%d\" name=\"%s\" "
	    "timestamp=\"%s\" hostname=\"localhost\" tests=\"%d\" failures=\"%d\" "
	    "errors=\"0\" time=\"0\">\n    <properties/>\n", id, name, timestamp,
	    counts->tests, counts->failures);
}

static void
close_suite(pp_buffer *out)
{
	pp_buffer_append_string(out, "    <system-out/>\n    <system-err/>\n  </testsuite>\n");
}

static void
append_field(pp_buffer *out, jv record, const char *key, const char *otherwise)
{
	const char *text = model_string(record, key);

	html_escape(out, text != NULL && *text != '\0' ? text : otherwise);
}

/* "\nRatio: 2.04% (41/2010)" when the alert's series is a ratio. */
static void
append_ratio(pp_buffer *out, const report_model *model, jv alert)
{
	double ratio, numerator, denominator;
	pp_buffer text = PP_BUFFER_INIT;

	if (!model_record_ratio(model, alert, &ratio, &numerator, &denominator))
		return;
	format_ratio(&text, ratio, numerator, denominator);
	pp_buffer_append_string(out, "\nRatio: ");
	html_escape(out, text.data);
	pp_buffer_free(&text);
}

static void
write_alert_case(pp_buffer *out, const report_model *model, jv alert)
{
	pp_buffer series = PP_BUFFER_INIT;
	jv actions = jv_object_get(jv_copy(alert), jv_string("suggested_actions"));
	const char *state = model_string(alert, "state");

	format_record_series(&series, alert, false);
	pp_buffer_append_string(out, "    <testcase name=\"");
	append_field(out, alert, "rule", model_string(alert, "name"));
	pp_buffer_append_string(out, "\" classname=\"");
	html_escape(out, series.data != NULL ? series.data : "-");
	pp_buffer_append_string(out, "\" time=\"0\"");
	if (state == NULL || strcmp(state, "firing") != 0) {
		pp_buffer_append_string(out, "/>\n");
	} else {
		pp_buffer_append_string(out, ">\n      <failure type=\"");
		append_field(out, alert, "alert_type", "alert");
		pp_buffer_append_string(out, "\" message=\"");
		append_field(out, alert, "severity", "firing");
		pp_buffer_append_string(out, " alert firing\">");
		append_field(out, alert, "description", "");
		append_ratio(out, model, alert);
		if (jv_get_kind(actions) == JV_KIND_ARRAY)
			jv_array_foreach(actions, i, action) {
				if (jv_get_kind(action) == JV_KIND_STRING) {
					pp_buffer_append_string(out, "\nSuggested: ");
					html_escape(out, jv_string_value(action));
				}
				jv_free(action);
			}
		pp_buffer_append_string(out, "</failure>\n    </testcase>\n");
	}
	jv_free(actions);
	pp_buffer_free(&series);
}

static void
write_comparison_case(pp_buffer *out, jv finding)
{
	pp_buffer series = PP_BUFFER_INIT;

	format_record_series(&series, finding, false);
	pp_buffer_append_string(out, "    <testcase name=\"");
	html_escape(out, series.data != NULL ? series.data : "-");
	pp_buffer_append_string(out, "\" classname=\"perfpipe.compare\" time=\"0\"");
	if (!model_is_regression(finding))
		pp_buffer_append_string(out, "/>\n");
	else {
		pp_buffer_append_string(out, ">\n      <failure type=\"regression\" message=\"");
		append_field(out, finding, "message", "regression");
		pp_buffer_append_string(out, "\">");
		append_field(out, finding, "message", "regression");
		pp_buffer_append_string(out, "</failure>\n    </testcase>\n");
	}
	pp_buffer_free(&series);
}

void
render_junit(const report_model *model, const render_options *options, pp_buffer *out)
{
	suite_counts alerts, comparisons;
	double start = 0, end = 0;
	char timestamp[64];

	(void)options;
	model_span(model, &start, &end);
	pp_time_format_rfc3339(floor(end), timestamp, sizeof(timestamp));
	timestamp[19] = '\0';	/* the schema wants no zone: drop the Z */
	count_cases(model, &alerts, &comparisons);
	pp_buffer_append_string(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	open_suite(out, 0, "perfpipe.alerts", &alerts, timestamp);
	jv_array_foreach(model->alerts, i, alert) {
		write_alert_case(out, model, alert);
		jv_free(alert);
	}
	close_suite(out);
	open_suite(out, 1, "perfpipe.comparisons", &comparisons, timestamp);
	jv_array_foreach(model->findings, i, finding) {
		const char *type = model_string(finding, "type");

		if (type != NULL && strcmp(type, "comparison") == 0)
			write_comparison_case(out, finding);
		jv_free(finding);
	}
	close_suite(out);
	pp_buffer_append_string(out, "</testsuites>\n");
}
