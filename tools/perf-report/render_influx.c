/*
 * render_influx.c - InfluxDB line protocol, one line per aggregate:
 *
 *     request.duration,pool=a count=40,sum=1289.625,...,p99=65.776 1764057600000000000
 *
 * The measurement is the metric name, the tags are the series' tags
 * (sorted, as InfluxDB prefers), the fields are the window's statistics
 * and percentiles as floats, the timestamp is the window's start in
 * nanoseconds.  Escaping follows the line protocol: in a measurement,
 * commas and spaces get a backslash; in tag keys, tag values and field
 * keys, commas, equals signs and spaces do.  The protocol cannot hold a
 * line break in a name, so one becomes a space; a tag with an empty value
 * is left out, as InfluxDB requires, and so is a NaN or infinite field.
 */
#include "render.h"

#include <math.h>
#include <string.h>

#include "pp_json.h"

static const char *const fields[] = {
	"count", "sum", "min", "max", "mean", "stddev", "rate", "last", "increase", NULL};

/* Appends text with a backslash before each character of special and
 * before a backslash: a literal one would escape what follows it (a tag
 * value ending in "\\" swallowed the "=" or "," after it). */
static void
append_escaped(pp_buffer *out, const char *text, const char *special)
{
	const char *c;

	for (c = text; *c != '\0'; c++) {
		if (*c == '\n' || *c == '\r') {
			pp_buffer_append_string(out, "\\ ");
			continue;
		}
		if (strchr(special, *c) != NULL || *c == '\\')
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

/* Epoch seconds as integer nanoseconds, without the rounding of a double
 * that holds 19 digits. */
static void
append_timestamp(pp_buffer *out, double seconds)
{
	double whole = floor(seconds);
	long long nanoseconds = llround((seconds - whole) * 1e9);

	if (nanoseconds >= 1000000000LL) {
		whole += 1;
		nanoseconds -= 1000000000LL;
	}
	pp_buffer_printf(out, " %.0f%09lld\n", whole, nanoseconds);
}

static void
write_line(pp_buffer *out, const report_series *series, const report_window *window)
{
	size_t mark = out->length, i;
	bool first = true;
	jv percentiles = jv_object_get(jv_copy(window->aggregate), jv_string("percentiles"));

	append_escaped(out, series->name, ", ");
	for (i = 0; i < series->tags.count; i++) {
		if (series->tags.items[i].value[0] == '\0')
			continue;
		pp_buffer_append_char(out, ',');
		append_escaped(out, series->tags.items[i].key, ", =");
		pp_buffer_append_char(out, '=');
		append_escaped(out, series->tags.items[i].value, ", =");
	}
	pp_buffer_append_char(out, ' ');
	for (i = 0; fields[i] != NULL; i++)
		append_field(out, fields[i], model_number(window->aggregate, fields[i]), &first);
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
