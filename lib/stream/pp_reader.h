/*
 * pp_reader.h - reading input line by line: files, stdin, gzip.
 *
 * Lines may be of any length (the buffer grows to the longest line), end
 * in LF or CRLF (the CR is dropped) and the last may lack its newline.  A
 * gzip file (found by its magic bytes, not its name) is decompressed on the
 * fly, so "log.1.gz" and a gzip stream on stdin both work.  The reader
 * counts lines so that every message can name one.
 */
#ifndef PP_READER_H
#define PP_READER_H

#include <stddef.h>

#include "pp_error.h"

typedef struct pp_reader pp_reader;

/* Opens path for reading; NULL or "-" is standard input.  Returns NULL and
 * fills error (source set to the path) when the file cannot be opened. */
pp_reader *pp_reader_open(const char *path, pp_error *error);

/* Opens an already-open file descriptor (not closed by pp_reader_close
 * when it is 0).  name is used in messages. */
pp_reader *pp_reader_open_fd(int descriptor, const char *name, pp_error *error);

/* Reads the next line.  On PP_OK, *line points at its bytes (valid until the
 * next call) and *length is its length without the line ending; the line is
 * also NUL-terminated.  Returns PP_END at end of input, PP_ERR_IO on a read
 * error, PP_ERR_INTERRUPTED when a signal interrupted the read (call again
 * to retry). */
pp_status pp_reader_next(pp_reader *reader, const char **line, size_t *length,
    pp_error *error);

/* True when the next pp_reader_next will return without reading: a whole
 * line (or the end of input) is already buffered.  Programs end an output
 * batch when it is false, so a live pipeline sees each batch at once. */
int pp_reader_has_line(const pp_reader *reader);

/* The 1-based number of the line last returned. */
long pp_reader_line_number(const pp_reader *reader);
/* The name given at open: the path, or "-" for standard input. */
const char *pp_reader_name(const pp_reader *reader);

void pp_reader_close(pp_reader *reader);

#endif
