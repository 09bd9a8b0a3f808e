/* Unit tests for perf-collect's Prometheus/OpenMetrics line scanner
 * (tools/perf-collect/prom_text.c) and its name map (name_map.c). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "name_map.h"
#include "prom_text.h"

static bool
number(const char *text, double *value)
{
	return prom_parse_number(text, strlen(text), value);
}

Test(prom_number, reads_decimals_exponents_and_leading_zeros)
{
	double value;

	cr_assert(number("1", &value) && value == 1);
	cr_assert(number("-1.5e3", &value) && value == -1500);
	cr_assert(number("+.5", &value) && value == 0.5);
	cr_assert(number("0000000000000000000000000000000000000000001.2e-1", &value) &&
	    value == 0.12);
	cr_assert(number("9223372036854775808", &value) && value == 9223372036854775808.0);
}

Test(prom_number, reads_nan_and_infinities_in_any_case)
{
	double value;

	cr_assert(number("NaN", &value) && isnan(value));
	cr_assert(number("+Inf", &value) && value == INFINITY);
	cr_assert(number("-inf", &value) && value == -INFINITY);
	cr_assert(number("Infinity", &value) && value == INFINITY);
}

Test(prom_number, refuses_hex_underscores_blanks_and_empty)
{
	double value;
	const char *bad[] = {"", " 1", "1 ", "1_2", "0x1", "0x1p-3", "0b1", "0o1", "1e",
		"e3", ".", "+", "1.1.1", "1z", "NaNa"};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert(!number(bad[i], &value), "accepted \"%s\"", bad[i]);
}

Test(prom_names, follow_the_metric_and_label_grammars)
{
	cr_assert(prom_valid_metric_name("a:b_c9", 6));
	cr_assert(!prom_valid_metric_name("0a", 2));
	cr_assert(!prom_valid_metric_name("a.b", 3));
	cr_assert(!prom_valid_metric_name("", 0));
	cr_assert(prom_valid_label_name("_a9", 3));
	cr_assert(!prom_valid_label_name("a:b", 3));
}

static const char *
parse(const char *line, bool lenient, prom_sample *sample)
{
	return prom_parse_sample(line, strlen(line), lenient, sample);
}

Test(prom_sample, reads_name_labels_value_timestamp)
{
	prom_sample s;

	memset(&s, 0, sizeof(s));
	cr_assert_null(parse("http_total{code=\"200\",path=\"/a b\"} 12 1764060000.5", false, &s));
	cr_assert_str_eq(s.name, "http_total");
	cr_assert_eq(s.label_count, 2);
	cr_assert_str_eq(prom_label_value(&s, "code"), "200");
	cr_assert_str_eq(prom_label_value(&s, "path"), "/a b");
	cr_assert_eq(s.value, 12);
	cr_assert(s.has_ts && s.ts == 1764060000.5);
	cr_assert(!s.has_exemplar);
	prom_sample_free(&s);
}

Test(prom_sample, unescapes_label_values_and_keeps_unknown_escapes)
{
	prom_sample s;

	memset(&s, 0, sizeof(s));
	cr_assert_null(parse("a{x=\"q\\\"n\\n\\\\z\\z # }\"} 1", false, &s));
	cr_assert_str_eq(prom_label_value(&s, "x"), "q\"n\n\\z\\z # }");
	prom_sample_free(&s);
}

Test(prom_sample, counts_exemplar_characters_as_code_points)
{
	prom_sample s;

	memset(&s, 0, sizeof(s));
	/* a 3-byte snowman counts as one character: 1 (name) + 2 (value) */
	cr_assert_null(parse("a_bucket{le=\"+Inf\"} 1 # {a=\"\xe2\x98\x83x\"} 1 1", false, &s));
	cr_assert(s.has_exemplar);
	cr_assert_eq(s.exemplar_chars, 3);
	prom_sample_free(&s);
}

Test(prom_sample, strict_and_lenient_differ_on_trailing_commas_and_blanks)
{
	prom_sample s;

	memset(&s, 0, sizeof(s));
	cr_assert_not_null(parse("a{x=\"1\",} 1", false, &s));
	cr_assert_null(parse("a{x=\"1\",} 1", true, &s));
	cr_assert_not_null(parse("a  1", false, &s));
	cr_assert_null(parse("a  1", true, &s));
	cr_assert_null(parse("a {x=\"1\"}\t2 1764060000000", true, &s));
	cr_assert(s.has_ts && s.value == 2);
	prom_sample_free(&s);
}

Test(prom_sample, refuses_broken_lines_with_a_reason)
{
	prom_sample s;
	const char *bad[] = {"a", "a ", "a 1 ", "a{a} 1", "a{a=1} 1", "a{a=\"1} 1",
		"a{a=\"1\",a=\"2\"} 1", "a{a=\"1\"b=\"2\"} 1", "a 1 NaN", "a 1 # {} 1 ",
		"a 1 1 x", "0a 1", "a 0x1"};
	size_t i;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not_null(parse(bad[i], false, &s), "accepted \"%s\"", bad[i]);
	prom_sample_free(&s);
}

Test(name_map, sets_gets_overwrites_and_grows)
{
	name_map map = {NULL, NULL, 0, 0};
	char key[32];
	int value, i;

	cr_assert(!name_map_get(&map, "x", 1, &value));
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "family_%d", i);
		name_map_set(&map, key, strlen(key), i);
	}
	name_map_set(&map, "family_7", 8, -7);
	cr_assert_eq(map.count, 1000);
	cr_assert(name_map_get(&map, "family_999", 10, &value) && value == 999);
	cr_assert(name_map_get(&map, "family_7", 8, &value) && value == -7);
	cr_assert(!name_map_get(&map, "family_", 7, NULL));
	name_map_clear(&map);
	cr_assert(!name_map_get(&map, "family_1", 8, NULL));
	name_map_free(&map);
}
