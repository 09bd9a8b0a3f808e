/*
 * pp_record.h - the record model of the stream (design.md, "The stream").
 *
 * A record is one JSON object on one line.  Its "kind" says what it is:
 * none means a point; "aggregate", "finding" and "alert" are the others.
 * Points are the hot path of every program that reads raw data, so they
 * have a C struct of their own (pp_point) and a fast reader
 * (pp_point_parse_fast) for well-formed lines, with libjq's parser as the
 * fallback for anything the fast reader declines.  The other kinds stay jv
 * objects: they are few, and passing unknown fields through is free.
 */
#ifndef PP_RECORD_H
#define PP_RECORD_H

#include <stddef.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_error.h"
#include "pp_tags.h"

typedef enum pp_kind {
	PP_KIND_POINT,
	PP_KIND_AGGREGATE,
	PP_KIND_FINDING,
	PP_KIND_ALERT,
	PP_KIND_OTHER		/* a kind this version does not know: passed on */
} pp_kind;

typedef enum pp_point_type {
	PP_TYPE_GAUGE,		/* a level; the default */
	PP_TYPE_COUNTER,	/* an increment: summed, and a rate */
	PP_TYPE_CUMULATIVE,	/* a monotonic total: increase and rate */
	PP_TYPE_TIMER,		/* an observed duration */
	PP_TYPE_HISTOGRAM,	/* an observation */
	PP_TYPE_SUMMARY		/* an observation */
} pp_point_type;

/* A point.  Strings point into the point's own storage (or into the jv it
 * was read from) and stay valid until the point is read into again or
 * freed. */
typedef struct pp_point {
	const char *name;
	double value;
	double ts;
	int has_ts;
	pp_point_type type;
	const char *unit;	/* NULL when absent */
	pp_tags tags;
	pp_buffer storage;	/* decoded strings of the fast path */
	jv source;		/* the jv the strings borrow from, or jv_null() */
	struct pp_point_shapes *shapes;	/* the fast path's recent lines
					 * (pp_point_fast.c); the strings may
					 * be theirs */
} pp_point;

void pp_point_init(pp_point *point);
void pp_point_free(pp_point *point);

/* The kind named by a record object (one without "kind" is a point). */
pp_kind pp_record_kind(jv record);
/* The number at key of object (borrowed), or NAN when the key is absent
 * or holds anything but a number: the one reader of a number field. */
double pp_record_number(jv object, const char *key);
/* The string for a type: "timer". */
const char *pp_point_type_name(pp_point_type type);
/* Reads a type name; returns PP_ERR_INVALID for an unknown one. */
pp_status pp_point_type_parse(const char *name, pp_point_type *type, pp_error *error);
/* Whether points of this type are observations with a distribution. */
int pp_point_type_is_distribution(pp_point_type type);

/*
 * Reads a point from a JSON line.  Tries the fast reader, then libjq.
 * Returns PP_OK with *kind PP_KIND_POINT and point filled; PP_OK with
 * another *kind when the line is a valid record of another kind (then
 * *object holds it, owned by the caller, and point is untouched);
 * PP_ERR_PARSE for malformed JSON and PP_ERR_INVALID for a point that
 * breaks the rules, with the message saying which.  When object is NULL,
 * records of other kinds are reported by kind only.
 */
pp_status pp_record_read(const char *line, size_t length, pp_point *point,
    pp_kind *kind, jv *object, pp_error *error);

/* The fast reader alone: PP_OK, PP_NOT_HANDLED when the line uses
 * anything outside its subset (escapes, non-ASCII, nesting other than
 * tags, literals, duplicate keys, huge numbers), or PP_ERR_INVALID when the
 * line is certainly a bad point.  Exposed for the differential tests. */
pp_status pp_point_parse_fast(const char *line, size_t length, pp_point *point,
    pp_error *error);

/* Fills point from a parsed point object, borrowing its strings (the point
 * keeps a reference to object). */
pp_status pp_point_from_jv(jv object, pp_point *point, pp_error *error);

/* The point as a record object (fields in canonical order). */
jv pp_point_to_jv(const pp_point *point);
/* Appends the point as one NDJSON line, without going through jv:
 * the three pieces below, in this order, with ,"value": and ,"ts":
 * between the first two and "}\n" after the last. */
void pp_point_write(pp_buffer *out, const pp_point *point);
/* {"name":NAME */
void pp_point_write_name(pp_buffer *out, const char *name);
/* ,"type":TYPE (not for a gauge) and ,"unit":UNIT (unit may be NULL) */
void pp_point_write_kind(pp_buffer *out, pp_point_type type, const char *unit);
/* ,"tags":{...} (nothing for an empty set) */
void pp_point_write_tags(pp_buffer *out, const pp_tags *tags);

/* PP_OK when line[0..length) is valid UTF-8 without a NUL byte; else
 * PP_ERR_PARSE with "invalid UTF-8 at column N" or "a NUL byte at column
 * N" (1-based).  pp_record_read applies it to every line its fast reader
 * declines; the stream is UTF-8 text (perfpipe-stream(5)). */
pp_status pp_record_check_bytes(const char *line, size_t length, pp_error *error);

/* PP_OK when the numbers of an aggregate are sound: every number at its
 * top level and in "percentiles" finite (not NaN or infinite; DBL_MAX is
 * finite, and pp_record_read, which has the text, also refuses the 1e400
 * that libjq reads as DBL_MAX),
 * "start" and "end" within years 0000 to 9999 and in order, "count" not
 * negative; else PP_ERR_INVALID naming the field.  pp_record_read applies
 * it to every aggregate it reads. */
pp_status pp_aggregate_check(jv record, pp_error *error);

#endif
