/*
 * format.h - values as a person reads them, shared by the renderers meant
 * for people (text, markdown, html, live).
 *
 * A value is shown in the unit that keeps its number small: a duration in
 * ns, µs, ms, s, min or h; a size in B, KiB, MiB, GiB or TiB (powers of
 * 1024); a ratio (unit "ratio", or no unit on a name that says
 * utilization, ratio or error_rate) as a percentage; anything else as a
 * number with three significant digits and its unit.  The renderers for
 * machines (json, csv, prometheus, influx, statsd) never use this: they
 * write exact numbers.
 */
#ifndef PERF_REPORT_FORMAT_H
#define PERF_REPORT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_tags.h"

typedef enum value_kind {
	VALUE_PLAIN,
	VALUE_SECONDS,		/* scaled to seconds first */
	VALUE_BYTES,
	VALUE_RATIO,		/* 0..1 shown as % */
	VALUE_PERCENT		/* already in % */
} value_kind;

typedef struct value_unit {
	value_kind kind;
	double scale;		/* multiplies a value into seconds or bytes */
	const char *unit;	/* for VALUE_PLAIN: the unit as given, or NULL */
} value_unit;

/* How values of a metric with this unit (may be NULL) and name read. */
value_unit format_unit(const char *unit, const char *name);

/* Appends value in unit; ascii writes "us" for "µs".  NaN appends "-". */
void format_value(pp_buffer *out, double value, value_unit unit, bool ascii);
/* Appends a plain number with three significant digits, no exponent
 * below 1e15 (12345 -> "12345", 1234567 -> "1.23M", 0.01234 -> "0.0123"). */
void format_number(pp_buffer *out, double value);
/* Appends a count or rate per second: "12.5/s". */
void format_rate(pp_buffer *out, double per_second);

/* Appends a sparkline of values[0..count) in at most width cells (each
 * cell the largest value of the windows it covers), scaled from the
 * smallest to the largest value; NaN cells are blank.  Block characters
 * ▁▂▃▄▅▆▇█, or "_.-:=+*#" when ascii. */
void format_sparkline(pp_buffer *out, const double *values, size_t count,
    size_t width, bool ascii);

/* Appends text made safe for a terminal: control characters (C0, C1 and
 * the bidi controls, through text_safe) become '?', and with ascii every
 * non-ASCII character too. */
void format_safe(pp_buffer *out, const char *text, bool ascii);
/* Appends "name{key=value,...}" (safe), or name alone without tags. */
void format_series(pp_buffer *out, const char *name, const pp_tags *tags, bool ascii);
/* Appends the series of a finding or alert record: its name and tags. */
void format_record_series(pp_buffer *out, jv record, bool ascii);
/* Appends "key=value,..." (safe), or empty_mark when there are none. */
void format_tags(pp_buffer *out, const pp_tags *tags, const char *empty_mark, bool ascii);

/* The number of terminal columns text[0..length) takes (UTF-8 code
 * points; every character counts as one column). */
size_t format_width(const char *text, size_t length);

/* Appends an epoch time as RFC 3339 UTC. */
void format_time(pp_buffer *out, double epoch);

/* Appends a ratio as a percentage with its parts: "2.04% (41/2010)"; the
 * parts are left out when unknown; NaN ratio appends "-". */
void format_ratio(pp_buffer *out, double ratio, double numerator, double denominator);

#endif
