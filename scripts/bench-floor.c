/*
 * bench-floor.c - the floor scripts/bench holds perf-aggregate against: a
 * crude scan that does the benchmark's job (count, mean, p50/p95/p99 of
 * "value" per "pool" tag) with nothing else - getline, strstr, strtod,
 * one array of values per pool, qsort - and no validation, no windows, no
 * JSON parsing.  What perf-aggregate does beyond it (a real JSON reader,
 * checks, series, any tags) is the price measured against this floor.
 *
 *     cc -O2 -o bench-floor scripts/bench-floor.c && bench-floor < points.ndjson
 *
 * Percentiles are nearest rank (the value at rank ceil(p/100 * n)), as
 * perf-aggregate's exact ones.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POOLS 64

typedef struct pool {
	char name[64];
	double *values;
	size_t count, capacity;
	double sum;
} pool;

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
rank(const pool *p, double percent)
{
	size_t r = (size_t)ceil(percent / 100 * (double)p->count);

	return p->values[r > 0 ? r - 1 : 0];
}

int
main(void)
{
	static pool pools[MAX_POOLS];
	size_t pool_count = 0, i, size = 0;
	char *line = NULL;

	while (getline(&line, &size, stdin) > 0) {
		char *value = strstr(line, "\"value\":"), *tag = strstr(line, "\"pool\":\"");
		char *end;
		size_t length;
		pool *p = NULL;

		if (value == NULL || tag == NULL)
			continue;
		tag += 8;
		end = strchr(tag, '"');
		if (end == NULL || (length = (size_t)(end - tag)) >= sizeof(pools[0].name))
			continue;
		for (i = 0; i < pool_count && p == NULL; i++)
			if (strncmp(pools[i].name, tag, length) == 0 && pools[i].name[length] == '\0')
				p = &pools[i];
		if (p == NULL) {
			if (pool_count == MAX_POOLS)
				continue;
			p = &pools[pool_count++];
			memcpy(p->name, tag, length);
		}
		if (p->count == p->capacity) {
			p->capacity = p->capacity ? 2 * p->capacity : 1024;
			p->values = realloc(p->values, p->capacity * sizeof(double));
			if (p->values == NULL)
				return 1;
		}
		p->values[p->count] = strtod(value + 8, NULL);
		p->sum += p->values[p->count++];
	}
	for (i = 0; i < pool_count; i++) {
		pool *p = &pools[i];

		qsort(p->values, p->count, sizeof(double), by_value);
		printf("%s %zu %.6g %.6g %.6g %.6g\n", p->name, p->count, p->sum / (double)p->count,
		    rank(p, 50), rank(p, 95), rank(p, 99));
	}
	free(line);
	return 0;
}
