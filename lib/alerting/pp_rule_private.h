/*
 * pp_rule_private.h - what the rule model (pp_rule.c) shares with the
 * rules file parser (pp_rule_file.c): looking up a name in a name table
 * (pp_rule.h), and a rule's defaults.  Not for use elsewhere.
 */
#ifndef PP_RULE_PRIVATE_H
#define PP_RULE_PRIVATE_H

#include <stddef.h>

#include "pp_rule.h"

#define PP_COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* The index of text in names[0..count), or -1. */
int pp_rule_find_name(const char *const *names, size_t count, const char *text);
/* Clears rule and fills in the defaults of its type. */
void pp_rule_init(pp_rule *rule, pp_rule_type type);

#endif
