/*
 * fuzz_time.c - pp_time_parse_rfc3339 and pp_time_format_rfc3339.
 *
 * Text that parses, formatted back in UTC, parses to the same instant (to
 * the microsecond the format keeps) whenever the instant lies in the years
 * 0000 to 9999 that RFC 3339 can write.  The first byte of the input also
 * chooses, when it is '#', to read the next eight bytes as a double and
 * format it: any double a point's "ts" may hold (finite, not DBL_MAX)
 * must format without undefined behaviour.
 */
#include "fuzz_common.h"

#include <float.h>
#include <math.h>

#include "pp_time.h"

/* 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch seconds. */
#define FIRST_WRITABLE (-62167219200.0)
#define PAST_WRITABLE 253402300800.0

static void
check_round_trip(double epoch, const char *text, size_t length)
{
	char formatted[64];
	double again;
	pp_error error;

	if (epoch < FIRST_WRITABLE || epoch >= PAST_WRITABLE - 1)
		return;
	pp_time_format_rfc3339(epoch, formatted, sizeof(formatted));
	if (pp_time_parse_rfc3339(formatted, strlen(formatted), &again, &error) != PP_OK)
		fuzz_fail("a formatted time does not parse back", formatted,
		    strlen(formatted));
	if (fabs(again - epoch) > 1e-6 + 1e-15 * fabs(epoch))
		fuzz_fail("a formatted time reads back to another instant", text, length);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double epoch;
	pp_error error = {NULL, 0, {0}};

	if (size == 9 && data[0] == '#') {
		char formatted[64];

		memcpy(&epoch, data + 1, sizeof(epoch));
		/* What validate_point lets through as a "ts". */
		if (isfinite(epoch) && fabs(epoch) != DBL_MAX)
			pp_time_format_rfc3339(epoch, formatted, sizeof(formatted));
		return 0;
	}
	/* The parser takes a length; a copy without a terminator lets
	 * AddressSanitizer see any read past it. */
	{
		char *text = malloc(size ? size : 1);

		if (text == NULL)
			abort();
		memcpy(text, data, size);
		if (pp_time_parse_rfc3339(text, size, &epoch, &error) == PP_OK)
			check_round_trip(epoch, text, size);
		else if (error.message[0] == '\0')
			fuzz_fail("an error without a message", text, size);
		free(text);
	}
	return 0;
}
