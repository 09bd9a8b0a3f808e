/*
 * future.c - --max-future and --now.  See future.h.
 */
#include "future.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pp_time.h"

enum { OPTION_MAX_FUTURE = 0x7100, OPTION_NOW };

static const struct argp_option future_options[] = {
	{"max-future", OPTION_MAX_FUTURE, "DURATION", 0,
	    "Reject a record whose time is more than DURATION ahead of now (default 1h)", 0},
	{"now", OPTION_NOW, "TIME", 0,
	    "The time --max-future counts from (RFC 3339 or epoch seconds; default: the "
	    "wall clock), for replays and tests", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static bool
parse_now(future_limit *limit, const char *text)
{
	pp_error error = {NULL, 0, ""};
	char *end;
	double value = strtod(text, &end);

	if (end != text && *end == '\0' && isfinite(value)) {
		limit->now = value;
		return true;
	}
	if (pp_time_parse_rfc3339(text, strlen(text), &value, &error) == PP_OK) {
		limit->now = value;
		return true;
	}
	tool_usage_error(limit->tool, "--now: \"%s\" is not an RFC 3339 time or epoch "
	    "seconds", text);
	return false;
}

static error_t
parse_future(int key, char *argument, struct argp_state *state)
{
	future_limit *limit = state->input;

	switch (key) {
	case OPTION_MAX_FUTURE:
		if (!tool_parse_duration(limit->tool, "--max-future", argument, true,
		    &limit->max_future))
			exit(PP_EXIT_USAGE);
		return 0;
	case OPTION_NOW:
		if (!parse_now(limit, argument))
			exit(PP_EXIT_USAGE);
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

const struct argp future_argp = {future_options, parse_future, NULL, NULL, NULL, NULL, NULL};

void
future_init(future_limit *limit, pp_tool *tool)
{
	limit->tool = tool;
	limit->max_future = 3600;
	limit->now = NAN;
	limit->horizon = NAN;
}

bool
future_too_far(future_limit *limit, double time, char *text, size_t size)
{
	if (isnan(limit->horizon) || time > limit->horizon)
		limit->horizon = (isnan(limit->now) ? pp_time_now() : limit->now) +
		    limit->max_future;	/* a live run's wall clock moves on */
	if (!(time > limit->horizon))
		return false;
	pp_time_format_rfc3339(floor(limit->horizon), text, size);	/* whole seconds */
	return true;
}
