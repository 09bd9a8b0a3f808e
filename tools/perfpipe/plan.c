/*
 * plan.c - the pipeline perfpipe runs, as argument vectors.  See plan.h.
 *
 * The choices a user would otherwise make by hand live here: the
 * perf-collect format and its options (a --log-format for key=value
 * fields, a --map for CSV), the grouping (pool, else upstream, else for
 * access logs the path class and status class, else every tag), one-minute
 * windows with a 1% sketch, and the report format from -o's extension.
 */
#include "plan.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

#define COMBINED "$remote_addr - $remote_user [$time_local] \"$request\" $status " \
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\""
#define COMMON "$remote_addr - $remote_user [$time_local] \"$request\" $status " \
	"$body_bytes_sent"

/* The keys people give durations in key=value fields, and the nginx
 * variable that perf-collect reads each from. */
static const struct {
	const char *key, *variable;
} duration_keys[] = {
	{"rt", "request_time"}, {"request_time", "request_time"},
	{"req_time", "request_time"}, {"rqt", "request_time"},
	{"rt_ms", "request_time_ms"}, {"request_time_ms", "request_time_ms"},
	{"rt_us", "request_time_us"}, {"request_time_us", "request_time_us"},
	{"urt", "upstream_response_time"}, {"upstream_response_time", "upstream_response_time"},
	{"upstream_time", "upstream_response_time"}, {"ups_rt", "upstream_response_time"},
	{"upt", "upstream_response_time"},
};

/* Tags perf-collect's access log reader sets itself, and the names of
 * variables it gives a meaning to: a key=value key with one of these
 * names is read under another variable name. */
static const char *const reserved_names[] = {"remote_addr", "remote_user", "time_local",
	"request", "status", "body_bytes_sent", "http_referer", "http_user_agent",
	"time_iso8601", "msec", "request_method", "request_uri", "request_time",
	"upstream_response_time", "bytes_sent", "request_time_us", "request_time_ms",
	"method", "path", "status_class", "path_class", NULL};

static bool
is_reserved(const char *name)
{
	size_t i;

	for (i = 0; reserved_names[i] != NULL; i++)
		if (strcmp(name, reserved_names[i]) == 0)
			return true;
	return false;
}

static bool
same_name(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

const char *
plan_format_for(const char *path)
{
	static const struct {
		const char *extension, *format;
	} formats[] = {
		{".html", "html"}, {".htm", "html"}, {".md", "markdown"}, {".csv", "csv"},
		{".prom", "prometheus"}, {".json", "json"}, {".txt", "text"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot != NULL && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (same_name(dot, formats[i].extension))
			return formats[i].format;
	return NULL;
}

/* ---- argument vectors ---- */

static void
add(stage *s, const char *argument)
{
	s->argv = pp_xrealloc(s->argv, (s->argc + 2) * sizeof(*s->argv));
	s->argv[s->argc++] = pp_strndup(argument, strlen(argument));
	s->argv[s->argc] = NULL;
}

static void
add_formatted(stage *s, const char *format, ...)
{
	char text[512];
	va_list arguments;

	va_start(arguments, format);
	vsnprintf(text, sizeof(text), format, arguments);
	va_end(arguments);
	add(s, text);
}

static stage *
next_stage(plan *p, const char *program)
{
	stage *s = &p->stages[p->count++];

	memset(s, 0, sizeof(*s));
	add(s, program);
	return s;
}

/* ---- perf-collect ---- */

static const char *
duration_variable(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(duration_keys) / sizeof(duration_keys[0]); i++)
		if (strcmp(key, duration_keys[i].key) == 0)
			return duration_keys[i].variable;
	return NULL;
}

/* The tag a key=value key becomes: upstream_addr reads as upstream. */
static const char *
tag_for_key(const char *key)
{
	return strcmp(key, "upstream_addr") == 0 ? "upstream" : key;
}

/* The nginx variable behind a timing key that perfpipe reads but does
 * not aggregate, or NULL. */
static const char *
skipped_variable(const char *key)
{
	if (strcmp(key, "uct") == 0)
		return "upstream_connect_time";
	if (strcmp(key, "uht") == 0)
		return "upstream_header_time";
	return NULL;
}

/* combined, then " key=$variable" per key: durations under the variable
 * perf-collect reads them from (the first key for each), numbers with a
 * fraction (other timings) read and left out, the rest --tag-from. */
static void
add_key_value_format(stage *s, const detection *d)
{
	pp_buffer format = {0};
	bool used[3] = {false, false, false}, tagged[DETECT_MAX_FIELDS];
	char variables[DETECT_MAX_FIELDS][300];
	static const char *const used_names[3] = {"request_time", "request_time_ms",
		"upstream_response_time"};
	size_t i, j;

	pp_buffer_append_string(&format, COMBINED);
	for (i = 0; i < d->field_count; i++) {
		const detected_field *f = &d->fields[i];
		const char *variable = duration_variable(f->name);
		char name[300];

		for (j = 0; variable != NULL && j < 3; j++)
			if (strcmp(variable, used_names[j]) == 0 ||
			    (j == 1 && strcmp(variable, "request_time_us") == 0)) {
				if (used[j])
					variable = NULL;
				else
					used[j] = true;
				break;
			}
		tagged[i] = variable == NULL && !(f->numeric && f->fractional) &&
		    !is_reserved(tag_for_key(f->name)) && duration_variable(f->name) == NULL;
		if (variable != NULL)
			snprintf(name, sizeof(name), "%s", variable);
		else if (!tagged[i])
			/* read and left out: perf-collect accepts only nginx's
			 * variables and those --tag-from names, so a field we skip
			 * takes the nginx variable people log under that key, else
			 * one nginx has and we do not read ($arg_KEY) */
			snprintf(name, sizeof(name), "%s%s", skipped_variable(f->name) ? "" : "arg_",
			    skipped_variable(f->name) ? skipped_variable(f->name) : f->name);
		else
			snprintf(name, sizeof(name), "%s", f->name);
		pp_buffer_append_string(&format, " ");
		pp_buffer_append_string(&format, f->name);
		pp_buffer_append_string(&format, f->quoted ? "=\"$" : "=$");
		pp_buffer_append_string(&format, name);
		if (f->quoted)
			pp_buffer_append_string(&format, "\"");
		if (tagged[i])
			snprintf(variables[i], sizeof(variables[i]), "%s", name);
	}
	add(s, "--log-format");
	add(s, format.data);
	for (i = 0; i < d->field_count; i++)
		if (tagged[i]) {
			add(s, "--tag-from");
			add_formatted(s, "%s=%s", variables[i], tag_for_key(d->fields[i].name));
		}
	pp_buffer_free(&format);
}

/* Whether name is one of names (ended by NULL), as same_name compares. */
static bool
is_one_of(const char *name, const char *const *names)
{
	for (; *names != NULL; names++)
		if (same_name(name, *names))
			return true;
	return false;
}

static bool
is_time_column(const char *name)
{
	static const char *const names[] = {"ts", "timestamp", "time", "date", "datetime",
		"@timestamp", "epoch", NULL};

	return is_one_of(name, names);
}

/* Numbers that name rather than measure (HTTP statuses) are tags. */
static bool
is_code_column(const char *name)
{
	static const char *const names[] = {"status", "status_code", "code", "http_status",
		"responsecode", "port", NULL};

	return is_one_of(name, names);
}

/* An identifier column (id, request_id, traceId) would make a series per
 * row: left out. */
static bool
is_id_column(const char *name)
{
	size_t length = strlen(name);

	return length >= 2 && same_name(name + length - 2, "id") &&
	    (length == 2 || name[length - 3] == '_' || name[length - 3] == '-' ||
	    (islower((unsigned char)name[length - 3]) && name[length - 2] == 'I'));
}

static const char *
unit_for(const char *name)
{
	static const struct {
		const char *suffix, *unit;
	} units[] = {{"_ms", "ms"}, {"_us", "us"}, {"_seconds", "s"}, {"_s", "s"},
		{"_bytes", "bytes"}};
	size_t length = strlen(name), i, s;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		s = strlen(units[i].suffix);
		if (length > s && same_name(name + length - s, units[i].suffix))
			return units[i].unit;
	}
	return NULL;
}

/* A jq --map that makes a point of every numeric column, tagged with the
 * text columns, at the time column's time (epoch seconds; milli-, micro-
 * or nanoseconds scaled down by their size; text passed on as RFC 3339). */
static void
add_csv_map(stage *s, const detection *d)
{
	pp_buffer map = {0}, tags = {0};
	const detected_field *time = NULL;
	size_t i, points = 0;
	char text[600];

	for (i = 0; i < d->field_count && time == NULL; i++)
		if (is_time_column(d->fields[i].name))
			time = &d->fields[i];
	pp_buffer_append_string(&tags, "{");
	for (i = 0; i < d->field_count; i++) {
		const detected_field *f = &d->fields[i];

		if (f == time || is_id_column(f->name) || (f->numeric && !is_code_column(f->name)))
			continue;
		snprintf(text, sizeof(text), "%s\"%s\": .[\"%s\"]", tags.length > 1 ? ", " : "",
		    f->name, f->name);
		pp_buffer_append_string(&tags, text);
	}
	pp_buffer_append_string(&tags, "} | with_entries(select(.value != \"\"))");
	snprintf(text, sizeof(text), "(%s) as $tags", tags.data);
	pp_buffer_append_string(&map, text);
	if (time != NULL) {
		const char *scale = !time->numeric ? "" : time->first > 1e17 ? " / 1e9" :
		    time->first > 1e14 ? " / 1e6" : time->first > 1e11 ? " / 1e3" : "";

		snprintf(text, sizeof(text), " | (.[\"%s\"]%s%s) as $ts", time->name,
		    time->numeric ? " | tonumber" : "", scale);
		pp_buffer_append_string(&map, text);
	}
	pp_buffer_append_string(&map, " | ");
	for (i = 0; i < d->field_count; i++) {
		const detected_field *f = &d->fields[i];
		const char *unit = unit_for(f->name);
		char name[256];
		size_t j;

		if (f == time || is_id_column(f->name) || !f->numeric || is_code_column(f->name))
			continue;
		for (j = 0; f->name[j] != '\0' && j + 1 < sizeof(name); j++)
			name[j] = isalnum((unsigned char)f->name[j]) || strchr("_.:-", f->name[j]) ?
			    f->name[j] : '_';
		name[j] = '\0';
		snprintf(text, sizeof(text), "%s(select(.[\"%s\"] != \"\") | {name: \"%s\", "
		    "value: (.[\"%s\"] | tonumber)%s%s%s%s, tags: $tags})", points++ > 0 ? ", " : "",
		    f->name, name, f->name, time != NULL ? ", ts: $ts" : "",
		    unit != NULL ? ", unit: \"" : "", unit != NULL ? unit : "",
		    unit != NULL ? "\"" : "");
		pp_buffer_append_string(&map, text);
	}
	if (points == 0)
		pp_buffer_append_string(&map, "empty");
	if (d->delimiter == '\t') {
		add(s, "--delimiter");
		add(s, "tab");
	}
	add(s, "--map");
	add(s, map.data);
	pp_buffer_free(&map);
	pp_buffer_free(&tags);
}

static void
add_collect(plan *p, const detection *d, const plan_options *o)
{
	stage *s = next_stage(p, "perf-collect");
	int i;

	add(s, "log");
	add(s, "--format");
	switch (d->kind) {
	case INPUT_COMBINED:
	case INPUT_COMMON:
	case INPUT_COMBINED_KV:
		add(s, "nginx");
		if (d->kind == INPUT_COMMON) {
			add(s, "--log-format");
			add(s, COMMON);
		} else if (d->kind == INPUT_COMBINED_KV) {
			add_key_value_format(s, d);
		}
		add(s, "--path-class");
		break;
	case INPUT_CSV:
		add(s, "csv");
		add_csv_map(s, d);
		break;
	case INPUT_SNAKEPIT:
		add(s, "snakepit");
		break;
	case INPUT_PROMETHEUS:
		add(s, "prometheus");
		break;
	default:
		add(s, "jsonl");
		break;
	}
	for (i = 0; i < o->file_count; i++)
		if (o->files[i][0] == '-') {
			add(s, "--");	/* a file named like an option */
			break;
		}
	for (i = 0; i < o->file_count; i++)
		add(s, o->files[i]);
}

/* ---- the rest ---- */

static bool
has_column(const detection *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->field_count; i++)
		if (strcmp(tag_for_key(d->fields[i].name), name) == 0)
			return true;
	return false;
}

static const char *
grouping(const detection *d)
{
	bool web = d->kind == INPUT_COMBINED || d->kind == INPUT_COMMON ||
	    d->kind == INPUT_COMBINED_KV;

	if (d->has_pool || (d->kind == INPUT_CSV && has_column(d, "pool")))
		return "pool";
	if (d->has_upstream || (d->kind == INPUT_CSV && has_column(d, "upstream")))
		return "upstream";
	return web ? "path_class,status_class" : NULL;
}

void
plan_build(plan *p, const detection *d, const plan_options *o)
{
	const char *by = o->by != NULL ? o->by : grouping(d);
	stage *s;
	size_t i;

	memset(p, 0, sizeof(*p));
	add_collect(p, d, o);
	s = next_stage(p, "perf-aggregate");
	add(s, "--window");
	add(s, o->window != NULL ? o->window : "1m");
	if (by != NULL && *by != '\0') {
		add(s, "--by");
		add(s, by);
	}
	add(s, "--accuracy");
	add(s, "0.01");
	next_stage(p, "perf-analyze");
	if (o->rule_count > 0 || o->fail_on != NULL) {
		s = next_stage(p, "perf-alert");
		for (i = 0; i < o->rule_count; i++) {
			add(s, "-t");
			add(s, o->rules[i]);
		}
		if (o->fail_on != NULL) {
			add(s, "--fail-on");
			add(s, o->fail_on);
		}
	}
	s = next_stage(p, "perf-report");
	if (o->report_format != NULL && strcmp(o->report_format, "text") != 0) {
		add(s, "--format");
		add(s, o->report_format);
	}
	if (o->output != NULL) {
		add(s, "-o");
		add(s, o->output);
	}
}

/* ---- printing ---- */

static void
print_quoted(const char *argument, FILE *out)
{
	const char *at;

	if (*argument != '\0' && strspn(argument, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:,=@%+-") == strlen(argument)) {
		fputs(argument, out);
		return;
	}
	fputc('\'', out);
	for (at = argument; *at != '\0'; at++)
		if (*at == '\'')
			fputs("'\\''", out);
		else
			fputc(*at, out);
	fputc('\'', out);
}

void
plan_print(const plan *p, FILE *out)
{
	size_t i, j;

	for (i = 0; i < p->count; i++) {
		fputs(i == 0 ? "" : "  ", out);
		for (j = 0; j < p->stages[i].argc; j++) {
			if (j > 0)
				fputc(' ', out);
			print_quoted(p->stages[i].argv[j], out);
		}
		fputs(i + 1 < p->count ? " |\n" : "\n", out);
	}
}

void
plan_free(plan *p)
{
	size_t i, j;

	for (i = 0; i < p->count; i++) {
		for (j = 0; j < p->stages[i].argc; j++)
			free(p->stages[i].argv[j]);
		free(p->stages[i].argv);
	}
	p->count = 0;
}
