/*
 * pp_point_fast.c - the fast reader of points (pp_point_parse_fast), the
 * hot path of every program that reads raw data.
 *
 * It accepts the subset of JSON that point writers produce: an object
 * whose keys and strings hold printable ASCII without escapes, whose
 * values are strings and numbers, and whose only nested object is "tags",
 * and declines (PP_NOT_HANDLED) everything else, which libjq's parser then
 * reads (pp_record.c).  It ends in pp_point_validate, as the general
 * reader does, so a point is judged by the same rules whichever parser
 * read it; the differential fuzz target checks that the two agree.
 *
 * Most lines of a stream differ from an earlier one only in their
 * numbers: the same name, type, unit and tags, with another value and
 * ts.  So the reader keeps the last SHAPES lines it read whole, with the
 * point each made and where its "value" and "ts" numbers were.  A line
 * whose bytes equal one of them outside those numbers is the same point
 * with other numbers: only the numbers are read, and the rules checked
 * (pp_point_validate).  That is exact, not a guess: a number ends where
 * the grammar says, and the bytes after it are the same as after the
 * kept line's number, so the parse of the rest would be the same too.
 */
#include "pp_record.h"
#include "pp_record_private.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct cursor {
	const char *at, *end;
} cursor;

/* Point writers put no space between tokens: one test settles that case. */
static inline void
skip_space(cursor *c)
{
	if (c->at < c->end && (unsigned char)*c->at > ' ')
		return;
	while (c->at < c->end && (*c->at == ' ' || *c->at == '\t' || *c->at == '\n' ||
	    *c->at == '\r'))
		c->at++;
}

static inline int
take(cursor *c, char expected)
{
	skip_space(c);
	if (c->at < c->end && *c->at == expected) {
		c->at++;
		return 1;
	}
	return 0;
}

/* The bytes of word that end or break a plain string - '"', '\\', a
 * control byte, DEL or a non-ASCII byte - as their high bits set.  Each
 * test is the "has a zero byte" bit trick: a borrow can only mark bytes
 * above a true one, so the lowest set bit is always a true special byte. */
static uint64_t
special_bytes(uint64_t word)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t quote = word ^ (ones * '"'), backslash = word ^ (ones * '\\');
	uint64_t del = word ^ (ones * 0x7f);

	return (((word - ones * 0x20) & ~word) | ((quote - ones) & ~quote) |
	    ((backslash - ones) & ~backslash) | ((del - ones) & ~del) | word) & high;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_AT_A_TIME 1	/* the lowest bits of a loaded word are its first byte */
#else
#define WORD_AT_A_TIME 0
#endif

/* A string of printable ASCII without escapes; sets its span.  Eight bytes
 * at a time on little-endian machines, then the tail byte by byte; the
 * first special byte must be the closing quote.  Inlined: it runs a dozen
 * times a point, on strings mostly shorter than a word. */
static inline __attribute__((always_inline)) int
plain_string(cursor *c, const char **start, size_t *length)
{
	const char *at;

	if (c->at >= c->end || *c->at != '"')
		return 0;
	at = ++c->at;
	for (;;) {
		if (WORD_AT_A_TIME && c->end - at >= 8) {
			uint64_t word, special;

			memcpy(&word, at, 8);
			special = special_bytes(word);
			if (special == 0) {
				at += 8;
				continue;
			}
			at += __builtin_ctzll(special) / 8;
		} else {
			while (at < c->end && (unsigned char)*at >= 0x20 &&
			    (unsigned char)*at < 0x7f && *at != '"' && *at != '\\')
				at++;
			if (at == c->end)
				return 0;
		}
		if (*at != '"')
			return 0;
		*start = c->at;
		*length = (size_t)(at - c->at);
		c->at = at + 1;
		return 1;
	}
}

/* Reads digits, folding them into *mantissa while it has room (19
 * digits); *dropped counts those that did not fit.  Zeros before the
 * first nonzero digit fold into nothing (in a fraction they still lower
 * the scale). */
static inline int
scan_digits(cursor *c, uint64_t *mantissa, int *significant, int *dropped, int *scale,
    int in_fraction)
{
	const char *start = c->at, *at = c->at, *end = c->end;
	uint64_t folded = *mantissa;
	int digits = *significant;

	if (folded == 0) {
		while (at < end && *at == '0')
			at++;
		*scale -= in_fraction * (int)(at - start);
	}
	for (; at < end && (unsigned)(*at - '0') < 10; at++) {
		if (digits < 19) {
			folded = folded * 10 + (uint64_t)(*at - '0');
			digits++;
			*scale -= in_fraction;
		} else {
			(*dropped)++;
		}
	}
	*mantissa = folded;
	*significant = digits;
	c->at = at;
	return at > start;
}

/* A number in strict JSON grammar.  Clinger's fast path converts it when
 * its digits fit in 53 bits and its power of ten is at most 22 either way
 * (both exact in a double, so one IEEE multiplication or division rounds
 * correctly, to what strtod returns); anything else goes to strtod.
 * Declines overflow and underflow to zero, where libjq's conversion
 * differs. */
static int
json_number(cursor *c, double *value)
{
	static const double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
		1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
		1e21, 1e22};
	const char *start = c->at;
	uint64_t mantissa = 0;
	int significant = 0, dropped = 0, scale = 0, power = 0, power_sign = 1;
	char *end;

	if (c->at < c->end && *c->at == '-')
		c->at++;
	if (c->at < c->end && *c->at == '0')
		c->at++;
	else if (!scan_digits(c, &mantissa, &significant, &dropped, &scale, 0))
		return 0;
	if (c->at < c->end && *c->at == '.') {
		c->at++;
		if (!scan_digits(c, &mantissa, &significant, &dropped, &scale, 1))
			return 0;
	}
	if (c->at < c->end && (*c->at == 'e' || *c->at == 'E')) {
		const char *digits_start;

		c->at++;
		if (c->at < c->end && (*c->at == '+' || *c->at == '-'))
			power_sign = *c->at++ == '-' ? -1 : 1;
		for (digits_start = c->at; c->at < c->end && *c->at >= '0' && *c->at <= '9'; c->at++)
			if (power < 10000)
				power = power * 10 + (*c->at - '0');
		if (c->at == digits_start)
			return 0;
	}
	scale += power_sign * power;
	if (dropped == 0 && mantissa <= (1ULL << 53) && scale >= -22 && scale <= 22) {
		*value = scale < 0 ? (double)mantissa / powers[-scale] :
		    (double)mantissa * powers[scale];
		if (*start == '-')
			*value = -*value;
		return 1;
	}
	/* The line is NUL-terminated by the reader, and the grammar above
	 * bounds what strtod consumes to [start, at). */
	errno = 0;
	*value = strtod(start, &end);
	return end == c->at && errno == 0;
}

/* Copies a string of the line into the point's storage, NUL-terminated.
 * pp_point_parse_fast reserves the line's length up front, and a string
 * copied takes one byte less than it does quoted in the line, so storage
 * never moves while a point is read and the copies are plain pointers. */
static const char *
store_string(pp_point *point, const char *start, size_t length)
{
	char *copy = point->storage.data + point->storage.length;

	memcpy(copy, start, length);
	copy[length] = '\0';
	point->storage.length += length + 1;
	return copy;
}

enum field { NAME = 1, VALUE = 2, TS = 4, TYPE = 8, UNIT = 16, TAGS = 32 };

/* The most tags the fast reader takes; a point with more goes to libjq. */
enum { FAST_TAGS_MAX = 62 };

/* Where a line's "value" and "ts" numbers are, in line order. */
typedef struct number_spans {
	size_t count;
	size_t start[2], end[2];
	unsigned field[2];		/* VALUE or TS */
} number_spans;

static void
note_span(number_spans *spans, const char *line, const cursor *before, const cursor *after,
    unsigned field)
{
	if (spans->count < 2) {
		spans->start[spans->count] = (size_t)(before->at - line);
		spans->end[spans->count] = (size_t)(after->at - line);
		spans->field[spans->count++] = field;
	}
}

static pp_status
fast_tags(cursor *c, pp_point *point, const char **tag_strings, size_t *tag_count)
{
	if (!take(c, '{'))
		return PP_NOT_HANDLED;
	if (take(c, '}'))
		return PP_OK;
	do {
		const char *key, *value;
		size_t key_length, value_length;

		skip_space(c);
		if (!plain_string(c, &key, &key_length) || !take(c, ':'))
			return PP_NOT_HANDLED;
		skip_space(c);
		if (!plain_string(c, &value, &value_length) || *tag_count >= FAST_TAGS_MAX)
			return PP_NOT_HANDLED;
		tag_strings[2 * *tag_count] = store_string(point, key, key_length);
		tag_strings[2 * *tag_count + 1] = store_string(point, value, value_length);
		(*tag_count)++;
	} while (take(c, ','));
	return take(c, '}') ? PP_OK : PP_NOT_HANDLED;
}

static int
skip_simple_value(cursor *c)
{
	const char *start;
	size_t length;
	double number;

	skip_space(c);
	if (c->at < c->end && *c->at == '"')
		return plain_string(c, &start, &length);
	return json_number(c, &number);
}

/* Reads one member "key": value of the point into point, strings and tag_strings. */
static pp_status
fast_member(cursor *c, pp_point *point, unsigned *seen, const char *strings[3],
    const char **tag_strings, size_t *tag_count, const char *line, number_spans *spans)
{
	cursor before;

	const char *key, *start;
	size_t key_length, length;
	unsigned field = 0;

	skip_space(c);
	if (!plain_string(c, &key, &key_length) || !take(c, ':'))
		return PP_NOT_HANDLED;
	skip_space(c);
#define KEY_IS(literal) (key_length == sizeof(literal) - 1 && memcmp(key, literal, key_length) == 0)
	if (KEY_IS("name") || KEY_IS("type") || KEY_IS("unit")) {
		field = KEY_IS("name") ? NAME : KEY_IS("type") ? TYPE : UNIT;
		if (!plain_string(c, &start, &length))
			return PP_NOT_HANDLED;
		strings[field == NAME ? 0 : field == TYPE ? 1 : 2] =
		    store_string(point, start, length);
	} else if (KEY_IS("value") || KEY_IS("ts")) {
		field = KEY_IS("value") ? VALUE : TS;
		before = *c;
		if (!json_number(c, field == VALUE ? &point->value : &point->ts))
			return PP_NOT_HANDLED;
		note_span(spans, line, &before, c, field);
	} else if (KEY_IS("tags")) {
		field = TAGS;
		if (fast_tags(c, point, tag_strings, tag_count) != PP_OK)
			return PP_NOT_HANDLED;
	} else if (KEY_IS("kind")) {
		return PP_NOT_HANDLED;
	} else if (!skip_simple_value(c)) {
		return PP_NOT_HANDLED;
	}
#undef KEY_IS
	if (*seen & field)
		return PP_NOT_HANDLED;	/* a duplicate key: libjq keeps the last */
	*seen |= field;
	return PP_OK;
}

/* The point type named by a "type" string: its common names compared
 * directly, anything else (an error among them) by pp_point_type_parse. */
static pp_status
fast_type(const char *name, pp_point_type *type, pp_error *error)
{
	if (strcmp(name, "timer") == 0)
		*type = PP_TYPE_TIMER;
	else if (strcmp(name, "gauge") == 0)
		*type = PP_TYPE_GAUGE;
	else if (strcmp(name, "counter") == 0)
		*type = PP_TYPE_COUNTER;
	else
		return pp_point_type_parse(name, type, error);
	return PP_OK;
}

/* Adds the tags in canonical order; declines a duplicate key.  Writers
 * usually sort their tags already, and a key after the last one so far is
 * appended with one comparison. */
static pp_status
resolve_tags(pp_point *point, const char **tag_strings, size_t tag_count)
{
	pp_tags *tags = &point->tags;
	size_t i;

	for (i = 0; i < tag_count; i++) {
		const char *key = tag_strings[2 * i], *value = tag_strings[2 * i + 1];

		if (tags->count > 0 && tags->count < tags->capacity &&
		    strcmp(tags->items[tags->count - 1].key, key) < 0) {
			tags->items[tags->count].key = key;
			tags->items[tags->count++].value = value;
			continue;
		}
		if (pp_tags_get(tags, key) != NULL)
			return PP_NOT_HANDLED;	/* duplicate tag key */
		pp_tags_set(tags, key, value);
	}
	return PP_OK;
}

static pp_status
resolve_fast_point(pp_point *point, unsigned seen, const char *strings[3],
    const char **tag_strings, size_t tag_count, pp_error *error)
{
	if (resolve_tags(point, tag_strings, tag_count) != PP_OK)
		return PP_NOT_HANDLED;
	point->name = strings[0];
	point->unit = strings[2];
	point->has_ts = (seen & TS) != 0;
	if (strings[1] != NULL && fast_type(strings[1], &point->type, error) != PP_OK)
		return PP_ERR_INVALID;
	return pp_point_validate(point, (seen & VALUE) != 0, error);
}

/* ---- lines read before (see the top of the file) ---- */

enum {
	SHAPES = 8,
	SHAPE_LINE_MAX = 1024,	/* longer lines are not kept */
	/* A stream whose lines seldom repeat (a tag of ids, say) would pay
	 * for keeping lines and comparing each line with them for little:
	 * a miss costs about what a match saves.  So the kept lines are
	 * judged every TRIES lines: when fewer than half of them matched,
	 * they rest for twice as many lines as the rest before (64 at
	 * first, at most 65536); a judgement that finds half or more ends
	 * the rests. */
	TRIES = 32,
	REST_FIRST = 64,
	REST_MAX = 65536
};

/* A line read whole, and the point it made; its buffers are reused. */
typedef struct shape {
	char line[SHAPE_LINE_MAX];
	size_t length;
	number_spans spans;
	char strings[SHAPE_LINE_MAX + 1];	/* the point's strings */
	const char *name, *unit;		/* in strings */
	pp_point_type type;
	pp_tag tags[FAST_TAGS_MAX];		/* in strings */
	size_t tag_count;
} shape;

struct pp_point_shapes {
	shape *items[SHAPES];		/* allocated as first used */
	unsigned char order[SHAPES];	/* indexes, the most recently met first */
	size_t count;
	unsigned tried, matched;	/* lines since the last judgement */
	unsigned rest, resting;		/* the length of the last rest; lines
					 * left in this one */
};

void
pp_point_shapes_free(struct pp_point_shapes *shapes)
{
	if (shapes == NULL)
		return;
	for (size_t i = 0; i < SHAPES; i++)
		free(shapes->items[i]);
	free(shapes);
}

/* A string of point's storage, as the same string of copy. */
static const char *
moved(const pp_point *point, const char *copy, const char *string)
{
	return string == NULL ? NULL : copy + (string - point->storage.data);
}

/* Keeps line, read whole into point, in front of the others, in the
 * place of the least recently met when all are taken. */
static void
shape_keep(pp_point *point, const char *line, size_t length, const number_spans *spans)
{
	struct pp_point_shapes *shapes = point->shapes;
	unsigned char slot;
	shape *kept;

	if (length > SHAPE_LINE_MAX || spans->count == 0 ||
	    point->storage.length > SHAPE_LINE_MAX + 1 || point->tags.count > FAST_TAGS_MAX)
		return;
	if (shapes->count < SHAPES) {
		slot = (unsigned char)shapes->count++;
		shapes->items[slot] = pp_xmalloc(sizeof(shape));
	} else {
		slot = shapes->order[SHAPES - 1];
	}
	memmove(shapes->order + 1, shapes->order, (shapes->count - 1) * sizeof(*shapes->order));
	shapes->order[0] = slot;
	kept = shapes->items[slot];
	memcpy(kept->line, line, length);
	kept->length = length;
	kept->spans = *spans;
	memcpy(kept->strings, point->storage.data, point->storage.length);
	kept->name = moved(point, kept->strings, point->name);
	kept->unit = moved(point, kept->strings, point->unit);
	kept->type = point->type;
	kept->tag_count = point->tags.count;
	for (size_t i = 0; i < kept->tag_count; i++) {
		kept->tags[i].key = moved(point, kept->strings, point->tags.items[i].key);
		kept->tags[i].value = moved(point, kept->strings, point->tags.items[i].value);
	}
}

/* Whether line equals the kept line outside its numbers; if so, reads
 * the numbers into point. */
static int
shape_matches(const shape *kept, const char *line, size_t length, pp_point *point)
{
	const number_spans *spans = &kept->spans;
	size_t tail = kept->length - spans->end[spans->count - 1], done = 0;
	cursor c = {line, line + length};

	/* The bytes after the last number first: where shapes differ most. */
	if (length < tail || memcmp(line + length - tail, kept->line + kept->length - tail,
	    tail) != 0)
		return 0;
	for (size_t i = 0; i < spans->count; i++) {
		size_t fixed = spans->start[i] - done;

		if ((size_t)(c.end - c.at) < fixed || memcmp(c.at, kept->line + done, fixed) != 0 ||
		    !json_number((c.at += fixed, &c), spans->field[i] == VALUE ? &point->value :
		    &point->ts))
			return 0;
		done = spans->end[i];
	}
	return (size_t)(c.end - c.at) == tail;
}

/* The kept line that line matches, moved to the front; NULL if none. */
static const shape *
shape_find(struct pp_point_shapes *shapes, const char *line, size_t length, pp_point *point)
{
	for (size_t i = 0; i < shapes->count; i++) {
		unsigned char slot = shapes->order[i];

		if (shape_matches(shapes->items[slot], line, length, point)) {
			memmove(shapes->order + 1, shapes->order, i * sizeof(*shapes->order));
			shapes->order[0] = slot;
			return shapes->items[slot];
		}
	}
	return NULL;
}

/* Whether the kept lines are to be tried on this line (see TRIES). */
static int
shapes_awake(struct pp_point_shapes *shapes)
{
	if (shapes->resting > 0) {
		shapes->resting--;
		return 0;
	}
	if (shapes->tried < TRIES)
		return 1;
	if (2 * shapes->matched >= shapes->tried) {
		shapes->rest = 0;
	} else {
		shapes->rest = shapes->rest == 0 ? REST_FIRST :
		    shapes->rest < REST_MAX ? 2 * shapes->rest : REST_MAX;
		shapes->resting = shapes->rest;
	}
	shapes->tried = shapes->matched = 0;
	return shapes->resting == 0;
}

/* The point of a line that matches a kept one; PP_NOT_HANDLED if none,
 * *keep set when the line, read whole, is to be kept. */
static pp_status
parse_known_shape(const char *line, size_t length, pp_point *point, pp_error *error,
    int *keep)
{
	struct pp_point_shapes *shapes = point->shapes;
	unsigned fields = 0;
	const shape *kept;
	size_t i;

	if (shapes == NULL)
		shapes = point->shapes = pp_xcalloc(1, sizeof(*shapes));
	*keep = shapes_awake(shapes);
	if (!*keep)
		return PP_NOT_HANDLED;
	shapes->tried++;
	if ((kept = shape_find(shapes, line, length, point)) == NULL)
		return PP_NOT_HANDLED;
	shapes->matched++;
	point->name = kept->name;
	point->unit = kept->unit;
	point->type = kept->type;
	if (point->tags.capacity < kept->tag_count) {
		point->tags.items = pp_xrealloc(point->tags.items,
		    kept->tag_count * sizeof(*point->tags.items));
		point->tags.capacity = kept->tag_count;
	}
	if (kept->tag_count > 0)
		memcpy(point->tags.items, kept->tags, kept->tag_count * sizeof(*kept->tags));
	point->tags.count = kept->tag_count;
	for (i = 0; i < kept->spans.count; i++)
		fields |= kept->spans.field[i];
	point->has_ts = (fields & TS) != 0;
	return pp_point_validate(point, (fields & VALUE) != 0, error);
}

/* ---- the fast reader ---- */

pp_status
pp_point_parse_fast(const char *line, size_t length, pp_point *point, pp_error *error)
{
	cursor c = {line, line + length};
	const char *strings[3] = {NULL, NULL, NULL};	/* name, type, unit */
	const char *tag_strings[2 * FAST_TAGS_MAX];
	size_t tag_count = 0;
	unsigned seen = 0;
	number_spans spans = {0, {0, 0}, {0, 0}, {0, 0}};
	pp_status status;
	int keep;

	pp_point_reset(point);
	if ((status = parse_known_shape(line, length, point, error, &keep)) != PP_NOT_HANDLED)
		return status;
	point->value = point->ts = 0;	/* a kept line that did not match read them */
	pp_buffer_reserve(&point->storage, length + 1);
	if (!take(&c, '{'))
		return PP_NOT_HANDLED;
	if (!take(&c, '}')) {
		do {
			if (fast_member(&c, point, &seen, strings, tag_strings, &tag_count,
			    line, &spans) != PP_OK)
				return PP_NOT_HANDLED;
		} while (take(&c, ','));
		if (!take(&c, '}'))
			return PP_NOT_HANDLED;
	}
	skip_space(&c);
	if (c.at != c.end)
		return PP_NOT_HANDLED;
	status = resolve_fast_point(point, seen, strings, tag_strings, tag_count, error);
	if (status == PP_OK && keep)
		shape_keep(point, line, length, &spans);
	return status;
}
