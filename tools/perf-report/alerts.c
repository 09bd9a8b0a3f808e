/*
 * alerts.c - alert records folded into one row per alert.  See alerts.h.
 *
 * The fold is a linear scan with a linear lookup of the row: a report
 * holds tens of alerts, not thousands, and --live caps the records it
 * keeps (model->max_records).
 */
#include "alerts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "pp_buffer.h"

/* A field of record, or null when it has none. */
static jv
field_or_null(jv record, const char *key)
{
	jv value = jv_object_get(jv_copy(record), jv_string(key));

	if (!jv_is_valid(value)) {
		jv_free(value);
		return jv_null();
	}
	return value;
}

/* The identity of the alert a record belongs to (caller frees). */
static char *
alert_key(jv record)
{
	const char *id = pp_aggregate_string(record, "id");
	jv identity;
	char *key;

	if (id != NULL)
		return pp_strndup(id, strlen(id));
	identity = jv_array();
	identity = jv_array_append(identity, field_or_null(record, "rule"));
	identity = jv_array_append(identity, field_or_null(record, "name"));
	identity = jv_array_append(identity, field_or_null(record, "tags"));
	identity = jv_dump_string(identity, JV_PRINT_SORTED);
	key = pp_strndup(jv_string_value(identity), strlen(jv_string_value(identity)));
	jv_free(identity);
	return key;
}

static bool
state_is(jv record, const char *state)
{
	const char *text = pp_aggregate_string(record, "state");

	return text != NULL && strcmp(text, state) == 0;
}

/* Whether value is further past the threshold than peak: below it for a
 * rule that fired below its threshold ("<"), else above. */
static bool
further(double value, double peak, bool downward)
{
	return isnan(peak) || (downward ? value < peak : value > peak);
}

/* Folds one record into its row: the later record decides the state.  The
 * peak is over the firing records (values past the threshold); an alert
 * that never fired has the highest value of its records. */
static void
fold(alert_row *row, jv record)
{
	double value = pp_record_number(record, "current_value");
	double threshold = pp_record_number(record, "threshold");
	double triggered = pp_record_number(record, "triggered_at");
	int severity = model_severity_rank(pp_aggregate_string(record, "severity"));

	jv explanation = jv_object_get(jv_copy(record), jv_string("explanation"));

	if (row->records == 0)
		row->explanation = jv_null();
	if (jv_get_kind(explanation) == JV_KIND_OBJECT) {
		jv_free(row->explanation);
		row->explanation = explanation;
	} else
		jv_free(explanation);
	if (row->records > 0)
		jv_free(row->last);
	row->last = jv_copy(record);
	if (row->records == 0 || state_is(record, "firing") || !row->ever_fired) {
		if (row->records > 0)
			jv_free(row->shown);
		row->shown = jv_copy(record);
	}
	row->records++;
	if (severity > row->severity)
		row->severity = severity;
	if (state_is(record, "firing")) {
		bool downward = !isnan(threshold) && !isnan(value) && value < threshold;

		if (!row->ever_fired || (!isnan(triggered) && triggered < row->fired_at))
			row->fired_at = triggered;
		if (!row->ever_fired)
			row->peak = NAN;	/* forget the values before it fired */
		row->ever_fired = true;
		if (!isnan(value) && further(value, row->peak, downward))
			row->peak = value;
	} else if (!row->ever_fired) {
		if (!isnan(value) && further(value, row->peak, false))
			row->peak = value;
		/* resolved with no firing record in the input: it fired before
		 * (a --state carried it); show when, but the gate does not count
		 * it (ever_fired stays false) */
		if (state_is(record, "resolved") && !isnan(triggered))
			row->fired_at = triggered;
	}
	row->threshold = threshold;
}

static void
finish_row(alert_row *row)
{
	const char *rule = pp_aggregate_string(row->last, "rule");
	const char *state = pp_aggregate_string(row->last, "state");

	row->rule = rule != NULL ? rule : pp_aggregate_string(row->last, "name");
	row->state = state != NULL ? state : "unknown";
	row->resolved_at = strcmp(row->state, "resolved") == 0 ?
	    pp_record_number(row->last, "resolved_at") : NAN;
}

static int
state_order(const char *state)
{
	return strcmp(state, "firing") == 0 ? 0 : strcmp(state, "pending") == 0 ? 1 :
	    strcmp(state, "resolved") == 0 ? 2 : 3;
}

static int
compare_rows(const void *a, const void *b)
{
	const alert_row *x = a, *y = b;

	if (x->severity != y->severity)
		return y->severity - x->severity;
	if (state_order(x->state) != state_order(y->state))
		return state_order(x->state) - state_order(y->state);
	return (x->first_seen > y->first_seen) - (x->first_seen < y->first_seen);
}

void
alert_rows_build(const report_model *model, alert_rows *rows)
{
	size_t capacity = (size_t)jv_array_length(jv_copy(model->alert_history)), i;
	char **keys = pp_xcalloc(capacity + 1, sizeof(char *));

	memset(rows, 0, sizeof(*rows));
	rows->rows = pp_xcalloc(capacity + 1, sizeof(alert_row));
	jv_array_foreach(model->alert_history, position, record) {
		char *key = alert_key(record);

		for (i = 0; i < rows->count && strcmp(keys[i], key) != 0; i++)
			;
		if (i == rows->count) {
			keys[rows->count] = key;
			rows->rows[i].first_seen = (size_t)position;
			rows->rows[i].fired_at = NAN;
			rows->rows[i].peak = NAN;
			rows->count++;
		} else {
			free(key);
		}
		fold(&rows->rows[i], record);
		jv_free(record);
	}
	for (i = 0; i < rows->count; i++) {
		finish_row(&rows->rows[i]);
		rows->firing += strcmp(rows->rows[i].state, "firing") == 0;
		rows->pending += strcmp(rows->rows[i].state, "pending") == 0;
		rows->resolved += strcmp(rows->rows[i].state, "resolved") == 0;
		free(keys[i]);
	}
	free(keys);
	qsort(rows->rows, rows->count, sizeof(alert_row), compare_rows);
}

jv
alert_records_in_report_order(const report_model *model)
{
	size_t count = (size_t)jv_array_length(jv_copy(model->alert_history)), i, r;
	char **keys = pp_xcalloc(count + 1, sizeof(char *));
	jv ordered = jv_array();
	alert_rows rows;

	for (i = 0; i < count; i++) {
		jv record = jv_array_get(jv_copy(model->alert_history), (int)i);

		keys[i] = alert_key(record);
		jv_free(record);
	}
	alert_rows_build(model, &rows);
	for (r = 0; r < rows.count; r++) {
		char *key = alert_key(rows.rows[r].last);

		for (i = 0; i < count; i++)
			if (strcmp(keys[i], key) == 0)
				ordered = jv_array_append(ordered,
				    jv_array_get(jv_copy(model->alert_history), (int)i));
		free(key);
	}
	alert_rows_free(&rows);
	pp_strings_free(keys, count);
	return ordered;
}

void
alert_rows_free(alert_rows *rows)
{
	size_t i;

	for (i = 0; i < rows->count; i++) {
		jv_free(rows->rows[i].last);
		jv_free(rows->rows[i].shown);
		jv_free(rows->rows[i].explanation);
	}
	free(rows->rows);
	memset(rows, 0, sizeof(*rows));
}

const char *
alert_rows_unit(const report_model *model, const alert_row *row)
{
	const char *name = pp_aggregate_string(row->last, "name");
	size_t i;

	for (i = 0; name != NULL && i < model->series_count; i++)
		if (strcmp(model->series[i].name, name) == 0)
			return model->series[i].unit;
	return NULL;
}

void
alert_rows_value(const report_model *model, const alert_row *row, double value,
    pp_buffer *out, bool ascii)
{
	const char *name = pp_aggregate_string(row->last, "name");
	const char *stat_unit = pp_aggregate_string(row->last, "unit");

	if (stat_unit != NULL)
		format_stat_value(out, value, stat_unit, ascii);
	else	/* a stream from before alerts had units */
		format_value(out, value, pp_people_unit_of(alert_rows_unit(model, row), name), ascii);
}

void
alert_rows_details(const report_model *model, const alert_row *row, pp_buffer *out,
    bool ascii)
{
	const char *separator = "";

	if (!isnan(row->peak)) {
		pp_buffer_append_string(out, "peak ");
		alert_rows_value(model, row, row->peak, out, ascii);
		separator = ", ";
	}
	if (!isnan(row->threshold)) {
		pp_buffer_printf(out, "%sthreshold ", separator);
		alert_rows_value(model, row, row->threshold, out, ascii);
		separator = ", ";
	}
	if (!isnan(row->fired_at)) {
		pp_buffer_printf(out, "%sfired ", separator);
		format_time(out, row->fired_at);
		separator = ", ";
	}
	if (!isnan(row->resolved_at)) {
		pp_buffer_printf(out, "%sresolved ", separator);
		format_time(out, row->resolved_at);
	}
}

void
alert_rows_headline(const alert_rows *rows, pp_buffer *out)
{
	const char *separator = " (";

	if (rows->count == 0) {
		pp_buffer_append_string(out, "0 alerts");
		return;
	}
	pp_buffer_printf(out, "%zu alert%s", rows->count, rows->count == 1 ? "" : "s");
	if (rows->firing > 0) {
		pp_buffer_printf(out, "%s%d firing", separator, rows->firing);
		separator = ", ";
	}
	if (rows->pending > 0) {
		pp_buffer_printf(out, "%s%d pending", separator, rows->pending);
		separator = ", ";
	}
	if (rows->resolved > 0) {
		pp_buffer_printf(out, "%s%d resolved", separator, rows->resolved);
		separator = ", ";
	}
	if (strcmp(separator, ", ") == 0)
		pp_buffer_append_char(out, ')');
}

void
alert_rows_explanation(const alert_row *row, pp_buffer *out)
{
	const char *dimension, *message;
	double power;
	jv values;

	if (jv_get_kind(row->explanation) != JV_KIND_OBJECT)
		return;
	dimension = pp_aggregate_string(row->explanation, "dimension");
	message = pp_aggregate_string(row->explanation, "message");
	power = pp_record_number(row->explanation, "explanatory_power");
	values = jv_object_get(jv_copy(row->explanation), jv_string("values"));
	pp_buffer_append_string(out, "explained by ");
	if (dimension != NULL && jv_get_kind(values) == JV_KIND_ARRAY) {
		jv_array_foreach(values, i, value) {
			if (i > 0)
				pp_buffer_append_string(out, ", ");
			if (jv_get_kind(value) == JV_KIND_STRING)
				pp_buffer_printf(out, "%s=%s", dimension, jv_string_value(value));
			jv_free(value);
		}
	}
	jv_free(values);
	if (!isnan(power)) {
		pp_buffer_append_string(out, " (explanatory power ");
		pp_people_value(out, power, (pp_people_unit){PP_PEOPLE_RATIO, 1.0, NULL}, true);
		pp_buffer_append_char(out, ')');
	}
	if (message != NULL)
		pp_buffer_printf(out, ": %s", message);
}

void
alert_rows_counts(const alert_rows *rows, const report_model *model, pp_buffer *out)
{
	int findings = jv_array_length(jv_copy(model->findings));

	pp_buffer_printf(out, "%zu series in %zu window%s, ", model->series_count,
	    model->aggregate_count, model->aggregate_count == 1 ? "" : "s");
	alert_rows_headline(rows, out);
	pp_buffer_printf(out, ", %d finding%s", findings, findings == 1 ? "" : "s");
	model_findings_left_out(model, out);
}
