/*
 * pp_time.h - timestamps: epoch seconds and RFC 3339.
 *
 * The stream carries time as epoch seconds in a double (microsecond
 * fraction).  Input may also give RFC 3339 strings
 * ("2025-11-25T08:00:00.125Z", "2025-11-25T09:00:00+01:00"); they are
 * converted here without consulting the process's time zone.
 */
#ifndef PP_TIME_H
#define PP_TIME_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_error.h"

/* Parses an RFC 3339 date-time of length bytes into epoch seconds.  Accepts
 * 'T', 't' or a space between date and time, 'Z', 'z' or an offset.
 * Returns PP_OK or PP_ERR_PARSE. */
pp_status pp_time_parse_rfc3339(const char *text, size_t length, double *epoch,
    pp_error *error);

/* Writes epoch seconds as RFC 3339 in UTC with microseconds only when the
 * time has a fraction: "2025-11-25T08:00:00Z", "...:00.125000Z".  An epoch
 * outside the years 0000 to 9999, which RFC 3339 cannot write, or not
 * finite, is written as a JSON number ("1e+300"; "null" when not finite). */
void pp_time_format_rfc3339(double epoch, char *text, size_t size);

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
long long pp_days_from_civil(long long year, unsigned month, unsigned day);

/* Whether epoch lies in the years 0000 to 9999, the times a stream may
 * hold (RFC 3339 writes no others). */
bool pp_time_in_range(double epoch);

/* The current time in epoch seconds (CLOCK_REALTIME). */
double pp_time_now(void);

#endif
