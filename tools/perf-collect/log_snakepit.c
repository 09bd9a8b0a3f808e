/*
 * log_snakepit.c - `--format snakepit`: Snakepit telemetry events.
 *
 * Reads the Elixir side's events, one JSON object per line
 *   {"event":"snakepit.request.executed","ts_ns":...,
 *    "measurements":{"duration_us":...},"metadata":{"pool":...,...}}
 * and the Python side's "TELEMETRY:{...}" stderr lines (other stderr
 * lines are not telemetry and are skipped).  Known events become the
 * perfpipe metrics of the Snakepit design; any other event passes as one
 * gauge per numeric measurement, snakepit.EVENT.MEASUREMENT, so nothing
 * is dropped.  The only state is the count of requests in flight per
 * worker (grpc_worker.execute.start/stop/exception), which grows with the
 * number of workers.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "name_map.h"
#include "pp_time.h"

struct log_parser {
	log_options *options;
	name_map active;	/* worker id -> requests in flight */
	pp_tags tags;
	pp_buffer text;		/* strings made from numbers, and names */
};

typedef struct event {
	const char *name;	/* without the "snakepit." prefix */
	jv measurements, metadata;
	double ts;
} event;

static double
measurement(const event *e, const char *key, bool *found)
{
	jv value = jv_get_kind(e->measurements) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(e->measurements), jv_string(key)) : jv_invalid();
	double number = 0;

	/* libjq reads 1e400 as infinity, which no point can carry */
	*found = jv_get_kind(value) == JV_KIND_NUMBER && isfinite(jv_number_value(value));
	if (*found)
		number = jv_number_value(value);
	jv_free(value);
	return number;
}

/* Metadata key as a string (numbers and booleans written as JSON would),
 * or NULL.  The string lives in e->metadata or in p->text until the next
 * call that clears p->text. */
static const char *
metadata(log_parser *p, const event *e, const char *key)
{
	jv value = jv_get_kind(e->metadata) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(e->metadata), jv_string(key)) : jv_invalid();
	const char *text = NULL;
	size_t start = p->text.length;

	switch (jv_get_kind(value)) {
	case JV_KIND_STRING:
		text = jv_string_value(value);	/* e->metadata still holds it */
		break;
	case JV_KIND_NUMBER:
		pp_buffer_printf(&p->text, "%.17g", jv_number_value(value));
		pp_buffer_append_char(&p->text, '\0');
		text = p->text.data + start;
		break;
	case JV_KIND_TRUE:
	case JV_KIND_FALSE:
		text = jv_get_kind(value) == JV_KIND_TRUE ? "true" : "false";
		break;
	default:
		break;
	}
	jv_free(value);
	return text;
}

static void
tag_from(log_parser *p, const event *e, const char *key, const char *tag)
{
	const char *value = metadata(p, e, key);

	if (value != NULL)
		pp_tags_set(&p->tags, tag, value);
}

static void
emit(log_parser *p, const event *e, const char *name, double value, pp_point_type type,
    const char *unit)
{
	collect_emit(&p->options->c, name, value, true, e->ts, type, unit, &p->tags);
}

/* request.executed: its duration, and one completed request by status. */
static void
request_executed(log_parser *p, const event *e)
{
	const char *success = metadata(p, e, "success");
	const char *status = metadata(p, e, "status");
	bool found;
	double duration = measurement(e, "duration_us", &found);

	tag_from(p, e, "pool", "pool");
	tag_from(p, e, "command", "command");
	if (found) {
		tag_from(p, e, "worker_id", "worker_id");
		emit(p, e, "request.duration", duration, PP_TYPE_TIMER, "us");
		pp_tags_remove(&p->tags, "worker_id");
	}
	if (status == NULL || (strcmp(status, "ok") != 0 && strcmp(status, "error") != 0 &&
	    strcmp(status, "aborted") != 0)) {
		const char *aborted = metadata(p, e, "aborted");

		status = aborted != NULL && strcmp(aborted, "true") == 0 ? "aborted" :
		    success != NULL && strcmp(success, "false") == 0 ? "error" : "ok";
	}
	pp_tags_set(&p->tags, "status", status);
	emit(p, e, "request.completed", 1, PP_TYPE_COUNTER, NULL);
}

/* pool.stats (workers, available, busy, queued) and pool.saturated. */
static void
pool_state(log_parser *p, const event *e, bool saturated)
{
	bool has_workers, has_busy, has_available, has_queued;
	double workers = measurement(e, "workers", &has_workers);
	double busy = measurement(e, "busy", &has_busy);
	double available = measurement(e, "available", &has_available);
	double queued = measurement(e, "queued", &has_queued);

	if (!has_queued)
		queued = measurement(e, "queue_depth", &has_queued);
	tag_from(p, e, "pool", "pool");
	if (has_queued)
		emit(p, e, "pool.queue_depth", queued, PP_TYPE_GAUGE, NULL);
	if (!has_busy && has_available && has_workers) {
		busy = workers - available;
		has_busy = true;
	}
	if (saturated)
		emit(p, e, "pool.capacity_utilization", 1, PP_TYPE_GAUGE, "ratio");
	else if (has_workers && has_busy && workers > 0)
		emit(p, e, "pool.capacity_utilization", busy / workers, PP_TYPE_GAUGE, "ratio");
}

/* grpc_worker.execute.start/stop/exception: requests in flight per worker
 * and whether the worker is busy. */
static void
worker_execute(log_parser *p, const event *e, int change)
{
	const char *worker = metadata(p, e, "worker_id");
	int active = 0;
	double capacity;
	bool found;

	if (worker == NULL)
		worker = "unknown";
	name_map_get(&p->active, worker, strlen(worker), &active);
	active += change;
	if (active < 0)
		active = 0;	/* a stop whose start was before the log began */
	name_map_set(&p->active, worker, strlen(worker), active);
	capacity = measurement(e, "max_concurrency", &found);
	if (!found || capacity < 1)
		capacity = 1;
	tag_from(p, e, "pool", "pool");
	pp_tags_set(&p->tags, "worker_id", worker);
	emit(p, e, "worker.active_requests", active, PP_TYPE_GAUGE, NULL);
	emit(p, e, "worker.utilization", fmin(1, active / capacity), PP_TYPE_GAUGE, "ratio");
}

static void
lifecycle(log_parser *p, const event *e, const char *name)
{
	tag_from(p, e, "pool", "pool");
	tag_from(p, e, "worker_id", "worker_id");
	tag_from(p, e, "reason", "reason");
	emit(p, e, name, 1, PP_TYPE_COUNTER, NULL);
}

/* Any other event: one gauge per numeric measurement, tagged with the
 * metadata's scalar values. */
static void
other_event(log_parser *p, const event *e)
{
	char name[512];

	if (jv_get_kind(e->metadata) == JV_KIND_OBJECT)
		jv_object_foreach(e->metadata, key, value) {
			tag_from(p, e, jv_string_value(key), jv_string_value(key));
			jv_free(key);
			jv_free(value);
		}
	if (jv_get_kind(e->measurements) != JV_KIND_OBJECT)
		return;
	jv_object_foreach(e->measurements, key, value) {
		if (jv_get_kind(value) == JV_KIND_NUMBER && isfinite(jv_number_value(value))) {
			snprintf(name, sizeof(name), "snakepit.%s.%s", e->name, jv_string_value(key));
			emit(p, e, name, jv_number_value(value), PP_TYPE_GAUGE, NULL);
		}
		jv_free(key);
		jv_free(value);
	}
}

static void
dispatch(log_parser *p, const event *e)
{
	if (strcmp(e->name, "request.executed") == 0)
		request_executed(p, e);
	else if (strcmp(e->name, "pool.stats") == 0)
		pool_state(p, e, false);
	else if (strcmp(e->name, "pool.saturated") == 0)
		pool_state(p, e, true);
	else if (strcmp(e->name, "grpc_worker.execute.start") == 0)
		worker_execute(p, e, 1);
	else if (strcmp(e->name, "grpc_worker.execute.stop") == 0 ||
	    strcmp(e->name, "grpc_worker.execute.exception") == 0)
		worker_execute(p, e, -1);
	else if (strcmp(e->name, "worker.recycled") == 0 || strcmp(e->name, "worker.crash") == 0 ||
	    strcmp(e->name, "pool.worker.terminated") == 0)
		lifecycle(p, e, e->name);
	else
		other_event(p, e);
}

/* The event's name: a string, or an array of parts as :telemetry writes
 * it; the "snakepit." prefix is dropped. */
static bool
event_name(jv object, pp_buffer *name)
{
	jv value = jv_object_get(jv_copy(object), jv_string("event"));
	bool ok = true;
	int i;

	pp_buffer_clear(name);
	if (jv_get_kind(value) == JV_KIND_STRING) {
		pp_buffer_append_string(name, jv_string_value(value));
	} else if (jv_get_kind(value) == JV_KIND_ARRAY) {
		for (i = 0; ok && i < jv_array_length(jv_copy(value)); i++) {
			jv part = jv_array_get(jv_copy(value), i);

			ok = jv_get_kind(part) == JV_KIND_STRING;
			if (ok)
				pp_buffer_printf(name, "%s%s", i ? "." : "", jv_string_value(part));
			jv_free(part);
		}
	} else {
		ok = false;
	}
	jv_free(value);
	return ok && name->length > 0;
}

static bool
event_time(log_parser *p, jv object, double *ts)
{
	jv ns = jv_object_get(jv_copy(object), jv_string("ts_ns"));
	jv seconds = jv_object_get(jv_copy(object), jv_string("ts"));
	bool ok = true;

	if (jv_get_kind(ns) != JV_KIND_NUMBER) {
		jv_free(ns);
		ns = jv_object_get(jv_copy(object), jv_string("timestamp_ns"));
	}
	if (jv_get_kind(ns) == JV_KIND_NUMBER)
		*ts = round(jv_number_value(ns) / 1e3) / 1e6;
	else if (jv_get_kind(seconds) == JV_KIND_NUMBER)
		*ts = jv_number_value(seconds);
	else if (jv_get_kind(seconds) == JV_KIND_STRING)
		ok = pp_time_parse_rfc3339(jv_string_value(seconds),
		    (size_t)jv_string_length_bytes(jv_copy(seconds)), ts, NULL) == PP_OK;
	else {
		*ts = collect_input_time(&p->options->c);
	}
	jv_free(ns);
	jv_free(seconds);
	return ok && isfinite(*ts);	/* 1e400 reads as infinity */
}

/* A measurement that is NaN, infinite or overflowed (1e400 reads as
 * DBL_MAX) would make a point with "value":null: the line is rejected,
 * naming it in message. */
static bool
measurements_finite(jv object, char *message, size_t size)
{
	jv measurements = jv_object_get(jv_copy(object), jv_string("measurements"));
	bool ok = true;

	if (jv_get_kind(measurements) == JV_KIND_OBJECT)
		jv_object_foreach(measurements, key, value) {
			double number = jv_get_kind(value) == JV_KIND_NUMBER ?
			    jv_number_value(value) : 0;

			if (ok && (!isfinite(number) || fabs(number) == DBL_MAX)) {
				snprintf(message, size, "measurement \"%.64s\" is out of range",
				    jv_string_value(key));
				ok = false;
			}
			jv_free(key);
			jv_free(value);
		}
	jv_free(measurements);
	return ok;
}

static void
snakepit_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	char message[128];
	const char *json = memchr(line, '{', length), *marker = strstr(line, "TELEMETRY:");
	pp_buffer name = PP_BUFFER_INIT;
	const char *problem = NULL;
	jv object;
	event e;

	if (marker != NULL)
		json = marker + 10;
	else if (json == NULL || json != line + strspn(line, " \t"))
		return;		/* not telemetry: other stderr output */
	object = jv_parse_sized(json, (int)(line + length - json));
	if (!jv_is_valid(object) || jv_get_kind(object) != JV_KIND_OBJECT)
		problem = "the telemetry is not a JSON object";
	else if (!event_name(object, &name))
		problem = "the event has no \"event\" name";
	else if (!event_time(p, object, &e.ts))
		problem = "\"ts\" is not a time";
	else if (!(e.ts >= -62167219200.0 && e.ts < 253402300800.0))
		problem = "\"ts\" is out of range (years 0000 to 9999)";
	else if (!measurements_finite(object, message, sizeof(message)))
		problem = message;
	if (problem != NULL) {
		tool_reject_line(&p->options->c.tool, source, number, line, length, "%s", problem);
	} else {
		e.name = strncmp(name.data, "snakepit.", 9) == 0 ? name.data + 9 : name.data;
		e.measurements = jv_object_get(jv_copy(object), jv_string("measurements"));
		e.metadata = jv_object_get(jv_copy(object), jv_string("metadata"));
		pp_tags_clear(&p->tags);
		pp_buffer_clear(&p->text);
		pp_buffer_reserve(&p->text, 4096);	/* metadata() never moves it */
		dispatch(p, &e);
		jv_free(e.measurements);
		jv_free(e.metadata);
	}
	jv_free(object);
	pp_buffer_free(&name);
}

static log_parser *
snakepit_create(log_options *options)
{
	log_parser *p = pp_xcalloc(1, sizeof(*p));

	p->options = options;
	return p;
}

static void
snakepit_destroy(log_parser *p)
{
	name_map_free(&p->active);
	pp_tags_free(&p->tags);
	pp_buffer_free(&p->text);
	free(p);
}

const log_format log_format_snakepit = {"snakepit", snakepit_create, snakepit_line,
	NULL, snakepit_destroy};
