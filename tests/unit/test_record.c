/* Unit tests for pp_record: reading points through both readers, their
 * validation messages, and telling kinds apart. */
#include <criterion/criterion.h>

#include <string.h>

#include "pp_record.h"

static pp_status
read_line(const char *line, pp_point *point, pp_kind *kind, pp_error *error)
{
	return pp_record_read(line, strlen(line), point, kind, NULL, error);
}

Test(record, fast_reader_reads_a_well_formed_point)
{
	pp_point point;
	pp_error error;
	const char *line = "{\"name\":\"request.duration\",\"value\":12.5,"
	    "\"ts\":1764060000.125,\"type\":\"timer\",\"unit\":\"ms\","
	    "\"tags\":{\"pool\":\"default\",\"method\":\"GET\"}}";

	pp_point_init(&point);
	cr_assert_eq(pp_point_parse_fast(line, strlen(line), &point, &error), PP_OK);
	cr_assert_str_eq(point.name, "request.duration");
	cr_assert_eq(point.value, 12.5);
	cr_assert_eq(point.ts, 1764060000.125);
	cr_assert_eq(point.type, PP_TYPE_TIMER);
	cr_assert_str_eq(point.unit, "ms");
	cr_assert_eq(point.tags.count, 2);
	cr_assert_str_eq(point.tags.items[0].key, "method");
	pp_point_free(&point);
}

Test(record, fast_reader_declines_what_it_does_not_cover)
{
	const char *declined[] = {
		"{\"name\":\"a\\u0041\",\"value\":1}",
		"{\"name\":\"caf\xc3\xa9\",\"value\":1}",
		"{\"name\":\"a\",\"value\":1,\"extra\":[1]}",
		"{\"name\":\"a\",\"value\":1,\"value\":2}",
		"{\"name\":\"a\",\"value\":1e400}",
		"{\"name\":\"a\",\"value\":1,\"ts\":\"2025-11-25T08:00:00Z\"}",
		"{\"name\":\"a\",\"value\":1,\"tags\":{\"k\":\"1\",\"k\":\"2\"}}",
		"{\"kind\":\"aggregate\",\"name\":\"a\"}",
		"{\"name\":\"a\",\"value\":01}",
		"{\"name\":\"a\",\"value\":1}x",
	};
	size_t i;

	for (i = 0; i < sizeof(declined) / sizeof(declined[0]); i++) {
		pp_point point;

		pp_point_init(&point);
		cr_assert_eq(pp_point_parse_fast(declined[i], strlen(declined[i]), &point, NULL),
		    PP_NOT_HANDLED, "took %s", declined[i]);
		pp_point_free(&point);
	}
}

Test(record, both_readers_agree_on_a_point)
{
	const char *line = "{\"name\":\"x\",\"value\":-0.001,\"ts\":1e9,\"tags\":{\"a\":\"b\"}}";
	pp_point fast, slow;
	jv object = jv_parse(line);

	pp_point_init(&fast);
	pp_point_init(&slow);
	cr_assert_eq(pp_point_parse_fast(line, strlen(line), &fast, NULL), PP_OK);
	cr_assert_eq(pp_point_from_jv(object, &slow, NULL), PP_OK);
	cr_assert_str_eq(fast.name, slow.name);
	cr_assert_eq(fast.value, slow.value);
	cr_assert_eq(fast.ts, slow.ts);
	cr_assert_eq(pp_tags_compare(&fast.tags, &slow.tags), 0);
	jv_free(object);
	pp_point_free(&fast);
	pp_point_free(&slow);
}

Test(record, general_reader_takes_rfc3339_and_escapes)
{
	pp_point point;
	pp_kind kind;
	pp_error error;

	pp_point_init(&point);
	cr_assert_eq(read_line("{\"name\":\"caf\\u00e9\",\"value\":2,"
	    "\"ts\":\"2025-11-25T08:00:00Z\"}", &point, &kind, &error), PP_OK);
	cr_assert_eq(kind, PP_KIND_POINT);
	cr_assert_str_eq(point.name, "caf\xc3\xa9");
	cr_assert_eq(point.ts, 1764057600);
	pp_point_free(&point);
}

Test(record, bad_points_are_named_precisely)
{
	struct {
		const char *line, *message;
	} cases[] = {
		{"{\"value\":1}", "\"name\" is missing"},
		{"{\"name\":\"\",\"value\":1}", "\"name\" is empty"},
		{"{\"name\":\"a\"}", "\"value\" is missing"},
		{"{\"name\":\"a\",\"value\":\"fast\"}", "\"value\" is not a number"},
		{"{\"name\":\"a\",\"value\":1e400}", "\"value\" is out of range"},
		{"{\"name\":7,\"value\":1}", "\"name\" is not a string"},
		{"{\"name\":\"a\",\"value\":1,\"ts\":true}",
		    "\"ts\" is not a number or an RFC 3339 time"},
		{"{\"name\":\"a\",\"value\":1,\"tags\":{\"k\":1}}", "tag \"k\" is not a string"},
		{"{\"name\":\"a\",\"value\":1,\"type\":\"meter\"}",
		    "\"type\" \"meter\" is unknown (gauge, counter, cumulative, timer, histogram or summary)"},
		{"[1,2]", "not a JSON object"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pp_point point;
		pp_kind kind;
		pp_error error;

		pp_point_init(&point);
		cr_assert_neq(read_line(cases[i].line, &point, &kind, &error), PP_OK,
		    "%s", cases[i].line);
		cr_assert_str_eq(error.message, cases[i].message, "%s", cases[i].line);
		pp_point_free(&point);
	}
}

Test(record, malformed_json_is_a_parse_error_without_the_line_repeated)
{
	pp_point point;
	pp_kind kind;
	pp_error error;

	pp_point_init(&point);
	cr_assert_eq(read_line("{\"name\":\"a\",\"value\":1", &point, &kind, &error),
	    PP_ERR_PARSE);
	cr_assert_eq(strncmp(error.message, "malformed JSON: ", 16), 0, "%s", error.message);
	cr_assert_null(strstr(error.message, "while parsing"));
	pp_point_free(&point);
}

Test(record, other_kinds_are_returned_as_objects)
{
	pp_point point;
	pp_kind kind;
	jv object = jv_null();
	const char *line = "{\"kind\":\"finding\",\"type\":\"trend\"}";

	pp_point_init(&point);
	cr_assert_eq(pp_record_read(line, strlen(line), &point, &kind, &object, NULL), PP_OK);
	cr_assert_eq(kind, PP_KIND_FINDING);
	cr_assert_eq(jv_get_kind(object), JV_KIND_OBJECT);
	jv_free(object);
	pp_point_free(&point);
}

Test(record, writes_a_point_in_canonical_form)
{
	pp_point point;
	pp_buffer out = PP_BUFFER_INIT;
	const char *line = "{\"tags\":{\"z\":\"1\",\"a\":\"2\"},\"unit\":\"ms\",\"type\":\"timer\","
	    "\"ts\":1764060000.5,\"value\":0.1,\"name\":\"x\"}";

	pp_point_init(&point);
	cr_assert_eq(pp_point_parse_fast(line, strlen(line), &point, NULL), PP_OK);
	pp_point_write(&out, &point);
	cr_assert_str_eq(out.data, "{\"name\":\"x\",\"value\":0.1,\"ts\":1764060000.5,"
	    "\"type\":\"timer\",\"unit\":\"ms\",\"tags\":{\"a\":\"2\",\"z\":\"1\"}}\n");
	pp_buffer_free(&out);
	pp_point_free(&point);
}

/* ---- differential: the fast reader against libjq on random lines ---- */

static unsigned long long random_state = 88172645463325252ULL;

static unsigned
next_random(unsigned bound)
{
	random_state ^= random_state << 13;
	random_state ^= random_state >> 7;
	random_state ^= random_state << 17;
	return (unsigned)(random_state % bound);
}

static const char *const random_numbers[] = {"0", "-0", "12.5", "1764060000.125", "1e9",
	"-0.001", "1E+3", "2.5e-3", "123456789012345678", "9007199254740993",
	"0.1000000000000000055511151231257827", "1e22", "1e23", "4.9e-324", "1e400",
	"-1e-400", "00", "1.", ".5", "-", "1e", "17976931348623157e292", "0.30000000000000004",
	"123.456e-7", "99999999999999999999999", "8.98846567431158e307"};
static const char *const random_strings[] = {"\"x\"", "\"request.duration\"", "\"\"",
	"\"caf\\u00e9\"", "\"tab\\there\"", "\"a\\\"b\"", "\"long string with spaces and 0123456789\"",
	"\"timer\"", "\"gauge\"", "\"bogus\"", "\"ms\"", "\"\xc3\xa9t\xc3\xa9\""};
static const char *const random_keys[] = {"name", "value", "ts", "type", "unit", "tags",
	"kind", "extra", "name", "value"};

static void
random_member(pp_buffer *line)
{
	const char *key = random_keys[next_random(10)];

	pp_buffer_printf(line, "\"%s\"%s:%s", key, next_random(8) == 0 ? " " : "",
	    next_random(10) == 0 ? " " : "");
	if (strcmp(key, "tags") == 0 && next_random(4) != 0) {
		unsigned n = next_random(4), i;

		pp_buffer_append_char(line, '{');
		for (i = 0; i < n; i++)
			pp_buffer_printf(line, "%s%s:%s", i ? "," : "",
			    random_strings[next_random(12)], random_strings[next_random(12)]);
		pp_buffer_append_char(line, '}');
	} else if (next_random(2) == 0) {
		pp_buffer_append_string(line, random_numbers[next_random(26)]);
	} else {
		pp_buffer_append_string(line, random_strings[next_random(12)]);
	}
}

static void
random_line(pp_buffer *line)
{
	unsigned members = next_random(4), i, written = 0;

	pp_buffer_clear(line);
	pp_buffer_append_char(line, '{');
	if (next_random(4) != 0)	/* mostly points, so the fast path is reached */
		pp_buffer_printf(line, "\"name\":%s,\"value\":%s", random_strings[next_random(12)],
		    random_numbers[next_random(26)]), written = 1;
	for (i = 0; i < members; i++) {
		if (written++ > 0)
			pp_buffer_append_char(line, ',');
		if (next_random(3) == 0)
			pp_buffer_printf(line, "\"%s\":%s", next_random(2) ? "ts" : "unit",
			    next_random(2) ? random_numbers[next_random(26)] :
			    random_strings[next_random(12)]);
		else
			random_member(line);
	}
	pp_buffer_append_char(line, '}');
	if (next_random(4) == 0 && line->length > 2) {	/* one random byte edit */
		size_t at = next_random((unsigned)line->length);

		line->data[at] = (char)(" \"{}:,.-0e\\\x01\x80"[next_random(14)]);
	}
}

static void
expect_same_point(const pp_point *fast, const pp_point *slow, const char *line)
{
	cr_assert_str_eq(fast->name, slow->name, "%s", line);
	cr_assert(memcmp(&fast->value, &slow->value, sizeof(double)) == 0,
	    "%s: value %.17g vs %.17g", line, fast->value, slow->value);
	cr_assert_eq(fast->has_ts, slow->has_ts, "%s", line);
	if (fast->has_ts)
		cr_assert(memcmp(&fast->ts, &slow->ts, sizeof(double)) == 0, "%s: ts", line);
	cr_assert_eq(fast->type, slow->type, "%s", line);
	cr_assert_eq(fast->unit == NULL, slow->unit == NULL, "%s", line);
	if (fast->unit != NULL)
		cr_assert_str_eq(fast->unit, slow->unit, "%s", line);
	cr_assert_eq(pp_tags_compare(&fast->tags, &slow->tags), 0, "%s: tags", line);
	cr_assert_eq(fast->tags.count, slow->tags.count, "%s: tags", line);
}

/* Whatever the fast reader accepts, libjq's reader reads to the same
 * point; whatever it rejects as invalid, libjq's reader rejects too. */
Test(record, fast_and_general_readers_agree_on_random_lines)
{
	pp_buffer line = PP_BUFFER_INIT;
	pp_point fast, slow;
	unsigned accepted = 0;

	pp_point_init(&fast);
	pp_point_init(&slow);
	for (int i = 0; i < 400000; i++) {
		pp_status status;
		jv object;

		random_line(&line);
		status = pp_point_parse_fast(line.data, line.length, &fast, NULL);
		if (status == PP_NOT_HANDLED)
			continue;
		object = jv_parse_sized(line.data, (int)line.length);
		if (status == PP_OK) {
			cr_assert(jv_is_valid(object), "fast took bad JSON: %s", line.data);
			cr_assert_eq(pp_point_from_jv(object, &slow, NULL), PP_OK, "%s", line.data);
			expect_same_point(&fast, &slow, line.data);
			accepted++;
		} else {
			cr_assert(!jv_is_valid(object) ||
			    pp_point_from_jv(object, &slow, NULL) != PP_OK,
			    "fast refused a good point: %s", line.data);
		}
		jv_free(object);
	}
	cr_assert_gt(accepted, 20000);	/* the generator does reach the fast path */
	pp_point_free(&fast);
	pp_point_free(&slow);
	pp_buffer_free(&line);
}

/* libjq would read these lines, changing the record silently: an invalid
 * byte into U+FFFD, a NUL into a C string cut short. */
Test(record, invalid_utf8_and_nul_bytes_are_rejected)
{
	pp_point point;
	pp_error error;
	pp_kind kind;
	const char nul[] = "{\"name\":\"a\0b\",\"value\":1}";

	pp_point_init(&point);
	cr_assert_eq(read_line("{\"name\":\"a\xff\",\"value\":1}", &point, &kind, &error),
	    PP_ERR_PARSE);
	cr_assert_str_eq(error.message, "invalid UTF-8 at column 11");
	cr_assert_eq(pp_record_read(nul, sizeof(nul) - 1, &point, &kind, NULL, &error),
	    PP_ERR_PARSE);
	cr_assert_str_eq(error.message, "a NUL byte at column 11");
	cr_assert_eq(read_line("{\"name\":\"a\\u0000b\",\"value\":1}", &point, &kind, &error),
	    PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "\"name\" contains a NUL character");
	cr_assert_eq(read_line("{\"name\":\"a\",\"value\":1,\"tags\":{\"k\":\"x\\u0000\"}}",
	    &point, &kind, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "tag \"k\" contains a NUL character");
	cr_assert_eq(read_line("{\"name\":\"caf\xc3\xa9\",\"value\":1}", &point, &kind, &error),
	    PP_OK);
	cr_assert_str_eq(point.name, "caf\xc3\xa9");
	pp_point_free(&point);
}

/* A ts that RFC 3339 cannot write is no instant (1e15 is milliseconds
 * taken for seconds): rejected by both readers. */
Test(record, ts_outside_years_0000_to_9999_is_rejected)
{
	pp_point point;
	pp_error error;
	pp_kind kind;

	pp_point_init(&point);
	cr_assert_eq(read_line("{\"name\":\"a\",\"value\":1,\"ts\":1e15}", &point, &kind,
	    &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "\"ts\" is out of range (years 0000 to 9999)");
	cr_assert_eq(read_line("{\"name\":\"a\",\"value\":1,\"ts\":-62167219201}", &point,
	    &kind, &error), PP_ERR_INVALID);
	cr_assert_eq(read_line("{\"name\":\"a\",\"value\":1,\"ts\":-62167219200}", &point,
	    &kind, &error), PP_OK);
	cr_assert_eq(read_line("{\"name\":\"a\",\"value\":1,\"ts\":253402300799.999}", &point,
	    &kind, &error), PP_OK);
	cr_assert_eq(read_line("{\"name\":\"a\",\"value\":1,\"ts\":253402300800}", &point,
	    &kind, &error), PP_ERR_INVALID);
	pp_point_free(&point);
}

/* An aggregate whose numbers overflowed or make no sense is rejected by
 * every reader instead of firing alerts or drawing reports on them. */
Test(record, aggregates_with_broken_numbers_are_rejected)
{
	static const char *const cases[][2] = {
		{"{\"kind\":\"aggregate\",\"name\":\"a\",\"end\":60,\"mean\":1e400}",
		    "\"mean\" is out of range"},
		{"{\"kind\":\"aggregate\",\"name\":\"a\",\"end\":60,\"percentiles\":{\"p99\":NaN}}",
		    "percentile \"p99\" is out of range"},
		{"{\"kind\":\"aggregate\",\"name\":\"a\",\"start\":60,\"end\":0}",
		    "\"end\" is before \"start\""},
		{"{\"kind\":\"aggregate\",\"name\":\"a\",\"end\":1e300}",
		    "\"start\" or \"end\" is out of range (years 0000 to 9999)"},
		{"{\"kind\":\"aggregate\",\"name\":\"a\",\"end\":60,\"count\":-1}",
		    "\"count\" is negative"},
	};
	pp_point point;
	pp_error error;
	pp_kind kind;
	size_t i;

	pp_point_init(&point);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(read_line(cases[i][0], &point, &kind, &error), PP_ERR_INVALID,
		    "%s", cases[i][0]);
		cr_assert_str_eq(error.message, cases[i][1]);
	}
	cr_assert_eq(read_line("{\"kind\":\"aggregate\",\"name\":\"a\",\"start\":0,\"end\":60,"
	    "\"count\":2,\"mean\":1,\"percentiles\":{\"p99\":2}}", &point, &kind, &error), PP_OK);
	cr_assert_eq(kind, PP_KIND_AGGREGATE);
	pp_point_free(&point);
}

/* ---- lines that differ from an earlier one only in their numbers ---- */

/* The point one reader that read the lines before gives (kept), against
 * a new point (fresh): the same status, message and fields. */
static void
expect_same_as_fresh(pp_point *kept, const char *line)
{
	pp_point fresh;
	pp_error kept_error = {NULL, 0, ""}, fresh_error = {NULL, 0, ""};
	pp_status kept_status = pp_point_parse_fast(line, strlen(line), kept, &kept_error);
	pp_status fresh_status;

	pp_point_init(&fresh);
	fresh_status = pp_point_parse_fast(line, strlen(line), &fresh, &fresh_error);
	cr_assert_eq(kept_status, fresh_status, "%s: status %d, not %d", line, kept_status,
	    fresh_status);
	if (fresh_status == PP_ERR_INVALID)
		cr_assert_str_eq(kept_error.message, fresh_error.message, "%s", line);
	if (fresh_status == PP_OK) {
		cr_assert_str_eq(kept->name, fresh.name, "%s", line);
		cr_assert_eq(kept->value, fresh.value, "%s", line);
		cr_assert_eq(kept->has_ts, fresh.has_ts, "%s", line);
		cr_assert_eq(kept->ts, fresh.ts, "%s", line);
		cr_assert_eq(kept->type, fresh.type, "%s", line);
		cr_assert((kept->unit == NULL && fresh.unit == NULL) ||
		    (kept->unit != NULL && fresh.unit != NULL && strcmp(kept->unit, fresh.unit) == 0),
		    "%s", line);
		cr_assert_eq(pp_tags_compare(&kept->tags, &fresh.tags), 0, "%s", line);
	}
	pp_point_free(&fresh);
}

Test(record, a_line_like_an_earlier_one_but_its_numbers_reads_as_by_itself)
{
	const char *lines[] = {
		"{\"name\":\"lat\",\"value\":1.5,\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":22.125,\"ts\":1764000000.5,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":-3e-7,\"ts\":1.764e9,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		/* out of range on either side of a kept line */
		"{\"name\":\"lat\",\"value\":1e400,\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":1,\"ts\":1e15,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":1,\"ts\":-62167219201,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		/* not numbers where the kept line had them */
		"{\"name\":\"lat\",\"value\":01,\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":1.,\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":\"1\",\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":1 ,\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"lat\",\"value\":1,\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}x",
		"{\"name\":\"lat\",\"value\":1,\"ts\":1764000000,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}",
		/* other shapes in between, and back */
		"{\"name\":\"lat\",\"value\":7,\"ts\":1764000001,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"b\",\"method\":\"GET\"}}",
		"{\"ts\":1764000002,\"value\":8,\"name\":\"lat\"}",
		"{\"value\":9,\"name\":\"lat\"}",
		"{\"value\":10,\"name\":\"lat\"}",
		"{\"value\":11,\"name\":\"\"}",
		"{\"name\":\"lat\",\"value\":12,\"ts\":1764000003,\"type\":\"timer\",\"unit\":\"ms\","
		    "\"tags\":{\"pool\":\"a\",\"method\":\"GET\"}}",
		"{\"name\":\"q\",\"value\":1,\"type\":\"nonsense\"}",
		"{\"name\":\"q\",\"value\":2,\"type\":\"nonsense\"}",
		"{\"name\":\"q\",\"value\":1,\"tags\":{}}",
		"{\"name\":\"q\",\"value\":2,\"tags\":{}}",
	};
	pp_point kept;

	pp_point_init(&kept);
	for (size_t round = 0; round < 2; round++)
		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
			expect_same_as_fresh(&kept, lines[i]);
	pp_point_free(&kept);
}

Test(record, a_line_like_a_kept_one_takes_the_kept_strings)
{
	const char *a1 = "{\"name\":\"lat\",\"value\":1,\"ts\":5,\"tags\":{\"pool\":\"a\"}}";
	const char *b = "{\"name\":\"lat\",\"value\":2,\"ts\":6,\"tags\":{\"pool\":\"b\"}}";
	const char *a2 = "{\"name\":\"lat\",\"value\":30,\"ts\":7.5,\"tags\":{\"pool\":\"a\"}}";
	const char *a3 = "{\"name\":\"lat\",\"value\":4e2,\"ts\":8,\"tags\":{\"pool\":\"a\"}}";
	const char *name;
	pp_point point;

	pp_point_init(&point);
	cr_assert_eq(pp_point_parse_fast(a1, strlen(a1), &point, NULL), PP_OK);
	cr_assert_eq(pp_point_parse_fast(a2, strlen(a2), &point, NULL), PP_OK);
	name = point.name;	/* the kept line's: no copy made */
	cr_assert_eq(pp_point_parse_fast(b, strlen(b), &point, NULL), PP_OK);
	cr_assert_eq(pp_point_parse_fast(a3, strlen(a3), &point, NULL), PP_OK);
	cr_assert_eq(point.name, name);
	cr_assert_eq(point.value, 400);
	cr_assert_eq(point.ts, 8);
	cr_assert_str_eq(point.tags.items[0].value, "a");
	pp_point_free(&point);
}

Test(record, more_shapes_than_are_kept_read_right)
{
	char line[2400];
	pp_point kept;

	pp_point_init(&kept);
	for (int i = 0; i < 400; i++) {
		/* 20 shapes round and round, and one line too long to keep */
		if (i % 50 == 49)
			snprintf(line, sizeof(line), "{\"name\":\"n\",\"value\":%d,\"tags\":{\"pad\":"
			    "\"%02000d\"}}", i, 0);
		else
			snprintf(line, sizeof(line), "{\"name\":\"n%d\",\"value\":%d.%d,\"ts\":%d}",
			    i % 20, i, i % 7, 1764000000 + i);
		expect_same_as_fresh(&kept, line);
	}
	pp_point_free(&kept);
}

Test(record, kept_lines_rest_while_lines_do_not_repeat_and_wake_when_they_do)
{
	char line[128];
	const char *name = NULL;
	pp_point point;
	int same = 0;

	pp_point_init(&point);
	for (int i = 0; i < 3000; i++) {
		/* 1000 lines of names never seen again, then one shape */
		if (i < 1000)
			snprintf(line, sizeof(line), "{\"name\":\"id%d\",\"value\":%d}", i, i);
		else
			snprintf(line, sizeof(line), "{\"name\":\"lat\",\"value\":%d,\"ts\":%d}", i,
			    1764000000 + i);
		expect_same_as_fresh(&point, line);
		if (i >= 1000) {
			same += point.name == name;	/* the kept line's strings */
			name = point.name;
		}
	}
	/* the rests after 1000 lines are at most 2 * 512 lines long */
	cr_assert_gt(same, 1000, "only %d lines read as a kept one", same);
	pp_point_free(&point);
}
