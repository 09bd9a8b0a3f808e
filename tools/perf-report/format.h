/*
 * format.h - values as a person reads them, shared by the renderers meant
 * for people (text, markdown, html, live).
 *
 * A value is shown as lib's pp_people.h says (three significant digits, in
 * the unit that keeps its number small).  The renderers for machines
 * (json, csv, prometheus, influx, statsd) never use this: they write exact
 * numbers.
 */
#ifndef PERF_REPORT_FORMAT_H
#define PERF_REPORT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_people.h"
#include "pp_tags.h"

/* How values read (pp_people_unit_of) and the plain numbers
 * (pp_people_number, pp_people_rate, pp_people_ratio) are lib's
 * pp_people.h. */

/* Appends value in unit (pp_people_value), and a plain value's own unit
 * made safe (format_safe): "12 req", "268/s".  NaN and infinities append
 * "-". */
void format_value(pp_buffer *out, double value, pp_people_unit unit, bool ascii);
/* value in the unit of an alert's stat, as perf-alert's "unit" gives it
 * (pp_unit_of_stat): "1" a plain number, "1/s" a rate, "bytes/s" a unit
 * per second, "ratio" a percentage, anything else a unit ("ms"). */
void format_stat_value(pp_buffer *out, double value, const char *stat_unit, bool ascii);

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

/* Appends an epoch time as RFC 3339: UTC ("Z"), or after
 * format_use_local_time(true) in the zone of TZ with its offset
 * ("2025-11-25T09:00:00+01:00"; "Z" where the offset is 0).  Only the
 * formats for people call it (--tz); machine formats stay UTC. */
void format_time(pp_buffer *out, double epoch);
/* Appends "START to END (DURATION)", the duration "0s" when end is not
 * after start. */
void format_span(pp_buffer *out, double start, double end);
void format_use_local_time(bool local);

#endif
