/*
 * fuzz_common.h - what the fuzz targets share: a NUL-terminated copy of the
 * input (the library's readers hand out NUL-terminated lines, and the fast
 * point reader relies on it), and a field-by-field comparison of two points
 * that aborts with a description when they differ, so that a disagreement
 * is a crash libFuzzer keeps; and a temporary directory, removed at exit,
 * for the targets that read files.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Whether bytes[0..length) is one JSON value in the strict grammar of
 * RFC 8259 (nesting at most 200 deep).  libjq 1.6 leaks memory on some
 * malformed input (for example {"a":1 "b":2}: "Expected separator between
 * values" leaks the string "b"), a bug of libjq, not of perfpipe; each such
 * leak would stop the fuzzer or, hidden, make libFuzzer scan the heap for
 * leaks after every input.  So the targets hand libjq only text this check
 * accepts, and leak detection stays on for everything perfpipe does.  libjq
 * accepts a little more (NaN, nan) and refuses nothing valid here.
 */
typedef struct fuzz_json {
	const char *at, *end;
	int depth;
} fuzz_json;

static int fuzz_json_value(fuzz_json *j);

static inline void
fuzz_json_space(fuzz_json *j)
{
	while (j->at < j->end && (*j->at == ' ' || *j->at == '\t' || *j->at == '\n' ||
	    *j->at == '\r'))
		j->at++;
}

static inline int
fuzz_json_take(fuzz_json *j, char c)
{
	fuzz_json_space(j);
	if (j->at < j->end && *j->at == c) {
		j->at++;
		return 1;
	}
	return 0;
}

/* Four hex digits of a \u escape, or above 0xFFFF when they are not. */
static inline unsigned
fuzz_json_hex4(fuzz_json *j)
{
	unsigned code = 0;

	for (int i = 0; i < 4; i++, j->at++) {
		char c = j->at < j->end ? *j->at : '\0';

		if (c >= '0' && c <= '9')
			code = code * 16 + (unsigned)(c - '0');
		else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
			code = code * 16 + (unsigned)((c | 0x20) - 'a' + 10);
		else
			return 0x10000;
	}
	return code;
}

static inline int
fuzz_json_string(fuzz_json *j)
{
	if (!fuzz_json_take(j, '"'))
		return 0;
	while (j->at < j->end) {
		unsigned char c = (unsigned char)*j->at++;

		if (c == '"')
			return 1;
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			if (j->at >= j->end)
				return 0;
			c = (unsigned char)*j->at++;
			if (c == 'u') {
				unsigned code = fuzz_json_hex4(j);

				/* libjq 1.6 refuses a high surrogate that no \u low
				 * surrogate follows (a lone low one it replaces) */
				if (code >= 0xD800 && code <= 0xDBFF) {
					if (j->end - j->at < 2 || j->at[0] != '\\' ||
					    j->at[1] != 'u')
						return 0;
					j->at += 2;
					code = fuzz_json_hex4(j);
					if (code < 0xDC00 || code > 0xDFFF)
						return 0;
				} else if (code > 0xFFFF) {
					return 0;
				}
			} else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0') {
				return 0;
			}
		}
	}
	return 0;
}

static inline int
fuzz_json_digits(fuzz_json *j)
{
	const char *start = j->at;

	while (j->at < j->end && *j->at >= '0' && *j->at <= '9')
		j->at++;
	return j->at > start;
}

static inline int
fuzz_json_number(fuzz_json *j)
{
	if (j->at < j->end && *j->at == '-')
		j->at++;
	if (j->at < j->end && *j->at == '0')
		j->at++;
	else if (!fuzz_json_digits(j))
		return 0;
	if (j->at < j->end && *j->at == '.') {
		j->at++;
		if (!fuzz_json_digits(j))
			return 0;
	}
	if (j->at < j->end && (*j->at == 'e' || *j->at == 'E')) {
		j->at++;
		if (j->at < j->end && (*j->at == '+' || *j->at == '-'))
			j->at++;
		if (!fuzz_json_digits(j))
			return 0;
	}
	return 1;
}

static inline int
fuzz_json_literal(fuzz_json *j, const char *word)
{
	size_t length = strlen(word);

	if ((size_t)(j->end - j->at) < length || memcmp(j->at, word, length) != 0)
		return 0;
	j->at += length;
	return 1;
}

static inline int
fuzz_json_container(fuzz_json *j, char close, int is_object)
{
	int ok = 1;

	if (++j->depth > 200)
		return 0;
	if (!fuzz_json_take(j, close)) {
		do {
			if (is_object && (!fuzz_json_string(j) || !fuzz_json_take(j, ':'))) {
				ok = 0;
				break;
			}
			if (!fuzz_json_value(j)) {
				ok = 0;
				break;
			}
		} while (fuzz_json_take(j, ','));
		ok = ok && fuzz_json_take(j, close);
	}
	j->depth--;
	return ok;
}

static int
fuzz_json_value(fuzz_json *j)
{
	fuzz_json_space(j);
	if (j->at >= j->end)
		return 0;
	switch (*j->at) {
	case '{': j->at++; return fuzz_json_container(j, '}', 1);
	case '[': j->at++; return fuzz_json_container(j, ']', 0);
	case '"': return fuzz_json_string(j);
	case 't': return fuzz_json_literal(j, "true");
	case 'f': return fuzz_json_literal(j, "false");
	case 'n': return fuzz_json_literal(j, "null");
	default: return fuzz_json_number(j);
	}
}

static inline int
fuzz_json_valid(const char *bytes, size_t length)
{
	fuzz_json j = {bytes, bytes + length, 0};

	if (!fuzz_json_value(&j))
		return 0;
	fuzz_json_space(&j);
	return j.at == j.end;
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

/*
 * A directory of its own for a target that needs files (a state file, a
 * store): made from template ("/tmp/fuzz_NAME.XXXXXX", changed in place)
 * and removed with everything in it when the process exits, so that the
 * replays of every scripts/test run leave nothing behind.
 */
#define FUZZ_MAX_DIRECTORIES 4
static char *fuzz_directories[FUZZ_MAX_DIRECTORIES];

static inline int
fuzz_remove_entry(const char *path, const struct stat *status, int flag, struct FTW *walk)
{
	(void)status;
	(void)flag;
	(void)walk;
	return remove(path);
}

static inline void
fuzz_remove_directories(void)
{
	int i;

	for (i = 0; i < FUZZ_MAX_DIRECTORIES && fuzz_directories[i] != NULL; i++)
		nftw(fuzz_directories[i], fuzz_remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* Appends the whole file at path to out (nothing when it cannot be
 * opened). */
static inline void
fuzz_read_file(const char *path, pp_buffer *out)
{
	FILE *file = fopen(path, "r");
	char chunk[4096];
	size_t got;

	if (file == NULL)
		return;
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		pp_buffer_append(out, chunk, got);
	fclose(file);
}

static inline void
fuzz_temporary_directory(char *template)
{
	int i;

	if (mkdtemp(template) == NULL)
		abort();
	for (i = 0; i < FUZZ_MAX_DIRECTORIES && fuzz_directories[i] != NULL; i++)
		;
	if (i == FUZZ_MAX_DIRECTORIES)
		abort();
	if (i == 0)
		atexit(fuzz_remove_directories);
	fuzz_directories[i] = template;
}

static inline void
fuzz_fail(const char *what, const char *line, size_t length)
{
	/* On stdout too: targets whose code prints diagnostics run with
	 * stderr closed (-close_fd_mask=2), and scripts/fuzz shows this line. */
	fprintf(stdout, "fuzz: %s on input: %.*s\n", what,
	    (int)(length > 400 ? 400 : length), line);
	fflush(stdout);
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
