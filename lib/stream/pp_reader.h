/*
 * pp_reader.h - reading input line by line: files, stdin, gzip.
 *
 * Lines may be up to a limit long (16 MiB unless pp_reader_set_max_line
 * says otherwise; the buffer grows to the longest line read whole), end
 * in LF or CRLF (the CR is dropped) and the last may lack its newline.  A
 * gzip file (found by its magic bytes, not its name) is decompressed on the
 * fly, so "log.1.gz" and a gzip stream on stdin both work.  The reader
 * counts lines so that every message can name one.
 *
 * A line longer than the limit is never held whole: its first
 * PP_READER_KEPT_BYTES are kept, the rest is read and dropped up to the
 * next newline, and pp_reader_next returns PP_ERR_TOO_LONG with those
 * first bytes, so memory stays near twice the limit whatever the input.
 */
#ifndef PP_READER_H
#define PP_READER_H

#include <stddef.h>

#include "pp_error.h"

typedef struct pp_reader pp_reader;

/* The default longest line, without its line ending: 16 MiB. */
#define PP_READER_DEFAULT_MAX_LINE ((size_t)16 << 20)
/* How much of an over-long line pp_reader_next hands back: 4 KiB. */
#define PP_READER_KEPT_BYTES ((size_t)4096)

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
 * to retry).  A line longer than the limit counts as a line and returns
 * PP_ERR_TOO_LONG with error filled (its length and the limit) and *line,
 * *length its first PP_READER_KEPT_BYTES at most; reading goes on after
 * it at the next call. */
pp_status pp_reader_next(pp_reader *reader, const char **line, size_t *length,
    pp_error *error);

/* Sets the longest line, in bytes without the line ending; 0 means no
 * limit. */
void pp_reader_set_max_line(pp_reader *reader, size_t bytes);

/* True when the next pp_reader_next will return without reading: a whole
 * line (or the end of input) is already buffered.  Programs end an output
 * batch when it is false, so a live pipeline sees each batch at once. */
int pp_reader_has_line(const pp_reader *reader);

/* True when a read can wait for input: a pipe, a terminal or a socket,
 * not a regular file. */
int pp_reader_may_wait(const pp_reader *reader);

/* The 1-based number of the line last returned. */
long pp_reader_line_number(const pp_reader *reader);
/* The name given at open: the path, or "-" for standard input. */
const char *pp_reader_name(const pp_reader *reader);

void pp_reader_close(pp_reader *reader);

#endif
