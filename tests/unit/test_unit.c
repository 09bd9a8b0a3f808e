/* Unit tests for pp_unit: reading quantities with units and converting them
 * to the unit a series carries in the stream. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "pp_unit.h"

static pp_quantity
quantity(const char *text)
{
	pp_quantity read = {-1, "unset"};
	pp_error error;

	cr_assert_eq(pp_quantity_parse(text, strlen(text), &read, &error), PP_OK, "%s: %s",
	    text, error.message);
	return read;
}

static double
convert(const char *text, const char *unit)
{
	pp_quantity read = quantity(text);
	pp_error error;
	double value = NAN;

	cr_assert_eq(pp_quantity_convert(&read, unit, &value, &error), PP_OK, "%s to %s: %s",
	    text, unit, error.message);
	return value;
}

static const char *
refusal(const char *text, const char *unit)
{
	static pp_error error;
	pp_quantity read = quantity(text);
	double value = 12345;

	cr_assert_eq(pp_quantity_convert(&read, unit, &value, &error), PP_ERR_INVALID,
	    "%s to %s was accepted", text, unit ? unit : "(none)");
	cr_assert_eq(value, 12345, "the value is left alone on an error");
	return error.message;
}

Test(unit, reads_the_forms_of_the_issue)
{
	cr_assert_eq(convert("300ms", "ms"), 300);
	cr_assert_float_eq(convert("0.3s", "ms"), 300, 1e-9);
	cr_assert_float_eq(convert("300ms", "s"), 0.3, 1e-15);
	cr_assert_float_eq(convert("300ms", "us"), 300000, 1e-6);
	cr_assert_float_eq(convert("1.5MB", "bytes"), 1.5e6, 0);
	cr_assert_float_eq(convert("1.5MiB", "bytes"), 1.5 * 1048576, 0);
	cr_assert_float_eq(convert("1.5MiB", "MB"), 1.572864, 1e-12);
	cr_assert_float_eq(convert("2GB", "MiB"), 2e9 / 1048576, 1e-9);
	cr_assert_float_eq(convert("150\xc2\xb5s", "ms"), 0.15, 1e-15);
}

Test(unit, percent_is_a_fraction_against_ratio_and_a_number_against_percent)
{
	cr_assert_float_eq(convert("2%", "ratio"), 0.02, 1e-17);
	cr_assert_float_eq(convert("2%", "percent"), 2, 1e-15);
	cr_assert_float_eq(convert("2%", "%"), 2, 1e-15);
	cr_assert_float_eq(convert("0.5ratio", "%"), 50, 1e-12);
}

Test(unit, a_bare_number_stays_in_the_raw_unit_of_any_series)
{
	cr_assert_eq(convert("0.3", "ms"), 0.3);
	cr_assert_eq(convert("300", "MB"), 300);
	cr_assert_eq(convert("7", NULL), 7);
	cr_assert_eq(convert("7", "furlongs"), 7);
	cr_assert_str_eq(quantity("0.3").unit, "");
}

Test(unit, rates_convert_per_second)
{
	cr_assert_float_eq(convert("5/s", "1/s"), 5, 0);
	cr_assert_float_eq(convert("120/min", "1/s"), 2, 1e-15);
	cr_assert_float_eq(convert("10MB/s", "bytes/s"), 1e7, 0);
	cr_assert_float_eq(convert("3600/h", "/s"), 1, 1e-15);
}

Test(unit, negative_and_exponent_numbers)
{
	cr_assert_float_eq(convert("-5ms", "s"), -0.005, 1e-18);
	cr_assert_float_eq(convert("+2.5e3ms", "s"), 2.5, 1e-15);
	cr_assert_float_eq(convert("1E-3s", "ms"), 1, 1e-12);
	cr_assert_float_eq(convert(".5s", "ms"), 500, 1e-12);
	cr_assert_float_eq(convert("5.s", "ms"), 5000, 1e-12);
}

Test(unit, refuses_what_is_not_a_plain_number)
{
	const char *bad[] = {"", "ms", "-", ".", "0x10", "0x1p3", "inf", "-inf", "nan",
		"infms", "NaN%", "1e400", "-1e400ms", "1,5MB", "300 ms", " 300ms", "300ms ",
		"300xs", "300MS", "300mb", "300m", "5e", "1/x", "1MB/furlong", "++1", "1..2s"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pp_quantity read = {42, "kept"};
		pp_error error = {NULL, 0, ""};

		cr_expect_eq(pp_quantity_parse(bad[i], strlen(bad[i]), &read, &error),
		    PP_ERR_INVALID, "\"%s\" was accepted", bad[i]);
		cr_expect_neq(error.message[0], '\0', "\"%s\": no message", bad[i]);
		cr_expect_eq(read.value, 42, "\"%s\" changed the quantity", bad[i]);
	}
}

Test(unit, an_unknown_unit_is_named_with_the_known_ones)
{
	pp_quantity read;
	pp_error error;

	cr_assert_eq(pp_quantity_parse("300xs", 5, &read, &error), PP_ERR_INVALID);
	cr_assert(strstr(error.message, "unknown unit \"xs\"") != NULL, "%s", error.message);
	cr_assert(strstr(error.message, "MiB") != NULL, "%s", error.message);
}

Test(unit, a_huge_quantity_that_overflows_its_conversion_is_refused)
{
	const char *message = refusal("1e300TB", "B");

	cr_assert(strstr(message, "out of range") != NULL, "%s", message);
	cr_assert_float_eq(convert("1e300ms", "s"), 1e297, 1e283);
	cr_assert_eq(convert("1e-400ms", "s"), 0);	/* an underflow is zero */
}

Test(unit, a_unit_that_does_not_fit_names_both)
{
	cr_assert_str_eq(refusal("300ms", "MB"), "300ms (a duration) does not fit MB (a size)");
	cr_assert_str_eq(refusal("2%", "ms"), "2% (a fraction) does not fit ms (a duration)");
	cr_assert_str_eq(refusal("1.5MiB", "bytes/s"),
	    "1.5MiB (a size) does not fit bytes/s (a size per second)");
	cr_assert_str_eq(refusal("5/s", "1"), "5/s (a rate per second) does not fit 1 (a count)");
	cr_assert(strstr(refusal("300ms", NULL), "has none") != NULL);
	cr_assert(strstr(refusal("300ms", ""), "has none") != NULL);
	cr_assert(strstr(refusal("300ms", "celsius"), "\"celsius\"") != NULL);
}

Test(unit, the_unit_of_each_stat)
{
	char out[32];

	pp_unit_of_stat("ms", "timer", "p95", out, sizeof(out));
	cr_assert_str_eq(out, "ms");
	pp_unit_of_stat("ms", "timer", "mean", out, sizeof(out));
	cr_assert_str_eq(out, "ms");
	pp_unit_of_stat("ms", "timer", "count", out, sizeof(out));
	cr_assert_str_eq(out, "1");
	pp_unit_of_stat("ms", "timer", "rate", out, sizeof(out));
	cr_assert_str_eq(out, "1/s");
	pp_unit_of_stat("bytes", "counter", "rate", out, sizeof(out));
	cr_assert_str_eq(out, "bytes/s");
	pp_unit_of_stat(NULL, "counter", "rate", out, sizeof(out));
	cr_assert_str_eq(out, "1/s");
	pp_unit_of_stat("1/s", "cumulative", "rate", out, sizeof(out));
	cr_assert_str_eq(out, "");
	pp_unit_of_stat(NULL, NULL, "max", out, sizeof(out));
	cr_assert_str_eq(out, "");
	pp_unit_of_stat(NULL, "ratio", "ratio", out, sizeof(out));
	cr_assert_str_eq(out, "ratio");
}

Test(unit, formats_a_quantity_as_written)
{
	char out[64];
	pp_quantity read = quantity("0.3s");

	pp_quantity_format(&read, out, sizeof(out));
	cr_assert_str_eq(out, "0.3s");
	read = quantity("1.5MiB");
	pp_quantity_format(&read, out, sizeof(out));
	cr_assert_str_eq(out, "1.5MiB");
	cr_assert_float_eq(pp_quantity_base_value(&read), 1572864, 0);
}

Test(unit, a_nul_byte_in_a_json_string_is_no_unit)
{
	pp_quantity read = {42, "kept"};
	pp_error error = {NULL, 0, ""};

	cr_assert_eq(pp_quantity_parse("5\0ms", 4, &read, &error), PP_ERR_INVALID);
	cr_assert_str_eq(error.message, "a unit holds no NUL byte");
	cr_assert_eq(read.value, 42);
}
