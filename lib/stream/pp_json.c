/*
 * pp_json.c - the JSON serialiser.  libjq's own printer writes doubles with
 * 17 significant digits, which turns 0.1 into 0.10000000000000001, so the
 * stream is written here instead.  The shortest form is found by trying
 * increasing precision until strtod reads the same double back, from 15
 * digits on for a normal double (first_precision says why that finds the
 * same form as trying from 1).
 */
#include "pp_json.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
format_with_precision(char *text, size_t size, int precision, double value)
{
	return snprintf(text, size, "%.*g", precision, value);
}

/* The precision to try first for value.  When some precision p <= 15
 * reads back, "%.15g" writes the same text.  The p-digit decimal d reads
 * back to value, so value is within half an ulp of d, at most 2^-53 of
 * value; half a unit in the 15th digit is more than 5 * 10^-16 of it, so
 * rounding value to 15 digits gives d again, which %g writes without the
 * trailing zeros.  The form agrees too: "%.pg" takes the exponent form
 * where "%.15g" does not only for a d of exponent p to 14, a whole number
 * below 1e15, which is a double itself: then value is d, and whole values
 * below 1e15 are written before the loop.  A subnormal double holds fewer
 * digits (5e-324 reads back from "5e-324" and from
 * "4.94065645841247e-324"), so it starts from 1. */
static int
first_precision(double value)
{
	return fabs(value) >= DBL_MIN ? DBL_DIG : 1;
}

void
pp_json_write_number(pp_buffer *out, double value)
{
	char text[40];
	int precision;

	if (!isfinite(value)) {
		pp_buffer_append(out, "null", 4);
		return;
	}
	if (value == floor(value) && fabs(value) < 1e15) {
		/* what "%.0f" writes (-0 as 0), without printf's arbitrary
		 * precision: timestamps, counts and byte sizes are most numbers */
		unsigned long long whole = (unsigned long long)fabs(value);
		size_t at = sizeof(text);

		do {
			text[--at] = (char)('0' + whole % 10);
			whole /= 10;
		} while (whole > 0);
		if (value < 0)
			text[--at] = '-';
		pp_buffer_append(out, text + at, sizeof(text) - at);
		return;
	}
	for (precision = first_precision(value); precision < 17; precision++) {
		int length = format_with_precision(text, sizeof(text), precision, value);

		if (strtod(text, NULL) == value) {
			pp_buffer_append(out, text, (size_t)length);
			return;
		}
	}
	/* 17 digits always read back (DBL_DECIMAL_DIG): not read again */
	pp_buffer_append(out, text, (size_t)format_with_precision(text, sizeof(text), 17, value));
}

/* The length of the valid UTF-8 sequence that starts at b[0] (at most
 * length bytes), or 0 when it is not one: overlong forms, surrogates and
 * code points above U+10FFFF are not valid. */
static size_t
utf8_sequence_length(const unsigned char *b, size_t length)
{
	size_t need, i;
	unsigned code;

	if (length == 0)
		return 0;
	if (b[0] < 0x80)
		return 1;
	if (b[0] >= 0xc2 && b[0] <= 0xdf) {
		need = 2;
		code = b[0] & 0x1f;
	} else if (b[0] >= 0xe0 && b[0] <= 0xef) {
		need = 3;
		code = b[0] & 0x0f;
	} else if (b[0] >= 0xf0 && b[0] <= 0xf4) {
		need = 4;
		code = b[0] & 0x07;
	} else {
		return 0;	/* a continuation byte, an overlong lead, or > U+10FFFF */
	}
	if (length < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((b[i] & 0xc0) != 0x80)
			return 0;
		code = code << 6 | (b[i] & 0x3f);
	}
	if ((need == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) ||
	    (need == 4 && (code < 0x10000 || code > 0x10ffff)))
		return 0;
	return need;
}

/* Whether the eight bytes at b are all ASCII: most text is, and is
 * passed over a word at a time. */
static int
eight_ascii(const unsigned char *b)
{
	uint64_t word;

	memcpy(&word, b, sizeof(word));
	return (word & UINT64_C(0x8080808080808080)) == 0;
}

size_t
pp_utf8_invalid_at(const char *bytes, size_t length)
{
	const unsigned char *b = (const unsigned char *)bytes;
	size_t at = 0;

	while (at < length) {
		size_t step;

		if (length - at >= 8 && eight_ascii(b + at)) {
			at += 8;
			continue;
		}
		if (b[at] < 0x80) {
			at++;
			continue;
		}
		step = utf8_sequence_length(b + at, length - at);
		if (step == 0)
			return at;
		at += step;
	}
	return length;
}

/* Whether the eight bytes at b are all plain_in_string, by the usual
 * bit tricks on one word: (w - n) & ~w has a high bit where a byte is
 * below n, (w + 1) | w where one is above 0x7e, and a byte equal to c
 * is a zero byte of w ^ c. */
static int
eight_plain(const unsigned char *b)
{
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80;
	uint64_t word, quote, backslash;

	memcpy(&word, b, sizeof(word));
	quote = word ^ (ones * '"');
	backslash = word ^ (ones * '\\');
	return ((((word - ones * 0x20) & ~word) | ((quote - ones) & ~quote) |
	    ((backslash - ones) & ~backslash) | (word + ones) | word) & highs) == 0;
}

/* The bytes a JSON string holds as they are: printable ASCII but '"' and
 * '\\'.  Control bytes and DEL are escaped; bytes from 0x80 on are looked
 * at as UTF-8. */
static const unsigned char plain_in_string[256] = {
	['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x20-0x2f, '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,		/* 0x30-0x3f */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,		/* 0x40-0x4f */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,		/* 0x50-0x5f, '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,		/* 0x60-0x6f */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,		/* 0x70-0x7f, DEL */
};

void
pp_json_write_string(pp_buffer *out, const char *bytes, size_t length)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	pp_buffer_reserve(out, length + 2);
	for (i = 0; i + 8 <= length && eight_plain((const unsigned char *)bytes + i); i += 8)
		;
	while (i < length && plain_in_string[(unsigned char)bytes[i]])
		i++;
	if (i == length) {	/* nothing to escape, as most strings */
		char *at = out->data + out->length;

		at[0] = '"';
		memcpy(at + 1, bytes, length);
		at[length + 1] = '"';
		at[length + 2] = '\0';
		out->length += length + 2;
		return;
	}
	pp_buffer_append_char(out, '"');
	for (i = 0; i < length; i++) {
		unsigned char c = (unsigned char)bytes[i];
		char escape[7] = {'\\', 0, 0, 0, 0, 0, 0};
		size_t escape_length = 2;

		while (length - i >= 8 && eight_plain((const unsigned char *)bytes + i))
			i += 8;
		if (i == length)
			break;
		c = (unsigned char)bytes[i];
		if (plain_in_string[c])
			continue;
		if (c >= 0x80) {
			size_t step = utf8_sequence_length((const unsigned char *)bytes + i,
			    length - i);

			if (step > 0) {
				i += step - 1;
				continue;
			}
			pp_buffer_append(out, bytes + start, i - start);
			pp_buffer_append_string(out, "\xef\xbf\xbd");	/* U+FFFD */
			start = i + 1;
			continue;
		}
		pp_buffer_append(out, bytes + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': escape[1] = '"'; break;
		case '\\': escape[1] = '\\'; break;
		case '\n': escape[1] = 'n'; break;
		case '\r': escape[1] = 'r'; break;
		case '\t': escape[1] = 't'; break;
		case '\b': escape[1] = 'b'; break;
		case '\f': escape[1] = 'f'; break;
		default:
			memcpy(escape + 1, "u00", 3);
			escape[4] = hex[c >> 4];
			escape[5] = hex[c & 15];
			escape_length = 6;
		}
		pp_buffer_append(out, escape, escape_length);
	}
	pp_buffer_append(out, bytes + start, length - start);
	pp_buffer_append_char(out, '"');
}

static void
write_jv_string(pp_buffer *out, jv string)
{
	pp_json_write_string(out, jv_string_value(string),
	    (size_t)jv_string_length_bytes(jv_copy(string)));
}

static void
write_object(pp_buffer *out, jv object)
{
	int iterator, first = 1;

	pp_buffer_append_char(out, '{');
	for (iterator = jv_object_iter(object); jv_object_iter_valid(object, iterator);
	    iterator = jv_object_iter_next(object, iterator)) {
		jv key = jv_object_iter_key(object, iterator);
		jv value = jv_object_iter_value(object, iterator);

		if (!first)
			pp_buffer_append_char(out, ',');
		first = 0;
		write_jv_string(out, key);
		pp_buffer_append_char(out, ':');
		pp_json_write_value(out, value);
		jv_free(key);
		jv_free(value);
	}
	pp_buffer_append_char(out, '}');
}

void
pp_json_write_value(pp_buffer *out, jv value)
{
	int i, length;

	switch (jv_get_kind(value)) {
	case JV_KIND_NULL:
	case JV_KIND_INVALID:
		pp_buffer_append(out, "null", 4);
		break;
	case JV_KIND_TRUE:
		pp_buffer_append(out, "true", 4);
		break;
	case JV_KIND_FALSE:
		pp_buffer_append(out, "false", 5);
		break;
	case JV_KIND_NUMBER:
		pp_json_write_number(out, jv_number_value(value));
		break;
	case JV_KIND_STRING:
		write_jv_string(out, value);
		break;
	case JV_KIND_ARRAY:
		pp_buffer_append_char(out, '[');
		length = jv_array_length(jv_copy(value));
		for (i = 0; i < length; i++) {
			jv element = jv_array_get(jv_copy(value), i);

			if (i > 0)
				pp_buffer_append_char(out, ',');
			pp_json_write_value(out, element);
			jv_free(element);
		}
		pp_buffer_append_char(out, ']');
		break;
	case JV_KIND_OBJECT:
		write_object(out, value);
		break;
	}
}

/* The fixed key order of each kind (design.md, "The stream").  Keys not
 * listed follow in the order the record holds them. */
static const char *const point_keys[] = {
	"name", "value", "ts", "type", "unit", "tags", NULL};
static const char *const aggregate_keys[] = {
	"kind", "name", "tags", "type", "unit", "start", "end", "first_ts",
	"last_ts", "partial", "window", "count",
	"sum", "min", "max", "mean", "stddev", "rate", "last", "increase",
	"resets", "percentiles", "quantiles", "buckets", "sketch", NULL};
static const char *const finding_keys[] = {
	"kind", "type", "name", "tags", "severity", "message", NULL};
static const char *const alert_keys[] = {
	"kind", "id", "rule", "name", "tags", "alert_type", "severity", "state",
	"unit", "threshold", "current_value", "triggered_at", "resolved_at", "description",
	"suggested_actions", "explanation", NULL};
static const char *const other_keys[] = {"kind", NULL};

static const char *const *
key_order_of(jv record)
{
	jv kind = jv_object_get(jv_copy(record), jv_string("kind"));
	const char *const *order = point_keys;

	if (jv_get_kind(kind) == JV_KIND_STRING) {
		const char *name = jv_string_value(kind);

		if (strcmp(name, "aggregate") == 0)
			order = aggregate_keys;
		else if (strcmp(name, "finding") == 0)
			order = finding_keys;
		else if (strcmp(name, "alert") == 0)
			order = alert_keys;
		else
			order = other_keys;
	}
	jv_free(kind);
	return order;
}

/* The place of key in order, or -1 when order does not list it. */
static int
listed_at(const char *const *order, const char *key)
{
	int at;

	for (at = 0; order[at] != NULL; at++)
		if (order[at][0] == key[0] && strcmp(order[at], key) == 0)
			return at;
	return -1;
}

static int
is_listed(const char *const *order, const char *key)
{
	return listed_at(order, key) >= 0;
}

/* "KEY": after a comma unless it is the first member */
static void
write_key(pp_buffer *out, const char *key, int *first)
{
	if (!*first)
		pp_buffer_append_char(out, ',');
	*first = 0;
	pp_json_write_string(out, key, strlen(key));
	pp_buffer_append_char(out, ':');
}

static void
write_member(pp_buffer *out, const char *key, jv value, int *first)
{
	write_key(out, key, first);
	pp_json_write_value(out, value);
}

static void
write_written_member(pp_buffer *out, const pp_json_member *member, int *first)
{
	write_key(out, member->key, first);
	member->write(out, member->value);
}

/* The most keys an order lists (aggregate_keys, the longest, has 25). */
enum { MOST_LISTED = 32 };
#define LISTED(keys) (sizeof(keys) / sizeof(keys[0]) - 1)
_Static_assert(LISTED(point_keys) <= MOST_LISTED && LISTED(aggregate_keys) <= MOST_LISTED &&
    LISTED(finding_keys) <= MOST_LISTED && LISTED(alert_keys) <= MOST_LISTED &&
    LISTED(other_keys) <= MOST_LISTED, "a key order longer than MOST_LISTED");
#undef LISTED

/* Sets held_at[i] to the iterator of record's member order[i], or -1:
 * one walk over the record finds them all. */
static void
find_listed(jv record, const char *const *order, int held_at[MOST_LISTED])
{
	int iterator, at;

	for (at = 0; at < MOST_LISTED; at++)
		held_at[at] = -1;
	for (iterator = jv_object_iter(record); jv_object_iter_valid(record, iterator);
	    iterator = jv_object_iter_next(record, iterator)) {
		jv name = jv_object_iter_key(record, iterator);

		at = listed_at(order, jv_string_value(name));
		if (at >= 0)
			held_at[at] = iterator;
		jv_free(name);
	}
}

void
pp_json_write_record_with(pp_buffer *out, jv record, const pp_json_member *member)
{
	const char *const *order;
	int held_at[MOST_LISTED];
	int iterator, at, first = 1;

	if (jv_get_kind(record) != JV_KIND_OBJECT) {
		pp_json_write_value(out, record);
		pp_buffer_append_char(out, '\n');
		return;
	}
	order = key_order_of(record);
	find_listed(record, order, held_at);
	pp_buffer_append_char(out, '{');
	for (at = 0; order[at] != NULL; at++) {
		if (member != NULL && strcmp(order[at], member->key) == 0) {
			write_written_member(out, member, &first);
		} else if (held_at[at] >= 0) {
			jv value = jv_object_iter_value(record, held_at[at]);

			write_member(out, order[at], value, &first);
			jv_free(value);
		}
	}
	for (iterator = jv_object_iter(record); jv_object_iter_valid(record, iterator);
	    iterator = jv_object_iter_next(record, iterator)) {
		jv name = jv_object_iter_key(record, iterator);
		jv value = jv_object_iter_value(record, iterator);

		if (!is_listed(order, jv_string_value(name)))
			write_member(out, jv_string_value(name), value, &first);
		jv_free(name);
		jv_free(value);
	}
	if (member != NULL && !is_listed(order, member->key))
		write_written_member(out, member, &first);
	pp_buffer_append(out, "}\n", 2);
}

void
pp_json_write_record(pp_buffer *out, jv record)
{
	pp_json_write_record_with(out, record, NULL);
}

const char *
pp_json_parse_message(jv invalid, const char *fallback, char *text, size_t size)
{
	jv message = jv_invalid_get_msg(invalid);
	const char *said = jv_get_kind(message) == JV_KIND_STRING ?
	    jv_string_value(message) : fallback;
	const char *cut = strstr(said, " (while parsing");

	snprintf(text, size, "%.*s", cut != NULL ? (int)(cut - said) : (int)strlen(said), said);
	jv_free(message);
	return text;
}
