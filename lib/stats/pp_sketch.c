/*
 * pp_sketch.c - the relative-error quantile sketch.  See pp_sketch.h.
 */
#include "pp_sketch.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_json.h"

pp_sketch *
pp_sketch_new(double accuracy, size_t max_buckets)
{
	pp_sketch *sketch = pp_xcalloc(1, sizeof(*sketch));

	sketch->accuracy = accuracy;
	sketch->gamma = (1 + accuracy) / (1 - accuracy);
	sketch->log_gamma = log(sketch->gamma);
	sketch->max_buckets = max_buckets < 16 ? 16 : max_buckets;
	return sketch;
}

void
pp_sketch_free(pp_sketch *sketch)
{
	if (sketch == NULL)
		return;
	free(sketch->positive.counts);
	free(sketch->negative.counts);
	free(sketch);
}

static int32_t
bucket_index(const pp_sketch *sketch, double magnitude)
{
	return (int32_t)ceil(log(magnitude) / sketch->log_gamma);
}

static double
bucket_value(const pp_sketch *sketch, int32_t index)
{
	return 2 * exp((double)index * sketch->log_gamma) / (sketch->gamma + 1);
}

static void
reserve(pp_sketch_store *store, size_t length)
{
	if (length <= store->capacity)
		return;
	store->capacity = length < 2 * store->capacity ? 2 * store->capacity : length;
	store->counts = pp_xrealloc(store->counts, store->capacity * sizeof(uint64_t));
}

/* Makes room for index in the store, collapsing the lowest buckets when
 * the range would pass max_buckets; returns the slot that index maps to. */
static size_t
store_slot(pp_sketch *sketch, pp_sketch_store *store, int32_t index)
{
	size_t max = sketch->max_buckets;

	if (store->length == 0) {
		reserve(store, 1);
		store->offset = index;
		store->counts[0] = 0;
		store->length = 1;
		return 0;
	}
	if (index < store->offset) {
		/* Grow downwards, or fold into the lowest bucket when full. */
		size_t shift = (size_t)((int64_t)store->offset - index);

		if (store->length + shift > max) {
			sketch->collapsed = true;
			shift = max - store->length;
			if (shift == 0)
				return 0;
		}
		reserve(store, store->length + shift);
		memmove(store->counts + shift, store->counts, store->length * sizeof(uint64_t));
		memset(store->counts, 0, shift * sizeof(uint64_t));
		store->offset -= (int32_t)shift;
		store->length += shift;
		return index < store->offset ? 0 : (size_t)(index - store->offset);
	}
	if ((size_t)((int64_t)index - store->offset) >= store->length) {
		size_t needed = (size_t)((int64_t)index - store->offset) + 1;

		if (needed > max) {
			/* Collapse the lowest buckets so that index fits. */
			size_t drop = needed - max, i;

			sketch->collapsed = true;
			if (drop >= store->length) {
				uint64_t all = store->total;

				store->length = 1;
				store->counts[0] = all;
				store->offset = index - (int32_t)(max - 1);
				needed = max;
				drop = 0;
			} else {
				for (i = 1; i <= drop; i++)
					store->counts[drop] += store->counts[i - 1];
				memmove(store->counts, store->counts + drop,
				    (store->length - drop) * sizeof(uint64_t));
				store->length -= drop;
				store->offset += (int32_t)drop;
				needed -= drop;
			}
		}
		reserve(store, needed);
		memset(store->counts + store->length, 0,
		    (needed - store->length) * sizeof(uint64_t));
		store->length = needed;
	}
	return (size_t)((int64_t)index - store->offset);
}

static void
store_add(pp_sketch *sketch, pp_sketch_store *store, int32_t index, uint64_t count)
{
	size_t slot = store_slot(sketch, store, index);

	store->counts[slot] += count;
	store->total += count;
}

void
pp_sketch_add(pp_sketch *sketch, double value)
{
	if (!isfinite(value))
		return;
	if (value > 0)
		store_add(sketch, &sketch->positive, bucket_index(sketch, value), 1);
	else if (value < 0)
		store_add(sketch, &sketch->negative, bucket_index(sketch, -value), 1);
	else
		sketch->zero_count++;
	sketch->count++;
}

static void
store_merge(pp_sketch *sketch, pp_sketch_store *into, const pp_sketch_store *from)
{
	size_t i;

	/* Highest first, so that collapsing (which keeps the highest) sees
	 * the whole range before the low buckets arrive. */
	for (i = from->length; i-- > 0;)
		if (from->counts[i] != 0)
			store_add(sketch, into, from->offset + (int32_t)i, from->counts[i]);
}

pp_status
pp_sketch_merge(pp_sketch *into, const pp_sketch *from, pp_error *error)
{
	if (into->accuracy != from->accuracy)
		return pp_error_set(error, PP_ERR_INVALID,
		    "sketches of different accuracy (%g and %g) cannot be merged",
		    into->accuracy, from->accuracy);
	store_merge(into, &into->positive, &from->positive);
	store_merge(into, &into->negative, &from->negative);
	into->zero_count += from->zero_count;
	into->count += from->count;
	into->collapsed = into->collapsed || from->collapsed;
	return PP_OK;
}

double
pp_sketch_value_at_rank(const pp_sketch *sketch, uint64_t rank)
{
	const pp_sketch_store *negative = &sketch->negative, *positive = &sketch->positive;
	uint64_t seen = 0;
	size_t i;

	/* Ascending order: most negative (highest |x| index) first. */
	for (i = negative->length; i-- > 0;) {
		seen += negative->counts[i];
		if (seen >= rank)
			return -bucket_value(sketch, negative->offset + (int32_t)i);
	}
	seen += sketch->zero_count;
	if (seen >= rank)
		return 0;
	for (i = 0; i < positive->length; i++) {
		seen += positive->counts[i];
		if (seen >= rank)
			return bucket_value(sketch, positive->offset + (int32_t)i);
	}
	return positive->length > 0 ?
	    bucket_value(sketch, positive->offset + (int32_t)positive->length - 1) : 0;
}

static jv
store_to_jv(const pp_sketch_store *store)
{
	jv counts = jv_array_sized((int)store->length);
	jv object = jv_object();
	size_t i;

	for (i = 0; i < store->length; i++)
		counts = jv_array_append(counts, jv_number((double)store->counts[i]));
	object = jv_object_set(object, jv_string("offset"),
	    jv_number(store->length > 0 ? store->offset : 0));
	return jv_object_set(object, jv_string("counts"), counts);
}

jv
pp_sketch_to_jv(const pp_sketch *sketch)
{
	jv object = jv_object();

	object = jv_object_set(object, jv_string("accuracy"), jv_number(sketch->accuracy));
	object = jv_object_set(object, jv_string("max_buckets"),
	    jv_number((double)sketch->max_buckets));
	object = jv_object_set(object, jv_string("zero"), jv_number((double)sketch->zero_count));
	object = jv_object_set(object, jv_string("positive"), store_to_jv(&sketch->positive));
	return jv_object_set(object, jv_string("negative"), store_to_jv(&sketch->negative));
}

static void
store_write_json(pp_buffer *out, const pp_sketch_store *store)
{
	size_t i;

	pp_buffer_append_string(out, "{\"offset\":");
	pp_json_write_number(out, store->length > 0 ? store->offset : 0);
	pp_buffer_append_string(out, ",\"counts\":[");
	for (i = 0; i < store->length; i++) {
		if (i > 0)
			pp_buffer_append_char(out, ',');
		pp_json_write_number(out, (double)store->counts[i]);
	}
	pp_buffer_append(out, "]}", 2);
}

void
pp_sketch_write_json(pp_buffer *out, const pp_sketch *sketch)
{
	pp_buffer_append_string(out, "{\"accuracy\":");
	pp_json_write_number(out, sketch->accuracy);
	pp_buffer_append_string(out, ",\"max_buckets\":");
	pp_json_write_number(out, (double)sketch->max_buckets);
	pp_buffer_append_string(out, ",\"zero\":");
	pp_json_write_number(out, (double)sketch->zero_count);
	pp_buffer_append_string(out, ",\"positive\":");
	store_write_json(out, &sketch->positive);
	pp_buffer_append_string(out, ",\"negative\":");
	store_write_json(out, &sketch->negative);
	pp_buffer_append_char(out, '}');
}

static void
write_sketch_member(pp_buffer *out, const void *sketch)
{
	pp_sketch_write_json(out, sketch);
}

pp_json_member
pp_sketch_member(const pp_sketch *sketch)
{
	return (pp_json_member){"sketch", write_sketch_member, sketch};
}

static bool
whole_number(jv value, double maximum, double *number)
{
	if (jv_get_kind(value) != JV_KIND_NUMBER)
		return false;
	*number = jv_number_value(value);
	return *number == floor(*number) && fabs(*number) <= maximum;
}

/* A store's "offset" and "counts": false unless offset is a whole number
 * and counts an array.  *counts is the caller's to free either way. */
static bool
store_fields(jv object, double *offset, jv *counts)
{
	jv first;
	bool ok;

	/* libjq asserts on jv_object_get of anything but an object */
	if (jv_get_kind(object) != JV_KIND_OBJECT) {
		*counts = jv_invalid();
		return false;
	}
	first = jv_object_get(jv_copy(object), jv_string("offset"));
	*counts = jv_object_get(jv_copy(object), jv_string("counts"));
	ok = whole_number(first, 1e9, offset) && jv_get_kind(*counts) == JV_KIND_ARRAY;
	jv_free(first);
	return ok;
}

static bool
store_from_jv(pp_sketch *sketch, pp_sketch_store *store, jv object)
{
	jv counts;
	double first, count;
	bool ok = store_fields(object, &first, &counts);
	int i, length = ok ? jv_array_length(jv_copy(counts)) : 0;

	for (i = length; ok && i-- > 0;) {
		jv item = jv_array_get(jv_copy(counts), i);

		ok = whole_number(item, 9007199254740992.0, &count) && count >= 0;
		if (ok && count > 0)
			store_add(sketch, store, (int32_t)first + i, (uint64_t)count);
		jv_free(item);
	}
	jv_free(counts);
	return ok;
}

/* The empty sketch that object's "accuracy" and "max_buckets" describe,
 * holding its "zero" count; NULL when one of them is not valid. */
static pp_sketch *
sketch_from_header(jv object)
{
	jv accuracy = jv_object_get(jv_copy(object), jv_string("accuracy"));
	jv max_buckets = jv_object_get(jv_copy(object), jv_string("max_buckets"));
	jv zero = jv_object_get(jv_copy(object), jv_string("zero"));
	double a = 0, m = 0, z = 0;
	pp_sketch *sketch = NULL;

	if (jv_get_kind(accuracy) == JV_KIND_NUMBER &&
	    (a = jv_number_value(accuracy)) > 0 && a < 1 &&
	    whole_number(max_buckets, 1e7, &m) && m >= 16 &&
	    whole_number(zero, 9007199254740992.0, &z) && z >= 0) {
		sketch = pp_sketch_new(a, (size_t)m);
		sketch->zero_count = (uint64_t)z;
	}
	jv_free(accuracy);
	jv_free(max_buckets);
	jv_free(zero);
	return sketch;
}

/* Reads object's stores into sketch with read_store and counts them; false
 * when one is not valid. */
static bool
read_stores(pp_sketch *sketch, jv object,
    bool (*read_store)(pp_sketch *, pp_sketch_store *, jv))
{
	jv positive = jv_object_get(jv_copy(object), jv_string("positive"));
	jv negative = jv_object_get(jv_copy(object), jv_string("negative"));
	bool ok = read_store(sketch, &sketch->positive, positive) &&
	    read_store(sketch, &sketch->negative, negative);

	sketch->count = sketch->zero_count + sketch->positive.total + sketch->negative.total;
	jv_free(positive);
	jv_free(negative);
	return ok;
}

bool
pp_sketch_accumulate(pp_sketch **merged, jv aggregate)
{
	jv object = jv_object_get(jv_copy(aggregate), jv_string("sketch"));
	pp_sketch *sketch = NULL;
	pp_error error;
	bool merges;

	if (jv_get_kind(object) == JV_KIND_OBJECT)
		sketch = pp_sketch_from_jv(object, &error);
	jv_free(object);
	if (sketch != NULL && *merged == NULL) {
		*merged = sketch;
		return true;
	}
	merges = sketch != NULL && pp_sketch_merge(*merged, sketch, &error) == PP_OK;
	pp_sketch_free(sketch);
	if (!merges) {
		pp_sketch_free(*merged);
		*merged = NULL;
	}
	return merges;
}

jv
pp_sketch_save(const pp_sketch *sketch)
{
	return jv_object_set(pp_sketch_to_jv(sketch), jv_string("collapsed"),
	    jv_bool(sketch->collapsed));
}

/* One store, its slots as they were (zeros included). */
static bool
store_restore(pp_sketch *sketch, pp_sketch_store *store, jv object)
{
	jv counts;
	double first = 0, count;
	bool ok = store_fields(object, &first, &counts);
	int length = ok ? jv_array_length(jv_copy(counts)) : 0;

	ok = ok && (size_t)length <= sketch->max_buckets;
	if (ok && length > 0) {
		reserve(store, (size_t)length);
		store->offset = (int32_t)first;
		store->length = (size_t)length;
	}
	for (int i = 0; ok && i < length; i++) {
		jv item = jv_array_get(jv_copy(counts), i);

		ok = whole_number(item, 9007199254740992.0, &count) && count >= 0 &&
		    store->total + (uint64_t)count >= store->total;
		if (ok) {
			store->counts[i] = (uint64_t)count;
			store->total += (uint64_t)count;
		}
		jv_free(item);
	}
	jv_free(counts);
	return ok;
}

/* The sketch in object: as pp_sketch_to_jv wrote it, or (saved) as
 * pp_sketch_save did, with "collapsed" and each store's slots as they
 * were; NULL with error filled when it is not one. */
static pp_sketch *
read_sketch(jv object, bool saved, pp_error *error)
{
	pp_sketch *sketch;
	jv collapsed;
	bool ok;

	if (jv_get_kind(object) != JV_KIND_OBJECT) {
		pp_error_set(error, PP_ERR_INVALID, "\"sketch\" is not an object");
		return NULL;
	}
	collapsed = saved ? jv_object_get(jv_copy(object), jv_string("collapsed")) : jv_false();
	ok = jv_get_kind(collapsed) == JV_KIND_TRUE || jv_get_kind(collapsed) == JV_KIND_FALSE;
	sketch = ok ? sketch_from_header(object) : NULL;
	if (sketch != NULL) {
		sketch->collapsed = jv_get_kind(collapsed) == JV_KIND_TRUE;
		ok = read_stores(sketch, object, saved ? store_restore : store_from_jv) &&
		    (!saved || sketch->count >= sketch->zero_count);
	}
	jv_free(collapsed);
	if (sketch == NULL || !ok) {
		pp_sketch_free(sketch);
		pp_error_set(error, PP_ERR_INVALID, saved ?
		    "\"sketch\" is not a valid saved sketch" : "\"sketch\" is not a valid sketch");
		return NULL;
	}
	return sketch;
}

pp_sketch *
pp_sketch_from_jv(jv object, pp_error *error)
{
	return read_sketch(object, false, error);
}

pp_sketch *
pp_sketch_restore(jv object, pp_error *error)
{
	return read_sketch(object, true, error);
}
