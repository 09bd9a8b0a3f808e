/*
 * future.h - --max-future and --now: the bound on how far ahead of the
 * wall clock an event time may be.
 *
 * A program that keeps an event-time clock (perf-aggregate's watermark,
 * perf-alert's clock) moves it forward with every record.  One point
 * stamped in the year 9999 (a unit mistake, a broken host clock) would
 * move it there for good: every later point would be late, every absent
 * rule blind.  Such a point is bad input instead: rejected (counted, kept
 * in --rejects) before it reaches the clock.  --now gives the clock to
 * compare with, for replays of old data and for tests.
 */
#ifndef FUTURE_H
#define FUTURE_H

#include <argp.h>
#include <stdbool.h>

#include "tool.h"

typedef struct future_limit {
	pp_tool *tool;		/* for usage errors */
	double max_future;	/* --max-future, seconds (default 3600) */
	double now;		/* --now, or NAN for the wall clock */
	double horizon;		/* now + max_future, as last computed */
} future_limit;

/* The argp child for --max-future and --now; its input is a future_limit
 * prepared by future_init. */
extern const struct argp future_argp;

void future_init(future_limit *limit, pp_tool *tool);

/* True when time lies more than --max-future ahead of --now (or of the
 * wall clock, read again when time passes the last horizon); writes the horizon as RFC 3339 to
 * text (for the message) when it does. */
bool future_too_far(future_limit *limit, double time, char *text, size_t size);

#endif
