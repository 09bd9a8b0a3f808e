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
#include "series_key.h"

/* Output of one emission pending past this many bytes is written out. */
#define WRITE_AT (256 * 1024)

struct aggregator {
	aggregate_options *options;
	pp_tool *tool;
	where_filter *where;
	pp_series_table table;		/* key (series_key.h) -> group_state */
	pp_series_table units;		/* unit -> its index in unit_names */
	const char **unit_names;	/* index 1.. (0: no unit); keys of units */
	size_t unit_count;
	pp_watermark watermark;
	double closed_until;		/* windows ending at or before: emitted */
	double next_end;		/* no open window ends before this */
	pp_buffer key;
	pp_tags selected;
	pp_series_entry *recent;	/* the entry the last point went to */
	pp_tags series_tags;		/* a key's tags read back (series_key_read) */
	pp_series_entry **closing;	/* ended sessions awaiting emission:
					 * entries out of the table */
	size_t closing_count;
	bool stopped;			/* --max-series reached */
	size_t unknown_sums;		/* records written with "sum": null */
	input_span input;		/* the edges of the input so far */
};

size_t
aggregator_states(const aggregator *a)
{
	return a->table.count + a->closing_count;
}

aggregator *
aggregator_new(aggregate_options *options, where_filter *where)
{
	aggregator *a = pp_xcalloc(1, sizeof(*a));

	a->options = options;
	a->tool = &options->tool;
	a->where = where;
	a->table.value_size = sizeof(group_state);
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
	pp_series_table_free(&a->table, state_release);
	for (size_t i = 0; i < a->closing_count; i++) {
		state_release(a->closing[i]->value);
		free(a->closing[i]);
	}
	free(a->closing);
	pp_series_table_free(&a->units, NULL);
	free(a->unit_names);
	pp_buffer_free(&a->key);
	pp_tags_free(&a->selected);
	pp_tags_free(&a->series_tags);
	where_free(a->where);
	free(a);
}

/* ---- emission ---- */

/* The unit of index (0: none). */
static const char *
unit_name(const aggregator *a, uint32_t index)
{
	return index == 0 ? NULL : a->unit_names[index - 1];
}

/* The index of unit (NULL: 0), added to the units when new. */
static uint32_t
unit_index(aggregator *a, const char *unit)
{
	pp_series_entry *entry;
	int created;

	if (unit == NULL)
		return 0;
	entry = pp_series_upsert(&a->units, unit, strlen(unit), &created);
	if (created) {
		a->unit_names = pp_xrealloc(a->unit_names,
		    (a->unit_count + 1) * sizeof(*a->unit_names));
		a->unit_names[a->unit_count++] = entry->key;
		entry->value = (void *)(uintptr_t)a->unit_count;
	}
	return (uint32_t)(uintptr_t)entry->value;
}

/* The series bytes of an entry's key: after the prefix, and before the
 * window a merged aggregate's key ends in. */
static size_t
series_length(const pp_series_entry *entry)
{
	const group_state *state = entry->value;

	return entry->key_length - KEY_PREFIX - (state->own_window ? MERGED_WINDOW_BYTES : 0);
}

/* The series of an entry, borrowing from its key and a->series_tags. */
static series_identity
entry_series(aggregator *a, const pp_series_entry *entry)
{
	const group_state *state = entry->value;
	const char *name = series_key_read(entry->key + KEY_PREFIX, series_length(entry),
	    &a->series_tags);

	return (series_identity){name, &a->series_tags, unit_name(a, state->unit)};
}

/* The options of the aggregator being emitted, for compare_ready (qsort
 * takes no context). */
static const aggregate_options *ordering_options;

/* Where a ready state's window ends, for ordering; 0 for the whole input
 * (one window: series order only). */
static double
order_end(const group_state *state)
{
	return state_window(state, ordering_options)->type == PP_WINDOW_ALL ? 0 : state->end;
}

/* Window end, then series key (with a merged window's bytes), then
 * window start. */
static int
compare_ready(const void *x, const void *y)
{
	const pp_series_entry *a = *(pp_series_entry *const *)x;
	const pp_series_entry *b = *(pp_series_entry *const *)y;
	const group_state *state_a = a->value, *state_b = b->value;
	size_t length_a = a->key_length - KEY_PREFIX, length_b = b->key_length - KEY_PREFIX;
	double end_a = order_end(state_a), end_b = order_end(state_b);
	int order;

	if (end_a != end_b)
		return end_a < end_b ? -1 : 1;
	order = memcmp(a->key + KEY_PREFIX, b->key + KEY_PREFIX,
	    length_a < length_b ? length_a : length_b);
	if (order != 0)
		return order;
	if (length_a != length_b)
		return length_a < length_b ? -1 : 1;
	return state_a->start < state_b->start ? -1 : state_a->start > state_b->start;
}

static void
settle_session(aggregator *a, group_state *state)
{
	if (a->options->window.type == PP_WINDOW_SESSION) {
		pp_session *session = &state_extras_of(state)->session;

		state->start = session->start;
		state->end = pp_session_end(session, a->options->window.gap);
		state->has_time = true;
	}
}

/* Writes the record of a ready state. */
static void
write_state(aggregator *a, pp_series_entry *entry)
{
	group_state *state = entry->value;
	series_identity series = entry_series(a, entry);
	const pp_sketch *sketch;
	jv record = state_to_record(state, &series, a->options, &a->input, &sketch);
	jv sum = jv_object_get(jv_copy(record), jv_string("sum"));
	pp_json_member sketch_member = pp_sketch_member(sketch);

	/* NaN, which pp_json_write_record writes as null */
	if (jv_get_kind(sum) == JV_KIND_NUMBER && !isfinite(jv_number_value(sum)))
		a->unknown_sums++;
	jv_free(sum);
	pp_json_write_record_with(tool_out(a->tool), record,
	    sketch != NULL ? &sketch_member : NULL);
	a->tool->records_out++;
	jv_free(record);
	/* written as they come: a million series' records held until the
	 * end would double the peak memory */
	if (tool_out(a->tool)->length >= WRITE_AT)
		tool_end_batch(a->tool);
}

/* Sorts the ready entries (out of the table by now), writes their
 * records, and frees them. */
static void
write_ready(aggregator *a, pp_series_entry **list, size_t count)
{
	ordering_options = a->options;
	qsort(list, count, sizeof(*list), compare_ready);
	for (size_t i = 0; i < count; i++) {
		group_state *state = list[i]->value;

		/* Empty only when every aggregate merged into it was rejected. */
		if (state->moments.count > 0)
			write_state(a, list[i]);
		state_release(state);
		free(list[i]);
	}
}

static bool
is_due(const group_state *state, double limit)
{
	return limit == INFINITY || state->end <= limit;
}

/* Takes the due entries out of the table into list (entries, of the
 * whole table, may be list itself); the others lower next_end. */
static size_t
aggregator_due_open(aggregator *a, double limit, pp_series_entry **entries, size_t count,
    pp_series_entry **list)
{
	size_t n = 0;

	for (size_t i = 0; i < count; i++) {
		pp_series_entry *entry = entries[i];
		group_state *state = entry->value;

		settle_session(a, state);
		if (is_due(state, limit)) {
			pp_series_unlink(&a->table, entry);
			list[n++] = entry;
		} else if (state->end < a->next_end) {
			a->next_end = state->end;
		}
	}
	return n;
}

/* Adds the due sessions that a later burst of their series closed. */
static size_t
aggregator_due_closing(aggregator *a, double limit, pp_series_entry **list)
{
	size_t n = 0, kept = 0;

	for (size_t i = 0; i < a->closing_count; i++) {
		group_state *state = a->closing[i]->value;

		if (!is_due(state, limit)) {
			if (state->end < a->next_end)
				a->next_end = state->end;
			a->closing[kept++] = a->closing[i];
			continue;
		}
		list[n++] = a->closing[i];
	}
	a->closing_count = kept;
	return n;
}

/* Emits the states whose window ends at or before limit (all when limit
 * is +infinity), in order, and recomputes next_end.  The list to sort is
 * the table's array of entries itself (8 bytes a series), with room for
 * the ended sessions. */
static void
emit_until(aggregator *a, double limit)
{
	size_t count, n, i;
	pp_series_entry **list = pp_series_entries(&a->table, &count);

	list = pp_xrealloc(list, (count + a->closing_count + 1) * sizeof(*list));
	a->next_end = INFINITY;
	n = aggregator_due_open(a, limit, list, count, list);
	n += aggregator_due_closing(a, limit, list + n);
	for (i = 0; limit == INFINITY && i < n; i++) {
		const group_state *state = list[i]->value;

		if (state_window(state, a->options)->type != PP_WINDOW_ALL &&
		    state->end > a->closed_until)
			a->closed_until = state->end;	/* flushed: closed */
	}
	a->recent = NULL;	/* its entry may be gone */
	write_ready(a, list, n);
	free(list);
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
aggregator_each_state(aggregator *a, aggregator_visit visit, void *context)
{
	size_t count, i;
	pp_series_entry **entries = pp_series_entries(&a->table, &count);

	for (i = 0; i < count; i++) {
		series_identity series = entry_series(a, entries[i]);

		visit(entries[i]->value, &series, false, context);
	}
	for (i = 0; i < a->closing_count; i++) {
		series_identity series = entry_series(a, a->closing[i]);

		visit(a->closing[i]->value, &series, true, context);
	}
	free(entries);
}

/* Why a state an earlier run left does not fit this run, or NULL. */
static const char *
misfit(const aggregator *a, const group_state *state, bool closing)
{
	const pp_window_spec *window = &a->options->window;
	bool windowed = window->type == PP_WINDOW_TUMBLING || window->type == PP_WINDOW_SLIDING;

	if (windowed && (!state->has_time || state->end != pp_window_end(window, state->start)))
		return "a window's start and end do not fit --window and --step";
	if (closing && window->type != PP_WINDOW_SESSION)
		return "an ended session, and this run has no --session";
	if (window->type == PP_WINDOW_SESSION && state->kind == STATE_RATIO)
		return "a ratio in session windows";
	return NULL;
}

bool
aggregator_restore(aggregator *a, loose_state *loose, bool closing, const char **why)
{
	const pp_window_spec *window = &a->options->window;
	bool windowed = window->type == PP_WINDOW_TUMBLING || window->type == PP_WINDOW_SLIDING;
	group_state *state = &loose->state;
	pp_series_entry *entry;
	int created = 1;

	*why = misfit(a, state, closing);
	if (*why != NULL) {
		loose_state_free(loose);
		return false;
	}
	series_key_build(&a->key, windowed ? state->start : 0,
	    state->kind == STATE_RATIO ? 'R' : 'S', loose->name, &loose->tags);
	if (closing) {
		entry = pp_series_entry_new(a->key.data, a->key.length, sizeof(group_state));
		a->closing = pp_xrealloc(a->closing, (a->closing_count + 1) * sizeof(entry));
		a->closing[a->closing_count++] = entry;
	} else {
		entry = pp_series_upsert(&a->table, a->key.data, a->key.length, &created);
	}
	if (!created) {
		*why = "the same window of the same series appears twice";
		loose_state_free(loose);
		return false;
	}
	state->unit = unit_index(a, loose->unit);
	state->own_window = false;	/* not kept in the file: --window's */
	loose_state_move(loose, entry->value);
	loose_state_free(loose);
	a->recent = NULL;
	return true;
}

/* ---- adding points ---- */

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

	self_metrics_series(&a->tool->self, aggregator_states(a));
	if (a->options->max_series == 0 || aggregator_states(a) <= a->options->max_series ||
	    a->stopped)
		return;
	counter = cardinality_new();
	entries = pp_series_entries(&a->table, &count);
	for (i = 0; i < count; i++) {
		series_identity series = entry_series(a, entries[i]);

		cardinality_add(counter, series.name, series.tags);
	}
	for (i = 0; i < a->closing_count; i++) {
		series_identity series = entry_series(a, a->closing[i]);

		cardinality_add(counter, series.name, series.tags);
	}
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
			group_state *state = entry->value;

			state_init(state, a->options, identity->kind, identity->type);
			state->unit = unit_index(a, identity->unit);
			if (a->options->window.type == PP_WINDOW_TUMBLING ||
			    a->options->window.type == PP_WINDOW_SLIDING) {
				state->start = start;
				state->end = pp_window_end(&a->options->window, start);
				state->has_time = true;
				if (state->end < a->next_end)
					a->next_end = state->end;
			}
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
		series_key_build(&a->key, start, 'R', ratio->name, tags);
		state = find_state(a, &(state_identity){STATE_RATIO, ratio->name, tags,
		    NULL, point->type}, start, origin);
		state_add_ratio(state, a->options, numerator ? point->value : 0,
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

	series_key_build(&a->key, start, 'S', point->name, tags);
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

/* A new session of the series whose key was just built, or NULL (and the
 * point rejected) when it would have ended before the watermark. */
static pp_series_entry *
start_session(aggregator *a, const pp_point *point, const point_origin *origin)
{
	double gap = a->options->window.gap;
	pp_series_entry *entry;
	group_state *state;
	int created;

	if (point->ts + gap <= a->closed_until) {
		char end[64];

		a->tool->self.late++;
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "late point: its session would have ended at %s, "
		    "before the watermark", shortest(end, point->ts + gap));
		return NULL;
	}
	entry = pp_series_upsert(&a->table, a->key.data, a->key.length, &created);
	state = entry->value;
	state_init(state, a->options, STATE_SERIES, point->type);
	state->unit = unit_index(a, point->unit);
	state_extras_of(state)->session = (pp_session){point->ts, point->ts};
	check_series_limit(a, origin->source, origin->line);
	return entry;
}

/* Session windows: one open session per series; a point past its gap
 * ends it (kept for emission when the watermark passes its end). */
static bool
add_to_session(aggregator *a, const pp_point *point, const pp_tags *tags,
    const point_origin *origin)
{
	double gap = a->options->window.gap;
	const char *why = NULL;
	pp_session *session;
	group_state *state;
	pp_series_entry *entry;

	series_key_build(&a->key, 0, 'S', point->name, tags);
	entry = pp_series_find(&a->table, a->key.data, a->key.length);
	if (entry != NULL &&
	    !pp_session_continues(&state_extras_of(entry->value)->session, gap, point->ts)) {
		settle_session(a, entry->value);
		pp_series_unlink(&a->table, entry);
		a->closing = pp_xrealloc(a->closing, (a->closing_count + 1) * sizeof(entry));
		a->closing[a->closing_count++] = entry;
		entry = NULL;
	}
	if (entry == NULL && (entry = start_session(a, point, origin)) == NULL)
		return false;
	a->recent = NULL;
	state = entry->value;
	if (state->type != point->type) {
		reject_type_change(a, state, point, origin);
		return false;
	}
	session = &state_extras_of(state)->session;
	pp_session_extend(session, point->ts);
	if (pp_session_end(session, gap) < a->next_end)
		a->next_end = pp_session_end(session, gap);
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
	double starts[PP_WINDOW_MAX_OVERLAP];
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
aggregator_merge(aggregator *a, const loose_state *loose, const point_origin *origin)
{
	const group_state *incoming = &loose->state;
	const pp_window_spec *window = state_window(incoming, a->options);
	const pp_tags *tags = &loose->tags;
	double start = 0;
	group_state *state;
	const char *why = NULL;

	if (incoming->has_span) {
		input_span_add(&a->input, incoming->first_ts);
		input_span_add(&a->input, incoming->latest_ts);
	}
	if (a->options->by_given) {
		pp_tags_select(&loose->tags, (const char *const *)a->options->by,
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
	if (a->options->window.type == PP_WINDOW_ALL) {
		/* No --window: aggregates of the same window merge, and keep
		 * it; the window's end and shape join the key.  Whole-input
		 * aggregates (window "all": shards of one input) all merge into
		 * one, spanning them all, but never with windowed ones. */
		start = window->type == PP_WINDOW_ALL ? 0 : incoming->start;
		series_key_build(&a->key, start, incoming->kind == STATE_RATIO ? 'R' : 'S',
		    loose->name, tags);
		series_key_add_window(&a->key, window->type == PP_WINDOW_ALL ? start :
		    incoming->end, window);
	} else {
		series_key_build(&a->key, start, incoming->kind == STATE_RATIO ? 'R' : 'S',
		    loose->name, tags);
	}
	state = find_state(a, &(state_identity){incoming->kind, loose->name, tags,
	    loose->unit, incoming->type}, start, origin);
	if (a->options->window.type == PP_WINDOW_ALL)
		state_set_window(state, window);	/* the same for the key */
	if (!state_merge(state, incoming, a->options, &why))
		tool_reject_line(a->tool, origin->source, origin->line, origin->text,
		    origin->length, "%s", why);
}

/* ---- a later part of the input, read on its own (split.c) ---- */

/* Whether every state of part can join a's as state_absorb says, with
 * no more series than --max-series allows. */
static bool
absorbable(const aggregator *a, const aggregator *part, pp_series_entry **entries,
    size_t count)
{
	size_t added = 0;

	if (part->closing_count > 0 || a->options->window.type != PP_WINDOW_ALL)
		return false;
	for (size_t i = 0; i < count; i++) {
		const pp_series_entry *mine = pp_series_find(&a->table, entries[i]->key,
		    entries[i]->key_length);

		if (!state_absorbable(mine != NULL ? mine->value : NULL, entries[i]->value))
			return false;
		added += mine == NULL;
	}
	return a->options->max_series == 0 ||
	    aggregator_states(a) + added <= a->options->max_series;
}

bool
aggregator_absorb(aggregator *a, aggregator *part)
{
	size_t count;
	pp_series_entry **entries = pp_series_entries(&part->table, &count);

	if (!absorbable(a, part, entries, count)) {
		free(entries);
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		group_state *from = entries[i]->value;
		int created;
		pp_series_entry *mine = pp_series_upsert(&a->table, entries[i]->key,
		    entries[i]->key_length, &created);

		if (created) {
			state_init(mine->value, a->options, STATE_SERIES, from->type);
			((group_state *)mine->value)->unit = unit_index(a,
			    unit_name(part, from->unit));
			check_series_limit(a, NULL, 0);	/* absorbable: within it */
		}
		state_absorb(mine->value, from, a->options);
		state_release(from);	/* its values are copied: memory back now */
	}
	if (part->input.known) {
		input_span_add(&a->input, part->input.first);
		input_span_add(&a->input, part->input.last);
	}
	a->recent = NULL;
	free(entries);
	return true;
}
