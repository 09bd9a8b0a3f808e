/* Unit tests for pp_tags: canonical tag sets and series keys. */
#include <criterion/criterion.h>

#include <string.h>

#include "pp_tags.h"

Test(tags, keeps_keys_sorted_whatever_the_insertion_order)
{
	pp_tags a = PP_TAGS_INIT, b = PP_TAGS_INIT;

	pp_tags_set(&a, "pool", "default");
	pp_tags_set(&a, "method", "GET");
	pp_tags_set(&a, "zone", "eu");
	pp_tags_set(&b, "zone", "eu");
	pp_tags_set(&b, "pool", "default");
	pp_tags_set(&b, "method", "GET");
	cr_assert_str_eq(a.items[0].key, "method");
	cr_assert_str_eq(a.items[2].key, "zone");
	cr_assert_eq(pp_tags_compare(&a, &b), 0);
	pp_tags_free(&a);
	pp_tags_free(&b);
}

Test(tags, the_last_value_of_a_duplicate_key_wins)
{
	pp_tags tags = PP_TAGS_INIT;

	pp_tags_set(&tags, "k", "first");
	pp_tags_set(&tags, "k", "second");
	cr_assert_eq(tags.count, 1);
	cr_assert_str_eq(pp_tags_get(&tags, "k"), "second");
	cr_assert_null(pp_tags_get(&tags, "missing"));
	pp_tags_remove(&tags, "k");
	cr_assert_eq(tags.count, 0);
	pp_tags_free(&tags);
}

Test(tags, clone_owns_its_strings)
{
	pp_tags tags = PP_TAGS_INIT, copy;
	char key[] = "pool", value[] = "gpu";

	pp_tags_set(&tags, key, value);
	copy = pp_tags_clone(&tags);
	strcpy(value, "xxx");
	cr_assert_str_eq(pp_tags_get(&copy, "pool"), "gpu");
	pp_tags_free(&tags);
	pp_tags_free(&copy);
}

Test(tags, select_keeps_only_the_named_keys)
{
	pp_tags tags = PP_TAGS_INIT, selected = PP_TAGS_INIT;
	const char *keys[] = {"pool", "absent"};

	pp_tags_set(&tags, "pool", "a");
	pp_tags_set(&tags, "worker", "7");
	pp_tags_select(&tags, keys, 2, &selected);
	cr_assert_eq(selected.count, 1);
	cr_assert_str_eq(pp_tags_get(&selected, "pool"), "a");
	pp_tags_free(&tags);
	pp_tags_free(&selected);
}

Test(tags, series_keys_differ_when_name_or_tags_differ)
{
	pp_tags tags = PP_TAGS_INIT;
	pp_buffer a = PP_BUFFER_INIT, b = PP_BUFFER_INIT;

	pp_tags_set(&tags, "k", "v");
	pp_series_key(&a, "m", &tags);
	pp_series_key(&b, "mk", &tags);
	cr_assert(a.length != b.length || memcmp(a.data, b.data, a.length) != 0);
	cr_assert_eq(a.length, strlen("m") + 1 + strlen("k=v") + 1);
	pp_buffer_free(&a);
	pp_buffer_free(&b);
	pp_tags_free(&tags);
}

Test(tags, from_jv_refuses_a_number_value)
{
	jv object = jv_parse("{\"a\":\"x\",\"b\":1}");
	pp_tags tags = PP_TAGS_INIT;
	pp_error error;

	cr_assert_eq(pp_tags_from_jv(object, &tags, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "tag \"b\" is not a string");
	pp_tags_free(&tags);
	jv_free(object);
}
