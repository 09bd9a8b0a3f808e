/*
 * pp_suggest.c - nearest names by edit distance.  See pp_suggest.h.
 *
 * Optimal string alignment distance over three rows of the dynamic
 * programme; names are short (metric names, tag keys, stats).
 */
#include "pp_suggest.h"

#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t
pp_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b), i, j, result;
	size_t *two, *one, *row, *spare;

	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	two = pp_xcalloc(lb + 1, sizeof(size_t));
	one = pp_xcalloc(lb + 1, sizeof(size_t));
	row = pp_xcalloc(lb + 1, sizeof(size_t));
	for (j = 0; j <= lb; j++)
		one[j] = j;
	for (i = 1; i <= la; i++) {
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			row[j] = min3(one[j] + 1, row[j - 1] + 1, one[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    two[j - 2] + 1 < row[j])
				row[j] = two[j - 2] + 1;
		}
		spare = two;
		two = one;
		one = row;
		row = spare;
	}
	result = one[lb];
	free(two);
	free(one);
	free(row);
	return result > limit ? limit + 1 : result;
}

const char *
pp_suggest(const char *word, const char *const *candidates, size_t count)
{
	size_t limit = strlen(word) / 3 > 2 ? strlen(word) / 3 : 2, best = limit + 1, i;
	const char *found = NULL;

	for (i = 0; i < count; i++) {
		size_t distance;

		if (strcmp(candidates[i], word) == 0)
			continue;
		distance = pp_edit_distance(word, candidates[i], limit);
		if (distance < best) {
			best = distance;
			found = candidates[i];
		}
	}
	return found;
}
