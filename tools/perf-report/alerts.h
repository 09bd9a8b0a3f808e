/*
 * alerts.h - the alerts of a report, one row per alert.
 *
 * perf-alert writes a record for every state change of an alert (a rule on
 * one series): pending, firing, resolved, firing again.  A reader wants
 * the alert once: its final state, when it first fired and when it
 * resolved, and the worst value it reached.  alert_rows folds the records
 * (in input order, model->alert_history) into those rows, keyed by the
 * record's "id" (stable for a rule and series, perfpipe-stream(5)), or by
 * rule, name and tags when a record has no id.  The rows are in report
 * order: worst severity first, then final state (firing, pending,
 * resolved), then the order the alerts first appeared.
 */
#ifndef PERF_REPORT_ALERTS_H
#define PERF_REPORT_ALERTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "model.h"

typedef struct alert_row {
	jv last;		/* the latest record: state, series */
	jv shown;		/* the latest firing record (else the latest):
				 * its description and suggested actions */
	jv explanation;		/* the latest "explanation" of its records (an
				 * attribution finding, perf-alert(1)), or null */
	const char *rule;	/* borrowed from last; the name when no rule */
	const char *state;	/* final state, borrowed from last; or "unknown" */
	int severity;		/* a model_severity_rank, the highest of its records */
	bool ever_fired;	/* a record of it was "firing" */
	double fired_at;	/* the first firing record's triggered_at (else a
				 * resolved record's), or NAN */
	double resolved_at;	/* when the final state is resolved, or NAN */
	double peak;		/* the value furthest past the threshold, or NAN */
	double threshold;	/* of the latest record, or NAN */
	size_t records;		/* state changes folded into the row */
	size_t first_seen;	/* input position of its first record */
} alert_row;

typedef struct alert_rows {
	alert_row *rows;
	size_t count;
	int firing, pending, resolved;	/* rows by final state */
} alert_rows;

/* Folds model->alert_history into rows; free with alert_rows_free. */
void alert_rows_build(const report_model *model, alert_rows *rows);
void alert_rows_free(alert_rows *rows);

/* The alert records of model->alert_history (caller frees), alert by
 * alert in the order of alert_rows_build, each alert's records in input
 * order: the last record of an alert is its final state. */
jv alert_records_in_report_order(const report_model *model);

/* The unit of the series an alert is on (the first series of that name
 * in the model), borrowed, or NULL. */
const char *alert_rows_unit(const report_model *model, const alert_row *row);

/* Appends the peak or threshold of a row for a person ("1.14 s",
 * "2.04%"), in the unit of its stat (the record's "unit"), else of its
 * series; "-" when unknown. */
void alert_rows_value(const report_model *model, const alert_row *row, double value,
    pp_buffer *out, bool ascii);

/* Appends "peak P, threshold T, fired F, resolved R" (what is known). */
void alert_rows_details(const report_model *model, const alert_row *row, pp_buffer *out,
    bool ascii);

/* Appends the sentence a person reads about a row's explanation:
 * "explained by path=/api/b (explanatory power 100%): MESSAGE"; nothing
 * when the row has none.  The text is the stream's, not yet made safe for
 * an output. */
void alert_rows_explanation(const alert_row *row, pp_buffer *out);

/* Appends the headline count: "0 alerts", or "N alert(s) (F firing,
 * P pending, R resolved)" naming only the states that occur. */
void alert_rows_headline(const alert_rows *rows, pp_buffer *out);

/* Appends the counts of a report for text and markdown: "N series in M
 * window(s), " the headline count, ", F finding(s)" and the findings
 * --min-severity left out. */
void alert_rows_counts(const alert_rows *rows, const report_model *model, pp_buffer *out);

#endif
