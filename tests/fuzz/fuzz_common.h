/*
 * fuzz_common.h - what the fuzz targets share: a NUL-terminated copy of the
 * input (the library's readers hand out NUL-terminated lines, and the fast
 * point reader relies on it), and a field-by-field comparison of two points
 * that aborts with a description when they differ, so that a disagreement
 * is a crash libFuzzer keeps.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LeakSanitizer's switch, when the target is built with it (weak, so the
 * replay driver links without sanitizers too). */
void __lsan_disable(void) __attribute__((weak));
void __lsan_enable(void) __attribute__((weak));

/*
 * Whether libjq's parser refuses bytes[0..length).  libjq 1.6 leaks a string
 * on some malformed input (for example {"a":1 "b":2}: "Expected separator
 * between values" leaks the string "b"), a bug of libjq, not of perfpipe.
 * The targets read lines that libjq refuses with leak detection off, so
 * that the leaks they find are perfpipe's own; this check itself runs with
 * it off too.
 */
static inline int
fuzz_jq_refuses(const char *bytes, size_t length)
{
	jv parsed;
	int refused;

	if (__lsan_disable != NULL)
		__lsan_disable();
	parsed = jv_parse_sized(bytes, (int)length);
	refused = !jv_is_valid(parsed);
	jv_free(parsed);
	if (__lsan_enable != NULL)
		__lsan_enable();
	return refused;
}

static inline void
fuzz_leak_checks(int on)
{
	if (on && __lsan_enable != NULL)
		__lsan_enable();
	else if (!on && __lsan_disable != NULL)
		__lsan_disable();
}

static inline char *
fuzz_line(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);

	if (line == NULL)
		abort();
	memcpy(line, data, size);
	line[size] = '\0';
	return line;
}

static inline void
fuzz_fail(const char *what, const char *line, size_t length)
{
	fprintf(stderr, "fuzz: %s on input: %.*s\n", what,
	    (int)(length > 400 ? 400 : length), line);
	abort();
}

static inline int
fuzz_same_string(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Aborts unless a and b hold the same name, value, ts, type, unit and tags. */
static inline void
fuzz_expect_same_point(const pp_point *a, const pp_point *b, const char *line,
    size_t length)
{
	size_t i;

	if (!fuzz_same_string(a->name, b->name))
		fuzz_fail("names differ", line, length);
	if (a->value != b->value)
		fuzz_fail("values differ", line, length);
	if (a->has_ts != b->has_ts || (a->has_ts && a->ts != b->ts))
		fuzz_fail("timestamps differ", line, length);
	if (a->type != b->type)
		fuzz_fail("types differ", line, length);
	if (!fuzz_same_string(a->unit, b->unit))
		fuzz_fail("units differ", line, length);
	if (a->tags.count != b->tags.count)
		fuzz_fail("tag counts differ", line, length);
	for (i = 0; i < a->tags.count; i++)
		if (strcmp(a->tags.items[i].key, b->tags.items[i].key) != 0 ||
		    strcmp(a->tags.items[i].value, b->tags.items[i].value) != 0)
			fuzz_fail("tags differ", line, length);
}

#endif
