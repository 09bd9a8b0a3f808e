/*
 * pp_suggest.h - "did you mean ...?": the known name nearest to a name that
 * matched nothing, so that a typo in a rule, --by or --ratio is named with
 * its likely fix instead of passing in silence.
 */
#ifndef PP_SUGGEST_H
#define PP_SUGGEST_H

#include <stddef.h>

/* The edit distance (insertions, deletions, substitutions and swaps of
 * two neighbours, each 1) between a and b, byte-wise; capped at limit + 1
 * so that far-apart long strings cost little. */
size_t pp_edit_distance(const char *a, const char *b, size_t limit);

/* The candidate nearest to word, or NULL when none is near enough: within
 * 2 edits, or a third of word's length when that is more.  Ties go to the
 * earlier candidate; a candidate equal to word is never suggested. */
const char *pp_suggest(const char *word, const char *const *candidates, size_t count);

#endif
