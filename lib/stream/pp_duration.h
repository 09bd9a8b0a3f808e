/*
 * pp_duration.h - durations as people write them on a command line.
 *
 * A duration is one or more number-unit pairs, largest first by habit but in
 * any order: "250ms", "10s", "5m", "1h30m", "7d", "2w".  Units: us (or µs),
 * ms, s, m, h, d, w.  A bare number, fraction included ("0.2"), is seconds.
 * Negative durations, empty strings and unknown units are refused.
 */
#ifndef PP_DURATION_H
#define PP_DURATION_H

#include <stddef.h>

#include "pp_error.h"

/* Parses text into seconds.  Returns PP_OK, or PP_ERR_PARSE with a message
 * naming what is wrong (the text itself is not repeated in the message). */
pp_status pp_duration_parse(const char *text, double *seconds, pp_error *error);

/* Writes seconds in the shortest exact form: 90 -> "1m30s", 0.25 -> "250ms",
 * 604800 -> "7d".  Falls back to a decimal number of seconds ("0.0001s")
 * when no whole-unit form exists.  Always NUL-terminates within size. */
void pp_duration_format(double seconds, char *text, size_t size);

#endif
