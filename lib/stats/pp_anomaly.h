/*
 * pp_anomaly.h - anomalies in a series: spikes and dips (single values far
 * from their neighbours) and level shifts (the series moves to a new level
 * and stays there), each reported once.
 *
 * The series is first detrended by the median of its differences over w
 * positions, divided by w (a robust slope per position, which a step or a
 * spike hardly moves), so
 * that a steady rise is neither a shift nor a run of spikes.  The
 * expected value of a point is then the median of the 2w values around
 * it, itself left out (a median filter: it follows trends and keeps steps
 * sharp, one spike cannot move it, and leaving the point out keeps the
 * residuals as wide as the noise, so that the z-scores of normal noise are
 * standard normal).  The scale is 1.4826 times the median absolute
 * deviation (MAD) of the residuals from that median, which is the standard
 * deviation for normal noise and does not grow with the anomalies.  A
 * point whose robust z-score |residual| / scale exceeds the threshold is a
 * spike (above) or a dip (below).
 *
 * A level shift at k is found by comparing the median of the w values
 * from k on with the median of the w values before k: where they differ by
 * more than threshold × scale, the series has moved.  The run of positions
 * where that holds is one shift, placed where a sign count of the values
 * against the midpoint of the two levels peaks (the first position of the
 * new level for a clean step).  This is a windowed, median-based
 * equivalent of CUSUM that a spike cannot trigger (it needs more than
 * w/2 values on the new level).  Points a median filter keeps on the new
 * level are not also reported as spikes.
 */
#ifndef PP_ANOMALY_H
#define PP_ANOMALY_H

#include <stddef.h>

#include "pp_error.h"

typedef enum pp_anomaly_kind {
	PP_ANOMALY_SPIKE,
	PP_ANOMALY_DIP,
	PP_ANOMALY_LEVEL_SHIFT
} pp_anomaly_kind;

typedef struct pp_anomaly {
	size_t index;		/* of the value, or of the first on the new level */
	pp_anomaly_kind kind;
	double value;		/* the value, or the median of the new level */
	double expected;	/* the local median, or the median before */
	double score;		/* robust z: (value − expected) / scale */
} pp_anomaly;

/* "spike", "dip", "level_shift". */
const char *pp_anomaly_kind_name(pp_anomaly_kind kind);

/* The z threshold of a sensitivity: the two-sided normal quantile,
 * Φ⁻¹((1 + sensitivity) / 2): 0.95 gives 1.96, 0.999 gives 3.29.
 * NaN unless 0 < sensitivity < 1. */
double pp_anomaly_threshold(double sensitivity);

/* The median of values[0..n) and 1.4826 times their median absolute
 * deviation.  Returns PP_ERR_INVALID when n is 0 or a value is not
 * finite. */
pp_status pp_robust_scale(const double *values, size_t n, double *median,
    double *scale, pp_error *error);

/*
 * Finds the anomalies of values[0..n) with half-window w (>= 1) and the
 * given z threshold.  On PP_OK, *found is an array of *count anomalies in
 * order of index (the caller frees it; NULL when none).  Returns
 * PP_ERR_INVALID when n < 2w + 1, w is 0, or a value is not finite.  When
 * the residuals have no spread at all (MAD 0), 1.2533 times their mean
 * absolute deviation is the scale; when that is 0 too, nothing is found.
 */
pp_status pp_detect_anomalies(const double *values, size_t n, size_t w,
    double threshold, pp_anomaly **found, size_t *count, pp_error *error);

#endif
