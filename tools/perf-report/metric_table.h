/*
 * metric_table.h - the table of one metric's series, as cells of text,
 * shared by the renderers that draw tables (text, markdown, html, live).
 *
 * The columns follow what the series hold: SERIES (the tags), WINDOWS,
 * COUNT, RATIO when any series is a ratio ("2.04% (41/2010)"), MEAN, one
 * column per percentile of the first series, MAX, RATE when any series has
 * a rate, TREND (a sparkline) when any has more than
 * one window.  Cells hold human values (format.h) made safe for a terminal;
 * a renderer for another medium escapes them once more for its own.
 */
#ifndef PERF_REPORT_METRIC_TABLE_H
#define PERF_REPORT_METRIC_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "model.h"

#define METRIC_TABLE_COLUMNS (8 + SUMMARY_PERCENTILES)

typedef struct metric_table {
	size_t columns;
	const char *headers[METRIC_TABLE_COLUMNS];
	bool right[METRIC_TABLE_COLUMNS];	/* numbers: right-aligned */
	char **cells;				/* rows * columns, owned */
	size_t rows;
	bool with_trend;			/* the last column is TREND: some
						   series has several windows */
	bool period_percentiles;		/* percentiles of all windows (sketches) */
	const report_series *series;		/* rows: series[0..rows) */
	series_summary *summaries;
	pp_people_unit unit;
	char percentile_headers[SUMMARY_PERCENTILES][16];
} metric_table;

/* Builds the table of series[0..count) (count > 0, all of one name), with
 * full-length sparklines (one cell per window). */
void metric_table_build(metric_table *table, const report_series *series, size_t count,
    bool ascii);
/* Redraws the sparklines in at most width cells. */
void metric_table_fit_trend(metric_table *table, size_t width, bool ascii);
/* The cell of row and column. */
const char *metric_table_cell(const metric_table *table, size_t row, size_t column);
/* Appends the heading line: "name (unit), windows of 10s, percentiles of
 * the worst window, trend of p99". */
void metric_table_heading(const metric_table *table, pp_buffer *out, bool ascii);
void metric_table_free(metric_table *table);

#endif
