/* Unit tests for pp_series: the hash table of series keys. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_series.h"

/* "series", a NUL, then the number: keys hold NULs as series keys do. */
static size_t
make_key(char *key, int i)
{
	memcpy(key, "series", 7);
	return 7 + (size_t)snprintf(key + 7, 24, "%d", i);
}

Test(series, finds_what_was_inserted_and_grows)
{
	pp_series_table table = PP_SERIES_TABLE_INIT;
	char key[32];
	size_t length;
	int created, i;

	cr_assert_null(pp_series_find(&table, "x", 1));
	for (i = 0; i < 10000; i++) {
		pp_series_entry *entry;

		length = make_key(key, i);
		entry = pp_series_upsert(&table, key, length, &created);
		cr_assert(created);
		entry->value = (void *)(size_t)(i + 1);
	}
	cr_assert_eq(table.count, 10000);
	for (i = 0; i < 10000; i += 777) {
		pp_series_entry *entry;

		length = make_key(key, i);
		entry = pp_series_upsert(&table, key, length, &created);
		cr_assert_not(created);
		cr_assert_eq((size_t)entry->value, (size_t)(i + 1));
	}
	pp_series_table_free(&table, NULL);
}

Test(series, keys_with_nul_bytes_differ_by_length)
{
	pp_series_table table = PP_SERIES_TABLE_INIT;
	int created;

	pp_series_upsert(&table, "a\0b", 3, &created);
	pp_series_upsert(&table, "a", 1, &created);
	cr_assert(created);
	cr_assert_eq(table.count, 2);
	cr_assert_not_null(pp_series_find(&table, "a\0b", 3));
	cr_assert_null(pp_series_find(&table, "a\0", 2));
	pp_series_table_free(&table, NULL);
}

static void
free_value(void *value)
{
	free(value);
}

Test(series, removal_and_listing)
{
	pp_series_table table = PP_SERIES_TABLE_INIT;
	pp_series_entry *entry, **list;
	size_t count;
	int created;

	entry = pp_series_upsert(&table, "one", 3, &created);
	entry->value = malloc(4);
	entry = pp_series_upsert(&table, "two", 3, &created);
	pp_series_remove(&table, entry);
	cr_assert_null(pp_series_find(&table, "two", 3));
	list = pp_series_entries(&table, &count);
	cr_assert_eq(count, 1);
	cr_assert_str_eq(list[0]->key, "one");
	free(list);
	pp_series_table_free(&table, free_value);
	cr_assert_eq(table.count, 0);
}
