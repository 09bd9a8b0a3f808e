/*
 * compare.c - the compare mode of perf-analyze.  See compare.h.
 *
 * The verdict of a series: its relative change is that of the medians,
 * (candidate − baseline) ÷ |baseline|, with a confidence interval of level
 * 1 − alpha from the Hodges–Lehmann shift's distribution-free interval
 * divided by |baseline median|; it is significant when the Mann–Whitney
 * p-value is below alpha.  A significant change beyond the threshold is a
 * regression when it goes the bad way for the metric, an improvement
 * otherwise; anything else is no_change.  Welch's t is reported beside.
 * The rolled-up total of a metric of tagged aggregates (its p95 or error
 * rate per window) is judged the same way (total_regressed), and a
 * regression of it is explained by attribution findings (attribution.h),
 * which leave the exit status alone.
 */
#include "compare.h"

#include <argp.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "attribution.h"
#include "cli.h"
#include "finding.h"
#include "input.h"
#include "pp_buffer.h"
#include "pp_json.h"
#include "pp_parametric.h"
#include "pp_rank_tests.h"
#include "pp_regression.h"
#include "tool.h"

enum { WEAK_SAMPLE = 9 };

typedef struct compare_options {
	pp_tool tool;
	analysis_options analysis;
	const char *stat;
	double alpha, threshold;
} compare_options;

typedef struct side {
	double *values;
	size_t n;
	double median, mean;
} side;

typedef struct comparison {
	side baseline, candidate;
	double change, change_low, change_high;
	pp_rank_result u;
	pp_test_result welch;
	bool welch_known;
	const char *verdict, *severity;
} comparison;

enum { OPTION_STAT = 0x3000, OPTION_ALPHA, OPTION_THRESHOLD };

static const struct argp_option option_table[] = {
	{"stat", OPTION_STAT, "STAT", 0,
	    "Compare STAT of aggregates (default by type; a point's value)", 0},
	{"alpha", OPTION_ALPHA, "P", 0,
	    "A change is significant when its p-value is below P (default 0.05)", 0},
	{"threshold", OPTION_THRESHOLD, "RATIO", 0,
	    "A regression must change the median by more than RATIO (default 5%)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static const tool_field option_fields[] = {
	{OPTION_STAT, "--stat", TOOL_FIELD_STRING, offsetof(compare_options, stat), 0, 0},
	{OPTION_ALPHA, "--alpha", TOOL_FIELD_FRACTION, offsetof(compare_options, alpha), 0, 0},
	{OPTION_THRESHOLD, "--threshold", TOOL_FIELD_RATIO, offsetof(compare_options, threshold),
	    0, 0},
	{0, NULL, 0, 0, 0, 0},
};

/* --higher-is-better is cli_argp's. */
static const tool_command command_line = {
	option_table, option_fields, NULL, "BASELINE CANDIDATE",
	"Compare two sets of runs, series by series, and exit 1 when one "
	"regressed: by more than the threshold, with p < alpha.", 0,
	&cli_argp, offsetof(compare_options, analysis),
};

/* A side of n runs; values are copied. */
static side
side_of(const double *values, size_t n)
{
	side result;
	double *sorted, variance;

	result.n = n;
	result.values = pp_xmalloc(sizeof(double) * (n + 1));
	sorted = pp_xmalloc(sizeof(double) * (n + 1));
	if (n > 0) {
		memcpy(result.values, values, sizeof(double) * n);
		memcpy(sorted, values, sizeof(double) * n);
	}
	result.median = pp_median_sort(sorted, n);
	pp_mean_variance(result.values, n, &result.mean, &variance);
	free(sorted);
	return result;
}

static void
judge(const compare_options *o, bool higher_is_better, comparison *c)
{
	bool significant = c->u.p_value < o->alpha;
	bool beyond = fabs(c->change) > o->threshold;
	bool worse = (c->change > 0) != higher_is_better;

	c->verdict = "no_change";
	c->severity = "info";
	if (significant && beyond && isfinite(c->change)) {
		c->verdict = worse ? "regression" : "improvement";
		c->severity = worse ? "critical" : "info";
	}
}

/* Fills c for the two samples; false when a side has none.  The caller
 * frees c's values. */
static bool
compare_samples(const compare_options *o, const double *baseline, size_t baseline_count,
    const double *candidate, size_t candidate_count, bool higher_is_better,
    comparison *c)
{
	pp_shift shift;
	double scale;

	if (baseline_count == 0 || candidate_count == 0)
		return false;
	c->baseline = side_of(baseline, baseline_count);
	c->candidate = side_of(candidate, candidate_count);
	scale = fabs(c->baseline.median);
	pp_mann_whitney(c->candidate.values, c->candidate.n, c->baseline.values,
	    c->baseline.n, &c->u, NULL);
	pp_hodges_lehmann(c->baseline.values, c->baseline.n, c->candidate.values,
	    c->candidate.n, 1.0 - o->alpha, &shift, NULL);
	c->change = scale > 0 ? (c->candidate.median - c->baseline.median) / scale : NAN;
	c->change_low = scale > 0 ? shift.low / scale : NAN;
	c->change_high = scale > 0 ? shift.high / scale : NAN;
	c->welch_known = baseline_count >= 2 && candidate_count >= 2 &&
	    pp_welch_t(c->candidate.values, c->candidate.n, c->baseline.values,
	    c->baseline.n, &c->welch, NULL) == PP_OK;
	judge(o, higher_is_better, c);
	return true;
}

static double *
values_of(const series *s)
{
	double *values = pp_xmalloc(sizeof(double) * (s->count + 1));
	size_t i;

	for (i = 0; i < s->count; i++)
		values[i] = s->items[i].value;
	return values;
}

/* Fills c for the two series; false when a side has no sample. */
static bool
compare_series(const compare_options *o, const series *b, const series *s,
    comparison *c)
{
	double *baseline = values_of(b), *candidate = values_of(s);
	bool compared = compare_samples(o, baseline, b->count, candidate, s->count,
	    metric_higher_is_better(&o->analysis, b->name), c);

	free(baseline);
	free(candidate);
	return compared;
}

/* An attribution_judge: the rolled-up total of a metric regressed as a
 * series would (compare_samples): a p95 goes the bad way unless
 * --higher-is-better names the metric, an error rate when it rises. */
static bool
total_regressed(void *context, const char *name, const char *stat,
    const double *baseline, size_t baseline_count, const double *candidate,
    size_t candidate_count, attribution_verdict *verdict)
{
	const compare_options *o = context;
	bool higher_is_better = strcmp(stat, "p95") == 0 &&
	    metric_higher_is_better(&o->analysis, name);
	comparison c;
	bool regressed;

	if (!compare_samples(o, baseline, baseline_count, candidate, candidate_count,
	    higher_is_better, &c))
		return false;
	regressed = strcmp(c.verdict, "regression") == 0;
	verdict->change = c.change;
	verdict->p_value = c.u.p_value;
	free(c.baseline.values);
	free(c.candidate.values);
	return regressed;
}

/* Writes the attribution findings of the metrics whose rolled-up total
 * regressed. */
static void
attribute_regressions(compare_options *o, const attribution_store *baseline,
    const attribution_store *candidate)
{
	jv findings = jv_array();

	attribution_compare(&o->analysis, baseline, candidate, total_regressed, o,
	    &findings);
	jv_array_foreach(findings, i, record) {
		pp_json_write_record(tool_out(&o->tool), record);
		jv_free(record);
	}
	jv_free(findings);
}

static void
comparison_message(char *text, size_t size, const compare_options *o,
    const series *s, const comparison *c)
{
	char candidate[64], baseline[64], change[64], low[64], high[64];
	char subject[512];
	const char *what = c->verdict[0] == 'r' ? "regressed" :
	    c->verdict[0] == 'i' ? "improved" : "did not change";

	format_stat_value(candidate, sizeof(candidate), c->candidate.median, s);
	format_stat_value(baseline, sizeof(baseline), c->baseline.median, s);
	format_percent(change, sizeof(change), c->change);
	format_percent(low, sizeof(low), c->change_low);
	format_percent(high, sizeof(high), c->change_high);
	snprintf(text, size, "%s %s: median %s against %s (%s, %g%% confidence "
	    "%s to %s; Mann-Whitney p = %.2g over %zu and %zu runs).",
	    finding_subject(s, subject, sizeof(subject)), what, candidate, baseline, change, 100.0 * (1.0 - o->alpha),
	    low, high, c->u.p_value, c->baseline.n, c->candidate.n);
}

static jv
side_jv(const side *s)
{
	jv object = jv_object();

	object = jv_object_set(object, jv_string("n"), jv_number((double)s->n));
	object = jv_object_set(object, jv_string("median"), jv_number(s->median));
	return jv_object_set(object, jv_string("mean"), jv_number(s->mean));
}

static jv
set_number(jv record, const char *key, double value)
{
	return jv_object_set(record, jv_string(key), jv_number(value));
}

static jv
comparison_finding(const compare_options *o, const series *s, const comparison *c)
{
	char message[1024];
	jv record;

	comparison_message(message, sizeof(message), o, s, c);
	record = finding_for_values("comparison", s, c->severity, message);
	record = jv_object_set(record, jv_string("verdict"), jv_string(c->verdict));
	record = jv_object_set(record, jv_string("baseline"), side_jv(&c->baseline));
	record = jv_object_set(record, jv_string("candidate"), side_jv(&c->candidate));
	record = set_number(record, "change", c->change);
	record = set_number(record, "change_low", c->change_low);
	record = set_number(record, "change_high", c->change_high);
	record = set_number(record, "confidence", 1.0 - o->alpha);
	record = set_number(record, "u", c->u.statistic);
	record = set_number(record, "p_value", c->u.p_value);
	record = jv_object_set(record, jv_string("exact"), jv_bool(c->u.exact));
	record = set_number(record, "welch_t", c->welch_known ? c->welch.statistic : NAN);
	record = set_number(record, "welch_df", c->welch_known ? c->welch.df : NAN);
	record = set_number(record, "welch_p_value", c->welch_known ? c->welch.p_value : NAN);
	record = set_number(record, "alpha", o->alpha);
	return set_number(record, "threshold", o->threshold);
}

/* Whether the two-sided Mann-Whitney test can reach p < alpha at all with
 * n and m runs: its smallest p-value, with no ties, is 2 / C(n + m, n). */
static bool
test_can_decide(size_t n, size_t m, double alpha)
{
	double log_choose = lgamma((double)(n + m) + 1) - lgamma((double)n + 1) -
	    lgamma((double)m + 1);

	return n > 0 && m > 0 && log(2.0) - log_choose < log(alpha);
}

/* Compares every series of the baseline found in the candidate; returns
 * the number of regressions, and in *decided the number of series compared
 * with enough runs for the test to decide. */
static size_t
compare_sets(compare_options *o, const series_set *baseline,
    const series_set *candidate, size_t *decided)
{
	size_t i, regressions = 0;

	for (i = 0; i < baseline->count; i++) {
		const series *b = baseline->items[i];
		const series *s = series_set_find(candidate, b);
		comparison c;
		jv record;

		if (s == NULL) {
			tool_warn(&o->tool, "%s: only in the baseline, not compared", b->label);
			continue;
		}
		if (!compare_series(o, b, s, &c))
			continue;
		if (!test_can_decide(c.baseline.n, c.candidate.n, o->alpha))
			tool_warn(&o->tool, "%s: %zu baseline and %zu candidate runs are too "
			    "few for the test: Mann-Whitney cannot reach p < %g with them",
			    b->label, c.baseline.n, c.candidate.n, o->alpha);
		else
			++*decided;
		if (c.baseline.n < WEAK_SAMPLE || c.candidate.n < WEAK_SAMPLE)
			tool_warn(&o->tool, "%s: %zu baseline and %zu candidate runs; "
			    "fewer than %d a side make a weak comparison", b->label,
			    c.baseline.n, c.candidate.n, WEAK_SAMPLE);
		record = comparison_finding(o, b, &c);
		pp_json_write_record(tool_out(&o->tool), record);
		jv_free(record);
		regressions += c.verdict[0] == 'r';
		free(c.baseline.values);
		free(c.candidate.values);
	}
	for (i = 0; i < candidate->count; i++)
		if (series_set_find(baseline, candidate->items[i]) == NULL)
			tool_warn(&o->tool, "%s: only in the candidate, not compared",
			    candidate->items[i]->label);
	return regressions;
}

/* Reads one file into set, and its tagged aggregates into store; false
 * when reading stopped early. */
static bool
read_side(compare_options *o, char *file, series_set *set, attribution_store *store)
{
	input in;
	bool going;

	input_init(&in, set, false);
	in.attribution = store;
	going = tool_read_inputs(&o->tool, &file, 1, input_line, &in);
	input_free(&in);
	series_set_sort(set);
	return going;
}

int
compare_main(int argc, char **argv)
{
	compare_options o;
	series_set baseline, candidate;
	attribution_store tagged[2];
	size_t regressions = 0, decided = 0;
	bool compared = false, empty;
	int status;

	memset(&o, 0, sizeof(o));
	o.alpha = 0.05;
	o.threshold = 0.05;
	o.analysis.attribution = (pp_attribution_options)PP_ATTRIBUTION_OPTIONS_DEFAULT;
	memset(tagged, 0, sizeof(tagged));
	tool_init(&o.tool, "perf-analyze");
	tool_parse_command_line(&command_line, argc, argv, &o);
	if (o.tool.file_count != 2)
		return tool_usage_error(&o.tool,
		    "compare needs two files, BASELINE and CANDIDATE, not %d", o.tool.file_count);
	if ((status = tool_open(&o.tool)) != 0)
		return status;
	series_set_init(&baseline, o.stat);
	series_set_init(&candidate, o.stat);
	if (read_side(&o, o.tool.files[0], &baseline, &tagged[0]) &&
	    read_side(&o, o.tool.files[1], &candidate, &tagged[1]) &&
	    o.tool.exit_status == 0) {
		regressions = compare_sets(&o, &baseline, &candidate, &decided);
		attribute_regressions(&o, &tagged[0], &tagged[1]);
		compared = true;
	}
	attribution_store_free(&tagged[0]);
	attribution_store_free(&tagged[1]);
	empty = baseline.count == 0 && candidate.count == 0;
	series_set_free(&baseline);
	series_set_free(&candidate);
	tool_end_batch(&o.tool);
	cli_free(&o.analysis);
	if (regressions > 0)
		return tool_finish(&o.tool, PP_EXIT_GATE);
	if (compared && decided == 0) {
		/* Nothing judged is no pass (the gate rule of perf-alert(1)). */
		tool_warn(&o.tool, "nothing compared: %s", empty ? "both files are empty" : "no series of the "
		    "baseline is in the candidate with enough runs for the test (the same "
		    "name and tags on both sides: perf-collect exec --name)");
		return tool_finish(&o.tool, PP_EXIT_NOTHING);
	}
	return tool_finish(&o.tool, 0);
}
