/*
 * recommend.c - the "recommendation" findings: a fixed table of rules over
 * the findings already made, each recommendation citing the findings that
 * triggered it (type, name and tags, under "evidence").
 *
 *   rule                   when
 *   raise_pool_size        a capacity series averages or ends at >= 80% and a
 *                          queue series of the same pool has a degrading trend
 *   room_for_peaks         a capacity series averages below 80% but its
 *                          highest window reaches 90%, and a queue series
 *                          of the same pool has an anomaly that is a rise
 *                          or peaks at >= 2 and >= 4 times its mean
 *   investigate_tail       a latency summary's p99 averages >= 5 times
 *                          its p50
 *   look_at_errors         an error series has a degrading trend
 *   add_memory             a memory series reaches its --capacity limit
 *                          within the horizon
 *   saturation             in one pool, a throughput series has a degrading
 *                          (falling) trend while a latency series has a
 *                          degrading (rising) one
 *
 * Series are recognised by words in their names (capacity, queue, error,
 * memory, throughput; duration, latency or response_time for latency) and
 * pools by the "pool" tag (Snakepit's term; series without one form one
 * pool).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "finding.h"
#include "pp_record.h"
#include "pp_time.h"

typedef struct rule_context {
	jv all;			/* the findings so far (borrowed) */
	int count;
	jv made;		/* recommendations made */
} rule_context;

/* A string field, or "" (the pointer lives as long as record). */
static const char *
text_of(jv record, const char *key)
{
	jv value = jv_object_get(jv_copy(record), jv_string(key));
	const char *text = "";

	if (jv_get_kind(value) == JV_KIND_STRING)
		text = jv_string_value(value);
	jv_free(value);		/* record still holds the string */
	return text;
}

static bool
is(jv record, const char *type, const char *word)
{
	return strcmp(text_of(record, "type"), type) == 0 &&
	    strstr(text_of(record, "name"), word) != NULL;
}

static bool
degrading(jv record)
{
	return strcmp(text_of(record, "direction"), "degrading") == 0;
}

/* The pool tag of a finding, or "" for none. */
static const char *
pool_of(jv record)
{
	jv tags = jv_object_get(jv_copy(record), jv_string("tags"));
	const char *pool = "";

	if (jv_get_kind(tags) == JV_KIND_OBJECT)
		pool = text_of(tags, "pool");
	jv_free(tags);
	return pool;
}

static jv
evidence_of(jv record)
{
	jv cited = jv_object();

	cited = jv_object_set(cited, jv_string("type"), jv_string(text_of(record, "type")));
	cited = jv_object_set(cited, jv_string("name"), jv_string(text_of(record, "name")));
	return jv_object_set(cited, jv_string("tags"),
	    jv_object_get(jv_copy(record), jv_string("tags")));
}

/* Appends a recommendation about the series of first, citing first and
 * second (which may be invalid). */
static void
recommend(rule_context *c, const char *rule, const char *severity, jv first,
    jv second, const char *message, const char *action)
{
	jv record = finding_new("recommendation", text_of(first, "name"),
	    jv_object_get(jv_copy(first), jv_string("tags")), severity, message);
	jv evidence = jv_array_append(jv_array(), evidence_of(first));

	if (jv_is_valid(second))
		evidence = jv_array_append(evidence, evidence_of(second));
	record = jv_object_set(record, jv_string("rule"), jv_string(rule));
	record = jv_object_set(record, jv_string("action"), jv_string(action));
	record = jv_object_set(record, jv_string("evidence"), evidence);
	c->made = jv_array_append(c->made, record);
}

/* "pool a" for a finding with a pool tag, "the service" otherwise. */
static void
where(char *text, size_t size, jv record)
{
	if (pool_of(record)[0] != '\0')
		snprintf(text, size, "pool %s", pool_of(record));
	else
		snprintf(text, size, "the service");
}

static jv
finding_at(const rule_context *c, int i)
{
	return jv_array_get(jv_copy(c->all), i);
}

/* A ratio written either as 0..1 or as a percentage. */
static double
as_ratio(double value)
{
	return value > 1.0 ? value / 100.0 : value;
}

static void
raise_pool_size(rule_context *c, jv capacity)
{
	double level = fmax(as_ratio(pp_record_number(capacity, "stat_mean")),
	    as_ratio(pp_record_number(capacity, "stat_last")));
	char message[512], place[128], percent[64];
	int i;

	if (!(level >= 0.8))
		return;
	for (i = 0; i < c->count; i++) {
		jv queue = finding_at(c, i);

		if (is(queue, "trend", "queue") && degrading(queue) &&
		    strcmp(pool_of(queue), pool_of(capacity)) == 0) {
			where(place, sizeof(place), capacity);
			format_ratio(percent, sizeof(percent), level);
			snprintf(message, sizeof(message), "Raise the size of %s: it "
			    "runs at %s of capacity and its queue is growing.",
			    place, percent);
			recommend(c, "raise_pool_size", "warning", capacity, queue, message,
			    "raise the pool size (more workers) or shed load");
			jv_free(queue);
			return;
		}
		jv_free(queue);
	}
}

/* Whether record is a finding of type about a latency series. */
static bool
is_latency(jv record, const char *type)
{
	return is(record, type, "duration") || is(record, type, "latency") ||
	    is(record, type, "response_time");
}

static void
investigate_tail(rule_context *c, jv summary)
{
	double ratio = pp_record_number(summary, "tail_ratio");
	char message[512], place[128];

	if (!(ratio >= 5.0))
		return;
	where(place, sizeof(place), summary);
	snprintf(message, sizeof(message), "Investigate the tail latency of %s in "
	    "%s: its p99 averages %.3g times its p50 (slow workers, garbage "
	    "collection or queueing).", text_of(summary, "name"), place, ratio);
	recommend(c, "investigate_tail", "warning", summary, jv_invalid(), message,
	    "look for slow workers, garbage collection pauses or queueing");
}

/* The first anomaly of a queue series of the capacity's pool that is a
 * rise (a spike or an upward level shift); else the summary of such a
 * queue series that peaked at 2 or more and at 4 times its mean (too few
 * windows for an anomaly, but a queue built up); else jv_invalid(). */
static jv
queue_rise_of(const rule_context *c, jv capacity)
{
	jv peaked = jv_invalid();
	int i;

	for (i = 0; i < c->count; i++) {
		jv queue = finding_at(c, i);
		bool same_pool = strcmp(pool_of(queue), pool_of(capacity)) == 0;

		if (same_pool && is(queue, "anomaly", "queue") &&
		    pp_record_number(queue, "value") > pp_record_number(queue, "expected")) {
			jv_free(peaked);
			return queue;
		}
		if (same_pool && !jv_is_valid(peaked) && is(queue, "summary", "queue") &&
		    pp_record_number(queue, "stat_max") >= 2.0 &&
		    pp_record_number(queue, "stat_max") >= 4.0 * pp_record_number(queue, "stat_mean")) {
			peaked = queue;
			continue;
		}
		jv_free(queue);
	}
	return peaked;
}

/* "its queue rose from 0 to 14.6 at TIME" (an anomaly) or "its queue
 * reached 8.5 against 1.23 on average" (a summary). */
static void
describe_queue(char *text, size_t size, jv queue)
{
	char when[64], from[64], to[64];

	if (strcmp(text_of(queue, "type"), "anomaly") == 0) {
		pp_time_format_rfc3339(pp_record_number(queue, "ts"), when, sizeof(when));
		format_value(from, sizeof(from), pp_record_number(queue, "expected"), NULL);
		format_value(to, sizeof(to), pp_record_number(queue, "value"), NULL);
		snprintf(text, size, "its queue rose from %s to %s at %s", from, to, when);
		return;
	}
	format_value(from, sizeof(from), pp_record_number(queue, "stat_mean"), NULL);
	format_value(to, sizeof(to), pp_record_number(queue, "stat_max"), NULL);
	snprintf(text, size, "its queue reached %s against %s on average", to, from);
}

/* A pool that is fine on average but full at its peak, while its queue
 * rises: it needs room for the peaks (raise_pool_size covers the pools
 * that are full on average). */
static void
room_for_peaks(rule_context *c, jv capacity)
{
	double level = fmax(as_ratio(pp_record_number(capacity, "stat_mean")),
	    as_ratio(pp_record_number(capacity, "stat_last")));
	double peak = as_ratio(pp_record_number(capacity, "stat_max"));
	char message[1024], place[128], queue_text[256], average[64], top[64];
	jv queue;

	if (level >= 0.8 || !(peak >= 0.9))
		return;
	queue = queue_rise_of(c, capacity);
	if (!jv_is_valid(queue))
		return;
	where(place, sizeof(place), capacity);
	describe_queue(queue_text, sizeof(queue_text), queue);
	format_ratio(average, sizeof(average), level);
	format_ratio(top, sizeof(top), peak);
	snprintf(message, sizeof(message), "Give %s room for its peaks: it averages "
	    "%s of capacity but reached %s, and %s.", place, average, top, queue_text);
	recommend(c, "room_for_peaks", "warning", capacity, queue, message,
	    "raise the pool size for peak load, or shed or defer work at peaks");
	jv_free(queue);
}

static void
look_at_errors(rule_context *c, jv trend)
{
	char message[512], place[128];

	where(place, sizeof(place), trend);
	snprintf(message, sizeof(message), "Look at the errors of %s by status: "
	    "%s is rising.", place, text_of(trend, "name"));
	recommend(c, "look_at_errors", "warning", trend, jv_invalid(), message,
	    "break the errors down by status (perf-aggregate --by status)");
}

static void
add_memory(rule_context *c, jv forecast)
{
	char message[512], place[128], in[64];

	if (!isfinite(pp_record_number(forecast, "crosses_in")))
		return;
	where(place, sizeof(place), forecast);
	format_span(in, sizeof(in), pp_record_number(forecast, "crosses_in"));
	snprintf(message, sizeof(message), "Recycle workers or add memory to %s: "
	    "%s reaches its limit in %s.", place, text_of(forecast, "name"), in);
	recommend(c, "add_memory", "warning", forecast, jv_invalid(), message,
	    "recycle workers (Snakepit worker recycling) or add memory");
}


static void
saturation(rule_context *c, jv throughput)
{
	char message[512], place[128];
	int i;

	if (!degrading(throughput))
		return;
	for (i = 0; i < c->count; i++) {
		jv latency = finding_at(c, i);

		if (is_latency(latency, "trend") && degrading(latency) &&
		    strcmp(pool_of(latency), pool_of(throughput)) == 0) {
			where(place, sizeof(place), throughput);
			snprintf(message, sizeof(message), "%s%s looks saturated: "
			    "throughput falls while latency rises.",
			    place[0] == 'p' ? "P" : "T", place + 1);
			recommend(c, "saturation", "critical", throughput, latency,
			    message, "add capacity or reduce the load");
			jv_free(latency);
			return;
		}
		jv_free(latency);
	}
}

void
recommendation_findings(const analysis_options *options, jv *findings)
{
	rule_context c;
	int i;

	(void)options;
	c.all = *findings;
	c.count = jv_array_length(jv_copy(c.all));
	c.made = jv_array();
	for (i = 0; i < c.count; i++) {
		jv record = finding_at(&c, i);

		if (is(record, "summary", "capacity")) {
			raise_pool_size(&c, record);
			room_for_peaks(&c, record);
		}
		if (is_latency(record, "summary"))
			investigate_tail(&c, record);
		if (is(record, "trend", "error") && degrading(record))
			look_at_errors(&c, record);
		if (is(record, "forecast", "memory"))
			add_memory(&c, record);
		if (is(record, "trend", "throughput"))
			saturation(&c, record);
		jv_free(record);
	}
	*findings = jv_array_concat(*findings, c.made);
}
