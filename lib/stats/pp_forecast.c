/*
 * pp_forecast.c - predictions and crossings of a least squares line.
 * See pp_forecast.h.
 */
#include "pp_forecast.h"

#include <math.h>

#include "pp_distributions.h"

pp_prediction
pp_forecast_at(const pp_linear_fit *fit, double x, double confidence)
{
	pp_prediction prediction;
	double n = (double)fit->n, distance = x - fit->x_mean, half;

	prediction.value = pp_linear_predict(fit, x);
	prediction.low = prediction.high = NAN;
	if (fit->n < 3)
		return prediction;
	half = pp_student_t_quantile((1.0 + confidence) / 2.0, n - 2.0) *
	    fit->residual_stddev * sqrt(1.0 + 1.0 / n + distance * distance / fit->sxx);
	prediction.low = prediction.value - half;
	prediction.high = prediction.value + half;
	return prediction;
}

double
pp_forecast_crossing(const pp_linear_fit *fit, double limit, int rising, double from)
{
	double now = pp_linear_predict(fit, from);

	if (rising ? now >= limit : now <= limit)
		return from;
	if (rising ? fit->slope <= 0.0 : fit->slope >= 0.0)
		return NAN;
	/* the line around x̄, solved for limit */
	return fit->x_mean + (limit - pp_linear_predict(fit, fit->x_mean)) / fit->slope;
}
