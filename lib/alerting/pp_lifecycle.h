/*
 * pp_lifecycle.h - the life of one alert: pending, firing, resolved.
 *
 * One pp_lifecycle follows one rule on one series, in event time (the times
 * given are those of the data, never the wall clock, so replaying a log
 * gives the same alerts).  It works as Prometheus does: when the condition
 * starts to hold the alert is pending; once it has held for `for` seconds it
 * fires; once it has been clear for `keep_firing_for` seconds it resolves
 * and the lifecycle is inactive again.  A pending alert whose condition
 * stops holding goes back to inactive without a record, as in Prometheus.
 *
 * "Clear" is a separate input from "holds" so that hysteresis is the
 * caller's choice: with a resolve threshold, a value between it and the
 * threshold neither holds nor is clear, and a firing alert keeps firing.
 * The struct is plain data so that a state file can carry it between runs.
 */
#ifndef PP_LIFECYCLE_H
#define PP_LIFECYCLE_H

#include <stdbool.h>

typedef enum pp_alert_state {
	PP_STATE_INACTIVE,
	PP_STATE_PENDING,
	PP_STATE_FIRING
} pp_alert_state;

typedef enum pp_transition {
	PP_TRANSITION_NONE,
	PP_TRANSITION_PENDING,	/* inactive -> pending */
	PP_TRANSITION_FIRING,	/* inactive or pending -> firing */
	PP_TRANSITION_RESOLVED	/* firing -> inactive */
} pp_transition;

typedef struct pp_lifecycle {
	pp_alert_state state;
	double active_since;	/* pending or firing: first time it held */
	double triggered_at;	/* firing: the time it began to fire */
	double clear_since;	/* firing: first time it was clear, or NaN */
	double resolved_at;	/* after PP_TRANSITION_RESOLVED */
	double value;		/* the value of the last step */
} pp_lifecycle;

/* An inactive lifecycle. */
void pp_lifecycle_init(pp_lifecycle *lifecycle);

/*
 * One evaluation at event time `time` with the value seen: `holds` when the
 * condition is true, `clear` when the value is on the safe side of the
 * resolve threshold (or simply !holds without one).  Returns the transition
 * it made, if any.  for_seconds and keep_firing_for are the rule's (0 means
 * at once).  Cannot fail.
 */
pp_transition pp_lifecycle_step(pp_lifecycle *lifecycle, double time, double value,
    bool holds, bool clear, double for_seconds, double keep_firing_for);

const char *pp_alert_state_name(pp_alert_state state);

#endif
