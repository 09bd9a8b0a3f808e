/*
 * pp_error.h - status codes, exit statuses and the error struct of libperfpipe.
 *
 * The library never prints and never exits: every function that can fail
 * returns a pp_status and, when given one, fills a pp_error with the source
 * (file name), the line and one sentence saying what is wrong.  Only the
 * programs in tools/ turn that into the line a user reads and into one of the
 * exit statuses below, which are the documented exit statuses of every
 * program (design.md, "Behaviour every program shares").
 */
#ifndef PP_ERROR_H
#define PP_ERROR_H

#include <stddef.h>

typedef enum pp_status {
	PP_OK = 0,
	PP_END,			/* end of input: not an error */
	PP_ERR_PARSE,		/* the input is malformed */
	PP_ERR_INVALID,		/* well-formed but not a valid record or value */
	PP_ERR_IO,		/* a read or write failed */
	PP_ERR_MEMORY,		/* an allocation failed */
	PP_ERR_USAGE,		/* a bad argument from the caller */
	PP_ERR_INTERRUPTED,	/* a read was interrupted by a signal */
	PP_NOT_HANDLED,		/* a fast path declines; use the general one */
	PP_ERR_TOO_LONG,	/* a line over the reader's limit, skipped */
	PP_ERR_CONFIG		/* the configuration does not fit the data (a
				 * threshold's unit against a series'): stop */
} pp_status;

typedef enum pp_exit_status {
	PP_EXIT_OK = 0,		/* success */
	PP_EXIT_GATE = 1,	/* a gate failed (perf-alert --fail-on, compare) */
	PP_EXIT_USAGE = 2,	/* usage or configuration error */
	PP_EXIT_INPUT = 3,	/* input or I/O error (under --strict, or fatal) */
	PP_EXIT_NOTHING = 4	/* nothing to judge: a gate's rule, selector or
				 * comparison matched no data */
} pp_exit_status;

typedef struct pp_error {
	const char *source;	/* file name, or NULL; not owned */
	long line;		/* 1-based line number, or 0 when none */
	char message[512];	/* one sentence, no trailing newline */
} pp_error;

/* Sets error->message from a printf-style format and returns status.
 * error may be NULL, in which case only status is returned. */
pp_status pp_error_set(pp_error *error, pp_status status, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

#endif
