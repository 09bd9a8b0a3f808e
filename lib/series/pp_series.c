/*
 * pp_series.c - the chained hash table of series.  See pp_series.h.
 */
#include "pp_series.h"

#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

/* Eight bytes at a time, each word multiplied and folded in (in the manner
 * of MurmurHash's 64-bit mix): keys are tens of bytes, and this is on the
 * path of every point. */
static uint64_t
mix(uint64_t word)
{
	word *= 0x87c37b91114253d5ULL;
	word ^= word >> 31;
	return word * 0x4cf5ad432745937fULL;
}

uint64_t
pp_series_hash(const char *key, size_t length)
{
	uint64_t hash = 0x9e3779b97f4a7c15ULL ^ (length * 0xff51afd7ed558ccdULL);
	uint64_t word;
	size_t i;

	for (i = 0; i + 8 <= length; i += 8) {
		memcpy(&word, key + i, 8);
		hash = (hash ^ mix(word)) * 0xc4ceb9fe1a85ec53ULL;
	}
	if (i < length) {
		word = 0;
		memcpy(&word, key + i, length - i);
		hash = (hash ^ mix(word)) * 0xc4ceb9fe1a85ec53ULL;
	}
	hash ^= hash >> 33;
	return hash * 0xff51afd7ed558ccdULL ^ (hash >> 29);
}

uint64_t
pp_fnv1a(uint64_t hash, const void *bytes, size_t length)
{
	const unsigned char *byte = bytes;
	size_t i;

	for (i = 0; i < length; i++)
		hash = (hash ^ byte[i]) * 1099511628211ULL;
	return hash;
}

/* The entry of key, whose hash is known, or NULL. */
static pp_series_entry *
find_hashed(const pp_series_table *table, const char *key, size_t length, uint64_t hash)
{
	pp_series_entry *entry;

	if (table->bucket_count == 0)
		return NULL;
	for (entry = table->buckets[hash & (table->bucket_count - 1)]; entry != NULL;
	    entry = entry->next)
		if (entry->hash == hash && entry->key_length == length &&
		    memcmp(entry->key, key, length) == 0)
			return entry;
	return NULL;
}

pp_series_entry *
pp_series_find(const pp_series_table *table, const char *key, size_t length)
{
	return find_hashed(table, key, length, pp_series_hash(key, length));
}

static void
grow(pp_series_table *table)
{
	size_t count = table->bucket_count == 0 ? 64 : table->bucket_count * 2, i;
	pp_series_entry **buckets = pp_xcalloc(count, sizeof(*buckets));

	for (i = 0; i < table->bucket_count; i++) {
		pp_series_entry *entry = table->buckets[i], *next;

		for (; entry != NULL; entry = next) {
			next = entry->next;
			entry->next = buckets[entry->hash & (count - 1)];
			buckets[entry->hash & (count - 1)] = entry;
		}
	}
	free(table->buckets);
	table->buckets = buckets;
	table->bucket_count = count;
}

/* Where an entry's own value starts: after the key and its NUL, aligned
 * for any of the pointers and numbers a state holds. */
static size_t
value_offset(size_t length)
{
	size_t align = _Alignof(union { void *pointer; double number; uint64_t whole; });
	size_t end = sizeof(pp_series_entry) + length + 1;

	return (end + align - 1) / align * align;
}

/* A new entry of key, whose hash is already known. */
static pp_series_entry *
entry_make(const char *key, size_t length, uint64_t hash, size_t value_size)
{
	size_t offset = value_offset(length);
	pp_series_entry *entry = pp_xmalloc(value_size > 0 ? offset + value_size :
	    sizeof(*entry) + length + 1);

	entry->next = NULL;
	entry->hash = hash;
	entry->value = NULL;
	entry->key_length = length;
	memcpy(entry->key, key, length);
	entry->key[length] = '\0';
	if (value_size > 0) {
		entry->value = (char *)entry + offset;
		memset(entry->value, 0, value_size);
	}
	return entry;
}

pp_series_entry *
pp_series_entry_new(const char *key, size_t length, size_t value_size)
{
	return entry_make(key, length, pp_series_hash(key, length), value_size);
}

pp_series_entry *
pp_series_upsert(pp_series_table *table, const char *key, size_t length, int *created)
{
	uint64_t hash = pp_series_hash(key, length);
	pp_series_entry *entry = find_hashed(table, key, length, hash);
	size_t slot;

	*created = entry == NULL;
	if (entry != NULL)
		return entry;
	if (table->count >= table->bucket_count)
		grow(table);
	entry = entry_make(key, length, hash, table->value_size);
	slot = entry->hash & (table->bucket_count - 1);
	entry->next = table->buckets[slot];
	table->buckets[slot] = entry;
	table->count++;
	return entry;
}

void
pp_series_unlink(pp_series_table *table, pp_series_entry *entry)
{
	pp_series_entry **link = &table->buckets[entry->hash & (table->bucket_count - 1)];

	while (*link != entry)
		link = &(*link)->next;
	*link = entry->next;
	entry->next = NULL;
	table->count--;
}

void
pp_series_remove(pp_series_table *table, pp_series_entry *entry)
{
	pp_series_unlink(table, entry);
	free(entry);
}

pp_series_entry **
pp_series_entries(const pp_series_table *table, size_t *count)
{
	pp_series_entry **list = pp_xmalloc((table->count + 1) * sizeof(*list));
	size_t i, n = 0;

	for (i = 0; i < table->bucket_count; i++) {
		pp_series_entry *entry;

		for (entry = table->buckets[i]; entry != NULL; entry = entry->next)
			list[n++] = entry;
	}
	*count = n;
	return list;
}

void
pp_series_table_free(pp_series_table *table, void (*free_value)(void *))
{
	size_t i;

	for (i = 0; i < table->bucket_count; i++) {
		pp_series_entry *entry = table->buckets[i], *next;

		for (; entry != NULL; entry = next) {
			next = entry->next;
			if (free_value != NULL)
				free_value(entry->value);
			free(entry);
		}
	}
	free(table->buckets);
	table->buckets = NULL;
	table->bucket_count = table->count = 0;
}
