/*
 * prom_text.c - tokenizing Prometheus and OpenMetrics sample lines.  See
 * prom_text.h.
 *
 * A hand-written scanner over the line's bytes: names, then an optional
 * label set (quoted values may hold '#', '{', '}' and escapes), then the
 * value, an optional timestamp and an optional exemplar after " # ".
 * Names and values are copied into one buffer; pointers into it are fixed
 * only once the line is done, since the buffer may move while it grows.
 */
#include "prom_text.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct scanner {
	const char *at, *end;
	bool lenient;
	prom_sample *sample;
	size_t offsets[2 * PROM_MAX_LABELS + 1];	/* name, then key/value pairs */
} scanner;

static bool
is_name_start(int c, bool colon)
{
	return isalpha(c) || c == '_' || (colon && c == ':');
}

static bool
valid_name(const char *text, size_t length, bool colon)
{
	size_t i;

	if (length == 0 || !is_name_start((unsigned char)text[0], colon))
		return false;
	for (i = 1; i < length; i++)
		if (!is_name_start((unsigned char)text[i], colon) && !isdigit((unsigned char)text[i]))
			return false;
	return true;
}

bool
prom_valid_metric_name(const char *text, size_t length)
{
	return valid_name(text, length, true);
}

bool
prom_valid_label_name(const char *text, size_t length)
{
	return valid_name(text, length, false);
}

static bool
word_is(const char *text, size_t length, const char *word)
{
	return length == strlen(word) && strncasecmp(text, word, length) == 0;
}

bool
prom_parse_number(const char *text, size_t length, double *value)
{
	const char *p = text, *end = text + length;
	char copy[128];
	size_t digits = 0;

	if (length > 0 && (*p == '+' || *p == '-'))
		p++;
	if (word_is(p, (size_t)(end - p), "inf") || word_is(p, (size_t)(end - p), "infinity")) {
		*value = text[0] == '-' ? -INFINITY : INFINITY;
		return true;
	}
	if (word_is(p, (size_t)(end - p), "nan")) {
		*value = NAN;
		return true;
	}
	for (; p < end && isdigit((unsigned char)*p); p++)
		digits++;
	if (p < end && *p == '.')
		for (p++; p < end && isdigit((unsigned char)*p); p++)
			digits++;
	if (digits == 0)
		return false;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !isdigit((unsigned char)*p))
			return false;
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	if (p != end)
		return false;
	if (length < sizeof(copy)) {
		memcpy(copy, text, length);
		copy[length] = '\0';
		*value = strtod(copy, NULL);
	} else {
		char *long_copy = pp_strndup(text, length);

		*value = strtod(long_copy, NULL);
		free(long_copy);
	}
	return true;
}

static size_t
store(scanner *s, const char *bytes, size_t length)
{
	size_t offset = s->sample->storage.length;

	pp_buffer_append(&s->sample->storage, bytes, length);
	pp_buffer_append_char(&s->sample->storage, '\0');
	return offset;
}

static void
skip_blanks(scanner *s)
{
	if (s->lenient)
		while (s->at < s->end && (*s->at == ' ' || *s->at == '\t'))
			s->at++;
}

/* Reads a quoted label value, unescaping it into storage; *chars counts
 * its code points. */
static const char *
scan_value(scanner *s, size_t *offset, size_t *chars)
{
	pp_buffer *storage = &s->sample->storage;

	if (s->at == s->end || *s->at != '"')
		return "a label value must be in double quotes";
	s->at++;
	*offset = storage->length;
	*chars = 0;
	for (;;) {
		unsigned char c;

		if (s->at == s->end)
			return "a label value is not closed";
		c = (unsigned char)*s->at++;
		if (c == '"')
			break;
		if (c == '\\' && s->at < s->end) {
			c = (unsigned char)*s->at++;
			if (c == 'n')
				c = '\n';
			else if (c != '\\' && c != '"')
				pp_buffer_append_char(storage, '\\');
		}
		pp_buffer_append_char(storage, (char)c);
		if ((c & 0xC0) != 0x80)
			(*chars)++;
	}
	pp_buffer_append_char(storage, '\0');
	return NULL;
}

static bool
duplicate_label(const scanner *s, const size_t *offsets, size_t count, size_t name)
{
	const char *data = s->sample->storage.data;
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(data + offsets[2 * i], data + name) == 0)
			return true;
	return false;
}

/* Reads "{name="value",...}" from '{'.  offsets receives name and value
 * offsets per label; *chars the code points of all names and values. */
static const char *
scan_labels(scanner *s, size_t *offsets, size_t *count, size_t *chars)
{
	const char *problem;

	s->at++;
	*count = *chars = 0;
	skip_blanks(s);
	if (s->at < s->end && *s->at == '}') {
		s->at++;
		return NULL;
	}
	for (;;) {
		const char *name = s->at;
		size_t name_offset, name_length, value_chars;

		while (s->at < s->end && (isalnum((unsigned char)*s->at) || *s->at == '_'))
			s->at++;
		name_length = (size_t)(s->at - name);
		if (!prom_valid_label_name(name, name_length))
			return "a label name is expected";
		if (*count == PROM_MAX_LABELS)
			return "too many labels";
		name_offset = store(s, name, name_length);
		if (duplicate_label(s, offsets, *count, name_offset))
			return "a label name is repeated";
		skip_blanks(s);
		if (s->at == s->end || *s->at != '=')
			return "\"=\" is expected after a label name";
		s->at++;
		skip_blanks(s);
		offsets[2 * *count] = name_offset;
		if ((problem = scan_value(s, &offsets[2 * *count + 1], &value_chars)) != NULL)
			return problem;
		*chars += name_length + value_chars;
		(*count)++;
		skip_blanks(s);
		if (s->at < s->end && *s->at == '}') {
			s->at++;
			return NULL;
		}
		if (s->at == s->end || *s->at != ',')
			return "\",\" or \"}\" is expected in a label set";
		s->at++;
		skip_blanks(s);
		if (s->lenient && s->at < s->end && *s->at == '}') {
			s->at++;
			return NULL;
		}
	}
}

/* The next token, up to a space (or a tab when lenient) or the end. */
static size_t
token_length(const scanner *s)
{
	const char *p = s->at;

	while (p < s->end && *p != ' ' && !(s->lenient && *p == '\t'))
		p++;
	return (size_t)(p - s->at);
}

/* One separating space (any run of blanks when lenient); false at the
 * end of the line. */
static bool
separator(scanner *s)
{
	if (s->at == s->end || (*s->at != ' ' && !(s->lenient && *s->at == '\t')))
		return false;
	s->at++;
	skip_blanks(s);
	return true;
}

static const char *
scan_timestamp(scanner *s, double *ts)
{
	size_t length = token_length(s);

	if (!prom_parse_number(s->at, length, ts) || isnan(*ts) || isinf(*ts))
		return "the timestamp is not a finite number";
	s->at += length;
	return NULL;
}

/* " # {labels} value [timestamp]" after a sample, from the '#'. */
static const char *
scan_exemplar(scanner *s)
{
	size_t offsets[2 * PROM_MAX_LABELS], count, length;
	const char *problem;
	double value, ts;

	if (s->end - s->at < 3 || memcmp(s->at, "# {", 3) != 0)
		return "an exemplar must be \" # {labels} value\"";
	s->at += 2;
	if ((problem = scan_labels(s, offsets, &count, &s->sample->exemplar_chars)) != NULL)
		return problem;
	if (!separator(s))
		return "an exemplar needs a value";
	length = token_length(s);
	if (!prom_parse_number(s->at, length, &value))
		return "the exemplar value is not a number";
	s->at += length;
	s->sample->has_exemplar = true;
	if (!separator(s))
		return s->at == s->end ? NULL : "unexpected text after the exemplar value";
	if ((problem = scan_timestamp(s, &ts)) != NULL)
		return problem;
	return s->at == s->end ? NULL : "unexpected text after the exemplar";
}

/* Points the sample's strings into storage, now that it no longer grows. */
static void
fix_pointers(scanner *s, size_t count)
{
	prom_sample *sample = s->sample;
	size_t i;

	sample->name = sample->storage.data + s->offsets[0];
	sample->label_count = count;
	for (i = 0; i < count; i++) {
		sample->labels[i].name = sample->storage.data + s->offsets[1 + 2 * i];
		sample->labels[i].value = sample->storage.data + s->offsets[2 + 2 * i];
	}
}

const char *
prom_parse_sample(const char *line, size_t length, bool lenient, prom_sample *sample)
{
	scanner s = {line, line + length, lenient, sample, {0}};
	const char *name, *problem = NULL;
	size_t count = 0, chars, token;

	pp_buffer_clear(&sample->storage);
	sample->has_ts = sample->has_exemplar = false;
	sample->exemplar_chars = 0;
	skip_blanks(&s);
	for (name = s.at; s.at < s.end && (isalnum((unsigned char)*s.at) ||
	    *s.at == '_' || *s.at == ':'); s.at++)
		;
	if (!prom_valid_metric_name(name, (size_t)(s.at - name)))
		return "a metric name is expected";
	s.offsets[0] = store(&s, name, (size_t)(s.at - name));
	if (lenient) {	/* blanks may come before the label set, not only after */
		const char *name_end = s.at;

		skip_blanks(&s);
		if (s.at == s.end || *s.at != '{')
			s.at = name_end;
	}
	if (s.at < s.end && *s.at == '{' &&
	    (problem = scan_labels(&s, s.offsets + 1, &count, &chars)) != NULL)
		return problem;
	if (!separator(&s))
		return "a space and a value are expected after the name";
	token = token_length(&s);
	if (!prom_parse_number(s.at, token, &sample->value))
		return "the value is not a number";
	s.at += token;
	fix_pointers(&s, count);
	if (!separator(&s))
		return s.at == s.end ? NULL : "unexpected text after the value";
	if (s.at == s.end)
		return lenient ? NULL : "a timestamp is expected after the space";
	if (*s.at != '#') {
		if ((problem = scan_timestamp(&s, &sample->ts)) != NULL)
			return problem;
		sample->has_ts = true;
		if (!separator(&s))
			return s.at == s.end ? NULL : "unexpected text after the timestamp";
		if (lenient && s.at == s.end)
			return NULL;
	}
	if (lenient)
		return NULL;	/* the text format has no exemplars: the rest is ignored */
	problem = scan_exemplar(&s);
	fix_pointers(&s, count);
	return problem;
}

const char *
prom_label_value(const prom_sample *sample, const char *name)
{
	size_t i;

	for (i = 0; i < sample->label_count; i++)
		if (strcmp(sample->labels[i].name, name) == 0)
			return sample->labels[i].value;
	return NULL;
}

void
prom_sample_free(prom_sample *sample)
{
	pp_buffer_free(&sample->storage);
}
