/* Unit tests for tools/common/self_metrics: the points of --self-metrics
 * and when they are due. */
#include <criterion/criterion.h>

#include <string.h>
#include <time.h>

#include "self_metrics.h"

static char *
written(const char *program, const char *subcommand, const self_metrics_sample *sample,
    double ts)
{
	pp_buffer out = PP_BUFFER_INIT;

	self_metrics_write(&out, program, subcommand, sample, ts);
	return out.data;	/* caller frees */
}

Test(self_metrics, writes_every_count_as_a_point_named_after_the_program)
{
	self_metrics_sample sample = {.records_in = 6, .records_out = 4, .rejected = 2,
		.late = 1, .series = 3, .has_late = true, .has_series = true,
		.cpu_seconds = 0.25, .max_rss_bytes = 4096};
	char *text = written("perf-aggregate", NULL, &sample, 1764060000.5);

	cr_assert_str_eq(text,
	    "{\"name\":\"perfpipe.aggregate.records_in\",\"value\":6,\"ts\":1764060000.5,\"type\":\"cumulative\",\"tags\":{\"program\":\"aggregate\"}}\n"
	    "{\"name\":\"perfpipe.aggregate.records_out\",\"value\":4,\"ts\":1764060000.5,\"type\":\"cumulative\",\"tags\":{\"program\":\"aggregate\"}}\n"
	    "{\"name\":\"perfpipe.aggregate.rejected\",\"value\":2,\"ts\":1764060000.5,\"type\":\"cumulative\",\"tags\":{\"program\":\"aggregate\"}}\n"
	    "{\"name\":\"perfpipe.aggregate.late\",\"value\":1,\"ts\":1764060000.5,\"type\":\"cumulative\",\"tags\":{\"program\":\"aggregate\"}}\n"
	    "{\"name\":\"perfpipe.aggregate.series\",\"value\":3,\"ts\":1764060000.5,\"tags\":{\"program\":\"aggregate\"}}\n"
	    "{\"name\":\"perfpipe.aggregate.cpu_seconds\",\"value\":0.25,\"ts\":1764060000.5,\"type\":\"cumulative\",\"unit\":\"s\",\"tags\":{\"program\":\"aggregate\"}}\n"
	    "{\"name\":\"perfpipe.aggregate.max_rss_bytes\",\"value\":4096,\"ts\":1764060000.5,\"unit\":\"bytes\",\"tags\":{\"program\":\"aggregate\"}}\n");
	free(text);
}

Test(self_metrics, leaves_out_the_counts_a_program_does_not_keep)
{
	self_metrics_sample sample = {.records_in = 1, .late = 7, .series = 7};
	char *text = written("perf-report", NULL, &sample, 1);

	cr_assert_null(strstr(text, "late"));
	cr_assert_null(strstr(text, "series"));
	cr_assert_not_null(strstr(text, "perfpipe.report.records_in"));
	free(text);
}

Test(self_metrics, tags_the_subcommand_given_or_named_second)
{
	self_metrics_sample sample = {0};
	char *given = written("perf-collect", "system", &sample, 1);
	char *second = written("perf-collect log", NULL, &sample, 1);

	cr_assert_not_null(strstr(given, "\"name\":\"perfpipe.collect.rejected\",\"value\":0,"
	    "\"ts\":1,\"type\":\"cumulative\",\"tags\":{\"program\":\"collect\","
	    "\"subcommand\":\"system\"}}"));
	cr_assert_not_null(strstr(second, "\"subcommand\":\"log\""));
	free(given);
	free(second);
}

Test(self_metrics, a_name_without_the_prefix_is_used_as_it_is)
{
	self_metrics_sample sample = {0};
	char *text = written("custom", NULL, &sample, 1);

	cr_assert_not_null(strstr(text, "\"name\":\"perfpipe.custom.records_in\""));
	free(text);
}

Test(self_metrics, huge_counts_stay_exact_up_to_two_to_the_53)
{
	self_metrics_sample sample = {.records_in = 9007199254740992ULL};
	char *text = written("perf-x", NULL, &sample, 1);

	cr_assert_not_null(strstr(text, "\"value\":9007199254740992,"));
	free(text);
}

Test(self_metrics, usage_reads_a_positive_resident_size)
{
	self_metrics_sample sample = {0};

	self_metrics_usage(&sample);
	cr_assert_gt(sample.max_rss_bytes, 0);
	cr_assert_geq(sample.cpu_seconds, 0);
}

Test(self_metrics, is_never_due_when_disabled_or_without_an_interval)
{
	self_metrics off = {.interval = 0.001};
	self_metrics end_only = {.enabled = true};

	cr_assert_not(self_metrics_due(&off));
	cr_assert_not(self_metrics_due(&end_only));
	cr_assert_not(self_metrics_due(&end_only));
}

Test(self_metrics, is_due_once_the_interval_has_passed_then_waits_again)
{
	self_metrics metrics = {.enabled = true, .interval = 0.2};
	struct timespec pause = {0, 250 * 1000 * 1000};

	cr_assert_not(self_metrics_due(&metrics), "the first call starts the clock");
	nanosleep(&pause, NULL);
	cr_assert(self_metrics_due(&metrics));
	cr_assert_not(self_metrics_due(&metrics), "due again only after another interval");
}

Test(self_metrics, keeps_the_most_series_seen)
{
	self_metrics metrics = {0};

	self_metrics_series(&metrics, 5);
	self_metrics_series(&metrics, 2);
	cr_assert(metrics.counts_series);
	cr_assert_eq(metrics.series, 5);
}
