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

void
format_number(char *text, size_t size, double value, const char *unit)
{
	static const char *const finer[] = {"ns", "us", "\xc2\xb5s", NULL};
	const char *space = unit ? " " : "";
	size_t i;

	/* 131126 us reads better as 131.1 ms: a unit finer than ms moves up
	 * to ms, then s, while the number has four digits or more */
	for (i = 0; unit != NULL && finer[i] != NULL; i++)
		if (strcmp(unit, finer[i]) == 0 && isfinite(value)) {
			if (i == 0 && fabs(value) >= 1000.0) {
				value /= 1000.0;
				unit = "us";
			}
			if (fabs(value) >= 1000.0) {
				value /= 1000.0;
				unit = "ms";
			}
			break;
		}
	if (unit != NULL && strcmp(unit, "ms") == 0 && fabs(value) >= 10000.0) {
		value /= 1000.0;
		unit = "s";
	}

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
