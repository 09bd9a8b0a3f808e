/*
 * split.c - a plain file aggregated on every processor, with the output
 * of one pass.
 *
 * Reading and parsing is most of perf-aggregate's work, and one pass
 * does it on one processor.  Over a regular file (not gzip, not a pipe),
 * the whole input as one window (no --window) and exact statistics,
 * the file is cut at line starts into one part per processor.  The
 * program's thread reads the first part as usual: its messages, its
 * --rejects and its records passed through come out as in one pass.
 * Each later part is read on a thread of its own into an aggregator of
 * its own, which keeps every value in input order and says nothing.
 * Then the program's thread adds the parts in order (aggregator_absorb):
 * each value goes through the same arithmetic, in the same order, as in
 * one pass, so the output is the same byte for byte.
 *
 * A part that has anything to say - a line rejected or passed through,
 * a series of another type than before, a new series past --max-series,
 * points with and without "ts" - is dropped, and the program's thread
 * reads on from that part's first line itself, as one pass would: every
 * message names the same line, in the same order.  So a part only ever
 * saves time; at worst its thread's work was wasted.
 *
 * Memory: a part holds what one pass would hold for its lines, and also
 * the values of its counters (one pass keeps their sum only), up to
 * EXTRA_VALUES_MAX of them per part before it gives up.
 */
#include "split.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "pp_record.h"

enum {
	PARTS_MAX = 16,
	PART_BYTES_MIN = 1 << 20,	/* less is not worth a thread */
	EXTRA_VALUES_MAX = 1 << 22,	/* 32 MiB of counter values a part keeps */
	/* A part whose lines are mostly new series saves little (each costs
	 * a new state to absorb) and would hold its states twice over while
	 * absorbed: it gives up past SERIES_FEW states when they come to more
	 * than one per SERIES_SHARE lines. */
	SERIES_FEW = 4096,
	SERIES_SHARE = 16
};

typedef enum ts_kind { TS_UNKNOWN, TS_PRESENT, TS_ABSENT } ts_kind;

typedef struct part {
	struct splitter *splitter;
	long long from, to;		/* its lines start in [from, to) */
	long long first_line;		/* where the first of them starts */
	pp_reader *reader;
	aggregate_options options;	/* the run's, with a tool that says nothing */
	aggregator *aggregator;
	noticed seen;
	pthread_t thread;
	bool started;
	bool whole;			/* read to its end with nothing to say */
	bool done;			/* the thread ended (under the lock) */
	long lines;			/* lines read, as the reader counts them */
	ts_kind ts;
	unsigned long extra_values;	/* counter values kept */
} part;

struct splitter {
	aggregate_options *options;
	aggregator *aggregator;		/* the run's */
	noticed *seen;			/* the run's */
	part parts[PARTS_MAX];		/* [0] unused: the program's thread's */
	size_t count;
	bool trace;			/* PERFPIPE_SPLIT gave the offsets */
	atomic_bool stop;
	pthread_mutex_t lock;
	pthread_cond_t ended;
};

bool
split_possible(const aggregate_options *options, bool where)
{
	return !options->merge && options->state_path == NULL &&
	    options->window.type == PP_WINDOW_ALL && options->accuracy == 0 &&
	    options->bucket_count == 0 && options->ratio_count == 0 && !where &&
	    !options->tool.self.enabled;
}

splitter *
splitter_new(aggregate_options *options, aggregator *aggregator, noticed *seen)
{
	splitter *split = pp_xcalloc(1, sizeof(*split));

	split->options = options;
	split->aggregator = aggregator;
	split->seen = seen;
	atomic_init(&split->stop, false);
	pthread_mutex_init(&split->lock, NULL);
	clock_condition_init(&split->ended);
	return split;
}

void
splitter_free(splitter *split)
{
	if (split == NULL)
		return;
	pthread_mutex_destroy(&split->lock);
	pthread_cond_destroy(&split->ended);
	free(split);
}

/* ---- a part, on its own thread ---- */

/* Whether the point can be absorbed later; else the part stops. */
static bool
point_usable(part *p, const pp_point *point)
{
	ts_kind ts = point->has_ts ? TS_PRESENT : TS_ABSENT;

	if (p->ts != TS_UNKNOWN && p->ts != ts)
		return false;
	p->ts = ts;
	if (isnan(point->value))
		return false;
	if (point->type == PP_TYPE_COUNTER && ++p->extra_values > EXTRA_VALUES_MAX)
		return false;
	return true;
}

static bool
too_many_series(const part *p)
{
	size_t states = aggregator_states(p->aggregator);

	return states > SERIES_FEW &&
	    states * SERIES_SHARE > (size_t)pp_reader_line_number(p->reader);
}

/* Reads and aggregates the part's lines while it has nothing to say. */
static void
read_part_lines(part *p)
{
	pp_point point;
	pp_error error = {NULL, 0, ""};
	const char *line;
	size_t length;

	pp_point_init(&point);
	while (!atomic_load_explicit(&p->splitter->stop, memory_order_relaxed)) {
		pp_status status = pp_reader_next(p->reader, &line, &length, &error);
		pp_kind kind;
		jv object = jv_invalid();

		if (status == PP_END) {
			p->whole = true;
			break;
		}
		if (status != PP_OK)
			break;
		if (tool_is_blank(line, length))
			continue;
		status = pp_record_read(line, length, &point, &kind, &object, &error);
		if (status != PP_OK)
			break;
		if (kind != PP_KIND_POINT) {
			jv_free(object);
			break;
		}
		if (!point_usable(p, &point))
			break;
		noticed_point(&p->seen, &point);
		aggregator_add(p->aggregator, &point, &(point_origin){pp_reader_name(p->reader),
		    pp_reader_line_number(p->reader), line, length});
		if (p->options.tool.rejected > 0 || too_many_series(p))
			break;
	}
	p->lines = pp_reader_line_number(p->reader);
	pp_point_free(&point);
	if (!p->whole) {	/* to be read again: its memory back now */
		aggregator_free(p->aggregator);
		noticed_free(&p->seen);
		p->aggregator = NULL;
	}
}

static void *
part_thread(void *context)
{
	part *p = context;

	read_part_lines(p);
	pthread_mutex_lock(&p->splitter->lock);
	p->done = true;
	pthread_cond_broadcast(&p->splitter->ended);
	pthread_mutex_unlock(&p->splitter->lock);
	return NULL;
}

/* Sets up part p over [from, to) of reader's input and starts its
 * thread, with every signal blocked (they are the program's thread's). */
static bool
part_start(splitter *split, part *p, pp_reader *reader)
{
	sigset_t all, before;

	p->splitter = split;
	p->reader = pp_reader_open_part(reader, p->from, p->to);
	if (p->reader == NULL)
		return false;
	p->first_line = pp_reader_offset(p->reader);
	p->options = *split->options;
	memset(&p->options.tool, 0, sizeof(p->options.tool));
	p->options.tool.program = split->options->tool.program;
	p->options.tool.rehearsal = true;
	p->options.max_series = 0;	/* the run's limit: at aggregator_absorb */
	p->options.keep_every_value = true;
	p->aggregator = aggregator_new(&p->options, NULL);
	noticed_init(&p->seen, &p->options);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &before);
	p->started = pthread_create(&p->thread, NULL, part_thread, p) == 0;
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	return p->started;
}

static void
part_free(part *p)
{
	if (p->started)
		pthread_join(p->thread, NULL);
	p->started = false;
	if (p->aggregator != NULL) {
		aggregator_free(p->aggregator);
		noticed_free(&p->seen);
	}
	p->aggregator = NULL;
	pp_reader_close(p->reader);
	p->reader = NULL;
}

/* Stops and frees the later parts (those taken in are free already). */
static void
parts_drop(splitter *split)
{
	atomic_store(&split->stop, true);
	for (size_t i = 1; i < split->count; i++)
		part_free(&split->parts[i]);
	split->count = 0;
}

/* ---- where the parts begin ---- */

/* The offsets where parts begin, into starts[1..]; returns the number of
 * parts (below 2: no split).  PERFPIPE_SPLIT=no never splits, =yes splits
 * any size, and =OFFSET,OFFSET... begins parts at those bytes (tests). */
static size_t
part_starts(long long size, long long *starts, bool *trace)
{
	const char *choice = getenv("PERFPIPE_SPLIT");
	long long minimum = PART_BYTES_MIN;
	size_t count;
	char *end;

	starts[0] = 0;
	if (choice != NULL && strcmp(choice, "no") == 0)
		return 1;
	if (choice != NULL && *choice >= '0' && *choice <= '9') {
		*trace = true;
		for (count = 1; count < PARTS_MAX && *choice != '\0'; count++) {
			starts[count] = strtoll(choice, &end, 10);
			if (end == choice || starts[count] <= starts[count - 1] ||
			    starts[count] >= size || (*end != ',' && *end != '\0'))
				return 1;
			choice = *end == ',' ? end + 1 : end;
		}
		return count;
	}
	if (choice != NULL && strcmp(choice, "yes") == 0)
		minimum = 1;
	count = (size_t)tool_processors();
	if (count > PARTS_MAX)
		count = PARTS_MAX;
	if ((long long)count > size / minimum)
		count = (size_t)(size / minimum);
	for (size_t i = 1; i < count; i++)
		starts[i] = size / (long long)count * (long long)i;
	return count;
}

long long
split_begin(void *context, pp_tool *tool, pp_reader *reader, long long size)
{
	splitter *split = context;
	long long starts[PARTS_MAX];
	size_t count = part_starts(size, starts, &split->trace);

	if (split->trace && count < 2)
		tool_warn(tool, "split: %s read whole", pp_reader_name(reader));
	else if (split->trace)
		tool_warn(tool, "split: %s in %zu parts", pp_reader_name(reader), count);
	if (count < 2)
		return -1;
	atomic_store(&split->stop, false);
	split->count = count;
	for (size_t i = 1; i < count; i++) {
		part *p = &split->parts[i];

		memset(p, 0, sizeof(*p));
		p->from = starts[i];
		p->to = i + 1 < count ? starts[i + 1] : size;
		if (!part_start(split, p, reader)) {
			split->count = i + 1;
			parts_drop(split);
			return -1;
		}
	}
	return starts[1];
}

/* ---- the parts taken in ---- */

/* Waits for p's thread to end; false when a signal came first. */
static bool
part_wait(splitter *split, part *p)
{
	bool interrupted = false;

	pthread_mutex_lock(&split->lock);
	while (!p->done && !(interrupted = tool_interrupted())) {
		struct timespec until;

		clock_deadline_after(&until, 50 * 1000 * 1000);	/* a signal: seen within 50 ms */
		pthread_cond_timedwait(&split->ended, &split->lock, &until);
	}
	pthread_mutex_unlock(&split->lock);
	return !interrupted;
}

long long
split_end(void *context, pp_tool *tool, pp_reader *reader, bool going, long *lines_before)
{
	splitter *split = context;

	*lines_before = pp_reader_line_number(reader);
	for (size_t i = 1; going && i < split->count; i++) {
		part *p = &split->parts[i];

		if (!part_wait(split, p))
			break;
		if (!p->whole || !aggregator_absorb(split->aggregator, p->aggregator)) {
			long long from = p->first_line;

			if (split->trace)
				tool_warn(tool, "split: part %zu read again from line %ld", i + 1,
				    *lines_before + 1);
			parts_drop(split);
			return from;	/* this part and the rest, read on here */
		}
		if (split->trace)
			tool_warn(tool, "split: part %zu taken in: %ld lines", i + 1, p->lines);
		noticed_merge(split->seen, &p->seen);
		tool->lines_read += (unsigned long long)p->lines;
		*lines_before += p->lines;
		part_free(p);
	}
	parts_drop(split);
	return -1;
}
