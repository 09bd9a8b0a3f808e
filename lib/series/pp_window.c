/*
 * pp_window.c - window assignment, windows in JSON, sessions and the
 * watermark.  See pp_window.h.
 */
#include "pp_window.h"

#include <math.h>
#include <string.h>

#include "pp_record.h"

double
pp_window_align(double ts, double size)
{
	double start = floor(ts / size) * size;

	/* ts / size rounds: nudge so that start <= ts < start + size. */
	if (start > ts)
		start -= size;
	else if (start + size <= ts)
		start += size;
	return start;
}

double
pp_window_end(const pp_window_spec *spec, double start)
{
	return start + spec->size;
}

size_t
pp_window_assign(const pp_window_spec *spec, double ts, double *starts)
{
	double last, start;
	size_t n = 0;

	if (spec->type == PP_WINDOW_TUMBLING) {
		starts[0] = pp_window_align(ts, spec->size);
		return 1;
	}
	/* Sliding: every multiple of step in (ts - size, ts]. */
	last = pp_window_align(ts, spec->step);
	start = last;
	while (n < PP_WINDOW_MAX_OVERLAP && start + spec->size > ts) {
		start -= spec->step;
		n++;
	}
	/* n windows, the last starting at last: list them ascending. */
	for (size_t i = 0; i < n; i++)
		starts[i] = last - (double)(n - 1 - i) * spec->step;
	return n;
}

jv
pp_window_to_jv(const pp_window_spec *spec)
{
	jv object = jv_object();

	switch (spec->type) {
	case PP_WINDOW_ALL:
		return jv_object_set(object, jv_string("type"), jv_string("all"));
	case PP_WINDOW_TUMBLING:
		object = jv_object_set(object, jv_string("type"), jv_string("tumbling"));
		return jv_object_set(object, jv_string("size"), jv_number(spec->size));
	case PP_WINDOW_SLIDING:
		object = jv_object_set(object, jv_string("type"), jv_string("sliding"));
		object = jv_object_set(object, jv_string("size"), jv_number(spec->size));
		return jv_object_set(object, jv_string("step"), jv_number(spec->step));
	case PP_WINDOW_SESSION:
		object = jv_object_set(object, jv_string("type"), jv_string("session"));
		return jv_object_set(object, jv_string("gap"), jv_number(spec->gap));
	}
	return object;
}

pp_status
pp_window_from_jv(jv object, pp_window_spec *spec, pp_error *error)
{
	jv type;
	const char *name;
	pp_status status = PP_OK;

	memset(spec, 0, sizeof(*spec));
	if (jv_get_kind(object) != JV_KIND_OBJECT)
		return pp_error_set(error, PP_ERR_INVALID, "\"window\" is not an object");
	type = jv_object_get(jv_copy(object), jv_string("type"));
	name = jv_get_kind(type) == JV_KIND_STRING ? jv_string_value(type) : "";
	spec->size = pp_record_number(object, "size");
	spec->step = pp_record_number(object, "step");
	spec->gap = pp_record_number(object, "gap");
	if (strcmp(name, "all") == 0)
		spec->type = PP_WINDOW_ALL;
	else if (strcmp(name, "tumbling") == 0 && spec->size > 0)
		spec->type = PP_WINDOW_TUMBLING;
	else if (strcmp(name, "sliding") == 0 && spec->size > 0 && spec->step > 0)
		spec->type = PP_WINDOW_SLIDING;
	else if (strcmp(name, "session") == 0 && spec->gap > 0)
		spec->type = PP_WINDOW_SESSION;
	else
		status = pp_error_set(error, PP_ERR_INVALID, "\"window\" is not a valid window");
	jv_free(type);
	return status;
}

bool
pp_session_continues(const pp_session *session, double gap, double ts)
{
	return ts > session->start - gap && ts < session->last + gap;
}

void
pp_session_extend(pp_session *session, double ts)
{
	if (ts < session->start)
		session->start = ts;
	if (ts > session->last)
		session->last = ts;
}

double
pp_session_end(const pp_session *session, double gap)
{
	return session->last + gap;
}

void
pp_watermark_init(pp_watermark *watermark, double lateness)
{
	watermark->lateness = lateness;
	watermark->max_ts = -INFINITY;
	watermark->seen = false;
}

void
pp_watermark_observe(pp_watermark *watermark, double ts)
{
	if (!watermark->seen || ts > watermark->max_ts)
		watermark->max_ts = ts;
	watermark->seen = true;
}

double
pp_watermark_value(const pp_watermark *watermark)
{
	return watermark->seen ? watermark->max_ts - watermark->lateness : -INFINITY;
}

