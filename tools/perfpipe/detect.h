/*
 * detect.h - telling an input's format from its first lines, for perfpipe.
 *
 * perfpipe reads the first lines of the first file (gzip or not, through
 * pp_reader) and decides which of the formats perf-collect reads it is:
 * an nginx/Apache access log (combined, common, or combined followed by
 * key=value fields), perfpipe JSON lines, Snakepit telemetry, Prometheus
 * text, or CSV with a header.  It also notes what the pipeline needs to
 * know beyond the format: the key=value keys, the CSV columns and which
 * of them hold numbers, and whether a pool or upstream tag is there to
 * group on.  It guesses from a sample; it does not validate the file
 * (perf-collect rejects the lines that do not fit, with their numbers).
 */
#ifndef PERFPIPE_DETECT_H
#define PERFPIPE_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_error.h"

typedef enum input_kind {
	INPUT_UNKNOWN,
	INPUT_COMBINED,		/* nginx/Apache combined */
	INPUT_COMMON,		/* Common Log Format */
	INPUT_COMBINED_KV,	/* combined, then key=value fields */
	INPUT_JSONL,		/* perfpipe records */
	INPUT_SNAKEPIT,		/* Snakepit telemetry events */
	INPUT_PROMETHEUS,	/* Prometheus text exposition */
	INPUT_CSV,		/* CSV (or TSV) with a header line */
} input_kind;

#define DETECT_MAX_FIELDS 64

typedef struct detected_field {
	char *name;
	bool numeric;		/* a number in every sampled row that has it */
	bool fractional;	/* ... and one with a fractional part */
	bool seen;		/* a value other than "" or "-" was sampled */
	double first;		/* the first sampled value, when numeric */
	bool quoted;		/* INPUT_COMBINED_KV: written key="value" */
} detected_field;

typedef struct detection {
	input_kind kind;
	/* INPUT_COMBINED_KV: the keys in order; INPUT_CSV: the header */
	detected_field fields[DETECT_MAX_FIELDS];
	size_t field_count;
	char delimiter;		/* INPUT_CSV: ',' or '\t' */
	bool has_pool;		/* a pool tag (label, key, column) was seen */
	bool has_upstream;	/* an upstream tag was seen */
} detection;

/* The format names --format accepts, in the order detection tries them,
 * and the kind each stands for. */
extern const char *const detect_format_names[];
input_kind detect_kind_named(const char *name);	/* INPUT_UNKNOWN if none */
const char *detect_kind_name(input_kind kind);

/* Reads the first lines of path and fills out.  With forced other than
 * INPUT_UNKNOWN the kind is taken as given and only the details (keys,
 * header, grouping tags) are read.  Returns PP_OK, PP_ERR_IO (the file
 * cannot be read; error says why), or PP_ERR_PARSE when the format cannot
 * be told (out->kind is INPUT_UNKNOWN) or the lines do not fit the forced
 * format (error says what).  Free with detect_free. */
pp_status detect_input(const char *path, input_kind forced, detection *out,
    pp_error *error);
void detect_free(detection *d);

#endif
