/*
 * pp_quantile.h - exact percentiles by the nearest-rank definition.
 *
 * The p-th percentile of n values is the ceil(p/100 * n)-th smallest (the
 * first when that is 0).  The rank is computed in integers from the decimal
 * text the user wrote: "99.9" is 999/10, so the rank is ceil(999 n / 1000)
 * exactly; a double product would make 99.9/100 * 10000 = 9990.000000000002
 * and pick the 9991st value.  Values are kept, 8 bytes each, in a growable
 * array, and the ranks are found by introselect (quickselect that falls back
 * to sorting when its partitions go bad), so asking for several percentiles
 * costs a few linear passes rather than a sort.
 */
#ifndef PP_QUANTILE_H
#define PP_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

#include "pp_error.h"

/* A percentile p = numerator / denominator (denominator a power of ten),
 * 0 < p <= 100, with its output key ("p50", "p99.9"). */
typedef struct pp_percentile {
	uint64_t numerator;
	uint64_t denominator;
	char key[32];
} pp_percentile;

/* Parses a decimal percentile ("50", "99.9", "99.99", "100"): digits, at
 * most one point, at most 9 digits after it; 0 < p <= 100.  The key drops
 * trailing zeros ("50.0" is "p50").  Returns PP_ERR_PARSE or PP_ERR_INVALID
 * with a message. */
pp_status pp_percentile_parse(const char *text, pp_percentile *percentile,
    pp_error *error);
/* Parses a comma-separated list into a new array (caller frees *list),
 * sorted ascending, duplicates removed. */
pp_status pp_percentile_parse_list(const char *text, pp_percentile **list,
    size_t *count, pp_error *error);
/* The 1-based nearest rank of the percentile among count values (count>0):
 * ceil(p * count / 100), at least 1, computed without rounding. */
uint64_t pp_percentile_rank(const pp_percentile *percentile, uint64_t count);

/* A growable array of values. */
typedef struct pp_values {
	double *data;
	size_t count;
	size_t capacity;
} pp_values;

#define PP_VALUES_INIT {NULL, 0, 0}

/* The qsort comparator of doubles, ascending (the one in perfpipe). */
int pp_compare_doubles(const void *a, const void *b);
/* A value and where it stood, for sorting values while keeping track of
 * them (ranks, adjusted p-values). */
typedef struct pp_indexed_value {
	double value;
	size_t index;
} pp_indexed_value;
/* The qsort comparator of pp_indexed_value: by value, ties by index, so
 * equal values keep their order. */
int pp_compare_indexed_values(const void *a, const void *b);

/* Appends a value; NaN is refused (PP_ERR_INVALID) since it has no rank. */
pp_status pp_values_add(pp_values *values, double value);
void pp_values_free(pp_values *values);

/* Fills results[i] with the percentiles[i] of the values, which must not be
 * empty; percentiles must be sorted ascending (as parse_list gives them).
 * Reorders values (partially sorts them). */
void pp_values_percentiles(pp_values *values, const pp_percentile *percentiles,
    size_t count, double *results);

/* Moves the k-th smallest (0-based) of data[0..n) to data[k], smaller or
 * equal ones before it and greater or equal ones after it. */
void pp_select(double *data, size_t n, size_t k);

#endif
