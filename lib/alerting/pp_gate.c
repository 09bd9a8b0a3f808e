/*
 * pp_gate.c - the gate rule over alert records seen.  See pp_gate.h.
 *
 * Entries live in a jv object keyed by alert id, each an array
 * [severity, ever firing, firing now]: small, and jq's objects hash.
 */
#include "pp_gate.h"

#include <string.h>

void
pp_gate_init(pp_gate *gate)
{
	gate->alerts = jv_object();
}

void
pp_gate_free(pp_gate *gate)
{
	jv_free(gate->alerts);
	gate->alerts = jv_null();
}

static bool
string_field(jv record, const char *key, char *out, size_t size)
{
	jv value = jv_object_get(jv_copy(record), jv_string(key));
	bool ok = jv_get_kind(value) == JV_KIND_STRING &&
	    strlen(jv_string_value(value)) < size;

	if (ok)
		strcpy(out, jv_string_value(value));
	jv_free(value);
	return ok;
}

pp_status
pp_gate_observe(pp_gate *gate, jv alert, pp_error *error)
{
	char state[32], severity_name[32];
	pp_severity severity;
	jv id, entry;
	bool firing, ever;

	if (jv_get_kind(alert) != JV_KIND_OBJECT)
		return pp_error_set(error, PP_ERR_INVALID, "an alert must be an object");
	id = jv_object_get(jv_copy(alert), jv_string("id"));
	if (jv_get_kind(id) != JV_KIND_STRING) {
		jv_free(id);
		return pp_error_set(error, PP_ERR_INVALID, "an alert needs a string \"id\"");
	}
	if (!string_field(alert, "state", state, sizeof(state)) ||
	    !string_field(alert, "severity", severity_name, sizeof(severity_name)) ||
	    pp_severity_parse(severity_name, &severity, NULL) != PP_OK) {
		jv_free(id);
		return pp_error_set(error, PP_ERR_INVALID,
		    "an alert needs a \"state\" and a known \"severity\"");
	}
	if (strcmp(state, "firing") == 0)
		firing = true;
	else if (strcmp(state, "resolved") == 0 || strcmp(state, "pending") == 0)
		firing = false;
	else {
		jv_free(id);
		return PP_OK;
	}
	entry = jv_object_get(jv_copy(gate->alerts), jv_copy(id));
	ever = firing || (jv_get_kind(entry) == JV_KIND_ARRAY &&
	    jv_equal(jv_array_get(jv_copy(entry), 1), jv_true()));
	jv_free(entry);
	entry = JV_ARRAY(jv_number(severity), jv_bool(ever), jv_bool(firing));
	gate->alerts = jv_object_set(gate->alerts, id, entry);
	return PP_OK;
}

void
pp_gate_counts(const pp_gate *gate, pp_gate_when when, size_t *counts)
{
	int slot = when == PP_GATE_ANY_TIME ? 1 : 2;
	jv alerts = gate->alerts;	/* borrowed: the iteration consumes nothing */

	memset(counts, 0, PP_SEVERITY_COUNT * sizeof(size_t));
	jv_object_foreach(alerts, key, entry) {
		int severity = (int)jv_number_value(jv_array_get(jv_copy(entry), 0));

		if (jv_equal(jv_array_get(jv_copy(entry), slot), jv_true()) &&
		    severity >= 0 && severity < PP_SEVERITY_COUNT)
			counts[severity]++;
		jv_free(key);
		jv_free(entry);
	}
}

pp_verdict
pp_gate_verdict(const pp_gate *gate, pp_gate_when when, pp_severity severity,
    size_t unmatched)
{
	size_t counts[PP_SEVERITY_COUNT];
	int level;

	pp_gate_counts(gate, when, counts);
	for (level = PP_SEVERITY_COUNT - 1; level >= (int)severity; level--)
		if (counts[level] > 0)
			return PP_VERDICT_FAIL;
	return unmatched > 0 ? PP_VERDICT_NOTHING : PP_VERDICT_PASS;
}

int
pp_verdict_exit_status(pp_verdict verdict)
{
	switch (verdict) {
	case PP_VERDICT_FAIL:
		return PP_EXIT_GATE;
	case PP_VERDICT_NOTHING:
		return PP_EXIT_NOTHING;
	default:
		return PP_EXIT_OK;
	}
}
