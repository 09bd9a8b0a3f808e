/*
 * state.h - perf-alert's --state file (see state.c).
 */
#ifndef PERF_ALERT_STATE_H
#define PERF_ALERT_STATE_H

#include <jv.h>

#include "perf_alert.h"

typedef struct alert_state {
	const char *path;	/* NULL without --state */
	int lock_fd;
	jv undelivered;		/* alert records whose --exec failed */
} alert_state;

/* Locks and reads the state into engine and state->undelivered.  Without
 * --state, only initialises.  Returns 0 or an exit status after printing
 * why (a corrupted or foreign file: PP_EXIT_INPUT). */
int state_open(alert_options *options, alert_state *state, pp_alerting *engine);
/* Writes the state atomically; returns 0 or PP_EXIT_INPUT. */
int state_save(alert_options *options, alert_state *state, pp_alerting *engine);
/* Releases the lock and the memory. */
void state_close(alert_state *state);

#endif
