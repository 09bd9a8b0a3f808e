/*
 * pp_fdr.h - false discovery rate control across many tests: the
 * Benjamini-Hochberg procedure.
 *
 * perf-analyze tests many hypotheses at once (a trend per series, every
 * window for anomalies, every pair for correlation); at a fixed p < 0.05
 * each, a minute of a quiet service yields dozens of false findings.
 * Benjamini-Hochberg keeps the expected share of false ones among those
 * reported at most q: with the m p-values sorted, p(1) <= ... <= p(m),
 * the adjusted p-value of p(i) is min over j >= i of min(1, p(j) m / j),
 * and a test is a discovery when its adjusted p-value is at most q.  These
 * are the values of scipy.stats.false_discovery_control(p, method="bh").
 */
#ifndef PP_FDR_H
#define PP_FDR_H

#include <stddef.h>

#include "pp_error.h"

/* Writes the Benjamini-Hochberg adjusted p-values of p[0..n) to
 * adjusted[0..n), in the order of p (adjusted may be p).  Returns
 * PP_ERR_INVALID when a p-value is not in [0, 1] (NaN included); n = 0 is
 * fine and writes nothing. */
pp_status pp_fdr_bh(const double *p, size_t n, double *adjusted, pp_error *error);

#endif
