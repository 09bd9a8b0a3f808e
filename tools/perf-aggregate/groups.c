/*
 * groups.c - window assignment, grouping, late points and ordered
 * emission.  See groups.h.
 */
#include "groups.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cardinality.h"
#include "pp_json.h"

/* A key is the window start (8 raw bytes, 0 for the whole input and for
 * sessions), one byte telling series from ratio states, then the series
 * key of pp_series_key. */
#define KEY_PREFIX (sizeof(double) + 1)

/* Output of one emission pending past this many bytes is written out. */
#define WRITE_AT (256 * 1024)

struct aggregator {
	aggregate_options *options;
	pp_tool *tool;
	where_filter *where;
	pp_series_table table;
	pp_watermark watermark;
	double closed_until;		/* windows ending at or before: emitted */
	double next_end;		/* no open window ends before this */
	pp_buffer key;
	pp_tags selected;
	pp_series_entry *recent;	/* the entry the last point went to */
	group_state **closing;		/* ended sessions awaiting emission */
	size_t closing_count;
	bool stopped;			/* --max-series reached */
	size_t unknown_sums;		/* records written with "sum": null */
	input_span input;		/* the edges of the input so far */
};

/* The states held: one per series (and ratio) and open window. */
static size_t
held(void *context)
{
	const aggregator *a = context;

	return a->table.count + a->closing_count;
}

aggregator *
aggregator_new(aggregate_options *options, where_filter *where)
{
	aggregator *a = pp_xcalloc(1, sizeof(*a));

	a->options = options;
	a->tool = &options->tool;
	a->where = where;
	pp_watermark_init(&a->watermark, options->lateness);
	a->closed_until = -INFINITY;
	a->next_end = INFINITY;
	a->tool->self.counts_late = true;
	self_metrics_series(&a->tool->self, 0);
	return a;
}

void
aggregator_free(aggregator *a)
{
	pp_series_table_free(&a->table, state_free);
	for (size_t i = 0; i < a->closing_count; i++)
		state_free(a->closing[i]);
	free(a->closing);
	pp_buffer_free(&a->key);
	pp_tags_free(&a->selected);
	where_free(a->where);
	free(a);
}

/* ---- emission ---- */

typedef struct ready {
	group_state *state;
	double end;		/* window end for ordering; 0 for the whole input */
	const char *key;	/* series key, for ordering */
	size_t key_length;
	pp_series_entry *entry;	/* NULL for a closing session */
	char *owned_key;	/* key built for a closing session, or NULL */
} ready;

static int
compare_ready(const void *x, const void *y)
{
	const ready *a = x, *b = y;
	size_t n = a->key_length < b->key_length ? a->key_length : b->key_length;
	int order;

	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	order = memcmp(a->key, b->key, n);
	if (order != 0)
		return order;
	if (a->key_length != b->key_length)
		return a->key_length < b->key_length ? -1 : 1;
	return a->state->start < b->state->start ? -1 : a->state->start > b->state->start;
}

static void
settle_session(aggregator *a, group_state *state)
{
	if (a->options->window.type == PP_WINDOW_SESSION) {
		state->start = state->session.start;
		state->end = pp_session_end(&state->session, a->options->window.gap);
		state->has_time = true;
	}
}

/* Sorts the ready states, writes their records, and frees them. */
static void
write_ready(aggregator *a, ready *list, size_t count)
{
	qsort(list, count, sizeof(*list), compare_ready);
	for (size_t i = 0; i < count; i++) {
		/* Empty only when every aggregate merged into it was rejected. */
		if (list[i].state->moments.count > 0) {
			jv record = state_to_record(list[i].state, a->options, &a->input);
			jv sum = jv_object_get(jv_copy(record), jv_string("sum"));

			/* NaN, which pp_json_write_record writes as null */
			if (jv_get_kind(sum) == JV_KIND_NUMBER && !isfinite(jv_number_value(sum)))
				a->unknown_sums++;
			jv_free(sum);
			pp_json_write_record(tool_out(a->tool), record);
			a->tool->records_out++;
			jv_free(record);
			/* written as they come: a million series' records
			 * held until the end would double the peak memory */
			if (tool_out(a->tool)->length >= WRITE_AT)
				tool_end_batch(a->tool);
		}
		if (list[i].entry != NULL)
			pp_series_remove(&a->table, list[i].entry);
		state_free(list[i].state);
		free(list[i].owned_key);
	}
}

static bool
is_due(const group_state *state, double limit)
{
	return limit == INFINITY || state->end <= limit;
}

/* Adds the due states of the table to list; the others lower next_end. */
static size_t
aggregator_due_open(aggregator *a, double limit, pp_series_entry **entries, size_t count,
    ready *list)
{
	size_t n = 0;

	for (size_t i = 0; i < count; i++) {
		group_state *state = entries[i]->value;

		settle_session(a, state);
		if (is_due(state, limit))
			list[n++] = (ready){state, state->end, entries[i]->key + KEY_PREFIX,
			    entries[i]->key_length - KEY_PREFIX, entries[i], NULL};
		else if (state->end < a->next_end)
			a->next_end = state->end;
	}
	return n;
}

/* Adds the due sessions that a later burst of their series closed. */
static size_t
aggregator_due_closing(aggregator *a, double limit, ready *list)
{
	size_t n = 0, kept = 0;

	for (size_t i = 0; i < a->closing_count; i++) {
		group_state *state = a->closing[i];
		pp_buffer key = PP_BUFFER_INIT;

		if (!is_due(state, limit)) {
			if (state->end < a->next_end)
				a->next_end = state->end;
			a->closing[kept++] = state;
			continue;
		}
		pp_series_key(&key, state->name, &state->tags);
		list[n++] = (ready){state, state->end, key.data, key.length, NULL, key.data};
	}
	a->closing_count = kept;
	return n;
}

/* Emits the states whose window ends at or before limit (all when limit
 * is +infinity), in order, and recomputes next_end. */
static void
emit_until(aggregator *a, double limit)
{
	size_t count, n, i;
	pp_series_entry **entries = pp_series_entries(&a->table, &count);
	ready *list = pp_xmalloc((count + a->closing_count + 1) * sizeof(*list));

	a->next_end = INFINITY;
	n = aggregator_due_open(a, limit, entries, count, list);
	n += aggregator_due_closing(a, limit, list + n);
	for (i = 0; i < n; i++) {
		if (list[i].state->window.type == PP_WINDOW_ALL)
			list[i].end = 0;	/* one window: series order only */
		else if (limit == INFINITY && list[i].end > a->closed_until)
			a->closed_until = list[i].end;	/* flushed: closed */
	}
	a->recent = NULL;	/* its entry may be removed */
	write_ready(a, list, n);
	free(list);
	free(entries);
	if (limit != INFINITY)
		a->closed_until = limit;
	tool_end_batch(a->tool);
}

void
aggregator_finish(aggregator *a)
{
	emit_until(a, INFINITY);
}

void
aggregator_warn_unknown_sums(const aggregator *a)
{
	if (a->unknown_sums > 0)
		tool_warn(a->tool, "%zu aggregate%s a sum beyond the largest number "
		    "(%g): written as \"sum\": null (and what is computed from it)",
		    a->unknown_sums, a->unknown_sums == 1 ? " has" : "s have", DBL_MAX);
}

void
aggregator_close_until(aggregator *a, double time)
{
	if (!isfinite(time) || time <= a->closed_until)
		return;
	if (a->input.known)
		input_span_add(&a->input, time);
	emit_until(a, time);
}

/* ---- carried across runs ---- */

void
aggregator_clock_get(const aggregator *a, aggregator_clock *clock)
{
	*clock = (aggregator_clock){a->watermark, a->closed_until, a->next_end, a->input};
}

void
aggregator_clock_set(aggregator *a, const aggregator_clock *clock)
{
	a->watermark = clock->watermark;
	a->closed_until = clock->closed_until;
	a->next_end = clock->next_end;
	a->input = clock->input;
}

void
aggregator_each_state(const aggregator *a, aggregator_visit visit, void *context)
{
	size_t count, i;
	pp_series_entry **entries = pp_series_entries(&a->table, &count);

	for (i = 0; i < count; i++)
		if (entries[i]->value != NULL)
			visit(entries[i]->value, false, context);
	for (i = 0; i < a->closing_count; i++)
		visit(a->closing[i], true, context);
	free(entries);
}

static void build_key(aggregator *a, double start, char marker, const char *name,
    const pp_tags *tags);

bool
aggregator_restore(aggregator *a, group_state *state, bool closing, const char **why)
{
	const pp_window_spec *window = &a->options->window;
	bool windowed = window->type == PP_WINDOW_TUMBLING || window->type == PP_WINDOW_SLIDING;
	pp_series_entry *entry;
	int created;

	*why = NULL;
	if (windowed && (!state->has_time || state->end != pp_window_end(window, state->start)))
		*why = "a window's start and end do not fit --window and --step";
	else if (closing && window->type != PP_WINDOW_SESSION)
		*why = "an ended session, and this run has no --session";
	else if (window->type == PP_WINDOW_SESSION && state->kind == STATE_RATIO)
		*why = "a ratio in session windows";
	if (*why != NULL) {
		state_free(state);
		return false;
	}
	if (closing) {
		a->closing = pp_xrealloc(a->closing, (a->closing_count + 1) * sizeof(state));
		a->closing[a->closing_count++] = state;
		return true;
	}
	build_key(a, windowed ? state->start : 0, state->kind == STATE_RATIO ? 'R' : 'S',
	    state->name, &state->tags);
	entry = pp_series_upsert(&a->table, a->key.data, a->key.length, &created);
	if (!created) {
		*why = "the same window of the same series appears twice";
		state_free(state);
		return false;
	}
	entry->value = state;
	a->recent = NULL;
	return true;
}

/* ---- adding points ---- */

/* The key of a state: the bytes of pp_series_key after the window prefix,
 * written with one reservation since this runs for every point. */
static void
build_key(aggregator *a, double start, char marker, const char *name,
    const pp_tags *tags)
{
	size_t lengths[2 * 64 + 1], n = 0, total = KEY_PREFIX, i;
	char *at;

	lengths[n] = strlen(name) + 1;
	total += lengths[n++];
	for (i = 0; i < tags->count; i++) {
		if (n + 2 > sizeof(lengths) / sizeof(lengths[0])) {	/* rare: many tags */
			pp_buffer_clear(&a->key);
			pp_buffer_append(&a->key, &start, sizeof(start));
			pp_buffer_append_char(&a->key, marker);
			pp_series_key(&a->key, name, tags);
			return;
		}
		lengths[n] = strlen(tags->items[i].key);
		total += lengths[n++] + 1;
		lengths[n] = strlen(tags->items[i].value) + 1;
		total += lengths[n++];
	}
	pp_buffer_clear(&a->key);
	pp_buffer_reserve(&a->key, total);
	at = a->key.data;
	memcpy(at, &start, sizeof(start));
	at[sizeof(start)] = marker;
	at += KEY_PREFIX;
	memcpy(at, name, lengths[0]);
	at += lengths[0];
	for (i = 0, n = 1; i < tags->count; i++) {
		memcpy(at, tags->items[i].key, lengths[n]);
		at += lengths[n++];
		*at++ = '=';
		memcpy(at, tags->items[i].value, lengths[n]);
		at += lengths[n++];
	}
	a->key.length = total;
	a->key.data[total] = '\0';
}

bool
aggregator_stopped(const aggregator *a)
{
	return a->stopped;
}

/* Stops the run when a new state went past --max-series, naming the tag
 * whose values explode the count (counted now, once). */
static void
check_series_limit(aggregator *a, const char *source, long line)
{
	cardinality *counter;
	size_t count, i;
	pp_series_entry **entries;
	pp_error error = {source, line, ""};

	self_metrics_series(&a->tool->self, held(a));
	if (a->options->max_series == 0 || held(a) <= a->options->max_series || a->stopped)
		return;
	counter = cardinality_new();
	entries = pp_series_entries(&a->table, &count);
	for (i = 0; i < count; i++) {
		const group_state *state = entries[i]->value;

		if (state != NULL)
			cardinality_add(counter, state->name, &state->tags);
	}
	for (i = 0; i < a->closing_count; i++)
		cardinality_add(counter, a->closing[i]->name, &a->closing[i]->tags);
	cardinality_explain(counter, a->options->max_series, "use --by or drop it",
	    error.message, sizeof(error.message));
	tool_report(a->tool, &error);
	free(entries);
	cardinality_free(counter);
	a->stopped = true;
}

/* What a new state is made of. */
typedef struct state_identity {
	state_kind kind;
	const char *name;
	const pp_tags *tags;
	const char *unit;
	pp_point_type type;
} state_identity;

/* The state for the key just built, created when new. */
static group_state *
find_state(aggregator *a, const state_identity *identity, double start,
    const point_origin *origin)
{
	pp_series_entry *entry = a->recent;
	int created;

	if (entry == NULL || entry->key_length != a->key.length ||
	    memcmp(entry->key, a->key.data, a->key.length) != 0) {
		entry = pp_series_upsert(&a->table, a->key.data, a->key.length, &created);
		if (created) {
			group_state *state = state_create(a->options, identity->kind,
			    identity->name, identity->tags, identity->unit, identity->type);

			if (a->options->window.type == PP_WINDOW_TUMBLING ||
			    a->options->window.type == PP_WINDOW_SLIDING) {
				state->start = start;
				state->end = pp_window_end(&a->options->window, start);
				state->has_time = true;
				if (state->end < a->next_end)
					a->next_end = state->end;
			}
			entry->value = state;
			check_series_limit(a, origin->source, origin->line);
		}
		a->recent = entry;
	}
	return entry->value;
}

static const pp_tags *
group_tags(aggregator *a, const pp_point *point)
{
	if (!a->options->by_given)
		return &point->tags;
	pp_tags_select(&point->tags, (const char *const *)a->options->by,
	    a->options->by_count, &a->selected);
	return &a->selected;
}

static bool
selector_matches(const ratio_selector *selector, const pp_point *point)
{
	if (strcmp(selector->metric, point->name) != 0)
		return false;
	for (size_t i = 0; i < selector->count; i++) {
		const char *value = pp_tags_get(&point->tags, selector->keys[i]);

		if (value == NULL || strcmp(value, selector->values[i]) != 0)
			return false;
	}
	return true;
}

static void
add_ratios(aggregator *a, const pp_point *point, const pp_tags *tags, double start,
    const point_origin *origin)
{
	static const pp_tags no_tags = PP_TAGS_INIT;

	/* Without --by a ratio is over all points, whatever their tags. */
	if (!a->options->by_given)
		tags = &no_tags;
	for (size_t i = 0; i < a->options->ratio_count; i++) {
		const ratio_spec *ratio = &a->options->ratios[i];
		bool numerator = selector_matches(&ratio->numerator, point);
		bool denominator = selector_matches(&ratio->denominator, point);
		group_state *state;

		if (!numerator && !denominator)
			continue;
		build_key(a, start, 'R', ratio->name, tags);
		state = find_state(a, &(state_identity){STATE_RATIO, ratio->name, tags,
		    NULL, point->type}, start, origin);
		state_add_ratio(state, numerator ? point->value : 0,
		    denominator ? point->value : 0, point->ts, point->has_ts);
	}
}

static void
reject_type_change(aggregator *a, const group_state *state, const pp_point *point,
    const point_origin *origin)
{
	tool_reject_line(a->tool, origin->source, origin->line, origin->text,
	    origin->length, "\"type\" %s differs from the series' type %s",
	    pp_point_type_name(point->type), pp_point_type_name(state->type));
}

/* Adds the point to the group state of one window; false if rejected. */
static bool
add_to_window(aggregator *a, const pp_point *point, const pp_tags *tags,
    double start, const point_origin *origin)
{
	group_state *state;
	const char *why = NULL;

	build_key(a, start, 'S', point->name, tags);
	state = find_state(a, &(state_identity){STATE_SERIES, point->name, tags,
	    point->unit, point->type}, start, origin);
	if (state->type != point->type) {
		reject_type_change(a, state, point, origin);
		return false;
	}
	if (!state_add(state, a->options, point->value, point->ts, point->has_ts, &why)) {
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "%s", why);
		return false;
	}
	add_ratios(a, point, tags, start, origin);
	return true;
}

/* The number as the stream writes it (shortest round trip), for messages;
 * text holds at least 64 bytes. */
static const char *
shortest(char *text, double value)
{
	pp_buffer buffer = PP_BUFFER_INIT;

	pp_json_write_number(&buffer, value);
	snprintf(text, 64, "%s", buffer.data);
	pp_buffer_free(&buffer);
	return text;
}

/* Session windows: one open session per series; a point past its gap
 * ends it (kept for emission when the watermark passes its end). */
static bool
add_to_session(aggregator *a, const pp_point *point, const pp_tags *tags,
    const point_origin *origin)
{
	double gap = a->options->window.gap;
	const char *why = NULL;
	group_state *state;
	int created;
	pp_series_entry *entry;

	build_key(a, 0, 'S', point->name, tags);
	entry = pp_series_upsert(&a->table, a->key.data, a->key.length, &created);
	state = entry->value;
	if (state != NULL && !pp_session_continues(&state->session, gap, point->ts)) {
		settle_session(a, state);
		a->closing = pp_xrealloc(a->closing, (a->closing_count + 1) * sizeof(state));
		a->closing[a->closing_count++] = state;
		state = entry->value = NULL;
	}
	if (state == NULL) {
		if (point->ts + gap <= a->closed_until) {
			if (created)
				pp_series_remove(&a->table, entry);
			char end[64];

			a->tool->self.late++;
			tool_reject_line(a->tool, origin->source, origin->line, origin->text,
			    origin->length, "late point: its session would have ended at %s, "
			    "before the watermark", shortest(end, point->ts + gap));
			return false;
		}
		state = state_create(a->options, STATE_SERIES, point->name, tags,
		    point->unit, point->type);
		state->session.start = state->session.last = point->ts;
		entry->value = state;
		if (created)
			check_series_limit(a, origin->source, origin->line);
	}
	a->recent = NULL;
	if (state->type != point->type) {
		reject_type_change(a, state, point, origin);
		return false;
	}
	pp_session_extend(&state->session, point->ts);
	if (pp_session_end(&state->session, gap) < a->next_end)
		a->next_end = pp_session_end(&state->session, gap);
	if (!state_add(state, a->options, point->value, point->ts, true, &why)) {
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "%s", why);
		return false;
	}
	return true;
}

static bool
check_time(aggregator *a, const pp_point *point, const point_origin *origin,
    double *starts, size_t *count)
{
	const pp_window_spec *window = &a->options->window;
	char horizon[64];

	if (window->type == PP_WINDOW_ALL)
		return true;
	if (!point->has_ts) {
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "\"ts\" is missing: windows need the time of each point");
		return false;
	}
	if (future_too_far(&a->options->future, point->ts, horizon, sizeof(horizon))) {
		/* it would move the watermark past every later point */
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "far-future point: \"ts\" is after %s (now plus "
		    "--max-future)", horizon);
		return false;
	}
	if (window->type == PP_WINDOW_SESSION)
		return true;
	*count = pp_window_assign(window, point->ts, starts);
	if (pp_window_end(window, starts[0]) <= a->closed_until) {
		char start[64], end[64], lateness[64];

		a->tool->self.late++;
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "late point: its window [%s, %s) was already "
		    "closed (--lateness %s)", shortest(start, starts[0]),
		    shortest(end, pp_window_end(window, starts[0])),
		    shortest(lateness, a->options->lateness));
		return false;
	}
	return true;
}

static bool
filtered_out(aggregator *a, const pp_point *point, const point_origin *origin)
{
	char message[512];
	int keep;

	if (a->where == NULL)
		return false;
	keep = where_keeps(a->where, point, message, sizeof(message));
	if (keep < 0)
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "%s", message);
	return keep != 1;
}

void
aggregator_add(aggregator *a, const pp_point *point, const point_origin *origin)
{
	static double starts[PP_WINDOW_MAX_OVERLAP];
	size_t count = 1, i;
	const pp_tags *tags;

	starts[0] = 0;
	/* The input covers its time whatever --where keeps. */
	if (point->has_ts && isfinite(point->ts))
		input_span_add(&a->input, point->ts);
	if (filtered_out(a, point, origin) || !check_time(a, point, origin, starts, &count))
		return;
	tags = group_tags(a, point);
	if (a->options->window.type == PP_WINDOW_SESSION) {
		if (!add_to_session(a, point, tags, origin))
			return;
	} else {
		for (i = 0; i < count; i++)
			if (!add_to_window(a, point, tags, starts[i], origin))
				return;
	}
	if (a->options->window.type == PP_WINDOW_ALL)
		return;
	pp_watermark_observe(&a->watermark, point->ts);
	if (pp_watermark_value(&a->watermark) >= a->next_end)
		emit_until(a, pp_watermark_value(&a->watermark));
}

/* ---- merging aggregates ---- */

void
aggregator_merge(aggregator *a, const group_state *incoming, const point_origin *origin)
{
	const pp_tags *tags = &incoming->tags;
	double start = 0;
	group_state *state;
	const char *why = NULL;

	if (incoming->has_span) {
		input_span_add(&a->input, incoming->first_ts);
		input_span_add(&a->input, incoming->latest_ts);
	}
	if (a->options->by_given) {
		pp_tags_select(&incoming->tags, (const char *const *)a->options->by,
		    a->options->by_count, &a->selected);
		tags = &a->selected;
	}
	if (a->options->window.type == PP_WINDOW_TUMBLING) {
		start = pp_window_align(incoming->start, a->options->window.size);
		if (!incoming->has_time || incoming->end > start + a->options->window.size) {
			tool_reject_line(a->tool, origin->source, origin->line, origin->text,
			    origin->length, "the aggregate's window does not fit in one %g s "
			    "window", a->options->window.size);
			return;
		}
	}
	build_key(a, start, incoming->kind == STATE_RATIO ? 'R' : 'S', incoming->name, tags);
	if (a->options->window.type == PP_WINDOW_ALL) {
		/* No --window: aggregates of the same window merge, and keep
		 * it; the window's end and shape join the key.  Whole-input
		 * aggregates (window "all": shards of one input) all merge into
		 * one, spanning them all, but never with windowed ones. */
		start = incoming->window.type == PP_WINDOW_ALL ? 0 : incoming->start;
		memcpy(a->key.data, &start, sizeof(start));
		pp_buffer_append(&a->key, incoming->window.type == PP_WINDOW_ALL ? &start :
		    &incoming->end, sizeof(incoming->end));
		pp_buffer_append(&a->key, &incoming->window.type, sizeof(incoming->window.type));
		pp_buffer_append(&a->key, &incoming->window.size, sizeof(double));
		pp_buffer_append(&a->key, &incoming->window.step, sizeof(double));
		pp_buffer_append(&a->key, &incoming->window.gap, sizeof(double));
	}
	state = find_state(a, &(state_identity){incoming->kind, incoming->name, tags,
	    incoming->unit, incoming->type}, start, origin);
	if (a->options->window.type == PP_WINDOW_ALL)
		state->window = incoming->window;	/* the same for the key */
	if (!state_merge(state, incoming, a->options, &why))
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "%s", why);
}
