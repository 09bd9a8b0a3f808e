/*
 * collect.c - the options and the point writer every perf-collect
 * subcommand shares.  See collect.h.
 */
#include "collect.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pp_json.h"
#include "pp_time.h"
#include "store.h"

enum { OPTION_TAG = 0x2000, OPTION_STORE, OPTION_RETENTION, OPTION_STORE_BUFFER };

static const struct argp_option collect_options[] = {
	{"tag", OPTION_TAG, "KEY=VALUE", 0,
	    "Add the tag KEY=VALUE to every point (repeatable; wins over a tag "
	    "of the same key from the source)", -2},
	{"store", OPTION_STORE, "DIR", 0,
	    "Also append every record to DIR/YYYY-MM-DD.ndjson (UTC day)", -2},
	{"retention", OPTION_RETENTION, "DURATION", 0,
	    "With --store, delete day files older than DURATION (default: keep all)", -2},
	{"store-buffer", OPTION_STORE_BUFFER, "N", 0,
	    "While the store cannot be written, hold up to N records in memory and "
	    "retry at each batch; beyond N the oldest are dropped and counted (default 10000)", -2},
	{NULL, 0, NULL, 0, NULL, 0},
};

bool
collect_split_pair(char *text, char **key, char **value)
{
	char *equals = strchr(text, '=');

	if (equals == NULL || equals == text)
		return false;
	*equals = '\0';
	*key = text;
	*value = equals + 1;
	return true;
}

static error_t
parse_collect(int key, char *argument, struct argp_state *state)
{
	collect *c = state->input;
	char *tag_key = NULL, *tag_value = NULL;

	if (key == OPTION_STORE) {
		c->store_dir = argument;
		return 0;
	}
	if (key == OPTION_STORE_BUFFER) {
		if (!tool_parse_whole(&c->tool, "--store-buffer", argument, 0, 1e9,
		    &c->store_buffer))
			exit(PP_EXIT_USAGE);
		return 0;
	}
	if (key == OPTION_RETENTION) {
		if (!tool_parse_duration(&c->tool, "--retention", argument, false, &c->retention))
			exit(PP_EXIT_USAGE);
		return 0;
	}
	if (key != OPTION_TAG)
		return ARGP_ERR_UNKNOWN;
	if (!collect_split_pair(argument, &tag_key, &tag_value))
		exit(tool_usage_error(&c->tool, "--tag: \"%s\" is not KEY=VALUE", argument));
	pp_tags_set(&c->extra_tags, tag_key, tag_value);
	return 0;
}

const struct argp collect_argp = {collect_options, parse_collect, NULL, NULL,
	NULL, NULL, NULL};

enum { OPTION_PROC = 0x2010 };

static const struct argp_option sampler_options[] = {
	{"interval", 'i', "DURATION", 0, "Sample every DURATION (default 1s)", 0},
	{"proc", OPTION_PROC, "DIR", 0, "Read DIR instead of /proc", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static const tool_field sampler_fields[] = {
	{'i', "--interval", TOOL_FIELD_DURATION, offsetof(sampler, interval), 0, 0},
	{OPTION_PROC, "--proc", TOOL_FIELD_STRING, offsetof(sampler, proc), 0, 0},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_sampler(int key, char *argument, struct argp_state *state)
{
	sampler *s = state->input;

	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = &s->c;
		s->interval = 1;
		s->proc = "/proc";
		return 0;
	}
	return tool_store_option(&s->c.tool, sampler_fields, s, key, argument) ? 0 :
	    ARGP_ERR_UNKNOWN;
}

static const struct argp_child sampler_children[] = {
	{&collect_argp, 0, NULL, 0},
	{NULL, 0, NULL, 0},
};

const struct argp sampler_argp = {sampler_options, parse_sampler, NULL, NULL,
	sampler_children, NULL, NULL};

void
collect_init(collect *c, const char *program)
{
	memset(c, 0, sizeof(*c));
	tool_init(&c->tool, program);
	c->store_buffer = 10000;
}

void
collect_free(collect *c)
{
	pp_tags_free(&c->extra_tags);
	pp_tags_free(&c->scratch);
	pp_buffer_free(&c->prepared);
	for (size_t i = 0; i < COLLECT_HEADS; i++) {
		pp_buffer_free(&c->heads[i].before_value);
		pp_buffer_free(&c->heads[i].after_ts);
	}
	pp_buffer_free(&c->head_ts_text);
}

void
collect_add_extra_tags(collect *c, pp_tags *tags)
{
	size_t i;

	for (i = 0; i < c->extra_tags.count; i++)
		pp_tags_set(tags, c->extra_tags.items[i].key, c->extra_tags.items[i].value);
}

/* c->scratch becomes tags (none when NULL) with the --tag pairs over them. */
static void
fill_scratch_tags(collect *c, const pp_tags *tags)
{
	size_t i;

	pp_tags_clear(&c->scratch);
	if (tags != NULL)
		for (i = 0; i < tags->count; i++)
			pp_tags_set(&c->scratch, tags->items[i].key, tags->items[i].value);
	collect_add_extra_tags(c, &c->scratch);
}

double
collect_input_time(collect *c)
{
	if (c->input_ts == 0)
		c->input_ts = round(pp_time_now() * 1e6) / 1e6;
	return c->input_ts;
}

/* A point of these fields and no tags. */
static pp_point
untagged_point(const char *name, double value, bool has_ts, double ts,
    pp_point_type type, const char *unit)
{
	pp_point point;

	memset(&point, 0, sizeof(point));
	point.name = name;
	point.value = value;
	point.has_ts = has_ts;
	point.ts = ts;
	point.type = type;
	point.unit = unit;
	return point;
}

void
collect_emit(collect *c, const char *name, double value, bool has_ts,
    double ts, pp_point_type type, const char *unit, const pp_tags *tags)
{
	pp_point point = untagged_point(name, value, has_ts, ts, type, unit);

	fill_scratch_tags(c, tags);
	point.tags = c->scratch;
	pp_point_write(tool_out(&c->tool), &point);
	c->tool.records_out++;
}

/* The tags are written by the piece of pp_point_write that writes them,
 * so that a prepared point is byte for byte what collect_emit writes. */
void
collect_prepare_tags(collect *c, const pp_tags *tags)
{
	pp_buffer_clear(&c->prepared);
	if (c->extra_tags.count == 0 && tags != NULL) {
		pp_point_write_tags(&c->prepared, tags);
		return;
	}
	fill_scratch_tags(c, tags);
	pp_point_write_tags(&c->prepared, &c->scratch);
}

static bool
same_text(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The fixed bytes of a point of this name, type and unit: found among
 * those kept (compared by content, since a caller may reuse its
 * strings), else written by pp_point_write's own pieces into the slots
 * in turn. */
static const struct collect_head *
point_head(collect *c, const char *name, pp_point_type type, const char *unit)
{
	struct collect_head *head;
	size_t i;

	for (i = 0; i < COLLECT_HEADS; i++) {
		head = &c->heads[i];
		if (head->name != NULL && head->type == type && same_text(head->name, name) &&
		    same_text(head->unit, unit))
			return head;
	}
	head = &c->heads[c->next_head];
	c->next_head = (c->next_head + 1) % COLLECT_HEADS;
	head->name = name;
	head->unit = unit;
	head->type = type;
	pp_buffer_clear(&head->before_value);
	pp_point_write_name(&head->before_value, name);
	pp_buffer_append_string(&head->before_value, ",\"value\":");
	pp_buffer_clear(&head->after_ts);
	pp_point_write_kind(&head->after_ts, type, unit);
	return head;
}

void
collect_emit_prepared(collect *c, const char *name, double value, bool has_ts,
    double ts, pp_point_type type, const char *unit)
{
	pp_buffer *out = tool_out(&c->tool);
	const struct collect_head *head = point_head(c, name, type, unit);

	if (has_ts && (c->head_ts_text.length == 0 || ts != c->head_ts ||
	    signbit(ts) != signbit(c->head_ts))) {
		pp_buffer_clear(&c->head_ts_text);
		pp_buffer_append_string(&c->head_ts_text, ",\"ts\":");
		pp_json_write_number(&c->head_ts_text, ts);
		c->head_ts = ts;
	}
	pp_buffer_reserve(out, head->before_value.length + 32 + c->head_ts_text.length +
	    head->after_ts.length + c->prepared.length + 2);
	pp_buffer_append(out, head->before_value.data, head->before_value.length);
	pp_json_write_number(out, value);
	if (has_ts)
		pp_buffer_append(out, c->head_ts_text.data, c->head_ts_text.length);
	pp_buffer_append(out, head->after_ts.data, head->after_ts.length);
	pp_buffer_append(out, c->prepared.data, c->prepared.length);
	pp_buffer_append(out, "}\n", 2);
	c->tool.records_out++;
}

static int
collect_start_output(collect *c)
{
	int status = tool_open(&c->tool);

	if (status == 0 && c->store_dir != NULL)
		status = store_open(c);
	return status;
}

int
collect_run(const collect_command *command, int argc, char **argv)
{
	const char *space = strchr(argv[0], ' ');	/* "perf-collect system" */
	collect *c = calloc(1, command->size);
	int status;

	if (c == NULL) {
		fprintf(stderr, "perf-collect: out of memory allocating %zu bytes\n",
		    command->size);
		return PP_EXIT_INPUT;
	}
	collect_init(c, "perf-collect");
	c->tool.self.subcommand = space != NULL ? space + 1 : NULL;
	tool_parse_command_line(&command->line, argc, argv, c);
	status = command->prepare != NULL ? command->prepare(c) : 0;
	if (status != 0) {
		if (command->release != NULL)
			command->release(c);
		collect_free(c);
		free(c);
		return status;
	}
	status = command->without_store ? tool_open(&c->tool) : collect_start_output(c);
	if (status == 0)
		status = command->run(c);
	status = tool_finish(&c->tool, status);
	if (command->release != NULL)
		command->release(c);
	collect_free(c);
	free(c);
	return status;
}
