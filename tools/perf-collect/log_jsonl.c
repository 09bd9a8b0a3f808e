/*
 * log_jsonl.c - `--format jsonl`: lines that are already records.
 *
 * Points are validated by the library's reader (the same rules as every
 * other program), then written back with their "ts" as epoch seconds and
 * the --tag pairs added; fields the stream does not define are kept, as
 * design.md asks of anything that passes a record on.  Records of other
 * kinds pass through verbatim.  With --map, each line is any JSON value
 * and the jq program makes the points (jq_map.c).
 */
#include <stdlib.h>
#include <string.h>

#include "jq_map.h"
#include "log.h"
#include "pp_json.h"

struct log_parser {
	log_options *options;
	pp_point point;
	pp_tags tags;
	jq_map *map;		/* --map, or NULL */
};

static log_parser *
jsonl_create(log_options *options)
{
	log_parser *p;

	p = pp_xcalloc(1, sizeof(*p));
	p->options = options;
	pp_point_init(&p->point);
	if (options->map != NULL && (p->map = jq_map_create(&options->c, options->map)) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

/* The point as an object that keeps the line's own extra fields. */
static jv
point_object(log_parser *p, const char *line, size_t length)
{
	jv object = jv_get_kind(p->point.source) == JV_KIND_OBJECT ?
	    jv_copy(p->point.source) : jv_parse_sized(line, (int)length);
	size_t i;

	if (p->point.has_ts)
		object = jv_object_set(object, jv_string("ts"), jv_number(p->point.ts));
	if (p->options->c.extra_tags.count > 0) {
		pp_tags_clear(&p->tags);
		for (i = 0; i < p->point.tags.count; i++)
			pp_tags_set(&p->tags, p->point.tags.items[i].key,
			    p->point.tags.items[i].value);
		collect_add_extra_tags(&p->options->c, &p->tags);
		object = jv_object_set(object, jv_string("tags"), pp_tags_to_jv(&p->tags));
	}
	return object;
}

static void
map_line(log_parser *p, pp_error *error, const char *line, size_t length)
{
	jv input = jv_parse_sized(line, (int)length);

	if (!jv_is_valid(input)) {
		char message[sizeof(error->message)];

		pp_error_set(error, PP_ERR_PARSE, "malformed JSON: %s",
		    pp_json_parse_message(input, "", message, sizeof(message)));
		tool_reject(&p->options->c.tool, error, line, length);
		return;
	}
	if (jq_map_run(p->map, input, error) != PP_OK)
		tool_reject(&p->options->c.tool, error, line, length);
}

static void
jsonl_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	pp_tool *tool = &p->options->c.tool;
	pp_error error = {source, number, ""};
	pp_kind kind;
	jv object;

	if (length == 0 || strspn(line, " \t") == length)
		return;		/* blank lines are not records */
	if (p->map != NULL) {
		map_line(p, &error, line, length);
		return;
	}
	if (pp_record_read(line, length, &p->point, &kind, NULL, &error) != PP_OK) {
		error.source = source;
		error.line = number;
		tool_reject(tool, &error, line, length);
		return;
	}
	if (kind != PP_KIND_POINT) {
		tool_pass_line(tool, line, length);
		return;
	}
	object = point_object(p, line, length);
	pp_json_write_record(tool_out(tool), object);
	tool->records_out++;
	jv_free(object);
}

static void
jsonl_destroy(log_parser *p)
{
	pp_point_free(&p->point);
	pp_tags_free(&p->tags);
	jq_map_free(p->map);
	free(p);
}

const log_format log_format_jsonl = {"jsonl", jsonl_create, jsonl_line, NULL,
	jsonl_destroy};
