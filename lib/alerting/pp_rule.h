/*
 * pp_rule.h - alert rules: the model, the -t shorthand and the rules file.
 *
 * A rule says which aggregates it watches (a metric name or glob and tags
 * that must match), what it computes from each (a stat, a jq expression, a
 * robust z-score, a relative change, several conditions, or the absence of
 * data) and when that counts as a problem.  How long a problem must last
 * before it fires and how long it must be gone before it resolves (for,
 * keep_firing_for, resolve_threshold) is kept here too and applied by
 * pp_lifecycle.
 *
 * Rules come from two places: the shorthand of the command line
 * ("request.duration{pool=a}:p99 > 250 @warning") and a JSON rules file
 * ({"rules":[...]}).  Both parsers are strict: an unknown field, a wrong type
 * or an impossible combination is refused with the file, the rule and the
 * problem in the message, so a typo never silently disables an alert.
 * A parsed rule owns all its strings; pp_rule_free releases them.
 */
#ifndef PP_RULE_H
#define PP_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "pp_error.h"
#include "pp_tags.h"
#include "pp_unit.h"

typedef enum pp_rule_type {
	PP_RULE_THRESHOLD,	/* a stat compared with a number */
	PP_RULE_RATE_LIMIT,	/* the same, on "rate" by default */
	PP_RULE_EXPR,		/* a jq expression over the aggregate */
	PP_RULE_ANOMALY,	/* a robust z-score over the stat's series */
	PP_RULE_TREND,		/* relative change of the stat over a window */
	PP_RULE_COMPOSITE,	/* all or any of several conditions */
	PP_RULE_ABSENT		/* no data for a series for a while */
} pp_rule_type;

/* The alert types of the design (design.md, "alert"). */
typedef enum pp_alert_type {
	PP_ALERT_THRESHOLD_EXCEEDED,
	PP_ALERT_ANOMALY_DETECTED,
	PP_ALERT_TREND_DEGRADATION,
	PP_ALERT_RATE_LIMIT_EXCEEDED,
	PP_ALERT_RESOURCE_EXHAUSTION
} pp_alert_type;

/* In increasing order, so that severities compare as numbers. */
typedef enum pp_severity {
	PP_SEVERITY_INFO,
	PP_SEVERITY_WARNING,
	PP_SEVERITY_CRITICAL,
	PP_SEVERITY_EMERGENCY
} pp_severity;
#define PP_SEVERITY_COUNT 4

typedef enum pp_op {
	PP_OP_GT, PP_OP_GE, PP_OP_LT, PP_OP_LE, PP_OP_EQ, PP_OP_NE
} pp_op;

/* One comparison of one stat of one metric. */
typedef struct pp_condition {
	char *metric;		/* a name, or a glob as fnmatch(3) reads it */
	pp_tags where;		/* tags an aggregate must carry; owned */
	char *stat;		/* "mean", "rate", "p99.9", ... */
	pp_op op;
	double threshold;	/* as written: in unit, or raw when unit is "" */
	char unit[PP_UNIT_NAME_SIZE];	/* "ms", "%", "MiB"...; "" for a bare
					 * number in the stream's raw unit */
} pp_condition;

typedef struct pp_rule {
	char *name;		/* unique among the rules */
	pp_rule_type type;
	pp_alert_type alert_type;
	pp_severity severity;
	pp_condition condition;	/* every type but composite (absent and
				 * expr use only metric and where) */
	double for_seconds;	/* pending until the condition held this long */
	double keep_firing_for;	/* firing until clear this long */
	bool has_resolve_threshold;
	double resolve_threshold;	/* hysteresis: clear only beyond it */
	char resolve_unit[PP_UNIT_NAME_SIZE];	/* its unit, as condition.unit */
	char *description;	/* NULL: one is written from the values */
	char **actions;		/* suggested_actions, NULL: built-in */
	size_t action_count;
	char *expr;		/* expr: jq program text */
	double sensitivity;	/* anomaly: central probability, 0..1 */
	size_t min_samples;	/* anomaly: history needed before scoring */
	size_t max_samples;	/* anomaly: history kept (bounded memory) */
	double window;		/* trend: span of the change; absent: silence */
	pp_condition *conditions;	/* composite */
	size_t condition_count;
	bool all;		/* composite: all (true) or any (false) */
	char **by;		/* composite: tag keys that group series */
	size_t by_count;
} pp_rule;

/* Names, indexed by the enums: "threshold", "trend_degradation",
 * "critical", ">". */
extern const char *const pp_rule_type_names[7];
extern const char *const pp_alert_type_names[5];
extern const char *const pp_severity_names[PP_SEVERITY_COUNT];
extern const char *const pp_op_names[6];
/* Reads a severity name; PP_ERR_INVALID naming the choices if unknown. */
pp_status pp_severity_parse(const char *text, pp_severity *severity, pp_error *error);
/* Whether value OP threshold holds (false for NaN). */
bool pp_op_holds(pp_op op, double value, double threshold);

/*
 * A threshold (threshold, written in threshold_unit, "" when bare) in the
 * unit of stat on an aggregate whose values are in unit and whose points
 * have type (both from the stream, either NULL), into *out: the number
 * itself when bare, else converted (pp_quantity_convert to
 * pp_unit_of_stat).  Returns PP_OK, or PP_ERR_INVALID with a message
 * naming both units when they do not fit ("300ms (a duration) does not fit
 * MB (a size)").
 */
pp_status pp_rule_threshold_in(const char *stat, double threshold,
    const char *threshold_unit, const char *unit, const char *type, double *out,
    pp_error *error);

/*
 * Parses the shorthand METRIC[{TAG=VALUE,...}]:STAT OP NUMBER[UNIT] [@SEVERITY]
 * into rule (a threshold rule named by the text itself, severity critical
 * unless given).  UNIT is one of pp_unit's ("300ms", "2%"), kept in
 * condition.unit for conversion when the rule meets a series.
 * Returns PP_OK, or PP_ERR_PARSE with the problem; rule is
 * then left empty.
 */
pp_status pp_rule_parse_shorthand(const char *text, pp_rule *rule, pp_error *error);

/*
 * Parses a rules file's text ({"rules":[...]}) into a new array of rules
 * (*rules, *count; free with pp_rules_free).  error->source should name the
 * file; messages name the rule ("rule 2 \"p99-high\": ...") and the
 * problem.  Returns PP_OK, PP_ERR_PARSE (not JSON) or PP_ERR_INVALID.
 */
pp_status pp_rules_parse(const char *text, size_t length, pp_rule **rules,
    size_t *count, pp_error *error);

/* Checks that the names of rules[0..count) are unique; PP_ERR_INVALID
 * naming the first duplicate otherwise. */
pp_status pp_rules_check_unique(const pp_rule *rules, size_t count, pp_error *error);

void pp_rule_free(pp_rule *rule);
void pp_rules_free(pp_rule *rules, size_t count);

#endif
