/* Unit tests for tools/common/cardinality: which tag explodes the series. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "cardinality.h"

/* Adds count series named name with host=h(i % hosts) and, when id is
 * set, request_id=r(i). */
static void
add_series(cardinality *counter, const char *name, int count, int hosts, int id)
{
	for (int i = 0; i < count; i++) {
		pp_tags tags = PP_TAGS_INIT;
		char host[32], request[32];

		snprintf(host, sizeof(host), "h%d", i % hosts);
		snprintf(request, sizeof(request), "r%d", i);
		pp_tags_set(&tags, "host", host);
		if (id)
			pp_tags_set(&tags, "request_id", request);
		cardinality_add(counter, name, &tags);
		pp_tags_free(&tags);
	}
}

Test(cardinality, names_the_tag_with_the_most_distinct_values)
{
	cardinality *counter = cardinality_new();
	size_t distinct = 0;

	add_series(counter, "rt", 1000, 3, 1);
	cr_assert_str_eq(cardinality_worst(counter, &distinct), "request_id");
	cr_assert_eq(distinct, 1000);
	cardinality_free(counter);
}

Test(cardinality, a_value_seen_again_is_not_counted_twice)
{
	cardinality *counter = cardinality_new();
	size_t distinct = 0;

	add_series(counter, "rt", 50, 7, 0);
	add_series(counter, "rt", 50, 7, 0);
	cr_assert_str_eq(cardinality_worst(counter, &distinct), "host");
	cr_assert_eq(distinct, 7);
	cardinality_free(counter);
}

Test(cardinality, names_win_when_they_have_at_least_as_many_values)
{
	cardinality *counter = cardinality_new();
	pp_tags none = PP_TAGS_INIT;
	size_t distinct = 0;

	cardinality_add(counter, "a", &none);
	cardinality_add(counter, "b", &none);
	cardinality_add(counter, "b", &none);
	cr_assert_null(cardinality_worst(counter, &distinct));
	cr_assert_eq(distinct, 2);
	cardinality_free(counter);
}

Test(cardinality, ties_between_tags_go_to_the_smaller_key)
{
	cardinality *counter = cardinality_new();
	size_t distinct = 0;

	for (int i = 0; i < 5; i++) {
		pp_tags tags = PP_TAGS_INIT;
		char value[16];

		snprintf(value, sizeof(value), "%d", i);
		pp_tags_set(&tags, "zone", value);
		pp_tags_set(&tags, "pod", value);
		cardinality_add(counter, "m", &tags);
		pp_tags_free(&tags);
	}
	cr_assert_str_eq(cardinality_worst(counter, &distinct), "pod");
	cr_assert_eq(distinct, 5);
	cardinality_free(counter);
}

Test(cardinality, an_empty_counter_has_no_culprit)
{
	cardinality *counter = cardinality_new();
	size_t distinct = 99;

	cr_assert_null(cardinality_worst(counter, &distinct));
	cr_assert_eq(distinct, 0);
	cardinality_free(counter);
	cardinality_free(NULL);
}

Test(cardinality, the_same_value_under_two_keys_counts_for_each)
{
	cardinality *counter = cardinality_new();
	pp_tags tags = PP_TAGS_INIT;
	size_t distinct = 0;

	/* "a\0b" pairs must not collide with "ab" keys and values */
	pp_tags_set(&tags, "a", "b");
	pp_tags_set(&tags, "ab", "");
	cardinality_add(counter, "x", &tags);
	pp_tags_free(&tags);
	cardinality_worst(counter, &distinct);
	cr_assert_eq(distinct, 1);
	cardinality_free(counter);
}

Test(cardinality, explains_a_stop_in_one_sentence)
{
	cardinality *counter = cardinality_new();
	pp_tags none = PP_TAGS_INIT;
	char message[256];

	add_series(counter, "rt", 11, 3, 1);
	cardinality_explain(counter, 10, "use --by or drop it", message, sizeof(message));
	cr_assert_str_eq(message, "more than 10 series; tag \"request_id\" has 11 distinct "
	    "values (use --by or drop it)");
	cardinality_free(counter);

	counter = cardinality_new();
	cardinality_add(counter, "only", &none);
	cardinality_explain(counter, 0, NULL, message, sizeof(message));
	cr_assert_str_eq(message, "more than 0 series; there are 1 distinct metric name");
	cardinality_free(counter);
}
