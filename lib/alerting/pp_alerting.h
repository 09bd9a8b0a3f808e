/*
 * lib/alerting/ - alert rules and their evaluation: the rule model, the
 * -t shorthand and the rules file (pp_rule), the scores rules compare
 * (pp_alert_score), the pending/firing/resolved lifecycle (pp_lifecycle),
 * and the engine that evaluates rules over aggregates and findings in
 * event time and saves its state (pp_alerting, with its private modules
 * pp_alerting_series, pp_alerting_evaluate, pp_alert_text and
 * pp_alerting_state).  This header is the folder's main one.
 */
/*
 * pp_alerting.h - evaluating alert rules over a stream of aggregates and
 * findings, in event time.
 *
 * The engine keeps one series per rule and tag set (a pp_lifecycle plus
 * what the rule's type needs: a bounded history for anomaly, the values of
 * the trend window, the open window of a composite, the last time data was
 * seen for absent).  Time is the aggregates' "end": a rule holds or not at
 * the time the data describes, so a replayed log gives the same alerts as
 * the live stream did.
 *
 * Most rules are evaluated as each aggregate arrives.  Composite and absent
 * rules look at a whole time step (every aggregate with one "end"), so they
 * are evaluated when the step closes: when an aggregate with a later end
 * arrives, or at pp_alerting_flush (end of input).  Input is expected in
 * time order per series, as perf-aggregate writes it.
 *
 * Every transition becomes an alert record (a jv object in the stream's
 * alert shape) appended to the caller's array.  The whole state can be
 * saved as a jv and loaded back, so runs from cron continue one another.
 * Memory grows with rules x series, plus max_samples values per anomaly
 * series and one window of values per trend series.
 */
#ifndef PP_ALERTING_H
#define PP_ALERTING_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_error.h"
#include "pp_rule.h"

typedef struct pp_alerting pp_alerting;

/* An engine for rules[0..count), which it borrows (they must outlive it).
 * Compiles expr rules; on a compile error returns NULL with the rule and
 * jq's message in error. */
pp_alerting *pp_alerting_new(const pp_rule *rules, size_t count, pp_error *error);
void pp_alerting_free(pp_alerting *alerting);

/*
 * Feeds one record (an aggregate or a finding; other kinds are ignored),
 * appending alert records for the transitions it causes to *alerts (a jv
 * array, consumed and replaced).  Borrows record.  Returns PP_OK;
 * PP_ERR_INVALID when the record is not a usable aggregate (no "name" or
 * no numeric "end"): reject it; PP_ERR_USAGE when a rule failed on it (an
 * expr error): warn, the record itself is fine and the other rules ran;
 * PP_ERR_CONFIG when a rule's threshold has a unit that does not fit the
 * series' (pp_rule_threshold_in): a configuration error, the run should
 * stop with the message, which names the rule, the series and both units.
 */
pp_status pp_alerting_feed(pp_alerting *alerting, jv record, jv *alerts, pp_error *error);

/* When record is an aggregate later than every one before, closes the
 * time step it ends (composite and absent rules), appending those alerts.
 * Call it before writing record out, so that these alerts come before it
 * as they would at the end of a run that stopped there; pp_alerting_feed
 * does it too when not done.  Borrows record. */
void pp_alerting_close_before(pp_alerting *alerting, jv record, jv *alerts);

/* Closes the current time step (end of input): evaluates composite and
 * absent rules for it. */
void pp_alerting_flush(pp_alerting *alerting, jv *alerts);

/* The stat of rule when aggregates matched it but none had that stat (a
 * typo such as "p98" where only p95 and p99 exist), else NULL. */
const char *pp_alerting_missing_stat(const pp_alerting *alerting, size_t rule);

/* Whether any aggregate (or, for anomaly rules, finding) in the input so
 * far matched rule's metric and tags.  Absent rules always count as
 * matched: silence is what they watch for; so does a rule with a series
 * restored by pp_alerting_load (it matched in an earlier run).  A rule that
 * matched nothing
 * (a typo in its metric or selector) is what a gate must not pass on. */
bool pp_alerting_rule_matched(const pp_alerting *alerting, size_t rule);

/* The number of series the engine keeps state for (it grows with the
 * distinct series that matched a rule). */
size_t pp_alerting_series_count(const pp_alerting *alerting);

/* The alert records of everything firing now (a new jv array). */
jv pp_alerting_firing(const pp_alerting *alerting);

/* The state of every series as a jv object (see pp_alerting_load). */
jv pp_alerting_save(const pp_alerting *alerting);
/* Restores a state saved by pp_alerting_save (consumes state).  Series of
 * rules that no longer exist are dropped.  Returns PP_ERR_INVALID with a
 * message for anything that is not such a state. */
pp_status pp_alerting_load(pp_alerting *alerting, jv state, pp_error *error);

#endif
