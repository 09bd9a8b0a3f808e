/*
 * name_map.h - a small hash map from strings to ints, owning its keys.
 *
 * Open addressing with linear probing, doubled at half full; used for the
 * metric family names and label groups a Prometheus exposition has shown,
 * which grow with the size of one exposition, not with the stream.
 */
#ifndef NAME_MAP_H
#define NAME_MAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct name_map {
	char **keys;
	int *values;
	size_t count, capacity;
} name_map;

/* Sets key (copied) to value. */
void name_map_set(name_map *map, const char *key, size_t length, int value);
/* Finds key; returns true and *value when present (value may be NULL). */
bool name_map_get(const name_map *map, const char *key, size_t length, int *value);
/* Forgets every key, keeping the table. */
void name_map_clear(name_map *map);
void name_map_free(name_map *map);

#endif
