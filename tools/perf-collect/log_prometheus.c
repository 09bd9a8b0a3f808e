/*
 * log_prometheus.c - `--format prometheus` and `--format openmetrics`:
 * metric expositions into points.
 *
 * prometheus reads the text exposition format as tolerantly as
 * Prometheus's own scraper: any comment, blank lines, trailing commas,
 * timestamps in milliseconds.  openmetrics is strict: besides the grammar
 * (prom_text.c) it enforces the OpenMetrics rules on families, which need
 * a little memory of the exposition: the family being read (its TYPE,
 * UNIT, HELP, label groups, histogram bucket run) and the names earlier
 * families used, so that a family cannot come back or clash.  The rules
 * follow the OpenMetrics reference parser, and the CLI test runs the
 * project's whole parser suite.  Memory grows with the families and label
 * groups of one exposition and is released at "# EOF".
 *
 * Points: each sample is one point named as the sample; counters' _total
 * and histogram and summary _count, _sum and _bucket are "cumulative",
 * everything else a gauge; labels become tags; the timestamp is the
 * sample's, else the time the input was opened.  NaN and infinite values,
 * which JSON cannot carry, give no point.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "name_map.h"
#include "pp_time.h"
#include "prom_text.h"

typedef enum family_type {
	TYPE_UNKNOWN, TYPE_COUNTER, TYPE_GAUGE, TYPE_HISTOGRAM, TYPE_GAUGEHISTOGRAM,
	TYPE_SUMMARY, TYPE_INFO, TYPE_STATESET, TYPE_COUNT
} family_type;

static const char *const type_names[TYPE_COUNT] = {
	"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info",
	"stateset"};

/* The sample names a family of each type may use, as suffixes. */
static const char *const type_suffixes[TYPE_COUNT][5] = {
	{"", NULL}, {"_total", "_created", NULL}, {"", NULL},
	{"_count", "_sum", "_bucket", "_created", NULL},
	{"_gcount", "_gsum", "_bucket", NULL},
	{"", "_count", "_sum", "_created", NULL}, {"_info", NULL}, {"", NULL}};

/* One run of histogram samples with the same labels and timestamp. */
typedef struct bucket_run {
	bool active;
	pp_buffer group;
	bool has_ts;
	double ts;
	bool has_bucket, has_count, has_sum, has_gsum, negative_bucket, negative_gsum;
	double bucket, bucket_value, count;
} bucket_run;

struct log_parser {
	log_options *options;
	bool strict;			/* openmetrics */
	prom_sample sample;
	const char *source;
	long number;
	const char *line;
	size_t length;
	/* openmetrics: the exposition so far */
	bool eof;
	pp_buffer family;		/* the current family's name; empty before one */
	bool in_family, has_samples, has_help, has_type, has_unit;
	family_type type;
	pp_buffer unit;
	name_map used_names;		/* families and sample names of earlier families */
	name_map groups;		/* label groups seen in this family */
	pp_buffer group;		/* the current group */
	bool in_group, group_has_ts;
	double group_ts;
	bucket_run run;
	pp_buffer key;
	/* prometheus: TYPE per family name */
	name_map types;
	pp_tags tags;
};

static bool
reject(log_parser *p, const char *format, const char *argument)
{
	tool_reject_line(&p->options->c.tool, p->source, p->number, p->line, p->length,
	    format, argument);
	return false;
}

/* ---- emitting ---- */

static void
emit_sample(log_parser *p, family_type type, const char *suffix, const char *unit,
    double ts_scale)
{
	const prom_sample *s = &p->sample;
	pp_point_type point_type = PP_TYPE_GAUGE;
	bool counting = strcmp(suffix, "_count") == 0 || strcmp(suffix, "_bucket") == 0;
	size_t i;

	if (!isfinite(s->value))
		return;
	if (s->has_ts && !pp_time_in_range(s->ts * ts_scale)) {
		/* valid exposition, but no stream time: like NaN, no point */
		tool_warn(&p->options->c.tool, "%s:%ld: the timestamp of %s is outside "
		    "the years 0000 to 9999: no point", p->source, p->number, s->name);
		return;
	}
	if ((type == TYPE_COUNTER && strcmp(suffix, "_created") != 0) ||
	    ((type == TYPE_HISTOGRAM || type == TYPE_SUMMARY) &&
	    (counting || strcmp(suffix, "_sum") == 0)))
		point_type = PP_TYPE_CUMULATIVE;
	if (strcmp(suffix, "_created") == 0)
		unit = "s";
	else if (counting || strcmp(suffix, "_gcount") == 0 || (unit != NULL && *unit == '\0'))
		unit = NULL;
	pp_tags_clear(&p->tags);
	for (i = 0; i < s->label_count; i++)
		pp_tags_set(&p->tags, s->labels[i].name, s->labels[i].value);
	collect_emit(&p->options->c, s->name, s->value, true,
	    s->has_ts ? s->ts * ts_scale : collect_input_time(&p->options->c), point_type, unit, &p->tags);
}

/* ---- prometheus: tolerant ---- */

static family_type
parse_type(const char *text, size_t length)
{
	int i;

	for (i = 0; i < TYPE_COUNT; i++)
		if (strlen(type_names[i]) == length && memcmp(type_names[i], text, length) == 0)
			return (family_type)i;
	return TYPE_COUNT;
}

static void
remember_type(log_parser *p, const char *line, size_t length)
{
	const char *name, *end = line + length, *type;
	family_type t;

	line += 6;	/* "# TYPE" */
	while (line < end && (*line == ' ' || *line == '\t'))
		line++;
	for (name = line; line < end && *line != ' ' && *line != '\t'; line++)
		;
	if (line == name)
		return;
	for (type = line; type < end && (*type == ' ' || *type == '\t'); type++)
		;
	t = parse_type(type, (size_t)(end - type));
	if (t == TYPE_COUNT)
		t = TYPE_UNKNOWN;	/* "untyped" and anything new */
	name_map_set(&p->types, name, (size_t)(line - name), (int)t);
}

/* The family of a sample name in the prometheus format: the name itself
 * or the name less a known suffix, whichever a TYPE line named. */
static family_type
lookup_type(const log_parser *p, const char *name, const char **suffix)
{
	static const char *const suffixes[] = {"_bucket", "_count", "_sum", "_total",
		"_created", "_gcount", "_gsum", "_info"};
	size_t length = strlen(name), i, n;
	int type;

	*suffix = "";
	if (name_map_get(&p->types, name, length, &type))
		return (family_type)type;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		n = strlen(suffixes[i]);
		if (length > n && strcmp(name + length - n, suffixes[i]) == 0 &&
		    name_map_get(&p->types, name, length - n, &type)) {
			*suffix = name + length - n;
			return (family_type)type;
		}
	}
	return TYPE_UNKNOWN;
}

static void
prometheus_line(log_parser *p, const char *line, size_t length)
{
	const char *problem, *suffix;
	family_type type;

	while (length > 0 && (*line == ' ' || *line == '\t'))
		line++, length--;
	if (length == 0)
		return;
	if (*line == '#') {
		if (length > 7 && memcmp(line, "# TYPE", 6) == 0 &&
		    (line[6] == ' ' || line[6] == '\t'))
			remember_type(p, line, length);
		return;
	}
	problem = prom_parse_sample(line, length, true, &p->sample);
	if (problem != NULL) {
		reject(p, "%s", problem);
		return;
	}
	type = lookup_type(p, p->sample.name, &suffix);
	if (type == TYPE_COUNTER && *suffix == '\0')
		suffix = "_total";	/* the text format's counters need no suffix */
	emit_sample(p, type, suffix, NULL, 0.001);
}

/* ---- openmetrics: strict ---- */

static const char *
family_name(const log_parser *p)
{
	return p->family.data;
}

/* Whether the family's type allows sample name; *suffix is the rest. */
static bool
allowed_name(const log_parser *p, const char *name, const char **suffix)
{
	size_t n = p->family.length;
	int i;

	if (!p->in_family || strncmp(name, family_name(p), n) != 0)
		return false;
	for (i = 0; type_suffixes[p->type][i] != NULL; i++)
		if (strcmp(name + n, type_suffixes[p->type][i]) == 0) {
			*suffix = type_suffixes[p->type][i];
			return true;
		}
	return false;
}

/* A name an earlier family used: a family must be contiguous, and two
 * families cannot share a sample name. */
static bool
name_used(log_parser *p, const char *name, size_t length)
{
	return name_map_get(&p->used_names, name, length, NULL);
}

static bool
check_type_names(log_parser *p)
{
	int i;

	for (i = 0; type_suffixes[p->type][i] != NULL; i++) {
		pp_buffer_clear(&p->key);
		pp_buffer_append_string(&p->key, family_name(p));
		pp_buffer_append_string(&p->key, type_suffixes[p->type][i]);
		if (name_used(p, p->key.data, p->key.length))
			return reject(p, "%s clashes with an earlier metric family", p->key.data);
	}
	return true;
}

static bool
check_bucket_run(log_parser *p)
{
	bucket_run *r = &p->run;
	const char *problem = NULL;

	if (!r->active)
		return true;
	r->active = false;
	if (!r->has_bucket || r->bucket != INFINITY)
		problem = "histogram %s has no +Inf bucket";
	else if (r->has_count && r->count != r->bucket_value)
		problem = "histogram %s: _count differs from the +Inf bucket";
	else if ((r->has_sum || r->has_gsum) && !r->has_count)
		problem = "histogram %s has _sum without _count";
	else if (!(r->has_sum || r->has_gsum) && r->has_count)
		problem = "histogram %s has _count without _sum";
	else if (r->negative_bucket && r->has_sum)
		problem = "histogram %s has _sum with negative buckets";
	else if (!r->negative_bucket && r->negative_gsum)
		problem = "histogram %s has a negative _gsum without negative buckets";
	return problem == NULL || reject(p, problem, family_name(p));
}

/* Ends the current family: the checks that need all of it, then its names
 * are remembered as used. */
static bool
end_family(log_parser *p)
{
	size_t n = p->family.length;
	bool ok = true;
	int i;

	if (!p->in_family)
		return true;
	ok = check_bucket_run(p);
	if (ok && p->unit.length > 0 && (n <= p->unit.length + 1 ||
	    family_name(p)[n - p->unit.length - 1] != '_' ||
	    strcmp(family_name(p) + n - p->unit.length, p->unit.data) != 0))
		ok = reject(p, "the name of %s does not end in its UNIT", family_name(p));
	if (ok && p->unit.length > 0 && (p->type == TYPE_INFO || p->type == TYPE_STATESET))
		ok = reject(p, "%s: info and stateset metrics have no UNIT", family_name(p));
	name_map_set(&p->used_names, family_name(p), n, 1);
	for (i = 0; type_suffixes[p->type][i] != NULL; i++) {
		pp_buffer_clear(&p->key);
		pp_buffer_append_string(&p->key, family_name(p));
		pp_buffer_append_string(&p->key, type_suffixes[p->type][i]);
		name_map_set(&p->used_names, p->key.data, p->key.length, 1);
	}
	p->in_family = false;
	return ok;
}

static bool
start_family(log_parser *p, const char *name, size_t length)
{
	if (!end_family(p))
		return false;
	pp_buffer_clear(&p->family);
	pp_buffer_append(&p->family, name, length);
	p->in_family = true;
	p->has_samples = p->has_help = p->has_type = p->has_unit = false;
	p->type = TYPE_UNKNOWN;
	pp_buffer_clear(&p->unit);
	name_map_clear(&p->groups);
	p->in_group = false;
	p->run.active = false;
	if (name_used(p, name, length))
		return reject(p, "metric family %s is not contiguous or clashes with an "
		    "earlier one", family_name(p));
	return true;
}

/* "# HELP name text", "# TYPE name type", "# UNIT name unit". */
static void
metadata_line(log_parser *p, const char *line, size_t length)
{
	const char *end = line + length, *keyword = line + 2, *name, *text;
	family_type type;

	if (length < 2 || line[1] != ' ')
		return (void)reject(p, "%s", "a comment must be \"# HELP\", \"# TYPE\" or \"# UNIT\"");
	name = memchr(keyword, ' ', (size_t)(end - keyword));
	text = name ? memchr(name + 1, ' ', (size_t)(end - name - 1)) : NULL;
	if (text == NULL)
		return (void)reject(p, "%s", "metadata must be \"# KEYWORD NAME TEXT\"");
	name++;
	if (!prom_valid_metric_name(name, (size_t)(text - name)))
		return (void)reject(p, "%s", "the metadata names no valid metric");
	text++;
	if (p->in_family && p->family.length == (size_t)(text - 1 - name) &&
	    memcmp(family_name(p), name, p->family.length) == 0) {
		if (p->has_samples)
			return (void)reject(p, "metadata for %s after its samples", family_name(p));
	} else if (!start_family(p, name, (size_t)(text - 1 - name))) {
		return;
	}
#define IS(word) ((size_t)(name - 1 - keyword) == sizeof(word) - 1 && memcmp(keyword, word, sizeof(word) - 1) == 0)
	if (IS("HELP")) {
		if (p->has_help)
			return (void)reject(p, "more than one HELP for %s", family_name(p));
		p->has_help = true;
	} else if (IS("TYPE")) {
		type = parse_type(text, (size_t)(end - text));
		if (p->has_type)
			return (void)reject(p, "more than one TYPE for %s", family_name(p));
		if (type == TYPE_COUNT)
			return (void)reject(p, "\"%s\" is not an OpenMetrics type", text);
		p->has_type = true;
		p->type = type;
		check_type_names(p);
	} else if (IS("UNIT")) {
		if (p->has_unit)
			return (void)reject(p, "more than one UNIT for %s", family_name(p));
		p->has_unit = true;
		pp_buffer_append(&p->unit, text, (size_t)(end - text));
	} else {
		reject(p, "%s", "a comment must be \"# HELP\", \"# TYPE\" or \"# UNIT\"");
	}
#undef IS
}

static bool
is_integer(double value)
{
	return isfinite(value) && value == floor(value);
}

/* The label that does not identify a group for this sample, or NULL. */
static const char *
group_exempt_label(const log_parser *p, const char *suffix)
{
	if ((p->type == TYPE_HISTOGRAM || p->type == TYPE_GAUGEHISTOGRAM) &&
	    strcmp(suffix, "_bucket") == 0)
		return "le";
	if (p->type == TYPE_SUMMARY && *suffix == '\0')
		return "quantile";
	if (p->type == TYPE_STATESET)
		return family_name(p);
	return NULL;
}

static int
compare_labels(const void *a, const void *b)
{
	return strcmp(((const prom_label *)a)->name, ((const prom_label *)b)->name);
}

/* The group of the sample (its labels but the exempt one, sorted) into
 * p->key; info metrics have a single group. */
static void
group_key(log_parser *p, const char *suffix)
{
	prom_label sorted[PROM_MAX_LABELS];
	const char *exempt = group_exempt_label(p, suffix);
	size_t i;

	pp_buffer_clear(&p->key);
	if (p->type == TYPE_INFO)
		return;
	memcpy(sorted, p->sample.labels, p->sample.label_count * sizeof(sorted[0]));
	qsort(sorted, p->sample.label_count, sizeof(sorted[0]), compare_labels);
	for (i = 0; i < p->sample.label_count; i++) {
		if (exempt != NULL && strcmp(sorted[i].name, exempt) == 0)
			continue;
		pp_buffer_printf(&p->key, "%s=%s", sorted[i].name, sorted[i].value);
		pp_buffer_append(&p->key, "\x01", 2);	/* a byte no label holds, and NUL */
	}
}

/* Groups are contiguous, and within one the timestamps are all present
 * or all absent and never go back. */
static bool
check_group(log_parser *p)
{
	const prom_sample *s = &p->sample;
	bool same = p->in_group && p->group.length == p->key.length &&
	    (p->key.length == 0 || memcmp(p->group.data, p->key.data, p->key.length) == 0);

	if (!same && p->in_group && name_map_get(&p->groups, p->key.data, p->key.length, NULL))
		return reject(p, "the samples of %s are not grouped by label set", family_name(p));
	if (same && s->has_ts != p->group_has_ts)
		return reject(p, "%s", "some samples of a group have timestamps and some not");
	if (same && s->has_ts && p->group_ts > s->ts && p->type != TYPE_INFO)
		return reject(p, "%s", "timestamps go back within a group");
	pp_buffer_clear(&p->group);
	pp_buffer_append(&p->group, p->key.data, p->key.length);
	p->in_group = true;
	p->group_has_ts = s->has_ts;
	p->group_ts = s->ts;
	name_map_set(&p->groups, p->key.data, p->key.length, 1);
	return true;
}

/* Histogram runs: buckets in increasing order with values that never
 * decrease, checked at the end of each run (check_bucket_run). */
static bool
track_histogram(log_parser *p, const char *suffix)
{
	bucket_run *r = &p->run;
	const prom_sample *s = &p->sample;
	double le;

	group_key(p, "_bucket");	/* the run's labels, without le */
	if (r->active && (r->group.length != p->key.length ||
	    memcmp(r->group.data, p->key.data, p->key.length) != 0 ||
	    r->has_ts != s->has_ts || (s->has_ts && r->ts != s->ts)) && !check_bucket_run(p))
		return false;
	if (!r->active) {
		memset(&r->has_ts, 0, sizeof(*r) - offsetof(bucket_run, has_ts));
		r->active = true;
		pp_buffer_clear(&r->group);
		pp_buffer_append(&r->group, p->key.data, p->key.length);
		r->has_ts = s->has_ts;
		r->ts = s->ts;
	}
	if (strcmp(suffix, "_bucket") == 0) {
		prom_parse_number(prom_label_value(s, "le"), strlen(prom_label_value(s, "le")), &le);
		if (le < 0)
			r->negative_bucket = true;
		if (r->has_bucket && le <= r->bucket)
			return reject(p, "the buckets of %s are out of order", family_name(p));
		if (s->value < r->bucket_value)
			return reject(p, "the bucket values of %s decrease", family_name(p));
		r->has_bucket = true;
		r->bucket = le;
		r->bucket_value = s->value;
	} else if (strcmp(suffix, "_count") == 0 || strcmp(suffix, "_gcount") == 0) {
		r->has_count = true;
		r->count = s->value;
	} else if (strcmp(suffix, "_sum") == 0) {
		r->has_sum = true;
	} else if (strcmp(suffix, "_gsum") == 0) {
		r->has_gsum = true;
		r->negative_gsum |= s->value < 0;
	}
	return true;
}

static bool
check_le(log_parser *p)
{
	const char *le = prom_label_value(&p->sample, "le");
	double bound;

	if (le == NULL || strcmp(le, "NaN") == 0 || !prom_parse_number(le, strlen(le), &bound) ||
	    isnan(bound) || (isinf(bound) && strcmp(le, "+Inf") != 0 && strcmp(le, "-Inf") != 0))
		return reject(p, "%s", "a bucket needs an \"le\" label with a number (+Inf for the last)");
	return true;
}

static bool
check_quantile(log_parser *p)
{
	const char *q = prom_label_value(&p->sample, "quantile");
	double quantile;

	if (q == NULL || !prom_parse_number(q, strlen(q), &quantile) ||
	    !(quantile >= 0 && quantile <= 1))
		return reject(p, "%s", "a summary quantile needs a \"quantile\" label between 0 and 1");
	if (p->sample.value < 0)
		return reject(p, "%s", "a quantile value cannot be negative");
	return true;
}

/* The value rules of counter-like samples, states and infos. */
static bool
check_value(log_parser *p, const char *suffix)
{
	double value = p->sample.value;
	bool counting = strcmp(suffix, "_total") == 0 || strcmp(suffix, "_sum") == 0 ||
	    strcmp(suffix, "_count") == 0 || strcmp(suffix, "_bucket") == 0 ||
	    strcmp(suffix, "_gcount") == 0;

	if ((strcmp(suffix, "_bucket") == 0 || strcmp(suffix, "_count") == 0 ||
	    strcmp(suffix, "_gcount") == 0) && !is_integer(value) && !isnan(value))
		return reject(p, "%s", "a bucket or count must be a whole number");
	if (p->type == TYPE_STATESET && value != 0 && value != 1)
		return reject(p, "%s", "a stateset sample must be 0 or 1");
	if (p->type == TYPE_INFO && value != 1)
		return reject(p, "%s", "an info sample must be 1");
	if ((counting || strcmp(suffix, "_gsum") == 0) && isnan(value))
		return reject(p, "%s", "a counter-like sample cannot be NaN");
	if (counting && value < 0)
		return reject(p, "%s", "a counter-like sample cannot be negative");
	return true;
}

static bool
check_exemplar(log_parser *p, const char *suffix)
{
	if (!p->sample.has_exemplar)
		return true;
	if (!((p->type == TYPE_HISTOGRAM || p->type == TYPE_GAUGEHISTOGRAM) &&
	    strcmp(suffix, "_bucket") == 0) && !(p->type == TYPE_COUNTER &&
	    strcmp(suffix, "_total") == 0))
		return reject(p, "%s", "only counters' _total and histogram buckets have exemplars");
	if (p->sample.exemplar_chars > 128)
		return reject(p, "%s", "the exemplar's labels are longer than 128 characters");
	return true;
}

static void
sample_line(log_parser *p, const char *line, size_t length)
{
	const char *problem = prom_parse_sample(line, length, false, &p->sample);
	const char *suffix = "";

	if (problem != NULL)
		return (void)reject(p, "%s", problem);
	if (!allowed_name(p, p->sample.name, &suffix) &&
	    !start_family(p, p->sample.name, strlen(p->sample.name)))
		return;
	p->has_samples = true;
	if (p->type == TYPE_STATESET && prom_label_value(&p->sample, family_name(p)) == NULL)
		return (void)reject(p, "a stateset sample needs the label %s", family_name(p));
	if (strcmp(suffix, "_bucket") == 0 && !check_le(p))
		return;
	if (p->type == TYPE_SUMMARY && *suffix == '\0' && !check_quantile(p))
		return;
	group_key(p, suffix);
	if (!check_group(p) || !check_value(p, suffix) || !check_exemplar(p, suffix))
		return;
	if ((p->type == TYPE_HISTOGRAM || p->type == TYPE_GAUGEHISTOGRAM) &&
	    !track_histogram(p, suffix))
		return;
	emit_sample(p, p->type, suffix, p->unit.data, 1);
}

static void
openmetrics_line(log_parser *p, const char *line, size_t length)
{
	if (p->eof)
		return (void)reject(p, "%s", "text after \"# EOF\"");
	if (length == 0)
		return (void)reject(p, "%s", "a blank line");
	if (length == 5 && memcmp(line, "# EOF", 5) == 0) {
		end_family(p);
		p->eof = true;
		return;
	}
	if (line[0] == '#')
		metadata_line(p, line, length);
	else
		sample_line(p, line, length);
}

/* ---- the format interface ---- */

static void
reset_exposition(log_parser *p)
{
	p->eof = p->in_family = false;
	p->options->c.input_ts = 0;
	name_map_clear(&p->used_names);
	name_map_clear(&p->groups);
	p->run.active = false;
}

static void
prom_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	p->source = source;
	p->number = number;
	p->line = line;
	p->length = length;
	if (p->strict)
		openmetrics_line(p, line, length);
	else
		prometheus_line(p, line, length);
}

static void
prom_end_input(log_parser *p, const char *source, long last_line)
{
	if (p->strict && !p->eof) {
		pp_tool *tool = &p->options->c.tool;
		pp_error error = {source, last_line, ""};

		p->source = source;
		p->number = last_line;
		p->line = "";
		p->length = 0;
		end_family(p);
		/* not a line: nothing to count as rejected or keep in --rejects */
		pp_error_set(&error, PP_ERR_PARSE, "the exposition does not end with \"# EOF\"");
		tool_report(tool, &error);
		if (tool->strict) {
			tool_end_batch(tool);
			exit(tool_finish(tool, PP_EXIT_INPUT));
		}
	}
	reset_exposition(p);
}

static log_parser *
create(log_options *options, bool strict)
{
	log_parser *p;

	p = pp_xcalloc(1, sizeof(*p));
	p->options = options;
	p->strict = strict;
	pp_buffer_append_string(&p->unit, "");
	return p;
}

static log_parser *
prometheus_create(log_options *options)
{
	return create(options, false);
}

static log_parser *
openmetrics_create(log_options *options)
{
	return create(options, true);
}

static void
prom_destroy(log_parser *p)
{
	prom_sample_free(&p->sample);
	pp_buffer_free(&p->family);
	pp_buffer_free(&p->unit);
	pp_buffer_free(&p->group);
	pp_buffer_free(&p->run.group);
	pp_buffer_free(&p->key);
	name_map_free(&p->used_names);
	name_map_free(&p->groups);
	name_map_free(&p->types);
	pp_tags_free(&p->tags);
	free(p);
}

const log_format log_format_prometheus = {"prometheus", prometheus_create, prom_line,
	prom_end_input, prom_destroy};
const log_format log_format_openmetrics = {"openmetrics", openmetrics_create, prom_line,
	prom_end_input, prom_destroy};
