/*
 * pp_lifecycle.c - the pending/firing/resolved state machine.  See
 * pp_lifecycle.h.
 */
#include "pp_lifecycle.h"

#include <math.h>

void
pp_lifecycle_init(pp_lifecycle *lifecycle)
{
	lifecycle->state = PP_STATE_INACTIVE;
	lifecycle->active_since = NAN;
	lifecycle->triggered_at = NAN;
	lifecycle->clear_since = NAN;
	lifecycle->resolved_at = NAN;
	lifecycle->value = NAN;
}

const char *
pp_alert_state_name(pp_alert_state state)
{
	static const char *const names[] = {"inactive", "pending", "firing"};

	return names[state];
}

static pp_transition
start_firing(pp_lifecycle *lifecycle, double time)
{
	lifecycle->state = PP_STATE_FIRING;
	lifecycle->triggered_at = time;
	lifecycle->clear_since = NAN;
	lifecycle->resolved_at = NAN;
	return PP_TRANSITION_FIRING;
}

static pp_transition
step_firing(pp_lifecycle *lifecycle, double time, bool holds, bool clear,
    double keep_firing_for)
{
	/* A record older than the firing (older data re-run against a state)
	 * cannot resolve it: resolved_at never precedes triggered_at. */
	if (time < lifecycle->triggered_at)
		return PP_TRANSITION_NONE;
	if (holds || !clear) {
		/* Still true, or inside the hysteresis band: keep firing. */
		lifecycle->clear_since = NAN;
		return PP_TRANSITION_NONE;
	}
	if (isnan(lifecycle->clear_since))
		lifecycle->clear_since = time;
	if (time - lifecycle->clear_since < keep_firing_for)
		return PP_TRANSITION_NONE;
	lifecycle->state = PP_STATE_INACTIVE;
	lifecycle->resolved_at = time;
	lifecycle->active_since = NAN;
	lifecycle->clear_since = NAN;
	return PP_TRANSITION_RESOLVED;
}

pp_transition
pp_lifecycle_step(pp_lifecycle *lifecycle, double time, double value, bool holds,
    bool clear, double for_seconds, double keep_firing_for)
{
	lifecycle->value = value;
	switch (lifecycle->state) {
	case PP_STATE_INACTIVE:
		if (!holds)
			return PP_TRANSITION_NONE;
		lifecycle->active_since = time;
		if (for_seconds <= 0)
			return start_firing(lifecycle, time);
		lifecycle->state = PP_STATE_PENDING;
		lifecycle->triggered_at = NAN;
		return PP_TRANSITION_PENDING;
	case PP_STATE_PENDING:
		if (!holds) {
			lifecycle->state = PP_STATE_INACTIVE;
			lifecycle->active_since = NAN;
			return PP_TRANSITION_NONE;
		}
		if (time - lifecycle->active_since >= for_seconds)
			return start_firing(lifecycle, time);
		return PP_TRANSITION_NONE;
	case PP_STATE_FIRING:
		return step_firing(lifecycle, time, holds, clear, keep_firing_for);
	}
	return PP_TRANSITION_NONE;
}
