/*
 * fuzz_record.c - libFuzzer target: the fast point reader against libjq's.
 *
 * For any input line, when pp_point_parse_fast accepts it, libjq must parse
 * it to a valid point with the same name, value and ts (bit for bit), type,
 * unit and tags; when it rejects it as invalid, libjq's reader must reject
 * it too.  Any disagreement aborts, which libFuzzer reports with the input.
 * Build and run with scripts/fuzz (clang -fsanitize=fuzzer,address).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pp_record.h"

static int
same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof(double)) == 0;
}

static int
same_string(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
same_point(const pp_point *a, const pp_point *b)
{
	return same_string(a->name, b->name) && same_double(a->value, b->value) &&
	    a->has_ts == b->has_ts && (!a->has_ts || same_double(a->ts, b->ts)) &&
	    a->type == b->type && same_string(a->unit, b->unit) &&
	    a->tags.count == b->tags.count && pp_tags_compare(&a->tags, &b->tags) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	pp_point fast, slow;
	pp_status status;

	if (size > (1 << 20))
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';	/* the reader NUL-terminates lines */
	pp_point_init(&fast);
	pp_point_init(&slow);
	status = pp_point_parse_fast(line, size, &fast, NULL);
	if (status != PP_NOT_HANDLED) {
		jv object = jv_parse_sized(line, (int)size);
		int agree;

		if (status == PP_OK)
			agree = jv_is_valid(object) &&
			    pp_point_from_jv(object, &slow, NULL) == PP_OK &&
			    same_point(&fast, &slow);
		else
			agree = !jv_is_valid(object) ||
			    pp_point_from_jv(object, &slow, NULL) != PP_OK;
		jv_free(object);
		if (!agree)
			abort();
	}
	pp_point_free(&fast);
	pp_point_free(&slow);
	free(line);
	return 0;
}
