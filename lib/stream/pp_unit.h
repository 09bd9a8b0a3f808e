/*
 * pp_unit.h - units of measure: the one table of the units perfpipe knows,
 * reading a quantity written with one ("300ms", "0.3s", "2%", "1.5MB",
 * "1.5MiB") and converting it to the unit a series carries in the stream.
 *
 * A unit has a dimension (a duration, a size, a fraction, a count), may be
 * per unit of time ("bytes/s", "1/s", "/s") and has a factor to the base
 * unit of its dimension (seconds, bytes, a ratio of 1, one thing).  Two
 * units convert into each other only when their dimension and their "per
 * time" agree; "2%" is 0.02 against a "ratio" series and 2 against a
 * "percent" one.  A quantity without a unit is a bare number: it stays in
 * whatever unit the stream has, as thresholds always did.
 *
 * Names are matched exactly (MB is not mb).  Decimal prefixes are powers of
 * 1000 (kB, KB, MB, GB, TB), binary ones of 1024 (KiB, MiB, GiB, TiB).
 * The unit field of the stream is free text (perfpipe-stream(5)); a unit
 * that is not in the table is unknown, and converting to it fails with a
 * message rather than guessing.  Nothing here allocates or prints.
 */
#ifndef PP_UNIT_H
#define PP_UNIT_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_error.h"

typedef enum pp_dimension {
	PP_DIMENSION_COUNT,	/* "1", "count": a number of things */
	PP_DIMENSION_TIME,	/* base: seconds */
	PP_DIMENSION_SIZE,	/* base: bytes */
	PP_DIMENSION_FRACTION	/* base: a ratio (1 = 100%) */
} pp_dimension;

typedef struct pp_unit {
	pp_dimension dimension;
	bool per_time;		/* a rate: the dimension per second */
	double factor;		/* a value in this unit times factor is in the
				 * base unit (per second when per_time) */
} pp_unit;

/* The longest unit name a quantity may carry, with its NUL. */
#define PP_UNIT_NAME_SIZE 24

/* A number as written, with its unit ("" for a bare number). */
typedef struct pp_quantity {
	double value;
	char unit[PP_UNIT_NAME_SIZE];
} pp_quantity;

/*
 * Looks name up in the table: a unit ("ms", "MiB", "%", "ratio") or a unit
 * per unit of time ("bytes/s", "MB/s", "1/s", "/s", "/min", "/h").
 * Returns PP_OK, or PP_ERR_INVALID with "unknown unit ..." in error.
 */
pp_status pp_unit_parse(const char *name, pp_unit *unit, pp_error *error);

/* "a duration", "a size per second", ...: what a unit measures, for
 * messages. */
const char *pp_unit_describe(const pp_unit *unit);

/*
 * Reads text[0..length) as a quantity: a plain decimal number
 * ([+-]digits[.digits][e[+-]digits]; no hex, inf or nan) followed, with no
 * space, by nothing or a unit of the table.  Returns PP_OK, or
 * PP_ERR_INVALID with the problem (not a number, out of range, unknown
 * unit) in error; *quantity is then unchanged.
 */
pp_status pp_quantity_parse(const char *text, size_t length, pp_quantity *quantity,
    pp_error *error);

/* "300ms", "2%", "0.25": the quantity as a person wrote it, in out. */
void pp_quantity_format(const pp_quantity *quantity, char *out, size_t size);

/* The quantity in the base unit of its dimension (seconds, bytes, a ratio,
 * per second); its value when bare. */
double pp_quantity_base_value(const pp_quantity *quantity);

/*
 * Converts quantity to unit (the series' unit from the stream) into *value.
 * A bare quantity is returned as it is, whatever unit is.  Otherwise
 * returns PP_ERR_INVALID naming both when unit is NULL or empty (the series
 * says no unit), not in the table, of another dimension ("300ms (a
 * duration) does not fit MB (a size)"), or when the result overflows.
 */
pp_status pp_quantity_convert(const pp_quantity *quantity, const char *unit, double *value,
    pp_error *error);

/*
 * The unit of one stat of an aggregate whose values are in unit and whose
 * points have type (NULL: gauge), written into out:
 *   count, numerator, denominator, resets: "1";
 *   ratio: "ratio";
 *   rate: of a counter or cumulative series, unit per second ("bytes/s",
 *         "1/s" without a unit); of a distribution, "1/s" (count per second);
 *   anything else (sum, min, max, mean, stddev, last, increase, pNN): unit.
 * out is "" when the stat's unit cannot be known (no unit on the series,
 * or a rate of something that is already a rate).
 */
void pp_unit_of_stat(const char *unit, const char *type, const char *stat, char *out,
    size_t size);

#endif
