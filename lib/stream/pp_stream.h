/*
 * lib/stream/ - the record model of the stream and its NDJSON codec.
 *
 * Everything a program needs to read and write the lines that pass
 * between perfpipe's filters: the records themselves (pp_record: points
 * with a C struct and a fast reader, other kinds as jv objects), the
 * reader of files and standard input, gzip too (pp_reader), JSON numbers
 * and strings as perfpipe writes them (pp_json), tag sets in canonical
 * order (pp_tags), times in RFC 3339 and epoch seconds (pp_time),
 * durations such as "5m" (pp_duration), the growable buffer and the
 * allocation policy (pp_buffer), and the status codes and error struct
 * every module of lib/ returns (pp_error).  Nothing here computes a
 * statistic or knows a window: that is stats/ and series/.
 *
 * This header includes them all, for a reader who wants the folder in one
 * line; modules include only the headers they use.
 */
#ifndef PP_STREAM_H
#define PP_STREAM_H

#include "pp_buffer.h"
#include "pp_duration.h"
#include "pp_error.h"
#include "pp_json.h"
#include "pp_reader.h"
#include "pp_record.h"
#include "pp_tags.h"
#include "pp_time.h"

#endif
