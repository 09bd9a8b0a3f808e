/*
 * pp_robust.h - the median and the scaled median absolute deviation, the
 * location and scale that outliers cannot drag, shared by perf-analyze's
 * anomaly detection (pp_anomaly) and perf-alert's anomaly rules
 * (pp_alert_score).
 *
 * The scale is 1.4826 * MAD, which estimates the standard deviation of
 * normal data (1.4826 ~ 1 / Phi^-1(3/4)).  The median is found by
 * selection (pp_select), in linear time, since an alert rule recomputes it
 * over its whole history at every window.
 */
#ifndef PP_ROBUST_H
#define PP_ROBUST_H

#include <stddef.h>

/* The median of values[0..count) (count > 0): the middle value, or the
 * midpoint of the two middle ones.  Reorders values. */
double pp_median_in_place(double *values, size_t count);

/* The median of values[0..count) (count > 0) and 1.4826 times their median
 * absolute deviation.  scratch holds count doubles; values are left as
 * they are.  Values must be finite (the callers check). */
void pp_robust_location_scale(const double *values, size_t count, double *scratch,
    double *median, double *scale);

#endif
