/*
 * pp_fdr.c - Benjamini-Hochberg adjusted p-values.  See pp_fdr.h.
 */
#include "pp_fdr.h"

#include <math.h>
#include <stdlib.h>

#include "pp_buffer.h"
#include "pp_quantile.h"

pp_status
pp_fdr_bh(const double *p, size_t n, double *adjusted, pp_error *error)
{
	pp_indexed_value *sorted;
	double running = 1.0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!(p[i] >= 0.0 && p[i] <= 1.0))
			return pp_error_set(error, PP_ERR_INVALID,
			    "p-value %zu is %g, not in [0, 1]", i + 1, p[i]);
	if (n == 0)
		return PP_OK;
	sorted = pp_xmalloc(n * sizeof(*sorted));
	for (i = 0; i < n; i++)
		sorted[i] = (pp_indexed_value){p[i], i};
	qsort(sorted, n, sizeof(*sorted), pp_compare_indexed_values);
	/* from the largest down: the running minimum of p(j) m / j */
	for (i = n; i > 0; i--) {
		double scaled = sorted[i - 1].value * (double)n / (double)i;

		if (scaled < running)
			running = scaled;
		sorted[i - 1].value = running;
	}
	for (i = 0; i < n; i++)
		adjusted[sorted[i].index] = sorted[i].value;
	free(sorted);
	return PP_OK;
}
