/* Unit tests for pp_duration: parsing and printing durations. */
#include <criterion/criterion.h>

#include "pp_duration.h"

static double
parse(const char *text)
{
	double seconds = -1;
	pp_error error;

	cr_assert_eq(pp_duration_parse(text, &seconds, &error), PP_OK, "%s: %s", text,
	    error.message);
	return seconds;
}

Test(duration, reads_every_unit)
{
	cr_assert_float_eq(parse("250ms"), 0.25, 1e-12);
	cr_assert_float_eq(parse("10s"), 10, 0);
	cr_assert_float_eq(parse("5m"), 300, 0);
	cr_assert_float_eq(parse("1h30m"), 5400, 0);
	cr_assert_float_eq(parse("7d"), 604800, 0);
	cr_assert_float_eq(parse("2w"), 1209600, 0);
	cr_assert_float_eq(parse("150us"), 150e-6, 1e-15);
	cr_assert_float_eq(parse("150\xc2\xb5s"), 150e-6, 1e-15);
	cr_assert_float_eq(parse("1.5h"), 5400, 0);
}

Test(duration, reads_a_bare_number_as_seconds)
{
	cr_assert_float_eq(parse("0.2"), 0.2, 0);
	cr_assert_float_eq(parse("60"), 60, 0);
	cr_assert_float_eq(parse("0"), 0, 0);
}

Test(duration, refuses_bad_text)
{
	const char *bad[] = {"", "-5s", "5x", "s", "1h30", "1.2.3s", "abc", "5 s", "1e400"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double seconds;
		pp_error error;

		cr_assert_eq(pp_duration_parse(bad[i], &seconds, &error), PP_ERR_PARSE,
		    "accepted \"%s\"", bad[i]);
		cr_assert_neq(error.message[0], '\0');
	}
}

/* Found while writing tests/fuzz/fuzz_duration.c: each part was checked to
 * be finite, but not their product with the unit or their sum, so "1e308w"
 * parsed to an infinite duration. */
Test(duration, refuses_durations_beyond_a_double)
{
	const char *bad[] = {"1e308w", "1e308d1e308d", "1.7e308s1.7e308s"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double seconds = -1;
		pp_error error;

		cr_assert_eq(pp_duration_parse(bad[i], &seconds, &error), PP_ERR_PARSE,
		    "accepted \"%s\"", bad[i]);
		cr_assert_str_eq(error.message, "the duration is too large");
		cr_assert_eq(seconds, -1);
	}
	cr_assert_float_eq(parse("1e300w"), 6.048e305, 1e292);
}

/* Found by tests/fuzz/fuzz_duration.c: "1e-303us" parsed to 1e-309 s, a
 * subnormal double, which pp_duration_format writes as "1e-309s", which
 * does not parse (strtod reports the underflow). */
Test(duration, refuses_durations_below_the_smallest_normal_double)
{
	const char *bad[] = {"1e-303us", "1e-306ms"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		double seconds = -1;
		pp_error error;

		cr_assert_eq(pp_duration_parse(bad[i], &seconds, &error), PP_ERR_PARSE,
		    "accepted \"%s\"", bad[i]);
		cr_assert_str_eq(error.message, "the duration is too small");
	}
	cr_assert_float_eq(parse("1e-300us"), 1e-306, 1e-320);
	cr_assert_float_eq(parse("0ms"), 0, 0);
}

Test(duration, prints_the_shortest_exact_form)
{
	char text[32];

	pp_duration_format(90, text, sizeof(text));
	cr_assert_str_eq(text, "1m30s");
	pp_duration_format(0.25, text, sizeof(text));
	cr_assert_str_eq(text, "250ms");
	pp_duration_format(604800, text, sizeof(text));
	cr_assert_str_eq(text, "7d");
	pp_duration_format(5400, text, sizeof(text));
	cr_assert_str_eq(text, "1h30m");
	pp_duration_format(0, text, sizeof(text));
	cr_assert_str_eq(text, "0s");
	pp_duration_format(10, text, sizeof(text));
	cr_assert_str_eq(text, "10s");
}
