/* Unit tests for pp_lifecycle: pending, firing and resolved with for,
 * keep_firing_for and hysteresis (the "clear" input). */
#include <math.h>

#include <criterion/criterion.h>

#include "pp_lifecycle.h"

static pp_transition
step(pp_lifecycle *life, double time, bool holds, double for_seconds, double keep)
{
	return pp_lifecycle_step(life, time, time, holds, !holds, for_seconds, keep);
}

Test(lifecycle, fires_at_once_and_resolves_at_once_without_durations)
{
	pp_lifecycle life;

	pp_lifecycle_init(&life);
	cr_assert_eq(step(&life, 10, false, 0, 0), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 20, true, 0, 0), PP_TRANSITION_FIRING);
	cr_assert_eq(life.triggered_at, 20);
	cr_assert_eq(step(&life, 30, true, 0, 0), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 40, false, 0, 0), PP_TRANSITION_RESOLVED);
	cr_assert_eq(life.resolved_at, 40);
	cr_assert_eq(life.triggered_at, 20, "a resolved alert keeps its trigger time");
	cr_assert_eq(life.state, PP_STATE_INACTIVE);
}

Test(lifecycle, waits_pending_for_the_for_duration)
{
	pp_lifecycle life;

	pp_lifecycle_init(&life);
	cr_assert_eq(step(&life, 0, true, 30, 0), PP_TRANSITION_PENDING);
	cr_assert_eq(life.active_since, 0);
	cr_assert_eq(step(&life, 10, true, 30, 0), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 20, true, 30, 0), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 30, true, 30, 0), PP_TRANSITION_FIRING);
	cr_assert_eq(life.triggered_at, 30);
	cr_assert_eq(life.active_since, 0);
}

Test(lifecycle, a_pending_alert_that_stops_holding_goes_back_silently)
{
	pp_lifecycle life;

	pp_lifecycle_init(&life);
	cr_assert_eq(step(&life, 0, true, 30, 0), PP_TRANSITION_PENDING);
	cr_assert_eq(step(&life, 10, false, 30, 0), PP_TRANSITION_NONE);
	cr_assert_eq(life.state, PP_STATE_INACTIVE);
	/* Counting starts again from the next time it holds. */
	cr_assert_eq(step(&life, 20, true, 30, 0), PP_TRANSITION_PENDING);
	cr_assert_eq(step(&life, 40, true, 30, 0), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 50, true, 30, 0), PP_TRANSITION_FIRING);
}

Test(lifecycle, keeps_firing_until_clear_for_keep_firing_for)
{
	pp_lifecycle life;

	pp_lifecycle_init(&life);
	cr_assert_eq(step(&life, 0, true, 0, 20), PP_TRANSITION_FIRING);
	cr_assert_eq(step(&life, 10, false, 0, 20), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 20, false, 0, 20), PP_TRANSITION_NONE);
	/* Holding again restarts the count. */
	cr_assert_eq(step(&life, 30, true, 0, 20), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 40, false, 0, 20), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 50, false, 0, 20), PP_TRANSITION_NONE);
	cr_assert_eq(step(&life, 60, false, 0, 20), PP_TRANSITION_RESOLVED);
	cr_assert_eq(life.resolved_at, 60);
}

Test(lifecycle, hysteresis_keeps_firing_inside_the_band)
{
	pp_lifecycle life;

	pp_lifecycle_init(&life);
	/* threshold 100, resolve 80: 90 neither holds nor is clear. */
	cr_assert_eq(pp_lifecycle_step(&life, 0, 120, true, false, 0, 0), PP_TRANSITION_FIRING);
	cr_assert_eq(pp_lifecycle_step(&life, 10, 90, false, false, 0, 0), PP_TRANSITION_NONE);
	cr_assert_eq(life.state, PP_STATE_FIRING);
	cr_assert_eq(life.value, 90);
	cr_assert_eq(pp_lifecycle_step(&life, 20, 70, false, true, 0, 0), PP_TRANSITION_RESOLVED);
}

Test(lifecycle, duplicate_timestamps_and_nan_values)
{
	pp_lifecycle life;

	pp_lifecycle_init(&life);
	cr_assert_eq(step(&life, 5, true, 10, 0), PP_TRANSITION_PENDING);
	cr_assert_eq(step(&life, 5, true, 10, 0), PP_TRANSITION_NONE);
	cr_assert_eq(pp_lifecycle_step(&life, 15, NAN, true, false, 10, 0), PP_TRANSITION_FIRING);
	cr_assert(isnan(life.value));
}

Test(lifecycle, older_data_does_not_resolve_a_newer_firing)
{
	pp_lifecycle life;

	/* a state that fired at 120, then a re-run over data of 0..60 */
	pp_lifecycle_init(&life);
	cr_assert_eq(step(&life, 120, true, 0, 0), PP_TRANSITION_FIRING);
	cr_assert_eq(step(&life, 60, false, 0, 0), PP_TRANSITION_NONE,
	    "a record older than the trigger cannot resolve it");
	cr_assert_eq(life.state, PP_STATE_FIRING);
	cr_assert(isnan(life.resolved_at));
	cr_assert_eq(step(&life, 120, false, 0, 0), PP_TRANSITION_RESOLVED,
	    "a record of the trigger's own time still can");
	cr_assert_eq(life.resolved_at, 120);
	cr_assert_geq(life.resolved_at, life.triggered_at);
}
