/*
 * compare.h - `perf-analyze compare BASELINE CANDIDATE`: the statistical
 * CI gate.  Each series found in both files is a sample a side (a point's
 * value, or an aggregate's statistic, per run); the samples are compared
 * with the Mann–Whitney U test, Welch's t test and the Hodges–Lehmann
 * shift, and a "comparison" finding gives the verdict.  The exit status is
 * 1 when any series regressed by more than --threshold with p < --alpha.
 * When the files hold tagged aggregates, the rolled-up total of each
 * metric is judged the same way and, when it regressed, explained by
 * "attribution" findings (attribution.h); they never change the status.
 */
#ifndef PERF_ANALYZE_COMPARE_H
#define PERF_ANALYZE_COMPARE_H

/* Runs the compare mode; argv[0] names it for usage messages.  Returns
 * the exit status. */
int compare_main(int argc, char **argv);

#endif
