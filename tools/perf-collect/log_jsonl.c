/*
 * log_jsonl.c - `--format jsonl`: lines that are already records.
 *
 * Points are validated by the library's reader (the same rules as every
 * other program), then written back with their "ts" as epoch seconds and
 * the --tag pairs added; fields the stream does not define are kept, as
 * design.md asks of anything that passes a record on.  Records of other
 * kinds pass through verbatim.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pp_json.h"

struct log_parser {
	log_options *options;
	pp_point point;
	pp_tags tags;
};

static log_parser *
jsonl_create(log_options *options)
{
	log_parser *p;

	if (options->log_format != NULL || options->tag_from_count > 0) {
		tool_usage_error(&options->c.tool,
		    "--log-format and --tag-from apply to --format nginx only");
		return NULL;
	}
	p = pp_xcalloc(1, sizeof(*p));
	p->options = options;
	pp_point_init(&p->point);
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
jsonl_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	pp_tool *tool = &p->options->c.tool;
	pp_error error = {source, number, ""};
	pp_kind kind;
	jv object;

	if (length == 0 || strspn(line, " \t") == length)
		return;		/* blank lines are not records */
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
	free(p);
}

const log_format log_format_jsonl = {"jsonl", jsonl_create, jsonl_line, NULL,
	jsonl_destroy};
