/*
 * finding.c - finding records and message formatting.  See finding.h.
 */
#include "finding.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_duration.h"
#include "pp_people.h"
#include "pp_unit.h"

jv
finding_new(const char *type, const char *name, jv tags, const char *severity,
    const char *message)
{
	jv record = jv_object();

	record = jv_object_set(record, jv_string("kind"), jv_string("finding"));
	record = jv_object_set(record, jv_string("type"), jv_string(type));
	record = jv_object_set(record, jv_string("name"), jv_string(name));
	record = jv_object_set(record, jv_string("tags"), tags);
	record = jv_object_set(record, jv_string("severity"), jv_string(severity));
	record = jv_object_set(record, jv_string("message"), jv_string(message));
	return record;
}

jv
finding_for_series(const char *type, const series *s, const char *severity,
    const char *message)
{
	jv record = finding_new(type, s->name, jv_copy(s->tags), severity, message);

	return jv_object_set(record, jv_string("stat"), jv_string(s->stat));
}

jv
finding_for_values(const char *type, const series *s, const char *severity,
    const char *message)
{
	jv record = finding_for_series(type, s, severity, message);

	if (s->unit == NULL)
		return record;
	return jv_object_set(record, jv_string("unit"), jv_string(s->unit));
}

/* Sets key to value, unless value is NaN. */
static jv
set_known(jv record, const char *key, double value)
{
	if (isnan(value))
		return record;
	return jv_object_set(record, jv_string(key), jv_number(value));
}

jv
finding_add_span(jv record, const series *s)
{
	record = jv_object_set(record, jv_string("n"), jv_number((double)s->count));
	record = set_known(record, "start", s->items[0].time);
	return set_known(record, "end", s->items[s->count - 1].end);
}

const char *
finding_subject(const series *s, char *text, size_t size)
{
	if (s->of_points)
		snprintf(text, size, "%s", s->label);
	else
		snprintf(text, size, "%s %s", s->label, s->stat);
	return text;
}

/* Copies what a pp_people function appended into text. */
static void
copy_out(char *text, size_t size, pp_buffer *people)
{
	snprintf(text, size, "%s", people->length > 0 ? people->data : "");
	pp_buffer_free(people);
}

void
format_value(char *text, size_t size, double value, const char *unit)
{
	pp_buffer people = PP_BUFFER_INIT;

	pp_people_stat_value(&people, value, unit);
	copy_out(text, size, &people);
}

/* Whether figures in unit of a series without a unit are ratios by its
 * name ("utilization", "ratio", "error_rate"), as pp_people_unit_of reads
 * them for perf-report. */
static bool
ratio_by_name(const char *unit, const series *s)
{
	return (unit == NULL || unit[0] == '\0') && (s->unit == NULL || s->unit[0] == '\0') &&
	    pp_people_unit_of(NULL, s->name).kind == PP_PEOPLE_RATIO;
}

void
format_series_value(char *text, size_t size, double value, const series *s)
{
	format_value(text, size, value, ratio_by_name(s->unit, s) ? "ratio" : s->unit);
}

void
format_stat_value(char *text, size_t size, double value, const series *s)
{
	size_t unit_size = (s->unit != NULL ? strlen(s->unit) : 0) + 8;
	char *unit = pp_xmalloc(unit_size);	/* the series' unit and "/s" */

	pp_unit_of_stat(s->unit, s->typed ? pp_point_type_name(s->type) : NULL, s->stat,
	    unit, unit_size);
	format_value(text, size, value, ratio_by_name(unit, s) ? "ratio" : unit);
	free(unit);
}

void
format_ratio(char *text, size_t size, double ratio)
{
	format_value(text, size, ratio, "ratio");
}

void
format_percent(char *text, size_t size, double ratio)
{
	char number[64];

	format_ratio(number, sizeof(number), fabs(ratio));
	if (!isfinite(ratio))
		snprintf(text, size, "%s", number);
	else
		snprintf(text, size, "%s%s", ratio < 0 ? "-" : "+", number);
}

void
format_p_value(char *text, size_t size, double p)
{
	if (isnan(p))
		snprintf(text, size, "n/a");
	else
		snprintf(text, size, "%.2g", p);
}

void
format_span(char *text, size_t size, double seconds)
{
	pp_duration_format(seconds, text, size);
}
