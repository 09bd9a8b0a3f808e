/*
 * read_ahead.c - reading and parsing input on a second thread (see
 * read_ahead.h).
 *
 * The reading thread fills a ring of BATCHES batches, each of up to
 * BATCH_LINES lines or BATCH_BYTES bytes: it reads a line, copies its
 * bytes into the batch (for rejects and pass-through), parses it, and
 * packs the point's numbers into the line's slot and its strings after
 * the bytes (see ahead_line).  It hands the batch over when it is full,
 * when input ended, or, on a pipe or terminal, when no whole line is
 * buffered (the next read could wait: a live pipeline is not held back).
 * The program's thread takes the batches in order, calls the handler per
 * line with a view of the packed point, and gives the batch back.  Only
 * the hand-over is locked; a batch belongs to one thread at a time, and
 * what each thread writes per line lies in cache lines of its own.
 *
 * read_records.c decides when the thread pays, and reads on the
 * program's thread when it does not.
 *
 * Signals are blocked on the reading thread, so SIGINT and SIGTERM reach
 * the program's thread, which waits for a batch at most WAIT_NANOSECONDS
 * at a time and checks for them in between.  To stop early, the program's
 * thread cancels the reading thread; it can be cancelled only inside
 * pp_reader_next on an input that can wait, and holds no lock there.
 *
 * Memory: BATCHES batches of BATCH_LINES slots (about 1 MiB in all), and
 * their texts.  A text holds BATCH_BYTES and at most one more line (up to
 * --max-line-bytes, and its packed strings at most as much again); the
 * texts handed over hold at most HANDED_BYTES before the reading thread
 * waits, and a text that grew past four times BATCH_BYTES is freed when
 * given back.  So a few lines near the limit cost about twice the limit
 * here (the batch being filled) beyond HANDED_BYTES.
 */
#include "read_ahead.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "pp_record_private.h"

enum {
	BATCHES = 4,
	BATCH_LINES = 2048,
	BATCH_BYTES = 512 * 1024,
	HANDED_BYTES = 2 * BATCHES * BATCH_BYTES,
	WAIT_NANOSECONDS = 50 * 1000 * 1000
};

typedef enum line_event {
	EVENT_LINE,		/* a line, parsed */
	EVENT_BLANK,		/* a blank line: counted, not handled */
	EVENT_TOO_LONG,		/* over --max-line-bytes: its first bytes */
	EVENT_FAILED,		/* a read error: input ends here */
	EVENT_END		/* the end of input */
} line_event;

/* A line as the reading thread leaves it.  Its bytes, and for a point its
 * strings, are packed in the batch's text (offsets, as the text may move
 * while the batch fills): a point's strings are an array of uint32_t
 * offsets from strings - name, unit (0 when none), then a key and a value
 * per tag - followed by the NUL-terminated strings.  Packed, a batch is
 * written and read front to back, which costs far less than moving
 * scattered points from one core's cache to the other's. */
typedef struct ahead_line {
	unsigned char event;	/* line_event */
	unsigned char status;	/* pp_record_read's pp_status */
	unsigned char kind;	/* pp_kind */
	unsigned char type;	/* pp_point_type */
	bool has_ts;
	bool paused;		/* the next read could wait for input */
	uint32_t tag_count;
	long line_number;
	size_t text, length;	/* the line's bytes */
	size_t strings;		/* a point's strings, or the error's message */
	double value, ts;
	jv object;		/* a record of another kind, until handed over */
} ahead_line;

/* What each thread writes sits in cache lines of its own: two threads
 * writing the same line (false sharing) would each run slower than one
 * thread alone. */
#define CACHE_LINE 128	/* two lines: adjacent-line prefetch pairs them */

typedef struct ahead_batch {
	ahead_line lines[BATCH_LINES];
	size_t count;
	pp_buffer text;
	_Alignas(CACHE_LINE) bool full;	/* handed over, not yet given back */
	size_t bytes_handed;		/* its text's size when handed over */
} ahead_batch;

typedef struct read_ahead {
	pp_reader *reader;	/* the reading thread's alone */
	const char *source;	/* its name, for the program's thread */
	ahead_batch *batches;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t bytes_handed;	/* the texts of the batches handed over */
	bool stopping;
	/* the reading thread's, written per line */
	_Alignas(CACHE_LINE) pp_point parsed;	/* its point */
	bool may_wait;		/* no whole line buffered: the next read may wait */
	/* the program's thread's, written per line */
	_Alignas(CACHE_LINE) pp_point point;	/* the program's view of a packed point */
	pp_error error;				/* the program's copy of a line's error */
} read_ahead;

/* ---- the reading thread ---- */

static size_t
pack_string(pp_buffer *text, const char *string)
{
	size_t at = text->length;

	pp_buffer_append(text, string, strlen(string) + 1);
	return at;
}

/* Whether every string of point lies in its own storage, as the fast
 * reader leaves them (the general one borrows them from a jv). */
static bool
strings_in_storage(const pp_point *point)
{
	const char *low = point->storage.data, *high = low + point->storage.length;
	size_t i;

#define IN_STORAGE(string) ((string) == NULL || ((string) >= low && (string) < high))
	if (low == NULL || !IN_STORAGE(point->name) || !IN_STORAGE(point->unit))
		return false;
	for (i = 0; i < point->tags.count; i++)
		if (!IN_STORAGE(point->tags.items[i].key) || !IN_STORAGE(point->tags.items[i].value))
			return false;
#undef IN_STORAGE
	return true;
}

/* The string number i of point in the packed order: name, unit, then a
 * key and a value per tag. */
static const char *
packed_string(const pp_point *point, size_t i)
{
	if (i < 2)
		return i == 0 ? point->name : point->unit;
	i -= 2;
	return i % 2 == 0 ? point->tags.items[i / 2].key : point->tags.items[i / 2].value;
}

/* Packs the point just parsed after the line's bytes (see ahead_line):
 * the fast reader's storage in one copy, a point read by libjq string by
 * string. */
static void
pack_point(ahead_line *line, pp_buffer *text, const pp_point *point)
{
	size_t count = 2 + 2 * point->tags.count, i, base;
	bool whole = strings_in_storage(point);
	uint32_t *offsets;

	line->value = point->value;
	line->ts = point->ts;
	line->has_ts = point->has_ts != 0;
	line->type = (unsigned char)point->type;
	line->tag_count = (uint32_t)point->tags.count;
	/* the offsets are aligned: the text holds bytes before them */
	pp_buffer_reserve(text, (count + 1) * sizeof(uint32_t) +
	    (whole ? point->storage.length : 0));
	text->length = (text->length + sizeof(uint32_t) - 1) & ~(sizeof(uint32_t) - 1);
	line->strings = text->length;
	text->length += count * sizeof(uint32_t);
	base = text->length - line->strings;
	if (whole) {
		offsets = (uint32_t *)(void *)(text->data + line->strings);
		for (i = 0; i < count; i++) {
			const char *string = packed_string(point, i);

			offsets[i] = string == NULL ? 0 :
			    (uint32_t)(base + (size_t)(string - point->storage.data));
		}
		pp_buffer_append(text, point->storage.data, point->storage.length);
		return;
	}
	for (i = 0; i < count; i++) {
		const char *string = packed_string(point, i);
		uint32_t offset = string == NULL ? 0 :
		    (uint32_t)(pack_string(text, string) - line->strings);

		/* after the append, which may move the text */
		offsets = (uint32_t *)(void *)(text->data + line->strings);
		offsets[i] = offset;
	}
}

/* The line's error message, for the program's thread. */
static void
pack_error(ahead_line *line, pp_buffer *text, const pp_error *error)
{
	line->strings = pack_string(text, error->message);
}

static pp_status
read_next(read_ahead *ahead, bool may_wait, const char **bytes, size_t *length,
    pp_error *error)
{
	pp_status status;

	do {
		/* the one place where the thread waits, and may be cancelled */
		if (may_wait)
			pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
		status = pp_reader_next(ahead->reader, bytes, length, error);
		if (may_wait)
			pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	} while (status == PP_ERR_INTERRUPTED);	/* not here: signals are blocked */
	return status;
}

/* Parses the line's bytes into the batch; a point is packed, another
 * kind's record kept as its jv. */
static void
parse_line(read_ahead *ahead, ahead_batch *batch, ahead_line *line, const char *bytes)
{
	pp_error error;	/* not zeroed: 512 bytes a line would show */
	pp_kind kind = PP_KIND_POINT;
	pp_status status;

	error.source = pp_reader_name(ahead->reader);
	error.line = line->line_number;
	error.message[0] = '\0';
	status = pp_record_read(bytes, line->length, &ahead->parsed, &kind, &line->object,
	    &error);

	line->event = EVENT_LINE;
	line->status = (unsigned char)status;
	line->kind = (unsigned char)kind;
	if (status != PP_OK)
		pack_error(line, &batch->text, &error);
	else if (kind == PP_KIND_POINT)
		pack_point(line, &batch->text, &ahead->parsed);
	if (ahead->parsed.storage.capacity > BATCH_BYTES) {
		pp_point_free(&ahead->parsed);	/* a long line's: not kept */
		pp_point_init(&ahead->parsed);
	}
}

/* Reads and parses the next line into line; returns true when input
 * ended with it (its end, or a read error). */
static bool
read_line(read_ahead *ahead, ahead_batch *batch, ahead_line *line)
{
	bool may_wait = ahead->may_wait;
	pp_error error;	/* not zeroed, as in parse_line */
	const char *bytes;
	size_t length;
	pp_status status;

	error.source = pp_reader_name(ahead->reader);
	error.line = 0;
	error.message[0] = '\0';
	status = read_next(ahead, may_wait, &bytes, &length, &error);

	line->object = jv_invalid();
	line->paused = false;
	if (status != PP_OK && status != PP_ERR_TOO_LONG) {
		line->event = status == PP_END ? EVENT_END : EVENT_FAILED;
		line->line_number = error.line;	/* where the reader says it failed */
		pack_error(line, &batch->text, &error);
		return true;
	}
	line->line_number = pp_reader_line_number(ahead->reader);
	line->text = batch->text.length;
	line->length = length;
	pp_buffer_append(&batch->text, bytes, length);
	pp_buffer_append_char(&batch->text, '\0');
	if (status == PP_ERR_TOO_LONG) {
		line->event = EVENT_TOO_LONG;
		line->status = (unsigned char)status;
		pack_error(line, &batch->text, &error);
	} else if (tool_is_blank(bytes, length)) {
		line->event = EVENT_BLANK;
	} else {
		parse_line(ahead, batch, line, bytes);
	}
	/* on a regular file the next read does not wait: no reason to hand
	 * over a batch early */
	line->paused = pp_reader_may_wait(ahead->reader) && !pp_reader_has_line(ahead->reader);
	ahead->may_wait = line->paused;
	return false;
}

/* Fills batch; returns true when input ended in it. */
static bool
fill_batch(read_ahead *ahead, ahead_batch *batch)
{
	batch->text.length = 0;
	batch->count = 0;
	while (batch->count < BATCH_LINES && batch->text.length < BATCH_BYTES) {
		ahead_line *line = &batch->lines[batch->count++];

		if (read_line(ahead, batch, line))
			return true;
		if (line->paused)
			break;
	}
	return false;
}

/* Waits until batch is given back; false when the ring is stopping. */
static bool
wait_for_room(read_ahead *ahead, ahead_batch *batch)
{
	bool stopping;

	pthread_mutex_lock(&ahead->lock);
	/* a batch of a few long lines can hold far more than BATCH_BYTES:
	 * the bytes handed over are bounded too */
	while ((batch->full || ahead->bytes_handed > HANDED_BYTES) && !ahead->stopping)
		pthread_cond_wait(&ahead->changed, &ahead->lock);
	stopping = ahead->stopping;
	pthread_mutex_unlock(&ahead->lock);
	return !stopping;
}

static void
hand_over(read_ahead *ahead, ahead_batch *batch)
{
	pthread_mutex_lock(&ahead->lock);
	batch->full = true;
	batch->bytes_handed = batch->text.capacity;
	ahead->bytes_handed += batch->bytes_handed;
	pthread_cond_broadcast(&ahead->changed);
	pthread_mutex_unlock(&ahead->lock);
}

static void *
read_batches(void *argument)
{
	read_ahead *ahead = argument;
	size_t next = 0;
	bool ended = false;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	while (!ended && wait_for_room(ahead, &ahead->batches[next])) {
		ended = fill_batch(ahead, &ahead->batches[next]);
		hand_over(ahead, &ahead->batches[next]);
		next = (next + 1) % BATCHES;
	}
	return NULL;
}

/* ---- the program's thread ---- */

/* Zeroed memory aligned to CACHE_LINE, as the structures above need. */
static void *
aligned_zeroed(size_t size)
{
	size_t rounded = (size + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
	void *memory = aligned_alloc(CACHE_LINE, rounded);

	if (memory == NULL)
		memory = pp_xmalloc(rounded);	/* unaligned is only slower; or it reports */
	return memset(memory, 0, rounded);
}

static read_ahead *
read_ahead_start(pp_tool *tool, pp_reader *reader)
{
	read_ahead *ahead = aligned_zeroed(sizeof(*ahead));
	sigset_t all, previous;
	size_t b, i;

	ahead->reader = reader;
	ahead->may_wait = pp_reader_may_wait(reader);
	ahead->source = pp_reader_name(reader);
	ahead->batches = aligned_zeroed(BATCHES * sizeof(*ahead->batches));
	for (b = 0; b < BATCHES; b++)
		for (i = 0; i < BATCH_LINES; i++)
			ahead->batches[b].lines[i].object = jv_invalid();
	pp_point_init(&ahead->parsed);
	pp_point_init(&ahead->point);
	pthread_mutex_init(&ahead->lock, NULL);
	clock_condition_init(&ahead->changed);
	/* the thread starts with every signal blocked, so that they reach
	 * the program's thread */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &previous);
	errno = pthread_create(&ahead->thread, NULL, read_batches, ahead);
	pthread_sigmask(SIG_SETMASK, &previous, NULL);
	if (errno != 0) {
		tool_warn(tool, "cannot start a thread: %s", strerror(errno));
		exit(PP_EXIT_INPUT);
	}
	return ahead;
}

/* Stops the reading thread (cancelled if it still waits for input) and
 * frees the ring, with any record not handed to the program. */
static void
read_ahead_stop(read_ahead *ahead)
{
	size_t b, i;

	pthread_mutex_lock(&ahead->lock);
	ahead->stopping = true;
	pthread_cond_broadcast(&ahead->changed);
	pthread_mutex_unlock(&ahead->lock);
	pthread_cancel(ahead->thread);
	pthread_join(ahead->thread, NULL);
	pthread_cond_destroy(&ahead->changed);
	pthread_mutex_destroy(&ahead->lock);
	for (b = 0; b < BATCHES; b++) {
		for (i = 0; i < BATCH_LINES; i++)
			jv_free(ahead->batches[b].lines[i].object);
		pp_buffer_free(&ahead->batches[b].text);
	}
	/* the view borrows its strings: only its tag array is its own */
	ahead->point.name = ahead->point.unit = NULL;
	ahead->point.tags.count = 0;
	pp_point_free(&ahead->point);
	pp_point_free(&ahead->parsed);
	free(ahead->batches);
	free(ahead);
}

/* Waits for batch to be handed over; NULL on an interrupt. */
static ahead_batch *
take_batch(read_ahead *ahead, ahead_batch *batch)
{
	bool full;

	pthread_mutex_lock(&ahead->lock);
	while (!batch->full && !tool_interrupted()) {
		struct timespec deadline;

		clock_deadline_after(&deadline, WAIT_NANOSECONDS);
		pthread_cond_timedwait(&ahead->changed, &ahead->lock, &deadline);
	}
	full = batch->full && !tool_interrupted();
	pthread_mutex_unlock(&ahead->lock);
	return full ? batch : NULL;
}

static void
give_back(read_ahead *ahead, ahead_batch *batch)
{
	if (batch->text.capacity > 4 * BATCH_BYTES)
		pp_buffer_free(&batch->text);	/* a long line's: not kept */
	pthread_mutex_lock(&ahead->lock);
	batch->full = false;
	ahead->bytes_handed -= batch->bytes_handed;
	pthread_cond_broadcast(&ahead->changed);
	pthread_mutex_unlock(&ahead->lock);
}

/* The packed point of line as the program's point: its strings stay in
 * the batch, its tags in the view's own array. */
static pp_point *
unpack_point(read_ahead *ahead, const ahead_batch *batch, const ahead_line *line)
{
	const char *strings = batch->text.data + line->strings;
	const uint32_t *offsets = (const uint32_t *)(const void *)strings;
	pp_point *point = &ahead->point;
	pp_tags *tags = &point->tags;
	size_t i;

	if (tags->capacity < line->tag_count) {
		tags->capacity = line->tag_count;
		tags->items = pp_xrealloc(tags->items, tags->capacity * sizeof(*tags->items));
	}
	point->name = strings + offsets[0];
	point->unit = offsets[1] == 0 ? NULL : strings + offsets[1];
	point->value = line->value;
	point->ts = line->ts;
	point->has_ts = line->has_ts;
	point->type = (pp_point_type)line->type;
	for (i = 0; i < line->tag_count; i++) {
		tags->items[i].key = strings + offsets[2 + 2 * i];
		tags->items[i].value = strings + offsets[3 + 2 * i];
	}
	tags->count = line->tag_count;
	return point;
}

/* The error of line, as the program's pp_error. */
static pp_error *
unpack_error(read_ahead *ahead, const ahead_batch *batch, const ahead_line *line)
{
	pp_error *error = &ahead->error;

	error->source = ahead->source;
	error->line = line->line_number;
	snprintf(error->message, sizeof(error->message), "%s", batch->text.data + line->strings);
	return error;
}

typedef enum outcome { GOING, ENDED, STOPPED } outcome;

static outcome
hand_line(pp_tool *tool, read_ahead *ahead, ahead_batch *batch, ahead_line *line,
    tool_record_handler handler, void *context)
{
	const char *text = batch->text.data + line->text;

	switch ((line_event)line->event) {
	case EVENT_END:
		return ENDED;
	case EVENT_FAILED:
		tool_report(tool, unpack_error(ahead, batch, line));
		tool->exit_status = PP_EXIT_INPUT;
		return ENDED;
	case EVENT_TOO_LONG:
		tool->lines_read++;
		tool_reject(tool, unpack_error(ahead, batch, line), text, line->length);
		break;
	case EVENT_BLANK:
		tool->lines_read++;
		break;
	case EVENT_LINE: {
		tool_record record = {ahead->source, line->line_number, text,
		    line->length, (pp_status)line->status, (pp_kind)line->kind, NULL,
		    line->object, &ahead->error};

		tool->lines_read++;
		line->object = jv_invalid();	/* the handler's now */
		/* the line's place, for a message the handler writes */
		ahead->error.source = ahead->source;
		ahead->error.line = line->line_number;
		ahead->error.message[0] = '\0';
		if (record.status != PP_OK)
			record.error = unpack_error(ahead, batch, line);
		else if (record.kind == PP_KIND_POINT)
			record.point = unpack_point(ahead, batch, line);
		if (!handler(tool, &record, context))
			return STOPPED;
		break;
	}
	}
	return tool_after_line(tool, line->paused) ? GOING : STOPPED;
}

/* Reads the rest of reader with the reading thread, handing every line to
 * handler; returns false when reading must stop. */
bool
read_ahead_loop(pp_tool *tool, pp_reader *reader, tool_record_handler handler,
    void *context)
{
	read_ahead *ahead = read_ahead_start(tool, reader);
	outcome outcome = GOING;
	size_t next = 0;

	while (outcome == GOING) {
		ahead_batch *batch = take_batch(ahead, &ahead->batches[next]);
		size_t i;

		if (batch == NULL) {
			outcome = STOPPED;
			break;
		}
		for (i = 0; i < batch->count && outcome == GOING; i++)
			outcome = hand_line(tool, ahead, batch, &batch->lines[i], handler, context);
		if (outcome == GOING)
			give_back(ahead, batch);
		next = (next + 1) % BATCHES;
	}
	read_ahead_stop(ahead);
	return outcome == ENDED;
}
