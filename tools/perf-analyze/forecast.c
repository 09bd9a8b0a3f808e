/*
 * forecast.c - the "forecast" findings: where each series' least squares
 * line leads --horizon past its last observation, with a 95% prediction
 * interval, and for a series named by --capacity, when the line reaches
 * the limit.  "Now" is the end of the series' last observation, never the
 * wall clock, so that output depends on the input alone.  Forecasts are
 * made only when --horizon or --capacity is given: for every series with
 * --horizon, only for the limited series otherwise, over a horizon as long
 * as the series' own timeframe (a line should not be stretched further).
 * Crossing times are rounded to the second.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "analysis.h"
#include "finding.h"
#include "pp_buffer.h"
#include "pp_forecast.h"
#include "pp_time.h"

static const double confidence = 0.95;

typedef struct outlook {
	double t0, now, horizon;
	pp_linear_fit fit;
	pp_prediction prediction;
	const capacity_limit *limit;
	double limit_value;		/* the limit in the unit of the series' stat */
	double crosses_at;		/* epoch, or NaN */
} outlook;

static const capacity_limit *
limit_of(const analysis_options *options, const series *s)
{
	size_t i;

	for (i = 0; i < options->capacity_count; i++)
		if (strcmp(options->capacities[i].name, s->name) == 0)
			return &options->capacities[i];
	return NULL;
}

pp_status
capacity_limit_in(const capacity_limit *limit, const series *s, double *value,
    pp_error *error)
{
	pp_quantity written = {limit->limit, ""};
	char stat_unit[PP_UNIT_NAME_SIZE + 8], text[64];
	pp_error unit_error;

	memcpy(written.unit, limit->unit, sizeof(written.unit));
	if (written.unit[0] == '\0') {
		*value = limit->limit;
		return PP_OK;
	}
	pp_unit_of_stat(s->unit, s->typed ? pp_point_type_name(s->type) : NULL, s->stat,
	    stat_unit, sizeof(stat_unit));
	if (pp_quantity_convert(&written, stat_unit, value, &unit_error) != PP_OK) {
		pp_quantity_format(&written, text, sizeof(text));
		return pp_error_set(error, PP_ERR_INVALID, "--capacity '%s%c%s': %s %s: %s",
		    limit->name, limit->op, text, s->label, s->stat, unit_error.message);
	}
	return PP_OK;
}

bool
capacity_limits_fit(const analysis_options *options, const series_set *set, pp_error *error)
{
	double value;
	size_t i;

	for (i = 0; i < set->count; i++) {
		const capacity_limit *limit = limit_of(options, set->items[i]);

		if (limit != NULL && capacity_limit_in(limit, set->items[i], &value, error) != PP_OK)
			return false;
	}
	return true;
}

static bool
look_ahead(const analysis_options *options, const series *s, outlook *o)
{
	double *x, *y;
	bool ok;
	size_t i;

	o->limit = limit_of(options, s);
	if (s->count < 3 || (options->horizon <= 0 && o->limit == NULL))
		return false;
	o->t0 = s->items[0].time;
	o->now = s->items[s->count - 1].end;
	o->horizon = options->horizon > 0 ? options->horizon : o->now - o->t0;
	x = pp_xmalloc(sizeof(double) * s->count);
	y = pp_xmalloc(sizeof(double) * s->count);
	for (i = 0; i < s->count; i++) {
		x[i] = s->items[i].time - o->t0;
		y[i] = s->items[i].value;
	}
	ok = pp_least_squares(x, y, s->count, &o->fit, NULL) == PP_OK;
	free(x);
	free(y);
	if (!ok)
		return false;
	o->prediction = pp_forecast_at(&o->fit, o->now + o->horizon - o->t0, confidence);
	o->crosses_at = NAN;
	if (o->limit != NULL && capacity_limit_in(o->limit, s, &o->limit_value, NULL) != PP_OK)
		o->limit = NULL;	/* checked before: capacity_limits_fit */
	if (o->limit != NULL) {
		double x_cross = pp_forecast_crossing(&o->fit, o->limit_value,
		    o->limit->op == '<', o->now - o->t0);

		if (isfinite(x_cross) && x_cross <= o->now + o->horizon - o->t0)
			o->crosses_at = round(o->t0 + x_cross);
	}
	return true;
}

static void
limit_clause(char *text, size_t size, const series *s, const outlook *o)
{
	char limit[64], when[64], in[64];
	const char *side = o->limit->op == '<' ? "below" : "above";

	format_stat_value(limit, sizeof(limit), o->limit_value, s);
	if (isnan(o->crosses_at)) {
		format_span(in, sizeof(in), o->horizon);
		snprintf(text, size, "; it stays %s its limit %s for the %s", side,
		    limit, in);
	} else if (o->crosses_at <= o->now) {
		snprintf(text, size, "; it is already %s its limit %s",
		    o->limit->op == '<' ? "above" : "below", limit);
	} else {
		pp_time_format_rfc3339(o->crosses_at, when, sizeof(when));
		format_span(in, sizeof(in), o->crosses_at - o->now);
		snprintf(text, size, "; it reaches its limit %s at %s, in %s", limit,
		    when, in);
	}
}

static jv
forecast_finding(const series *s, const outlook *o)
{
	char message[1024], value[64], low[64], high[64], when[64], span[64];
	char subject[512], clause[256] = "";
	const char *severity = "info";
	jv record;

	format_stat_value(value, sizeof(value), o->prediction.value, s);
	format_stat_value(low, sizeof(low), o->prediction.low, s);
	format_stat_value(high, sizeof(high), o->prediction.high, s);
	pp_time_format_rfc3339(o->now + o->horizon, when, sizeof(when));
	format_span(span, sizeof(span), o->horizon);
	if (o->limit != NULL) {
		limit_clause(clause, sizeof(clause), s, o);
		if (!isnan(o->crosses_at))
			severity = o->crosses_at <= o->now ? "critical" : "warning";
	}
	snprintf(message, sizeof(message), "%s is forecast at %s (95%% interval %s "
	    "to %s) at %s, %s after its last observation%s.",
	    finding_subject(s, subject, sizeof(subject)), value, low, high, when,
	    span, clause);
	record = finding_for_values("forecast", s, severity, message);
	record = jv_object_set(record, jv_string("now"), jv_number(o->now));
	record = jv_object_set(record, jv_string("horizon"), jv_number(o->horizon));
	record = jv_object_set(record, jv_string("at"), jv_number(o->now + o->horizon));
	record = jv_object_set(record, jv_string("value"), jv_number(o->prediction.value));
	record = jv_object_set(record, jv_string("low"), jv_number(o->prediction.low));
	record = jv_object_set(record, jv_string("high"), jv_number(o->prediction.high));
	record = jv_object_set(record, jv_string("confidence"), jv_number(confidence));
	record = jv_object_set(record, jv_string("slope_per_hour"),
	    jv_number(o->fit.slope * 3600.0));
	if (o->limit == NULL)
		return record;
	record = jv_object_set(record, jv_string("limit"), jv_number(o->limit_value));
	record = jv_object_set(record, jv_string("limit_op"),
	    jv_string(o->limit->op == '<' ? "<" : ">"));
	record = jv_object_set(record, jv_string("crosses_at"), jv_number(o->crosses_at));
	return jv_object_set(record, jv_string("crosses_in"), jv_number(
	    isnan(o->crosses_at) ? NAN : fmax(0.0, o->crosses_at - o->now)));
}

void
forecast_findings(const analysis_options *options, const series_set *set,
    jv *findings)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		outlook o;

		if (look_ahead(options, set->items[i], &o))
			*findings = jv_array_append(*findings,
			    forecast_finding(set->items[i], &o));
	}
}
