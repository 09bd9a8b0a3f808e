/* Unit tests for pp_suggest: edit distance and the nearest known name.
 * Distances checked by hand (and against the textbook optimal string
 * alignment examples: "ca"/"abc" is 3, "kitten"/"sitting" is 3). */
#include <criterion/criterion.h>

#include "pp_suggest.h"

Test(suggest, edit_distance_counts_edits_and_swaps)
{
	cr_assert_eq(pp_edit_distance("", "", 5), 0);
	cr_assert_eq(pp_edit_distance("", "abc", 5), 3);
	cr_assert_eq(pp_edit_distance("kitten", "sitting", 5), 3);
	cr_assert_eq(pp_edit_distance("ca", "abc", 5), 3);
	cr_assert_eq(pp_edit_distance("pth", "path", 5), 1);
	cr_assert_eq(pp_edit_distance("p95", "p59", 5), 1);	/* a swap */
	cr_assert_eq(pp_edit_distance("request.duraton", "request.duration", 5), 1);
	/* Capped at limit + 1. */
	cr_assert_eq(pp_edit_distance("a", "bbbbbbbbbb", 2), 3);
	cr_assert_eq(pp_edit_distance("abcdef", "uvwxyz", 2), 3);
}

Test(suggest, nearest_name_or_none)
{
	const char *names[] = {"request.duration", "request.completed", "pool.queue_depth"};
	const char *stats[] = {"p50", "p95", "p99"};
	const char *tags[] = {"pool=gpu", "pool=default", "path=/x"};

	cr_assert_str_eq(pp_suggest("request.duraton", names, 3), "request.duration");
	cr_assert_str_eq(pp_suggest("p98", stats, 3), "p95");	/* a tie: the first */
	cr_assert_str_eq(pp_suggest("pool=gpx", tags, 3), "pool=gpu");
	cr_assert_null(pp_suggest("cpu", names, 3));
	cr_assert_null(pp_suggest("x", NULL, 0));
	/* The word itself is no suggestion. */
	cr_assert_null(pp_suggest("p50", stats, 1));
}
