/*
 * carried.c - the --state FILE of perf-aggregate.  See carried.h.
 *
 * The file is NDJSON, read strictly:
 *   line 1   {"perf-aggregate state":1,"options":{...},"clock":{...},
 *             "states":N}
 *   N lines  one held state each (state_saved.h), with "closing":true
 *            for a session that ended and awaits the watermark
 *   last     {"end":N}
 * The options are those that decide what a window holds and when it
 * closes; a run with others is refused rather than mixing two kinds of
 * windows.  The last line tells a whole file from a truncated one.
 *
 * The lock (FILE.lock) and the atomic replacement (mkstemp beside FILE,
 * fsync, rename, fsync of the directory) are the shared ones of
 * state_file.h, as for perf-collect and perf-alert.
 */
#include "carried.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pp_json.h"
#include "state_file.h"
#include "state_saved.h"

#define MAGIC "perf-aggregate state"

/* ---- the options a state belongs to ---- */

static void
selector_text(pp_buffer *out, const ratio_selector *selector)
{
	pp_buffer_append_string(out, selector->metric);
	if (selector->count == 0)
		return;
	pp_buffer_append_char(out, '{');
	for (size_t i = 0; i < selector->count; i++)
		pp_buffer_printf(out, "%s%s=%s", i > 0 ? "," : "", selector->keys[i],
		    selector->values[i]);
	pp_buffer_append_char(out, '}');
}

static jv
string_list(char **items, size_t count)
{
	jv list = jv_array();

	for (size_t i = 0; i < count; i++)
		list = jv_array_append(list, jv_string(items[i]));
	return list;
}

/* Each entry: the option(s) as the user writes them, and their value. */
static jv
fingerprint(const aggregate_options *options)
{
	jv object = jv_object(), list = jv_array();
	pp_buffer text = PP_BUFFER_INIT;
	size_t i;

	object = jv_object_set(object, jv_string("--window/--step/--session"),
	    pp_window_to_jv(&options->window));
	object = jv_object_set(object, jv_string("--lateness"), jv_number(options->lateness));
	object = jv_object_set(object, jv_string("--by"), options->by_given ?
	    string_list(options->by, options->by_count) : jv_string("(all tags)"));
	for (i = 0; i < options->percentile_count; i++)
		list = jv_array_append(list, jv_string(options->percentiles[i].key));
	object = jv_object_set(object, jv_string("--percentiles"), list);
	list = jv_array();
	for (i = 0; i < options->bucket_count; i++)
		list = jv_array_append(list, jv_number(options->buckets[i]));
	object = jv_object_set(object, jv_string("--buckets"), list);
	list = jv_array();
	for (i = 0; i < options->ratio_count; i++) {
		pp_buffer_clear(&text);
		pp_buffer_printf(&text, "%s=", options->ratios[i].name);
		selector_text(&text, &options->ratios[i].numerator);
		pp_buffer_append_char(&text, '/');
		selector_text(&text, &options->ratios[i].denominator);
		list = jv_array_append(list, jv_string(text.data));
	}
	object = jv_object_set(object, jv_string("--ratio"), list);
	object = jv_object_set(object, jv_string("--where"), options->where != NULL ?
	    jv_string(options->where) : jv_string("(none)"));
	object = jv_object_set(object, jv_string("--accuracy"), options->accuracy > 0 ?
	    jv_number(options->accuracy) : jv_string("(exact)"));
	object = jv_object_set(object, jv_string("--max-buckets"),
	    jv_number((double)options->max_buckets));
	pp_buffer_free(&text);
	return object;
}

/* ---- writing ---- */

/* The states' lines, sorted before writing, so that the file does not
 * depend on hash order: the same windows give the same bytes. */
typedef struct writing {
	const aggregate_options *options;
	char **lines;
	size_t count;
} writing;

static void
write_state(const group_state *state, const series_identity *series, bool closing,
    void *context)
{
	writing *w = context;
	jv object = state_save(state, series, w->options);
	pp_buffer line = PP_BUFFER_INIT;

	if (closing)
		object = jv_object_set(object, jv_string("closing"), jv_true());
	pp_json_write_value(&line, object);
	pp_buffer_append_char(&line, '\n');
	jv_free(object);
	w->lines = pp_xrealloc(w->lines, (w->count + 1) * sizeof(char *));
	w->lines[w->count++] = line.data;	/* owned from here */
}

static int
compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
count_state(const group_state *state, const series_identity *series, bool closing,
    void *context)
{
	(void)state;
	(void)series;
	(void)closing;
	(*(size_t *)context)++;
}

static jv
clock_to_jv(const aggregator_clock *clock)
{
	jv object = jv_object();
	jv watermark = jv_array_append(jv_array_append(jv_array(),
	    jv_bool(clock->watermark.seen)), saved_number(clock->watermark.max_ts));

	object = jv_object_set(object, jv_string("watermark"), watermark);
	object = jv_object_set(object, jv_string("closed_until"),
	    saved_number(clock->closed_until));
	object = jv_object_set(object, jv_string("next_end"), saved_number(clock->next_end));
	if (clock->input.known)
		object = jv_object_set(object, jv_string("input"), jv_array_append(
		    jv_array_append(jv_array(), saved_number(clock->input.first)),
		    saved_number(clock->input.last)));
	return object;
}

void
carried_write(aggregate_options *options, aggregator *aggregator, pp_buffer *out)
{
	aggregator_clock clock;
	size_t count = 0;
	writing w = {options, NULL, 0};
	jv header = jv_object();

	aggregator_clock_get(aggregator, &clock);
	aggregator_each_state(aggregator, count_state, &count);
	header = jv_object_set(header, jv_string(MAGIC), jv_number(CARRIED_VERSION));
	header = jv_object_set(header, jv_string("options"), fingerprint(options));
	header = jv_object_set(header, jv_string("clock"), clock_to_jv(&clock));
	header = jv_object_set(header, jv_string("states"), jv_number((double)count));
	pp_json_write_value(out, header);
	pp_buffer_append_char(out, '\n');
	jv_free(header);
	aggregator_each_state(aggregator, write_state, &w);
	if (w.count > 0)
		qsort(w.lines, w.count, sizeof(char *), compare_lines);
	for (size_t i = 0; i < w.count; i++) {
		pp_buffer_append_string(out, w.lines[i]);
		free(w.lines[i]);
	}
	free(w.lines);
	pp_buffer_printf(out, "{\"end\":%zu}\n", w.count);
}

/* ---- reading ---- */

typedef struct loading {
	aggregate_options *options;
	const char *path;
	long line;
} loading;

static int
corrupt(loading *l, const char *format, const char *detail)
{
	char reason[600];

	snprintf(reason, sizeof(reason), format, detail);
	for (char *p = reason; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';	/* one line per diagnostic */
	tool_warn(&l->options->tool, "%s:%ld: %s; the state is left as it is (move it "
	    "away to start afresh)", l->path, l->line, reason);
	return PP_EXIT_INPUT;
}

/* Parses one line; JV_KIND_INVALID with a message on failure. */
static jv
parse_line(loading *l, const char *line, size_t length, int *status)
{
	jv value = jv_parse_sized(line, (int)length);

	*status = 0;
	if (!jv_is_valid(value)) {
		char shown[300];

		*status = corrupt(l, "not JSON (%s)",
		    pp_json_parse_message(value, "?", shown, sizeof(shown)));
		return jv_invalid();
	}
	if (jv_get_kind(value) != JV_KIND_OBJECT) {
		jv_free(value);
		*status = corrupt(l, "%s", "not a JSON object");
		return jv_invalid();
	}
	return value;
}

/* Compares the saved options with this run's, naming the first that
 * differs. */
static int
check_options(loading *l, jv saved)
{
	jv mine = fingerprint(l->options);
	int status = 0;

	if (jv_get_kind(saved) != JV_KIND_OBJECT) {
		jv_free(mine);
		jv_free(saved);
		return corrupt(l, "%s is missing", "\"options\"");
	}
	jv_object_foreach(mine, key, value) {	/* borrows mine */
		jv theirs = jv_object_get(jv_copy(saved), jv_copy(key));

		if (status == 0 && !jv_equal(jv_copy(value), jv_copy(theirs))) {
			pp_buffer was = PP_BUFFER_INIT, now = PP_BUFFER_INIT;

			pp_json_write_value(&was, theirs);
			pp_json_write_value(&now, value);
			tool_warn(&l->options->tool, "%s: the state was made with other options "
			    "(%s: %s there, %s in this run); rerun with that state's options, "
			    "or use another --state file", l->path, jv_string_value(key),
			    jv_is_valid(theirs) ? was.data : "absent", now.data);
			pp_buffer_free(&was);
			pp_buffer_free(&now);
			status = PP_EXIT_USAGE;
		}
		jv_free(theirs);
		jv_free(key);
		jv_free(value);
	}
	jv_free(mine);
	jv_free(saved);
	return status;
}

static bool
pair_read(jv list, double *first, double *second)
{
	bool ok = jv_get_kind(list) == JV_KIND_ARRAY && jv_array_length(jv_copy(list)) == 2;

	if (ok) {
		jv a = jv_array_get(jv_copy(list), 0), b = jv_array_get(jv_copy(list), 1);

		ok = saved_number_read(a, first) && saved_number_read(b, second);
		jv_free(a);
		jv_free(b);
	}
	jv_free(list);
	return ok;
}

static bool
clock_read(jv object, aggregator_clock *clock, const aggregate_options *options)
{
	jv watermark, seen, input, closed, next;
	double max_ts = 0, first, last;
	bool ok;

	if (jv_get_kind(object) != JV_KIND_OBJECT) {
		jv_free(object);
		return false;
	}
	watermark = jv_object_get(jv_copy(object), jv_string("watermark"));
	seen = jv_get_kind(watermark) == JV_KIND_ARRAY ?
	    jv_array_get(jv_copy(watermark), 0) : jv_invalid();
	closed = jv_object_get(jv_copy(object), jv_string("closed_until"));
	next = jv_object_get(jv_copy(object), jv_string("next_end"));
	input = jv_object_get(jv_copy(object), jv_string("input"));
	pp_watermark_init(&clock->watermark, options->lateness);
	ok = (jv_get_kind(seen) == JV_KIND_TRUE || jv_get_kind(seen) == JV_KIND_FALSE) &&
	    jv_array_length(jv_copy(watermark)) == 2;
	if (ok) {
		jv value = jv_array_get(jv_copy(watermark), 1);

		ok = saved_number_read(value, &max_ts) && !isnan(max_ts);
		jv_free(value);
	}
	clock->watermark.seen = jv_get_kind(seen) == JV_KIND_TRUE;
	clock->watermark.max_ts = max_ts;
	ok = ok && saved_number_read(closed, &clock->closed_until) &&
	    !isnan(clock->closed_until) &&
	    saved_number_read(next, &clock->next_end) && !isnan(clock->next_end);
	clock->input.known = jv_is_valid(input) && jv_get_kind(input) != JV_KIND_NULL;
	if (ok && clock->input.known) {
		ok = pair_read(jv_copy(input), &first, &last) && isfinite(first) && isfinite(last);
		clock->input.first = first;
		clock->input.last = last;
	}
	jv_free(watermark);
	jv_free(seen);
	jv_free(closed);
	jv_free(next);
	jv_free(input);
	jv_free(object);
	return ok;
}

/* The header: version, options, clock; *count set to the states that
 * follow. */
static int
load_header(loading *l, jv header, aggregator *aggregator, size_t *count)
{
	jv version = jv_object_get(jv_copy(header), jv_string(MAGIC));
	jv states = jv_object_get(jv_copy(header), jv_string("states"));
	aggregator_clock clock;
	int status = 0;
	double n;

	if (jv_get_kind(version) != JV_KIND_NUMBER)
		status = corrupt(l, "%s", "not a perf-aggregate state file");
	else if (jv_number_value(version) != CARRIED_VERSION) {
		char text[160];

		snprintf(text, sizeof(text), "version %g of the state file; this "
		    "perf-aggregate reads version %d", jv_number_value(version), CARRIED_VERSION);
		status = corrupt(l, "%s", text);
	} else if (jv_get_kind(states) != JV_KIND_NUMBER || (n = jv_number_value(states)) < 0 ||
	    n != floor(n) || n > 1e15)
		status = corrupt(l, "%s is not a count", "\"states\"");
	else if ((status = check_options(l, jv_object_get(jv_copy(header),
	    jv_string("options")))) == 0) {
		if (!clock_read(jv_object_get(jv_copy(header), jv_string("clock")), &clock,
		    l->options))
			status = corrupt(l, "%s is not a valid clock", "\"clock\"");
		else {
			aggregator_clock_set(aggregator, &clock);
			*count = (size_t)n;
		}
	}
	jv_free(version);
	jv_free(states);
	jv_free(header);
	return status;
}

static int
load_state(loading *l, jv object, aggregator *aggregator)
{
	pp_error error = {NULL, 0, ""};
	jv closing = jv_object_get(jv_copy(object), jv_string("closing"));
	loose_state *state = state_restore(object, l->options, &error);
	const char *why = NULL;
	int status = 0;

	if (state == NULL)
		status = corrupt(l, "%s", error.message);
	else if (!aggregator_restore(aggregator, state, jv_get_kind(closing) == JV_KIND_TRUE,
	    &why))
		status = corrupt(l, "%s", why);
	jv_free(closing);
	jv_free(object);
	return status;
}

static int
load_end(loading *l, jv object, size_t count)
{
	jv end = jv_object_get(jv_copy(object), jv_string("end"));
	int status = 0;

	if (jv_get_kind(end) != JV_KIND_NUMBER || jv_number_value(end) != (double)count)
		status = corrupt(l, "%s", "not the end line the header announces (a truncated "
		    "or corrupted file)");
	jv_free(end);
	jv_free(object);
	return status;
}

int
carried_load(aggregate_options *options, const char *path, const char *text, size_t length,
    aggregator *aggregator)
{
	loading l = {options, path, 0};
	size_t count = 0, loaded = 0, at = 0;
	bool ended = false;
	int status = 0;

	if (length == 0)
		return corrupt(&l, "%s", "the file is empty");
	while (status == 0 && at < length) {
		const char *newline = memchr(text + at, '\n', length - at);
		size_t line_length;
		jv object;

		if (newline == NULL) {
			l.line++;
			return corrupt(&l, "%s", "the last line is cut short (a truncated file)");
		}
		line_length = (size_t)(newline - (text + at));
		l.line++;
		if (ended)
			return corrupt(&l, "%s", "a line after the end line");
		if (line_length > (size_t)INT32_MAX)
			return corrupt(&l, "%s", "a line too long");
		object = parse_line(&l, text + at, line_length, &status);
		at += line_length + 1;
		if (status != 0)
			break;
		if (l.line == 1)
			status = load_header(&l, object, aggregator, &count);
		else if (loaded < count) {
			status = load_state(&l, object, aggregator);
			loaded++;
		} else {
			status = load_end(&l, object, count);
			ended = true;
		}
	}
	if (status == 0 && !ended)
		status = corrupt(&l, "%s", "the end line is missing (a truncated file)");
	return status;
}

int
carried_open(aggregate_options *options, carried *state, aggregator *aggregator)
{
	pp_buffer text = PP_BUFFER_INIT;
	bool missing = false;
	int status;

	state->path = options->state_path;
	state->lock = -1;
	if (state->path == NULL)
		return 0;
	if (!tool_state_path_ok(&options->tool, state->path))
		return PP_EXIT_INPUT;
	if ((status = state_lock(&options->tool, state->path, 0, &state->lock)) != 0)
		return status;
	status = state_read(&options->tool, state->path, &text, &missing);
	if (status == 0 && !missing)
		status = carried_load(options, state->path, text.data != NULL ? text.data : "",
		    text.length, aggregator);
	pp_buffer_free(&text);
	return status;
}

/* Whether a file output (-o FILE, or stdout redirected to a file) is on
 * disk; anything else (a pipe, a terminal) was flushed, which is all
 * there is. */
static bool
output_synced(pp_tool *tool)
{
	struct stat status;
	int descriptor = fileno(tool->output);

	if (descriptor < 0 || fstat(descriptor, &status) != 0 || !S_ISREG(status.st_mode))
		return true;
	if (fsync(descriptor) == 0 || errno == EINVAL || errno == EROFS)
		return true;
	tool->output_error = errno;
	return false;
}

int
carried_commit(aggregate_options *options, carried *state, aggregator *aggregator,
    int status)
{
	pp_tool *tool = &options->tool;
	pp_buffer text = PP_BUFFER_INIT;
	bool delivered;

	if (state->path == NULL)
		return status;
	/* Everything the state accounts for must have reached the reader. */
	delivered = tool_end_batch(tool) && tool_output_ok(tool) && output_synced(tool);
	if (!delivered || status != 0 || tool->exit_status != 0 || tool_interrupted()) {
		tool_warn(tool, "%s: not advanced: this run did not end cleanly%s; a rerun "
		    "over the same input loses nothing (its output may repeat what this run "
		    "wrote)", state->path, !delivered ? " (its output was not all written)" :
		    tool_interrupted() ? " (a signal)" : "");
		return status != 0 ? status : PP_EXIT_INPUT;
	}
	carried_write(options, aggregator, &text);
	if (!state_replace(tool, state->path, text.data, text.length))
		status = PP_EXIT_INPUT;
	pp_buffer_free(&text);
	return status;
}

void
carried_close(carried *state)
{
	if (state->lock >= 0)
		close(state->lock);	/* releases the lock */
	state->lock = -1;
}
