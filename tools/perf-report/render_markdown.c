/*
 * render_markdown.c - the report as GitHub-flavoured Markdown, for a CI
 * job summary or a pull-request comment.
 *
 * The verdict comes first, in one bold line, because that is all most
 * readers of a CI comment look at; then the alerts, one table per metric,
 * the findings and the recommendations.  Every string from the stream is
 * escaped: Markdown punctuation gets a backslash, and <, > and & become
 * entities, so a name can neither break a table nor inject HTML.
 */
#include "render.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "format.h"
#include "metric_table.h"
#include "pp_duration.h"
#include "pp_json.h"
#include "pp_rule.h"

/* Appends text (safe for a terminal) escaped for Markdown inline text. */
static void
append_escaped(pp_buffer *out, const char *text)
{
	const char *c;

	for (c = text; *c != '\0'; c++) {
		if (*c == '<')
			pp_buffer_append_string(out, "&lt;");
		else if (*c == '>')
			pp_buffer_append_string(out, "&gt;");
		else if (*c == '&')
			pp_buffer_append_string(out, "&amp;");
		else if ((unsigned char)*c < 0x20)
			pp_buffer_append_char(out, ' ');
		else {
			if (strchr("\\`*_[]|~#!", *c) != NULL)
				pp_buffer_append_char(out, '\\');
			pp_buffer_append_char(out, *c);
		}
	}
}

/* Appends a string from the stream, escaped. */
static void
append_string(pp_buffer *out, const char *text, bool ascii)
{
	pp_buffer safe = PP_BUFFER_INIT;

	format_safe(&safe, text != NULL ? text : "", ascii);
	append_escaped(out, safe.data != NULL ? safe.data : "");
	pp_buffer_free(&safe);
}

static void
write_verdict(pp_buffer *out, const report_model *model, const render_options *options)
{
	report_verdict verdict;
	double start, end;

	model_verdict(model, &verdict);
	pp_buffer_append_string(out, "## perfpipe report\n\n**");
	if (strcmp(verdict.level, "critical") == 0)
		pp_buffer_append_string(out, options->ascii ? "FAIL" : "\360\237\224\264 FAIL");
	else if (strcmp(verdict.level, "warning") == 0)
		pp_buffer_append_string(out, options->ascii ? "WARN" : "\360\237\237\241 WARN");
	else
		pp_buffer_append_string(out, options->ascii ? "OK" : "\360\237\237\242 OK");
	if (verdict.firing > 0)
		pp_buffer_printf(out, ": %d alert%s firing (worst: %s)", verdict.firing,
		    verdict.firing == 1 ? "" : "s",
		    verdict.worst_firing > 0 ?
		    pp_severity_name((pp_severity)(verdict.worst_firing - 1)) : "");
	else
		pp_buffer_append_string(out, ": no alert firing");
	if (verdict.pending > 0)
		pp_buffer_printf(out, ", %d pending", verdict.pending);
	if (verdict.regressions > 0)
		pp_buffer_printf(out, ", %d regression%s", verdict.regressions,
		    verdict.regressions == 1 ? "" : "s");
	else
		pp_buffer_append_string(out, ", no regression");
	pp_buffer_append_string(out, "**\n\n");
	if (model_span(model, &start, &end)) {
		char span[64];

		pp_duration_format(end - start, span, sizeof(span));
		format_time(out, start);
		pp_buffer_append_string(out, " to ");
		format_time(out, end);
		pp_buffer_printf(out, " (%s), ", end > start ? span : "0s");
	}
	pp_buffer_printf(out, "%zu series in %zu window%s, %d finding%s",
	    model->series_count, model->aggregate_count, model->aggregate_count == 1 ? "" : "s",
	    jv_array_length(jv_copy(model->findings)),
	    jv_array_length(jv_copy(model->findings)) == 1 ? "" : "s");
	model_findings_left_out(model, out);
	if (model->points > 0)
		pp_buffer_printf(out, ", %llu points not shown", model->points);
	pp_buffer_append_string(out, ".\n");
}

static void
append_number_cell(pp_buffer *out, double value)
{
	if (isnan(value))
		pp_buffer_append_char(out, ' ');
	else
		pp_json_write_number(out, value);
	pp_buffer_append_string(out, " | ");
}

static void
write_alert_row(pp_buffer *out, jv alert, const render_options *options)
{
	jv actions = jv_object_get(jv_copy(alert), jv_string("suggested_actions"));
	pp_buffer series = PP_BUFFER_INIT;
	double since = model_number(alert, "triggered_at");

	pp_buffer_append_string(out, "| **");
	append_string(out, model_string(alert, "severity"), options->ascii);
	pp_buffer_append_string(out, "** | ");
	append_string(out, model_string(alert, "state"), options->ascii);
	pp_buffer_append_string(out, " | ");
	format_record_series(&series, alert, options->ascii);
	append_escaped(out, series.data != NULL ? series.data : "");
	pp_buffer_append_string(out, " | ");
	append_number_cell(out, model_number(alert, "current_value"));
	append_number_cell(out, model_number(alert, "threshold"));
	if (!isnan(since))
		format_time(out, since);
	pp_buffer_append_string(out, " | ");
	append_string(out, model_string(alert, "description"), options->ascii);
	if (jv_get_kind(actions) == JV_KIND_ARRAY) {
		jv_array_foreach(actions, i, action) {
			if (jv_get_kind(action) == JV_KIND_STRING) {
				pp_buffer_append_string(out, options->ascii ? "<br>-> " :
				    "<br>\342\206\222 ");
				append_string(out, jv_string_value(action), options->ascii);
			}
			jv_free(action);
		}
	}
	pp_buffer_append_string(out, " |\n");
	jv_free(actions);
	pp_buffer_free(&series);
}

static void
write_alerts(pp_buffer *out, const report_model *model, const render_options *options)
{
	if (jv_array_length(jv_copy(model->alerts)) == 0)
		return;
	pp_buffer_append_string(out, "\n### Alerts\n\n"
	    "| Severity | State | Series | Value | Threshold | Since | Description |\n"
	    "|---|---|---|--:|--:|---|---|\n");
	jv_array_foreach(model->alerts, i, alert) {
		write_alert_row(out, alert, options);
		jv_free(alert);
	}
}

static void
write_table(pp_buffer *out, const metric_table *t)
{
	size_t row, column;

	pp_buffer_append_char(out, '|');
	for (column = 0; column < t->columns; column++) {
		const char *c = t->headers[column];

		/* "WINDOWS" reads "Windows"; "P99.9" stays */
		pp_buffer_append_char(out, ' ');
		pp_buffer_append_char(out, *c);
		for (c++; *c != '\0'; c++)
			pp_buffer_append_char(out, (char)tolower((unsigned char)*c));
		pp_buffer_append_string(out, " |");
	}
	pp_buffer_append_string(out, "\n|");
	for (column = 0; column < t->columns; column++)
		pp_buffer_append_string(out, t->right[column] ? "--:|" : ":--|");
	pp_buffer_append_char(out, '\n');
	for (row = 0; row < t->rows; row++) {
		pp_buffer_append_char(out, '|');
		for (column = 0; column < t->columns; column++) {
			pp_buffer_append_char(out, ' ');
			append_escaped(out, metric_table_cell(t, row, column));
			pp_buffer_append_string(out, " |");
		}
		pp_buffer_append_char(out, '\n');
	}
}

static void
write_metrics(pp_buffer *out, const report_model *model, const render_options *options)
{
	size_t first = 0, next;

	if (model->series_count == 0)
		return;
	pp_buffer_append_string(out, "\n### Metrics\n");
	while (first < model->series_count) {
		metric_table t;
		pp_buffer heading = PP_BUFFER_INIT;

		for (next = first + 1; next < model->series_count &&
		    strcmp(model->series[next].name, model->series[first].name) == 0; next++)
			;
		metric_table_build(&t, &model->series[first], next - first, options->ascii);
		metric_table_fit_trend(&t, 60, options->ascii);
		metric_table_heading(&t, &heading, options->ascii);
		pp_buffer_append_string(out, "\n#### ");
		append_escaped(out, heading.data);
		pp_buffer_append_string(out, "\n\n");
		write_table(out, &t);
		metric_table_free(&t);
		pp_buffer_free(&heading);
		first = next;
	}
}

static void
write_findings(pp_buffer *out, const report_model *model, const render_options *options,
    bool recommendations)
{
	bool any = false;

	jv_array_foreach(model->findings, i, finding) {
		if (model_is_recommendation(finding) == recommendations) {
			if (!any)
				pp_buffer_append_string(out, recommendations ?
				    "\n### Recommendations\n\n" : "\n### Findings\n\n");
			any = true;
			pp_buffer_append_string(out, "- ");
			if (!recommendations) {
				const char *severity = model_string(finding, "severity");

				pp_buffer_append_string(out, "**");
				append_string(out, severity != NULL ? severity : "info", options->ascii);
				pp_buffer_append_string(out, "** ");
				append_string(out, model_string(finding, "type"), options->ascii);
				if (model_is_regression(finding))
					pp_buffer_append_string(out, " (**regression**)");
				pp_buffer_append_string(out, ": ");
			}
			append_string(out, model_string(finding, "message"), options->ascii);
			pp_buffer_append_char(out, '\n');
		}
		jv_free(finding);
	}
}

void
render_markdown(const report_model *model, const render_options *options, pp_buffer *out)
{
	write_verdict(out, model, options);
	write_alerts(out, model, options);
	write_metrics(out, model, options);
	write_findings(out, model, options, false);
	write_findings(out, model, options, true);
}
