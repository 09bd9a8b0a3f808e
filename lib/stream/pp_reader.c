/*
 * pp_reader.c - the line reader.  Plain input is read with read(2) in
 * 256 KiB chunks and split with memchr, which keeps the reader near memory
 * bandwidth; gzip input goes through zlib's inflate on the same chunks.
 * The buffer holds the unconsumed tail of the last chunk and grows only
 * when one line is longer than it, up to the line limit: a longer line
 * is skipped chunk by chunk to its newline, keeping only its start.
 */
#include "pp_reader.h"

#include <errno.h>
#include <stdio.h>
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
	size_t max_line;	/* longest line without its ending; 0: any */
	int skipping;		/* inside an over-long line, dropping bytes */
	unsigned long long skipped;	/* its bytes so far */
	char kept[PP_READER_KEPT_BYTES + 1];	/* its first bytes */
	size_t kept_length;
	/* Reading a regular file in parts (pp_reader_plain_size): */
	long long base;		/* the file offset where this input begins */
	long long stop;		/* no line starting at or after it; -1: none */
	int reads_at;		/* a part's reader: pread at base + offset,
				 * on a descriptor it does not own */
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
	reader->max_line = PP_READER_DEFAULT_MAX_LINE;
	reader->stop = -1;
	return reader;
}

void
pp_reader_set_max_line(pp_reader *reader, size_t bytes)
{
	reader->max_line = bytes;
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
	count = reader->reads_at ?
	    pread(reader->descriptor, into, size, reader->base + reader->offset) :
	    read(reader->descriptor, into, size);

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

/* Whether a line of length bytes before its newline (a CR included) is
 * over the limit. */
static int
over_limit(const pp_reader *reader, size_t length)
{
	if (length > 0 && reader->buffer[reader->start + length - 1] == '\r')
		length--;
	return reader->max_line > 0 && length > reader->max_line;
}

/* Starts skipping the over-long line at start: keeps its first bytes. */
static void
begin_skip(pp_reader *reader, size_t available)
{
	reader->kept_length = available < PP_READER_KEPT_BYTES ? available :
	    PP_READER_KEPT_BYTES;
	memcpy(reader->kept, reader->buffer + reader->start, reader->kept_length);
	reader->kept[reader->kept_length] = '\0';
	reader->skipping = 1;
	reader->skipped = 0;
}

/* Drops the over-long line's bytes up to its newline, reading on in
 * chunks that reuse the buffer; then hands back its first bytes.  A read
 * interrupted by a signal resumes here at the next call. */
static pp_status
skip_rest(pp_reader *reader, const char **line, size_t *length, pp_error *error)
{
	for (;;) {
		char *newline = memchr(reader->buffer + reader->start, '\n',
		    reader->end - reader->start);
		pp_status status;

		if (newline != NULL) {
			size_t part = (size_t)(newline - (reader->buffer + reader->start));

			reader->skipped += part;
			reader->start += part + 1;
			break;
		}
		reader->skipped += reader->end - reader->start;
		reader->start = reader->end;
		if (reader->at_eof)
			break;
		status = fill(reader, error);
		if (status != PP_OK)
			return status;
	}
	if (reader->skipped > 0 && reader->kept_length > 0 &&
	    reader->kept_length == reader->skipped &&
	    reader->kept[reader->kept_length - 1] == '\r')
		reader->kept[--reader->kept_length] = '\0';
	reader->skipping = 0;
	reader->searched = 0;
	reader->line_number++;
	*line = reader->kept;
	*length = reader->kept_length;
	if (error != NULL) {
		error->source = reader->name;
		error->line = reader->line_number;
	}
	return pp_error_set(error, PP_ERR_TOO_LONG,
	    "line of %llu bytes is longer than the limit of %zu bytes: rejected",
	    reader->skipped, reader->max_line);
}

/* The offset in the input of the first byte not handed out yet. */
static long long
position(const pp_reader *reader)
{
	return reader->offset - (long long)(reader->end - reader->start);
}

/* Whether the next line starts at or after the stop (pp_reader_stop_at). */
static int
at_stop(const pp_reader *reader)
{
	return reader->stop >= 0 && position(reader) >= reader->stop;
}

pp_status
pp_reader_next(pp_reader *reader, const char **line, size_t *length, pp_error *error)
{
	if (reader->skipping)
		return skip_rest(reader, line, length, error);
	if (at_stop(reader))
		return PP_END;
	for (;;) {
		/* searched is relative to start, so it survives the tail
		 * being moved; without it a long line arriving through a pipe
		 * in small reads would be rescanned once per read. */
		char *newline = memchr(reader->buffer + reader->start + reader->searched,
		    '\n', reader->end - reader->start - reader->searched);
		pp_status status;

		if (newline != NULL || reader->at_eof) {
			size_t line_end = newline != NULL ?
			    (size_t)(newline - reader->buffer) : reader->end;

			if (newline == NULL && reader->start == reader->end)
				return PP_END;
			if (over_limit(reader, line_end - reader->start)) {
				begin_skip(reader, line_end - reader->start);
				return skip_rest(reader, line, length, error);
			}
			take_line(reader, line_end, line, length);
			return PP_OK;
		}
		reader->searched = reader->end - reader->start;
		/* More than the limit and a CR without a newline: over it,
		 * whatever follows.  Skip it before the buffer grows. */
		if (reader->max_line > 0 && reader->searched > reader->max_line + 1) {
			begin_skip(reader, reader->searched);
			return skip_rest(reader, line, length, error);
		}
		status = fill(reader, error);
		if (status != PP_OK)
			return status;
	}
}

int
pp_reader_has_line(const pp_reader *reader)
{
	if (reader->skipping)
		return reader->at_eof;
	if (at_stop(reader))
		return 1;
	return reader->at_eof ||
	    memchr(reader->buffer + reader->start + reader->searched, '\n',
	    reader->end - reader->start - reader->searched) != NULL;
}

int
pp_reader_may_wait(const pp_reader *reader)
{
	return reader->waits;
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
	if (reader->descriptor > 0 && !reader->reads_at)
		close(reader->descriptor);
	free(reader->compressed);
	free(reader->buffer);
	free(reader->name);
	free(reader);
}

/* ---- a regular file read in parts ---- */

long long
pp_reader_plain_size(pp_reader *reader)
{
	unsigned char magic[2];
	struct stat status;
	off_t here;

	if (reader->waits || reader->is_gzip || reader->reads_at || reader->offset != 0 ||
	    fstat(reader->descriptor, &status) != 0 || !S_ISREG(status.st_mode))
		return -1;
	here = lseek(reader->descriptor, 0, SEEK_CUR);
	if (here < 0 || status.st_size <= here)
		return -1;
	if (pread(reader->descriptor, magic, 2, here) == 2 && magic[0] == 0x1f &&
	    magic[1] == 0x8b)
		return -1;
	reader->base = here;
	reader->gzip_checked = 1;
	return (long long)(status.st_size - here);
}

void
pp_reader_stop_at(pp_reader *reader, long long offset)
{
	reader->stop = offset;
}

pp_reader *
pp_reader_open_part(const pp_reader *whole, long long from, long long to)
{
	pp_reader *part = pp_reader_open_fd(whole->descriptor, whole->name, NULL);
	const char *line;
	size_t length;

	part->reads_at = 1;
	part->waits = 0;
	part->gzip_checked = 1;
	part->base = whole->base;
	part->max_line = whole->max_line;
	part->stop = to;
	if (from > 0) {
		/* The line that straddles from is the part before's: the
		 * byte before from is the end of a line or inside it. */
		part->offset = from - 1;
		if (pp_reader_next(part, &line, &length, NULL) == PP_ERR_IO) {
			pp_reader_close(part);
			return NULL;
		}
		part->line_number = 0;
	}
	return part;
}

long long
pp_reader_offset(const pp_reader *reader)
{
	return position(reader);
}

int
pp_reader_jump(pp_reader *reader, long long offset, long line_number)
{
	if (lseek(reader->descriptor, reader->base + offset, SEEK_SET) < 0)
		return -1;
	reader->offset = offset;
	reader->start = reader->end = reader->searched = 0;
	reader->at_eof = 0;
	reader->skipping = 0;
	reader->stop = -1;
	reader->line_number = line_number;
	return 0;
}
