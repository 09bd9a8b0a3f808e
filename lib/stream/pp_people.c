/*
 * pp_people.c - numbers as a person reads them.  See pp_people.h.
 *
 * Three significant digits are enough to compare rows at a glance
 * without implying a precision the eye does not use; the exact numbers
 * stay in the machine formats.  The unit table here names the units a
 * report scales (it knows "sec" and the binary sizes a dashboard shows);
 * pp_unit.c's table is the one that converts quantities.
 */
#include "pp_people.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct unit_entry {
	const char *name;
	pp_people_kind kind;
	double scale;
} unit_entry;

static const unit_entry known_units[] = {
	{"ns", PP_PEOPLE_SECONDS, 1e-9}, {"us", PP_PEOPLE_SECONDS, 1e-6},
	{"\302\265s", PP_PEOPLE_SECONDS, 1e-6}, {"\316\274s", PP_PEOPLE_SECONDS, 1e-6},
	{"ms", PP_PEOPLE_SECONDS, 1e-3}, {"s", PP_PEOPLE_SECONDS, 1},
	{"sec", PP_PEOPLE_SECONDS, 1}, {"seconds", PP_PEOPLE_SECONDS, 1},
	{"min", PP_PEOPLE_SECONDS, 60}, {"h", PP_PEOPLE_SECONDS, 3600},
	{"B", PP_PEOPLE_BYTES, 1}, {"By", PP_PEOPLE_BYTES, 1}, {"bytes", PP_PEOPLE_BYTES, 1},
	{"KiB", PP_PEOPLE_BYTES, 1024}, {"kB", PP_PEOPLE_BYTES, 1000},
	{"MiB", PP_PEOPLE_BYTES, 1048576}, {"MB", PP_PEOPLE_BYTES, 1e6},
	{"GiB", PP_PEOPLE_BYTES, 1073741824}, {"GB", PP_PEOPLE_BYTES, 1e9},
	{"ratio", PP_PEOPLE_RATIO, 1}, {"%", PP_PEOPLE_PERCENT, 1},
	{"percent", PP_PEOPLE_PERCENT, 1},
};

pp_people_unit
pp_people_unit_of(const char *unit, const char *name)
{
	pp_people_unit result = {PP_PEOPLE_PLAIN, 1, unit};
	size_t i;

	if (unit == NULL || *unit == '\0') {
		result.unit = NULL;
		if (name != NULL && (strstr(name, "utilization") != NULL ||
		    strstr(name, "ratio") != NULL || strstr(name, "error_rate") != NULL))
			result.kind = PP_PEOPLE_RATIO;
		return result;
	}
	for (i = 0; i < sizeof(known_units) / sizeof(known_units[0]); i++)
		if (strcmp(unit, known_units[i].name) == 0) {
			result.kind = known_units[i].kind;
			result.scale = known_units[i].scale;
			return result;
		}
	return result;
}

/* Three significant digits, trailing zeros of a fraction dropped; from a
 * million on (beyond the largest unit: 1e6 h, 1e6 PiB) in scientific
 * notation, "4.99e+301", rather than hundreds of digits. */
static void
append_significant(pp_buffer *out, double value)
{
	char text[64];
	double magnitude = fabs(value);
	int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 :
	    magnitude == 0 ? 0 : 2 - (int)floor(log10(magnitude));
	char *end;

	if (magnitude >= 1e6) {
		pp_buffer_printf(out, "%.3g", value);
		return;
	}
	if (decimals > 12)
		decimals = 12;
	snprintf(text, sizeof(text), "%.*f", decimals, value);
	if (strchr(text, '.') != NULL) {
		end = text + strlen(text) - 1;
		while (*end == '0')
			*end-- = '\0';
		if (*end == '.')
			*end = '\0';
	}
	if (strcmp(text, "-0") == 0)
		strcpy(text, "0");
	pp_buffer_append_string(out, text);
}

void
pp_people_number(pp_buffer *out, double value)
{
	static const char *const suffixes[] = {"k", "M", "G", "T"};
	double magnitude = fabs(value);
	int i;

	if (!isfinite(value)) {	/* no figure: never "nan" or "-inf" */
		pp_buffer_append_char(out, '-');
		return;
	}
	if (magnitude < 1e6 && value == floor(value)) {
		pp_buffer_printf(out, "%.0f", value);
		return;
	}
	if (magnitude < 1e6 || magnitude >= 1e15) {
		if (magnitude >= 1e15)
			pp_buffer_printf(out, "%.3g", value);
		else
			append_significant(out, value);
		return;
	}
	for (i = 0; magnitude >= 1e3 && i < 4; i++)
		magnitude /= 1e3, value /= 1e3;
	append_significant(out, value);
	pp_buffer_append_string(out, suffixes[i - 1]);
}

/* The name of a duration unit of this scale (seconds in one unit). */
static const char *
seconds_unit(double scale, bool ascii)
{
	if (scale <= 1e-9)
		return "ns";
	if (scale <= 1e-6)
		return ascii ? "us" : "\302\265s";
	if (scale <= 1e-3)
		return "ms";
	if (scale <= 1)
		return "s";
	return scale <= 60 ? "min" : "h";
}

/* A zero shows in the metric's own unit: "0 ms" for a metric in ms
 * ("0 s" read as a different, coarser figure). */
static void
people_seconds(pp_buffer *out, double seconds, double scale, bool ascii)
{
	double magnitude = fabs(seconds);

	if (magnitude == 0)
		pp_buffer_printf(out, "0 %s", seconds_unit(scale, ascii));
	else if (magnitude < 1e-6) {
		append_significant(out, seconds * 1e9);
		pp_buffer_append_string(out, " ns");
	} else if (magnitude < 1e-3) {
		append_significant(out, seconds * 1e6);
		pp_buffer_append_string(out, ascii ? " us" : " \302\265s");
	} else if (magnitude < 1) {
		append_significant(out, seconds * 1e3);
		pp_buffer_append_string(out, " ms");
	} else if (magnitude < 120) {
		append_significant(out, seconds);
		pp_buffer_append_string(out, " s");
	} else if (magnitude < 7200) {
		append_significant(out, seconds / 60);
		pp_buffer_append_string(out, " min");
	} else {
		append_significant(out, seconds / 3600);
		pp_buffer_append_string(out, " h");
	}
}

static void
people_bytes(pp_buffer *out, double bytes)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	int i = 0;

	while (fabs(bytes) >= 1024 && i < 5) {
		bytes /= 1024;
		i++;
	}
	append_significant(out, bytes);
	pp_buffer_printf(out, " %s", units[i]);
}

void
pp_people_value(pp_buffer *out, double value, pp_people_unit unit, bool ascii)
{
	if (!isfinite(value)) {
		pp_people_number(out, value);
		return;
	}
	switch (unit.kind) {
	case PP_PEOPLE_SECONDS:
		people_seconds(out, value * unit.scale, unit.scale, ascii);
		return;
	case PP_PEOPLE_BYTES:
		people_bytes(out, value * unit.scale);
		return;
	case PP_PEOPLE_RATIO:
	case PP_PEOPLE_PERCENT:
		append_significant(out, unit.kind == PP_PEOPLE_RATIO ? value * 100 : value);
		pp_buffer_append_char(out, '%');
		return;
	case PP_PEOPLE_PLAIN:	/* the caller appends unit.unit, made safe */
		pp_people_number(out, value);
		return;
	}
}

void
pp_people_rate(pp_buffer *out, double per_second)
{
	pp_people_number(out, per_second);
	if (isfinite(per_second))
		pp_buffer_append_string(out, "/s");
}

void
pp_people_ratio(pp_buffer *out, double ratio, double numerator, double denominator)
{
	double percent = 100 * ratio;

	if (!isfinite(ratio)) {
		pp_buffer_append_char(out, '-');
		return;
	}
	/* three significant digits, never an exponent */
	if (fabs(percent) >= 1e6)
		pp_buffer_printf(out, "%.3g%%", percent);
	else if (percent == 0 || fabs(percent) >= 100)
		pp_buffer_printf(out, "%.0f%%", percent);
	else if (fabs(percent) >= 0.001)
		pp_buffer_printf(out, "%.3g%%", percent);
	else
		pp_buffer_printf(out, "%.6f%%", percent);
	if (isfinite(numerator) && isfinite(denominator))
		pp_buffer_printf(out, " (%.15g/%.15g)", numerator, denominator);
}

void
pp_people_stat_value(pp_buffer *out, double value, const char *stat_unit)
{
	pp_people_stat_figure(out, value, stat_unit, true);
}

void
pp_people_stat_figure(pp_buffer *out, double value, const char *stat_unit, bool ascii)
{
	const char *unit = stat_unit == NULL ? "" : stat_unit;
	size_t length = strlen(unit);
	char base[64];

	if (unit[0] == '\0' || strcmp(unit, "1") == 0 || strcmp(unit, "count") == 0) {
		pp_people_number(out, value);
		return;
	}
	if (strcmp(unit, "1/s") == 0 || strcmp(unit, "/s") == 0) {
		pp_people_rate(out, value);
		return;
	}
	if (length > 2 && length - 2 < sizeof(base) && strcmp(unit + length - 2, "/s") == 0) {
		memcpy(base, unit, length - 2);	/* "bytes/s": "1.5 MiB/s" */
		base[length - 2] = '\0';
		pp_people_value(out, value, pp_people_unit_of(base, NULL), ascii);
		if (isfinite(value))
			pp_buffer_append_string(out, "/s");
		return;
	}
	pp_people_value(out, value, pp_people_unit_of(unit, NULL), ascii);
	if (pp_people_unit_of(unit, NULL).kind == PP_PEOPLE_PLAIN && isfinite(value))
		pp_buffer_printf(out, " %s", unit);	/* "12 req" */
}
