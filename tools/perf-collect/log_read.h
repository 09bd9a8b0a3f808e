/*
 * log_read.h - feeding input lines to a log format: one line (checked
 * first), or a whole input.  Used by log.c for plain inputs and by
 * log_tail.c for --state and --follow, so that neither calls into the
 * other.
 */
#ifndef LOG_READ_H
#define LOG_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "log.h"

/* Hands one input line to the format, after rejecting it when it is not
 * valid UTF-8 or holds a NUL byte (csv checks whole records itself, as a
 * record may span lines; a Prometheus comment may hold NUL bytes, and is
 * checked up to the first). */
void log_feed_line(log_options *o, const log_format *format, log_parser *parser,
    const char *source, long number, const char *line, size_t length);

/* Reads one input (a path, "-" for standard input) whole; false when
 * reading must stop (output closed, interrupted). */
bool log_read_path(log_options *o, const log_format *format, log_parser *parser,
    const char *path);

#endif
