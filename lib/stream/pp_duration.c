/*
 * pp_duration.c - parsing and printing durations ("1h30m", "250ms", "0.2").
 * See pp_duration.h for the grammar.
 */
#include "pp_duration.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit {
	const char *suffix;
	double seconds;
};

/* Longest suffixes first, so "ms" is not read as "m" followed by "s". */
static const struct unit units[] = {
	{"\xc2\xb5s", 1e-6}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60},
	{"h", 3600}, {"d", 86400}, {"w", 604800},
};

static const struct unit *
match_unit(const char *text, size_t *length)
{
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t n = strlen(units[i].suffix);

		if (strncmp(text, units[i].suffix, n) == 0 &&
		    (text[n] == '\0' || text[n] == '.' || (text[n] >= '0' && text[n] <= '9'))) {
			*length = n;
			return &units[i];
		}
	}
	return NULL;
}

static int
starts_number(char c)
{
	return (c >= '0' && c <= '9') || c == '.';
}

pp_status
pp_duration_parse(const char *text, double *seconds, pp_error *error)
{
	const char *cursor = text;
	double total = 0;

	if (text == NULL || *text == '\0')
		return pp_error_set(error, PP_ERR_PARSE, "empty duration");
	if (*text == '-')
		return pp_error_set(error, PP_ERR_PARSE, "a duration cannot be negative");
	while (*cursor != '\0') {
		char *end;
		double number;
		size_t unit_length;
		const struct unit *unit;

		if (!starts_number(*cursor))
			return pp_error_set(error, PP_ERR_PARSE,
			    "expected a number at \"%s\"", cursor);
		errno = 0;
		number = strtod(cursor, &end);
		if (end == cursor || errno == ERANGE || !isfinite(number))
			return pp_error_set(error, PP_ERR_PARSE,
			    "bad number at \"%s\"", cursor);
		if (*end == '\0' && cursor == text) {
			*seconds = number;	/* a bare number: seconds */
			return PP_OK;
		}
		unit = match_unit(end, &unit_length);
		if (unit == NULL)
			return pp_error_set(error, PP_ERR_PARSE,
			    "unknown unit at \"%s\" (use us, ms, s, m, h, d or w)", end);
		total += number * unit->seconds;
		cursor = end + unit_length;
	}
	/* Each number is finite, but "1e308w" or a sum of parts is not; and
	 * "1e-306ms" is below the smallest normal double, which a number
	 * written alone ("1e-309s") is refused as. */
	if (!isfinite(total))
		return pp_error_set(error, PP_ERR_PARSE, "the duration is too large");
	if (total != 0 && total < DBL_MIN)
		return pp_error_set(error, PP_ERR_PARSE, "the duration is too small");
	*seconds = total;
	return PP_OK;
}

static int
is_whole_multiple(double value, double unit)
{
	double count = value / unit;

	return count >= 1 && fabs(count - round(count)) < 1e-9 * count;
}

void
pp_duration_format(double seconds, char *text, size_t size)
{
	static const struct unit large[] = {
		{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1},
	};
	static const struct unit small[] = {{"ms", 1e-3}, {"us", 1e-6}};
	size_t used = 0, i;
	double rest = seconds;

	if (size == 0)
		return;
	text[0] = '\0';
	if (seconds == 0) {
		snprintf(text, size, "0s");
		return;
	}
	if (seconds < 1) {
		for (i = 0; i < 2; i++)
			if (is_whole_multiple(seconds, small[i].seconds)) {
				snprintf(text, size, "%.0f%s",
				    round(seconds / small[i].seconds), small[i].suffix);
				return;
			}
		snprintf(text, size, "%gs", seconds);
		return;
	}
	if (seconds != floor(seconds) || seconds > 1e15) {
		snprintf(text, size, "%gs", seconds);
		return;
	}
	for (i = 0; i < 4 && rest > 0 && used < size; i++) {
		double count = floor(rest / large[i].seconds);

		if (count >= 1) {
			used += (size_t)snprintf(text + used, size - used, "%.0f%s",
			    count, large[i].suffix);
			rest -= count * large[i].seconds;
		}
	}
}
