/* Unit tests for pp_time: RFC 3339 timestamps.  Reference epochs come from
 * GNU date: date -u -d '2025-11-25T08:00:00Z' +%s = 1764057600. */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "pp_time.h"

static double
parse(const char *text)
{
	double epoch = 0;
	pp_error error;

	cr_assert_eq(pp_time_parse_rfc3339(text, strlen(text), &epoch, &error), PP_OK,
	    "%s", text);
	return epoch;
}

Test(time, reads_utc_and_offsets)
{
	cr_assert_float_eq(parse("2025-11-25T08:00:00Z"), 1764057600, 0);
	cr_assert_float_eq(parse("2025-11-25T09:00:00+01:00"), 1764057600, 0);
	cr_assert_float_eq(parse("2025-11-25t03:30:00-04:30"), 1764057600, 0);
	cr_assert_float_eq(parse("2025-11-25 08:00:00z"), 1764057600, 0);
	cr_assert_float_eq(parse("1970-01-01T00:00:00Z"), 0, 0);
	cr_assert_float_eq(parse("1969-12-31T23:59:59Z"), -1, 0);
	cr_assert_float_eq(parse("2024-02-29T00:00:00Z"), 1709164800, 0);
}

Test(time, reads_fractions)
{
	cr_assert_float_eq(parse("2025-11-25T08:00:00.125Z"), 1764057600.125, 1e-6);
	cr_assert_float_eq(parse("2025-11-25T08:00:00.000001Z"), 1764057600.000001, 1e-7);
}

Test(time, refuses_malformed_times)
{
	const char *bad[] = {"2025-11-25", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z",
	    "2023-02-29T00:00:00Z", "2025-11-25T24:00:00Z", "2025-11-25T08:00:00",
	    "2025-11-25T08:00:00.Z", "2025-11-25T08:00:00Zjunk", "", "1764057600"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double epoch;

		cr_assert_eq(pp_time_parse_rfc3339(bad[i], strlen(bad[i]), &epoch, NULL),
		    PP_ERR_PARSE, "accepted \"%s\"", bad[i]);
	}
}

Test(time, prints_utc_with_microseconds_only_when_needed)
{
	char text[40];

	pp_time_format_rfc3339(1764057600, text, sizeof(text));
	cr_assert_str_eq(text, "2025-11-25T08:00:00Z");
	pp_time_format_rfc3339(1764057600.125, text, sizeof(text));
	cr_assert_str_eq(text, "2025-11-25T08:00:00.125000Z");
	pp_time_format_rfc3339(-1, text, sizeof(text));
	cr_assert_str_eq(text, "1969-12-31T23:59:59Z");
	pp_time_format_rfc3339(86399.9999999, text, sizeof(text));
	cr_assert_str_eq(text, "1970-01-02T00:00:00Z");
}

/* Found by tests/fuzz/fuzz_time.c: a ts of 1e300 is a valid point, and
 * formatting it converted 1e300 to long long (undefined behaviour). */
Test(time, prints_instants_rfc3339_cannot_write_as_numbers)
{
	char text[40];

	pp_time_format_rfc3339(1e300, text, sizeof(text));
	cr_assert_str_eq(text, "1e+300");
	pp_time_format_rfc3339(-1e300, text, sizeof(text));
	cr_assert_str_eq(text, "-1e+300");
	pp_time_format_rfc3339(NAN, text, sizeof(text));
	cr_assert_str_eq(text, "null");
	pp_time_format_rfc3339(253402300800, text, sizeof(text));
	cr_assert_str_eq(text, "253402300800");
	pp_time_format_rfc3339(253402300799, text, sizeof(text));
	cr_assert_str_eq(text, "9999-12-31T23:59:59Z");
	pp_time_format_rfc3339(-62167219200, text, sizeof(text));
	cr_assert_str_eq(text, "0000-01-01T00:00:00Z");
}
