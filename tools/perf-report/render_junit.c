/*
 * render_junit.c - JUnit XML (the Apache Ant schema), so a CI system shows
 * alerts and comparisons as test results.
 *
 * Two suites: perfpipe.alerts has one test case per alert (the rule on one
 * series, however many state changes it had); perfpipe.comparisons has one
 * per comparison finding, failed when its verdict is a regression.  The
 * failure carries the description or message and the suggested actions.
 * A case fails by the verdict's gate (verdict.h: the alert, at or above
 * --fail-on, fired at any time), whatever its final state.  The report
 * must be deterministic, so the timestamp is the start of the data (see
 * data_start), the hostname is "localhost" and times are 0.  Text is
 * escaped whole, by xml_escape_bytes.
 */
#include "render.h"

#include <math.h>
#include <string.h>

#include "alerts.h"
#include "format.h"
#include "markup.h"
#include "pp_time.h"
#include "verdict.h"

/* A case fails by the gate of perf-alert --fail-on (verdict.h): its
 * alert, at or above the severity, fired at any time. */
static bool
case_fails(const alert_row *row, int fail_on)
{
	alert_rows one = {(alert_row *)row, 1, 0, 0, 0};

	return verdict_gate(&one, fail_on, NULL);
}


typedef struct suite_counts {
	int tests, failures;
} suite_counts;

/* Appends the bytes of a string escaped for XML text or an attribute,
 * control characters spelled out so nothing is cut: a "\u0000" in a
 * description stays there to be read. */
static void
xml_escape_bytes(pp_buffer *out, const char *text, size_t length)
{
	markup_escape(out, text, length, MARKUP_CONTROLS_SPELLED);
}

static void
xml_escape(pp_buffer *out, const char *text)
{
	xml_escape_bytes(out, text, strlen(text));
}

/* Appends a string field of record whole (a JSON string may hold
 * "\u0000", which a C string would end at), escaped; otherwise when the
 * field is absent or empty. */
static void
append_field(pp_buffer *out, jv record, const char *key, const char *otherwise)
{
	jv value = jv_object_get(jv_copy(record), jv_string(key));

	if (jv_get_kind(value) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(value)) > 0)
		xml_escape_bytes(out, jv_string_value(value),
		    (size_t)jv_string_length_bytes(jv_copy(value)));
	else
		xml_escape(out, otherwise != NULL ? otherwise : "");
	jv_free(value);
}

/* The string array field of record, each item escaped whole after
 * prefix. */
static void
append_items(pp_buffer *out, jv record, const char *key, const char *prefix)
{
	jv items = jv_object_get(jv_copy(record), jv_string(key));

	if (jv_get_kind(items) == JV_KIND_ARRAY)
		jv_array_foreach(items, i, item) {
			if (jv_get_kind(item) == JV_KIND_STRING) {
				pp_buffer_append_string(out, prefix);
				xml_escape_bytes(out, jv_string_value(item),
				    (size_t)jv_string_length_bytes(jv_copy(item)));
			}
			jv_free(item);
		}
	jv_free(items);
}

/* The series of a record, "name{key=value}", each part whole. */
static void
append_series(pp_buffer *out, jv record)
{
	jv tags = jv_object_get(jv_copy(record), jv_string("tags"));
	bool first = true;

	append_field(out, record, "name", "-");
	if (jv_get_kind(tags) == JV_KIND_OBJECT && jv_object_length(jv_copy(tags)) > 0) {
		jv keys = jv_keys(jv_copy(tags));

		pp_buffer_append_char(out, '{');
		jv_array_foreach(keys, i, key) {
			jv value = jv_object_get(jv_copy(tags), jv_copy(key));

			if (!first)
				pp_buffer_append_char(out, ',');
			first = false;
			xml_escape_bytes(out, jv_string_value(key),
			    (size_t)jv_string_length_bytes(jv_copy(key)));
			pp_buffer_append_char(out, '=');
			if (jv_get_kind(value) == JV_KIND_STRING)
				xml_escape_bytes(out, jv_string_value(value),
				    (size_t)jv_string_length_bytes(jv_copy(value)));
			jv_free(value);
			jv_free(key);
		}
		pp_buffer_append_char(out, '}');
		jv_free(keys);
	}
	jv_free(tags);
}

static void
count_cases(const report_model *model, const alert_rows *rows, int fail_on,
    suite_counts *alerts, suite_counts *comparisons)
{
	size_t i;

	memset(alerts, 0, sizeof(*alerts));
	memset(comparisons, 0, sizeof(*comparisons));
	for (i = 0; i < rows->count; i++) {
		alerts->tests++;
		alerts->failures += case_fails(&rows->rows[i], fail_on);
	}
	jv_array_foreach(model->findings, i, finding) {
		const char *type = pp_aggregate_string(finding, "type");

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

/* "\nRatio: 2.04% (41/2010)" when the alert's series is a ratio. */
static void
append_ratio(pp_buffer *out, const report_model *model, jv alert)
{
	double ratio, numerator, denominator;
	pp_buffer text = PP_BUFFER_INIT;

	if (!model_record_ratio(model, alert, &ratio, &numerator, &denominator))
		return;
	pp_people_ratio(&text, ratio, numerator, denominator);
	pp_buffer_append_string(out, "\nRatio: ");
	xml_escape(out, text.data);
	pp_buffer_free(&text);
}

static void
write_alert_case(pp_buffer *out, const report_model *model, const alert_row *row,
    int fail_on)
{
	pp_buffer_append_string(out, "    <testcase name=\"");
	append_field(out, row->last, "rule", pp_aggregate_string(row->last, "name"));
	pp_buffer_append_string(out, "\" classname=\"");
	append_series(out, row->last);
	pp_buffer_append_string(out, "\" time=\"0\"");
	if (!case_fails(row, fail_on)) {
		pp_buffer_append_string(out, "/>\n");
		return;
	}
	pp_buffer_append_string(out, ">\n      <failure type=\"");
	append_field(out, row->shown, "alert_type", "alert");
	pp_buffer_append_string(out, "\" message=\"");
	append_field(out, row->last, "severity", "unknown");
	pp_buffer_printf(out, " alert fired, %s at the end\">", row->state);
	append_field(out, row->shown, "description", "");
	append_ratio(out, model, row->shown);
	append_items(out, row->shown, "suggested_actions", "\nSuggested: ");
	pp_buffer_append_string(out, "</failure>\n    </testcase>\n");
}

static void
write_comparison_case(pp_buffer *out, jv finding)
{
	pp_buffer_append_string(out, "    <testcase name=\"");
	append_series(out, finding);
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
}

/* The start of the data: the first window's start, else the earliest
 * time an alert or finding carries, else the time of the run (the schema
 * requires a timestamp, and 1970 would be a lie). */
static double
data_start(const report_model *model, const render_options *options)
{
	static const char *const keys[] = {"triggered_at", "resolved_at", "ts", "start", NULL};
	double start, end, earliest = INFINITY;
	const char *const *key;

	if (model_span(model, &start, &end) && isfinite(start))
		return start;
	jv_array_foreach(model->alert_history, i, alert) {
		for (key = keys; *key != NULL; key++)
			earliest = fmin(earliest, pp_record_number(alert, *key));
		jv_free(alert);
	}
	jv_array_foreach(model->findings, i, finding) {
		for (key = keys; *key != NULL; key++)
			earliest = fmin(earliest, pp_record_number(finding, *key));
		jv_free(finding);
	}
	return isfinite(earliest) ? earliest : options->now;
}

void
render_junit(const report_model *model, const render_options *options, pp_buffer *out)
{
	suite_counts alerts, comparisons;
	alert_rows rows;
	char timestamp[64];
	size_t i;

	alert_rows_build(model, &rows);
	pp_time_format_rfc3339(floor(data_start(model, options)), timestamp, sizeof(timestamp));
	timestamp[19] = '\0';	/* the schema wants no zone: drop the Z */
	count_cases(model, &rows, options->fail_on, &alerts, &comparisons);
	pp_buffer_append_string(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	open_suite(out, 0, "perfpipe.alerts", &alerts, timestamp);
	for (i = 0; i < rows.count; i++)
		write_alert_case(out, model, &rows.rows[i], options->fail_on);
	close_suite(out);
	open_suite(out, 1, "perfpipe.comparisons", &comparisons, timestamp);
	jv_array_foreach(model->findings, i, finding) {
		const char *type = pp_aggregate_string(finding, "type");

		if (type != NULL && strcmp(type, "comparison") == 0)
			write_comparison_case(out, finding);
		jv_free(finding);
	}
	close_suite(out);
	pp_buffer_append_string(out, "</testsuites>\n");
	alert_rows_free(&rows);
}
