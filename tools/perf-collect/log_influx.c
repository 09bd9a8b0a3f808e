/*
 * log_influx.c - `--format influx`: InfluxDB line protocol.
 *
 *   measurement[,tag=value...] field=value[,field=value...] [timestamp]
 *
 * One point per numeric field (floats, 12i integers, 12u unsigned), named
 * MEASUREMENT.FIELD and tagged with the line's tags; string and boolean
 * fields carry no number and give no point.  Backslash escapes (\, \= \
 * and \\) are undone; the timestamp is in --precision units (ns unless
 * told), and a line without one gets the time the input was opened.
 * Blank lines and '#' comments are skipped.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pp_time.h"

#define MAX_PAIRS 128

struct log_parser {
	log_options *options;
	long long per_second;	/* timestamp units per second */
	pp_buffer storage;	/* unescaped names and values, NUL-separated */
	size_t tag_offsets[2 * MAX_PAIRS], field_offsets[2 * MAX_PAIRS];
	pp_buffer name;
	pp_tags tags;
};

typedef struct cursor {
	const char *at, *end;
} cursor;

/* Copies an escaped token up to one of stops (unescaped) into storage;
 * returns its offset.  A backslash escapes only the characters of escapes
 * (as InfluxDB reads line protocol: ", " in a measurement, ",= " in tag
 * keys, tag values and field keys); before anything else it is itself. */
static size_t
take_token(log_parser *p, cursor *c, const char *stops, const char *escapes)
{
	size_t offset = p->storage.length;

	while (c->at < c->end && strchr(stops, *c->at) == NULL) {
		if (*c->at == '\\' && c->at + 1 < c->end && c->at[1] != '\0' &&
		    strchr(escapes, c->at[1]) != NULL)
			c->at++;
		pp_buffer_append_char(&p->storage, *c->at++);
	}
	pp_buffer_append_char(&p->storage, '\0');
	return offset;
}

/* A quoted string field value, skipped (it gives no point). */
static bool
skip_string(cursor *c)
{
	for (c->at++; c->at < c->end; c->at++) {
		if (*c->at == '\\' && c->at + 1 < c->end)
			c->at++;
		else if (*c->at == '"') {
			c->at++;
			return true;
		}
	}
	return false;
}

/* A field value: a number (stored as text, type suffix dropped) or a
 * string or boolean (offset (size_t)-1: no point). */
static const char *
take_value(log_parser *p, cursor *c, size_t *offset)
{
	const char *start = c->at;
	char *end;
	size_t length;
	double value;

	if (c->at < c->end && *c->at == '"') {
		*offset = (size_t)-1;
		return skip_string(c) ? NULL : "a string field is not closed";
	}
	while (c->at < c->end && *c->at != ',' && *c->at != ' ')
		c->at++;
	length = (size_t)(c->at - start);
	if (length == 0)
		return "a field has no value";
	if (strchr("tTfF", *start) != NULL) {
		static const char *const booleans[] = {"t", "T", "true", "True", "TRUE",
			"f", "F", "false", "False", "FALSE"};
		size_t i;

		for (i = 0; i < 10; i++)
			if (strlen(booleans[i]) == length && memcmp(booleans[i], start, length) == 0) {
				*offset = (size_t)-1;
				return NULL;
			}
		return "a field value is not a number, string or boolean";
	}
	if (start[length - 1] == 'i' || start[length - 1] == 'u')
		length--;
	*offset = p->storage.length;
	pp_buffer_append(&p->storage, start, length);
	pp_buffer_append_char(&p->storage, '\0');
	value = strtod(p->storage.data + *offset, &end);
	if (end != p->storage.data + *offset + length || !isfinite(value) ||
	    (start[length] == 'u' && value < 0) || isalpha((unsigned char)*start) ||
	    memchr(start, 'x', length) != NULL || memchr(start, 'X', length) != NULL)
		return "a field value is not a number, string or boolean";
	return NULL;
}

/* Reads "k=v,k=v" pairs into offsets; fields when values is true. */
static const char *
take_pairs(log_parser *p, cursor *c, size_t *offsets, size_t *count, bool fields)
{
	const char *problem;

	*count = 0;
	do {
		if (*count == MAX_PAIRS)
			return "too many tags or fields";
		offsets[2 * *count] = take_token(p, c, "=, ", ",= ");
		if (p->storage.data[offsets[2 * *count]] == '\0')
			return fields ? "a field has no name" : "a tag has no name";
		if (c->at == c->end || *c->at != '=')
			return fields ? "a field needs \"=\"" : "a tag needs \"=\"";
		c->at++;
		if (fields) {
			if ((problem = take_value(p, c, &offsets[2 * *count + 1])) != NULL)
				return problem;
		} else {
			offsets[2 * *count + 1] = take_token(p, c, ", ", ",= ");
		}
		(*count)++;
	} while (c->at < c->end && *c->at == ',' && ++c->at);
	return NULL;
}

static const char *
parse_line(log_parser *p, cursor *c, size_t *tags, size_t *fields, bool *has_ts,
    double *ts)
{
	const char *problem, *start;
	char *end;
	long long whole;

	pp_buffer_clear(&p->storage);
	take_token(p, c, ", ", ", ");
	if (p->storage.data[0] == '\0')
		return "the measurement has no name";
	*tags = 0;
	if (c->at < c->end && *c->at == ',') {
		c->at++;
		if ((problem = take_pairs(p, c, p->tag_offsets, tags, false)) != NULL)
			return problem;
	}
	if (c->at == c->end || *c->at != ' ')
		return "a space and fields are expected after the measurement and tags";
	c->at++;
	if ((problem = take_pairs(p, c, p->field_offsets, fields, true)) != NULL)
		return problem;
	*has_ts = false;
	if (c->at == c->end)
		return NULL;
	if (*c->at != ' ')
		return "unexpected text after the fields";
	start = ++c->at;
	errno = 0;
	whole = strtoll(start, &end, 10);
	if (end != c->end || end == start || !isdigit((unsigned char)end[-1]))
		return "the timestamp is not a whole number";
	if (errno == ERANGE)
		return "the timestamp is out of range";
	/* seconds and fraction apart: a nanosecond count has more digits
	 * than a double holds */
	*ts = (double)(whole / p->per_second) +
	    round((double)(whole % p->per_second) * 1e6 / (double)p->per_second) / 1e6;
	if (!pp_time_in_range(*ts))	/* --precision too fine? */
		return "the timestamp is outside the years 0000 to 9999 (check --precision)";
	*has_ts = true;
	return NULL;
}

static void
influx_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	cursor c = {line, line + length};
	const char *problem, *data;
	size_t tags, fields, i;
	bool has_ts;
	double ts = 0;

	while (c.at < c.end && (*c.at == ' ' || *c.at == '\t'))
		c.at++;
	if (c.at == c.end || *c.at == '#')
		return;
	problem = parse_line(p, &c, &tags, &fields, &has_ts, &ts);
	if (problem != NULL) {
		tool_reject_line(&p->options->c.tool, source, number, line, length, "%s", problem);
		return;
	}
	if (!has_ts) {
		ts = collect_input_time(&p->options->c);
	}
	data = p->storage.data;
	pp_tags_clear(&p->tags);
	for (i = 0; i < tags; i++)
		pp_tags_set(&p->tags, data + p->tag_offsets[2 * i], data + p->tag_offsets[2 * i + 1]);
	for (i = 0; i < fields; i++) {
		if (p->field_offsets[2 * i + 1] == (size_t)-1)
			continue;
		pp_buffer_clear(&p->name);
		pp_buffer_printf(&p->name, "%s.%s", data, data + p->field_offsets[2 * i]);
		collect_emit(&p->options->c, p->name.data,
		    strtod(data + p->field_offsets[2 * i + 1], NULL), true, ts, PP_TYPE_GAUGE,
		    NULL, &p->tags);
	}
}

static log_parser *
influx_create(log_options *options)
{
	log_parser *p = pp_xcalloc(1, sizeof(*p));
	const char *precision = options->precision ? options->precision : "ns";

	p->options = options;
	p->per_second = strcmp(precision, "s") == 0 ? 1 : strcmp(precision, "ms") == 0 ?
	    1000 : strcmp(precision, "us") == 0 ? 1000000 : 1000000000;
	return p;
}

static void
influx_destroy(log_parser *p)
{
	pp_buffer_free(&p->storage);
	pp_buffer_free(&p->name);
	pp_tags_free(&p->tags);
	free(p);
}

const log_format log_format_influx = {"influx", influx_create, influx_line,
	NULL, influx_destroy};
