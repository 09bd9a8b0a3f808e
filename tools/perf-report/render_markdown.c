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

#include "alerts.h"
#include "format.h"
#include "metric_table.h"
#include "sections.h"
#include "verdict.h"

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
write_verdict(pp_buffer *out, const report_model *model, const alert_rows *rows,
    const render_options *options)
{
	report_verdict verdict;
	pp_buffer sentence = PP_BUFFER_INIT;

	verdict_make(model, rows, options->fail_on, &verdict);
	verdict_sentence(&verdict, &sentence);
	pp_buffer_append_string(out, "## perfpipe report\n\n**");
	if (!options->ascii)
		pp_buffer_append_string(out, verdict.failed ? "\360\237\224\264 " :
		    "\360\237\237\242 ");
	append_string(out, sentence.data, options->ascii);
	pp_buffer_append_string(out, "**\n\n");
	pp_buffer_free(&sentence);
	verdict_free(&verdict);
}

/* "START to END (SPAN), " then the counts of the report. */
static void
write_counts(pp_buffer *out, const report_model *model, const alert_rows *rows)
{
	double start, end;

	if (model_span(model, &start, &end)) {
		format_span(out, start, end);
		pp_buffer_append_string(out, ", ");
	}
	alert_rows_counts(rows, model, out);
	if (model->points > 0)
		pp_buffer_printf(out, ", %llu points not shown", model->points);
	pp_buffer_append_string(out, ".\n");
}

static void
append_time_cell(pp_buffer *out, double when)
{
	if (!isnan(when))
		format_time(out, when);
	pp_buffer_append_string(out, " | ");
}

static void
write_alert_row(pp_buffer *out, const report_model *model, const alert_row *row,
    const render_options *options)
{
	jv actions = jv_object_get(jv_copy(row->shown), jv_string("suggested_actions"));
	pp_buffer series = PP_BUFFER_INIT, value = PP_BUFFER_INIT;

	pp_buffer_append_string(out, "| **");
	append_string(out, pp_aggregate_string(row->last, "severity"), options->ascii);
	pp_buffer_append_string(out, "** | ");
	append_string(out, row->state, options->ascii);
	pp_buffer_append_string(out, " | ");
	format_record_series(&series, row->last, options->ascii);
	append_escaped(out, series.data != NULL ? series.data : "");
	pp_buffer_append_string(out, " | ");
	alert_rows_value(model, row, row->peak, &value, options->ascii);
	append_escaped(out, value.data);
	pp_buffer_append_string(out, " | ");
	pp_buffer_clear(&value);
	alert_rows_value(model, row, row->threshold, &value, options->ascii);
	append_escaped(out, value.data);
	pp_buffer_append_string(out, " | ");
	pp_buffer_clear(&value);
	append_time_cell(out, row->fired_at);
	append_time_cell(out, row->resolved_at);
	append_string(out, pp_aggregate_string(row->shown, "description"), options->ascii);
	alert_rows_explanation(row, &value);
	if (value.length > 0) {
		pp_buffer_append_string(out, "<br>");
		append_string(out, value.data, options->ascii);
	}
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
	pp_buffer_free(&value);
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

/* "#### HEADING" and the table of series[0..count), which share a name. */
static void
write_metric(pp_buffer *out, const report_series *series, size_t count,
    const render_options *options, bool first)
{
	metric_table t;
	pp_buffer heading = PP_BUFFER_INIT;

	(void)first;
	metric_table_build(&t, series, count, options->ascii);
	metric_table_fit_trend(&t, 60, options->ascii);
	metric_table_heading(&t, &heading, options->ascii);
	pp_buffer_append_string(out, "\n#### ");
	append_escaped(out, heading.data);
	pp_buffer_append_string(out, "\n\n");
	write_table(out, &t);
	metric_table_free(&t);
	pp_buffer_free(&heading);
}

static void
write_finding(pp_buffer *out, jv finding, const render_options *options, bool recommendation)
{
	pp_buffer_append_string(out, "- ");
	if (!recommendation) {
		const char *severity = pp_aggregate_string(finding, "severity");

		pp_buffer_append_string(out, "**");
		append_string(out, severity != NULL ? severity : "info", options->ascii);
		pp_buffer_append_string(out, "** ");
		append_string(out, pp_aggregate_string(finding, "type"), options->ascii);
		if (model_is_regression(finding))
			pp_buffer_append_string(out, " (**regression**)");
		pp_buffer_append_string(out, ": ");
	}
	append_string(out, pp_aggregate_string(finding, "message"), options->ascii);
	pp_buffer_append_char(out, '\n');
}

void
render_markdown(const report_model *model, const render_options *options, pp_buffer *out)
{
	alert_rows rows;

	alert_rows_build(model, &rows);
	write_verdict(out, model, &rows, options);
	write_counts(out, model, &rows);
	sections_alerts(out, model, &rows, options, "\n### Alerts\n\n"
	    "| Severity | State | Series | Peak | Threshold | Fired | Resolved | Description |\n"
	    "|---|---|---|--:|--:|---|---|---|\n", write_alert_row);
	sections_metrics(out, model, options, "\n### Metrics\n", "", write_metric);
	sections_findings(out, model, options, false, "\n### Findings\n\n", "", write_finding);
	sections_findings(out, model, options, true, "\n### Recommendations\n\n", "",
	    write_finding);
	alert_rows_free(&rows);
}
