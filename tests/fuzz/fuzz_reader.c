/*
 * fuzz_reader.c - pp_reader on arbitrary bytes, through a file, a pipe and
 * gzip.
 *
 * The first input byte chooses how the rest (the payload) reaches the
 * reader; the second, for a pipe, how many bytes each write carries, so
 * lines arrive split across reads:
 *   0  a file (memfd) holding the payload;
 *   1  a pipe, written by a thread in pieces of 1 to 256 bytes;
 *   2  a file holding the payload gzip-compressed;
 *   3  the same compressed payload, cut short.
 * In modes 0 to 2 the lines read must be exactly the payload split at LF,
 * each without one trailing CR, the last one kept when it lacks its LF,
 * and reading must end without an error (unless a plain payload starts
 * with the gzip magic bytes, which is then read as gzip).  A cut gzip
 * stream must end in an error, not a crash.
 */
#include "fuzz_common.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zlib.h>

#include "pp_reader.h"

typedef struct writer {
	int descriptor;
	const uint8_t *bytes;
	size_t size, piece;
} writer;

static void *
write_in_pieces(void *argument)
{
	writer *w = argument;
	size_t done = 0;

	while (done < w->size) {
		size_t count = w->size - done < w->piece ? w->size - done : w->piece;
		ssize_t written = write(w->descriptor, w->bytes + done, count);

		if (written <= 0)
			break;	/* the reader stopped early: EPIPE */
		done += (size_t)written;
	}
	close(w->descriptor);
	return NULL;
}

static int
file_holding(const uint8_t *bytes, size_t size)
{
	int descriptor = memfd_create("fuzz_reader", 0);

	if (descriptor < 0 || (size > 0 && write(descriptor, bytes, size) != (ssize_t)size) ||
	    lseek(descriptor, 0, SEEK_SET) != 0)
		abort();
	return descriptor;
}

static uint8_t *
gzip(const uint8_t *bytes, size_t size, size_t *compressed_size)
{
	z_stream stream;
	size_t capacity = size + size / 100 + 64;
	uint8_t *out = malloc(capacity);

	memset(&stream, 0, sizeof(stream));
	if (out == NULL || deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
	    16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	stream.next_in = (uint8_t *)bytes;
	stream.avail_in = (uInt)size;
	stream.next_out = out;
	stream.avail_out = (uInt)capacity;
	if (deflate(&stream, Z_FINISH) != Z_STREAM_END)
		abort();
	*compressed_size = stream.total_out;
	deflateEnd(&stream);
	return out;
}

/* Reads every line and, when expected is not NULL, compares each with the
 * next line of expected[0..size).  Returns the last status. */
static pp_status
read_all(pp_reader *reader, const uint8_t *expected, size_t size)
{
	size_t at = 0;
	const char *line;
	size_t length;
	pp_error error = {NULL, 0, {0}};
	pp_status status;

	/* libFuzzer's timers interrupt reads from the pipe: call again, as
	 * pp_reader_next asks. */
	while ((status = pp_reader_next(reader, &line, &length, &error)) == PP_OK ||
	    status == PP_ERR_INTERRUPTED) {
		const uint8_t *newline, *end;
		size_t want;

		if (status == PP_ERR_INTERRUPTED)
			continue;

		if (line[length] != '\0')
			fuzz_fail("a line is not NUL-terminated", line, length);
		if (expected == NULL)
			continue;
		if (at >= size)
			fuzz_fail("more lines than the input holds", line, length);
		newline = memchr(expected + at, '\n', size - at);
		end = newline != NULL ? newline : expected + size;
		want = (size_t)(end - (expected + at));
		if (want > 0 && expected[at + want - 1] == '\r')
			want--;
		if (length != want || memcmp(line, expected + at, want) != 0)
			fuzz_fail("a line differs from the input", line, length);
		at = (size_t)(end - expected) + (newline != NULL);
	}
	if (expected != NULL && status != PP_END)
		fuzz_fail("a well-formed input ended in an error", error.message,
		    strlen(error.message));
	if (expected != NULL && at != size)
		fuzz_fail("lines are missing", (const char *)expected, size);
	return status;
}

static int
looks_gzip(const uint8_t *bytes, size_t size)
{
	return size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

static void
read_through_pipe(const uint8_t *payload, size_t size, size_t piece)
{
	int ends[2];
	pthread_t thread;
	writer w;
	pp_reader *reader;

	if (pipe(ends) != 0)
		abort();
	w.descriptor = ends[1];
	w.bytes = payload;
	w.size = size;
	w.piece = piece;
	if (pthread_create(&thread, NULL, write_in_pieces, &w) != 0)
		abort();
	reader = pp_reader_open_fd(ends[0], "pipe", NULL);
	read_all(reader, looks_gzip(payload, size) ? NULL : payload, size);
	pp_reader_close(reader);
	pthread_join(thread, NULL);
}

static void
read_gzip(const uint8_t *payload, size_t size, size_t cut)
{
	size_t compressed_size;
	uint8_t *compressed = gzip(payload, size, &compressed_size);
	size_t keep = cut ? cut % compressed_size : compressed_size;
	pp_reader *reader = pp_reader_open_fd(file_holding(compressed, keep), "gz", NULL);
	pp_status status = read_all(reader, cut ? NULL : payload, size);

	if (cut && keep >= 2 && status != PP_ERR_IO)
		fuzz_fail("a cut gzip stream did not end in an error",
		    (const char *)payload, size);
	pp_reader_close(reader);
	free(compressed);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *payload = data + 2;
	size_t payload_size = size - 2;
	pp_reader *reader;

	if (size < 2)
		return 0;
	signal(SIGPIPE, SIG_IGN);
	switch (data[0] % 4) {
	case 0:
		reader = pp_reader_open_fd(file_holding(payload, payload_size), "file", NULL);
		read_all(reader, looks_gzip(payload, payload_size) ? NULL : payload,
		    payload_size);
		pp_reader_close(reader);
		break;
	case 1:
		read_through_pipe(payload, payload_size, (size_t)data[1] + 1);
		break;
	case 2:
		read_gzip(payload, payload_size, 0);
		break;
	default:
		read_gzip(payload, payload_size, (size_t)data[1] + 1);
	}
	return 0;
}
