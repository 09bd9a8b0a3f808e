/*
 * svg.c - escaping and inline SVG charts.  See svg.h.
 *
 * A chart maps time to x and value to y over the extremes of all its
 * lines (y from zero when every value is positive, so a flat line is not
 * blown up into noise).  Coordinates are printed with one decimal: the
 * viewBox is 640 by 240 units, far finer than any screen shows.
 */
#include "svg.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"
#include "pp_time.h"

#define CHART_WIDTH 1040.0
#define CHART_HEIGHT 260.0
#define LEFT 72.0
#define RIGHT 12.0
#define TOP 12.0
#define BOTTOM 28.0

static const char *const palette[] = {
	"#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"};

void
html_escape(pp_buffer *out, const char *text)
{
	markup_escape(out, text, strlen(text), MARKUP_CONTROLS_REPLACED);
}

void
chart_line_free(chart_line *line)
{
	free(line->label);
	free(line->x);
	free(line->y);
	memset(line, 0, sizeof(*line));
}

typedef struct chart_range {
	double x_low, x_high, y_low, y_high;
} chart_range;

static bool
find_range(const chart_line *lines, size_t count, chart_range *range)
{
	size_t i, j;
	bool any = false;

	range->x_low = range->y_low = INFINITY;
	range->x_high = range->y_high = -INFINITY;
	for (i = 0; i < count; i++)
		for (j = 0; j < lines[i].count; j++) {
			if (!isfinite(lines[i].y[j]))
				continue;
			any = true;
			range->x_low = fmin(range->x_low, lines[i].x[j]);
			range->x_high = fmax(range->x_high, lines[i].x[j]);
			range->y_low = fmin(range->y_low, lines[i].y[j]);
			range->y_high = fmax(range->y_high, lines[i].y[j]);
		}
	if (range->y_low > 0)
		range->y_low = 0;
	if (range->y_high <= range->y_low)
		range->y_high = range->y_low + 1;
	if (range->x_high <= range->x_low)
		range->x_high = range->x_low + 1;
	return any;
}

static double
x_of(const chart_range *range, double x)
{
	return LEFT + (x - range->x_low) / (range->x_high - range->x_low) *
	    (CHART_WIDTH - LEFT - RIGHT);
}

static double
y_of(const chart_range *range, double y)
{
	return CHART_HEIGHT - BOTTOM - (y - range->y_low) / (range->y_high - range->y_low) *
	    (CHART_HEIGHT - TOP - BOTTOM);
}

/* "08:00:00Z", or the whole RFC 3339 time when the chart spans days. */
static void
time_label(double epoch, bool with_date, char *text, size_t size)
{
	pp_buffer full = PP_BUFFER_INIT;

	format_time(&full, epoch);	/* in --tz's zone, as the header */
	snprintf(text, size, "%s", with_date || full.length < 12 ? full.data : full.data + 11);
	pp_buffer_free(&full);
}

static void
write_axes(pp_buffer *out, const chart_range *range, pp_people_unit unit)
{
	pp_buffer label = PP_BUFFER_INIT;
	char time[64];
	int i;

	for (i = 0; i <= 4; i++) {
		double value = range->y_low + (range->y_high - range->y_low) * i / 4;
		double y = y_of(range, value);

		pp_buffer_printf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/>", LEFT, y, CHART_WIDTH - RIGHT, y);
		format_value(&label, value, unit, false);
		pp_buffer_printf(out, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"end\">", LEFT - 6, y + 4);
		html_escape(out, label.data);
		pp_buffer_append_string(out, "</text>");
		pp_buffer_clear(&label);
	}
	bool with_date = range->x_high - range->x_low >= 86400;

	time_label(range->x_low, with_date, time, sizeof(time));
	pp_buffer_printf(out, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\">%s</text>",
	    LEFT, CHART_HEIGHT - 8, time);
	time_label((range->x_low + range->x_high) / 2, with_date, time, sizeof(time));
	pp_buffer_printf(out, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" "
	    "text-anchor=\"middle\">%s</text>", (LEFT + CHART_WIDTH - RIGHT) / 2,
	    CHART_HEIGHT - 8, time);
	time_label(range->x_high, with_date, time, sizeof(time));
	pp_buffer_printf(out, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" "
	    "text-anchor=\"end\">%s</text>", CHART_WIDTH - RIGHT, CHART_HEIGHT - 8, time);
	pp_buffer_free(&label);
}

static void
write_line(pp_buffer *out, const chart_range *range, const chart_line *line,
    const char *color)
{
	size_t j;
	size_t drawn = 0;

	pp_buffer_printf(out, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
	    "stroke-width=\"2\" points=\"", color);
	for (j = 0; j < line->count; j++)
		if (isfinite(line->y[j]))
			pp_buffer_printf(out, "%s%.1f,%.1f", drawn++ ? " " : "",
			    x_of(range, line->x[j]), y_of(range, line->y[j]));
	pp_buffer_append_string(out, "\"><title>");
	html_escape(out, line->label);
	pp_buffer_append_string(out, "</title></polyline>");
	/* a single window draws as a dot, not an invisible line */
	if (drawn == 1)
		for (j = 0; j < line->count; j++)
			if (isfinite(line->y[j]))
				pp_buffer_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
				    "fill=\"%s\"/>", x_of(range, line->x[j]),
				    y_of(range, line->y[j]), color);
}

static void
write_legend(pp_buffer *out, const chart_line *lines, size_t count)
{
	size_t i;

	pp_buffer_append_string(out, "<figcaption class=\"legend\">");
	for (i = 0; i < count; i++) {
		pp_buffer_printf(out, "<span><i style=\"background:%s\"></i>",
		    palette[i % 8]);
		html_escape(out, lines[i].label);
		pp_buffer_append_string(out, "</span> ");
	}
	pp_buffer_append_string(out, "</figcaption>");
}

void
svg_line_chart(pp_buffer *out, const char *title, const chart_line *lines, size_t count,
    pp_people_unit unit)
{
	chart_range range;
	size_t i;

	pp_buffer_append_string(out, "<figure class=\"chart\"><h3>");
	html_escape(out, title);
	pp_buffer_append_string(out, "</h3>");
	if (!find_range(lines, count, &range)) {
		pp_buffer_append_string(out, "<p class=\"empty\">No data in this report.</p></figure>\n");
		return;
	}
	pp_buffer_printf(out, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"",
	    CHART_WIDTH, CHART_HEIGHT);
	html_escape(out, title);
	pp_buffer_append_string(out, "\" xmlns=\"http://www.w3.org/2000/svg\">");
	write_axes(out, &range, unit);
	for (i = 0; i < count; i++)
		write_line(out, &range, &lines[i], palette[i % 8]);
	pp_buffer_append_string(out, "</svg>");
	write_legend(out, lines, count);
	pp_buffer_append_string(out, "</figure>\n");
}

void
svg_sparkline(pp_buffer *out, const double *values, size_t count)
{
	double low = INFINITY, high = -INFINITY;
	size_t i, drawn = 0;

	for (i = 0; i < count; i++)
		if (isfinite(values[i])) {
			low = fmin(low, values[i]);
			high = fmax(high, values[i]);
		}
	if (high < low)
		return;
	pp_buffer_append_string(out, "<svg class=\"spark\" viewBox=\"0 0 100 20\" "
	    "preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\" "
	    "vector-effect=\"non-scaling-stroke\" points=\"");
	for (i = 0; i < count; i++)
		if (isfinite(values[i]))
			pp_buffer_printf(out, "%s%.1f,%.1f", drawn++ ? " " : "",
			    count > 1 ? 100.0 * (double)i / (double)(count - 1) : 50.0,
			    high > low ? 18 - 16 * (values[i] - low) / (high - low) : 10.0);
	pp_buffer_append_string(out, "\"/></svg>");
}
