/*
 * render_influx.c - InfluxDB line protocol, one line per aggregate:
 *
 *     request.duration,pool=a count=40,sum=1289.625,...,p99=65.776 1764057600000000000
 *
 * The measurement is the metric name, the tags are the series' tags
 * (sorted, as InfluxDB prefers), the fields are the window's statistics
 * and percentiles as floats (a ratio aggregate's ratio, numerator and
 * denominator too), the timestamp is the window's start in nanoseconds.  Escaping follows the line protocol: in a measurement,
 * commas and spaces get a backslash; in tag keys, tag values and field
 * keys, commas, equals signs and spaces do.  What the protocol cannot
 * hold is changed the least that makes a real influxd store the line
 * (tests/cli/integration-influxdb.sh writes every case to one): a line
 * break becomes a space; a backslash that ends a name, key or value would
 * escape the separator after it (and "\\" reads back as two backslashes),
 * so it becomes _; a measurement starting with # would make the line a
 * comment, so the # becomes _; a tag key "time" (which InfluxDB refuses)
 * becomes "tag_time", left out when the series has that tag too.  A tag
 * with an empty key or value is left out, and so is a NaN or infinite
 * field, and a line whose time is outside InfluxDB's (years 1677 to 2262).
 */
#include "render.h"

#include <math.h>
#include <string.h>

#include "pp_json.h"

static const char *const fields[] = {
	"count", "sum", "min", "max", "mean", "stddev", "rate", "last", "increase",
	"ratio", "numerator", "denominator", NULL};

/* Appends text with a backslash before each character of special; a line
 * break becomes an escaped space and a final backslash a _. */
static void
append_escaped(pp_buffer *out, const char *text, const char *special)
{
	const char *c;

	for (c = text; *c != '\0'; c++) {
		if (*c == '\n' || *c == '\r') {
			pp_buffer_append_string(out, "\\ ");
			continue;
		}
		if (*c == '\\' && c[1] == '\0') {
			pp_buffer_append_char(out, '_');
			continue;
		}
		if (strchr(special, *c) != NULL)
			pp_buffer_append_char(out, '\\');
		pp_buffer_append_char(out, *c);
	}
}

static void
append_field(pp_buffer *out, const char *key, double value, bool *first)
{
	if (!isfinite(value))
		return;
	if (!*first)
		pp_buffer_append_char(out, ',');
	*first = false;
	append_escaped(out, key, ", =");
	pp_buffer_append_char(out, '=');
	pp_json_write_number(out, value);
	/* a whole number would read back as an integer field: keep it a float */
	if (value == floor(value) && fabs(value) < 1e15)
		pp_buffer_append_string(out, ".0");
}

/* The seconds whose nanoseconds fit InfluxDB's int64 times (which reserve
 * the two extremes): from 1677-09-21 to before 2262-04-11T23:47:16Z. */
#define INFLUX_FIRST_SECOND (-9223372036.0)
#define INFLUX_END_SECOND 9223372036.0

/* Epoch seconds as integer nanoseconds, without the rounding of a double
 * that holds 19 digits (seconds is within the limits above). */
static void
append_timestamp(pp_buffer *out, double seconds)
{
	double whole = floor(seconds);
	long long nanoseconds = llround((seconds - whole) * 1e9);

	pp_buffer_printf(out, " %lld\n", (long long)whole * 1000000000LL + nanoseconds);
}

/* The measurement: a leading # (a comment line) becomes _. */
static void
append_measurement(pp_buffer *out, const char *name)
{
	if (name[0] == '#') {
		pp_buffer_append_char(out, '_');
		name++;
	}
	append_escaped(out, name, ", ");
}

/* The tags, without empty keys and values; "time" is renamed. */
static void
append_tags(pp_buffer *out, const pp_tags *tags)
{
	size_t i;
	const char *key;

	for (i = 0; i < tags->count; i++) {
		key = tags->items[i].key;
		if (key[0] == '\0' || tags->items[i].value[0] == '\0')
			continue;
		if (strcmp(key, "time") == 0) {
			if (pp_tags_get(tags, "tag_time") != NULL)
				continue;
			key = "tag_time";
		}
		pp_buffer_append_char(out, ',');
		append_escaped(out, key, ", =");
		pp_buffer_append_char(out, '=');
		append_escaped(out, tags->items[i].value, ", =");
	}
}

static void
write_line(pp_buffer *out, const report_series *series, const report_window *window)
{
	size_t mark = out->length, i;
	bool first = true;
	jv percentiles;

	/* a whole-input aggregate without a start goes without a timestamp
	 * (the server's time) */
	if (!isnan(window->start) &&
	    !(window->start >= INFLUX_FIRST_SECOND && window->start < INFLUX_END_SECOND))
		return;
	percentiles = jv_object_get(jv_copy(window->aggregate), jv_string("percentiles"));
	append_measurement(out, series->name);
	append_tags(out, &series->tags);
	pp_buffer_append_char(out, ' ');
	for (i = 0; fields[i] != NULL; i++)
		append_field(out, fields[i], model_stat(window->aggregate, fields[i]), &first);
	if (jv_get_kind(percentiles) == JV_KIND_OBJECT)
		jv_object_foreach(percentiles, key, value) {
			if (jv_get_kind(value) == JV_KIND_NUMBER)
				append_field(out, jv_string_value(key), jv_number_value(value), &first);
			jv_free(key);
			jv_free(value);
		}
	jv_free(percentiles);
	if (first) {		/* no field: not a valid line */
		out->length = mark;
		out->data[mark] = '\0';
		return;
	}
	if (isnan(window->start))
		pp_buffer_append_char(out, '\n');
	else
		append_timestamp(out, window->start);
}

void
render_influx(const report_model *model, const render_options *options, pp_buffer *out)
{
	size_t i, j;

	(void)options;
	for (i = 0; i < model->series_count; i++)
		for (j = 0; j < model->series[i].count; j++)
			write_line(out, &model->series[i], &model->series[i].windows[j]);
}
