/*
 * reference_series.h - the series the statistics unit tests share, as
 * printed by
 *   /usr/bin/python3 tests/unit/reference_stats.py arrays t24 t48 flat rising falling step seasonal baseline slower small_a small_b tiny many
 * (the formulas are in that script: flat, rising, falling, a step and a
 * seasonal wave with one deterministic noise; two samples of 30 runs, the
 * second 10% slower; small samples for the exact tests), and the two
 * checks every reference value goes through.
 */
#ifndef REFERENCE_SERIES_H
#define REFERENCE_SERIES_H

#include <math.h>

#include <criterion/criterion.h>

__attribute__((unused)) static const double t24[] = {0.0, 300.0, 600.0, 900.0, 1200.0, 1500.0, 1800.0, 2100.0, 2400.0, 2700.0, 3000.0, 3300.0, 3600.0, 3900.0, 4200.0, 4500.0, 4800.0, 5100.0, 5400.0, 5700.0, 6000.0, 6300.0, 6600.0, 6900.0};
__attribute__((unused)) static const double t48[] = {0.0, 300.0, 600.0, 900.0, 1200.0, 1500.0, 1800.0, 2100.0, 2400.0, 2700.0, 3000.0, 3300.0, 3600.0, 3900.0, 4200.0, 4500.0, 4800.0, 5100.0, 5400.0, 5700.0, 6000.0, 6300.0, 6600.0, 6900.0, 7200.0, 7500.0, 7800.0, 8100.0, 8400.0, 8700.0, 9000.0, 9300.0, 9600.0, 9900.0, 10200.0, 10500.0, 10800.0, 11100.0, 11400.0, 11700.0, 12000.0, 12300.0, 12600.0, 12900.0, 13200.0, 13500.0, 13800.0, 14100.0};
__attribute__((unused)) static const double flat[] = {49.5, 49.9, 50.3, 49.6, 50.0, 50.4, 49.7, 50.1, 50.5, 49.8, 50.2, 49.5, 49.9, 50.3, 49.6, 50.0, 50.4, 49.7, 50.1, 50.5, 49.8, 50.2, 49.5, 49.9};
__attribute__((unused)) static const double rising[] = {49.5, 50.4, 51.3, 51.1, 52.0, 52.9, 52.7, 53.6, 54.5, 54.3, 55.2, 55.0, 55.9, 56.8, 56.6, 57.5, 58.4, 58.2, 59.1, 60.0, 59.8, 60.7, 60.5, 61.4};
__attribute__((unused)) static const double falling[] = {79.5, 79.2, 78.89999999999999, 77.5, 77.2, 76.9, 75.5, 75.19999999999999, 74.9, 73.5, 73.2, 71.8, 71.5, 71.2, 69.8, 69.5, 69.2, 67.8, 67.5, 67.2, 65.8, 65.5, 64.1, 63.800000000000004};
__attribute__((unused)) static const double step[] = {49.5, 49.9, 50.3, 49.6, 50.0, 50.4, 49.7, 50.1, 50.5, 49.8, 50.2, 49.5, 64.9, 65.3, 64.6, 65.0, 65.4, 64.7, 65.1, 65.5, 64.8, 65.2, 64.5, 64.9};
__attribute__((unused)) static const double seasonal[] = {49.5, 54.9, 58.96025403784438, 59.6, 58.66025403784439, 55.4, 49.7, 45.1, 41.83974596215562, 39.8, 41.53974596215562, 44.49999999999999, 49.9, 55.3, 58.26025403784438, 60.0, 59.06025403784439, 54.7, 50.10000000000001, 45.50000000000001, 41.13974596215561, 40.2, 40.83974596215561, 44.899999999999984, 50.29999999999999, 54.60000000000001, 58.66025403784439, 60.4, 58.3602540378444, 55.1, 50.50000000000002, 44.80000000000001, 41.53974596215563, 39.5, 41.23974596215562, 45.3, 49.599999999999994, 54.999999999999986, 59.06025403784437, 59.7, 58.76025403784438, 55.500000000000036, 49.800000000000004, 45.20000000000002, 40.839745962155625, 39.9, 41.639745962155594, 44.6};
__attribute__((unused)) static const double baseline[] = {100.0, 110.958, 103.722, 99.371, 105.471, 105.992, 97.501, 96.909, 110.296, 106.984, 99.193, 102.255, 106.999, 100.457, 95.141, 107.795, 109.396, 101.072, 99.358, 105.867, 103.645, 95.452, 104.527, 109.928, 104.203, 98.02, 103.08, 105.702, 97.708, 101.888};
__attribute__((unused)) static const double slower[] = {114.628, 113.532, 107.628, 120.994, 108.351, 116.235, 117.635, 104.588, 117.277, 112.679, 110.519, 117.258, 114.84, 110.587, 115.375, 109.95, 111.654, 119.211, 106.7, 120.217, 113.98, 105.477, 119.747, 108.497, 113.621, 117.307, 111.674, 114.757, 112.984, 108.967};
__attribute__((unused)) static const double small_a[] = {12.1, 13.4, 11.8, 12.9, 14.2, 12.5};
__attribute__((unused)) static const double small_b[] = {13.9, 15.1, 14.4, 13.2, 15.8, 14.9, 16.3};
__attribute__((unused)) static const double tiny[] = {10.5, 11.5, 12.5};
__attribute__((unused)) static const double many[] = {10.0, 10.37, 10.74, 11.11, 11.48, 11.85, 12.219999999999999, 12.59, 12.96, 13.33, 13.7, 14.07, 14.44, 14.809999999999999, 15.18, 15.55, 15.92, 16.29, 16.66, 17.03, 17.4, 17.77, 18.14, 18.509999999999998, 18.88, 19.25, 19.619999999999997, 19.990000000000002, 20.36, 20.73, 21.1, 21.47, 21.84, 22.21, 22.58, 22.95, 23.32, 23.689999999999998, 24.060000000000002, 24.43};

/* Estimates agree to 1e-6 relative (1e-12 absolute around zero). */
static inline void
expect_estimate(double actual, double expected)
{
	double tolerance = fmax(1e-6 * fabs(expected), 1e-12);

	cr_expect(fabs(actual - expected) <= tolerance,
	    "estimate %.17g, expected %.17g", actual, expected);
}

/* p-values agree to 1e-6 absolute. */
static inline void
expect_p_value(double actual, double expected)
{
	cr_expect(fabs(actual - expected) <= 1e-6,
	    "p-value %.17g, expected %.17g", actual, expected);
}

#endif
