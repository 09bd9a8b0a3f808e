/*
 * fuzz_record.c - pp_record_read on arbitrary bytes, as one input line.
 *
 * Beyond "no crash, no leak, no undefined behaviour", it checks what the
 * stream promises about what it reads: a point that was read writes back
 * (pp_point_write) as one line that reads again to the same point, and
 * that line is byte for byte what the generic record writer makes of
 * pp_point_to_jv; a record of another kind writes back (pp_json_write_record)
 * as one line of valid JSON of the same kind.  Text that is not JSON goes
 * only to the fast reader, which must decline it (libjq leaks on some
 * malformed input: see fuzz_json_valid in fuzz_common.h).
 */
#include "fuzz_common.h"

#include "pp_json.h"

static void
expect_one_line(const pp_buffer *out, const char *line, size_t length)
{
	const char *newline = memchr(out->data, '\n', out->length);

	if (out->length == 0 || newline != out->data + out->length - 1)
		fuzz_fail("output is not exactly one line", line, length);
}

static void
check_point_round_trip(const pp_point *point, const char *line, size_t length)
{
	pp_buffer written = PP_BUFFER_INIT, generic = PP_BUFFER_INIT;
	pp_point again;
	pp_kind kind;
	pp_error error;
	jv record;

	pp_point_write(&written, point);
	expect_one_line(&written, line, length);
	record = pp_point_to_jv(point);
	pp_json_write_record(&generic, record);
	jv_free(record);
	if (generic.length != written.length ||
	    memcmp(generic.data, written.data, written.length) != 0)
		fuzz_fail("pp_point_write and pp_json_write_record differ", line, length);
	pp_point_init(&again);
	if (pp_record_read(written.data, written.length - 1, &again, &kind, NULL,
	    &error) != PP_OK || kind != PP_KIND_POINT)
		fuzz_fail("a written point does not read back", written.data,
		    written.length);
	fuzz_expect_same_point(point, &again, line, length);
	pp_point_free(&again);
	pp_buffer_free(&written);
	pp_buffer_free(&generic);
}

static void
check_record_round_trip(jv object, pp_kind kind, const char *line, size_t length)
{
	pp_buffer written = PP_BUFFER_INIT;
	jv again;

	pp_json_write_record(&written, object);
	expect_one_line(&written, line, length);
	again = jv_parse_sized(written.data, (int)written.length - 1);
	if (!jv_is_valid(again) || jv_get_kind(again) != JV_KIND_OBJECT)
		fuzz_fail("a written record is not a JSON object", written.data,
		    written.length);
	if (pp_record_kind(again) != kind)
		fuzz_fail("a written record changed kind", line, length);
	jv_free(again);
	pp_buffer_free(&written);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_line(data, size);
	pp_point point;
	pp_kind kind;
	pp_error error = {NULL, 0, {0}};
	jv object = jv_invalid();
	pp_status status;


	pp_point_init(&point);
	if (!fuzz_json_valid(line, size)) {
		/* Not JSON: only the fast reader may look at it (see
		 * fuzz_json_valid), and it must not take it. */
		if (pp_point_parse_fast(line, size, &point, &error) == PP_OK)
			fuzz_fail("the fast reader took a line that is not JSON", line, size);
		pp_point_free(&point);
		free(line);
		return 0;
	}
	status = pp_record_read(line, size, &point, &kind, &object, &error);
	if (status == PP_ERR_PARSE && strncmp(error.message, "malformed JSON", 14) == 0)
		fuzz_fail("libjq refuses what fuzz_json_valid takes for JSON", line, size);
	if (status == PP_OK && kind == PP_KIND_POINT)
		check_point_round_trip(&point, line, size);
	else if (status == PP_OK)
		check_record_round_trip(object, kind, line, size);
	else if (error.message[0] == '\0')
		fuzz_fail("an error without a message", line, size);
	jv_free(object);
	pp_point_free(&point);
	free(line);
	return 0;
}
