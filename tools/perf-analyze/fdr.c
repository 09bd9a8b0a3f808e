/*
 * fdr.c - one family of tests for perf-analyze's findings, and the
 * Benjamini-Hochberg filter over it (--fdr, default 0.05).
 *
 * Every hypothesis perf-analyze tests counts in one family: the trend of
 * each series (Mann-Kendall), each window of each series for anomalies
 * (robust z, two-sided normal p), and each pair of series for correlation
 * (Spearman).  A finding carries its test's "p_value"; tests that gave no
 * finding are added to the family with their p-value when it is known (a
 * pair not reported) or as p = 1 when only "not flagged" is known (a
 * window below the anomaly threshold: counting it at 1 can only make the
 * filter stricter).  The findings whose adjusted p-value ("q_value",
 * pp_fdr_bh) exceeds --fdr are dropped: among those kept, the expected
 * share of false discoveries is at most --fdr.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "pp_buffer.h"
#include "pp_fdr.h"

void
test_family_add(test_family *family, double p)
{
	if (family->count == family->capacity) {
		family->capacity = family->capacity ? 2 * family->capacity : 64;
		family->p_values = pp_xrealloc(family->p_values,
		    family->capacity * sizeof(double));
	}
	family->p_values[family->count++] = isnan(p) ? 1.0 : fmin(fmax(p, 0.0), 1.0);
}

void
test_family_free(test_family *family)
{
	free(family->p_values);
	memset(family, 0, sizeof(*family));
}

/* Whether a finding is the result of one of the family's tests. */
static bool
tested(jv record)
{
	jv type = jv_object_get(jv_copy(record), jv_string("type"));
	jv p = jv_object_get(jv_copy(record), jv_string("p_value"));
	bool is = jv_get_kind(type) == JV_KIND_STRING && jv_get_kind(p) == JV_KIND_NUMBER &&
	    (strcmp(jv_string_value(type), "trend") == 0 ||
	    strcmp(jv_string_value(type), "anomaly") == 0 ||
	    strcmp(jv_string_value(type), "correlation") == 0);

	jv_free(type);
	jv_free(p);
	return is;
}

static double
p_of(jv record)
{
	jv p = jv_object_get(jv_copy(record), jv_string("p_value"));
	double value = jv_number_value(p);

	jv_free(p);
	return isnan(value) ? 1.0 : fmin(fmax(value, 0.0), 1.0);
}

void
fdr_filter(const analysis_options *options, jv *findings)
{
	int n = jv_array_length(jv_copy(*findings)), i, k = 0;
	size_t m = options->family->count + options->family->untested;
	double *p;
	jv kept = jv_array();
	pp_error error;

	for (i = 0; i < n; i++) {
		jv record = jv_array_get(jv_copy(*findings), i);

		m += tested(record);
		jv_free(record);
	}
	p = pp_xmalloc((m + 1) * sizeof(double));
	for (i = 0; i < n; i++) {
		jv record = jv_array_get(jv_copy(*findings), i);

		if (tested(record))
			p[k++] = p_of(record);
		jv_free(record);
	}
	if (options->family->count > 0)		/* p_values is NULL when none */
		memcpy(p + k, options->family->p_values,
		    options->family->count * sizeof(double));
	for (size_t j = (size_t)k + options->family->count; j < m; j++)
		p[j] = 1.0;
	if (pp_fdr_bh(p, m, p, &error) != PP_OK)
		abort();	/* every p is in [0, 1] by construction */
	k = 0;
	for (i = 0; i < n; i++) {
		jv record = jv_array_get(jv_copy(*findings), i);

		if (!tested(record)) {
			kept = jv_array_append(kept, record);
			continue;
		}
		if (p[k] <= options->fdr) {
			record = jv_object_set(record, jv_string("q_value"), jv_number(p[k]));
			record = jv_object_set(record, jv_string("tests"), jv_number((double)m));
			kept = jv_array_append(kept, record);
		} else {
			jv_free(record);
		}
		k++;
	}
	free(p);
	jv_free(*findings);
	*findings = kept;
}
