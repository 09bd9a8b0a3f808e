/*
 * read_records.c - tool_read_records: the input loop over records, parsed
 * on the program's thread, or ahead on a second one (read_ahead.c) when
 * that pays.
 *
 * The second thread costs processor time: the lines are copied and packed
 * for the hand-over, and cross from one core's cache to the other's.  It
 * pays only when the program's own work per line is about as large as
 * the parse, so that each thread does about half: for the 2M nginx points
 * of scripts/bench (--accuracy 0.01 -w 1m -b status), 0.80 s became
 * 0.53 s; for the 1M points of its bench query (-b pool -p 50,95,99) the
 * work per line is small and the thread saved nothing (0.24 s either
 * way) for 35% more processor time.  So each input starts on the
 * program's thread, timing the parse and the program's work of every
 * SAMPLE_EVERY-th line; after PROBE_LINES lines, the rest goes to the
 * second thread if the work came to at least THREAD_SHARE of the parse.
 *
 * Never on one processor, and never on a pipe when the program may run
 * on two processors or fewer: the program writing the pipe needs the
 * other one (perf-collect log | perf-aggregate took the same time either
 * way, for 0.15 s more processor time with the thread).
 * PERFPIPE_READ_THREAD=yes uses the thread from the first line, =no
 * never, and =N from line N + 1 of each input (the tests take every way;
 * perf-aggregate(1) ENVIRONMENT).
 */
#include "read_ahead.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

enum {
	PROBE_LINES = 16384,
	SAMPLE_EVERY = 64
};
#define THREAD_SHARE 0.75

typedef enum thread_choice {
	THREAD_NEVER,
	THREAD_PROBE,		/* after PROBE_LINES lines, if it pays */
	THREAD_AFTER,		/* after the lines PERFPIPE_READ_THREAD says */
	THREAD_ALWAYS
} thread_choice;

typedef struct direct_loop {
	tool_record_handler handler;
	void *context;
	const tool_split *split;	/* or NULL */
	pp_point point;
	bool probing;		/* counting lines and timing samples */
	bool probed;		/* the probe ended: not a stop */
	unsigned long lines, probe_lines;
	double parse_seconds, work_seconds;	/* of the sampled lines */
} direct_loop;

/* One line parsed and handled on the program's thread (tool.c's loop). */
static bool
direct_line(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *context)
{
	direct_loop *direct = context;
	bool sampled = direct->probing && direct->lines % SAMPLE_EVERY == 0;
	double start = 0, parsed = 0;
	pp_error error;	/* its message is written only on failure: not cleared */
	tool_record record = {pp_reader_name(reader), pp_reader_line_number(reader), line,
	    length, PP_OK, PP_KIND_POINT, NULL, jv_invalid(), &error};
	bool going;

	if (tool_is_blank(line, length))
		return true;
	error.source = record.source;
	error.line = record.line_number;
	error.message[0] = '\0';
	if (sampled)
		start = clock_monotonic_seconds();
	record.status = pp_record_read(line, length, &direct->point, &record.kind,
	    &record.object, &error);
	if (record.status == PP_OK && record.kind == PP_KIND_POINT)
		record.point = &direct->point;
	if (sampled)
		parsed = clock_monotonic_seconds();
	going = direct->handler(tool, &record, direct->context);
	if (sampled) {
		direct->parse_seconds += parsed - start;
		direct->work_seconds += clock_monotonic_seconds() - parsed;
	}
	if (going && direct->probing && ++direct->lines >= direct->probe_lines) {
		direct->probed = true;
		return false;	/* tool.c's loop ends here; read_records goes on */
	}
	return going;
}

/* What PERFPIPE_READ_THREAD and the input allow; *lines, the lines read
 * on the program's thread first. */
static thread_choice
thread_allowed(pp_reader *reader, unsigned long *lines)
{
	const char *choice = getenv("PERFPIPE_READ_THREAD");
	long count;
	char *end;

	*lines = PROBE_LINES;
	if (choice != NULL && strcmp(choice, "yes") == 0)
		return THREAD_ALWAYS;
	if (choice != NULL && strcmp(choice, "no") == 0)
		return THREAD_NEVER;
	if (choice != NULL && *choice >= '1' && *choice <= '9') {
		*lines = strtoul(choice, &end, 10);
		if (*end == '\0')
			return THREAD_AFTER;
	}
	count = tool_processors();
	if (count < 2)
		return THREAD_NEVER;	/* the threads would take turns */
	if (!pp_reader_may_wait(reader))
		return THREAD_PROBE;
	return count > 2 ? THREAD_PROBE : THREAD_NEVER;
}

/* Reads on from the reader's next line, on this thread or with the
 * reading thread when it pays; alone: no other thread of the program
 * works meanwhile (else the reading thread would only take turns). */
static bool
read_part(pp_tool *tool, pp_reader *reader, const direct_loop *loop, bool alone)
{
	direct_loop direct = *loop;
	thread_choice choice = alone ? thread_allowed(reader, &direct.probe_lines) :
	    THREAD_NEVER;
	bool going;

	if (choice == THREAD_ALWAYS)
		return read_ahead_loop(tool, reader, loop->handler, loop->context);
	pp_point_init(&direct.point);
	direct.probing = choice == THREAD_PROBE || choice == THREAD_AFTER;
	going = tool_read_reader(tool, reader, direct_line, &direct);
	/* the probe's last line skipped tool.c's work after a line */
	if (!going && direct.probed && tool_after_line(tool, !pp_reader_has_line(reader))) {
		direct.probing = false;
		if (choice == THREAD_AFTER ||
		    direct.work_seconds >= THREAD_SHARE * direct.parse_seconds)
			going = read_ahead_loop(tool, reader, loop->handler, loop->context);
		else
			going = tool_read_reader(tool, reader, direct_line, &direct);
	}
	pp_point_free(&direct.point);
	return going;
}

static bool
read_records(pp_tool *tool, pp_reader *reader, void *context)
{
	const direct_loop *loop = context;
	const tool_split *split = loop->split;
	long long size = split != NULL ? pp_reader_plain_size(reader) : -1;
	long long stop = size > 0 ? split->begin(split->context, tool, reader, size) : -1;
	long lines_before;
	bool going;

	if (stop < 0)
		return read_part(tool, reader, loop, true);
	pp_reader_stop_at(reader, stop);
	going = read_part(tool, reader, loop, false);
	stop = split->end(split->context, tool, reader, going, &lines_before);
	if (!going || stop < 0)
		return going && !tool_interrupted();
	if (pp_reader_jump(reader, stop, lines_before) != 0) {
		tool_warn(tool, "%s: cannot read on at byte %lld: %s", pp_reader_name(reader),
		    stop, strerror(errno));
		tool->exit_status = PP_EXIT_INPUT;
		return true;
	}
	return read_part(tool, reader, loop, true);
}

bool
tool_read_records_split(pp_tool *tool, char **files, int count,
    tool_record_handler handler, void *context, const tool_split *split)
{
	direct_loop loop = {handler, context, split, {0}, false, false, 0, 0, 0, 0};

	return tool_for_each_input(tool, files, count, read_records, &loop);
}

bool
tool_read_records(pp_tool *tool, char **files, int count, tool_record_handler handler,
    void *context)
{
	return tool_read_records_split(tool, files, count, handler, context, NULL);
}
