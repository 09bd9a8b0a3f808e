/* Unit tests for pp_reader: lines of any length, CRLF, gzip, no final
 * newline, empty input. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "pp_reader.h"

static char path[64];

static void
write_file(const void *bytes, size_t length)
{
	FILE *file;

	strcpy(path, "/tmp/pp-reader-XXXXXX");
	close(mkstemp(path));
	file = fopen(path, "wb");
	fwrite(bytes, 1, length, file);
	fclose(file);
}

static void
remove_file(void)
{
	unlink(path);
}

static char *
next(pp_reader *reader)
{
	const char *line;
	size_t length;
	pp_status status = pp_reader_next(reader, &line, &length, NULL);

	if (status == PP_END)
		return NULL;
	cr_assert_eq(status, PP_OK);
	cr_assert_eq(strlen(line), length);
	return strdup(line);
}

#define EXPECT_LINE(reader, text) do { \
	char *got = next(reader); \
	cr_assert_not_null(got); \
	cr_assert_str_eq(got, text); \
	free(got); \
} while (0)

Test(reader, splits_lf_and_crlf_lines_and_a_last_line_without_newline,
    .fini = remove_file)
{
	pp_reader *reader;

	write_file("a\r\nbb\n\nccc", 10);
	reader = pp_reader_open(path, NULL);
	EXPECT_LINE(reader, "a");
	EXPECT_LINE(reader, "bb");
	EXPECT_LINE(reader, "");
	EXPECT_LINE(reader, "ccc");
	cr_assert_eq(pp_reader_line_number(reader), 4);
	cr_assert_null(next(reader));
	pp_reader_close(reader);
}

Test(reader, empty_input_ends_at_once, .fini = remove_file)
{
	pp_reader *reader;

	write_file("", 0);
	reader = pp_reader_open(path, NULL);
	cr_assert_null(next(reader));
	pp_reader_close(reader);
}

Test(reader, reads_a_line_far_longer_than_its_buffer, .fini = remove_file)
{
	size_t length = 5 * 1024 * 1024;
	char *data = malloc(length + 3);
	pp_reader *reader;
	char *line;

	memset(data, 'x', length);
	memcpy(data + length, "\ny", 2);
	write_file(data, length + 2);
	reader = pp_reader_open(path, NULL);
	line = next(reader);
	cr_assert_eq(strlen(line), length);
	free(line);
	EXPECT_LINE(reader, "y");
	pp_reader_close(reader);
	free(data);
}

Test(reader, decompresses_gzip_found_by_its_magic_bytes, .fini = remove_file)
{
	gzFile file;
	pp_reader *reader;
	int i;
	char expected[32];

	strcpy(path, "/tmp/pp-reader-XXXXXX");
	close(mkstemp(path));
	file = gzopen(path, "wb");
	for (i = 0; i < 100000; i++)
		gzprintf(file, "line %d\n", i);
	gzclose(file);
	reader = pp_reader_open(path, NULL);
	for (i = 0; i < 100000; i++) {
		snprintf(expected, sizeof(expected), "line %d", i);
		EXPECT_LINE(reader, expected);
	}
	cr_assert_null(next(reader));
	pp_reader_close(reader);
}

/* Found while writing tests/fuzz/fuzz_reader.c: when the first read of a
 * pipe held one byte, an empty first line, the gzip magic was looked for
 * after it, at the start of the second line, and a plain stream starting
 * "\n\x1f\x8b" was read as bad gzip data. */
Test(reader, reads_gzip_magic_bytes_after_the_first_line_of_a_pipe_as_text)
{
	int ends[2];
	pp_reader *reader;

	cr_assert_eq(pipe(ends), 0);
	reader = pp_reader_open_fd(ends[0], "pipe", NULL);
	cr_assert_eq(write(ends[1], "\n", 1), 1);
	EXPECT_LINE(reader, "");
	cr_assert_eq(write(ends[1], "\x1f\x8b second\n", 10), 10);
	close(ends[1]);
	EXPECT_LINE(reader, "\x1f\x8b second");
	cr_assert_null(next(reader));
	pp_reader_close(reader);
}

Test(reader, a_missing_file_is_an_error_naming_it)
{
	pp_error error = {NULL, 0, ""};

	cr_assert_null(pp_reader_open("/nonexistent/file", &error));
	cr_assert_str_eq(error.source, "/nonexistent/file");
	cr_assert_str_eq(error.message, "No such file or directory");
}

/* The line limit: a line of exactly the limit is read whole (its CR not
 * counted); a longer one, found whole in the buffer or far longer than
 * the buffer, returns PP_ERR_TOO_LONG with its first 4 KiB, counts as a
 * line, and the reader goes on at the next line. */
static void
expect_too_long(pp_reader *reader, size_t kept, const char *message)
{
	const char *line;
	size_t length;
	pp_error error = {NULL, 0, ""};

	cr_assert_eq(pp_reader_next(reader, &line, &length, &error), PP_ERR_TOO_LONG);
	cr_assert_eq(length, kept);
	cr_assert_eq(strlen(line), kept);
	cr_assert_str_eq(error.message, message);
}

Test(reader, a_line_over_the_limit_is_rejected_with_its_start_and_reading_goes_on,
    .fini = remove_file)
{
	size_t length = 3 * 1024 * 1024;	/* past the 256 KiB buffer */
	char *data = malloc(length + 64);
	size_t at = 0;
	pp_reader *reader;

	memcpy(data, "abcd\r\nabcde\n", 12);
	at = 12;
	memset(data + at, 'x', length);
	at += length;
	memcpy(data + at, "\nok", 3);
	at += 3;
	write_file(data, at);
	reader = pp_reader_open(path, NULL);
	pp_reader_set_max_line(reader, 4);
	EXPECT_LINE(reader, "abcd");
	expect_too_long(reader, 5,
	    "line of 5 bytes is longer than the limit of 4 bytes: rejected");
	expect_too_long(reader, PP_READER_KEPT_BYTES,
	    "line of 3145728 bytes is longer than the limit of 4 bytes: rejected");
	EXPECT_LINE(reader, "ok");
	cr_assert_eq(pp_reader_line_number(reader), 4);
	cr_assert_null(next(reader));
	pp_reader_close(reader);
	free(data);
}

Test(reader, a_last_line_over_the_limit_without_newline_is_rejected,
    .fini = remove_file)
{
	pp_reader *reader;

	write_file("ab\n0123456789", 13);
	reader = pp_reader_open(path, NULL);
	pp_reader_set_max_line(reader, 9);
	EXPECT_LINE(reader, "ab");
	expect_too_long(reader, 10,
	    "line of 10 bytes is longer than the limit of 9 bytes: rejected");
	cr_assert_null(next(reader));
	pp_reader_close(reader);
}
