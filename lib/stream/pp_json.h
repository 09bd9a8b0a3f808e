/*
 * pp_json.h - writing JSON: the one serialiser every program's output goes
 * through, and the one wording of why libjq could not read a text.
 *
 * Two promises make output diffable and stable: doubles are printed in the
 * shortest form that reads back to the same double (0.1, not
 * 0.10000000000000001; whole numbers without a fraction), and a record's
 * keys come in a fixed order per kind (pp_record_key_order), then any other
 * keys in the order the input gave them.  Non-finite numbers, which JSON
 * cannot hold, are written as null.  Output is compact, one line.
 */
#ifndef PP_JSON_H
#define PP_JSON_H

#include <stddef.h>

#include <jv.h>

#include "pp_buffer.h"

/* Appends the shortest round-tripping decimal form of value. */
void pp_json_write_number(pp_buffer *out, double value);
/* Appends a JSON string literal of bytes[0..length), escaping '"', '\\' and
 * control characters; valid UTF-8 passes as it is, and each byte that is
 * not part of a valid UTF-8 sequence is written as U+FFFD (as libjq reads
 * it), so the output is always valid UTF-8. */
void pp_json_write_string(pp_buffer *out, const char *bytes, size_t length);
/* The offset of the first byte of bytes[0..length) that is not valid UTF-8,
 * or length when all of it is. */
size_t pp_utf8_invalid_at(const char *bytes, size_t length);
/* Appends any jv value; objects keep their insertion order.  Borrows. */
void pp_json_write_value(pp_buffer *out, jv value);
/* Appends a record (an object) with the canonical key order of its kind,
 * then a newline.  Borrows record. */
void pp_json_write_record(pp_buffer *out, jv record);

/* A member of a record that its jv does not hold: write(out, value)
 * appends its value's JSON text.  For a large value that costs more to
 * build as jv than to write as text (an aggregate's sketch). */
typedef struct pp_json_member {
	const char *key;
	void (*write)(pp_buffer *out, const void *value);
	const void *value;
} pp_json_member;
/* pp_json_write_record of record with member (when not NULL) too, as if
 * record held it as its last key: at its place in the key order, or after
 * the others when the kind does not list it.  record must not hold
 * member->key. */
void pp_json_write_record_with(pp_buffer *out, jv record, const pp_json_member *member);
/* Copies into text[0..size) the message libjq gave for a failed parse
 * (invalid, which is consumed), without the " (while parsing '...')" libjq
 * ends it with: that repeats the text the user is already shown the place
 * of.  fallback is copied when there is no message.  Returns text. */
const char *pp_json_parse_message(jv invalid, const char *fallback, char *text, size_t size);

#endif
