/*
 * pp_sketch.h - a DDSketch-style quantile sketch with a relative-error
 * guarantee, in memory that does not grow with the number of values.
 *
 * A positive value x goes to bucket i = ceil(log_gamma(x)), which holds
 * (gamma^(i-1), gamma^i], with gamma = (1 + a) / (1 - a); the bucket's
 * estimate 2 gamma^i / (gamma + 1) is within a relative error a of every
 * value in it.  Negative values go to a mirrored store by |x|, zeros to a
 * counter.  Since buckets keep the order of values, the bucket where the
 * running count reaches rank r holds the exact r-th smallest value, so
 * every nearest-rank percentile is within a * |exact| of the exact one.
 * Each store is a dense array of counts, at most max_buckets long: beyond
 * that the lowest buckets (the values nearest zero) are collapsed into one,
 * which keeps memory bounded and loses the guarantee only for those.
 * Sketches of the same accuracy merge by adding counts, losslessly, and
 * serialise to JSON so aggregates from many runs can be merged later.
 */
#ifndef PP_SKETCH_H
#define PP_SKETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jv.h>

#include "pp_buffer.h"
#include "pp_error.h"
#include "pp_json.h"

typedef struct pp_sketch_store {
	int32_t offset;		/* bucket index of counts[0] */
	uint64_t *counts;
	size_t length;		/* used counts */
	size_t capacity;
	uint64_t total;
} pp_sketch_store;

typedef struct pp_sketch {
	double accuracy;
	double gamma;
	double log_gamma;
	size_t max_buckets;
	uint64_t zero_count;
	uint64_t count;
	bool collapsed;		/* some lowest buckets were merged */
	pp_sketch_store positive, negative;
} pp_sketch;

/* A new empty sketch; accuracy in (0, 1), max_buckets >= 16. */
pp_sketch *pp_sketch_new(double accuracy, size_t max_buckets);
void pp_sketch_free(pp_sketch *sketch);

/* Adds a finite value (NaN and infinities are ignored). */
void pp_sketch_add(pp_sketch *sketch, double value);
/* Adds every count of from into into.  Returns PP_ERR_INVALID when their
 * accuracies differ (then into is unchanged). */
pp_status pp_sketch_merge(pp_sketch *into, const pp_sketch *from, pp_error *error);
/* The estimate of the rank-th smallest value (1-based, 1 <= rank <= count). */
double pp_sketch_value_at_rank(const pp_sketch *sketch, uint64_t rank);

/* {"accuracy":A,"max_buckets":N,"zero":Z,"positive":{"offset":I,
 * "counts":[...]},"negative":{...}} */
jv pp_sketch_to_jv(const pp_sketch *sketch);
/* Appends the very text pp_json_write_value writes of pp_sketch_to_jv,
 * without building the jv: a sketch holds up to max_buckets counts a
 * store, which cost several times more as jv than as text. */
void pp_sketch_write_json(pp_buffer *out, const pp_sketch *sketch);
/* The "sketch" member of an aggregate record, written by
 * pp_sketch_write_json, for pp_json_write_record_with. */
pp_json_member pp_sketch_member(const pp_sketch *sketch);
/* Merges the sketch of an aggregate record (its "sketch" member) into
 * *merged, which starts NULL.  Returns false, with *merged freed and NULL,
 * when the record has none or it does not merge (another accuracy): the
 * merge of a series' windows is only right when every window has one.
 * Borrows aggregate. */
bool pp_sketch_accumulate(pp_sketch **merged, jv aggregate);

/* Reads what pp_sketch_to_jv wrote; NULL with error filled when the object
 * is not a valid sketch.  Borrows object. */
pp_sketch *pp_sketch_from_jv(jv object, pp_error *error);

/* The sketch exactly as it was: pp_sketch_to_jv plus "collapsed".  A
 * saved state (perf-aggregate --state) goes on from here as if it had
 * never left memory. */
jv pp_sketch_save(const pp_sketch *sketch);
/* Reads what pp_sketch_save wrote back into the very same layout (each
 * store's offset and its zero buckets too, so later additions collapse
 * and print as they would have); NULL with error filled when the object
 * is not such a sketch.  Borrows object. */
pp_sketch *pp_sketch_restore(jv object, pp_error *error);

#endif
