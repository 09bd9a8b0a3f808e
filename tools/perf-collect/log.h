/*
 * log.h - `perf-collect log`: the reading loop and the interface every log
 * format implements.
 *
 * A format is a table of four functions.  create() checks the format's
 * options and builds its parser (returning NULL after printing a usage
 * error); line() turns one input line into zero or more points through
 * collect_emit, or rejects it with tool_reject_line; end_input() is called
 * at the end of each input (formats with a trailer, like OpenMetrics'
 * "# EOF", check it there); destroy() frees.  The loop in log.c does not
 * know any format, so adding one is a new file and a line in the table.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>
#include <stddef.h>

#include "collect.h"

#define LOG_MAX_TAG_FROM 32

typedef struct log_options {
	collect c;			/* first: the shared children's input */
	const char *format;		/* --format */
	const char *log_format;		/* --log-format */
	const char *map;		/* --map JQ */
	char delimiter;			/* --delimiter */
	bool delimiter_set;
	const char *precision;		/* --precision */
	const char *tag_from_variable[LOG_MAX_TAG_FROM];	/* --tag-from VAR=TAG */
	const char *tag_from_tag[LOG_MAX_TAG_FROM];
	size_t tag_from_count;
	bool path_class;		/* --path-class */
	bool follow;			/* --follow */
	const char *state;		/* --state FILE */
	const char *rotated_glob;	/* --rotated-glob PATTERN, or NULL */
	double wait;			/* --wait: seconds to wait for the state's lock */
	bool wait_set;
} log_options;

typedef struct log_parser log_parser;

typedef struct log_format {
	const char *name;
	log_parser *(*create)(log_options *options);
	void (*line)(log_parser *parser, const char *source, long number,
	    const char *line, size_t length);
	void (*end_input)(log_parser *parser, const char *source, long last_line);
	void (*destroy)(log_parser *parser);
} log_format;

extern const log_format log_format_jsonl;
extern const log_format log_format_nginx;
extern const log_format log_format_apache;
extern const log_format log_format_prometheus;
extern const log_format log_format_openmetrics;
extern const log_format log_format_csv;
extern const log_format log_format_influx;
extern const log_format log_format_statsd;
extern const log_format log_format_snakepit;

#endif
