/*
 * jq_map.h - `--map JQ`: a jq program that turns each input object (a
 * JSON line, a CSV row) into zero or more points.
 *
 * The program is compiled once with libjq and run per input; every result
 * must be a valid point (the library's rules), which is written with the
 * --tag pairs added.  A result that is not a point, or a jq runtime error,
 * rejects the input line with jq's message; the results before it stay
 * written.
 */
#ifndef JQ_MAP_H
#define JQ_MAP_H

#include <jv.h>

#include "collect.h"

typedef struct jq_map jq_map;

/* Compiles program; on a compile error prints it as a usage error and
 * returns NULL. */
jq_map *jq_map_create(collect *c, const char *program);

/* Runs the program on input (consumed) and writes its points.  Returns
 * PP_OK, or an error status with error->message set (source and line are
 * left to the caller). */
pp_status jq_map_run(jq_map *map, jv input, pp_error *error);

void jq_map_free(jq_map *map);

/* Writes one point object (consumed): validated, ts as epoch seconds,
 * --tag pairs added, other fields kept. */
pp_status collect_emit_object(collect *c, jv object, pp_error *error);

#endif
