/* Unit tests for pp_reader: lines of any length, CRLF, gzip, no final
 * newline, empty input. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
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

/* ---- a regular file read in parts ---- */

/* The lines of a part of the file written, joined by '|'. */
static char *
part_lines(pp_reader *whole, long long from, long long to)
{
	pp_reader *part = pp_reader_open_part(whole, from, to);
	size_t size = 0;
	char *joined = calloc(1, 1), *line;

	cr_assert_not_null(part);
	while ((line = next(part)) != NULL) {
		joined = realloc(joined, size + strlen(line) + 2);
		size += (size_t)sprintf(joined + size, "%s|", line);
		free(line);
	}
	pp_reader_close(part);
	return joined;
}

Test(reader, a_plain_file_in_two_parts_gives_each_line_once_whatever_the_cut,
    .fini = remove_file)
{
	const char text[] = "one\ntwo\r\n\nfour\nfive";
	long long size = sizeof(text) - 1;

	write_file(text, (size_t)size);
	for (long long cut = 1; cut < size; cut++) {
		pp_reader *whole = pp_reader_open(path, NULL);
		char *first = calloc(1, 1), *line, *second, *both;
		size_t length = 0;

		cr_assert_eq(pp_reader_plain_size(whole), size);
		pp_reader_stop_at(whole, cut);
		while ((line = next(whole)) != NULL) {
			first = realloc(first, length + strlen(line) + 2);
			length += (size_t)sprintf(first + length, "%s|", line);
			free(line);
		}
		second = part_lines(whole, cut, size);
		both = malloc(length + strlen(second) + 1);
		sprintf(both, "%s%s", first, second);
		cr_assert_str_eq(both, "one|two||four|five|", "cut at %lld: %s + %s", cut,
		    first, second);
		free(first);
		free(second);
		free(both);
		pp_reader_close(whole);
	}
}

Test(reader, a_part_counts_its_own_lines_and_the_first_part_reads_on_after_a_jump,
    .fini = remove_file)
{
	pp_reader *whole;
	char *lines;

	write_file("aa\nbb\ncc\ndd\nee\n", 15);
	whole = pp_reader_open(path, NULL);
	cr_assert_eq(pp_reader_plain_size(whole), 15);
	pp_reader_stop_at(whole, 7);		/* inside "cc": the first part's */
	EXPECT_LINE(whole, "aa");
	EXPECT_LINE(whole, "bb");
	EXPECT_LINE(whole, "cc");
	cr_assert_null(next(whole));
	cr_assert(pp_reader_has_line(whole));	/* the stop: nothing to wait for */
	lines = part_lines(whole, 7, 12);
	cr_assert_str_eq(lines, "dd|");
	free(lines);
	lines = part_lines(whole, 12, 15);
	cr_assert_str_eq(lines, "ee|");
	free(lines);
	/* the program's thread reads a part again: from its first line, with
	 * the lines before counted */
	cr_assert_eq(pp_reader_jump(whole, 9, 3), 0);
	EXPECT_LINE(whole, "dd");
	cr_assert_eq(pp_reader_line_number(whole), 4);
	EXPECT_LINE(whole, "ee");
	cr_assert_null(next(whole));
	pp_reader_close(whole);
}

Test(reader, only_a_plain_regular_file_has_a_size_to_cut, .fini = remove_file)
{
	static const unsigned char gzip_magic[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
	int pipe_ends[2];
	pp_reader *reader;

	write_file(gzip_magic, sizeof(gzip_magic));
	reader = pp_reader_open(path, NULL);
	cr_assert_eq(pp_reader_plain_size(reader), -1);
	pp_reader_close(reader);
	cr_assert_eq(pipe(pipe_ends), 0);
	reader = pp_reader_open_fd(pipe_ends[0], "pipe", NULL);
	cr_assert_eq(pp_reader_plain_size(reader), -1);
	pp_reader_close(reader);
	close(pipe_ends[1]);
	write_file("", 0);
	reader = pp_reader_open(path, NULL);
	cr_assert_eq(pp_reader_plain_size(reader), -1);	/* nothing to cut */
	pp_reader_close(reader);
}

Test(reader, a_file_begun_inside_is_cut_from_where_it_begins, .fini = remove_file)
{
	pp_reader *whole;
	char *lines;
	int descriptor;

	write_file("skip\nxx\nyy\nzz\n", 14);
	descriptor = open(path, O_RDONLY);
	cr_assert_eq(lseek(descriptor, 5, SEEK_SET), 5);
	whole = pp_reader_open_fd(descriptor, "-", NULL);
	cr_assert_eq(pp_reader_plain_size(whole), 9);
	pp_reader_stop_at(whole, 4);
	EXPECT_LINE(whole, "xx");
	EXPECT_LINE(whole, "yy");
	cr_assert_null(next(whole));
	lines = part_lines(whole, 4, 9);
	cr_assert_str_eq(lines, "zz|");
	free(lines);
	pp_reader_close(whole);
}
