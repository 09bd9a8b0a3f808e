/*
 * pp_record_private.h - what the two point readers share: pp_record.c
 * (the general reader, through libjq) and pp_point_fast.c (the fast
 * reader).  Not for use elsewhere.
 */
#ifndef PP_RECORD_PRIVATE_H
#define PP_RECORD_PRIVATE_H

#include "pp_error.h"
#include "pp_record.h"

/* Empties point for the next line, keeping its buffers. */
void pp_point_reset(pp_point *point);
/* The rules every point obeys, whichever parser read it: PP_OK, or
 * PP_ERR_INVALID with the rule it breaks. */
pp_status pp_point_validate(const pp_point *point, int has_value, pp_error *error);
/* Frees the fast reader's recent lines of a point (NULL: none). */
void pp_point_shapes_free(struct pp_point_shapes *shapes);

#endif
