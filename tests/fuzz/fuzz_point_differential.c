/*
 * fuzz_point_differential.c - the fast point reader against libjq.
 *
 * pp_point_parse_fast may decline any line (PP_NOT_HANDLED), but a line it
 * accepts must read, through jv_parse and pp_point_from_jv, to the same
 * name, value, ts, type, unit and tags; and a line it calls certainly
 * invalid (PP_ERR_INVALID) must be refused by the general reader too.
 *
 * The input is read as lines, each by a new point and by one point that
 * reads them all, in order: that one keeps the lines it read before and
 * reads only the numbers of a line that differs from one of them in its
 * numbers alone (pp_point_fast.c).  Both must give the same status, the
 * same message and the same point.  Anything else aborts, so libFuzzer
 * keeps the input.
 */
#include "fuzz_common.h"

static void
check_general_reader(const char *line, size_t length, pp_status fast_status,
    const pp_point *fast)
{
	jv parsed = jv_parse_sized(line, (int)length);
	pp_point general;
	pp_error error;
	pp_status status;

	if (!jv_is_valid(parsed) || jv_get_kind(parsed) != JV_KIND_OBJECT)
		fuzz_fail("the fast reader took what libjq cannot parse", line, length);
	if (pp_record_kind(parsed) != PP_KIND_POINT)
		fuzz_fail("the fast reader took a record of another kind", line, length);
	pp_point_init(&general);
	status = pp_point_from_jv(parsed, &general, &error);
	if (fast_status == PP_OK && status != PP_OK)
		fuzz_fail("libjq's reader refuses a point the fast reader took", line,
		    length);
	if (fast_status == PP_ERR_INVALID && status == PP_OK)
		fuzz_fail("libjq's reader takes a point the fast reader refused", line,
		    length);
	if (status == PP_OK)
		fuzz_expect_same_point(fast, &general, line, length);
	pp_point_free(&general);
	jv_free(parsed);
}

/* The line read by a point that read the lines before it (kept) gives
 * what a new point gives (fresh, status and message). */
static void
check_kept_lines(pp_point *kept, const char *line, size_t length, pp_status fresh_status,
    const pp_point *fresh, const pp_error *fresh_error)
{
	pp_error error;
	pp_status status = pp_point_parse_fast(line, length, kept, &error);

	if (status != fresh_status)
		fuzz_fail("a point that read lines before reads this one otherwise", line,
		    length);
	if (status == PP_OK)
		fuzz_expect_same_point(kept, fresh, line, length);
	if (status == PP_ERR_INVALID && strcmp(error.message, fresh_error->message) != 0)
		fuzz_fail("a point that read lines before says otherwise", line, length);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_line(data, size);
	pp_point kept;

	pp_point_init(&kept);
	for (size_t at = 0; at <= size;) {
		char *end = memchr(text + at, '\n', size - at);
		size_t length = (end != NULL ? (size_t)(end - text) : size) - at;
		char *line = text + at;
		pp_point fresh;
		pp_error error;
		pp_status status;

		line[length] = '\0';
		pp_point_init(&fresh);
		status = pp_point_parse_fast(line, length, &fresh, &error);
		if (status == PP_OK || status == PP_ERR_INVALID)
			check_general_reader(line, length, status, &fresh);
		else if (status != PP_NOT_HANDLED)
			fuzz_fail("the fast reader returned an unexpected status", line, length);
		check_kept_lines(&kept, line, length, status, &fresh, &error);
		pp_point_free(&fresh);
		at += length + 1;
	}
	pp_point_free(&kept);
	free(text);
	return 0;
}
