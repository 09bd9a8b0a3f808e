/*
 * verdict.c - PASS or FAIL by the rule of perf-alert --fail-on.  See
 * verdict.h.
 */
#include "verdict.h"

#include <string.h>

#include "pp_rule.h"

const char *
verdict_severity_name(int rank)
{
	/* a model_severity_rank is the library's severity plus one */
	return rank >= 1 && rank <= PP_SEVERITY_COUNT ?
	    pp_severity_names[rank - 1] : "unknown";
}

/* Whether the array rules holds rule. */
static bool
listed(jv rules, const char *rule)
{
	bool found = false;

	jv_array_foreach(rules, i, item) {
		found = found || strcmp(jv_string_value(item), rule) == 0;
		jv_free(item);
	}
	return found;
}

bool
verdict_gate(const alert_rows *rows, int fail_on, jv *rules)
{
	jv names = jv_array();
	bool failed = false;
	size_t i;

	for (i = 0; i < rows->count; i++) {
		const alert_row *row = &rows->rows[i];

		if (!row->ever_fired || row->severity < fail_on)
			continue;
		failed = true;
		if (row->rule != NULL && !listed(names, row->rule))
			names = jv_array_append(names, jv_string(row->rule));
	}
	if (rules != NULL)
		*rules = names;
	else
		jv_free(names);
	return failed;
}

void
verdict_make(const report_model *model, const alert_rows *rows, int fail_on,
    report_verdict *verdict)
{
	bool fired_below = false;
	size_t i;

	memset(verdict, 0, sizeof(*verdict));
	verdict->firing = rows->firing;
	verdict->pending = rows->pending;
	verdict->resolved = rows->resolved;
	verdict->fail_on = fail_on;
	jv_array_foreach(model->findings, i, finding) {
		verdict->regressions += model_is_regression(finding);
		jv_free(finding);
	}
	verdict->failed = verdict_gate(rows, fail_on, &verdict->rules) ||
	    verdict->regressions > 0;
	for (i = 0; i < rows->count; i++)
		fired_below = fired_below || rows->rows[i].ever_fired;
	if (verdict->failed)
		verdict->level = "critical";
	else if (fired_below || rows->firing > 0 || rows->pending > 0)
		verdict->level = "warning";
	else
		verdict->level = "normal";
}

void
verdict_free(report_verdict *verdict)
{
	jv_free(verdict->rules);
}

void
verdict_sentence(const report_verdict *verdict, pp_buffer *out)
{
	const char *severity = verdict_severity_name(verdict->fail_on);

	pp_buffer_append_string(out, verdict->failed ? "FAIL: " : "PASS: ");
	if (jv_array_length(jv_copy(verdict->rules)) > 0) {
		pp_buffer_printf(out, "%s or worse fired (", severity);
		jv_array_foreach(verdict->rules, i, rule) {
			pp_buffer_printf(out, "%s%s", i > 0 ? ", " : "", jv_string_value(rule));
			jv_free(rule);
		}
		pp_buffer_append_char(out, ')');
	} else
		pp_buffer_printf(out, "no alert of %s or worse fired", severity);
	if (verdict->regressions > 0)
		pp_buffer_printf(out, ", %d regression%s", verdict->regressions,
		    verdict->regressions == 1 ? "" : "s");
	else
		pp_buffer_append_string(out, ", no regression");
}
