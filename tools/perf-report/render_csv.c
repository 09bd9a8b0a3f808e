/*
 * render_csv.c - one row per aggregate, for spreadsheets and data frames.
 *
 * Columns: name, one tag.KEY column per tag key any series has (sorted),
 * unit, type, start, end, count, sum, min, max, mean, stddev, rate, last,
 * then ratio, numerator and denominator when any aggregate is a ratio
 * (perf-aggregate --ratio), then one column per percentile any aggregate
 * holds (ordered by rank: p50 before p99.9).  start and end are epoch
 * seconds whichever time form the stream used.  Rows come in report order (series, then time).
 * Numbers are the stream's exact doubles in their shortest form, so the
 * file reads back to the same values; a missing value is an empty field.
 * Quoting follows RFC 4180 through libcsv: a field is quoted (quotes
 * doubled) only when it holds a comma, a quote, a line break or edge
 * spaces; lines end in CRLF.
 */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "pp_json.h"

static const char *const number_columns[] = {
	"count", "sum", "min", "max", "mean", "stddev", "rate", "last", NULL};
static const char *const ratio_columns[] = {"ratio", "numerator", "denominator", NULL};

/* Whether any aggregate of the model is a ratio. */
static bool
any_ratio(const report_model *model)
{
	size_t i, j;

	for (i = 0; i < model->series_count; i++)
		for (j = 0; j < model->series[i].count; j++)
			if (!isnan(model_stat(model->series[i].windows[j].aggregate, "ratio")))
				return true;
	return false;
}

typedef struct string_set {
	char **items;
	size_t count;
} string_set;

static void
set_add(string_set *set, const char *item)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		if (strcmp(set->items[i], item) == 0)
			return;
	set->items = pp_xrealloc(set->items, (set->count + 1) * sizeof(char *));
	set->items[set->count++] = pp_strndup(item, strlen(item));
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "p99.9" after "p99" after "p50": by the number after the p. */
static int
compare_percentiles(const void *a, const void *b)
{
	double x = atof(*(char *const *)a + 1), y = atof(*(char *const *)b + 1);

	return x != y ? (x > y) - (x < y) : strcmp(*(char *const *)a, *(char *const *)b);
}

static void
collect_columns(const report_model *model, string_set *tag_keys, string_set *percentiles)
{
	size_t i, j, k;

	for (i = 0; i < model->series_count; i++) {
		const report_series *series = &model->series[i];

		for (k = 0; k < series->tags.count; k++)
			set_add(tag_keys, series->tags.items[k].key);
		for (j = 0; j < series->count; j++) {
			jv all = jv_object_get(jv_copy(series->windows[j].aggregate),
			    jv_string("percentiles"));

			if (jv_get_kind(all) == JV_KIND_OBJECT)
				jv_object_foreach(all, key, value) {
					set_add(percentiles, jv_string_value(key));
					jv_free(key);
					jv_free(value);
				}
			jv_free(all);
		}
	}
	if (tag_keys->count > 0)
		qsort(tag_keys->items, tag_keys->count, sizeof(char *), compare_strings);
	if (percentiles->count > 0)
		qsort(percentiles->items, percentiles->count, sizeof(char *), compare_percentiles);
}

/* Appends one field, quoted by libcsv when RFC 4180 requires it. */
static void
write_field(pp_buffer *out, const char *text, bool first)
{
	size_t length = strlen(text), needed;

	if (!first)
		pp_buffer_append_char(out, ',');
	if (strpbrk(text, ",\"\r\n") == NULL &&
	    (length == 0 || (text[0] != ' ' && text[length - 1] != ' '))) {
		pp_buffer_append(out, text, length);
		return;
	}
	needed = csv_write(NULL, 0, text, length);
	pp_buffer_reserve(out, needed + 1);
	csv_write(out->data + out->length, needed, text, length);
	out->length += needed;
	out->data[out->length] = '\0';
}

static void
write_number_field(pp_buffer *out, double value)
{
	pp_buffer_append_char(out, ',');
	if (!isnan(value))
		pp_json_write_number(out, value);
}

static void
write_header(pp_buffer *out, const string_set *tag_keys, const string_set *percentiles,
    bool ratios)
{
	pp_buffer name = PP_BUFFER_INIT;
	size_t i;

	write_field(out, "name", true);
	for (i = 0; i < tag_keys->count; i++) {
		pp_buffer_printf(&name, "tag.%s", tag_keys->items[i]);
		write_field(out, name.data, false);
		pp_buffer_clear(&name);
	}
	write_field(out, "unit", false);
	write_field(out, "type", false);
	write_field(out, "start", false);
	write_field(out, "end", false);
	for (i = 0; number_columns[i] != NULL; i++)
		write_field(out, number_columns[i], false);
	for (i = 0; ratios && ratio_columns[i] != NULL; i++)
		write_field(out, ratio_columns[i], false);
	for (i = 0; i < percentiles->count; i++)
		write_field(out, percentiles->items[i], false);
	pp_buffer_append_string(out, "\r\n");
	pp_buffer_free(&name);
}

static void
write_row(pp_buffer *out, const report_series *series, const report_window *window,
    const string_set *tag_keys, const string_set *percentiles, bool ratios)
{
	jv aggregate = window->aggregate;
	const char *unit = pp_aggregate_string(aggregate, "unit"), *type = pp_aggregate_string(aggregate, "type");
	size_t i;

	write_field(out, series->name, true);
	for (i = 0; i < tag_keys->count; i++) {
		const char *value = pp_tags_get(&series->tags, tag_keys->items[i]);

		write_field(out, value != NULL ? value : "", false);
	}
	write_field(out, unit != NULL ? unit : "", false);
	write_field(out, type != NULL ? type : "", false);
	write_number_field(out, window->start);
	write_number_field(out, isfinite(window->start) ? window->end : NAN);
	for (i = 0; number_columns[i] != NULL; i++)
		write_number_field(out, pp_record_number(aggregate, number_columns[i]));
	for (i = 0; ratios && ratio_columns[i] != NULL; i++)
		write_number_field(out, model_stat(aggregate, ratio_columns[i]));
	for (i = 0; i < percentiles->count; i++)
		write_number_field(out, model_percentile(aggregate, percentiles->items[i]));
	pp_buffer_append_string(out, "\r\n");
}

void
render_csv(const report_model *model, const render_options *options, pp_buffer *out)
{
	string_set tag_keys = {NULL, 0}, percentiles = {NULL, 0};
	bool ratios = any_ratio(model);
	size_t i, j;

	(void)options;
	collect_columns(model, &tag_keys, &percentiles);
	write_header(out, &tag_keys, &percentiles, ratios);
	for (i = 0; i < model->series_count; i++)
		for (j = 0; j < model->series[i].count; j++)
			write_row(out, &model->series[i], &model->series[i].windows[j],
			    &tag_keys, &percentiles, ratios);
	pp_strings_free(tag_keys.items, tag_keys.count);
	pp_strings_free(percentiles.items, percentiles.count);
}
