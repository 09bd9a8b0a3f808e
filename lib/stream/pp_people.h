/*
 * pp_people.h - numbers as a person reads them: the one formatter of the
 * figures that perf-report's text, Markdown, HTML and live views print and
 * of the numbers in perf-alert's alert descriptions.
 *
 * A value is shown in the unit that keeps its number small: a duration in
 * ns, µs, ms, s, min or h; a size in B, KiB, MiB, GiB, TiB or PiB (powers
 * of 1024); a ratio (unit "ratio", or no unit on a name that says
 * utilization, ratio or error_rate) as a percentage; anything else as a
 * number and its unit.  Three significant digits, trailing zeros dropped
 * ("12.5 ms", "1.2 s", "120 ms"), numbers from 100 to a million whole
 * ("1235"); a magnitude too large for its largest unit in scientific
 * notation ("4.99e+301 h"), never hundreds of digits; zero in the metric's
 * own unit ("0 ms"); NaN and the infinities, which are no figure a person
 * can use, as "-".  Machine formats (JSON, CSV, Prometheus, Influx) never
 * use this: they write exact numbers.  Nothing here allocates beyond the
 * buffer or prints.
 */
#ifndef PP_PEOPLE_H
#define PP_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_buffer.h"

typedef enum pp_people_kind {
	PP_PEOPLE_PLAIN,
	PP_PEOPLE_SECONDS,	/* scaled to seconds first */
	PP_PEOPLE_BYTES,
	PP_PEOPLE_RATIO,	/* 0..1 shown as % */
	PP_PEOPLE_PERCENT	/* already in % */
} pp_people_kind;

typedef struct pp_people_unit {
	pp_people_kind kind;
	double scale;		/* multiplies a value into seconds or bytes */
	const char *unit;	/* for PP_PEOPLE_PLAIN: the unit as given, or NULL */
} pp_people_unit;

/* How values of a metric with this unit (may be NULL) and name (may be
 * NULL) read.  The result points into unit. */
pp_people_unit pp_people_unit_of(const char *unit, const char *name);

/* Appends value in unit; ascii writes "us" for "µs".  A plain value is
 * the number alone: the caller appends unit.unit, which comes from the
 * stream, made safe for its output. */
void pp_people_value(pp_buffer *out, double value, pp_people_unit unit, bool ascii);

/* Appends a plain number: no exponent below 1e15, k/M/G/T from a million
 * (12345 -> "12345", 1234567 -> "1.23M", 0.01234 -> "0.0123"). */
void pp_people_number(pp_buffer *out, double value);

/* Appends a count or rate per second: "12.5/s". */
void pp_people_rate(pp_buffer *out, double per_second);

/* Appends a ratio as a percentage with its parts: "2.04% (41/2010)"; the
 * parts are left out when not finite; a NaN ratio appends "-". */
void pp_people_ratio(pp_buffer *out, double ratio, double numerator, double denominator);

/*
 * Appends value in the unit of a stat as pp_unit_of_stat names it: "1" or
 * "count" as a count ("1235"), "ratio" and "%" as a percentage ("12.7%"),
 * a unit per second as the unit's figure and "/s" ("268/s", "1.5 MiB/s"),
 * a duration or size scaled ("1.23 s", "369 ms"), another unit after the
 * number, "" as a bare number.  ASCII only ("us"), for alert texts.
 */
void pp_people_stat_value(pp_buffer *out, double value, const char *stat_unit);
/* The same, with "µs" unless ascii (for reports). */
void pp_people_stat_figure(pp_buffer *out, double value, const char *stat_unit, bool ascii);

#endif
