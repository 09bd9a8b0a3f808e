/*
 * format.c - values with their units, sparklines and safe text.  See
 * format.h.  The numbers themselves are lib's pp_people.c, which perf-alert's
 * descriptions use too; the exact numbers stay available through --format
 * json.
 */
#include "format.h"
#include "text_safe.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pp_duration.h"
#include "pp_time.h"

/* The number is lib's (pp_people.c); the unit of a plain value comes from
 * the stream and is made safe here. */
void
format_value(pp_buffer *out, double value, pp_people_unit unit, bool ascii)
{
	pp_people_value(out, value, unit, ascii);
	if (unit.kind == PP_PEOPLE_PLAIN && isfinite(value) && unit.unit != NULL) {
		if (unit.unit[0] != '/')	/* "268/s", "12 req" */
			pp_buffer_append_char(out, ' ');
		format_safe(out, unit.unit, ascii);
	}
}

void
format_stat_value(pp_buffer *out, double value, const char *stat_unit, bool ascii)
{
	pp_buffer safe_unit = PP_BUFFER_INIT;

	format_safe(&safe_unit, stat_unit, ascii);
	pp_buffer_append_char(&safe_unit, '\0');
	pp_people_stat_figure(out, value, safe_unit.data, ascii);
	pp_buffer_free(&safe_unit);
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

static bool local_times;

void
format_use_local_time(bool local)
{
	local_times = local;
}

/* The offset from UTC of the local zone at epoch, in seconds. */
static long
zone_offset(double epoch)
{
	time_t when = (time_t)floor(epoch);
	struct tm local;

	if (!local_times || localtime_r(&when, &local) == NULL)
		return 0;
	return local.tm_gmtoff;
}

void
format_time(pp_buffer *out, double epoch)
{
	char text[64];
	long offset = isfinite(epoch) ? zone_offset(epoch) : 0;
	size_t length;

	pp_time_format_rfc3339(epoch + (double)offset, text, sizeof(text));
	length = strlen(text);
	if (offset != 0 && length > 0 && text[length - 1] == 'Z') {
		long minutes = (offset < 0 ? -offset : offset) / 60;

		snprintf(text + length - 1, sizeof(text) - length + 1, "%c%02ld:%02ld",
		    offset < 0 ? '-' : '+', minutes / 60, minutes % 60);
	}
	pp_buffer_append_string(out, text);
}

void
format_span(pp_buffer *out, double start, double end)
{
	char span[64];

	pp_duration_format(end - start, span, sizeof(span));
	format_time(out, start);
	pp_buffer_append_string(out, " to ");
	format_time(out, end);
	pp_buffer_printf(out, " (%s)", end > start ? span : "0s");
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
