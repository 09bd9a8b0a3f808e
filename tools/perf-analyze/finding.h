/*
 * finding.h - building finding records and their one-sentence messages.
 *
 * Every analysis makes its findings through finding_new, so that the
 * common fields come first and in the same form, and writes the figures
 * of its messages through the format_ functions below, which are lib's
 * pp_people.h as perf-alert's descriptions use it: three significant
 * digits in the unit that keeps the number small ("12.5 ms", "1.2 s",
 * "55%", "1.5 MiB", "268/s"), never "12.500000000001 ms" or "0.5502
 * ratio".  The numeric fields of a finding stay exact.
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

/* Writes value, in unit (NULL: a plain number), for people
 * (pp_people_stat_value): "284 ms", "55%" (unit "ratio"), "1.5 MiB",
 * "12/s" (a unit per second), "12 req", "14.6"; "-" for NaN and the
 * infinities. */
void format_value(char *text, size_t size, double value, const char *unit);
/* Writes a value of series s in its own unit (format_value), a
 * percentage when it has none and its name says it is a ratio
 * ("utilization", "ratio" or "error_rate", as perf-report reads it). */
void format_series_value(char *text, size_t size, double value, const series *s);
/* Writes a value of the statistic s analyses (its observations' value),
 * in that statistic's unit (pp_unit_of_stat: a count is a plain number,
 * a ratio a percentage, a rate of a counter its unit per second; a
 * unitless ratio by its name as format_series_value). */
void format_stat_value(char *text, size_t size, double value, const series *s);
/* A ratio (0.5 for a half) as a percentage: "50%", "12.7%". */
void format_ratio(char *text, size_t size, double ratio);
/* A relative change as a signed percentage: "+12.5%", "-3%"; "-" when
 * it is not finite (a change from 0). */
void format_percent(char *text, size_t size, double ratio);
/* A p-value with two significant digits, "n/a" when undefined (NaN). */
void format_p_value(char *text, size_t size, double p);
/* A span of seconds as a duration: "1h30m". */
void format_span(char *text, size_t size, double seconds);

#endif
