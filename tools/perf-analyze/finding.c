/*
 * finding.c - finding records and message formatting.  See finding.h.
 */
#include "finding.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pp_duration.h"

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
	return finding_new(type, s->name, jv_copy(s->tags), severity, message);
}

void
format_number(char *text, size_t size, double value, const char *unit)
{
	const char *space = unit ? " " : "";

	if (!isfinite(value))
		snprintf(text, size, "%s%s%s", isnan(value) ? "n/a" :
		    value > 0 ? "infinity" : "-infinity", space, unit ? unit : "");
	else if (fabs(value) >= 1000.0 && fabs(value) < 1e15)
		snprintf(text, size, "%.0f%s%s", value, space, unit ? unit : "");
	else
		snprintf(text, size, "%.4g%s%s", value, space, unit ? unit : "");
}

void
format_percent(char *text, size_t size, double ratio)
{
	char number[64];

	format_number(number, sizeof(number), 100.0 * fabs(ratio), NULL);
	snprintf(text, size, "%s%s%%", ratio < 0 ? "-" : "+", number);
}

void
format_span(char *text, size_t size, double seconds)
{
	pp_duration_format(seconds, text, size);
}
