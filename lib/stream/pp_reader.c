/*
 * pp_reader.c - the line reader.  Plain input is read with read(2) in
 * 256 KiB chunks and split with memchr, which keeps the reader near memory
 * bandwidth; gzip input goes through zlib's inflate on the same chunks.
 * The buffer holds the unconsumed tail of the last chunk and grows only
 * when one line is longer than it.
 */
#include "pp_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "pp_buffer.h"

enum { CHUNK = 256 * 1024 };

struct pp_reader {
	int descriptor;
	char *name;
	long line_number;
	long long offset;
	char *buffer;		/* decoded bytes */
	size_t capacity, start, end;	/* unconsumed bytes are buffer[start..end) */
	int at_eof;
	int gzip_checked, is_gzip;
	z_stream inflater;
	unsigned char *compressed;	/* gzip input chunk */
	int inflater_done;
	size_t searched;	/* bytes after start known to hold no newline */
	int waits;		/* a pipe, a terminal, a socket: read may block */
};

pp_reader *
pp_reader_open_fd(int descriptor, const char *name, pp_error *error)
{
	pp_reader *reader = pp_xcalloc(1, sizeof(*reader));
	struct stat status;

	(void)error;
	reader->descriptor = descriptor;
	reader->waits = fstat(descriptor, &status) == 0 && !S_ISREG(status.st_mode);
	reader->name = pp_strndup(name, strlen(name));
	reader->capacity = CHUNK;
	reader->buffer = pp_xmalloc(reader->capacity + 1);
	return reader;
}

pp_reader *
pp_reader_open(const char *path, pp_error *error)
{
	int descriptor;

	if (path == NULL || strcmp(path, "-") == 0)
		return pp_reader_open_fd(0, "-", error);
	descriptor = open(path, O_RDONLY | O_CLOEXEC);
	if (descriptor < 0) {
		if (error != NULL)
			error->source = path;
		pp_error_set(error, PP_ERR_IO, "%s", strerror(errno));
		return NULL;
	}
	return pp_reader_open_fd(descriptor, path, error);
}

/* Reads raw bytes; returns the count, 0 at end, -1 with errno on error.
 * Input that may block is first waited for with poll(2), which a signal
 * interrupts (EINTR) even when its handler was installed with SA_RESTART:
 * the programs' handlers restart writes, and a wait for input still ends
 * so that the program can flush and stop. */
static ssize_t
read_raw(pp_reader *reader, void *into, size_t size)
{
	struct pollfd ready = {reader->descriptor, POLLIN, 0};
	ssize_t count;

	if (reader->waits && poll(&ready, 1, -1) < 0)
		return -1;
	count = read(reader->descriptor, into, size);

	if (count > 0)
		reader->offset += count;
	return count;
}

static pp_status
read_error(pp_reader *reader, pp_error *error)
{
	if (errno == EINTR)
		return PP_ERR_INTERRUPTED;
	if (error != NULL) {
		error->source = reader->name;
		error->line = reader->line_number;
	}
	return pp_error_set(error, PP_ERR_IO, "read failed: %s", strerror(errno));
}

static pp_status
start_gzip(pp_reader *reader, pp_error *error)
{
	reader->compressed = pp_xmalloc(CHUNK);
	memset(&reader->inflater, 0, sizeof(reader->inflater));
	if (inflateInit2(&reader->inflater, 16 + MAX_WBITS) != Z_OK)
		return pp_error_set(error, PP_ERR_MEMORY, "cannot start gzip decoder");
	/* The bytes already read are the start of the compressed stream. */
	memcpy(reader->compressed, reader->buffer + reader->start,
	    reader->end - reader->start);
	reader->inflater.next_in = reader->compressed;
	reader->inflater.avail_in = (uInt)(reader->end - reader->start);
	reader->start = reader->end = reader->searched = 0;
	reader->is_gzip = 1;
	return PP_OK;
}

/* Inflates into buffer[end..capacity); handles concatenated gzip members. */
static pp_status
fill_gzip(pp_reader *reader, pp_error *error)
{
	z_stream *stream = &reader->inflater;
	size_t before = reader->end;

	while (reader->end == before && !reader->at_eof) {
		int result;

		if (stream->avail_in == 0) {
			ssize_t count = read_raw(reader, reader->compressed, CHUNK);

			if (count < 0)
				return read_error(reader, error);
			if (count == 0) {
				reader->at_eof = 1;
				if (!reader->inflater_done)
					return pp_error_set(error, PP_ERR_IO,
					    "%s: truncated gzip data", reader->name);
				break;
			}
			stream->next_in = reader->compressed;
			stream->avail_in = (uInt)count;
		}
		if (reader->inflater_done) {
			inflateReset(stream);
			reader->inflater_done = 0;
		}
		stream->next_out = (unsigned char *)reader->buffer + reader->end;
		stream->avail_out = (uInt)(reader->capacity - reader->end);
		result = inflate(stream, Z_NO_FLUSH);
		if (result != Z_OK && result != Z_STREAM_END && result != Z_BUF_ERROR)
			return pp_error_set(error, PP_ERR_IO, "%s: bad gzip data: %s",
			    reader->name, stream->msg ? stream->msg : "inflate failed");
		reader->end = reader->capacity - stream->avail_out;
		if (result == Z_STREAM_END)
			reader->inflater_done = 1;
	}
	return PP_OK;
}

/* Makes room after end: moves the unconsumed tail to the front, and grows
 * the buffer when the tail already fills it (a line longer than it). */
static void
make_room(pp_reader *reader)
{
	if (reader->start > 0) {
		memmove(reader->buffer, reader->buffer + reader->start,
		    reader->end - reader->start);
		reader->end -= reader->start;
		reader->start = 0;
	}
	if (reader->end == reader->capacity) {
		reader->capacity *= 2;
		reader->buffer = pp_xrealloc(reader->buffer, reader->capacity + 1);
	}
}

static pp_status
fill(pp_reader *reader, pp_error *error)
{
	ssize_t count;

	make_room(reader);
	if (reader->is_gzip)
		return fill_gzip(reader, error);
	count = read_raw(reader, reader->buffer + reader->end,
	    reader->capacity - reader->end);
	if (count < 0)
		return read_error(reader, error);
	if (count == 0)
		reader->at_eof = 1;
	reader->end += (size_t)count;
	/* Only the first two bytes of the input can be the gzip magic: once a
	 * line was handed out (a short first read through a pipe), buffer[0]
	 * is somewhere later in a plain stream. */
	if (!reader->gzip_checked &&
	    (reader->end >= 2 || reader->at_eof || reader->line_number > 0)) {
		reader->gzip_checked = 1;
		if (reader->line_number == 0 && reader->end >= 2 &&
		    (unsigned char)reader->buffer[0] == 0x1f &&
		    (unsigned char)reader->buffer[1] == 0x8b) {
			pp_status status = start_gzip(reader, error);

			return status != PP_OK ? status : fill_gzip(reader, error);
		}
	}
	return PP_OK;
}

static void
take_line(pp_reader *reader, size_t line_end, const char **line, size_t *length)
{
	char *text = reader->buffer + reader->start;
	size_t line_length = line_end - reader->start;

	reader->start = line_end < reader->end ? line_end + 1 : line_end;
	reader->searched = 0;
	if (line_length > 0 && text[line_length - 1] == '\r')
		line_length--;
	text[line_length] = '\0';
	*line = text;
	*length = line_length;
	reader->line_number++;
}

pp_status
pp_reader_next(pp_reader *reader, const char **line, size_t *length, pp_error *error)
{
	for (;;) {
		/* searched is relative to start, so it survives the tail
		 * being moved; without it a long line arriving through a pipe
		 * in small reads would be rescanned once per read. */
		char *newline = memchr(reader->buffer + reader->start + reader->searched,
		    '\n', reader->end - reader->start - reader->searched);
		pp_status status;

		if (newline != NULL) {
			take_line(reader, (size_t)(newline - reader->buffer), line, length);
			return PP_OK;
		}
		if (reader->at_eof) {
			if (reader->start == reader->end)
				return PP_END;
			take_line(reader, reader->end, line, length);
			return PP_OK;
		}
		reader->searched = reader->end - reader->start;
		status = fill(reader, error);
		if (status != PP_OK)
			return status;
	}
}

int
pp_reader_has_line(const pp_reader *reader)
{
	return reader->at_eof ||
	    memchr(reader->buffer + reader->start + reader->searched, '\n',
	    reader->end - reader->start - reader->searched) != NULL;
}

long
pp_reader_line_number(const pp_reader *reader)
{
	return reader->line_number;
}

const char *
pp_reader_name(const pp_reader *reader)
{
	return reader->name;
}

void
pp_reader_close(pp_reader *reader)
{
	if (reader == NULL)
		return;
	if (reader->is_gzip)
		inflateEnd(&reader->inflater);
	if (reader->descriptor > 0)
		close(reader->descriptor);
	free(reader->compressed);
	free(reader->buffer);
	free(reader->name);
	free(reader);
}
