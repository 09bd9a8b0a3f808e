/*
 * jq_map.c - running a --map jq program per input.  See jq_map.h.
 */
#include "jq_map.h"

#include <jq.h>
#include <stdlib.h>
#include <string.h>

#include "pp_json.h"

struct jq_map {
	collect *c;
	jq_state *jq;
	pp_buffer messages;	/* jq's compile messages */
	pp_tags tags;
};

static void
keep_message(void *data, jv message)
{
	jq_map *map = data;

	if (jv_get_kind(message) == JV_KIND_STRING) {
		if (map->messages.length > 0)
			pp_buffer_append_string(&map->messages, "; ");
		pp_buffer_append_string(&map->messages, jv_string_value(message));
	}
	jv_free(message);
}

jq_map *
jq_map_create(collect *c, const char *program)
{
	jq_map *map = pp_xcalloc(1, sizeof(*map));

	map->c = c;
	map->jq = jq_init();
	if (map->jq == NULL) {
		tool_warn(&c->tool, "--map: cannot start jq");
		free(map);
		return NULL;
	}
	jq_set_error_cb(map->jq, keep_message, map);
	if (!jq_compile(map->jq, program)) {
		tool_usage_error(&c->tool, "--map: %s", map->messages.length ?
		    map->messages.data : "the program does not compile");
		jq_map_free(map);
		return NULL;
	}
	return map;
}

pp_status
collect_emit_object(collect *c, jv object, pp_error *error)
{
	pp_point point;
	pp_tags tags = PP_TAGS_INIT;
	pp_status status;
	size_t i;

	if (jv_get_kind(object) != JV_KIND_OBJECT) {
		status = pp_error_set(error, PP_ERR_INVALID, "the map made a %s, not a point",
		    jv_kind_name(jv_get_kind(object)));
		jv_free(object);
		return status;
	}
	pp_point_init(&point);
	status = pp_point_from_jv(object, &point, error);
	if (status == PP_OK && pp_record_kind(object) == PP_KIND_POINT) {
		if (point.has_ts)
			object = jv_object_set(object, jv_string("ts"), jv_number(point.ts));
		if (c->extra_tags.count > 0) {
			for (i = 0; i < point.tags.count; i++)
				pp_tags_set(&tags, point.tags.items[i].key, point.tags.items[i].value);
			collect_add_extra_tags(c, &tags);
			object = jv_object_set(object, jv_string("tags"), pp_tags_to_jv(&tags));
		}
		pp_json_write_record(tool_out(&c->tool), object);
		c->tool.records_out++;
	} else if (status == PP_OK) {
		status = pp_error_set(error, PP_ERR_INVALID, "the map made a record that is not a point");
	}
	pp_tags_free(&tags);
	pp_point_free(&point);
	jv_free(object);
	return status;
}

pp_status
jq_map_run(jq_map *map, jv input, pp_error *error)
{
	pp_status status = PP_OK;
	jv result;

	jq_start(map->jq, input, 0);
	while (jv_is_valid(result = jq_next(map->jq))) {
		if (status == PP_OK)
			status = collect_emit_object(map->c, result, error);
		else
			jv_free(result);
	}
	if (jv_invalid_has_msg(jv_copy(result))) {
		jv message = jv_invalid_get_msg(result);

		if (status == PP_OK)
			status = pp_error_set(error, PP_ERR_INVALID, "--map: %s",
			    jv_get_kind(message) == JV_KIND_STRING ? jv_string_value(message) :
			    "jq error");
		jv_free(message);
	} else {
		jv_free(result);
	}
	return status;
}

void
jq_map_free(jq_map *map)
{
	if (map == NULL)
		return;
	jq_teardown(&map->jq);
	pp_buffer_free(&map->messages);
	pp_tags_free(&map->tags);
	free(map);
}
