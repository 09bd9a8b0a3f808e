/*
 * correlation.c - the "correlation" findings: pairs of series that move
 * together.  Two series are aligned on their observations' times (window
 * starts); on the common times, Pearson's r and Spearman's rho are
 * computed with their p-values, and a pair is reported when
 * |rho| >= --min-correlation and rho's p-value is below 0.01, strongest
 * first (ties in the order of the series), and survives the false
 * discovery rate control over every test (fdr.c: each pair is one; its
 * effect size is rho).  Every pair is looked at: time
 * grows with the square of the number of series.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"
#include "finding.h"
#include "pp_buffer.h"
#include "pp_parametric.h"
#include "pp_rank_tests.h"

enum { MIN_COMMON = 3 };
static const double max_p_value = 0.01;

typedef struct pair {
	const series *a, *b;
	size_t n;
	pp_test_result pearson;
	pp_rank_result spearman;
	size_t order;
} pair;

/* The values of a and b at the times both have (both sorted by time;
 * a repeated time is matched once). */
static size_t
align(const series *a, const series *b, double *x, double *y)
{
	size_t i = 0, j = 0, n = 0;

	while (i < a->count && j < b->count) {
		double ta = a->items[i].time, tb = b->items[j].time;

		if (ta < tb) {
			i++;
		} else if (tb < ta) {
			j++;
		} else {
			x[n] = a->items[i].value;
			y[n++] = b->items[j].value;
			while (i < a->count && a->items[i].time == ta)
				i++;
			while (j < b->count && b->items[j].time == tb)
				j++;
		}
	}
	return n;
}

static bool
correlate(const analysis_options *options, pair *p)
{
	size_t most = p->a->count < p->b->count ? p->a->count : p->b->count;
	double *x = pp_xmalloc(sizeof(double) * (most + 1));
	double *y = pp_xmalloc(sizeof(double) * (most + 1));
	bool found = false;

	p->n = align(p->a, p->b, x, y);
	if (p->n >= MIN_COMMON &&
	    pp_spearman(x, y, p->n, &p->spearman, NULL) == PP_OK &&
	    pp_pearson(x, y, p->n, &p->pearson, NULL) == PP_OK) {
		found = fabs(p->spearman.statistic) >= options->min_correlation &&
		    p->spearman.p_value < max_p_value;
		if (!found)	/* a test all the same (fdr.c) */
			test_family_add(options->family, p->spearman.p_value);
	}
	free(x);
	free(y);
	return found;
}

static int
stronger_first(const void *left, const void *right)
{
	const pair *a = left, *b = right;
	double x = fabs(a->spearman.statistic), y = fabs(b->spearman.statistic);

	if (x != y)
		return x > y ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

static jv
correlation_finding(const pair *p)
{
	char message[1024], first[512], second[512];
	jv record, other = jv_object();

	snprintf(message, sizeof(message), "%s %s %s (Spearman rho %.3g, p = %.2g; "
	    "Pearson r %.3g; %zu common times).", finding_subject(p->a, first,
	    sizeof(first)), p->spearman.statistic > 0 ? "rises with" : "falls as",
	    finding_subject(p->b, second, sizeof(second)),
	    p->spearman.statistic, p->spearman.p_value, p->pearson.statistic, p->n);
	record = finding_for_series("correlation", p->a, "info", message);
	other = jv_object_set(other, jv_string("name"), jv_string(p->b->name));
	other = jv_object_set(other, jv_string("tags"), jv_copy(p->b->tags));
	other = jv_object_set(other, jv_string("stat"), jv_string(p->b->stat));
	record = jv_object_set(record, jv_string("other"), other);
	record = jv_object_set(record, jv_string("n"), jv_number((double)p->n));
	record = jv_object_set(record, jv_string("spearman"),
	    jv_number(p->spearman.statistic));
	record = jv_object_set(record, jv_string("spearman_p_value"),
	    jv_number(p->spearman.p_value));
	record = jv_object_set(record, jv_string("pearson"),
	    jv_number(p->pearson.statistic));
	record = jv_object_set(record, jv_string("effect_size"),
	    jv_number(p->spearman.statistic));
	record = jv_object_set(record, jv_string("p_value"),
	    jv_number(p->spearman.p_value));
	return jv_object_set(record, jv_string("pearson_p_value"),
	    jv_number(p->pearson.p_value));
}

void
correlation_findings(const analysis_options *options, const series_set *set,
    jv *findings)
{
	pair *found = NULL;
	size_t count = 0, capacity = 0, i, j;

	for (i = 0; i < set->count; i++)
		for (j = i + 1; j < set->count; j++) {
			pair p = {set->items[i], set->items[j], 0, {0, 0, 0},
			    {0, 0, false}, 0};

			if (!correlate(options, &p))
				continue;
			if (count == capacity) {
				capacity = capacity ? 2 * capacity : 16;
				found = pp_xrealloc(found, capacity * sizeof(*found));
			}
			p.order = count;
			found[count++] = p;
		}
	if (count > 0)
		qsort(found, count, sizeof(*found), stronger_first);
	for (i = 0; i < count; i++)
		*findings = jv_array_append(*findings, correlation_finding(&found[i]));
	free(found);
}
