/*
 * render_statsd.c - StatsD (with DogStatsD tags), to pipe to a StatsD
 * agent: perf-report -f statsd stream | nc -u -w1 localhost 8125.
 *
 * StatsD holds the present, so each series is sent by its last window: its
 * count as a counter increment and every other statistic and percentile
 * as a gauge named METRIC.STAT, with the series' tags after "|#":
 *
 *     request.duration.count:65|c|#pool:a
 *     request.duration.p99:31.135|g|#pool:a
 *
 * A negative gauge is sent as 0 then the value, because StatsD reads a
 * leading minus as a decrement.  Characters that the protocol uses (':',
 * '|', '@', '#', ',' in tags, line breaks) become '_'.
 */
#include "render.h"

#include <math.h>
#include <string.h>

#include "pp_json.h"

static const char *const gauges[] = {"sum", "min", "max", "mean", "stddev", "rate", "last",
	"ratio", NULL};

static void
append_sanitised(pp_buffer *out, const char *text, const char *special)
{
	const char *c;

	for (c = text; *c != '\0'; c++)
		pp_buffer_append_char(out, strchr(special, *c) != NULL ||
		    (unsigned char)*c < 0x20 ? '_' : *c);
}

static void
append_tags(pp_buffer *out, const pp_tags *tags)
{
	size_t i;

	for (i = 0; i < tags->count; i++) {
		pp_buffer_append_string(out, i == 0 ? "|#" : ",");
		append_sanitised(out, tags->items[i].key, ":|@#, ");
		pp_buffer_append_char(out, ':');
		append_sanitised(out, tags->items[i].value, "|@#, ");
	}
}

static void
write_metric(pp_buffer *out, const report_series *series, const char *stat, double value,
    const char *type)
{
	if (!isfinite(value))
		return;
	if (strcmp(type, "g") == 0 && value < 0)
		write_metric(out, series, stat, 0, type);	/* reset, then set */
	append_sanitised(out, series->name, ":|@#");
	pp_buffer_append_char(out, '.');
	append_sanitised(out, stat, ":|@#");
	pp_buffer_append_char(out, ':');
	pp_json_write_number(out, value);
	pp_buffer_printf(out, "|%s", type);
	append_tags(out, &series->tags);
	pp_buffer_append_char(out, '\n');
}

static void
write_series(pp_buffer *out, const report_series *series)
{
	jv last = series->windows[series->count - 1].aggregate;
	jv percentiles = jv_object_get(jv_copy(last), jv_string("percentiles"));
	size_t i;

	write_metric(out, series, "count", pp_record_number(last, "count"), "c");
	for (i = 0; gauges[i] != NULL; i++)
		write_metric(out, series, gauges[i], model_stat(last, gauges[i]), "g");
	if (jv_get_kind(percentiles) == JV_KIND_OBJECT)
		jv_object_foreach(percentiles, key, value) {
			if (jv_get_kind(value) == JV_KIND_NUMBER)
				write_metric(out, series, jv_string_value(key),
				    jv_number_value(value), "g");
			jv_free(key);
			jv_free(value);
		}
	jv_free(percentiles);
}

void
render_statsd(const report_model *model, const render_options *options, pp_buffer *out)
{
	size_t i;

	(void)options;
	for (i = 0; i < model->series_count; i++)
		write_series(out, &model->series[i]);
}
