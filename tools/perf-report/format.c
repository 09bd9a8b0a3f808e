/*
 * format.c - human-readable values, sparklines and safe text.  See
 * format.h.
 *
 * Numbers carry three significant digits with trailing zeros dropped
 * ("12.5 ms", "1.2 s", "120 ms"): enough to compare rows at a glance
 * without implying a precision the eye does not use.  The exact numbers
 * stay available through --format json.
 */
#include "format.h"
#include "text_safe.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pp_time.h"

typedef struct unit_entry {
	const char *name;
	value_kind kind;
	double scale;
} unit_entry;

static const unit_entry known_units[] = {
	{"ns", VALUE_SECONDS, 1e-9}, {"us", VALUE_SECONDS, 1e-6},
	{"\302\265s", VALUE_SECONDS, 1e-6}, {"\316\274s", VALUE_SECONDS, 1e-6},
	{"ms", VALUE_SECONDS, 1e-3}, {"s", VALUE_SECONDS, 1},
	{"sec", VALUE_SECONDS, 1}, {"seconds", VALUE_SECONDS, 1},
	{"min", VALUE_SECONDS, 60}, {"h", VALUE_SECONDS, 3600},
	{"B", VALUE_BYTES, 1}, {"By", VALUE_BYTES, 1}, {"bytes", VALUE_BYTES, 1},
	{"KiB", VALUE_BYTES, 1024}, {"kB", VALUE_BYTES, 1000},
	{"MiB", VALUE_BYTES, 1048576}, {"MB", VALUE_BYTES, 1e6},
	{"GiB", VALUE_BYTES, 1073741824}, {"GB", VALUE_BYTES, 1e9},
	{"ratio", VALUE_RATIO, 1}, {"%", VALUE_PERCENT, 1},
	{"percent", VALUE_PERCENT, 1},
};

value_unit
format_unit(const char *unit, const char *name)
{
	value_unit result = {VALUE_PLAIN, 1, unit};
	size_t i;

	if (unit == NULL || *unit == '\0') {
		result.unit = NULL;
		if (name != NULL && (strstr(name, "utilization") != NULL ||
		    strstr(name, "ratio") != NULL || strstr(name, "error_rate") != NULL))
			result.kind = VALUE_RATIO;
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

/* Three significant digits, trailing zeros of a fraction dropped. */
static void
append_significant(pp_buffer *out, double value)
{
	char text[64];
	double magnitude = fabs(value);
	int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 :
	    magnitude == 0 ? 0 : 2 - (int)floor(log10(magnitude));
	char *end;

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
format_number(pp_buffer *out, double value)
{
	static const char *const suffixes[] = {"k", "M", "G", "T"};
	double magnitude = fabs(value);
	int i;

	if (isnan(value)) {
		pp_buffer_append_char(out, '-');
		return;
	}
	if (isinf(value)) {
		pp_buffer_append_string(out, value > 0 ? "inf" : "-inf");
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

static void
format_seconds(pp_buffer *out, double seconds, bool ascii)
{
	double magnitude = fabs(seconds);

	if (magnitude == 0)
		pp_buffer_append_string(out, "0 s");
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
format_bytes(pp_buffer *out, double bytes)
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
format_value(pp_buffer *out, double value, value_unit unit, bool ascii)
{
	if (!isfinite(value)) {
		format_number(out, value);
		return;
	}
	switch (unit.kind) {
	case VALUE_SECONDS:
		format_seconds(out, value * unit.scale, ascii);
		return;
	case VALUE_BYTES:
		format_bytes(out, value * unit.scale);
		return;
	case VALUE_RATIO:
	case VALUE_PERCENT:
		append_significant(out, unit.kind == VALUE_RATIO ? value * 100 : value);
		pp_buffer_append_char(out, '%');
		return;
	case VALUE_PLAIN:
		format_number(out, value);
		if (unit.unit != NULL) {
			pp_buffer_append_char(out, ' ');
			format_safe(out, unit.unit, ascii);
		}
		return;
	}
}

void
format_rate(pp_buffer *out, double per_second)
{
	format_number(out, per_second);
	if (isfinite(per_second))
		pp_buffer_append_string(out, "/s");
}

void
format_sparkline(pp_buffer *out, const double *values, size_t count, size_t width,
    bool ascii)
{
	static const char *const blocks[] = {
		"\342\226\201", "\342\226\202", "\342\226\203", "\342\226\204",
		"\342\226\205", "\342\226\206", "\342\226\207", "\342\226\210"};
	static const char ascii_levels[] = "_.-:=+*#";
	double low = INFINITY, high = -INFINITY;
	size_t cells = count < width ? count : width, cell, i;

	for (i = 0; i < count; i++)
		if (isfinite(values[i])) {
			low = fmin(low, values[i]);
			high = fmax(high, values[i]);
		}
	for (cell = 0; cell < cells; cell++) {
		size_t first = cell * count / cells, last = (cell + 1) * count / cells;
		double peak = NAN;
		int level;

		for (i = first; i < last; i++)
			if (isfinite(values[i]) && (isnan(peak) || values[i] > peak))
				peak = values[i];
		if (isnan(peak)) {
			pp_buffer_append_char(out, ' ');
			continue;
		}
		level = high > low ? (int)lround((peak - low) / (high - low) * 7) : 0;
		if (ascii)
			pp_buffer_append_char(out, ascii_levels[level]);
		else
			pp_buffer_append_string(out, blocks[level]);
	}
}

void
format_safe(pp_buffer *out, const char *text, bool ascii)
{
	const unsigned char *c;

	if (!ascii) {	/* controls, C1 and bidi controls become '?' */
		text_safe_append(out, text, strlen(text), '?');
		return;
	}
	for (c = (const unsigned char *)text; *c != '\0'; c++) {
		if (*c < 0x20 || *c == 0x7f)
			pp_buffer_append_char(out, '?');
		else if (*c >= 0x80) {
			/* one '?' per character: skip its continuation bytes */
			pp_buffer_append_char(out, '?');
			while ((c[1] & 0xc0) == 0x80)
				c++;
		} else
			pp_buffer_append_char(out, (char)*c);
	}
}

void
format_tags(pp_buffer *out, const pp_tags *tags, const char *empty_mark, bool ascii)
{
	size_t i;

	if (tags->count == 0)
		pp_buffer_append_string(out, empty_mark);
	for (i = 0; i < tags->count; i++) {
		if (i > 0)
			pp_buffer_append_char(out, ',');
		format_safe(out, tags->items[i].key, ascii);
		pp_buffer_append_char(out, '=');
		format_safe(out, tags->items[i].value, ascii);
	}
}

void
format_series(pp_buffer *out, const char *name, const pp_tags *tags, bool ascii)
{
	format_safe(out, name, ascii);
	if (tags->count > 0) {
		pp_buffer_append_char(out, '{');
		format_tags(out, tags, "", ascii);
		pp_buffer_append_char(out, '}');
	}
}

size_t
format_width(const char *text, size_t length)
{
	size_t columns = 0, i;

	for (i = 0; i < length; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			columns++;
	return columns;
}

void
format_time(pp_buffer *out, double epoch)
{
	char text[64];

	pp_time_format_rfc3339(epoch, text, sizeof(text));
	pp_buffer_append_string(out, text);
}

void
format_record_series(pp_buffer *out, jv record, bool ascii)
{
	jv name = jv_object_get(jv_copy(record), jv_string("name"));
	jv tags_object = jv_object_get(jv_copy(record), jv_string("tags"));
	pp_tags tags = PP_TAGS_INIT;

	if (jv_get_kind(tags_object) != JV_KIND_OBJECT ||
	    pp_tags_from_jv(tags_object, &tags, NULL) != PP_OK)
		pp_tags_clear(&tags);
	format_series(out, jv_get_kind(name) == JV_KIND_STRING ? jv_string_value(name) : "",
	    &tags, ascii);
	pp_tags_free(&tags);
	jv_free(tags_object);
	jv_free(name);
}

void
format_ratio(pp_buffer *out, double ratio, double numerator, double denominator)
{
	double percent = 100 * ratio;

	if (!isfinite(ratio)) {
		pp_buffer_append_char(out, '-');
		return;
	}
	/* three significant digits, never an exponent */
	if (percent == 0 || fabs(percent) >= 100)
		pp_buffer_printf(out, "%.0f%%", percent);
	else if (fabs(percent) >= 0.001)
		pp_buffer_printf(out, "%.3g%%", percent);
	else
		pp_buffer_printf(out, "%.6f%%", percent);
	if (isfinite(numerator) && isfinite(denominator))
		pp_buffer_printf(out, " (%.15g/%.15g)", numerator, denominator);
}
