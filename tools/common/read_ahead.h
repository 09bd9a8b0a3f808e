/*
 * read_ahead.h - the input loop of tool.h, with reading and parsing on a
 * second thread: while the program works on one batch of records, the
 * next batch is read and parsed (pp_record_read).  perf-aggregate spends
 * about half its time parsing points; on two cores this overlaps it with
 * the aggregation.  Not on a pipe with two processors or fewer, where the
 * program writing the pipe needs the other one: there the program's own
 * thread reads each batch (PERFPIPE_READ_THREAD=yes or no decides
 * instead).  Records reach the handler in input order, and a batch is
 * handed over as soon as the next read could wait, so a live pipeline
 * sees every record as soon as it would without the thread.
 */
#ifndef PP_READ_AHEAD_H
#define PP_READ_AHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_record.h"
#include "tool.h"

/* One line of input, read and parsed. */
typedef struct tool_record {
	const char *source;	/* the input's name: a path, or "-" */
	long line_number;	/* 1-based */
	const char *line;	/* its bytes, NUL-terminated */
	size_t length;
	pp_status status;	/* pp_record_read's: PP_OK, or why not */
	pp_kind kind;		/* when PP_OK */
	pp_point *point;	/* the point, when PP_OK and kind is a point */
	jv object;		/* the record of another kind: the handler's
				 * to free */
	pp_error *error;	/* the message, when status is not PP_OK */
} tool_record;

/* Called per record, in input order; return false to stop reading. */
typedef bool (*tool_record_handler)(pp_tool *tool, tool_record *record, void *context);

/* tool_read_inputs with records parsed ahead: reads every file in
 * files[0..count) (standard input when count is 0), calling handler per
 * line that is not blank.  Everything else is as tool_read_inputs does:
 * over-long lines rejected, read errors reported, batches of output
 * flushed when input pauses, --self-metrics on time, a stop on an
 * interrupt (seen within 50 ms).  Returns false when reading stopped
 * early. */
bool tool_read_records(pp_tool *tool, char **files, int count, tool_record_handler handler,
    void *context);

#endif
