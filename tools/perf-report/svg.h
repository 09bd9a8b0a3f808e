/*
 * svg.h - HTML escaping and inline SVG charts for render_html.c.
 *
 * Charts are drawn as SVG elements written into the page (no script, no
 * external file), scaled to a fixed viewBox and stretched to the width of
 * their container, so they read on a phone and print.  Every text that
 * reaches the page goes through html_escape (markup.h).
 */
#ifndef PERF_REPORT_SVG_H
#define PERF_REPORT_SVG_H

#include <stddef.h>

#include "format.h"
#include "pp_buffer.h"

/* Appends text with &, <, >, " and ' as entities and control characters
 * as U+FFFD: safe in element content and in quoted attribute values. */
void html_escape(pp_buffer *out, const char *text);

typedef struct chart_line {
	char *label;		/* owned; escaped when written */
	double *x;		/* epoch seconds, ascending; owned */
	double *y;		/* NAN where missing; owned */
	size_t count;
} chart_line;

void chart_line_free(chart_line *line);

/* Appends <figure> with a line chart of lines[0..count): a title, the y
 * range labelled in unit, the time range labelled in UTC, one polyline per
 * line and a legend.  With no data it says so instead of drawing. */
void svg_line_chart(pp_buffer *out, const char *title, const chart_line *lines,
    size_t count, pp_people_unit unit);

/* Appends a small inline SVG sparkline of values[0..count). */
void svg_sparkline(pp_buffer *out, const double *values, size_t count);

#endif
