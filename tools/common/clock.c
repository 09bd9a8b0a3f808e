/*
 * clock.c - the monotonic clock (see clock.h).
 */
#include "clock.h"


double
clock_monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

void
clock_condition_init(pthread_cond_t *condition)
{
	pthread_condattr_t attributes;

	pthread_condattr_init(&attributes);
	pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
	pthread_cond_init(condition, &attributes);
	pthread_condattr_destroy(&attributes);
}

void
clock_deadline_after(struct timespec *deadline, long nanoseconds)
{
	clock_gettime(CLOCK_MONOTONIC, deadline);
	deadline->tv_sec += nanoseconds / 1000000000L;
	deadline->tv_nsec += nanoseconds % 1000000000L;
	if (deadline->tv_nsec >= 1000000000L) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000L;
	}
}
