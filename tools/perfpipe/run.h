/*
 * run.h - running a plan's stages as one pipeline, the way sh would, but
 * keeping every stage's exit status.
 */
#ifndef PERFPIPE_RUN_H
#define PERFPIPE_RUN_H

#include "plan.h"
#include "tool.h"

/* Starts every stage of p (found on PATH) with each one's standard output
 * piped into the next one's standard input, the first reading perfpipe's
 * standard input (its files are arguments) and the last writing perfpipe's standard
 * output; waits for all.  Returns the worst exit status of the stages
 * (0 to 3); a stage that could not be started or was killed by a signal
 * other than SIGPIPE is reported through tool and counts as 3. */
int run_plan(pp_tool *tool, const plan *p);

#endif
