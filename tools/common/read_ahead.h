/*
 * read_ahead.h - the input loop of tool.h over records: each line read and
 * parsed (pp_record_read) for the handler, and when it pays, on a second
 * thread, so that while the program works on one batch of records the
 * next batch is read and parsed (read_records.c says when; read_ahead.c
 * is the thread).  Records reach the handler in input order either way,
 * and a batch is handed over as soon as the next read could wait, so a
 * live pipeline sees every record as soon as it would without the thread.
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

/* tool_read_inputs over records (read_records.c): reads every file in
 * files[0..count) (standard input when count is 0), calling handler per
 * line that is not blank.  Everything else is as tool_read_inputs does:
 * over-long lines rejected, read errors reported, batches of output
 * flushed when input pauses, --self-metrics on time, a stop on an
 * interrupt (seen within 50 ms).  Returns false when reading stopped
 * early. */
bool tool_read_records(pp_tool *tool, char **files, int count, tool_record_handler handler,
    void *context);

/* A program that can take in the later parts of a plain file read on
 * threads of its own (perf-aggregate's split.c), while the program's
 * thread reads the first part as usual. */
typedef struct tool_split {
	/* Before an input of size bytes is read: the offset where the
	 * program's thread stops, the parts after it being read elsewhere
	 * from now on; -1 to read it all here. */
	long long (*begin)(void *context, pp_tool *tool, pp_reader *reader,
	    long long size);
	/* When the program's thread stopped there (going: false when reading
	 * stopped early, and the parts are dropped): takes in the parts in
	 * order while it can.  Returns the offset from which the rest must be
	 * read here, *lines_before the lines before it, or -1 when nothing is
	 * left. */
	long long (*end)(void *context, pp_tool *tool, pp_reader *reader, bool going,
	    long *lines_before);
	void *context;
} tool_split;

/* tool_read_records, with the later parts of a plain file given to split
 * when it asks for them. */
bool tool_read_records_split(pp_tool *tool, char **files, int count,
    tool_record_handler handler, void *context, const tool_split *split);

/* The same over one opened reader, with the reading thread from its next
 * line on (read_ahead.c); false when reading must stop. */
bool read_ahead_loop(pp_tool *tool, pp_reader *reader, tool_record_handler handler,
    void *context);

#endif
