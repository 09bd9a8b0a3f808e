/*
 * self_metrics.c - the points of --self-metrics, and when to write them.
 * See self_metrics.h.
 */
#include "self_metrics.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "clock.h"
#include "pp_record.h"

/* "perf-collect system" -> word "collect", subcommand "system". */
static void
split_program(const char *program, char *word, size_t size, const char **subcommand)
{
	const char *space = strchr(program, ' ');
	size_t length = space != NULL ? (size_t)(space - program) : strlen(program);

	if (length >= 5 && strncmp(program, "perf-", 5) == 0) {
		program += 5;
		length -= 5;
	}
	if (length >= size)
		length = size - 1;
	memcpy(word, program, length);
	word[length] = '\0';
	*subcommand = space != NULL && space[1] != '\0' ? space + 1 : NULL;
}

static void
write_one(pp_buffer *out, pp_point *point, const char *word, const char *metric,
    double value, pp_point_type type, const char *unit)
{
	char name[128];

	snprintf(name, sizeof(name), "perfpipe.%s.%s", word, metric);
	point->name = name;
	point->value = value;
	point->type = type;
	point->unit = unit;
	pp_point_write(out, point);
}

void
self_metrics_write(pp_buffer *out, const char *program, const char *subcommand,
    const self_metrics_sample *sample, double ts)
{
	char word[64];
	const char *second;
	pp_point point;

	split_program(program, word, sizeof(word), &second);
	if (subcommand == NULL)
		subcommand = second;
	memset(&point, 0, sizeof(point));
	point.has_ts = 1;
	point.ts = ts;
	pp_tags_set(&point.tags, "program", word);
	if (subcommand != NULL)
		pp_tags_set(&point.tags, "subcommand", subcommand);
	write_one(out, &point, word, "records_in", (double)sample->records_in,
	    PP_TYPE_CUMULATIVE, NULL);
	write_one(out, &point, word, "records_out", (double)sample->records_out,
	    PP_TYPE_CUMULATIVE, NULL);
	write_one(out, &point, word, "rejected", (double)sample->rejected,
	    PP_TYPE_CUMULATIVE, NULL);
	if (sample->has_late)
		write_one(out, &point, word, "late", (double)sample->late,
		    PP_TYPE_CUMULATIVE, NULL);
	if (sample->has_series)
		write_one(out, &point, word, "series", (double)sample->series,
		    PP_TYPE_GAUGE, NULL);
	write_one(out, &point, word, "cpu_seconds", sample->cpu_seconds,
	    PP_TYPE_CUMULATIVE, "s");
	write_one(out, &point, word, "max_rss_bytes", sample->max_rss_bytes,
	    PP_TYPE_GAUGE, "bytes");
	pp_tags_free(&point.tags);
}

void
self_metrics_usage(self_metrics_sample *sample)
{
	struct rusage usage;

	sample->cpu_seconds = 0;
	sample->max_rss_bytes = 0;
	if (getrusage(RUSAGE_SELF, &usage) != 0)
		return;
	/* Rounded to the microsecond, as the stream writes times. */
	sample->cpu_seconds = (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
	    (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
	sample->max_rss_bytes = (double)usage.ru_maxrss * 1024.0;	/* Linux: kB */
}

bool
self_metrics_due(self_metrics *metrics)
{
	double now;

	if (!metrics->enabled || metrics->interval <= 0)
		return false;
	now = clock_monotonic_seconds();
	if (metrics->next_due == 0) {
		metrics->next_due = now + metrics->interval;
		return false;
	}
	if (now < metrics->next_due)
		return false;
	/* From now: intervals a long batch covered are skipped, not owed. */
	metrics->next_due = now + metrics->interval;
	return true;
}
