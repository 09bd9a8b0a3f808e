/*
 * prom_text.h - the lexical layer of the Prometheus text and OpenMetrics
 * formats: one sample line into name, labels, value, timestamp and
 * exemplar.
 *
 * Pure functions of a line, shared by `--format prometheus` (lenient:
 * trailing commas in label sets, millisecond timestamps) and `--format
 * openmetrics` (strict: the grammar of the OpenMetrics text format, whose
 * family-level rules live in log_prometheus.c).  Label values are
 * unescaped into the sample's own storage.
 */
#ifndef PROM_TEXT_H
#define PROM_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_buffer.h"

#define PROM_MAX_LABELS 64

typedef struct prom_label {
	const char *name;	/* NUL-terminated, in storage */
	const char *value;	/* unescaped, NUL-terminated, in storage */
	size_t value_chars;	/* UTF-8 code points of the value */
} prom_label;

typedef struct prom_sample {
	const char *name;	/* NUL-terminated, in storage */
	prom_label labels[PROM_MAX_LABELS];
	size_t label_count;
	double value;
	bool has_ts;
	double ts;		/* as written: seconds (OpenMetrics) or ms */
	bool has_exemplar;
	size_t exemplar_chars;	/* code points of the exemplar's names and values */
	pp_buffer storage;
} prom_sample;

/* Parses a number as OpenMetrics writes one: decimal, optional exponent,
 * or NaN/Inf/+Inf/-Inf (any case, as the reference parser accepts);
 * no hex, no underscores, no spaces.  text[0..length). */
bool prom_parse_number(const char *text, size_t length, double *value);

/* Whether text[0..length) is a valid metric (colons allowed) or label name. */
bool prom_valid_metric_name(const char *text, size_t length);
bool prom_valid_label_name(const char *text, size_t length);

/* Parses a sample line.  lenient allows what Prometheus's own scraper
 * allows and OpenMetrics forbids (a trailing comma in a label set, spaces
 * around tokens).  Returns NULL, or a static sentence saying what is
 * wrong. */
const char *prom_parse_sample(const char *line, size_t length, bool lenient,
    prom_sample *sample);

/* The value of label name, or NULL. */
const char *prom_label_value(const prom_sample *sample, const char *name);

void prom_sample_free(prom_sample *sample);

#endif
