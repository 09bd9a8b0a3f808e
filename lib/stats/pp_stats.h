/*
 * lib/stats/ - the statistics, on plain arrays of doubles.
 *
 * Moments and rates (pp_moments), exact percentiles and the one qsort
 * comparator of doubles (pp_quantile), the mergeable relative-error
 * quantile sketch (pp_sketch), least squares and Theil-Sen lines
 * (pp_regression), the median and MAD (pp_robust), rank tests such as
 * Mann-Whitney and Kendall's tau (pp_rank_tests), Welch's t-test
 * (pp_parametric), the normal and Student t distributions
 * (pp_distributions), anomaly scores (pp_anomaly), forecasts
 * (pp_forecast) and Adtributor's attribution of a change to values
 * (pp_attribution).  Nothing here reads a record or knows a series: the
 * callers in series/, alerting/ and tools/ hand over numbers.  Reference
 * values in tests/unit come from numpy and scipy.
 *
 * This header includes them all, for a reader who wants the folder in one
 * line; modules include only the headers they use.
 */
#ifndef PP_STATS_H
#define PP_STATS_H

#include "pp_anomaly.h"
#include "pp_attribution.h"
#include "pp_distributions.h"
#include "pp_forecast.h"
#include "pp_moments.h"
#include "pp_parametric.h"
#include "pp_quantile.h"
#include "pp_rank_tests.h"
#include "pp_regression.h"
#include "pp_robust.h"
#include "pp_sketch.h"

#endif
