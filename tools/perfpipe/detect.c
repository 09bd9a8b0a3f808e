/*
 * detect.c - telling an input's format from its first lines.  See detect.h.
 *
 * The first DETECT_SAMPLE_LINES non-blank lines are read.  The first line
 * that is not a comment decides the kind, tried in a fixed order: a JSON
 * object (Snakepit events by "event" and "ts_ns", perfpipe records by
 * "name" and "value" or "kind"), Prometheus text (a # HELP or # TYPE
 * line, or a sample line), an access log (the Common Log Format, then the
 * two quoted fields of combined, then key=value fields), and last CSV (a
 * header of names and a row with as many fields).  The other sampled lines
 * only add details: whether the key=value and CSV fields hold numbers, and
 * whether a pool or upstream tag appears.
 */
#include "detect.h"

#include <ctype.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_reader.h"

#define DETECT_SAMPLE_LINES 50

const char *const detect_format_names[] = {"combined", "common", "combined-kv", "jsonl",
	"snakepit", "prometheus", "csv", NULL};
static const input_kind named_kinds[] = {INPUT_COMBINED, INPUT_COMMON, INPUT_COMBINED_KV,
	INPUT_JSONL, INPUT_SNAKEPIT, INPUT_PROMETHEUS, INPUT_CSV};

/* The Common Log Format: host ident user [time] "request" status bytes;
 * a quoted field may hold \" (Apache) or \x22 (nginx). */
#define QUOTED "\"([^\"\\\\]|\\\\.)*\""
static const char common_pattern[] =
    "^[^ ]+ [^ ]+ [^ ]+ \\[[^]]+\\] " QUOTED " [0-9]{3} ([0-9]+|-)";
static const char combined_tail_pattern[] = "^ " QUOTED " " QUOTED;
static const char prometheus_pattern[] =
    "^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?[ \t]+"
    "([-+]?[0-9.][0-9.eE+-]*|[-+]?Inf|NaN)([ \t]+-?[0-9]+)?[ \t]*$";

input_kind
detect_kind_named(const char *name)
{
	size_t i;

	for (i = 0; detect_format_names[i] != NULL; i++)
		if (strcmp(name, detect_format_names[i]) == 0)
			return named_kinds[i];
	return INPUT_UNKNOWN;
}

const char *
detect_kind_name(input_kind kind)
{
	size_t i;

	for (i = 0; detect_format_names[i] != NULL; i++)
		if (named_kinds[i] == kind)
			return detect_format_names[i];
	return "unknown";
}

/* ---- small predicates ---- */

static bool
matches(const char *pattern, const char *line, size_t *end)
{
	regex_t re;
	regmatch_t m;
	bool found;

	if (regcomp(&re, pattern, REG_EXTENDED) != 0)
		return false;
	found = regexec(&re, line, 1, &m, 0) == 0;
	if (found && end != NULL)
		*end = (size_t)m.rm_eo;
	regfree(&re);
	return found;
}

/* A number, or numbers as nginx lists them for several upstreams
 * ("0.010, 0.200" or "0.010 : 0.200"). */
static bool
is_number(const char *text, bool *fractional)
{
	char *end;
	double value;

	if (*text == '\0' || isspace((unsigned char)*text))
		return false;
	if (strpbrk(text, ",:") != NULL && strspn(text, "0123456789.,: -") == strlen(text) &&
	    isdigit((unsigned char)*text)) {
		*fractional = strchr(text, '.') != NULL;
		return true;
	}
	value = strtod(text, &end);
	if (*end != '\0' || !isfinite(value))
		return false;
	*fractional = strpbrk(text, ".eE") != NULL;
	return true;
}

static bool
is_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool
is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A tag key written as a label, a JSON key or a key=value key. */
static bool
has_key(const char *line, const char *key)
{
	size_t length = strlen(key);
	const char *at;

	for (at = strstr(line, key); at != NULL; at = strstr(at + 1, key)) {
		char before = at == line ? ' ' : at[-1];
		const char *after = at + length;

		if (before == '"' && after[0] == '"' && after[1] == ':')
			return true;	/* "pool": */
		if ((before == '{' || before == ',' || before == ' ') && after[0] == '=')
			return true;	/* {pool="..."} or pool=... */
	}
	return false;
}

static void
add_field(detection *d, const char *name, size_t length)
{
	if (d->field_count < DETECT_MAX_FIELDS)
		d->fields[d->field_count++].name = pp_strndup(name, length);
}

/* Notes one sampled value of field i. */
static void
sample_value(detection *d, size_t i, const char *value)
{
	detected_field *f = &d->fields[i];
	bool fractional = false;

	if (i >= d->field_count || *value == '\0' || strcmp(value, "-") == 0)
		return;
	if (!f->seen) {
		f->seen = true;
		f->numeric = is_number(value, &f->fractional);
		f->first = f->numeric ? strtod(value, NULL) : 0;
		return;
	}
	if (!is_number(value, &fractional))
		f->numeric = false;
	else if (fractional)
		f->fractional = true;
}

/* ---- key=value fields after a combined line ---- */

/* The start of the next " KEY=" in text at or after from, or NULL. */
static const char *
next_key(const char *text, const char *from)
{
	const char *at;

	for (at = from; (at = strchr(at, ' ')) != NULL; at++) {
		const char *name = at + 1, *end = name;

		if (!is_name_start(*name))
			continue;
		while (is_name_char(*end))
			end++;
		if (*end == '=')
			return at;
	}
	(void)text;
	return NULL;
}

/* Reads " k1=v1 k2=v2..." into fields (first line) or samples its values
 * (later lines, matched by position).  False when rest is not that. */
static bool
read_key_values(detection *d, const char *rest, bool first)
{
	const char *at = rest;
	size_t i = 0;
	char value[256];

	if (next_key(rest, rest) != rest)
		return false;
	while (at != NULL) {
		const char *name = at + 1, *equals = strchr(name, '=');
		const char *next = next_key(rest, equals);
		size_t length = next != NULL ? (size_t)(next - equals - 1) : strlen(equals + 1);

		if (first)
			add_field(d, name, (size_t)(equals - name));
		else if (i >= d->field_count ||
		    strncmp(d->fields[i].name, name, (size_t)(equals - name)) != 0)
			return true;	/* another layout: sample no further */
		if (length >= sizeof(value))
			length = sizeof(value) - 1;
		memcpy(value, equals + 1, length);
		value[length] = '\0';
		if (length >= 2 && value[0] == '"' && value[length - 1] == '"') {
			value[length - 1] = '\0';
			if (first)
				d->fields[i].quoted = true;
			sample_value(d, i++, value + 1);
		} else {
			sample_value(d, i++, value);
		}
		at = next;
	}
	return true;
}

/* ---- CSV ---- */

/* Splits one CSV line (quotes honoured, no line breaks inside) into at
 * most max fields, unquoted, into out; returns the field count. */
static size_t
split_csv(const char *line, char delimiter, char out[][256], size_t max)
{
	size_t count = 0, length = 0;
	bool quoted = false;
	const char *at;

	for (at = line;; at++) {
		if (quoted && *at == '"' && at[1] == '"') {
			at++;
		} else if (*at == '"') {
			quoted = !quoted;
			continue;
		} else if (*at == '\0' || (!quoted && *at == delimiter)) {
			if (count < max) {
				out[count][length] = '\0';
				count++;
			}
			length = 0;
			if (*at == '\0')
				return count;
			continue;
		}
		if (count < max && length < 255)
			out[count][length++] = *at;
	}
}

static bool
is_header_name(const char *name)
{
	bool fractional;

	if (!is_name_start(*name) || is_number(name, &fractional))
		return false;
	for (; *name != '\0'; name++)
		if (!is_name_char(*name) && strchr(" .:/()-", *name) == NULL)
			return false;
	return true;
}

static char (*csv_cells(void))[256]
{
	static char cells[DETECT_MAX_FIELDS][256];

	return cells;
}

static bool
read_csv_header(detection *d, const char *line)
{
	char (*cells)[256] = csv_cells();
	size_t count, i;

	d->delimiter = strchr(line, '\t') != NULL ? '\t' : ',';
	count = split_csv(line, d->delimiter, cells, DETECT_MAX_FIELDS);
	if (count < 2)
		return false;
	for (i = 0; i < count; i++)
		if (!is_header_name(cells[i]))
			return false;
	for (i = 0; i < count; i++)
		add_field(d, cells[i], strlen(cells[i]));
	return true;
}

/* Samples one data row; false when it has another number of fields. */
static bool
read_csv_row(detection *d, const char *line)
{
	char (*cells)[256] = csv_cells();
	size_t count, i;

	count = split_csv(line, d->delimiter, cells, DETECT_MAX_FIELDS);
	if (count != d->field_count)
		return false;
	for (i = 0; i < count; i++)
		sample_value(d, i, cells[i]);
	return true;
}

/* ---- deciding ---- */

static input_kind
kind_of_json(const char *line)
{
	if (strstr(line, "\"event\"") != NULL && strstr(line, "\"ts_ns\"") != NULL)
		return INPUT_SNAKEPIT;
	if (strstr(line, "\"name\"") != NULL &&
	    (strstr(line, "\"value\"") != NULL || strstr(line, "\"kind\"") != NULL))
		return INPUT_JSONL;
	return INPUT_UNKNOWN;
}

/* The kind of an access log line; *rest is where key=value fields would
 * start (INPUT_COMBINED_KV only). */
static input_kind
kind_of_access_log(const char *line, const char **rest)
{
	size_t end, tail;

	if (!matches(common_pattern, line, &end))
		return INPUT_UNKNOWN;
	if (line[end] == '\0')
		return INPUT_COMMON;
	if (!matches(combined_tail_pattern, line + end, &tail))
		return INPUT_UNKNOWN;
	*rest = line + end + tail;
	if (**rest == '\0')
		return INPUT_COMBINED;
	return next_key(*rest, *rest) == *rest ? INPUT_COMBINED_KV : INPUT_UNKNOWN;
}

static bool
is_prometheus_comment(const char *line)
{
	return strncmp(line, "# HELP ", 7) == 0 || strncmp(line, "# TYPE ", 7) == 0;
}

static input_kind
kind_of_line(const char *line, const char **rest)
{
	input_kind kind;

	if (line[0] == '{')
		return kind_of_json(line);
	if (is_prometheus_comment(line) || matches(prometheus_pattern, line, NULL))
		return INPUT_PROMETHEUS;
	kind = kind_of_access_log(line, rest);
	return kind;
}

/* Takes in one sampled line; number counts the lines that decided or
 * followed the decision (0 for the first). */
static void
sample_line(detection *d, const char *line, size_t number)
{
	const char *rest = NULL;

	if (has_key(line, "pool"))
		d->has_pool = true;
	if (has_key(line, "upstream") || has_key(line, "upstream_addr"))
		d->has_upstream = true;
	if (d->kind == INPUT_COMBINED_KV && kind_of_access_log(line, &rest) ==
	    INPUT_COMBINED_KV)
		read_key_values(d, rest, number == 0);
	else if (d->kind == INPUT_CSV && number > 0)
		read_csv_row(d, line);
}

/* Decides the kind from the first line (forced or not); false when the
 * line does not fit. */
static bool
decide(detection *d, input_kind forced, const char *line, const char *second)
{
	const char *rest = NULL;
	input_kind kind = kind_of_line(line, &rest);

	if (kind == INPUT_UNKNOWN && second != NULL && read_csv_header(d, line) &&
	    read_csv_row(d, second))
		kind = INPUT_CSV;
	if (forced == INPUT_UNKNOWN) {
		d->kind = kind;
		return kind != INPUT_UNKNOWN;
	}
	d->kind = forced;
	if (forced == INPUT_CSV && d->field_count == 0)
		return read_csv_header(d, line);
	if (forced == INPUT_COMBINED_KV)
		return kind == INPUT_COMBINED_KV;
	return true;
}

pp_status
detect_input(const char *path, input_kind forced, detection *out, pp_error *error)
{
	pp_reader *reader = pp_reader_open(path, error);
	char *lines[DETECT_SAMPLE_LINES];
	size_t count = 0, i, first = 0;
	const char *line;
	size_t length;
	pp_status status = PP_OK;

	memset(out, 0, sizeof(*out));
	if (reader == NULL)
		return PP_ERR_IO;
	while (count < DETECT_SAMPLE_LINES &&
	    (status = pp_reader_next(reader, &line, &length, error)) == PP_OK)
		if (strspn(line, " \t") < length)
			lines[count++] = pp_strndup(line, length);
	pp_reader_close(reader);
	if (status != PP_OK && status != PP_END) {
		for (i = 0; i < count; i++)
			free(lines[i]);
		return status;
	}
	/* comments (other than Prometheus's HELP and TYPE) do not decide */
	while (first < count && lines[first][0] == '#' && !is_prometheus_comment(lines[first]))
		first++;
	status = PP_OK;
	if (first == count)
		status = pp_error_set(error, PP_ERR_PARSE, "%s", count == 0 ? "the file is empty" :
		    "the file holds only comments");
	else if (!decide(out, forced, lines[first], first + 1 < count ? lines[first + 1] : NULL))
		status = forced == INPUT_UNKNOWN ? pp_error_set(error, PP_ERR_PARSE,
		    "cannot tell the format") : pp_error_set(error, PP_ERR_PARSE,
		    "the first line is not %s", detect_kind_name(forced));
	for (i = first; status == PP_OK && i < count; i++)
		sample_line(out, lines[i], i - first);
	for (i = 0; i < count; i++)
		free(lines[i]);
	return status;
}

void
detect_free(detection *d)
{
	size_t i;

	for (i = 0; i < d->field_count; i++)
		free(d->fields[i].name);
	d->field_count = 0;
}
