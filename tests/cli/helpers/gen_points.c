/*
 * gen_points.c - a fast generator of synthetic points for the bounds
 * tests (tests/cli/bounds-*.sh): an endless stream, or one series per
 * point, written faster than perf-aggregate reads them.
 *
 *     gen-points COUNT SERIES [distinct]
 *
 * writes COUNT points named "load", one per millisecond of event time from
 * 1764000000, cycling through SERIES hosts (tag host=hN), with values that
 * cover four decades so that a sketch uses many buckets.  With "distinct",
 * every point also gets its own tag request_id=rI: COUNT series, for
 * --max-series.  Output is deterministic, built by hand into one large
 * buffer (printf would be the bottleneck).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
put_text(char *at, const char *text)
{
	size_t length = strlen(text);

	memcpy(at, text, length);
	return at + length;
}

static char *
put_number(char *at, unsigned long long value)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	while (n > 0)
		*at++ = digits[--n];
	return at;
}

int
main(int argc, char **argv)
{
	static char buffer[1 << 16];
	unsigned long long count, series, i, ms;
	int distinct;
	char *at = buffer;

	if (argc < 3) {
		fprintf(stderr, "usage: gen-points COUNT SERIES [distinct]\n");
		return 2;
	}
	count = strtoull(argv[1], NULL, 10);
	series = strtoull(argv[2], NULL, 10);
	distinct = argc > 3 && strcmp(argv[3], "distinct") == 0;
	if (series == 0)
		series = 1;
	for (i = 0; i < count; i++) {
		ms = 1764000000000ULL + i;
		at = put_text(at, "{\"name\":\"load\",\"value\":");
		at = put_number(at, 1 + (i * 7919) % 10000);
		at = put_text(at, ",\"ts\":");
		at = put_number(at, ms / 1000);
		*at++ = '.';
		*at++ = (char)('0' + ms / 100 % 10);
		*at++ = (char)('0' + ms / 10 % 10);
		*at++ = (char)('0' + ms % 10);
		at = put_text(at, ",\"tags\":{\"host\":\"h");
		at = put_number(at, i % series);
		if (distinct) {
			at = put_text(at, "\",\"request_id\":\"r");
			at = put_number(at, i);
		}
		at = put_text(at, "\"}}\n");
		if (at - buffer > (long)sizeof(buffer) - 256) {
			if (fwrite(buffer, 1, (size_t)(at - buffer), stdout) != (size_t)(at - buffer))
				return 0;	/* the reader stopped: fine */
			at = buffer;
		}
	}
	fwrite(buffer, 1, (size_t)(at - buffer), stdout);
	return 0;
}
