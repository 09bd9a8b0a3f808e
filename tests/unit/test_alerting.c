/* Unit tests for pp_alerting: each rule type walked through pending,
 * firing and resolved on crafted aggregates, and the saved state. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "pp_alerting.h"
#include "pp_json.h"

typedef struct fixture {
	pp_rule *rules;
	size_t count;
	pp_alerting *engine;
	char log[4096];		/* "state@time=value;" per alert */
} fixture;

static void
setup(fixture *f, const char *rules_json)
{
	pp_error error = {"rules", 0, ""};

	memset(f, 0, sizeof(*f));
	cr_assert_eq(pp_rules_parse(rules_json, strlen(rules_json), &f->rules, &f->count,
	    &error), PP_OK, "%s", error.message);
	f->engine = pp_alerting_new(f->rules, f->count, &error);
	cr_assert_not_null(f->engine, "%s", error.message);
}

static void
teardown(fixture *f)
{
	pp_alerting_free(f->engine);
	pp_rules_free(f->rules, f->count);
}

static double
number_field(jv alert, const char *field)
{
	jv value = jv_object_get(jv_copy(alert), jv_string(field));
	double number = jv_get_kind(value) == JV_KIND_NUMBER ? jv_number_value(value) : NAN;

	jv_free(value);
	return number;
}

/* Appends "state@triggered_at/resolved_at=current_value;" per alert. */
static void
log_alerts(fixture *f, jv alerts)
{
	int i, n = jv_array_length(jv_copy(alerts));

	for (i = 0; i < n; i++) {
		jv alert = jv_array_get(jv_copy(alerts), i);
		jv state = jv_object_get(jv_copy(alert), jv_string("state"));
		char entry[200];

		snprintf(entry, sizeof(entry), "%s@%g/%g=%g;", jv_string_value(state),
		    number_field(alert, "triggered_at"), number_field(alert, "resolved_at"),
		    number_field(alert, "current_value"));
		strncat(f->log, entry, sizeof(f->log) - strlen(f->log) - 1);
		jv_free(state);
		jv_free(alert);
	}
	jv_free(alerts);
}

static pp_status
feed(fixture *f, const char *record_json)
{
	jv record = jv_parse(record_json), alerts = jv_array();
	pp_error error = {NULL, 0, ""};
	pp_status status;

	cr_assert(jv_is_valid(record), "%s", record_json);
	status = pp_alerting_feed(f->engine, record, &alerts, &error);
	jv_free(record);
	log_alerts(f, alerts);
	return status;
}

static void
feed_value(fixture *f, const char *name, const char *tags, double end, double mean)
{
	char line[512];

	snprintf(line, sizeof(line), "{\"kind\":\"aggregate\",\"name\":\"%s\",\"tags\":%s,"
	    "\"end\":%.17g,\"mean\":%.17g,\"rate\":%.17g,\"percentiles\":{\"p99\":%.17g}}",
	    name, tags, end, mean, mean * 2, mean * 10);
	cr_assert_eq(feed(f, line), PP_OK);
}

static void
flush(fixture *f)
{
	jv alerts = jv_array();

	pp_alerting_flush(f->engine, &alerts);
	log_alerts(f, alerts);
}

Test(alerting, threshold_walks_pending_firing_resolved_with_for_and_keep_firing_for)
{
	fixture f;
	const double means[] = {1, 6, 7, 8, 9, 2, 3, 2, 2};
	size_t i;

	setup(&f, "{\"rules\":[{\"name\":\"t\",\"metric\":\"m\",\"threshold\":5,"
	    "\"for\":20,\"keep_firing_for\":20}]}");
	for (i = 0; i < 9; i++)
		feed_value(&f, "m", "{}", 10.0 * (double)i, means[i]);
	/* Holds from 10; fires at 30 (held 20s); clear from 50; resolves at 70. */
	cr_assert_str_eq(f.log, "pending@10/nan=6;firing@30/nan=8;resolved@30/70=2;");
	teardown(&f);
}

Test(alerting, threshold_with_hysteresis_does_not_flap)
{
	fixture f;
	const double means[] = {120, 95, 105, 90, 85, 79};
	size_t i;

	setup(&f, "{\"rules\":[{\"name\":\"t\",\"metric\":\"m\",\"threshold\":100,"
	    "\"resolve_threshold\":80}]}");
	for (i = 0; i < 6; i++)
		feed_value(&f, "m", "{}", 10.0 * (double)i, means[i]);
	cr_assert_str_eq(f.log, "firing@0/nan=120;resolved@0/50=79;");
	teardown(&f);
}

Test(alerting, series_are_separate_and_where_filters_them)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"t\",\"metric\":\"m*\",\"where\":{\"pool\":\"a\"},"
	    "\"stat\":\"p99\",\"threshold\":50}]}");
	feed_value(&f, "m", "{\"pool\":\"a\",\"host\":\"h\"}", 10, 6);
	feed_value(&f, "m", "{\"pool\":\"b\"}", 10, 60);
	feed_value(&f, "mx", "{\"pool\":\"a\"}", 10, 7);
	feed_value(&f, "n", "{\"pool\":\"a\"}", 10, 70);
	feed_value(&f, "m", "{\"pool\":\"a\",\"host\":\"h\"}", 20, 1);
	cr_assert_str_eq(f.log, "firing@10/nan=60;firing@10/nan=70;resolved@10/20=10;");
	teardown(&f);
}

Test(alerting, rate_limit_uses_the_rate_by_default)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"r\",\"type\":\"rate_limit\",\"metric\":\"m\","
	    "\"threshold\":10,\"for\":10}]}");
	feed_value(&f, "m", "{}", 10, 6);	/* rate 12 */
	feed_value(&f, "m", "{}", 20, 6);
	feed_value(&f, "m", "{}", 30, 4);	/* rate 8 */
	cr_assert_str_eq(f.log, "pending@10/nan=12;firing@20/nan=12;resolved@20/30=8;");
	teardown(&f);
}

Test(alerting, expr_holds_on_true_or_a_number_past_the_threshold)
{
	fixture f;

	setup(&f, "{\"rules\":["
	    "{\"name\":\"b\",\"type\":\"expr\",\"metric\":\"m\",\"expr\":\".mean > 5\"},"
	    "{\"name\":\"n\",\"type\":\"expr\",\"metric\":\"m\","
	    "\"expr\":\".percentiles.p99 / .mean\",\"threshold\":9.5}]}");
	feed_value(&f, "m", "{}", 10, 6);	/* b holds; ratio 10 > 9.5 */
	feed_value(&f, "m", "{}", 20, 4);
	cr_assert_str_eq(f.log, "firing@10/nan=1;firing@10/nan=10;resolved@10/20=0;");
	teardown(&f);
}

Test(alerting, expr_reports_a_runtime_error_and_a_wrong_result)
{
	fixture f;
	pp_error error = {NULL, 0, ""};
	jv alerts = jv_array();
	jv record = jv_parse("{\"kind\":\"aggregate\",\"name\":\"m\",\"end\":1,\"mean\":1}");

	setup(&f, "{\"rules\":[{\"name\":\"e\",\"type\":\"expr\",\"expr\":\".mean + \\\"x\\\"\"},"
	    "{\"name\":\"s\",\"type\":\"expr\",\"expr\":\".name\"}]}");
	cr_assert_eq(pp_alerting_feed(f.engine, record, &alerts, &error), PP_ERR_USAGE);
	cr_assert_str_eq(error.message, "rule \"s\": \"expr\" gave string, not a boolean or a number");
	jv_free(record);
	jv_free(alerts);
	teardown(&f);
}

Test(alerting, expr_that_does_not_compile_is_refused)
{
	pp_rule *rules;
	size_t count;
	pp_error error = {NULL, 0, ""};
	const char *text = "{\"rules\":[{\"name\":\"e\",\"type\":\"expr\",\"expr\":\".mean >\"}]}";

	cr_assert_eq(pp_rules_parse(text, strlen(text), &rules, &count, &error), PP_OK);
	cr_assert_null(pp_alerting_new(rules, count, &error));
	cr_assert_str_eq(error.message, "rule 1 \"e\": \"expr\" does not compile: jq: error: "
	    "syntax error, unexpected $end (Unix shell quoting issues?) at <top-level>, line 1: "
	    ".mean >");
	pp_rules_free(rules, count);
}

Test(alerting, anomaly_scores_after_min_samples_and_resolves)
{
	fixture f;
	size_t i;

	setup(&f, "{\"rules\":[{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\","
	    "\"sensitivity\":0.999,\"min_samples\":5}]}");
	/* A spike before min_samples is not scored. */
	feed_value(&f, "m", "{}", 0, 1000);
	for (i = 1; i < 10; i++)
		feed_value(&f, "m", "{}", 10.0 * (double)i, 10 + (double)(i % 3));
	cr_assert_str_eq(f.log, "");
	feed_value(&f, "m", "{}", 100, 40);
	feed_value(&f, "m", "{}", 110, 11);
	/* History 1000,11,12,10,11,12,10,11,12,10: median 11, MAD 1:
	 * z(40) = 29 / 1.4826 = 19.56...; z(11) = 0. */
	cr_assert(strncmp(f.log, "firing@100/nan=19.56", 20) == 0, "%s", f.log);
	cr_assert(strstr(f.log, ";resolved@100/110=0;") != NULL, "%s", f.log);
	teardown(&f);
}

Test(alerting, anomaly_findings_fire_and_clear_at_the_next_step)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\"}]}");
	feed(&f, "{\"kind\":\"finding\",\"type\":\"anomaly\",\"name\":\"m\",\"tags\":{},"
	    "\"ts\":20,\"score\":6.5,\"message\":\"m spiked\"}");
	feed(&f, "{\"kind\":\"finding\",\"type\":\"summary\",\"name\":\"m\",\"ts\":20}");
	feed(&f, "{\"kind\":\"finding\",\"type\":\"anomaly\",\"name\":\"other\",\"ts\":20}");
	feed_value(&f, "x", "{}", 30, 1);
	feed_value(&f, "x", "{}", 40, 1);
	cr_assert_str_eq(f.log, "firing@20/nan=6.5;resolved@20/30=0;");
	teardown(&f);
}

Test(alerting, trend_compares_with_the_value_one_window_ago)
{
	fixture f;
	const double rates[] = {100, 100, 95, 85, 78, 76, 90, 100};
	size_t i;

	setup(&f, "{\"rules\":[{\"name\":\"tr\",\"type\":\"trend\",\"metric\":\"m\","
	    "\"window\":\"20s\",\"threshold\":-0.2}]}");
	for (i = 0; i < 8; i++)
		feed_value(&f, "m", "{}", 10.0 * (double)i, rates[i]);
	/* t=40: 78 vs 95 (t=20) is -17.9%; t=50: 76 vs 85 is -10.6%...
	 * t=30: 85 vs 100 (t=10) is -15%.  None passes -20%, so compare
	 * further: nothing fires.  Then a sharper fall below. */
	cr_assert_str_eq(f.log, "");
	feed_value(&f, "m", "{}", 80, 70);	/* vs 90 at t=60: -22.2% */
	feed_value(&f, "m", "{}", 90, 60);	/* vs 100 at t=70: -40% */
	feed_value(&f, "m", "{}", 100, 70);	/* vs 70 at t=80: 0% */
	cr_assert(strncmp(f.log, "firing@80/nan=-0.2222", 21) == 0, "%s", f.log);
	cr_assert(strstr(f.log, ";resolved@80/100=0;") != NULL, "%s", f.log);
	teardown(&f);
}

Test(alerting, composite_needs_all_conditions_in_the_same_window)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"c\",\"type\":\"composite\",\"by\":[\"host\"],\"all\":["
	    "{\"metric\":\"cpu\",\"stat\":\"mean\",\"op\":\">\",\"threshold\":0.9},"
	    "{\"metric\":\"mem\",\"stat\":\"mean\",\"op\":\">\",\"threshold\":0.85}]}]}");
	feed_value(&f, "cpu", "{\"host\":\"h\"}", 10, 0.95);
	feed_value(&f, "mem", "{\"host\":\"h\"}", 10, 0.5);
	feed_value(&f, "cpu", "{\"host\":\"h\"}", 20, 0.95);
	feed_value(&f, "mem", "{\"host\":\"h\"}", 20, 0.9);
	feed_value(&f, "cpu", "{\"host\":\"g\"}", 20, 0.95);
	feed_value(&f, "cpu", "{\"host\":\"h\"}", 30, 0.5);
	feed_value(&f, "mem", "{\"host\":\"h\"}", 30, 0.9);
	cr_assert_str_eq(f.log, "firing@20/nan=0.95;");
	flush(&f);
	cr_assert_str_eq(f.log, "firing@20/nan=0.95;resolved@20/30=0.5;");
	teardown(&f);
}

Test(alerting, a_late_record_does_not_reopen_a_closed_step)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"c\",\"type\":\"composite\",\"all\":["
	    "{\"metric\":\"cpu\",\"stat\":\"mean\",\"op\":\">\",\"threshold\":0.9},"
	    "{\"metric\":\"mem\",\"stat\":\"mean\",\"op\":\">\",\"threshold\":0.85}]},"
	    "{\"name\":\"ab\",\"type\":\"absent\",\"metric\":\"mem\",\"window\":15}]}");
	feed_value(&f, "cpu", "{}", 10, 0.95);
	feed_value(&f, "mem", "{}", 10, 0.9);
	feed_value(&f, "cpu", "{}", 20, 0.95);	/* closes 10: firing */
	feed_value(&f, "mem", "{}", 5, 0.1);	/* late: neither clears nor rewinds */
	feed_value(&f, "mem", "{}", 20, 0.9);
	feed_value(&f, "cpu", "{}", 30, 0.5);	/* closes 20: still firing */
	flush(&f);			/* closes 30: cpu clear, mem silent 10s */
	cr_assert_str_eq(f.log, "firing@10/nan=0.95;resolved@10/30=0.5;");
	teardown(&f);
}

Test(alerting, absent_fires_after_the_window_of_silence_and_resolves_on_data)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"ab\",\"type\":\"absent\",\"metric\":\"m\","
	    "\"window\":\"30s\"}]}");
	feed_value(&f, "m", "{\"host\":\"h\"}", 0, 1);
	feed_value(&f, "other", "{}", 10, 1);
	feed_value(&f, "other", "{}", 20, 1);
	feed_value(&f, "other", "{}", 30, 1);
	feed_value(&f, "other", "{}", 40, 1);	/* closes 30: 30s of silence */
	feed_value(&f, "m", "{\"host\":\"h\"}", 50, 1);
	flush(&f);
	cr_assert_str_eq(f.log, "firing@30/nan=30;resolved@30/50=0;");
	teardown(&f);
}

Test(alerting, absent_fires_for_a_metric_never_seen_and_resolves_when_it_comes)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"ab\",\"type\":\"absent\",\"metric\":\"m\","
	    "\"where\":{\"host\":\"h\"},\"window\":\"20s\"}]}");
	feed_value(&f, "other", "{}", 100, 1);
	feed_value(&f, "other", "{}", 110, 1);
	feed_value(&f, "other", "{}", 120, 1);
	feed_value(&f, "other", "{}", 130, 1);	/* closes 120: 20s since 100 */
	feed_value(&f, "m", "{\"host\":\"h\",\"pool\":\"p\"}", 140, 1);
	flush(&f);
	feed_value(&f, "other", "{}", 150, 1);
	feed_value(&f, "other", "{}", 160, 1);
	flush(&f);
	/* The base series resolved and fell silent; the series seen at 140
	 * then goes quiet for 20s itself. */
	cr_assert_str_eq(f.log, "firing@120/nan=20;resolved@120/140=0;firing@160/nan=20;");
	teardown(&f);
}

Test(alerting, a_record_without_end_is_invalid_and_other_kinds_are_ignored)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"t\",\"metric\":\"m\",\"threshold\":5}]}");
	cr_assert_eq(feed(&f, "{\"kind\":\"aggregate\",\"name\":\"m\",\"mean\":9}"), PP_ERR_INVALID);
	cr_assert_eq(feed(&f, "{\"kind\":\"aggregate\",\"end\":3,\"mean\":9}"), PP_ERR_INVALID);
	cr_assert_eq(feed(&f, "{\"kind\":\"aggregate\",\"name\":\"m\",\"end\":3,\"tags\":{\"a\":1}}"),
	    PP_ERR_INVALID);
	cr_assert_eq(feed(&f, "{\"kind\":\"alert\",\"name\":\"m\",\"end\":3,\"mean\":9}"), PP_OK);
	cr_assert_eq(feed(&f, "{\"kind\":\"aggregate\",\"name\":\"m\",\"end\":\"2025-11-25T08:00:00Z\","
	    "\"mean\":9}"), PP_OK);
	cr_assert_str_eq(f.log, "firing@1.76406e+09/nan=9;");
	teardown(&f);
}

/* Feeds mean values 0..n-1 ten seconds apart to a fresh engine, saving and
 * loading the state into a new engine after every `split` records
 * (0: never); returns the log. */
static void
run_split(const char *rules, const double *means, size_t n, size_t split, char *log,
    size_t size)
{
	fixture f;
	size_t i;

	setup(&f, rules);
	for (i = 0; i < n; i++) {
		if (split > 0 && i > 0 && i % split == 0) {
			pp_error error = {NULL, 0, ""};
			jv state;

			flush(&f);
			state = pp_alerting_save(f.engine);
			pp_alerting_free(f.engine);
			f.engine = pp_alerting_new(f.rules, f.count, &error);
			cr_assert_eq(pp_alerting_load(f.engine, state, &error), PP_OK, "%s",
			    error.message);
		}
		feed_value(&f, "m", "{\"pool\":\"a\"}", 10.0 * (double)i, means[i]);
	}
	flush(&f);
	snprintf(log, size, "%s", f.log);
	teardown(&f);
}

Test(alerting, saved_state_continues_every_type_where_it_stopped)
{
	const char *rules = "{\"rules\":["
	    "{\"name\":\"t\",\"metric\":\"m\",\"threshold\":50,\"for\":20,\"keep_firing_for\":10,"
	    "\"resolve_threshold\":30},"
	    "{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\",\"min_samples\":4,\"max_samples\":5},"
	    "{\"name\":\"tr\",\"type\":\"trend\",\"metric\":\"m\",\"window\":20,\"threshold\":0.5},"
	    "{\"name\":\"c\",\"type\":\"composite\",\"any\":[{\"metric\":\"m\",\"stat\":\"p99\","
	    "\"op\":\">\",\"threshold\":600}]},"
	    "{\"name\":\"ab\",\"type\":\"absent\",\"metric\":\"m\",\"where\":{\"pool\":\"b\"},"
	    "\"window\":30}]}";
	const double means[] = {10, 11, 10, 12, 60, 70, 65, 40, 35, 20, 11, 10, 12, 11};
	char whole[4096], split[4096];
	size_t every;

	run_split(rules, means, 14, 0, whole, sizeof(whole));
	/* One run: absent fires at 30; threshold is pending at 40, fires at 60
	 * and resolves at 100; anomaly fires at 40 and resolves at 70; trend
	 * fires at 40 and resolves at 60; composite fires at 50, resolves at 70.
	 * The times follow from the rules by hand (for 20 s, keep_firing_for
	 * 10 s, resolve below 30; absent 30 s; records every 10 s).  The
	 * values, from the means above (feed_value gives p99 = 10 x mean), by
	 *   /usr/bin/python3 -c '
	 *   import statistics as st
	 *   m = [10, 11, 10, 12, 60, 70, 65, 40, 35, 20, 11, 10, 12, 11]
	 *   def z(x, prior):   # robust z: median and 1.4826 MAD of the prior
	 *       c = st.median(prior)
	 *       return (x - c) / (1.4826 * st.median([abs(v - c) for v in prior]))
	 *   print("anomaly %.6g %.6g" % (z(m[4], m[0:4]), z(m[7], m[2:7])))
	 *   print("trend %.6g %.6g" % ((m[4] - m[2]) / m[2], (m[6] - m[4]) / m[4]))
	 *   print("composite", 10 * m[5], 10 * m[7])'
	 * -> anomaly 66.7746 -1.34898, trend 5 0.0833333 (relative change over
	 * the 20 s window), composite 700 400; threshold 60, 65 and 11 and
	 * absent 30 are the means and seconds themselves. */
	cr_assert_str_eq(whole, "firing@30/nan=30;pending@40/nan=60;firing@40/nan=66.7746;"
	    "firing@40/nan=5;firing@50/nan=700;firing@60/nan=65;resolved@40/60=0.0833333;"
	    "resolved@40/70=-1.34898;resolved@50/70=400;resolved@60/100=11;");
	for (every = 1; every <= 5; every++) {
		run_split(rules, means, 14, every, split, sizeof(split));
		cr_assert_str_eq(split, whole, "split every %zu records", every);
	}
}

static void
expect_load_refused(const char *document, const char *message)
{
	fixture f;
	pp_error error = {NULL, 0, ""};
	jv state = jv_parse(document);

	setup(&f, "{\"rules\":[{\"name\":\"t\",\"metric\":\"m\",\"threshold\":5},"
	    "{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\"}]}");
	cr_assert_eq(pp_alerting_load(f.engine, state, &error), PP_ERR_INVALID, "%s", document);
	cr_assert_str_eq(error.message, message, "%s", document);
	teardown(&f);
}

#define HEAD "{\"perfpipe\":\"perf-alert-state\",\"version\":1,\"clock\":1,\"closed_through\":1,"
#define SERIES "\"rule\":\"t\",\"type\":\"threshold\",\"name\":\"m\",\"tags\":{},\"description\":null,"

Test(alerting, a_damaged_state_is_refused_with_a_reason)
{
	expect_load_refused("[]", "not a perf-alert state file");
	expect_load_refused("{\"perfpipe\":\"other\"}", "not a perf-alert state file");
	expect_load_refused("{\"perfpipe\":\"perf-alert-state\",\"version\":\"1\"}",
	    "a perf-alert state file of another version (this one reads version 1)");
	expect_load_refused("{\"perfpipe\":\"perf-alert-state\",\"version\":1,\"clock\":\"x\"}",
	    "\"clock\" is not a number");
	expect_load_refused(HEAD "\"series\":{}}", "\"series\" is not an array");
	expect_load_refused(HEAD "\"series\":[7]}", "series 1 is not an object");
	expect_load_refused(HEAD "\"series\":[{\"rule\":1}]}",
	    "series 1: \"rule\" is missing or is not of type string");
	expect_load_refused(HEAD "\"series\":[{" SERIES "\"state\":\"burning\"}]}",
	    "series 1: unknown state \"burning\"");
	expect_load_refused(HEAD "\"series\":[{" SERIES "\"tags\":{\"k\":1},\"state\":\"firing\"}]}",
	    "series 1: tag \"k\" is not a string");
	expect_load_refused(HEAD "\"series\":[{\"rule\":\"a\",\"type\":\"anomaly\",\"name\":\"m\","
	    "\"tags\":{},\"description\":null,\"state\":\"inactive\",\"active_since\":null,"
	    "\"triggered_at\":null,\"clear_since\":null,\"resolved_at\":null,\"value\":null,"
	    "\"threshold\":3,\"last_seen\":null,\"history\":[1,\"2\"]}]}",
	    "series 1: \"history\" holds a string");
}

/* One rule with for and keep_firing_for, fed (name, time, mean) triples. */
typedef struct walk {
	const char *rules;
	struct { const char *name; double time, mean; } feeds[12];
	bool flush;
	const char *expected;
} walk;

static void
run_walk(const walk *case_)
{
	fixture f;
	size_t i;

	setup(&f, case_->rules);
	for (i = 0; i < 12 && case_->feeds[i].name != NULL; i++)
		feed_value(&f, case_->feeds[i].name, "{}", case_->feeds[i].time,
		    case_->feeds[i].mean);
	if (case_->flush)
		flush(&f);
	cr_assert_str_eq(f.log, case_->expected, "%s", case_->rules);
	teardown(&f);
}

Test(alerting, every_type_goes_pending_firing_resolved_with_for_and_keep_firing_for)
{
	static const walk walks[] = {
		/* expr: holds at 10 and 20 (held 10s: fires), clear from 30,
		 * resolved at 40 after keep_firing_for 10s. */
		{"{\"rules\":[{\"name\":\"e\",\"type\":\"expr\",\"metric\":\"m\","
		    "\"expr\":\".mean > 5\",\"for\":10,\"keep_firing_for\":10}]}",
		    {{"m", 10, 6}, {"m", 20, 6}, {"m", 30, 1}, {"m", 40, 1}}, false,
		    "pending@10/nan=1;firing@20/nan=1;resolved@20/40=0;"},
		/* trend over 20s: 100 -> 70 is -30% at 30 and 40; +42.9% at 50
		 * and 60. */
		{"{\"rules\":[{\"name\":\"tr\",\"type\":\"trend\",\"metric\":\"m\",\"window\":20,"
		    "\"threshold\":-0.2,\"for\":10,\"keep_firing_for\":10}]}",
		    {{"m", 0, 100}, {"m", 10, 100}, {"m", 20, 100}, {"m", 30, 70}, {"m", 40, 70},
		    {"m", 50, 100}, {"m", 60, 100}}, false,
		    "pending@30/nan=-0.3;firing@40/nan=-0.3;resolved@40/60=0.428571;"},
		/* composite: both hold in the windows ending 10 and 20; cpu
		 * clear in those ending 30 and 40. */
		{"{\"rules\":[{\"name\":\"c\",\"type\":\"composite\",\"for\":10,\"keep_firing_for\":10,"
		    "\"all\":[{\"metric\":\"cpu\",\"stat\":\"mean\",\"threshold\":0.9},"
		    "{\"metric\":\"mem\",\"stat\":\"mean\",\"threshold\":0.85}]}]}",
		    {{"cpu", 10, 0.95}, {"mem", 10, 0.9}, {"cpu", 20, 0.95}, {"mem", 20, 0.9},
		    {"cpu", 30, 0.5}, {"mem", 30, 0.9}, {"cpu", 40, 0.5}, {"mem", 40, 0.9}}, true,
		    "pending@10/nan=0.95;firing@20/nan=0.95;resolved@20/40=0.5;"},
		/* absent after 20s: m last seen at 0 (the rule's own tags);
		 * silent 20s at 20, 30s at 30; back at 50; clear at 50 and 60. */
		{"{\"rules\":[{\"name\":\"ab\",\"type\":\"absent\",\"metric\":\"m\",\"window\":20,"
		    "\"for\":10,\"keep_firing_for\":10}]}",
		    {{"m", 0, 1}, {"x", 10, 1}, {"x", 20, 1}, {"x", 30, 1}, {"x", 40, 1},
		    {"m", 50, 1}, {"x", 60, 1}, {"x", 70, 1}}, false,
		    "pending@20/nan=20;firing@30/nan=30;resolved@30/60=10;"},
	};
	size_t i;

	for (i = 0; i < sizeof(walks) / sizeof(walks[0]); i++)
		run_walk(&walks[i]);
}

/* Robust z-scores of the walk below, from numpy:
 * /usr/bin/python3 -c "import numpy as np
 * def z(h, x):
 *   h=np.array(h,float); m=np.median(h); mad=np.median(abs(h-m))
 *   s=1.4826*mad if mad else 1.2533*np.mean(abs(h-m)); return (x-m)/s
 * print(z([10,12,10,12,10],30), z([10,12,10,12,10,30],30),
 *       z([10,12,10,12,10,30,30],12), z([10,12,10,12,10,30,30,12],11))"
 * gives 19.9473... 12.8153... 0.0 -0.33724... */
Test(alerting, anomaly_goes_pending_firing_resolved_with_for_and_keep_firing_for)
{
	static const walk anomaly = {
		"{\"rules\":[{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\",\"min_samples\":5,"
		    "\"for\":10,\"keep_firing_for\":10}]}",
		{{"m", 0, 10}, {"m", 10, 12}, {"m", 20, 10}, {"m", 30, 12}, {"m", 40, 10},
		    {"m", 50, 30}, {"m", 60, 30}, {"m", 70, 12}, {"m", 80, 11}}, false,
		"pending@50/nan=19.9473;firing@60/nan=12.8153;resolved@60/80=-0.337245;"};

	run_walk(&anomaly);
}

/* LeakSanitizer's switch when built with it (weak: links without). */
void __lsan_disable(void) __attribute__((weak));
void __lsan_enable(void) __attribute__((weak));

/* Every one-byte change of a saved state is loaded or refused with a
 * message, and the engine goes on working either way; none crashes.
 * Texts that are not JSON are parsed with leak detection off: libjq 1.6
 * leaks a string on some of them ({"a":1 "b":2}), a bug of libjq. */
Test(alerting, mutated_states_are_loaded_or_refused_never_crash)
{
	const char *rules = "{\"rules\":["
	    "{\"name\":\"t\",\"metric\":\"m\",\"threshold\":50,\"for\":20},"
	    "{\"name\":\"a\",\"type\":\"anomaly\",\"metric\":\"m\",\"min_samples\":3,\"max_samples\":4},"
	    "{\"name\":\"tr\",\"type\":\"trend\",\"metric\":\"m\",\"window\":20,\"threshold\":0.5},"
	    "{\"name\":\"c\",\"type\":\"composite\",\"all\":[{\"metric\":\"m\",\"stat\":\"p99\","
	    "\"threshold\":600}]},"
	    "{\"name\":\"ab\",\"type\":\"absent\",\"metric\":\"n\",\"window\":30}]}";
	static const char replacements[] = "0\"}]{[,:x-n";
	fixture f;
	pp_buffer saved = PP_BUFFER_INIT;
	size_t i, j, refused = 0;

	setup(&f, rules);
	feed_value(&f, "m", "{}", 0, 10);
	feed_value(&f, "m", "{}", 10, 11);
	feed_value(&f, "m", "{}", 20, 60);
	{
		jv state = pp_alerting_save(f.engine);

		pp_json_write_value(&saved, state);
		jv_free(state);
	}
	teardown(&f);
	for (i = 0; i < saved.length; i++)
		for (j = 0; j + 1 < sizeof(replacements); j++) {
			char *text = pp_strndup(saved.data, saved.length);
			jv state;

			text[i] = replacements[j];
			if (__lsan_disable != NULL)
				__lsan_disable();
			state = jv_parse(text);
			if (__lsan_enable != NULL)
				__lsan_enable();
			free(text);
			if (!jv_is_valid(state)) {
				jv_free(state);
				continue;
			}
			setup(&f, rules);
			{
				pp_error error = {NULL, 0, ""};

				if (pp_alerting_load(f.engine, state, &error) != PP_OK) {
					cr_assert_neq(error.message[0], '\0');
					refused++;
				}
			}
			feed_value(&f, "m", "{}", 30, 70);
			flush(&f);
			jv_free(pp_alerting_save(f.engine));
			teardown(&f);
		}
	pp_buffer_free(&saved);
	cr_assert_gt(refused, 0);
}

/* Feeds an aggregate of unit with one mean and returns the status, with
 * the message in message. */
static pp_status
feed_unit(fixture *f, const char *unit, double end, double mean, char *message)
{
	char line[512];
	jv record, alerts = jv_array();
	pp_error error = {NULL, 0, ""};
	pp_status status;

	snprintf(line, sizeof(line), "{\"kind\":\"aggregate\",\"name\":\"m\",\"tags\":{},"
	    "\"type\":\"timer\",\"unit\":\"%s\",\"end\":%.17g,\"mean\":%.17g,\"count\":3}",
	    unit, end, mean);
	record = jv_parse(line);
	status = pp_alerting_feed(f->engine, record, &alerts, &error);
	jv_free(record);
	log_alerts(f, alerts);
	if (message != NULL)
		strcpy(message, error.message);
	return status;
}

Test(alerting, a_threshold_with_a_unit_is_converted_to_the_series_unit)
{
	fixture f;

	/* 300ms against a series in seconds: 0.31 s fires, 0.29 s resolves */
	setup(&f, "{\"rules\":[{\"name\":\"t\",\"metric\":\"m\",\"threshold\":\"300ms\"}]}");
	cr_assert_eq(feed_unit(&f, "s", 60, 0.29, NULL), PP_OK);
	cr_assert_eq(feed_unit(&f, "s", 120, 0.31, NULL), PP_OK);
	cr_assert_eq(feed_unit(&f, "s", 180, 0.29, NULL), PP_OK);
	cr_assert_str_eq(f.log, "firing@120/nan=0.31;resolved@120/180=0.29;");
	teardown(&f);
}

Test(alerting, a_threshold_whose_unit_does_not_fit_the_series_stops_with_both_named)
{
	fixture f;
	char message[600];

	setup(&f, "{\"rules\":[{\"name\":\"t\",\"metric\":\"m\",\"threshold\":\"300ms\"}]}");
	cr_assert_eq(feed_unit(&f, "MB", 60, 1000, message), PP_ERR_CONFIG);
	cr_assert_str_eq(message, "rule \"t\": m mean: 300ms (a duration) does not fit MB (a size)");
	cr_assert_str_eq(f.log, "");
	teardown(&f);
	/* count is a number of things, whatever the metric's unit */
	setup(&f, "{\"rules\":[{\"name\":\"c\",\"metric\":\"m\",\"stat\":\"count\","
	    "\"threshold\":\"2ms\"}]}");
	cr_assert_eq(feed_unit(&f, "ms", 60, 1000, message), PP_ERR_CONFIG);
	cr_assert_str_eq(message, "rule \"c\": m count: 2ms (a duration) does not fit 1 (a count)");
	teardown(&f);
}

Test(alerting, a_composite_condition_with_a_unit_is_converted_per_series)
{
	fixture f;

	setup(&f, "{\"rules\":[{\"name\":\"both\",\"type\":\"composite\",\"all\":["
	    "{\"metric\":\"m\",\"stat\":\"mean\",\"threshold\":\"0.5s\"}]}]}");
	cr_assert_eq(feed_unit(&f, "ms", 60, 400, NULL), PP_OK);
	cr_assert_eq(feed_unit(&f, "ms", 120, 600, NULL), PP_OK);
	cr_assert_eq(feed_unit(&f, "ms", 180, 100, NULL), PP_OK);
	flush(&f);
	cr_assert_str_eq(f.log, "firing@120/nan=600;resolved@120/180=100;");
	teardown(&f);
}
