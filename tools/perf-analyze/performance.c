/*
 * performance.c - the performance summary: one "summary" finding named
 * "performance" for the whole input and one per value of the --by tag
 * (default "pool"), with the figures of the design's performance summary.
 *
 * Series are recognised by words in their names: latency (request and
 * duration, latency, response_time), throughput, error, and cpu, memory
 * and capacity when they are utilisations (utilization in the name, or
 * the unit ratio or percent).
 * Average response time is the count-weighted mean of the latency series'
 * window means (exact); p95 response time is the nearest-rank p95 of all
 * their values: exact for raw points, within the sketch's accuracy when
 * every latency aggregate carries a sketch (perf-aggregate --accuracy:
 * sketches merge without loss), and otherwise, since exact window
 * percentiles do not combine, the count-weighted mean of the window p95s,
 * which the message then calls "mean window p95".  Throughput is the
 * throughput series' events (count, sum or increase) or, without one, the
 * latency series' total count, over the real span: the last point's time
 * minus the first's (the aggregates' first_ts and last_ts), when the
 * throughput series is analysed by its rate; a throughput gauge (requests
 * per second already) gives the mean of its values, and aggregates
 * without first_ts and last_ts the windows' span.  An error rate
 * of ratio aggregates is the sum of their numerators over the sum of their
 * denominators; otherwise error rate and utilisations are the means of
 * their series' analysed statistic over all windows.  A
 * series without the --by tag counts only in the overall summary.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "finding.h"
#include "pp_buffer.h"
#include "pp_quantile.h"
#include "pp_sketch.h"

enum { LATENCY, THROUGHPUT, ERRORS, CPU, MEMORY, CAPACITY, KINDS };

static const char *const field_names[KINDS] = {"avg_response_time",
	"throughput", "error_rate", "cpu_utilization", "memory_utilization",
	"capacity_utilization"};

typedef struct group {
	const char *value;		/* of the --by tag; NULL for overall */
	double sum[KINDS], weight[KINDS];
	double p95_sum, p95_weight, requests;
	double *points;			/* latency values of raw points */
	size_t point_count;
	double start, end;
	double first_ts[KINDS], last_ts[KINDS];	/* of each kind's points */
	bool spanned[KINDS];		/* every window of the kind said */
	double events;			/* of the throughput series */
	bool events_known;		/* every throughput window had them */
	double numerator, denominator;	/* of ratio error-rate windows */
	bool ratios;			/* every error-rate window had both */
	const char *unit;		/* of the latency series */
	const char *throughput_unit;	/* of the throughput series */
	pp_sketch *sketch;		/* merged latency sketches */
	bool sketch_incomplete;		/* a latency series had none */
	bool any;
} group;

static bool
is_utilisation(const series *s)
{
	return strstr(s->name, "utiliz") || strstr(s->name, "utilis") ||
	    (s->unit != NULL && (strcmp(s->unit, "ratio") == 0 ||
	    strcmp(s->unit, "percent") == 0 || strcmp(s->unit, "%") == 0));
}

/* 100 for a series in percent (unit "%" or "percent"), else 1: an error
 * rate or a utilisation of 55% counts as the ratio 0.55, as the summary's
 * fields and message hold them (it printed "5500%"). */
static double
percent_scale(const series *s)
{
	return s->unit != NULL && (strcmp(s->unit, "%") == 0 ||
	    strcmp(s->unit, "percent") == 0) ? 100 : 1;
}

/* The kind of a series, or -1.  Latency is the requests' (a name with
 * "request" and "duration", or "latency" or "response_time": a tool's
 * duration_ms is not a response time, and mixing units would make the
 * average meaningless); CPU, memory and capacity count only as
 * utilisations (a worker's memory_mb is not one). */
static int
kind_of(const series *s)
{
	const char *name = s->name;

	if ((strstr(name, "request") && strstr(name, "duration")) ||
	    strstr(name, "latency") || strstr(name, "response_time"))
		return LATENCY;
	if (strstr(name, "throughput"))
		return THROUGHPUT;
	if (strstr(name, "error"))
		return ERRORS;
	if (strstr(name, "cpu") && is_utilisation(s))
		return CPU;
	if (strstr(name, "memory") && is_utilisation(s))
		return MEMORY;
	if (strstr(name, "capacity") && is_utilisation(s))
		return CAPACITY;
	return -1;
}

static void
add_latency(group *g, const series *s, const observation *o)
{
	if (s->of_points) {
		g->points = pp_xrealloc(g->points, sizeof(double) * (g->point_count + 1));
		g->points[g->point_count++] = o->value;
	}
	if (!isfinite(o->count) || !isfinite(o->mean))
		return;
	g->sum[LATENCY] += o->count * o->mean;
	g->weight[LATENCY] += o->count;
	g->requests += o->count;
	if (!s->of_points && strcmp(s->stat, "p95") == 0) {
		g->p95_sum += o->count * o->value;
		g->p95_weight += o->count;
	}
}

/* Merges the latency series' sketch into the group's. */
static void
add_latency_sketch(group *g, const series *s)
{
	pp_error error;

	if (g->sketch_incomplete)
		return;
	if (s->sketch == NULL || s->of_points) {
		g->sketch_incomplete = !s->of_points;
		return;
	}
	if (g->sketch == NULL) {
		g->sketch = pp_sketch_new(s->sketch->accuracy, s->sketch->max_buckets);
	}
	if (pp_sketch_merge(g->sketch, s->sketch, &error) != PP_OK)
		g->sketch_incomplete = true;
}

static void
add_series(group *g, const series *s)
{
	int kind = kind_of(s);
	size_t i;

	if (kind < 0 || s->count == 0)
		return;
	g->any = true;
	g->start = fmin(g->start, s->items[0].time);
	g->end = fmax(g->end, s->items[s->count - 1].end);
	if (kind == LATENCY && g->unit == NULL)
		g->unit = s->unit;
	if (kind == LATENCY)
		add_latency_sketch(g, s);
	if (kind == THROUGHPUT && g->throughput_unit == NULL)
		g->throughput_unit = s->unit;
	for (i = 0; i < s->count; i++) {
		const observation *o = &s->items[i];

		if (isfinite(o->first_ts) && isfinite(o->last_ts)) {
			g->first_ts[kind] = fmin(g->first_ts[kind], o->first_ts);
			g->last_ts[kind] = fmax(g->last_ts[kind], o->last_ts);
		} else {
			g->spanned[kind] = false;
		}
		/* events over the span only for a series analysed by its
		 * rate: a gauge of requests per second already is one */
		if (kind == THROUGHPUT && isfinite(o->events) && strcmp(s->stat, "rate") == 0)
			g->events += o->events;
		else if (kind == THROUGHPUT)
			g->events_known = false;
		if (kind == ERRORS && isfinite(o->numerator) && isfinite(o->denominator)) {
			g->numerator += o->numerator;
			g->denominator += o->denominator;
		} else if (kind == ERRORS) {
			g->ratios = false;
		}
		if (kind == LATENCY) {
			add_latency(g, s, &s->items[i]);
			continue;
		}
		g->sum[kind] += s->items[i].value / percent_scale(s);
		g->weight[kind] += 1.0;
	}
}

/* Whether the group's p95 comes from merged sketches. */
static bool
p95_from_sketch(const group *g)
{
	return g->sketch != NULL && !g->sketch_incomplete && g->sketch->count > 0 &&
	    g->point_count == 0;
}

/* The p95 of the group's latency: exact (nearest rank) over raw points,
 * within the sketch's accuracy from merged sketches, else the
 * count-weighted mean of window p95s; NaN when none. */
static double
p95_of(group *g)
{
	pp_percentile p95 = {95, 1, "p95"};
	size_t rank;

	if (p95_from_sketch(g))
		return pp_sketch_value_at_rank(g->sketch,
		    pp_percentile_rank(&p95, g->sketch->count));
	if (g->p95_weight > 0)
		return g->p95_sum / g->p95_weight;
	if (g->point_count == 0)
		return NAN;
	qsort(g->points, g->point_count, sizeof(double), pp_compare_doubles);
	rank = (size_t)ceil(0.95 * (double)g->point_count);
	return g->points[rank > 0 ? rank - 1 : 0];
}

static double
mean_of(const group *g, int kind)
{
	return g->weight[kind] > 0 ? g->sum[kind] / g->weight[kind] : NAN;
}

/* Appends ", LABEL FIGURE", the figure in unit (format_value: "ratio"
 * for a percentage). */
static void
append_part(pp_buffer *text, const char *label, double value, const char *unit)
{
	char number[96];

	if (!isfinite(value))
		return;
	format_value(number, sizeof(number), value, unit);
	pp_buffer_printf(text, "%s%s %s", text->length > 0 ? ", " : "", label, number);
}

/* The unit of the throughput, always per second: the throughput series'
 * own when it is a rate already ("requests/s"), else its unit per second
 * (events over the span), "1/s" without one. */
static char *
throughput_unit_of(const group *g)
{
	const char *unit = g->weight[THROUGHPUT] > 0 ? g->throughput_unit : NULL;
	pp_buffer out = PP_BUFFER_INIT;

	if (unit == NULL || unit[0] == '\0' || strcmp(unit, "1") == 0)
		pp_buffer_append_string(&out, "1/s");
	else if (strchr(unit, '/') != NULL)
		pp_buffer_append_string(&out, unit);
	else
		pp_buffer_printf(&out, "%s/s", unit);
	return out.data;
}

/* Events per second over the real span when known (see the top). */
static double
throughput_of(const group *g)
{
	int kind = g->weight[THROUGHPUT] > 0 ? THROUGHPUT : LATENCY;
	double span = g->last_ts[kind] - g->first_ts[kind];
	bool spanned = g->spanned[kind] && span > 0;

	if (kind == THROUGHPUT)
		return spanned && g->events_known ? g->events / span : mean_of(g, THROUGHPUT);
	if (g->requests <= 0)
		return NAN;
	if (spanned)
		return g->requests / span;
	return g->end > g->start ? g->requests / (g->end - g->start) : NAN;
}

static double
error_rate_of(const group *g)
{
	if (g->weight[ERRORS] > 0 && g->ratios && g->denominator != 0)
		return g->numerator / g->denominator;
	return mean_of(g, ERRORS);
}

static char *
performance_message(group *g, const char *by)
{
	pp_buffer text = PP_BUFFER_INIT, out = PP_BUFFER_INIT;
	double throughput = throughput_of(g);
	char *throughput_unit = throughput_unit_of(g);

	append_part(&text, "average response time", mean_of(g, LATENCY), g->unit);
	append_part(&text, !p95_from_sketch(g) && g->p95_weight > 0 ?
	    "mean window p95" : "p95", p95_of(g), g->unit);
	append_part(&text, "throughput", throughput, throughput_unit);
	append_part(&text, "error rate", error_rate_of(g), "ratio");
	append_part(&text, "CPU", mean_of(g, CPU), "ratio");
	append_part(&text, "memory", mean_of(g, MEMORY), "ratio");
	append_part(&text, "capacity utilisation", mean_of(g, CAPACITY), "ratio");
	free(throughput_unit);
	if (g->value != NULL)
		pp_buffer_printf(&out, "Performance of %s %s: %s.", by, g->value, text.data);
	else
		pp_buffer_printf(&out, "Performance overall: %s.", text.data);
	pp_buffer_free(&text);
	return out.data;
}

static jv
performance_finding(group *g, const char *by)
{
	char *message = performance_message(g, by);
	jv tags = jv_object(), record;
	int kind;

	if (g->value != NULL)
		tags = jv_object_set(tags, jv_string(by), jv_string(g->value));
	record = finding_new("summary", "performance", tags, "info", message);
	free(message);
	if (g->unit != NULL)
		record = jv_object_set(record, jv_string("unit"), jv_string(g->unit));
	if (isfinite(g->start) && isfinite(g->end)) {	/* else no start was given */
		record = jv_object_set(record, jv_string("start"), jv_number(g->start));
		record = jv_object_set(record, jv_string("end"), jv_number(g->end));
	}
	for (kind = 0; kind < KINDS; kind++) {
		double value = kind == THROUGHPUT ? throughput_of(g) :
		    kind == ERRORS ? error_rate_of(g) : mean_of(g, kind);

		if (isfinite(value))
			record = jv_object_set(record, jv_string(field_names[kind]),
			    jv_number(value));
		if (kind == LATENCY && isfinite(p95_of(g)))
			record = jv_object_set(record, jv_string("p95_response_time"),
			    jv_number(p95_of(g)));
	}
	return record;
}

static void
group_init(group *g, const char *value)
{
	memset(g, 0, sizeof(*g));
	g->value = value;
	g->start = INFINITY;
	g->end = -INFINITY;
	for (int kind = 0; kind < KINDS; kind++) {
		g->first_ts[kind] = INFINITY;
		g->last_ts[kind] = -INFINITY;
		g->spanned[kind] = true;
	}
	g->events_known = g->ratios = true;
}

/* The group of a --by tag value, created when new. */
static group *
group_for(group **groups, size_t *count, const char *value)
{
	size_t i;

	for (i = 0; i < *count; i++)
		if (strcmp((*groups)[i].value, value) == 0)
			return &(*groups)[i];
	*groups = pp_xrealloc(*groups, sizeof(**groups) * (*count + 1));
	group_init(&(*groups)[*count], value);
	return &(*groups)[(*count)++];
}

void
performance_findings(const analysis_options *options, const series_set *set,
    jv *findings)
{
	group overall, *groups = NULL;
	size_t count = 0, i;

	group_init(&overall, NULL);
	for (i = 0; i < set->count; i++) {
		const series *s = set->items[i];
		jv value = jv_object_get(jv_copy(s->tags), jv_string(options->by));

		add_series(&overall, s);
		if (jv_get_kind(value) == JV_KIND_STRING)
			add_series(group_for(&groups, &count, jv_string_value(value)), s);
		jv_free(value);		/* s->tags keeps the string alive */
	}
	if (overall.any)
		*findings = jv_array_append(*findings, performance_finding(&overall,
		    options->by));
	for (i = 0; i < count; i++)
		if (groups[i].any)
			*findings = jv_array_append(*findings,
			    performance_finding(&groups[i], options->by));
	for (i = 0; i < count; i++) {
		free(groups[i].points);
		pp_sketch_free(groups[i].sketch);
	}
	free(overall.points);
	pp_sketch_free(overall.sketch);
	free(groups);
}
