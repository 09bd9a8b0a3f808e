/*
 * pp_quantile.c - nearest-rank percentiles: integer ranks from decimal
 * text, and introselect.  See pp_quantile.h.
 */
#include "pp_quantile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

#define MAX_FRACTION_DIGITS 9

/* Reads a plain decimal "III.FFF" as the integer IIIFFF; returns the count
 * of digits after the point, -1 when the text is not a plain decimal, -2
 * when it has too many fraction digits or is far too large. */
static int
scan_decimal(const char *text, uint64_t *digits_value)
{
	int fraction = -1, digits = 0;
	uint64_t value = 0;
	const char *c;

	for (c = text; *c != '\0'; c++) {
		if (*c == '.' && fraction < 0) {
			fraction = 0;
			continue;
		}
		if (*c < '0' || *c > '9')
			return -1;
		if (fraction >= 0)
			fraction++;
		digits++;
		if (value > 1000000000000ULL)	/* bounds the product below */
			return -2;
		value = value * 10 + (uint64_t)(*c - '0');
	}
	if (digits == 0 || c[-1] == '.')
		return -1;
	if (fraction > MAX_FRACTION_DIGITS)
		return -2;
	*digits_value = value;
	return fraction < 0 ? 0 : fraction;
}

static void
make_key(pp_percentile *percentile)
{
	uint64_t whole = percentile->numerator / percentile->denominator;
	uint64_t part = percentile->numerator % percentile->denominator;
	uint64_t scale = percentile->denominator;
	int length = snprintf(percentile->key, sizeof(percentile->key), "p%llu",
	    (unsigned long long)whole);

	if (part == 0)
		return;
	percentile->key[length++] = '.';
	while (part != 0) {
		scale /= 10;
		percentile->key[length++] = (char)('0' + part / scale);
		part %= scale;
	}
	percentile->key[length] = '\0';
}

pp_status
pp_percentile_parse(const char *text, pp_percentile *percentile, pp_error *error)
{
	uint64_t digits = 0, denominator = 1;
	int fraction = scan_decimal(text, &digits);

	if (fraction == -1)
		return pp_error_set(error, PP_ERR_PARSE,
		    "\"%s\" is not a decimal number", text);
	if (fraction == -2)
		return pp_error_set(error, PP_ERR_INVALID,
		    "\"%s\": at most 9 digits after the point, and at most 100", text);
	while (fraction-- > 0)
		denominator *= 10;
	if (digits == 0 || digits > 100 * denominator)
		return pp_error_set(error, PP_ERR_INVALID,
		    "\"%s\" is not in (0, 100]", text);
	/* Reduce trailing zeros so that 50.0 and 50 are the same. */
	while (denominator > 1 && digits % 10 == 0) {
		digits /= 10;
		denominator /= 10;
	}
	percentile->numerator = digits;
	percentile->denominator = denominator;
	make_key(percentile);
	return PP_OK;
}

static int
compare_percentiles(const void *a, const void *b)
{
	const pp_percentile *x = a, *y = b;
	/* x.n / x.d <=> y.n / y.d, cross-multiplied: both < 10^12. */
	unsigned __int128 left = (unsigned __int128)x->numerator * y->denominator;
	unsigned __int128 right = (unsigned __int128)y->numerator * x->denominator;

	return left < right ? -1 : left > right;
}

pp_status
pp_percentile_parse_list(const char *text, pp_percentile **list, size_t *count,
    pp_error *error)
{
	char *copy = pp_strndup(text, strlen(text)), *item, *save = NULL;
	size_t length = strlen(text);
	size_t n = 0, capacity = 4, i, kept = 0;
	pp_percentile *items = pp_xmalloc(capacity * sizeof(*items));

	/* strtok_r would skip empty items silently: refuse them first. */
	if (length == 0 || text[0] == ',' || text[length - 1] == ',' ||
	    strstr(text, ",,") != NULL) {
		free(copy);
		free(items);
		return pp_error_set(error, PP_ERR_PARSE, "\"%s\" has an empty item", text);
	}

	for (item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
		if (n == capacity)
			items = pp_xrealloc(items, (capacity *= 2) * sizeof(*items));
		if (pp_percentile_parse(item, &items[n], error) != PP_OK) {
			free(copy);
			free(items);
			return PP_ERR_INVALID;
		}
		n++;
	}
	free(copy);
	if (n == 0) {
		free(items);
		return pp_error_set(error, PP_ERR_INVALID, "the list is empty");
	}
	qsort(items, n, sizeof(*items), compare_percentiles);
	for (i = 0; i < n; i++)
		if (kept == 0 || compare_percentiles(&items[kept - 1], &items[i]) != 0)
			items[kept++] = items[i];
	*list = items;
	*count = kept;
	return PP_OK;
}

uint64_t
pp_percentile_rank(const pp_percentile *percentile, uint64_t count)
{
	unsigned __int128 product = (unsigned __int128)percentile->numerator * count;
	unsigned __int128 divisor = (unsigned __int128)percentile->denominator * 100;
	uint64_t rank = (uint64_t)((product + divisor - 1) / divisor);

	return rank == 0 ? 1 : rank;
}

pp_status
pp_values_add(pp_values *values, double value)
{
	if (isnan(value))
		return PP_ERR_INVALID;
	if (values->count == values->capacity) {
		/* From one value, doubling to 16, then by half: most series of
		 * a high-cardinality input hold few values, and a large array
		 * is the only per-value memory. */
		values->capacity = values->capacity == 0 ? 1 : values->capacity < 16 ?
		    2 * values->capacity : values->capacity + values->capacity / 2;
		values->data = pp_xrealloc(values->data,
		    values->capacity * sizeof(double));
	}
	values->data[values->count++] = value;
	return PP_OK;
}

void
pp_values_free(pp_values *values)
{
	free(values->data);
	values->data = NULL;
	values->count = values->capacity = 0;
}

/* ---- introselect ---- */

int
pp_compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
pp_compare_indexed_values(const void *a, const void *b)
{
	const pp_indexed_value *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static void
swap(double *a, double *b)
{
	double t = *a;

	*a = *b;
	*b = t;
}

static double
median_of_three(double a, double b, double c)
{
	if (a < b)
		return b < c ? b : (a < c ? c : a);
	return a < c ? a : (b < c ? c : b);
}

/* Hoare partition around pivot; returns j such that data[lo..j] <= pivot
 * <= data[j+1..hi]. */
static size_t
partition(double *data, size_t lo, size_t hi, double pivot)
{
	size_t i = lo - 1, j = hi + 1;

	for (;;) {
		do
			i++;
		while (data[i] < pivot);
		do
			j--;
		while (data[j] > pivot);
		if (i >= j)
			return j;
		swap(&data[i], &data[j]);
	}
}

void
pp_select(double *data, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	/* Each good partition at least shrinks the range; after 2 log2(n)
	 * rounds something is wrong (adversarial input): sort what is left. */
	int budget = 2 * 64;

	while (hi > lo) {
		size_t split;

		if (hi - lo < 16 || budget-- == 0) {
			qsort(data + lo, hi - lo + 1, sizeof(double), pp_compare_doubles);
			return;
		}
		split = partition(data, lo, hi, median_of_three(data[lo],
		    data[lo + (hi - lo) / 2], data[hi]));
		if (k <= split)
			hi = split;
		else
			lo = split + 1;
	}
}

void
pp_values_percentiles(pp_values *values, const pp_percentile *percentiles,
    size_t count, double *results)
{
	size_t i, done = 0;

	/* Ranks ascend, so each selection works on what lies above the last
	 * one: after pp_select, data[k+1..] holds only values >= data[k]. */
	for (i = 0; i < count; i++) {
		size_t k = (size_t)pp_percentile_rank(&percentiles[i], values->count) - 1;

		if (k > done || i == 0)
			pp_select(values->data + done, values->count - done, k - done);
		results[i] = values->data[k];
		done = k;
	}
}
