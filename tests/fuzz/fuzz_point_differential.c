/*
 * fuzz_point_differential.c - the fast point reader against libjq.
 *
 * pp_point_parse_fast may decline any line (PP_NOT_HANDLED), but a line it
 * accepts must read, through jv_parse and pp_point_from_jv, to the same
 * name, value, ts, type, unit and tags; and a line it calls certainly
 * invalid (PP_ERR_INVALID) must be refused by the general reader too.
 * Anything else aborts, so libFuzzer keeps the input.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_line(data, size);
	pp_point fast;
	pp_error error;
	pp_status status;

	pp_point_init(&fast);
	status = pp_point_parse_fast(line, size, &fast, &error);
	if (status == PP_OK || status == PP_ERR_INVALID)
		check_general_reader(line, size, status, &fast);
	else if (status != PP_NOT_HANDLED)
		fuzz_fail("the fast reader returned an unexpected status", line, size);
	pp_point_free(&fast);
	free(line);
	return 0;
}
