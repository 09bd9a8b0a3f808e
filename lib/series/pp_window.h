/*
 * pp_window.h - which windows a point falls in, and when a window may be
 * closed.
 *
 * Windows are half-open intervals [start, end) of event time (the points'
 * ts).  Tumbling windows are aligned to epoch multiples of their size, so
 * every program and every host cuts time at the same instants; sliding
 * (hopping) windows of SIZE start at every multiple of STEP, so a point is
 * in ceil(SIZE/STEP) of them; session windows belong to one series and end
 * GAP after its last point (the caller keeps them: pp_session_*).  The
 * watermark is the largest ts seen minus the allowed lateness: a window
 * whose end is at or below it is complete and can be emitted, and a point
 * for such a window is late.
 */
#ifndef PP_WINDOW_H
#define PP_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "pp_error.h"

typedef enum pp_window_type {
	PP_WINDOW_ALL,		/* the whole input */
	PP_WINDOW_TUMBLING,
	PP_WINDOW_SLIDING,
	PP_WINDOW_SESSION
} pp_window_type;

typedef struct pp_window_spec {
	pp_window_type type;
	double size;		/* tumbling, sliding */
	double step;		/* sliding */
	double gap;		/* session */
} pp_window_spec;

/* The most sliding windows one point may fall in (SIZE/STEP). */
#define PP_WINDOW_MAX_OVERLAP 1024

/* Writes the starts of the tumbling or sliding windows holding ts, in
 * ascending order, into starts[0..PP_WINDOW_MAX_OVERLAP); returns how many. */
size_t pp_window_assign(const pp_window_spec *spec, double ts, double *starts);
/* The tumbling window's start: the largest multiple of size <= ts. */
double pp_window_align(double ts, double size);
/* The end of the tumbling or sliding window that starts at start. */
double pp_window_end(const pp_window_spec *spec, double start);

/* The window as a JSON object: {"type":"tumbling","size":60},
 * {"type":"sliding","size":60,"step":10}, {"type":"session","gap":300},
 * {"type":"all"}. */
jv pp_window_to_jv(const pp_window_spec *spec);
/* Reads what pp_window_to_jv wrote.  Borrows object. */
pp_status pp_window_from_jv(jv object, pp_window_spec *spec, pp_error *error);

/* A session window of one series: [start, last + gap). */
typedef struct pp_session {
	double start, last;
} pp_session;

/* Whether a point at ts continues the session (less than gap after its
 * last point, or less than gap before its first); pp_session_extend then takes it in. */
bool pp_session_continues(const pp_session *session, double gap, double ts);
void pp_session_extend(pp_session *session, double ts);
double pp_session_end(const pp_session *session, double gap);

typedef struct pp_watermark {
	double lateness;
	double max_ts;
	bool seen;
} pp_watermark;

void pp_watermark_init(pp_watermark *watermark, double lateness);
void pp_watermark_observe(pp_watermark *watermark, double ts);
/* max ts - lateness; -infinity before any point. */
double pp_watermark_value(const pp_watermark *watermark);

#endif
