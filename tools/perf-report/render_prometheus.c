/*
 * render_prometheus.c - the Prometheus text exposition format (0.0.4) and
 * OpenMetrics 1.0, for a node_exporter textfile collector or a push
 * gateway.
 *
 * Names and values follow the Prometheus naming guide.  Values are in base
 * units: a duration metric (unit ns to h) is converted to seconds and its
 * families end in _seconds, a size to bytes (_bytes), a ratio or a
 * percentage to a ratio (_ratio).  Per metric: a summary family BASE_UNIT
 * holding the last window's percentiles (quantile label) with _count and
 * _sum cumulative over every window, as a client library's summary is; a
 * histogram BASE_distribution_UNIT when the aggregates carry cumulative le
 * buckets, the buckets, _count and _sum summed over the windows (when every
 * window has the same bounds, else the last window's); counters
 * BASE_UNIT_total (a counter metric's increase) and, without a summary,
 * BASE_samples_total (observations), both cumulative over every window;
 * and gauges of the last window BASE_min_UNIT, _max_, _mean_, _stddev_,
 * _last_, BASE_rate (per second) and, for a ratio aggregate, BASE_ratio
 * (numerator over denominator).  Metric and label names are
 * sanitised ([a-zA-Z_:][a-zA-Z0-9_:]*, anything else becomes '_'); a name
 * that clashes with one already written (a family name, or a label name in
 * one series) gets _2, _3 (before _total).  No sample carries a timestamp:
 * the textfile collector refuses them.
 */
#include "render.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "pp_json.h"
#include "pp_series.h"

/* The base unit of a metric's values: multiply by scale, end names with
 * suffix ("_seconds", "_bytes", "_ratio", or ""). */
typedef struct base_unit {
	double scale;
	const char *suffix;
} base_unit;

/* value in the base unit.  A power of ten moves the decimal point of the
 * value's shortest decimal form, so 13.397 ms is 0.013397 s (13.397 *
 * 1e-3 and 13.397 / 1000 are both 0.013397000000000001). */
static double
to_base(double value, double scale)
{
	double exponent = round(log10(scale));
	pp_buffer text = PP_BUFFER_INIT;
	double result;

	if (scale == 1 || !isfinite(value) || fabs(scale / pow(10, exponent) - 1) > 1e-12)
		return value * scale;
	pp_json_write_number(&text, value);
	if (strpbrk(text.data, "eE") != NULL) {	/* has its own exponent */
		pp_buffer_free(&text);
		return value * scale;
	}
	pp_buffer_printf(&text, "e%d", (int)exponent);
	result = strtod(text.data, NULL);
	pp_buffer_free(&text);
	return result;
}

static base_unit
base_unit_of(const report_series *series)
{
	pp_people_unit unit = pp_people_unit_of(series->unit, series->name);
	base_unit base = {1, ""};

	switch (unit.kind) {
	case PP_PEOPLE_SECONDS:
		base.scale = unit.scale;
		base.suffix = "_seconds";
		break;
	case PP_PEOPLE_BYTES:
		base.scale = unit.scale;
		base.suffix = "_bytes";
		break;
	case PP_PEOPLE_RATIO:
		base.suffix = "_ratio";
		break;
	case PP_PEOPLE_PERCENT:
		base.scale = 0.01;
		base.suffix = "_ratio";
		break;
	case PP_PEOPLE_PLAIN:
		break;
	}
	return base;
}

/* The family names written so far, and which format is written:
 * OpenMetrics forbids negative quantiles, counts and sums in a summary
 * or histogram, so those samples are left out of it.  A hash set (open
 * addressing, a tombstone for a name taken back), so that a report of
 * tens of thousands of series does not compare every name with every
 * other. */
typedef struct name_list {
	char **slots;		/* NULL: empty; TOMBSTONE: a name taken back */
	size_t capacity, used;	/* used: names and tombstones */
	bool openmetrics;
} name_list;

static char tombstone;
#define TOMBSTONE (&tombstone)

static size_t
hash_name(const char *name)
{
	return (size_t)pp_series_hash(name, strlen(name));
}

/* The slot holding name, else the first free slot on its probe path. */
static size_t
find_slot(const name_list *names, const char *name)
{
	size_t mask = names->capacity - 1, i = hash_name(name) & mask, free_slot = SIZE_MAX;

	/* bounded: the table is never more than half full of names and
	 * tombstones, so an empty slot ends every probe */
	for (; names->slots[i] != NULL; i = (i + 1) & mask) {
		if (names->slots[i] == TOMBSTONE) {
			if (free_slot == SIZE_MAX)
				free_slot = i;
		} else if (strcmp(names->slots[i], name) == 0) {
			return i;
		}
	}
	return free_slot != SIZE_MAX ? free_slot : i;
}

static bool
name_used(const name_list *names, const char *name)
{
	size_t slot;

	if (names->capacity == 0)
		return false;
	slot = find_slot(names, name);
	return names->slots[slot] != NULL && names->slots[slot] != TOMBSTONE;
}

static void
grow(name_list *names)
{
	char **old = names->slots;
	size_t old_capacity = names->capacity, i;

	names->capacity = old_capacity == 0 ? 64 : old_capacity * 2;
	names->slots = pp_xcalloc(names->capacity, sizeof(char *));
	names->used = 0;
	for (i = 0; i < old_capacity; i++)
		if (old[i] != NULL && old[i] != TOMBSTONE) {
			names->slots[find_slot(names, old[i])] = old[i];
			names->used++;
		}
	free(old);
}

static void
name_add(name_list *names, const char *name)
{
	size_t slot;

	if ((names->used + 1) * 2 > names->capacity)
		grow(names);
	slot = find_slot(names, name);
	if (names->slots[slot] == NULL)
		names->used++;
	names->slots[slot] = pp_strndup(name, strlen(name));
}

/* Takes back a name that was added but not written, so it stays free. */
static void
name_remove(name_list *names, const char *name)
{
	size_t slot = find_slot(names, name);

	if (names->slots[slot] != NULL && names->slots[slot] != TOMBSTONE) {
		free(names->slots[slot]);
		names->slots[slot] = TOMBSTONE;
	}
}

static void
name_list_free(name_list *names)
{
	size_t i;

	for (i = 0; i < names->capacity; i++)
		if (names->slots[i] != TOMBSTONE)
			free(names->slots[i]);
	free(names->slots);
}

/* Appends text with every character outside [a-zA-Z0-9_] (and ':' when
 * colon) as '_', and a leading '_' when it would start with a digit. */
static void
append_sanitised(pp_buffer *out, const char *text, bool colon)
{
	const char *c;

	if (isdigit((unsigned char)*text) || *text == '\0')
		pp_buffer_append_char(out, '_');
	for (c = text; *c != '\0'; c++)
		pp_buffer_append_char(out, isalnum((unsigned char)*c) || *c == '_' ||
		    (colon && *c == ':') ? *c : '_');
}

/* The family name for base + suffix, made unique among names. */
static char *
family_name(name_list *names, const char *base, const char *suffix)
{
	pp_buffer name = PP_BUFFER_INIT;
	size_t length;
	int n;

	pp_buffer_append_string(&name, base);
	pp_buffer_append_string(&name, suffix);
	length = name.length;
	for (n = 2; name_used(names, name.data); n++) {
		name.length = length;
		pp_buffer_printf(&name, "_%d", n);
	}
	name_add(names, name.data);
	return name.data;
}

/* Appends text escaped for a label value or HELP: \\, \n, and \" when quote. */
static void
append_escaped(pp_buffer *out, const char *text, bool quote)
{
	const char *c;

	for (c = text; *c != '\0'; c++) {
		if (*c == '\\')
			pp_buffer_append_string(out, "\\\\");
		else if (*c == '\n')
			pp_buffer_append_string(out, "\\n");
		else if (*c == '"' && quote)
			pp_buffer_append_string(out, "\\\"");
		else
			pp_buffer_append_char(out, *c);
	}
}

static void
append_value(pp_buffer *out, double value)
{
	if (isnan(value))
		pp_buffer_append_string(out, "NaN");
	else if (isinf(value))
		pp_buffer_append_string(out, value > 0 ? "+Inf" : "-Inf");
	else
		pp_json_write_number(out, value);
}

/* Appends {tags...,extra="value"} (or nothing when empty).  Tag names are
 * sanitised; one that is a name the format reserves (le, quantile, __*)
 * gets a "tag_" prefix, and one that repeats an earlier one gets _2, _3:
 * dropping it would give two series the same labels, and Prometheus keeps
 * only the first sample of a series in a scrape. */
static void
append_labels(pp_buffer *out, const pp_tags *tags, const char *extra, const char *extra_value)
{
	name_list seen = {NULL, 0, 0, false};
	pp_buffer label = PP_BUFFER_INIT;
	char *unique;
	size_t i;
	bool any = false;

	for (i = 0; i < tags->count; i++) {
		pp_buffer_clear(&label);
		append_sanitised(&label, tags->items[i].key, false);
		if (strcmp(label.data, "le") == 0 || strcmp(label.data, "quantile") == 0 ||
		    strncmp(label.data, "__", 2) == 0) {
			pp_buffer_clear(&label);
			pp_buffer_append_string(&label, "tag_");
			append_sanitised(&label, tags->items[i].key, false);
		}
		unique = family_name(&seen, label.data, "");
		pp_buffer_append_string(out, any ? "," : "{");
		any = true;
		pp_buffer_append_string(out, unique);
		free(unique);
		pp_buffer_append_string(out, "=\"");
		append_escaped(out, tags->items[i].value, true);
		pp_buffer_append_char(out, '"');
	}
	if (extra != NULL) {
		pp_buffer_printf(out, "%s%s=\"%s\"", any ? "," : "{", extra, extra_value);
		any = true;
	}
	if (any)
		pp_buffer_append_char(out, '}');
	pp_buffer_free(&label);
	name_list_free(&seen);
}

/* HELP escapes \\ and \n, and in OpenMetrics \" too.  In OpenMetrics a
 * counter family is named without its _total (its sample keeps it). */
static void
write_metadata(pp_buffer *out, const name_list *names, const char *family, const char *type,
    const report_series *series, const char *what, const char *over)
{
	size_t length = strlen(family);

	if (names->openmetrics && strcmp(type, "counter") == 0 && length > 6 &&
	    strcmp(family + length - 6, "_total") == 0)
		length -= 6;
	pp_buffer_printf(out, "# TYPE %.*s %s\n# HELP %.*s ", (int)length, family, type,
	    (int)length, family);
	append_escaped(out, what, names->openmetrics);
	pp_buffer_append_string(out, " of ");
	append_escaped(out, series->name, names->openmetrics);
	if (series->unit != NULL) {
		pp_buffer_append_string(out, " (");
		append_escaped(out, series->unit, names->openmetrics);
		pp_buffer_append_char(out, ')');
	}
	pp_buffer_printf(out, ", %s\n", over);
}

static jv
last_aggregate(const report_series *series)
{
	return series->windows[series->count - 1].aggregate;
}

/* Whether key names a percentile: "p" and a number in (0, 100]. */
static bool
key_is_percentile(jv key)
{
	const char *text = jv_string_value(key);
	char *end;
	double value;

	if (text[0] != 'p')
		return false;
	value = strtod(text + 1, &end);
	return end != text + 1 && *end == '\0' && value > 0 && value <= 100;
}

/* "p99.9" -> "0.999": the percentile as a quantile; 15 significant
 * digits hide the rounding of the division (99.9 / 100 is
 * 0.9990000000000001 as a double). */
static void
quantile_text(const char *key, char *text, size_t size)
{
	snprintf(text, size, "%.15g", atof(key + 1) / 100);
}

/* Appends "FAMILYSUFFIX{labels} value" for one series. */
static void
write_sample(pp_buffer *out, const char *family, const char *suffix, const pp_tags *tags,
    const char *extra, const char *extra_value, double value)
{
	pp_buffer_printf(out, "%s%s", family, suffix);
	append_labels(out, tags, extra, extra_value);
	pp_buffer_append_char(out, ' ');
	append_value(out, value);
	pp_buffer_append_char(out, '\n');
}

/* Whether a value may appear in a summary or histogram of this format. */
static bool
allowed(const name_list *names, double value)
{
	return !isnan(value) && (!names->openmetrics || value >= 0);
}

/* The total of stat over every window of series, times scale; NAN when
 * a window lacks it. */
static double
total_of(const report_series *series, const char *stat, double scale)
{
	double total = 0;
	size_t i;

	for (i = 0; i < series->count; i++)
		total += pp_record_number(series->windows[i].aggregate, stat);
	return to_base(total, scale);
}

/* One series' percentiles (the last window's), and count and sum over
 * every window; returns whether any was written. */
static bool
write_series_summary(pp_buffer *out, const char *family, const report_series *series,
    const name_list *names, base_unit unit)
{
	jv aggregate = last_aggregate(series);
	jv percentiles = jv_object_get(jv_copy(aggregate), jv_string("percentiles"));
	double count = total_of(series, "count", 1), sum = total_of(series, "sum", unit.scale);
	char quantile[64];
	bool any = false;

	if (jv_get_kind(percentiles) == JV_KIND_OBJECT) {
		jv_object_foreach(percentiles, key, value) {
			if (jv_get_kind(value) == JV_KIND_NUMBER && key_is_percentile(key) &&
			    allowed(names, jv_number_value(value))) {
				quantile_text(jv_string_value(key), quantile, sizeof(quantile));
				write_sample(out, family, "", &series->tags, "quantile", quantile,
				    to_base(jv_number_value(value), unit.scale));
				any = true;
			}
			jv_free(key);
			jv_free(value);
		}
	}
	jv_free(percentiles);
	if (any && allowed(names, count))
		write_sample(out, family, "_count", &series->tags, NULL, NULL, count);
	if (any && allowed(names, sum))
		write_sample(out, family, "_sum", &series->tags, NULL, NULL, sum);
	return any;
}

/* The percentiles of the metric as a summary family (quantile labels);
 * returns whether it was written. */
static bool
write_percentiles(pp_buffer *out, const report_series *series, size_t count,
    name_list *names, const char *base, base_unit unit)
{
	pp_buffer held = PP_BUFFER_INIT;
	char *family = family_name(names, base, unit.suffix);
	size_t i;
	bool any = false;

	for (i = 0; i < count; i++)
		any = write_series_summary(&held, family, &series[i], names, unit) || any;
	if (any) {
		write_metadata(out, names, family, "summary", &series[0],
		    "Percentiles", "last window; count and sum over all windows");
		pp_buffer_append(out, held.data, held.length);
	} else {
		name_remove(names, family);	/* not written: the name stays free */
	}
	free(family);
	pp_buffer_free(&held);
	return any;
}

/* The le of a bucket: a number, or "+Inf" (also "Inf", "inf", null).
 * Takes bound. */
static double
bucket_bound(jv bound)
{
	double value = jv_get_kind(bound) == JV_KIND_NUMBER ? jv_number_value(bound) : INFINITY;

	jv_free(bound);
	return value;
}

static void
write_bucket(pp_buffer *out, const char *family, const pp_tags *tags, double le,
    double count)
{
	pp_buffer bound = PP_BUFFER_INIT;

	append_value(&bound, le);
	pp_buffer_printf(out, "%s_bucket", family);
	append_labels(out, tags, "le", bound.data);
	pp_buffer_append_char(out, ' ');
	append_value(out, count);
	pp_buffer_append_char(out, '\n');
	pp_buffer_free(&bound);
}

/* Whether two bucket arrays have the same bounds. */
static bool
same_bounds(jv a, jv b)
{
	int length = jv_array_length(jv_copy(a)), i;
	bool same = length == jv_array_length(jv_copy(b));

	for (i = 0; same && i < length; i++) {
		jv x = jv_array_get(jv_array_get(jv_copy(a), i), 0);
		jv y = jv_array_get(jv_array_get(jv_copy(b), i), 0);

		same = bucket_bound(x) == bucket_bound(y);
	}
	return same;
}

static jv
buckets_of(const report_window *window)
{
	return jv_object_get(jv_copy(window->aggregate), jv_string("buckets"));
}

/* One series' buckets, ending in +Inf, with _count and _sum: summed over
 * every window when all have the last window's bounds, else the last
 * window's; returns false when it has none. */
static bool
write_series_buckets(pp_buffer *out, const char *family, const report_series *series,
    const name_list *names, base_unit unit)
{
	jv buckets = buckets_of(&series->windows[series->count - 1]);
	size_t first = 0, w;
	double last_bound = -INFINITY, last_count = 0, sum, count;
	int i, length;

	if (jv_get_kind(buckets) != JV_KIND_ARRAY || jv_array_length(jv_copy(buckets)) == 0) {
		jv_free(buckets);
		return false;
	}
	for (w = 0; w + 1 < series->count; w++) {
		jv other = buckets_of(&series->windows[w]);

		if (jv_get_kind(other) != JV_KIND_ARRAY || !same_bounds(other, buckets))
			first = series->count - 1;	/* cannot add up: the last only */
		jv_free(other);
	}
	length = jv_array_length(jv_copy(buckets));
	for (i = 0; i < length; i++) {
		jv bucket = jv_array_get(jv_copy(buckets), i);

		if (jv_get_kind(bucket) != JV_KIND_ARRAY) {
			jv_free(bucket);
			continue;
		}
		last_bound = bucket_bound(jv_array_get(jv_copy(bucket), 0));
		last_count = 0;
		for (w = first; w < series->count; w++) {
			jv mine = buckets_of(&series->windows[w]);
			jv n = jv_array_get(jv_array_get(mine, i), 1);

			if (jv_get_kind(n) == JV_KIND_NUMBER)
				last_count += jv_number_value(n);
			jv_free(n);
		}
		write_bucket(out, family, &series->tags, to_base(last_bound, unit.scale),
		    last_count);
		jv_free(bucket);
	}
	count = sum = 0;
	for (w = first; w < series->count; w++) {
		count += pp_record_number(series->windows[w].aggregate, "count");
		sum += pp_record_number(series->windows[w].aggregate, "sum");
	}
	sum = to_base(sum, unit.scale);
	if (!isinf(last_bound)) {
		last_count = isnan(count) ? last_count : count;
		write_bucket(out, family, &series->tags, INFINITY, last_count);
	}
	write_sample(out, family, "_count", &series->tags, NULL, NULL, last_count);
	if (allowed(names, sum))
		write_sample(out, family, "_sum", &series->tags, NULL, NULL, sum);
	jv_free(buckets);
	return true;
}

static void
write_histogram(pp_buffer *out, const report_series *series, size_t count,
    name_list *names, const char *base, base_unit unit)
{
	pp_buffer held = PP_BUFFER_INIT, stem = PP_BUFFER_INIT;
	char *family;
	size_t i;
	bool any = false;

	pp_buffer_printf(&stem, "_distribution%s", unit.suffix);
	family = family_name(names, base, stem.data);
	for (i = 0; i < count; i++)
		any = write_series_buckets(&held, family, &series[i], names, unit) || any;
	if (any) {
		write_metadata(out, names, family, "histogram", &series[0], "Distribution",
		    "all windows");
		pp_buffer_append(out, held.data, held.length);
	} else {
		name_remove(names, family);	/* not written: the name stays free */
	}
	free(family);
	pp_buffer_free(&held);
	pp_buffer_free(&stem);
}

/* A counter family: stem made unique with its _total free too, then
 * _total added (a _2 must come before _total). */
static char *
counter_name(name_list *names, const char *base, const char *suffix)
{
	pp_buffer stem = PP_BUFFER_INIT, name = PP_BUFFER_INIT;
	size_t length;
	int n;

	pp_buffer_printf(&stem, "%s%s", base, suffix);
	length = stem.length;
	for (n = 2;; n++) {
		pp_buffer_clear(&name);
		pp_buffer_printf(&name, "%s_total", stem.data);
		if (!name_used(names, stem.data) && !name_used(names, name.data))
			break;
		stem.length = length;
		pp_buffer_printf(&stem, "_%d", n);
	}
	name_add(names, stem.data);	/* the stem too, so that nothing else takes it */
	name_add(names, name.data);
	pp_buffer_free(&stem);
	return name.data;
}

/* A counter over every window: the total of stat, times scale. */
static void
write_counter(pp_buffer *out, const report_series *series, size_t count, name_list *names,
    const char *base, const char *suffix, const char *stat, double scale, const char *help)
{
	char *family = NULL;
	size_t i;

	for (i = 0; i < count; i++) {
		double value = total_of(&series[i], stat, scale);

		if (isnan(value) || value < 0)
			continue;	/* a counter never goes down */
		if (family == NULL) {
			family = counter_name(names, base, suffix);
			write_metadata(out, names, family, "counter", &series[0], help,
			    "over all windows");
		}
		write_sample(out, family, "", &series[i].tags, NULL, NULL, value);
	}
	free(family);
}

typedef struct stat_family {
	const char *stat;	/* field of the aggregate */
	const char *suffix;	/* of the family name, before the unit */
	const char *help;
	bool scaled;		/* in the metric's unit (false: per second) */
} stat_family;

static const stat_family stat_families[] = {
	{"min", "_min", "Smallest observation", true},
	{"max", "_max", "Largest observation", true},
	{"mean", "_mean", "Mean", true},
	{"stddev", "_stddev", "Sample standard deviation", true},
	{"rate", "_rate", "Observations (or increase) per second", false},
	{"last", "_last", "Last value", true},
	{"ratio", "_ratio", "Ratio of numerator to denominator", false},
	{NULL, NULL, NULL, false},
};

static void
write_stat(pp_buffer *out, const report_series *series, size_t count, name_list *names,
    const char *base, base_unit unit, const stat_family *stat)
{
	pp_buffer stem = PP_BUFFER_INIT;
	char *family = NULL;
	size_t i;

	pp_buffer_printf(&stem, "%s%s", stat->suffix, stat->scaled ? unit.suffix : "");
	for (i = 0; i < count; i++) {
		double value = model_stat(last_aggregate(&series[i]), stat->stat);

		if (isnan(value))
			continue;
		if (family == NULL) {
			family = family_name(names, base, stem.data);
			write_metadata(out, names, family, "gauge", &series[0], stat->help,
			    "last window");
		}
		write_sample(out, family, "", &series[i].tags, NULL, NULL,
		    stat->scaled ? to_base(value, unit.scale) : value);
	}
	free(family);
	pp_buffer_free(&stem);
}

static bool
is_counter(const report_series *series)
{
	const char *type = pp_aggregate_string(last_aggregate(series), "type");

	return type != NULL && (strcmp(type, "counter") == 0 || strcmp(type, "cumulative") == 0);
}

static void
write_metric(pp_buffer *out, const report_series *series, size_t count, name_list *names)
{
	pp_buffer base = PP_BUFFER_INIT;
	base_unit unit = base_unit_of(&series[0]);
	const stat_family *stat;
	size_t length;
	bool summary;

	append_sanitised(&base, series[0].name, true);
	length = strlen(unit.suffix);
	if (length > 0 && base.length > length &&	/* "duration_seconds" in seconds */
	    strcmp(base.data + base.length - length, unit.suffix) == 0) {
		base.length -= length;
		base.data[base.length] = '\0';
	}
	summary = write_percentiles(out, series, count, names, base.data, unit);
	write_histogram(out, series, count, names, base.data, unit);
	if (is_counter(&series[0]))
		write_counter(out, series, count, names, base.data, unit.suffix, "sum",
		    unit.scale, "Increase");
	if (!summary)
		write_counter(out, series, count, names, base.data, "_samples", "count", 1,
		    "Observations");
	for (stat = stat_families; stat->stat != NULL; stat++)
		write_stat(out, series, count, names, base.data, unit, stat);
	pp_buffer_free(&base);
}

static void
write_all(const report_model *model, pp_buffer *out, bool openmetrics)
{
	name_list names = {NULL, 0, 0, openmetrics};
	size_t first = 0, next;

	while (first < model->series_count) {
		next = model_metric_end(model, first);
		write_metric(out, &model->series[first], next - first, &names);
		first = next;
	}
	name_list_free(&names);
}

void
render_prometheus(const report_model *model, const render_options *options, pp_buffer *out)
{
	(void)options;
	write_all(model, out, false);
}

void
render_openmetrics(const report_model *model, const render_options *options, pp_buffer *out)
{
	(void)options;
	write_all(model, out, true);
	pp_buffer_append_string(out, "# EOF\n");
}
