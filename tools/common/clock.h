/*
 * clock.h - the monotonic clock, for durations and deadlines that a change
 * of the wall clock (NTP, a suspended laptop) must not stretch: how long a
 * command ran, when an --exec command times out, when the next
 * --self-metrics batch or live frame is due.
 */
#ifndef PP_CLOCK_H
#define PP_CLOCK_H

#include <pthread.h>
#include <time.h>

/* Seconds on CLOCK_MONOTONIC: only differences mean anything. */
double clock_monotonic_seconds(void);
/* Sets up a condition whose timed waits count on CLOCK_MONOTONIC. */
void clock_condition_init(pthread_cond_t *condition);
/* *deadline: nanoseconds from now on CLOCK_MONOTONIC, for a timed wait on
 * such a condition. */
void clock_deadline_after(struct timespec *deadline, long nanoseconds);

#endif
