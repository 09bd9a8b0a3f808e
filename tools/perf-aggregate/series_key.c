/*
 * series_key.c - a state's key in the table, and its series read back
 * from it.  See series_key.h.
 */
#include "series_key.h"

#include <string.h>

/* Written with one reservation when the tags are few, since this runs for
 * every point. */
void
series_key_build(pp_buffer *key, double start, char marker, const char *name,
    const pp_tags *tags)
{
	size_t lengths[2 * 64 + 1], n = 0, total = KEY_PREFIX, i;
	char *at;

	pp_buffer_clear(key);
	lengths[n] = strlen(name) + 1;
	total += lengths[n++];
	for (i = 0; i < tags->count; i++) {
		if (n + 2 > sizeof(lengths) / sizeof(lengths[0]))
			break;
		lengths[n] = strlen(tags->items[i].key) + 1;
		total += lengths[n++];
		lengths[n] = strlen(tags->items[i].value) + 1;
		total += lengths[n++];
	}
	if (i < tags->count) {	/* rare: many tags */
		pp_buffer_append(key, &start, sizeof(start));
		pp_buffer_append_char(key, marker);
		pp_buffer_append(key, name, strlen(name) + 1);
		for (i = 0; i < tags->count; i++) {
			pp_buffer_append(key, tags->items[i].key, strlen(tags->items[i].key) + 1);
			pp_buffer_append(key, tags->items[i].value,
			    strlen(tags->items[i].value) + 1);
		}
		return;
	}
	pp_buffer_reserve(key, total);
	at = key->data;
	memcpy(at, &start, sizeof(start));
	at[sizeof(start)] = marker;
	at += KEY_PREFIX;
	memcpy(at, name, lengths[0]);
	at += lengths[0];
	for (i = 0, n = 1; i < tags->count; i++) {
		memcpy(at, tags->items[i].key, lengths[n]);
		at += lengths[n++];
		memcpy(at, tags->items[i].value, lengths[n]);
		at += lengths[n++];
	}
	key->length = total;
	key->data[total] = '\0';
}

void
series_key_add_window(pp_buffer *key, double end, const pp_window_spec *window)
{
	pp_buffer_append(key, &end, sizeof(end));
	pp_buffer_append(key, &window->type, sizeof(window->type));
	pp_buffer_append(key, &window->size, sizeof(window->size));
	pp_buffer_append(key, &window->step, sizeof(window->step));
	pp_buffer_append(key, &window->gap, sizeof(window->gap));
}

const char *
series_key_read(const char *series, size_t length, pp_tags *tags)
{
	const char *end = series + length, *at = series + strlen(series) + 1;

	pp_tags_clear(tags);
	while (at < end) {
		const char *key = at, *value = key + strlen(key) + 1;

		pp_tags_set(tags, key, value);
		at = value + strlen(value) + 1;
	}
	return series;
}
