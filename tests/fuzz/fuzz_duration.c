/*
 * fuzz_duration.c - pp_duration_parse and pp_duration_format.
 *
 * A duration that parses is a finite number of seconds, never negative;
 * formatted, it parses back to the same value (to the six significant
 * digits of the "%g" fallback form).
 */
#include "fuzz_common.h"

#include <math.h>

#include "pp_duration.h"

static void
check_format_round_trip(double seconds, const char *line, size_t length)
{
	char text[64];
	double again;
	pp_error error;

	pp_duration_format(seconds, text, sizeof(text));
	if (pp_duration_parse(text, &again, &error) != PP_OK)
		fuzz_fail("a formatted duration does not parse back", text, strlen(text));
	if (fabs(again - seconds) > 1e-5 * fabs(seconds))
		fuzz_fail("a formatted duration reads back to another value", line,
		    length);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_line(data, size);
	double seconds = -1;
	pp_error error = {NULL, 0, {0}};

	if (memchr(text, '\0', size) == NULL &&
	    pp_duration_parse(text, &seconds, &error) == PP_OK) {
		if (!isfinite(seconds) || seconds < 0)
			fuzz_fail("a duration parsed to a non-finite or negative value",
			    text, size);
		check_format_round_trip(seconds, text, size);
	} else if (memchr(text, '\0', size) == NULL && error.message[0] == '\0') {
		fuzz_fail("an error without a message", text, size);
	}
	free(text);
	return 0;
}
