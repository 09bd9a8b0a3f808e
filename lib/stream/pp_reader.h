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

/* ---- a regular file read in parts, on several threads ----
 *
 * Offsets count from where the input began (a standard input opened on
 * a file may begin inside it). */

/* The size of a plain (not gzip) regular file not read yet, from where it
 * begins; -1 for any other input. */
long long pp_reader_plain_size(pp_reader *reader);
/* Reads only the lines that start before offset: pp_reader_next returns
 * PP_END at the first line that starts at or after it (a line that starts
 * before it is read whole); -1 reads to the end again. */
void pp_reader_stop_at(pp_reader *reader, long long offset);
/* A second reader over the lines of whole (pp_reader_plain_size said
 * what it is) that start at or after from and before to, with pread on
 * whole's descriptor, so that each can be read on its own thread.  Its
 * line numbers start at 1; its name is whole's.  NULL on a read error.
 * Close it before whole. */
pp_reader *pp_reader_open_part(const pp_reader *whole, long long from, long long to);
/* The offset of the next line's first byte (of a plain file). */
long long pp_reader_offset(const pp_reader *reader);
/* Goes on reading at offset, the start of a line, as line line_number + 1
 * (the lines before it counted by the reader of each part), without a
 * stop. */
int pp_reader_jump(pp_reader *reader, long long offset, long line_number);

#endif
