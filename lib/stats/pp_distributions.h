/*
 * pp_distributions.h - the normal and Student t distributions: the tails
 * that turn test statistics into p-values, and the quantiles that turn
 * confidence levels into thresholds.
 *
 * Tails are computed directly (erfc, the regularised incomplete beta
 * function by its continued fraction) rather than as 1 − CDF, so that
 * p-values of 1e-12 keep their digits.  Quantiles start from a short
 * rational approximation and are refined by Halley's (normal) or
 * bisection (t) steps to full double precision.
 */
#ifndef PP_DISTRIBUTIONS_H
#define PP_DISTRIBUTIONS_H

/* Standard normal: P(Z <= x), P(Z > x), and the x with P(Z <= x) = p
 * (−inf at 0, +inf at 1, NaN outside [0, 1]). */
double pp_normal_cdf(double x);
double pp_normal_sf(double x);
double pp_normal_quantile(double p);

/* The regularised incomplete beta function I_x(a, b), for a, b > 0 and
 * 0 <= x <= 1; NaN otherwise. */
double pp_incomplete_beta(double a, double b, double x);

/* Student's t with df > 0 degrees of freedom (not necessarily whole):
 * P(T <= t), P(T > t), and the t with P(T <= t) = p. */
double pp_student_t_cdf(double t, double df);
double pp_student_t_sf(double t, double df);
double pp_student_t_quantile(double p, double df);

#endif
