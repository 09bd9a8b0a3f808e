/*
 * pp_alert_score.h - the scores alert rules compare with a threshold: the
 * robust z-score of an anomaly rule, the normal quantile its sensitivity
 * maps to, and the relative change of a trend rule.
 *
 * The robust z-score is (x - median) / (1.4826 * MAD), which is the usual
 * z-score for normal data but is not dragged by the outliers it is meant to
 * find.  When more than half the history is one value the MAD is 0; then
 * the mean absolute deviation (scaled by 1.2533, its normal consistency
 * constant) is used, and when that is 0 too any departure scores infinity.
 */
#ifndef PP_ALERT_SCORE_H
#define PP_ALERT_SCORE_H

#include <stddef.h>

/* The normal quantile the sensitivity maps to is pp_normal_quantile, in
 * pp_distributions.h. */
#include "pp_distributions.h"

/* The robust z-score of x against history[0..count); count must be > 0.
 * scratch must hold count doubles (the history is left untouched).  The
 * history's median goes to *median when median is not NULL. */
double pp_robust_z(const double *history, size_t count, double x, double *scratch,
    double *median);

/* (value - baseline) / |baseline|: -0.2 is a fall of 20%.  NaN when the
 * baseline is 0. */
double pp_relative_change(double baseline, double value);

#endif
