/*
 * clock.h - the monotonic clock, for durations and deadlines that a change
 * of the wall clock (NTP, a suspended laptop) must not stretch: how long a
 * command ran, when an --exec command times out, when the next
 * --self-metrics batch or live frame is due.
 */
#ifndef PP_CLOCK_H
#define PP_CLOCK_H

/* Seconds on CLOCK_MONOTONIC: only differences mean anything. */
double clock_monotonic_seconds(void);

#endif
