/*
 * pp_record.c - reading and writing points, and telling record kinds apart.
 * The fast reader is in pp_point_fast.c; the general one, through libjq,
 * is here.
 *
 * The fast reader accepts the subset of JSON that point writers produce: an
 * object whose keys and strings hold printable ASCII without escapes, whose
 * values are strings and numbers, and whose only nested object is "tags".
 * It declines (PP_NOT_HANDLED) everything else, and libjq's parser reads the
 * line instead, so the two can never disagree on a line the fast reader
 * accepts: the differential fuzz target checks exactly that.  Both paths
 * end in pp_point_validate, so a point is judged by the same rules whichever
 * parser read it.
 */
#include "pp_record.h"
#include "pp_record_private.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pp_json.h"
#include "pp_time.h"

static const char *const type_names[] = {
	"gauge", "counter", "cumulative", "timer", "histogram", "summary"};

void
pp_point_init(pp_point *point)
{
	memset(point, 0, sizeof(*point));
	point->source = jv_null();
}

void
pp_point_reset(pp_point *point)
{
	jv_free(point->source);
	point->source = jv_null();
	pp_buffer_clear(&point->storage);
	pp_tags_clear(&point->tags);
	point->name = point->unit = NULL;
	point->value = point->ts = 0;
	point->has_ts = 0;
	point->type = PP_TYPE_GAUGE;
}

void
pp_point_free(pp_point *point)
{
	pp_point_reset(point);
	pp_buffer_free(&point->storage);
	pp_tags_free(&point->tags);
	pp_point_shapes_free(point->shapes);
	point->shapes = NULL;
}

const char *
pp_point_type_name(pp_point_type type)
{
	return type_names[type];
}

pp_status
pp_point_type_parse(const char *name, pp_point_type *type, pp_error *error)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(name, type_names[i]) == 0) {
			*type = (pp_point_type)i;
			return PP_OK;
		}
	return pp_error_set(error, PP_ERR_INVALID,
	    "\"type\" \"%.64s\" is unknown (gauge, counter, cumulative, timer, "
	    "histogram or summary)", name);
}

int
pp_point_type_is_distribution(pp_point_type type)
{
	return type == PP_TYPE_GAUGE || type == PP_TYPE_TIMER ||
	    type == PP_TYPE_HISTOGRAM || type == PP_TYPE_SUMMARY;
}

static pp_kind
kind_from_name(const char *name)
{
	if (strcmp(name, "aggregate") == 0)
		return PP_KIND_AGGREGATE;
	if (strcmp(name, "finding") == 0)
		return PP_KIND_FINDING;
	if (strcmp(name, "alert") == 0)
		return PP_KIND_ALERT;
	if (strcmp(name, "point") == 0)
		return PP_KIND_POINT;
	return PP_KIND_OTHER;
}

pp_kind
pp_record_kind(jv record)
{
	jv kind = jv_object_get(jv_copy(record), jv_string("kind"));
	pp_kind result = PP_KIND_POINT;

	if (jv_get_kind(kind) == JV_KIND_STRING)
		result = kind_from_name(jv_string_value(kind));
	else if (jv_is_valid(kind))
		result = PP_KIND_OTHER;
	jv_free(kind);
	return result;
}

/* The rules every point obeys, whichever parser read it. */
pp_status
pp_point_validate(const pp_point *point, int has_value, pp_error *error)
{
	if (point->name == NULL)
		return pp_error_set(error, PP_ERR_INVALID, "\"name\" is missing");
	if (point->name[0] == '\0')
		return pp_error_set(error, PP_ERR_INVALID, "\"name\" is empty");
	if (!has_value)
		return pp_error_set(error, PP_ERR_INVALID, "\"value\" is missing");
	/* DBL_MAX itself is a value; libjq's 1e400, which also reads as
	 * DBL_MAX, is told apart from the text by pp_record_read. */
	if (!isfinite(point->value))
		return pp_error_set(error, PP_ERR_INVALID, "\"value\" is out of range");
	/* A time RFC 3339 cannot write (years 0000 to 9999) is no instant: a
	 * "ts" of 1e15 (milliseconds taken for seconds, or noise) would also
	 * move event time so far on that every later point came too late. */
	if (point->has_ts && !pp_time_in_range(point->ts))
		return pp_error_set(error, PP_ERR_INVALID,
		    "\"ts\" is out of range (years 0000 to 9999)");
	return PP_OK;
}

/* ---- the general reader, through libjq ---- */

static pp_status
string_field(jv object, const char *key, const char **into, pp_error *error)
{
	jv value = jv_object_get(jv_copy(object), jv_string(key));
	jv_kind kind = jv_get_kind(value);

	int has_nul = 0;

	*into = NULL;
	if (kind == JV_KIND_STRING) {
		*into = jv_string_value(value);	/* object keeps it alive */
		/* "\u0000" would cut the C string the programs use short */
		has_nul = strlen(*into) != (size_t)jv_string_length_bytes(jv_copy(value));
	}
	jv_free(value);
	if (kind != JV_KIND_INVALID && kind != JV_KIND_STRING)
		return pp_error_set(error, PP_ERR_INVALID, "\"%s\" is not a string", key);
	if (has_nul)
		return pp_error_set(error, PP_ERR_INVALID, "\"%s\" contains a NUL character",
		    key);
	return PP_OK;
}

static pp_status
ts_field(jv object, pp_point *point, pp_error *error)
{
	jv value = jv_object_get(jv_copy(object), jv_string("ts"));
	pp_status status = PP_OK;

	switch (jv_get_kind(value)) {
	case JV_KIND_INVALID:
		break;
	case JV_KIND_NUMBER:
		point->ts = jv_number_value(value);
		point->has_ts = 1;
		break;
	case JV_KIND_STRING:
		status = pp_time_parse_rfc3339(jv_string_value(value),
		    (size_t)jv_string_length_bytes(jv_copy(value)), &point->ts, error);
		point->has_ts = 1;
		break;
	default:
		status = pp_error_set(error, PP_ERR_INVALID,
		    "\"ts\" is not a number or an RFC 3339 time");
	}
	jv_free(value);
	return status;
}

static pp_status
value_field(jv object, pp_point *point, int *has_value, pp_error *error)
{
	jv value = jv_object_get(jv_copy(object), jv_string("value"));
	jv_kind kind = jv_get_kind(value);

	*has_value = kind != JV_KIND_INVALID;
	if (kind == JV_KIND_NUMBER)
		point->value = jv_number_value(value);
	jv_free(value);
	if (*has_value && kind != JV_KIND_NUMBER)
		return pp_error_set(error, PP_ERR_INVALID, "\"value\" is not a number");
	return PP_OK;
}

pp_status
pp_point_from_jv(jv object, pp_point *point, pp_error *error)
{
	const char *type = NULL;
	jv tags;
	int has_value = 0;
	pp_status status;

	pp_point_reset(point);
	point->source = jv_copy(object);
	if ((status = string_field(object, "name", &point->name, error)) != PP_OK ||
	    (status = string_field(object, "unit", &point->unit, error)) != PP_OK ||
	    (status = string_field(object, "type", &type, error)) != PP_OK ||
	    (status = value_field(object, point, &has_value, error)) != PP_OK ||
	    (status = ts_field(object, point, error)) != PP_OK)
		return status;
	if (type != NULL && pp_point_type_parse(type, &point->type, error) != PP_OK)
		return PP_ERR_INVALID;
	tags = jv_object_get(jv_copy(object), jv_string("tags"));
	if (jv_is_valid(tags))
		status = pp_tags_from_jv(tags, &point->tags, error);
	jv_free(tags);
	if (status != PP_OK)
		return status;
	return pp_point_validate(point, has_value, error);
}

static pp_status
parse_failure(jv invalid, pp_error *error)
{
	char message[sizeof(error->message)];

	return pp_error_set(error, PP_ERR_PARSE, "malformed JSON: %s",
	    pp_json_parse_message(invalid, "not JSON", message, sizeof(message)));
}

/* The stream is UTF-8 text: libjq would read an invalid byte as U+FFFD and
 * a raw NUL as part of a string, silently changing the record, so both
 * reject the line instead.  The fast reader never accepts such bytes. */
pp_status
pp_record_check_bytes(const char *line, size_t length, pp_error *error)
{
	const char *nul = memchr(line, '\0', length);
	size_t invalid = pp_utf8_invalid_at(line, nul != NULL ? (size_t)(nul - line) : length);

	if (invalid < (nul != NULL ? (size_t)(nul - line) : length))
		return pp_error_set(error, PP_ERR_PARSE, "invalid UTF-8 at column %zu",
		    invalid + 1);
	if (nul != NULL)
		return pp_error_set(error, PP_ERR_PARSE, "a NUL byte at column %zu",
		    (size_t)(nul - line) + 1);
	return PP_OK;
}

/* Whether the JSON number at text[0..length) overflows a double (1e400,
 * -2e308), which libjq 1.6 reads as +-DBL_MAX; underflow (1e-400) is not
 * overflow.  The token is copied to end it for strtod. */
static int
literal_overflows(const char *text, size_t length)
{
	char small[64];
	char *copy = length < sizeof(small) ? small : malloc(length + 1);
	double value;

	if (copy == NULL)
		return 1;	/* cannot tell: refuse rather than take 1e400 */
	memcpy(copy, text, length);
	copy[length] = '\0';
	errno = 0;
	value = strtod(copy, NULL);
	if (copy != small)
		free(copy);
	return errno == ERANGE && isinf(value);
}

/* Whether any number written in the JSON text line[0..length) overflows
 * a double.  Walks the text once, skipping strings (and their escapes). */
static int
line_has_overflowing_number(const char *line, size_t length)
{
	size_t i = 0, start;

	while (i < length) {
		char c = line[i];

		if (c == '"') {
			for (i++; i < length && line[i] != '"'; i++)
				if (line[i] == '\\')
					i++;
			i++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			for (start = i; i < length && (line[i] == '-' || line[i] == '+' ||
			    line[i] == '.' || line[i] == 'e' || line[i] == 'E' ||
			    (line[i] >= '0' && line[i] <= '9')); i++)
				;
			if (literal_overflows(line + start, i - start))
				return 1;
		} else {
			i++;
		}
	}
	return 0;
}

/* A number of a record that is no measurement: NaN, infinity, or the
 * DBL_MAX that libjq made of an overflowing literal of line (NULL: the
 * text is not known, and DBL_MAX is taken as written). */
static int
number_out_of_range(double value, const char *line, size_t length)
{
	if (!isfinite(value))
		return 1;
	return fabs(value) == DBL_MAX && line != NULL &&
	    line_has_overflowing_number(line, length);
}

/* The numbers of one object (the aggregate or its percentiles) are finite;
 * prefix names the object in the message. */
static pp_status
check_numbers(jv object, const char *prefix, const char *line, size_t length,
    pp_error *error)
{
	int iterator;
	pp_status status = PP_OK;

	for (iterator = jv_object_iter(object); status == PP_OK &&
	    jv_object_iter_valid(object, iterator);
	    iterator = jv_object_iter_next(object, iterator)) {
		jv key = jv_object_iter_key(object, iterator);
		jv value = jv_object_iter_value(object, iterator);

		if (jv_get_kind(value) == JV_KIND_NUMBER &&
		    number_out_of_range(jv_number_value(value), line, length))
			status = pp_error_set(error, PP_ERR_INVALID, "%s\"%.64s\" is out of range",
			    prefix, jv_string_value(key));
		jv_free(key);
		jv_free(value);
	}
	return status;
}

double
pp_record_number(jv record, const char *key)
{
	jv value = jv_object_get(jv_copy(record), jv_string(key));
	double number = jv_get_kind(value) == JV_KIND_NUMBER ? jv_number_value(value) : NAN;

	jv_free(value);
	return number;
}

/* pp_aggregate_check, knowing the text the record was read from (or
 * NULL). */
static pp_status
aggregate_check(jv record, const char *line, size_t length, pp_error *error)
{
	jv percentiles = jv_object_get(jv_copy(record), jv_string("percentiles"));
	double start = pp_record_number(record, "start"), end = pp_record_number(record, "end");
	double count = pp_record_number(record, "count");
	pp_status status = check_numbers(record, "", line, length, error);

	if (status == PP_OK && jv_get_kind(percentiles) == JV_KIND_OBJECT)
		status = check_numbers(percentiles, "percentile ", line, length, error);
	jv_free(percentiles);
	if (status != PP_OK)
		return status;
	if ((!isnan(start) && !pp_time_in_range(start)) ||
	    (!isnan(end) && !pp_time_in_range(end)))
		return pp_error_set(error, PP_ERR_INVALID,
		    "\"start\" or \"end\" is out of range (years 0000 to 9999)");
	if (end < start)
		return pp_error_set(error, PP_ERR_INVALID, "\"end\" is before \"start\"");
	if (count < 0)
		return pp_error_set(error, PP_ERR_INVALID, "\"count\" is negative");
	return PP_OK;
}

pp_status
pp_aggregate_check(jv record, pp_error *error)
{
	return aggregate_check(record, NULL, 0, error);
}

pp_status
pp_record_read(const char *line, size_t length, pp_point *point, pp_kind *kind,
    jv *object, pp_error *error)
{
	pp_status status = pp_point_parse_fast(line, length, point, error);
	jv parsed;

	*kind = PP_KIND_POINT;
	if (status != PP_NOT_HANDLED)
		return status;
	if (length > (size_t)INT32_MAX)
		return pp_error_set(error, PP_ERR_PARSE, "line longer than 2 GiB");
	if ((status = pp_record_check_bytes(line, length, error)) != PP_OK)
		return status;
	parsed = jv_parse_sized(line, (int)length);
	if (!jv_is_valid(parsed))
		return parse_failure(parsed, error);
	if (jv_get_kind(parsed) != JV_KIND_OBJECT) {
		jv_free(parsed);
		return pp_error_set(error, PP_ERR_INVALID, "not a JSON object");
	}
	*kind = pp_record_kind(parsed);
	if (*kind == PP_KIND_AGGREGATE &&
	    (status = aggregate_check(parsed, line, length, error)) != PP_OK) {
		jv_free(parsed);
		return status;
	}
	if (*kind != PP_KIND_POINT) {
		if (object != NULL)
			*object = parsed;
		else
			jv_free(parsed);
		return PP_OK;
	}
	status = pp_point_from_jv(parsed, point, error);
	jv_free(parsed);	/* the point holds its own reference */
	if (status == PP_OK && number_out_of_range(point->value, line, length))
		return pp_error_set(error, PP_ERR_INVALID, "\"value\" is out of range");
	return status;
}

jv
pp_point_to_jv(const pp_point *point)
{
	jv object = jv_object();

	object = jv_object_set(object, jv_string("name"), jv_string(point->name));
	object = jv_object_set(object, jv_string("value"), jv_number(point->value));
	if (point->has_ts)
		object = jv_object_set(object, jv_string("ts"), jv_number(point->ts));
	if (point->type != PP_TYPE_GAUGE)
		object = jv_object_set(object, jv_string("type"),
		    jv_string(pp_point_type_name(point->type)));
	if (point->unit != NULL)
		object = jv_object_set(object, jv_string("unit"), jv_string(point->unit));
	if (point->tags.count > 0)
		object = jv_object_set(object, jv_string("tags"), pp_tags_to_jv(&point->tags));
	return object;
}

void
pp_point_write_name(pp_buffer *out, const char *name)
{
	pp_buffer_append_string(out, "{\"name\":");
	pp_json_write_string(out, name, strlen(name));
}

void
pp_point_write_kind(pp_buffer *out, pp_point_type type, const char *unit)
{
	if (type != PP_TYPE_GAUGE) {
		pp_buffer_append_string(out, ",\"type\":\"");
		pp_buffer_append_string(out, pp_point_type_name(type));
		pp_buffer_append_char(out, '"');
	}
	if (unit != NULL) {
		pp_buffer_append_string(out, ",\"unit\":");
		pp_json_write_string(out, unit, strlen(unit));
	}
}

void
pp_point_write_tags(pp_buffer *out, const pp_tags *tags)
{
	size_t i;

	if (tags->count == 0)
		return;
	pp_buffer_append_string(out, ",\"tags\":{");
	for (i = 0; i < tags->count; i++) {
		if (i > 0)
			pp_buffer_append_char(out, ',');
		pp_json_write_string(out, tags->items[i].key, strlen(tags->items[i].key));
		pp_buffer_append_char(out, ':');
		pp_json_write_string(out, tags->items[i].value, strlen(tags->items[i].value));
	}
	pp_buffer_append_char(out, '}');
}

void
pp_point_write(pp_buffer *out, const pp_point *point)
{
	pp_point_write_name(out, point->name);
	pp_buffer_append_string(out, ",\"value\":");
	pp_json_write_number(out, point->value);
	if (point->has_ts) {
		pp_buffer_append_string(out, ",\"ts\":");
		pp_json_write_number(out, point->ts);
	}
	pp_point_write_kind(out, point->type, point->unit);
	pp_point_write_tags(out, &point->tags);
	pp_buffer_append_string(out, "}\n");
}
