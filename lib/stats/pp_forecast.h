/*
 * pp_forecast.h - where a straight-line trend leads: the value a least
 * squares fit predicts at a future x, with its prediction interval, and
 * when the line reaches a limit.
 *
 * The prediction interval is the textbook one for a new observation,
 * ŷ ± t·s·sqrt(1 + 1/n + (x − x̄)² / Sxx), with t the Student quantile of
 * n − 2 degrees of freedom: it widens the further the forecast reaches
 * past the data.  A line is a modest model; it is meant for horizons
 * shorter than the timeframe it was fitted on.
 */
#ifndef PP_FORECAST_H
#define PP_FORECAST_H

#include "pp_regression.h"

typedef struct pp_prediction {
	double value;		/* the line at x */
	double low, high;	/* prediction interval; NaN when n < 3 */
} pp_prediction;

/* The prediction at x with an interval of the given confidence (0.95). */
pp_prediction pp_forecast_at(const pp_linear_fit *fit, double x, double confidence);

/* The first x >= from at which the line reaches limit going up (rising
 * true: the series must stay below limit) or going down (rising false):
 * from itself when the line is already at or past the limit there, NaN
 * when it never gets there (a flat line, or one going the other way). */
double pp_forecast_crossing(const pp_linear_fit *fit, double limit, int rising,
    double from);

#endif
