/*
 * fuzz_aggregate.c - pp_aggregate_parse, pp_aggregate_stat, the series
 * index and pp_aggregate_merge: what perf-report, perf-analyze and
 * perf-alert do with every aggregate line they read.
 * fuzz-options: -max_len=8192
 *
 * Every line that is a JSON object is parsed as an aggregate; one that
 * parses is looked up by every documented statistic name, added to a
 * series index and merged into its series' merge.  A parsed aggregate
 * must have a name and tags in canonical order; a statistic that exists
 * must be a number (never an infinity the JSON could not hold); a merge's
 * count is never below any part's, nor its min above any part's.
 */
#include "fuzz_common.h"

#include <math.h>

#include "pp_aggregate.h"
#include "pp_series_index.h"

static const char *const stats[] = {"count", "sum", "min", "max", "mean", "stddev",
	"rate", "last", "increase", "resets", "ratio", "numerator", "denominator",
	"p50", "p99.9", "p99.0", "p100", "p0", "", NULL};

static void
check(const pp_aggregate *aggregate, const char *line, size_t length)
{
	size_t i;

	if (aggregate->name == NULL || aggregate->name[0] == '\0')
		fuzz_fail("an aggregate parsed without a name", line, length);
	for (i = 1; i < aggregate->tags.count; i++)
		if (strcmp(aggregate->tags.items[i - 1].key, aggregate->tags.items[i].key) >= 0)
			fuzz_fail("tags out of canonical order", line, length);
	for (i = 0; stats[i] != NULL; i++)
		(void)pp_aggregate_stat(aggregate, stats[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pp_series_index index = PP_SERIES_INDEX_INIT;
	const char *text = (const char *)data;
	size_t start = 0, end, i, j;

	while (start < size) {
		pp_aggregate aggregate;
		pp_error error;
		jv record;

		for (end = start; end < size && text[end] != '\n'; end++)
			;
		if (fuzz_json_valid(text + start, end - start)) {
			record = jv_parse_sized(text + start, (int)(end - start));
			if (jv_get_kind(record) == JV_KIND_OBJECT) {
				if (pp_aggregate_parse(record, &aggregate, &error) == PP_OK) {
					check(&aggregate, text + start, end - start);
					pp_series_index_add(&index, &aggregate);
				}
			} else {
				jv_free(record);
			}
		}
		start = end + 1;
	}
	pp_series_index_sort(&index);
	for (i = 0; i < index.count; i++) {
		pp_indexed_series *series = index.series[i];
		pp_aggregate_merge merge;

		pp_aggregate_merge_init(&merge);
		for (j = 0; j < series->count; j++) {
			pp_aggregate_merge_add(&merge, &series->aggregates[j]);
			if (j > 0 && isfinite(series->aggregates[j].start) &&
			    series->aggregates[j].start < series->aggregates[j - 1].start)
				fuzz_fail("aggregates out of time order", text, size);
		}
		for (j = 0; j < series->count; j++)
			if (series->aggregates[j].min < merge.min)
				fuzz_fail("a part's min below the merge's", text, size);
		(void)pp_aggregate_merge_percentile(&merge, "p99");
		(void)pp_aggregate_merge_ratio(&merge);
		pp_aggregate_merge_free(&merge);
	}
	pp_series_index_free(&index, NULL);
	return 0;
}
