/* Unit tests for pp_series_index: identity to series, aggregates in time
 * order. */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pp_series_index.h"

static pp_indexed_series *
add(pp_series_index *index, const char *text)
{
	pp_aggregate aggregate;
	pp_error error;

	cr_assert_eq(pp_aggregate_parse(jv_parse(text), &aggregate, &error), PP_OK, "%s: %s",
	    text, error.message);
	return pp_series_index_add(index, &aggregate);
}

Test(series_index, empty_index_has_nothing)
{
	pp_series_index index = PP_SERIES_INDEX_INIT;
	pp_indexed_series **sorted = pp_series_index_sorted(&index);

	cr_assert_eq(index.count, 0);
	cr_assert_null(pp_series_index_find(&index, "m", 1));
	pp_series_index_sort(&index);
	free(sorted);
	pp_series_index_free(&index, NULL);
}

Test(series_index, groups_by_name_and_tags_whatever_their_order)
{
	pp_series_index index = PP_SERIES_INDEX_INIT;
	pp_indexed_series *a, *b, *c;

	a = add(&index, "{\"name\":\"m\",\"tags\":{\"x\":\"1\",\"y\":\"2\"},\"start\":0}");
	b = add(&index, "{\"name\":\"m\",\"tags\":{\"y\":\"2\",\"x\":\"1\"},\"start\":60}");
	c = add(&index, "{\"name\":\"m\",\"tags\":{\"x\":\"1\"},\"start\":0}");
	cr_assert_eq(a, b);
	cr_assert_neq(a, c);
	cr_assert_eq(index.count, 2);
	cr_assert_eq(index.aggregates, 3);
	cr_assert_eq(a->count, 2);
	cr_assert_eq(a->order, 0);
	cr_assert_eq(c->order, 1);
	cr_assert_str_eq(a->name, "m");
	cr_assert_str_eq(pp_tags_get(&a->tags, "y"), "2");
	cr_assert_eq(pp_series_index_find(&index, a->key, a->key_length), a);
	pp_series_index_free(&index, NULL);
}

Test(series_index, orders_windows_by_start_whole_input_first_ties_in_input_order)
{
	pp_series_index index = PP_SERIES_INDEX_INIT;
	pp_indexed_series *s;

	add(&index, "{\"name\":\"m\",\"start\":120,\"count\":1}");
	add(&index, "{\"name\":\"m\",\"start\":\"1970-01-01T00:01:00Z\",\"count\":2}");
	add(&index, "{\"name\":\"m\",\"start\":60,\"count\":3}");
	add(&index, "{\"name\":\"m\",\"count\":4}");
	s = add(&index, "{\"name\":\"m\",\"start\":-60,\"count\":5}");
	cr_assert_not(s->sorted);
	pp_series_index_sort(&index);
	cr_assert(s->sorted);
	cr_assert_eq(s->count, 5);
	cr_assert_eq(s->aggregates[0].count, 4);	/* no start */
	cr_assert_eq(s->aggregates[1].count, 5);	/* -60 */
	cr_assert_eq(s->aggregates[2].count, 2);	/* 60, first in */
	cr_assert_eq(s->aggregates[3].count, 3);	/* 60, second in */
	cr_assert_eq(s->aggregates[4].count, 1);	/* 120 */
	pp_series_index_drop_oldest(&index, s);
	cr_assert_eq(s->count, 4);
	cr_assert_eq(index.aggregates, 4);
	cr_assert_eq(s->aggregates[0].count, 5);
	pp_series_index_free(&index, NULL);
}

Test(series_index, sorted_lists_series_by_name_then_tags)
{
	pp_series_index index = PP_SERIES_INDEX_INIT;
	pp_indexed_series **sorted;

	add(&index, "{\"name\":\"b\",\"start\":0}");
	add(&index, "{\"name\":\"a\",\"tags\":{\"pool\":\"z\"},\"start\":0}");
	add(&index, "{\"name\":\"a\",\"tags\":{\"pool\":\"y\"},\"start\":0}");
	add(&index, "{\"name\":\"a\",\"start\":0}");
	sorted = pp_series_index_sorted(&index);
	cr_assert_str_eq(sorted[0]->name, "a");
	cr_assert_eq(sorted[0]->tags.count, 0);
	cr_assert_str_eq(pp_tags_get(&sorted[1]->tags, "pool"), "y");
	cr_assert_str_eq(pp_tags_get(&sorted[2]->tags, "pool"), "z");
	cr_assert_str_eq(sorted[3]->name, "b");
	/* the index itself keeps the order of first appearance */
	cr_assert_str_eq(index.series[0]->name, "b");
	free(sorted);
	pp_series_index_free(&index, NULL);
}

static int freed;

static void
count_free(void *state)
{
	freed += state != NULL;
	free(state);
}

Test(series_index, get_holds_a_state_per_series_for_ten_thousand_series)
{
	pp_series_index index = PP_SERIES_INDEX_INIT;
	pp_tags tags = PP_TAGS_INIT;
	char value[32];
	bool created;
	int i;

	for (i = 0; i < 10000; i++) {
		pp_indexed_series *s;

		snprintf(value, sizeof(value), "%d", i);
		pp_tags_set(&tags, "id", value);
		s = pp_series_index_get(&index, "m", &tags, &created);
		cr_assert(created);
		s->state = malloc(1);
		pp_tags_clear(&tags);
	}
	snprintf(value, sizeof(value), "%d", 4242);
	pp_tags_set(&tags, "id", value);
	cr_assert_eq(pp_series_index_get(&index, "m", &tags, &created)->order, 4242);
	cr_assert_not(created);
	cr_assert_eq(index.count, 10000);
	freed = 0;
	pp_series_index_free(&index, count_free);
	cr_assert_eq(freed, 10000);
	pp_tags_free(&tags);
}
