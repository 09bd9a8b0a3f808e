/*
 * pp_distributions.c - normal and Student t tails and quantiles.
 * See pp_distributions.h.
 */
#include "pp_distributions.h"

#include <float.h>
#include <stdbool.h>
#include <math.h>

double
pp_normal_cdf(double x)
{
	return 0.5 * erfc(-x / M_SQRT2);
}

double
pp_normal_sf(double x)
{
	return 0.5 * erfc(x / M_SQRT2);
}

/* Abramowitz and Stegun 26.2.23 for the lower tail p < 0.5: good to
 * 4.5e-4, enough for Halley's method to finish the job. */
static double
normal_quantile_guess(double p)
{
	double t = sqrt(-2.0 * log(p));

	return -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
	    (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
}

/* The quantile of a distribution symmetric about 0 where no search is
 * needed: NAN outside [0, 1], -infinity at 0, infinity at 1, 0 at one
 * half.  False (quantile untouched) for any other p. */
static bool
symmetric_quantile_known(double p, double *quantile)
{
	if (isnan(p) || p < 0.0 || p > 1.0)
		*quantile = NAN;
	else if (p == 0.0)
		*quantile = -INFINITY;
	else if (p == 1.0)
		*quantile = INFINITY;
	else if (p == 0.5)
		*quantile = 0.0;
	else
		return false;
	return true;
}

double
pp_normal_quantile(double p)
{
	double lower, x;
	int i;

	if (symmetric_quantile_known(p, &x))
		return x;
	/* Work in the smaller tail, where the probability has its digits. */
	lower = p < 0.5 ? p : 1.0 - p;
	x = normal_quantile_guess(lower);
	/* Halley's method converges cubically: three steps from 4.5e-4
	 * reach the rounding error; the fourth is insurance. */
	for (i = 0; i < 4; i++) {
		double error = pp_normal_cdf(x) - lower;
		double u = error * sqrt(2.0 * M_PI) * exp(x * x / 2.0);

		x = x - u / (1.0 + x * u / 2.0);
	}
	return p < 0.5 ? x : -x;
}

/* The continued fraction of I_x(a, b) (Numerical Recipes' betacf, with
 * the modified Lentz method); converges fast for x < (a+1)/(a+b+2). */
static double
beta_continued_fraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), h;
	int m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	h = d;
	for (m = 1; m <= 10000; m++) {
		double m2 = 2.0 * m, term, delta;

		term = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
		d = 1.0 + term * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1.0 + term / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1.0 / d;
		h *= d * c;
		term = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
		d = 1.0 + term * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1.0 + term / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1.0 / d;
		delta = d * c;
		h *= delta;
		if (fabs(delta - 1.0) < 4 * DBL_EPSILON)
			break;
	}
	return h;
}

/* I_x(a, b) given both x and y = 1 − x, so that callers who know 1 − x
 * more precisely than x (a t statistic near 0) can say so. */
static double
incomplete_beta_xy(double a, double b, double x, double y)
{
	double front;

	if (x <= 0.0)
		return 0.0;
	if (y <= 0.0)
		return 1.0;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y));
	if (x < (a + 1.0) / (a + b + 2.0))
		return front * beta_continued_fraction(a, b, x) / a;
	return 1.0 - front * beta_continued_fraction(b, a, y) / b;
}

double
pp_incomplete_beta(double a, double b, double x)
{
	if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(x <= 1.0))
		return NAN;
	return incomplete_beta_xy(a, b, x, 1.0 - x);
}

double
pp_student_t_sf(double t, double df)
{
	double tail;

	if (isnan(t) || !(df > 0.0))
		return NAN;
	if (isinf(t))
		return t > 0 ? 0.0 : 1.0;
	/* P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2). */
	tail = 0.5 * incomplete_beta_xy(df / 2.0, 0.5, df / (df + t * t),
	    t * t / (df + t * t));
	return t > 0 ? tail : 1.0 - tail;
}

double
pp_student_t_cdf(double t, double df)
{
	return pp_student_t_sf(-t, df);
}

double
pp_student_t_quantile(double p, double df)
{
	double low, high, known;
	int i;

	if (!(df > 0.0))
		return NAN;
	if (symmetric_quantile_known(p, &known))
		return known;
	if (p > 0.5)
		return -pp_student_t_quantile(1.0 - p, df);
	/* Lower tail: bracket, then bisect until the bracket stops shrinking
	 * (at most a few hundred halvings of a double interval). */
	low = -1.0;
	while (pp_student_t_cdf(low, df) > p && low > -1e300)
		low *= 2.0;
	high = low / 2.0 > -1.0 ? 0.0 : low / 2.0;
	for (i = 0; i < 2000; i++) {
		double middle = low + (high - low) / 2.0;

		if (middle <= low || middle >= high)
			break;
		if (pp_student_t_cdf(middle, df) > p)
			high = middle;
		else
			low = middle;
	}
	return low + (high - low) / 2.0;
}
