/*
 * name_map.c - string to int hash map.  See name_map.h.
 */
#include "name_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_series.h"

static size_t
hash(const char *key, size_t length)
{
	return (size_t)pp_series_hash(key, length);
}

static size_t
slot_of(const name_map *map, const char *key, size_t length)
{
	size_t slot = hash(key, length) & (map->capacity - 1);

	/* bounded: the table is never more than half full */
	while (map->keys[slot] != NULL && (strlen(map->keys[slot]) != length ||
	    (length > 0 && memcmp(map->keys[slot], key, length) != 0)))
		slot = (slot + 1) & (map->capacity - 1);
	return slot;
}

static void
grow(name_map *map)
{
	name_map bigger = {NULL, NULL, 0, map->capacity ? 2 * map->capacity : 64};
	size_t i;

	bigger.keys = pp_xcalloc(bigger.capacity, sizeof(*bigger.keys));
	bigger.values = pp_xcalloc(bigger.capacity, sizeof(*bigger.values));
	for (i = 0; i < map->capacity; i++)
		if (map->keys[i] != NULL) {
			size_t slot = slot_of(&bigger, map->keys[i], strlen(map->keys[i]));

			bigger.keys[slot] = map->keys[i];
			bigger.values[slot] = map->values[i];
			bigger.count++;
		}
	free(map->keys);
	free(map->values);
	*map = bigger;
}

void
name_map_set(name_map *map, const char *key, size_t length, int value)
{
	size_t slot;

	if (2 * (map->count + 1) > map->capacity)
		grow(map);
	slot = slot_of(map, key, length);
	if (map->keys[slot] == NULL) {
		map->keys[slot] = pp_strndup(key, length);
		map->count++;
	}
	map->values[slot] = value;
}

bool
name_map_get(const name_map *map, const char *key, size_t length, int *value)
{
	size_t slot;

	if (map->capacity == 0)
		return false;
	slot = slot_of(map, key, length);
	if (map->keys[slot] == NULL)
		return false;
	if (value != NULL)
		*value = map->values[slot];
	return true;
}

void
name_map_clear(name_map *map)
{
	size_t i;

	for (i = 0; i < map->capacity; i++) {
		free(map->keys[i]);
		map->keys[i] = NULL;
	}
	map->count = 0;
}

void
name_map_free(name_map *map)
{
	name_map_clear(map);
	free(map->keys);
	free(map->values);
	map->keys = NULL;
	map->values = NULL;
	map->capacity = 0;
}
