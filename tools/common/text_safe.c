/*
 * text_safe.c - neutralising terminal controls.  See text_safe.h.
 */
#include "text_safe.h"

#include <stdbool.h>
#include <stdint.h>

/* The length of the UTF-8 sequence at text (its code point in *point), or
 * 0 when it is not valid UTF-8 (overlong, surrogate, truncated). */
static size_t
decode(const unsigned char *text, size_t left, uint32_t *point)
{
	size_t length, i;
	uint32_t value;

	if (text[0] < 0xc2 || text[0] > 0xf4)
		return 0;
	length = text[0] < 0xe0 ? 2 : text[0] < 0xf0 ? 3 : 4;
	if (length > left)
		return 0;
	value = text[0] & (0x7f >> length);
	for (i = 1; i < length; i++) {
		if ((text[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (text[i] & 0x3f);
	}
	if ((length == 3 && value < 0x800) || (length == 4 && (value < 0x10000 ||
	    value > 0x10ffff)) || (value >= 0xd800 && value <= 0xdfff))
		return 0;
	*point = value;
	return length;
}

static bool
unsafe_point(uint32_t point)
{
	return (point >= 0x80 && point <= 0x9f) || (point >= 0x202a && point <= 0x202e) ||
	    (point >= 0x2066 && point <= 0x2069);
}

void
text_safe_append(pp_buffer *out, const char *text, size_t length, char replacement)
{
	const unsigned char *c = (const unsigned char *)text;
	size_t i = 0, run;
	uint32_t point;

	while (i < length) {
		if (c[i] >= 0x20 && c[i] < 0x7f) {
			pp_buffer_append_char(out, (char)c[i++]);
			continue;
		}
		run = c[i] >= 0x80 ? decode(c + i, length - i, &point) : 0;
		if (run > 0 && !unsafe_point(point)) {
			pp_buffer_append(out, text + i, run);
			i += run;
		} else if (replacement != '\0') {
			pp_buffer_append_char(out, replacement);
			i += run > 0 ? run : 1;
		} else if (run > 0) {
			pp_buffer_printf(out, "\\u%04x", (unsigned)point);
			i += run;
		} else {
			pp_buffer_printf(out, "\\x%02x", (unsigned)c[i++]);
		}
	}
}
