/*
 * deliver.h - perf-alert --exec: running a command for each alert that
 * fires or resolves (see deliver.c).
 */
#ifndef PERF_ALERT_DELIVER_H
#define PERF_ALERT_DELIVER_H

#include <jv.h>

#include "perf_alert.h"

/* Whether an alert record is delivered: firing and resolved ones are,
 * pending ones are not. */
bool deliver_wanted(jv alert);

/* Runs the --exec command once for alert (borrowed).  Returns true when it
 * exited 0 in time; otherwise prints why and returns false. */
bool deliver_alert(alert_options *options, jv alert);

#endif
