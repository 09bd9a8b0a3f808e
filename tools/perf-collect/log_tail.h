/*
 * log_tail.h - reading log files that grow and rotate: --state (resume
 * where the last run stopped, for cron) and --follow (like tail -F).
 *
 * Both need exact byte positions of line ends, which a buffered reader
 * does not give, so this module has its own reader for plain files: it
 * only hands over complete lines (ending in a newline) and knows the
 * offset after each, so a line being written is never read half.
 */
#ifndef LOG_TAIL_H
#define LOG_TAIL_H

#include "log.h"

/* Reads the inputs named in o->files with --state and/or --follow,
 * feeding each complete line to format.  Standard input and gzip files
 * are read whole, once.  Returns when the inputs are read (without
 * --follow) or when interrupted. */
void log_tail_run(log_options *o, const log_format *format, log_parser *parser);

#endif
