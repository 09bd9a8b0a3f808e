/*
 * replay.c - `perf-collect replay DIR`: the records a --store kept, in
 * order.
 *
 * Day files are read in name order (their names are dates), each line as
 * it was written; --since and --until keep the records whose time ("ts",
 * or "end", "start", "triggered_at" for other kinds) falls in the range;
 * records without a time are kept.  Memory: the list of file names.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "jq_map.h"
#include "pp_duration.h"
#include "pp_time.h"

typedef struct replay_options {
	collect c;		/* first: the shared children's input */
	const char *dir;
	double since, until;
	bool has_since, has_until;
} replay_options;

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The time of a record line, if it has one. */
static bool
record_time(const char *line, size_t length, double *ts)
{
	static const char *const keys[] = {"ts", "end", "start", "triggered_at"};
	jv record = jv_parse_sized(line, (int)length);
	bool found = false;
	size_t i;

	for (i = 0; !found && jv_get_kind(record) == JV_KIND_OBJECT && i < 4; i++) {
		jv value = jv_object_get(jv_copy(record), jv_string(keys[i]));

		if (jv_get_kind(value) == JV_KIND_NUMBER) {
			*ts = jv_number_value(value);
			found = true;
		} else if (jv_get_kind(value) == JV_KIND_STRING) {
			found = pp_time_parse_rfc3339(jv_string_value(value),
			    (size_t)jv_string_length_bytes(jv_copy(value)), ts, NULL) == PP_OK;
		}
		jv_free(value);
	}
	jv_free(record);
	return found;
}

/* --tag on replay: points get the tags, other records pass unchanged. */
static void
retag(replay_options *o, pp_reader *reader, const char *line, size_t length)
{
	jv record = jv_parse_sized(line, (int)length);
	pp_error error = {pp_reader_name(reader), pp_reader_line_number(reader), ""};

	if (jv_get_kind(record) == JV_KIND_OBJECT && pp_record_kind(record) == PP_KIND_POINT) {
		if (collect_emit_object(&o->c, record, &error) != PP_OK)
			tool_reject(&o->c.tool, &error, line, length);
		return;
	}
	jv_free(record);
	tool_pass_line(&o->c.tool, line, length);
}

static bool
replay_line(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *context)
{
	replay_options *o = context;
	double ts;

	if (length == 0)
		return true;
	if ((o->has_since || o->has_until) && record_time(line, length, &ts) &&
	    ((o->has_since && ts < o->since) || (o->has_until && ts >= o->until)))
		return true;
	if (o->c.extra_tags.count > 0)
		retag(o, reader, line, length);
	else
		tool_pass_line(tool, line, length);
	return true;
}

static int
run_replay(void *input)
{
	replay_options *o = input;
	DIR *directory = opendir(o->dir);
	struct dirent *item;
	char **names = NULL;
	size_t count = 0;
	unsigned year, month, day;
	int consumed;

	if (directory == NULL) {
		tool_warn(&o->c.tool, "%s: cannot open the store", o->dir);
		return PP_EXIT_INPUT;
	}
	while ((item = readdir(directory)) != NULL) {
		consumed = 0;
		if (sscanf(item->d_name, "%4u-%2u-%2u.ndjson%n", &year, &month, &day, &consumed) != 3 ||
		    consumed != 17)
			continue;
		names = pp_xrealloc(names, (count + 1) * sizeof(*names));
		names[count] = pp_xmalloc(strlen(o->dir) + strlen(item->d_name) + 2);
		sprintf(names[count++], "%s/%s", o->dir, item->d_name);
	}
	closedir(directory);
	qsort(names, count, sizeof(*names), compare_names);
	if (count > 0)	/* none: an empty store, not standard input */
		tool_read_inputs(&o->c.tool, names, (int)count, replay_line, o);
	pp_strings_free(names, count);
	return 0;
}

/* --since DURATION (before now) or a time: RFC 3339 or epoch seconds. */
static bool
parse_time(replay_options *o, const char *option, const char *text, bool allow_duration,
    double *ts)
{
	char *end;
	double seconds;

	if (pp_time_parse_rfc3339(text, strlen(text), ts, NULL) == PP_OK)
		return true;
	*ts = strtod(text, &end);
	if (end != text && *end == '\0' && *ts > 1e8)
		return true;	/* epoch seconds */
	if (allow_duration && pp_duration_parse(text, &seconds, NULL) == PP_OK) {
		*ts = pp_time_now() - seconds;
		return true;
	}
	tool_usage_error(&o->c.tool, "%s: \"%s\" is not a %stime", option, text,
	    allow_duration ? "duration or a " : "");
	return false;
}

enum { OPTION_SINCE = 0x3000, OPTION_UNTIL };

static const struct argp_option replay_argp_options[] = {
	{"since", OPTION_SINCE, "DURATION|TIME", 0,
	    "Only records from TIME on, or from DURATION ago", 0},
	{"until", OPTION_UNTIL, "TIME", 0, "Only records before TIME", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static error_t
parse_replay(int key, char *argument, struct argp_state *state)
{
	replay_options *o = state->input;

	switch (key) {
	case OPTION_SINCE:
		if (!parse_time(o, "--since", argument, true, &o->since))
			exit(PP_EXIT_USAGE);
		o->has_since = true;
		return 0;
	case OPTION_UNTIL:
		if (!parse_time(o, "--until", argument, false, &o->until))
			exit(PP_EXIT_USAGE);
		o->has_until = true;
		return 0;
	case ARGP_KEY_ARG:
		if (o->dir != NULL)
			exit(tool_usage_error(&o->c.tool, "one store directory only"));
		o->dir = argument;
		return 0;
	case ARGP_KEY_END:
		if (o->dir == NULL)
			exit(tool_usage_error(&o->c.tool, "the store directory is missing"));
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

const collect_command collect_replay_command = {
	sizeof(replay_options), {replay_argp_options, NULL, parse_replay, "DIR",
	"Write the records a --store kept in DIR, in order.", 0,
	    &collect_argp, 0}, true,
	NULL, run_replay, NULL,
};
