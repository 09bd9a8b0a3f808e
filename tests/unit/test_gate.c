/* Unit tests for pp_gate: the gate rule over alert records (firing at any
 * time, firing at the end, nothing to judge). */
#include <criterion/criterion.h>

#include "pp_gate.h"

static void
observe(pp_gate *gate, const char *id, const char *severity, const char *state)
{
	pp_error error;
	jv alert = jv_object_set(jv_object_set(jv_object_set(jv_object(),
	    jv_string("id"), jv_string(id)), jv_string("severity"), jv_string(severity)),
	    jv_string("state"), jv_string(state));

	cr_assert_eq(pp_gate_observe(gate, alert, &error), PP_OK, "%s", error.message);
	jv_free(alert);
}

Test(gate, empty_passes_and_nothing_matched_is_nothing)
{
	pp_gate gate;
	size_t counts[PP_SEVERITY_COUNT];

	pp_gate_init(&gate);
	pp_gate_counts(&gate, PP_GATE_ANY_TIME, counts);
	cr_assert_eq(counts[0] + counts[1] + counts[2] + counts[3], 0);
	cr_assert_eq(pp_gate_verdict(&gate, PP_GATE_ANY_TIME, PP_SEVERITY_INFO, 0), PP_VERDICT_PASS);
	cr_assert_eq(pp_gate_verdict(&gate, PP_GATE_FINAL, PP_SEVERITY_INFO, 1), PP_VERDICT_NOTHING);
	cr_assert_eq(pp_verdict_exit_status(PP_VERDICT_NOTHING), 4);
	cr_assert_eq(pp_verdict_exit_status(PP_VERDICT_FAIL), 1);
	cr_assert_eq(pp_verdict_exit_status(PP_VERDICT_PASS), 0);
	pp_gate_free(&gate);
}

Test(gate, a_breach_that_resolved_fails_any_time_and_passes_final)
{
	pp_gate gate;
	size_t counts[PP_SEVERITY_COUNT];

	pp_gate_init(&gate);
	observe(&gate, "a", "warning", "pending");
	observe(&gate, "a", "warning", "firing");
	observe(&gate, "a", "warning", "resolved");
	pp_gate_counts(&gate, PP_GATE_ANY_TIME, counts);
	cr_assert_eq(counts[PP_SEVERITY_WARNING], 1);
	pp_gate_counts(&gate, PP_GATE_FINAL, counts);
	cr_assert_eq(counts[PP_SEVERITY_WARNING], 0);
	cr_assert_eq(pp_gate_verdict(&gate, PP_GATE_ANY_TIME, PP_SEVERITY_WARNING, 0), PP_VERDICT_FAIL);
	cr_assert_eq(pp_gate_verdict(&gate, PP_GATE_FINAL, PP_SEVERITY_WARNING, 0), PP_VERDICT_PASS);
	/* Below the severity: passes both. */
	cr_assert_eq(pp_gate_verdict(&gate, PP_GATE_ANY_TIME, PP_SEVERITY_CRITICAL, 0), PP_VERDICT_PASS);
	/* Failing wins over nothing to judge. */
	cr_assert_eq(pp_gate_verdict(&gate, PP_GATE_ANY_TIME, PP_SEVERITY_INFO, 3), PP_VERDICT_FAIL);
	cr_assert_eq(pp_gate_verdict(&gate, PP_GATE_FINAL, PP_SEVERITY_INFO, 3), PP_VERDICT_NOTHING);
	pp_gate_free(&gate);
}

Test(gate, alerts_count_once_each_and_refire_stays_one)
{
	pp_gate gate;
	size_t counts[PP_SEVERITY_COUNT];

	pp_gate_init(&gate);
	observe(&gate, "a", "critical", "firing");
	observe(&gate, "a", "critical", "resolved");
	observe(&gate, "a", "critical", "firing");
	observe(&gate, "b", "emergency", "firing");
	observe(&gate, "c", "info", "pending");
	pp_gate_counts(&gate, PP_GATE_ANY_TIME, counts);
	cr_assert_eq(counts[PP_SEVERITY_CRITICAL], 1);
	cr_assert_eq(counts[PP_SEVERITY_EMERGENCY], 1);
	cr_assert_eq(counts[PP_SEVERITY_INFO], 0);
	pp_gate_counts(&gate, PP_GATE_FINAL, counts);
	cr_assert_eq(counts[PP_SEVERITY_CRITICAL], 1);
	cr_assert_eq(counts[PP_SEVERITY_EMERGENCY], 1);
	pp_gate_free(&gate);
}

Test(gate, records_without_id_severity_or_state_are_refused_and_change_nothing)
{
	pp_gate gate;
	pp_error error;
	size_t counts[PP_SEVERITY_COUNT];
	jv bad[4] = {
		jv_string("not an object"),
		jv_object_set(jv_object(), jv_string("state"), jv_string("firing")),
		jv_object_set(jv_object_set(jv_object_set(jv_object(), jv_string("id"),
		    jv_string("x")), jv_string("severity"), jv_string("loud")),
		    jv_string("state"), jv_string("firing")),
		jv_object_set(jv_object_set(jv_object(), jv_string("id"), jv_number(1)),
		    jv_string("state"), jv_string("firing")),
	};

	pp_gate_init(&gate);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(pp_gate_observe(&gate, bad[i], &error), PP_ERR_INVALID, "case %d", i);
		jv_free(bad[i]);
	}
	observe(&gate, "x", "warning", "inhibited");	/* an unknown state: ignored */
	pp_gate_counts(&gate, PP_GATE_ANY_TIME, counts);
	cr_assert_eq(counts[0] + counts[1] + counts[2] + counts[3], 0);
	pp_gate_free(&gate);
}
