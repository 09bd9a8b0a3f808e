/*
 * pp_series_index.c - identity to series, on pp_series_table.  See
 * pp_series_index.h.
 */
#include "pp_series_index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

static pp_indexed_series *
lookup(pp_series_index *index, const char *key, size_t length, const char *name,
    const pp_tags *tags, bool *created)
{
	int is_new;
	pp_series_entry *entry = pp_series_upsert(&index->table, key, length, &is_new);
	pp_indexed_series *series;

	if (created != NULL)
		*created = is_new;
	if (!is_new)
		return entry->value;
	series = pp_xcalloc(1, sizeof(*series));
	series->name = pp_strndup(name, strlen(name));
	series->tags = pp_tags_clone(tags);
	series->key = entry->key;
	series->key_length = entry->key_length;
	series->order = index->count;
	series->sorted = true;
	entry->value = series;
	if (index->count == index->capacity) {
		index->capacity = index->capacity ? 2 * index->capacity : 16;
		index->series = pp_xrealloc(index->series, index->capacity * sizeof(*index->series));
	}
	index->series[index->count++] = series;
	return series;
}

pp_indexed_series *
pp_series_index_get(pp_series_index *index, const char *name, const pp_tags *tags,
    bool *created)
{
	pp_buffer key = PP_BUFFER_INIT;
	pp_indexed_series *series;

	pp_series_key(&key, name, tags);
	series = lookup(index, key.data, key.length, name, tags, created);
	pp_buffer_free(&key);
	return series;
}

pp_indexed_series *
pp_series_index_find(const pp_series_index *index, const char *key, size_t key_length)
{
	pp_series_entry *entry = pp_series_find(&index->table, key, key_length);

	return entry != NULL ? entry->value : NULL;
}

/* Time order: by start, whole-input aggregates (no start) first, ties by
 * input order. */
static int
compare_aggregates(const void *a, const void *b)
{
	const pp_aggregate *x = a, *y = b;
	bool x_none = !isfinite(x->start), y_none = !isfinite(y->start);

	if (x_none != y_none)
		return x_none ? -1 : 1;
	if (!x_none && x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->sequence > y->sequence) - (x->sequence < y->sequence);
}

pp_indexed_series *
pp_series_index_add(pp_series_index *index, pp_aggregate *aggregate)
{
	pp_indexed_series *series = lookup(index, aggregate->key.data,
	    aggregate->key.length, aggregate->name, &aggregate->tags, NULL);

	if (series->count == series->capacity) {
		series->capacity = series->capacity ? 2 * series->capacity : 8;
		series->aggregates = pp_xrealloc(series->aggregates,
		    series->capacity * sizeof(*series->aggregates));
	}
	/* the series holds the identity: the aggregate's copy goes */
	pp_tags_free(&aggregate->tags);
	pp_buffer_free(&aggregate->key);
	aggregate->name = series->name;
	aggregate->sequence = index->sequence++;
	if (series->count > 0 &&
	    compare_aggregates(aggregate, &series->aggregates[series->count - 1]) < 0)
		series->sorted = false;
	series->aggregates[series->count] = *aggregate;
	series->count++;
	index->aggregates++;
	memset(aggregate, 0, sizeof(*aggregate));
	aggregate->record = jv_null();
	return series;
}

static void
remove_at(pp_indexed_series *series, size_t at)
{
	pp_aggregate_free(&series->aggregates[at]);
	memmove(&series->aggregates[at], &series->aggregates[at + 1],
	    (series->count - at - 1) * sizeof(*series->aggregates));
	series->count--;
}

void
pp_series_index_drop_oldest(pp_series_index *index, pp_indexed_series *series)
{
	size_t oldest = 0, i;

	if (series->count == 0)
		return;
	for (i = 1; i < series->count; i++)
		if (compare_aggregates(&series->aggregates[i], &series->aggregates[oldest]) < 0)
			oldest = i;
	remove_at(series, oldest);
	index->aggregates--;
}

void
pp_series_index_sort(pp_series_index *index)
{
	size_t i;

	for (i = 0; i < index->count; i++)
		if (!index->series[i]->sorted) {
			qsort(index->series[i]->aggregates, index->series[i]->count,
			    sizeof(pp_aggregate), compare_aggregates);
			index->series[i]->sorted = true;
		}
}

static int
compare_identities(const void *a, const void *b)
{
	const pp_indexed_series *x = *(pp_indexed_series *const *)a;
	const pp_indexed_series *y = *(pp_indexed_series *const *)b;
	size_t shorter = x->key_length < y->key_length ? x->key_length : y->key_length;
	int order = memcmp(x->key, y->key, shorter);

	if (order != 0)
		return order;
	return (x->key_length > y->key_length) - (x->key_length < y->key_length);
}

pp_indexed_series **
pp_series_index_sorted(const pp_series_index *index)
{
	pp_indexed_series **list = pp_xmalloc((index->count + 1) * sizeof(*list));

	if (index->count > 0)
		memcpy(list, index->series, index->count * sizeof(*list));
	qsort(list, index->count, sizeof(*list), compare_identities);
	return list;
}

void
pp_series_index_free(pp_series_index *index, void (*free_state)(void *))
{
	size_t i, j;

	for (i = 0; i < index->count; i++) {
		pp_indexed_series *series = index->series[i];

		for (j = 0; j < series->count; j++)
			pp_aggregate_free(&series->aggregates[j]);
		free(series->aggregates);
		free(series->name);
		pp_tags_free(&series->tags);
		if (free_state != NULL)
			free_state(series->state);
		free(series);
	}
	free(index->series);
	pp_series_table_free(&index->table, NULL);
	memset(index, 0, sizeof(*index));
}
