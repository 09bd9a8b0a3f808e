/*
 * web_log.h - what the nginx and Apache formats share: log_nginx.c parses
 * any nginx log_format, and log_apache.c translates an Apache LogFormat
 * into one, so the two read access logs by the same code.
 */
#ifndef WEB_LOG_H
#define WEB_LOG_H

#include "log.h"

/* The nginx parser for format (a log_format string); NULL after a usage
 * message. */
log_parser *web_log_create(log_options *options, const char *format);
void web_log_line(log_parser *parser, const char *source, long number,
    const char *line, size_t length);
void web_log_destroy(log_parser *parser);

/* Translates an Apache LogFormat into the nginx log_format that reads the
 * same lines; false with a reason in error. */
bool apache_translate(const char *format, pp_buffer *nginx, char *error, size_t size);

#endif
