/* Unit tests for pp_json: shortest doubles, escaping, key order. */
#include <criterion/criterion.h>

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_json.h"

static const char *
number(pp_buffer *out, double value)
{
	pp_buffer_clear(out);
	pp_json_write_number(out, value);
	return out->data;
}

Test(json, writes_the_shortest_round_tripping_double)
{
	pp_buffer out = PP_BUFFER_INIT;

	cr_assert_str_eq(number(&out, 0.1), "0.1");
	cr_assert_str_eq(number(&out, 12.5), "12.5");
	cr_assert_str_eq(number(&out, 100), "100");
	cr_assert_str_eq(number(&out, -3), "-3");
	cr_assert_str_eq(number(&out, -0.0), "0");
	cr_assert_str_eq(number(&out, 1764060000.125), "1764060000.125");
	cr_assert_str_eq(number(&out, 1e-6), "1e-06");
	cr_assert_str_eq(number(&out, 1e20), "1e+20");
	cr_assert_str_eq(number(&out, 0.1 + 0.2), "0.30000000000000004");
	cr_assert_str_eq(number(&out, NAN), "null");
	cr_assert_str_eq(number(&out, INFINITY), "null");
	pp_buffer_free(&out);
}

Test(json, every_double_reads_back_exactly)
{
	pp_buffer out = PP_BUFFER_INIT;
	unsigned seed = 12345;
	int i;

	for (i = 0; i < 20000; i++) {
		double value;

		seed = seed * 1103515245u + 12345u;
		value = ldexp((double)(seed % 1000003) / 1000003.0 - 0.5, (int)(seed % 200) - 100);
		cr_assert_eq(strtod(number(&out, value), NULL), value, "%s", out.data);
	}
	cr_assert_eq(strtod(number(&out, DBL_MAX), NULL), DBL_MAX);
	cr_assert_eq(strtod(number(&out, DBL_MIN), NULL), DBL_MIN);
	pp_buffer_free(&out);
}

/* pp_json_write_number as it was before it started at 15 digits: every
 * precision from 1 until one reads back.  The reference the faster one
 * must agree with, byte for byte. */
static const char *
number_trying_every_precision(char *text, size_t size, double value)
{
	int precision;

	if (!isfinite(value)) {
		snprintf(text, size, "null");
		return text;
	}
	if (value == floor(value) && fabs(value) < 1e15) {
		snprintf(text, size, "%.0f", value == 0 ? 0.0 : value);
		return text;
	}
	for (precision = 1; precision <= 17; precision++) {
		snprintf(text, size, "%.*g", precision, value);
		if (strtod(text, NULL) == value)
			return text;
	}
	return text;
}

static void
assert_as_every_precision_writes(pp_buffer *out, double value)
{
	char expected[40];

	number_trying_every_precision(expected, sizeof(expected), value);
	cr_assert_str_eq(number(out, value), expected, "%a", value);
}

/* A random 64-bit pattern: every finite double, subnormals included, is
 * as likely as any other. */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static double
double_of_bits(uint64_t bits)
{
	double value;

	memcpy(&value, &bits, sizeof(value));
	return value;
}

Test(json, numbers_are_written_as_trying_every_precision_writes_them)
{
	static const double chosen[] = {
		0.1, 0.2, 0.3, 25.5, 1e-7, 123456.789, 0.1 + 0.2, 1.0 / 3, 2.0 / 3,
		20.383333333333333, 1e-5, 1e-4, 0.0001234, 0.00001234, 1e15, 1e15 + 1,
		1e16, 1e17, 1e20, 1e21, 1e22, 1e23, 1e100, 1e300, 1e308, 1e-300, 1e-307,
		1e-308, 5e-324, 1e-320, 9007199254740993.0, 4503599627370495.5,
		999999999999999.9, 99999999999999.99, 0.999999999999999, 0.9999999999999999,
		123456789012345.6, 1234567890123456.0, 3.141592653589793, 2.718281828459045,
		DBL_MAX, DBL_MIN, DBL_EPSILON, DBL_TRUE_MIN,
	};
	pp_buffer out = PP_BUFFER_INIT;
	uint64_t state = 88172645463325252u;
	size_t i;

	for (i = 0; i < sizeof(chosen) / sizeof(chosen[0]); i++) {
		assert_as_every_precision_writes(&out, chosen[i]);
		assert_as_every_precision_writes(&out, -chosen[i]);
		assert_as_every_precision_writes(&out, nextafter(chosen[i], 0));
		assert_as_every_precision_writes(&out, nextafter(chosen[i], INFINITY));
	}
	for (i = 0; i < 100000; i++)	/* any double at all */
		assert_as_every_precision_writes(&out, double_of_bits(next_random(&state)));
	for (i = 0; i < 100000; i++) {	/* decimals of 1 to 17 digits */
		uint64_t random = next_random(&state), power = 1;
		char text[40];
		int digits = 1 + (int)(random % 17), d;

		for (d = 0; d < digits; d++)
			power *= 10;
		snprintf(text, sizeof(text), "%llue%d",
		    (unsigned long long)(next_random(&state) % power),
		    (int)(random >> 8 & 0x3ff) % 640 - 330);
		assert_as_every_precision_writes(&out, strtod(text, NULL));
	}
	for (i = 0; i < 100000; i++) {	/* ratios, as means and rates are */
		uint64_t random = next_random(&state);

		assert_as_every_precision_writes(&out,
		    (double)(random % 100000000) / (double)(1 + (random >> 32) % 100000));
	}
	pp_buffer_free(&out);
}

Test(json, escapes_quotes_backslashes_and_control_characters)
{
	pp_buffer out = PP_BUFFER_INIT;

	pp_json_write_string(&out, "a\"b\\c\n\x01\x7f\xc3\xa9", 10);
	cr_assert_str_eq(out.data, "\"a\\\"b\\\\c\\n\\u0001\\u007f\xc3\xa9\"");
	pp_buffer_free(&out);
}

Test(json, writes_records_in_the_canonical_key_order)
{
	pp_buffer out = PP_BUFFER_INIT;
	jv point = jv_parse("{\"tags\":{\"b\":\"1\",\"a\":\"2\"},\"extra\":true,"
	    "\"value\":0.1,\"name\":\"x\"}");
	jv aggregate = jv_parse("{\"count\":3,\"name\":\"x\",\"kind\":\"aggregate\","
	    "\"percentiles\":{\"p50\":1,\"p99.9\":2}}");

	pp_json_write_record(&out, point);
	cr_assert_str_eq(out.data,
	    "{\"name\":\"x\",\"value\":0.1,\"tags\":{\"b\":\"1\",\"a\":\"2\"},\"extra\":true}\n");
	pp_buffer_clear(&out);
	pp_json_write_record(&out, aggregate);
	cr_assert_str_eq(out.data, "{\"kind\":\"aggregate\",\"name\":\"x\",\"count\":3,"
	    "\"percentiles\":{\"p50\":1,\"p99.9\":2}}\n");
	jv_free(point);
	jv_free(aggregate);
	pp_buffer_free(&out);
}

static void
write_text(pp_buffer *out, const void *text)
{
	pp_buffer_append_string(out, text);
}

/* A member written by its own function lands where the record would have
 * put it had it held the member as its last key. */
Test(json, a_written_member_takes_the_place_of_one_held)
{
	static const char *const records[] = {
		"{\"kind\":\"aggregate\",\"name\":\"x\",\"sum_residual\":1,\"count\":3}",
		"{\"kind\":\"aggregate\",\"name\":\"x\",\"zz\":1}",
		"{\"name\":\"x\",\"other\":[1,2]}",
		"{\"kind\":\"finding\",\"name\":\"x\"}",
	};
	static const char *const keys[] = {"sketch", "count_of_it", "value", "kind"};
	pp_buffer held = PP_BUFFER_INIT, written = PP_BUFFER_INIT;

	for (size_t r = 0; r < sizeof(records) / sizeof(records[0]); r++) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			jv record = jv_parse(records[r]);
			pp_json_member member = {keys[k], write_text, "{\"a\":[1,0.5]}"};

			if (jv_object_has(jv_copy(record), jv_string(keys[k]))) {
				jv_free(record);
				continue;
			}
			pp_buffer_clear(&held);
			pp_buffer_clear(&written);
			pp_json_write_record_with(&written, record, &member);
			record = jv_object_set(record, jv_string(keys[k]),
			    jv_parse("{\"a\":[1,0.5]}"));
			pp_json_write_record(&held, record);
			cr_assert_str_eq(written.data, held.data);
			pp_buffer_clear(&written);
			pp_json_write_record_with(&written, record, NULL);
			cr_assert_str_eq(written.data, held.data);
			jv_free(record);
		}
	}
	pp_buffer_free(&held);
	pp_buffer_free(&written);
}

/* Invalid UTF-8 never reaches the stream: each bad byte becomes U+FFFD,
 * as libjq reads it; valid multi-byte sequences pass unchanged. */
Test(json, strings_are_always_valid_utf8)
{
	pp_buffer out = PP_BUFFER_INIT;
	const char mixed[] = "a\xc3\xa9\xff" "b\xed\xa0\x80" "c\xe2\x82";

	pp_json_write_string(&out, mixed, sizeof(mixed) - 1);
	cr_assert_str_eq(out.data, "\"a\xc3\xa9\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\"");
	pp_buffer_free(&out);
}

Test(json, utf8_validation_finds_the_first_bad_byte)
{
	cr_assert_eq(pp_utf8_invalid_at("", 0), 0);
	cr_assert_eq(pp_utf8_invalid_at("ab\xc3\xa9", 4), 4);
	cr_assert_eq(pp_utf8_invalid_at("ab\xc3", 3), 2);		/* truncated */
	cr_assert_eq(pp_utf8_invalid_at("a\xc0\xaf", 3), 1);		/* overlong */
	cr_assert_eq(pp_utf8_invalid_at("a\xed\xa0\x80", 4), 1);	/* surrogate */
	cr_assert_eq(pp_utf8_invalid_at("\xf4\x90\x80\x80", 4), 0);	/* > U+10FFFF */
	cr_assert_eq(pp_utf8_invalid_at("\xf0\x9f\x98\x80!", 5), 5);	/* U+1F600 */
	cr_assert_eq(pp_utf8_invalid_at("x\x80", 2), 1);		/* lone continuation */
}

/* The writers look at eight bytes at a time: every byte value, at every
 * place of a string longer than two words, is written as the one-byte
 * rules say (a lone byte from 0x80 on is not UTF-8) and found by the
 * UTF-8 check where it is. */
Test(json, every_byte_at_every_place_is_written_and_checked_alike)
{
	pp_buffer out = PP_BUFFER_INIT;
	char text[24], expected[64];
	unsigned byte;
	size_t at;

	for (byte = 0; byte < 256; byte++) {
		for (at = 0; at < sizeof(text); at++) {
			char middle[8];

			memset(text, 'a', sizeof(text));
			text[at] = (char)byte;
			if (byte == '"' || byte == '\\')
				snprintf(middle, sizeof(middle), "\\%c", byte);
			else if (byte == '\n' || byte == '\r' || byte == '\t' || byte == '\b' ||
			    byte == '\f')
				snprintf(middle, sizeof(middle), "\\%c", byte == '\n' ? 'n' :
				    byte == '\r' ? 'r' : byte == '\t' ? 't' : byte == '\b' ? 'b' : 'f');
			else if (byte < 0x20 || byte == 0x7f)
				snprintf(middle, sizeof(middle), "\\u%04x", byte);
			else if (byte >= 0x80)
				snprintf(middle, sizeof(middle), "\xef\xbf\xbd");
			else
				snprintf(middle, sizeof(middle), "%c", byte);
			snprintf(expected, sizeof(expected), "\"%.*s%s%.*s\"", (int)at, text, middle,
			    (int)(sizeof(text) - at - 1), text + at + 1);
			pp_buffer_clear(&out);
			pp_json_write_string(&out, text, sizeof(text));
			cr_assert_str_eq(out.data, expected, "byte 0x%02x at %zu", byte, at);
			cr_assert_eq(pp_utf8_invalid_at(text, sizeof(text)),
			    byte >= 0x80 ? at : sizeof(text), "byte 0x%02x at %zu", byte, at);
		}
	}
	pp_buffer_free(&out);
}

/* The reason libjq gives for a failed parse loses its " (while parsing
 * '...')" tail, keeps to the buffer, and falls back when there is none. */
Test(json, parse_message_drops_the_quoted_text)
{
	char text[64], small[8];
	jv invalid = jv_parse("{\"a\":");

	cr_assert_eq(jv_get_kind(invalid), JV_KIND_INVALID);
	cr_assert_str_eq(pp_json_parse_message(invalid, "?", text, sizeof(text)),
	    "Unfinished JSON term at EOF at line 1, column 5");
	cr_assert_str_eq(pp_json_parse_message(jv_parse("nope"), "?", small, sizeof(small)),
	    "Invalid");
	cr_assert_str_eq(pp_json_parse_message(jv_invalid(), "not JSON", text, sizeof(text)),
	    "not JSON");
}
