/*
 * render_text.c - the report for a terminal or a log: alerts first, then
 * one aligned table per metric, then findings and recommendations as
 * sentences.
 *
 * Layout is computed, not fixed: each table's columns are as wide as their
 * widest cell (counted in characters, not bytes, so "µs" and the
 * sparkline blocks align), and the trend column takes what is left of
 * the width, at least 8 cells.  Every string from the stream goes through
 * format_safe, so a name cannot move the cursor or change colours.
 */
#include "render.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "format.h"
#include "metric_table.h"
#include "pp_json.h"
#include "sections.h"
#include "verdict.h"

#define MIN_TREND 8

/* ---- colour and text helpers ---- */

static const char *
severity_color(const char *severity)
{
	switch (model_severity_rank(severity)) {
	case 4:
	case 3:
		return "\033[1;31m";
	case 2:
		return "\033[33m";
	case 1:
		return "\033[36m";
	default:
		return "";
	}
}

static void
append_colored(pp_buffer *out, const render_options *options, const char *color,
    const char *text)
{
	bool on = options->color && *color != '\0';

	if (on)
		pp_buffer_append_string(out, color);
	pp_buffer_append_string(out, text);
	if (on)
		pp_buffer_append_string(out, "\033[0m");
}

static void
append_padding(pp_buffer *out, size_t count)
{
	while (count-- > 0)
		pp_buffer_append_char(out, ' ');
}

/* Appends text (already safe) wrapped to width, continuing a line that is
 * at column, with later lines indented by indent columns. */
static void
append_wrapped(pp_buffer *out, const char *text, size_t column, size_t indent,
    size_t width)
{
	const char *word = text;

	while (*word != '\0') {
		size_t length = strcspn(word, " ");
		size_t columns = format_width(word, length);

		if (length > 0) {
			if (column > indent && column + 1 + columns > width) {
				pp_buffer_append_char(out, '\n');
				append_padding(out, indent);
				column = indent;
			} else if (column > indent) {
				pp_buffer_append_char(out, ' ');
				column++;
			}
			pp_buffer_append(out, word, length);
			column += columns;
		}
		word += length;
		while (*word == ' ')
			word++;
	}
	pp_buffer_append_char(out, '\n');
}

static const char *
text_of(const pp_buffer *buffer)
{
	return buffer->data != NULL ? buffer->data : "";
}

/* ---- tables ---- */

static void
table_widths(const metric_table *t, size_t columns, size_t *widths)
{
	size_t row, column;

	for (column = 0; column < columns; column++)
		widths[column] = format_width(t->headers[column], strlen(t->headers[column]));
	for (row = 0; row < t->rows; row++)
		for (column = 0; column < columns; column++) {
			const char *cell = metric_table_cell(t, row, column);
			size_t width = format_width(cell, strlen(cell));

			if (width > widths[column])
				widths[column] = width;
		}
}

static void
append_cell(pp_buffer *out, const char *text, size_t width, bool right, bool last)
{
	size_t used = format_width(text, strlen(text));

	if (right)
		append_padding(out, width - used);
	pp_buffer_append_string(out, text);
	if (!right && !last)
		append_padding(out, width - used);
}

static void
table_write(pp_buffer *out, const metric_table *t)
{
	size_t widths[METRIC_TABLE_COLUMNS], row, column;

	table_widths(t, t->columns, widths);
	for (row = 0; row <= t->rows; row++) {
		pp_buffer_append_string(out, "  ");
		for (column = 0; column < t->columns; column++) {
			const char *text = row == 0 ? t->headers[column] :
			    metric_table_cell(t, row - 1, column);

			if (column > 0)
				pp_buffer_append_string(out, "  ");
			append_cell(out, text, widths[column], t->right[column],
			    column + 1 == t->columns);
		}
		pp_buffer_append_char(out, '\n');
	}
}

/* ---- header ---- */

/* The verdict line: only when there is something to judge (an alert or
 * a comparison), by the rule of perf-alert --fail-on (verdict.h). */
static void
write_verdict(pp_buffer *out, const report_model *model, const alert_rows *rows,
    const render_options *options)
{
	report_verdict verdict;
	pp_buffer line = PP_BUFFER_INIT;
	bool comparisons = false;

	jv_array_foreach(model->findings, i, finding) {
		const char *type = pp_aggregate_string(finding, "type");

		comparisons = comparisons || (type != NULL && strcmp(type, "comparison") == 0);
		jv_free(finding);
	}
	if (rows->count == 0 && !comparisons)
		return;
	verdict_make(model, rows, options->fail_on, &verdict);
	verdict_sentence(&verdict, &line);
	format_safe(out, text_of(&line), options->ascii);
	pp_buffer_append_char(out, '\n');
	pp_buffer_free(&line);
	verdict_free(&verdict);
}

static void
write_header(pp_buffer *out, const report_model *model, const alert_rows *rows,
    const render_options *options)
{
	double start, end;

	pp_buffer_append_string(out, "perfpipe report");
	if (model_span(model, &start, &end)) {
		pp_buffer_append_string(out, options->ascii ? " - " : " \342\200\224 ");
		format_span(out, start, end);
	}
	pp_buffer_append_char(out, '\n');
	alert_rows_counts(rows, model, out);
	if (model->points > 0)
		pp_buffer_printf(out, ", %llu point%s not shown", model->points,
		    model->points == 1 ? "" : "s");
	if (model->others > 0)
		pp_buffer_printf(out, ", %llu other record%s ignored", model->others,
		    model->others == 1 ? "" : "s");
	pp_buffer_append_string(out, "\n");
	write_verdict(out, model, rows, options);
}

/* ---- alerts ---- */

static void
upper_case(char *text)
{
	for (; *text != '\0'; text++)
		*text = (char)toupper((unsigned char)*text);
}

/* "  SEVERITY  state     series  details", the details on a line of their
 * own when the whole would not fit the width. */
static void
write_alert_head(pp_buffer *out, const report_model *model, const alert_row *row,
    const render_options *options)
{
	pp_buffer cell = PP_BUFFER_INIT, details = PP_BUFFER_INIT;
	const char *severity = pp_aggregate_string(row->last, "severity");
	size_t column;
	char *text;

	format_safe(&cell, severity != NULL ? severity : "unknown", options->ascii);
	text = pp_buffer_take_string(&cell);
	upper_case(text);
	pp_buffer_append_string(out, "  ");
	append_colored(out, options, severity_color(severity), text);
	append_padding(out, strlen(text) < 10 ? 10 - strlen(text) : 1);
	column = 2 + (strlen(text) < 10 ? 10 : strlen(text) + 1);
	free(text);
	format_safe(&cell, row->state, options->ascii);
	pp_buffer_printf(out, "%-9s ", text_of(&cell));
	column += cell.length < 9 ? 10 : cell.length + 1;
	pp_buffer_clear(&cell);
	format_record_series(&cell, row->last, options->ascii);
	pp_buffer_append_string(out, text_of(&cell));
	column += format_width(text_of(&cell), cell.length);
	alert_rows_details(model, row, &details, options->ascii);
	if (details.length > 0 && column + 2 + format_width(text_of(&details),
	    details.length) > options->width) {
		pp_buffer_append_char(out, '\n');
		append_padding(out, 12);
		append_wrapped(out, text_of(&details), 12, 12, options->width);
	} else {
		if (details.length > 0)
			pp_buffer_append_string(out, "  ");
		pp_buffer_printf(out, "%s\n", text_of(&details));
	}
	pp_buffer_free(&cell);
	pp_buffer_free(&details);
}

/* The attribution that explains the alert (alerts.h), under its
 * description. */
static void
write_explanation(pp_buffer *out, const alert_row *row, const render_options *options)
{
	pp_buffer sentence = PP_BUFFER_INIT, text = PP_BUFFER_INIT;

	alert_rows_explanation(row, &sentence);
	if (sentence.length > 0) {
		format_safe(&text, text_of(&sentence), options->ascii);
		append_padding(out, 12);
		append_wrapped(out, text_of(&text), 12, 12, options->width);
	}
	pp_buffer_free(&sentence);
	pp_buffer_free(&text);
}

static void
write_alert(pp_buffer *out, const report_model *model, const alert_row *row,
    const render_options *options)
{
	pp_buffer text = PP_BUFFER_INIT;
	const char *description = pp_aggregate_string(row->shown, "description");
	jv actions = jv_object_get(jv_copy(row->shown), jv_string("suggested_actions"));
	const char *arrow = options->ascii ? "-> " : "\342\206\222 ";

	write_alert_head(out, model, row, options);
	if (description != NULL) {
		format_safe(&text, description, options->ascii);
		append_padding(out, 12);
		append_wrapped(out, text_of(&text), 12, 12, options->width);
		pp_buffer_clear(&text);
	}
	write_explanation(out, row, options);
	if (jv_get_kind(actions) == JV_KIND_ARRAY) {
		jv_array_foreach(actions, i, action) {
			if (jv_get_kind(action) == JV_KIND_STRING) {
				format_safe(&text, jv_string_value(action), options->ascii);
				append_padding(out, 12);
				pp_buffer_append_string(out, arrow);
				append_wrapped(out, text_of(&text), 14, 14,
				    options->width);
				pp_buffer_clear(&text);
			}
			jv_free(action);
		}
	}
	jv_free(actions);
	pp_buffer_free(&text);
}

/* ---- metrics ---- */

/* The width left for the trend column once the others are laid out. */
static size_t
trend_width(const metric_table *t, const render_options *options)
{
	size_t widths[METRIC_TABLE_COLUMNS], used = 2, i;

	table_widths(t, t->columns - 1, widths);
	for (i = 0; i + 1 < t->columns; i++)
		used += widths[i] + 2;
	return options->width > used + MIN_TREND ? options->width - used : MIN_TREND;
}

/* Writes the table of series[0..count), which share a name. */
static void
write_metric(pp_buffer *out, const report_series *series, size_t count,
    const render_options *options, bool first_metric)
{
	metric_table t;

	metric_table_build(&t, series, count, options->ascii);
	if (t.with_trend)
		metric_table_fit_trend(&t, trend_width(&t, options), options->ascii);
	if (!first_metric)
		pp_buffer_append_char(out, '\n');
	metric_table_heading(&t, out, options->ascii);
	pp_buffer_append_char(out, '\n');
	table_write(out, &t);
	metric_table_free(&t);
}

/* ---- findings ---- */

static void
write_finding(pp_buffer *out, jv finding, const render_options *options, bool recommendation)
{
	pp_buffer text = PP_BUFFER_INIT;
	const char *severity = pp_aggregate_string(finding, "severity");
	const char *type = pp_aggregate_string(finding, "type");
	size_t column = 2;

	pp_buffer_append_string(out, "  ");
	if (recommendation) {
		pp_buffer_append_string(out, options->ascii ? "-> " : "\342\206\222 ");
		column += 2;
	} else {
		format_safe(&text, severity != NULL ? severity : "info", options->ascii);
		append_colored(out, options, severity_color(severity), text_of(&text));
		append_padding(out, text.length < 10 ? 10 - text.length : 1);
		pp_buffer_clear(&text);
		format_safe(&text, type != NULL ? type : "-", options->ascii);
		pp_buffer_printf(out, "%-12s ", text_of(&text));
		pp_buffer_clear(&text);
		column += 23;
	}
	format_safe(&text, pp_aggregate_string(finding, "message"), options->ascii);
	append_wrapped(out, text_of(&text), column, column, options->width);
	pp_buffer_free(&text);
}

void
render_text(const report_model *model, const render_options *options, pp_buffer *out)
{
	alert_rows rows;

	alert_rows_build(model, &rows);
	write_header(out, model, &rows, options);
	sections_alerts(out, model, &rows, options, "\nALERTS\n", write_alert);
	sections_metrics(out, model, options, "\nMETRICS\n", "", write_metric);
	sections_findings(out, model, options, false, "\nFINDINGS\n", "", write_finding);
	sections_findings(out, model, options, true, "\nRECOMMENDATIONS\n", "", write_finding);
	if (model->series_count == 0 && jv_array_length(jv_copy(model->findings)) == 0 &&
	    jv_array_length(jv_copy(model->alerts)) == 0)
		pp_buffer_append_string(out, "\nNo aggregates, findings or alerts in the input.\n");
	alert_rows_free(&rows);
}
