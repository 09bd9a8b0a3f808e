/*
 * finding.h - building finding records and their one-sentence messages.
 *
 * Every analysis makes its findings through finding_new, so that the
 * common fields come first and in the same form, and writes numbers in
 * messages through format_number, so that a message reads "12.5 ms" and
 * never "12.500000000001 ms".
 */
#ifndef PERF_ANALYZE_FINDING_H
#define PERF_ANALYZE_FINDING_H

#include <stddef.h>

#include <jv.h>

#include "series.h"

/* {"kind":"finding","type":TYPE,"name":…,"tags":…,"severity":…,
 * "message":…}: name and tags from s (or name alone and {} when s is
 * NULL).  The caller adds the type's fields and frees the record. */
jv finding_new(const char *type, const char *name, jv tags, const char *severity,
    const char *message);
jv finding_for_series(const char *type, const series *s, const char *severity,
    const char *message);

/* Writes value with at most 4 significant digits (whole numbers of 4 digits
 * or more in full), followed by " UNIT" when unit is not NULL. */
void format_number(char *text, size_t size, double value, const char *unit);
/* A relative change as a signed percentage: "+12.5%", "-3%". */
void format_percent(char *text, size_t size, double ratio);
/* A span of seconds as a duration: "1h30m". */
void format_span(char *text, size_t size, double seconds);

#endif
