/*
 * pp_tags.c - sorted tag sets.  Sets are small (a handful of tags), so a
 * sorted array with insertion by shifting beats any tree or hash.
 */
#include "pp_tags.h"

#include <stdlib.h>
#include <string.h>

/* Index of key, or of where it would be inserted; *found says which. */
static size_t
find_slot(const pp_tags *tags, const char *key, int *found)
{
	size_t low = 0, high = tags->count;

	while (low < high) {
		size_t middle = low + (high - low) / 2;
		int order = strcmp(tags->items[middle].key, key);

		if (order == 0) {
			*found = 1;
			return middle;
		}
		if (order < 0)
			low = middle + 1;
		else
			high = middle;
	}
	*found = 0;
	return low;
}

void
pp_tags_set(pp_tags *tags, const char *key, const char *value)
{
	int found;
	size_t slot = find_slot(tags, key, &found);

	if (found) {
		tags->items[slot].value = value;
		return;
	}
	if (tags->count == tags->capacity) {
		tags->capacity = tags->capacity ? tags->capacity * 2 : 4;
		tags->items = pp_xrealloc(tags->items, tags->capacity * sizeof(pp_tag));
	}
	memmove(tags->items + slot + 1, tags->items + slot,
	    (tags->count - slot) * sizeof(pp_tag));
	tags->items[slot].key = key;
	tags->items[slot].value = value;
	tags->count++;
}

const char *
pp_tags_get(const pp_tags *tags, const char *key)
{
	int found;
	size_t slot = find_slot(tags, key, &found);

	return found ? tags->items[slot].value : NULL;
}

void
pp_tags_remove(pp_tags *tags, const char *key)
{
	int found;
	size_t slot = find_slot(tags, key, &found);

	if (!found)
		return;
	memmove(tags->items + slot, tags->items + slot + 1,
	    (tags->count - slot - 1) * sizeof(pp_tag));
	tags->count--;
}

void
pp_tags_clear(pp_tags *tags)
{
	tags->count = 0;
}

void
pp_tags_free(pp_tags *tags)
{
	free(tags->items);
	free(tags->storage);
	tags->items = NULL;
	tags->storage = NULL;
	tags->count = tags->capacity = 0;
}

pp_tags
pp_tags_clone(const pp_tags *tags)
{
	pp_tags copy = PP_TAGS_INIT;
	size_t bytes = 0, i;
	char *cursor;

	for (i = 0; i < tags->count; i++)
		bytes += strlen(tags->items[i].key) + strlen(tags->items[i].value) + 2;
	if (tags->count == 0)
		return copy;
	copy.storage = cursor = pp_xmalloc(bytes);
	copy.items = pp_xmalloc(tags->count * sizeof(pp_tag));
	copy.capacity = copy.count = tags->count;
	for (i = 0; i < tags->count; i++) {
		size_t key_length = strlen(tags->items[i].key) + 1;
		size_t value_length = strlen(tags->items[i].value) + 1;

		memcpy(cursor, tags->items[i].key, key_length);
		copy.items[i].key = cursor;
		cursor += key_length;
		memcpy(cursor, tags->items[i].value, value_length);
		copy.items[i].value = cursor;
		cursor += value_length;
	}
	return copy;
}

void
pp_tags_select(const pp_tags *tags, const char *const *keys, size_t count,
    pp_tags *selected)
{
	size_t i;

	pp_tags_clear(selected);
	for (i = 0; i < count; i++) {
		const char *value = pp_tags_get(tags, keys[i]);

		if (value != NULL)
			pp_tags_set(selected, keys[i], value);
	}
}

int
pp_tags_compare(const pp_tags *a, const pp_tags *b)
{
	size_t i;

	for (i = 0; i < a->count && i < b->count; i++) {
		int order = strcmp(a->items[i].key, b->items[i].key);

		if (order == 0)
			order = strcmp(a->items[i].value, b->items[i].value);
		if (order != 0)
			return order;
	}
	return (a->count > b->count) - (a->count < b->count);
}

void
pp_series_key(pp_buffer *key, const char *name, const pp_tags *tags)
{
	size_t i;

	pp_buffer_append(key, name, strlen(name) + 1);
	for (i = 0; i < tags->count; i++) {
		pp_buffer_append(key, tags->items[i].key, strlen(tags->items[i].key));
		pp_buffer_append_char(key, '=');
		pp_buffer_append(key, tags->items[i].value, strlen(tags->items[i].value) + 1);
	}
}

jv
pp_tags_to_jv(const pp_tags *tags)
{
	jv object = jv_object();
	size_t i;

	for (i = 0; i < tags->count; i++)
		object = jv_object_set(object, jv_string(tags->items[i].key),
		    jv_string(tags->items[i].value));
	return object;
}

pp_status
pp_tags_from_jv(jv object, pp_tags *tags, pp_error *error)
{
	int iterator;

	if (jv_get_kind(object) != JV_KIND_OBJECT)
		return pp_error_set(error, PP_ERR_INVALID, "\"tags\" is not an object");
	for (iterator = jv_object_iter(object); jv_object_iter_valid(object, iterator);
	    iterator = jv_object_iter_next(object, iterator)) {
		jv key = jv_object_iter_key(object, iterator);
		jv value = jv_object_iter_value(object, iterator);
		int is_string = jv_get_kind(value) == JV_KIND_STRING;

		/* Strings inside object stay alive while object does: jv_free
		 * here only drops the extra references the iterator gave. */
		int has_nul = is_string &&
		    (strlen(jv_string_value(key)) != (size_t)jv_string_length_bytes(jv_copy(key)) ||
		    strlen(jv_string_value(value)) != (size_t)jv_string_length_bytes(jv_copy(value)));

		if (is_string && !has_nul)
			pp_tags_set(tags, jv_string_value(key), jv_string_value(value));
		else if (has_nul)
			pp_error_set(error, PP_ERR_INVALID, "tag \"%s\" contains a NUL character",
			    jv_string_value(key));
		else
			pp_error_set(error, PP_ERR_INVALID, "tag \"%s\" is not a string",
			    jv_string_value(key));
		jv_free(key);
		jv_free(value);
		if (!is_string || has_nul)
			return PP_ERR_INVALID;
	}
	return PP_OK;
}
