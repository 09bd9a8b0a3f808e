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
 * "message":…}.  The caller adds the type's fields and frees the record. */
jv finding_new(const char *type, const char *name, jv tags, const char *severity,
    const char *message);
/* finding_new with the name and tags of s, and its "stat". */
jv finding_for_series(const char *type, const series *s, const char *severity,
    const char *message);
/* finding_for_series with the "unit" of s too, when it has one: a finding
 * on the values of one series. */
jv finding_for_values(const char *type, const series *s, const char *severity,
    const char *message);
/* Adds the "n", "start" and "end" of the observations of s to record (a
 * time the input did not give is left out). */
jv finding_add_span(jv record, const series *s);

/* What a message is about: "request.duration{pool=a} p95", or only the
 * label for a series of points (whose statistic is their value). */
const char *finding_subject(const series *s, char *text, size_t size);

/* Writes value with at most 4 significant digits (whole numbers of 4 digits
 * or more in full), followed by " UNIT" when unit is not NULL. */
void format_number(char *text, size_t size, double value, const char *unit);
/* A relative change as a signed percentage: "+12.5%", "-3%". */
void format_percent(char *text, size_t size, double ratio);
/* A p-value with two significant digits, "n/a" when undefined (NaN). */
void format_p_value(char *text, size_t size, double p);
/* A span of seconds as a duration: "1h30m". */
void format_span(char *text, size_t size, double seconds);

#endif
