/*
 * pp_alert_text.h - the sentences of an alert that a user reads: series
 * names as people write them, a rule's own description with
 * its {value}, {threshold}, {metric}, {tags} and {rule} filled in, and the
 * suggested actions (the rule's own, else the built-in ones of its alert
 * type).  The per-type details ("p99 is 1.14 s, threshold > 1 s",
 * "ratio is 12.7%, threshold > 5%", numbers by pp_people_stat_value) are
 * composed with these helpers by pp_alerting_evaluate.c.  Internal to the
 * rule engine.
 */
#ifndef PP_ALERT_TEXT_H
#define PP_ALERT_TEXT_H

#include <jv.h>

#include "pp_alerting_private.h"
#include "pp_buffer.h"
#include "pp_rule.h"
#include "pp_tags.h"

/* name{key=value,...}, or name alone without tags. */
void pp_alert_text_series_name(pp_buffer *out, const char *name, const pp_tags *tags);
/* The rule's own description with its placeholders replaced. */
void pp_alert_text_description(pp_buffer *out, const pp_rule *rule, const series *one);
/* The suggested actions of an alert of rule (a new jv array). */
jv pp_alert_text_actions(const pp_rule *rule);

#endif
