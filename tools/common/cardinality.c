/*
 * cardinality.c - distinct values per tag key, counted once.  See
 * cardinality.h.
 *
 * Two hash tables: the distinct "KEY\0VALUE" pairs (and "\0NAME" for metric
 * names), and per key the number of its distinct values, kept in the
 * entry's value pointer as an integer.
 */
#include "cardinality.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_series.h"

struct cardinality {
	pp_series_table pairs;		/* KEY NUL VALUE, or NUL NAME */
	pp_series_table keys;		/* KEY -> distinct values */
	size_t names;			/* distinct metric names */
	pp_buffer scratch;
};

cardinality *
cardinality_new(void)
{
	return pp_xcalloc(1, sizeof(cardinality));
}

void
cardinality_free(cardinality *counter)
{
	if (counter == NULL)
		return;
	pp_series_table_free(&counter->pairs, NULL);
	pp_series_table_free(&counter->keys, NULL);
	pp_buffer_free(&counter->scratch);
	free(counter);
}

/* True when the pair (key, value) was not seen before. */
static int
add_pair(cardinality *counter, const char *key, const char *value)
{
	int created;

	pp_buffer_clear(&counter->scratch);
	pp_buffer_append(&counter->scratch, key, strlen(key) + 1);
	pp_buffer_append(&counter->scratch, value, strlen(value));
	pp_series_upsert(&counter->pairs, counter->scratch.data, counter->scratch.length,
	    &created);
	return created;
}

void
cardinality_add(cardinality *counter, const char *name, const pp_tags *tags)
{
	int created;

	if (add_pair(counter, "", name))
		counter->names++;
	for (size_t i = 0; i < tags->count; i++) {
		const char *key = tags->items[i].key;
		pp_series_entry *entry;

		if (!add_pair(counter, key, tags->items[i].value))
			continue;
		entry = pp_series_upsert(&counter->keys, key, strlen(key), &created);
		entry->value = (void *)((uintptr_t)entry->value + 1);
	}
}

const char *
cardinality_worst(const cardinality *counter, size_t *distinct)
{
	size_t count, i;
	pp_series_entry **entries = pp_series_entries(&counter->keys, &count);
	const char *worst = NULL;
	size_t most = counter->names;

	for (i = 0; i < count; i++) {
		size_t values = (size_t)(uintptr_t)entries[i]->value;

		/* Ties go to the smaller key, so the answer never depends
		 * on hash order. */
		if (values > most || (values == most && worst != NULL &&
		    strcmp(entries[i]->key, worst) < 0)) {
			most = values;
			worst = entries[i]->key;
		}
	}
	free(entries);
	*distinct = most;
	return worst;
}

void
cardinality_explain(const cardinality *counter, size_t limit, const char *hint,
    char *message, size_t size)
{
	size_t distinct;
	const char *key = cardinality_worst(counter, &distinct);
	char tail[256] = "";

	if (hint != NULL)
		snprintf(tail, sizeof(tail), " (%s)", hint);
	if (key != NULL)
		snprintf(message, size, "more than %zu series; tag \"%s\" has %zu "
		    "distinct value%s%s", limit, key, distinct, distinct == 1 ? "" : "s", tail);
	else
		snprintf(message, size, "more than %zu series; there are %zu distinct "
		    "metric name%s", limit, distinct, distinct == 1 ? "" : "s");
}
