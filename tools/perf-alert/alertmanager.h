/*
 * alertmanager.h - perf-alert --format alertmanager (see alertmanager.c).
 */
#ifndef PERF_ALERT_ALERTMANAGER_H
#define PERF_ALERT_ALERTMANAGER_H

#include <jv.h>

#include "pp_buffer.h"

/* Appends the Alertmanager v2 array of the alerts resolved among
 * transitions and of those in firing (both jv arrays of alert records,
 * borrowed), then a newline. */
void alertmanager_write(pp_buffer *out, jv transitions, jv firing);

#endif
