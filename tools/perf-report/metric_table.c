/*
 * metric_table.c - one metric's series as a table of cells.  See
 * metric_table.h.
 */
#include "metric_table.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_duration.h"

static void
add_column(metric_table *table, const char *header, bool right)
{
	table->headers[table->columns] = header;
	table->right[table->columns] = right;
	table->columns++;
}

static void
plan_columns(metric_table *table, bool with_rate, bool with_ratio)
{
	const series_summary *first = &table->summaries[0];
	size_t i;
	char *c;

	add_column(table, "SERIES", false);
	add_column(table, "WINDOWS", true);
	add_column(table, "COUNT", true);
	if (with_ratio)
		add_column(table, "RATIO", true);
	add_column(table, "MEAN", true);
	for (i = 0; i < first->percentile_count; i++) {
		snprintf(table->percentile_headers[i], 16, "%s", first->percentile_keys[i]);
		for (c = table->percentile_headers[i]; *c != '\0'; c++)
			*c = (char)toupper((unsigned char)*c);
		add_column(table, table->percentile_headers[i], true);
	}
	add_column(table, "MAX", true);
	if (with_rate)
		add_column(table, "RATE", true);
	if (table->with_trend)
		add_column(table, "TREND", false);
}

/* Whether every series has percentiles over its whole period (all its
 * windows carry sketches): then the table shows those, else the worst
 * window's. */
static bool
all_have_period_percentiles(const metric_table *table)
{
	size_t i;

	for (i = 0; i < table->rows; i++)
		if (isnan(table->summaries[i].period_accuracy))
			return false;
	return true;
}

/* The summary's value of the percentile key, or NAN. */
static double
percentile_of(const metric_table *table, const series_summary *summary,
    const char *key)
{
	size_t j;

	for (j = 0; j < summary->percentile_count; j++)
		if (strcmp(summary->percentile_keys[j], key) == 0)
			return table->period_percentiles ?
			    summary->period_percentiles[j] : summary->percentiles[j];
	return NAN;
}

static void
fill_row(metric_table *table, size_t row, bool ascii)
{
	const report_series *series = &table->series[row];
	const series_summary *summary = &table->summaries[row];
	char **cells = &table->cells[row * table->columns];
	pp_buffer cell = PP_BUFFER_INIT;
	size_t n = 0, i;

	format_tags(&cell, &series->tags, ascii ? "-" : "\342\200\224", ascii);
	cells[n++] = pp_buffer_take_string(&cell);
	pp_buffer_printf(&cell, "%zu", summary->windows);
	cells[n++] = pp_buffer_take_string(&cell);
	pp_people_number(&cell, summary->count);
	cells[n++] = pp_buffer_take_string(&cell);
	if (strcmp(table->headers[n], "RATIO") == 0) {
		pp_people_ratio(&cell, summary->ratio, summary->numerator, summary->denominator);
		cells[n++] = pp_buffer_take_string(&cell);
	}
	format_value(&cell, summary->mean, table->unit, ascii);
	cells[n++] = pp_buffer_take_string(&cell);
	for (i = 0; i < table->summaries[0].percentile_count; i++) {
		format_value(&cell, percentile_of(table, summary,
		    table->summaries[0].percentile_keys[i]), table->unit, ascii);
		cells[n++] = pp_buffer_take_string(&cell);
	}
	format_value(&cell, summary->max, table->unit, ascii);
	cells[n++] = pp_buffer_take_string(&cell);
	if (n < table->columns && strcmp(table->headers[n], "RATE") == 0) {
		pp_people_rate(&cell, summary->rate);
		cells[n++] = pp_buffer_take_string(&cell);
	}
	if (table->with_trend)
		cells[n++] = pp_strndup("", 0);
	pp_buffer_free(&cell);
}

void
metric_table_build(metric_table *table, const report_series *series, size_t count,
    bool ascii)
{
	bool with_rate = false, with_ratio = false;
	size_t i;

	memset(table, 0, sizeof(*table));
	table->series = series;
	table->rows = count;
	table->unit = pp_people_unit_of(series[0].unit, series[0].name);
	table->summaries = pp_xcalloc(count, sizeof(*table->summaries));
	for (i = 0; i < count; i++) {
		model_summarise(&series[i], &table->summaries[i]);
		with_rate = with_rate || !isnan(table->summaries[i].rate);
		with_ratio = with_ratio || !isnan(table->summaries[i].ratio);
		table->with_trend = table->with_trend || table->summaries[i].windows > 1;
	}
	table->period_percentiles = all_have_period_percentiles(table);
	plan_columns(table, with_rate, with_ratio);
	table->cells = pp_xcalloc(count * table->columns, sizeof(char *));
	for (i = 0; i < count; i++)
		fill_row(table, i, ascii);
	metric_table_fit_trend(table, (size_t)-1, ascii);
}

void
metric_table_fit_trend(metric_table *table, size_t width, bool ascii)
{
	size_t i;

	if (!table->with_trend)
		return;
	for (i = 0; i < table->rows; i++) {
		char **cell = &table->cells[i * table->columns + table->columns - 1];
		pp_buffer line = PP_BUFFER_INIT;

		format_sparkline(&line, table->summaries[i].trend, table->summaries[i].windows,
		    width, ascii);
		free(*cell);
		*cell = pp_buffer_take_string(&line);
		pp_buffer_free(&line);
	}
}

const char *
metric_table_cell(const metric_table *table, size_t row, size_t column)
{
	return table->cells[row * table->columns + column];
}

void
metric_table_heading(const metric_table *table, pp_buffer *out, bool ascii)
{
	const report_series *series = &table->series[0];
	const series_summary *summary = &table->summaries[0];

	format_safe(out, series->name, ascii);
	if (series->unit != NULL) {
		pp_buffer_append_string(out, " (");
		format_safe(out, series->unit, ascii);
		pp_buffer_append_char(out, ')');
	}
	if (series->count == 1 && model_window_whole_input(&series->windows[0])) {
		pp_buffer_append_string(out, ", whole input");	/* its size is a span */
	} else if (summary->window_size > 0) {
		char size[64];

		pp_duration_format(summary->window_size, size, sizeof(size));
		pp_buffer_printf(out, ", windows of %s", size);
	}
	if (summary->percentile_count > 0 && table->with_trend) {	/* > 1 window */
		if (table->period_percentiles)
			pp_buffer_printf(out, ", percentiles of all windows (%s%g%%)",
			    ascii ? "+/-" : "\302\261", 100 * summary->period_accuracy);
		else
			pp_buffer_append_string(out, ", worst-window percentiles");
	} else if (summary->percentile_count > 0) {	/* one window: its whole range */
		if (table->period_percentiles)
			pp_buffer_printf(out, ", percentiles of the whole range (%s%g%%)",
			    ascii ? "+/-" : "\302\261", 100 * summary->period_accuracy);
		else
			pp_buffer_append_string(out, ", exact percentiles of the whole range");
	}
	if (table->with_trend)
		pp_buffer_printf(out, ", trend of %s", summary->trend_stat);
}

void
metric_table_free(metric_table *table)
{
	size_t i;

	for (i = 0; i < table->rows * table->columns; i++)
		free(table->cells[i]);
	free(table->cells);
	for (i = 0; i < table->rows; i++)
		summary_free(&table->summaries[i]);
	free(table->summaries);
	memset(table, 0, sizeof(*table));
}
