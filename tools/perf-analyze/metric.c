/*
 * metric.c - what perf-analyze knows about metrics by their names: which
 * way is good.  Latency, error rates, utilisation and queue depth are
 * better low, which is the default; the names below are better high.
 */
#include <string.h>

#include "analysis.h"

static const char *const higher_is_better_words[] = {
	"throughput", "completed", "success", "hit_rate", "hit_ratio",
	"availability", "apdex", "requests_per_second", NULL};

bool
metric_higher_is_better(const analysis_options *options, const char *name)
{
	const char *const *word;
	size_t i;

	for (i = 0; i < options->higher_is_better_count; i++)
		if (strcmp(options->higher_is_better[i], name) == 0)
			return true;
	for (word = higher_is_better_words; *word != NULL; word++)
		if (strstr(name, *word) != NULL)
			return true;
	return false;
}
