/*
 * log_statsd.c - `--format statsd`: StatsD and DogStatsD lines.
 *
 *   name:value|type[|@rate][|#tag:value,tag...][|Tepoch]
 *
 * c counters become "counter" points scaled by the sample rate (a
 * counter sampled at @0.1 counted ten for each one sent); g gauges,
 * ms timers (unit ms), h histograms and d distributions keep their value.
 * Sets (s) count distinct members, which one point cannot say: they are
 * rejected.  A DogStatsD tag without a value gets an empty one.  Lines
 * carry no time unless DogStatsD's |T gives one; the others get the time
 * the input was opened.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pp_time.h"

struct log_parser {
	log_options *options;
	pp_buffer copy;
	pp_tags tags;
};

static bool
parse_number(const char *text, double *value)
{
	char *end;

	*value = strtod(text, &end);
	return end != text && *end == '\0' && isfinite(*value) &&
	    strpbrk(text, "xXnN") == NULL;
}

static void
add_tags(log_parser *p, char *list)
{
	char *tag, *colon, *next;

	for (tag = list; tag != NULL && *tag != '\0'; tag = next) {
		next = strchr(tag, ',');
		if (next != NULL)
			*next++ = '\0';
		colon = strchr(tag, ':');
		if (colon != NULL)
			*colon++ = '\0';
		if (*tag != '\0')
			pp_tags_set(&p->tags, tag, colon ? colon : "");
	}
}

/* Reads the sections after the type; returns NULL or the problem. */
static const char *
read_sections(log_parser *p, char *section, double *rate, bool *has_ts, double *ts)
{
	char *next;

	for (; section != NULL; section = next) {
		next = strchr(section, '|');
		if (next != NULL)
			*next++ = '\0';
		if (section[0] == '@') {
			if (!parse_number(section + 1, rate) || *rate <= 0 || *rate > 1)
				return "the sample rate must be a number in (0, 1]";
		} else if (section[0] == '#') {
			add_tags(p, section + 1);
		} else if (section[0] == 'T') {
			if (!parse_number(section + 1, ts))
				return "the |T timestamp is not a number";
			if (!(*ts >= 0 && *ts < 253402300800.0))
				return "the |T timestamp is out of range (epoch seconds up to year 9999)";
			*has_ts = true;
		} else if (section[0] != 'c' || section[1] != ':') {
			return "unknown section after the type";	/* c: is a container id */
		}
	}
	return NULL;
}

static const char *
parse_statsd(log_parser *p, char *line, const char **name, double *value,
    pp_point_type *type, const char **unit, bool *has_ts, double *ts)
{
	char *colon = strchr(line, ':'), *bar, *kind, *sections;
	double rate = 1;
	const char *problem;

	if (colon == NULL || colon == line)
		return "a line must be name:value|type";
	*colon = '\0';
	*name = line;
	bar = strchr(colon + 1, '|');
	if (bar == NULL)
		return "a line must be name:value|type";
	*bar = '\0';
	kind = bar + 1;
	sections = strchr(kind, '|');
	if (sections != NULL)
		*sections++ = '\0';
	*unit = NULL;
	if (strcmp(kind, "c") == 0)
		*type = PP_TYPE_COUNTER;
	else if (strcmp(kind, "g") == 0)
		*type = PP_TYPE_GAUGE;
	else if (strcmp(kind, "ms") == 0)
		*type = PP_TYPE_TIMER, *unit = "ms";
	else if (strcmp(kind, "h") == 0 || strcmp(kind, "d") == 0)
		*type = PP_TYPE_HISTOGRAM;
	else if (strcmp(kind, "s") == 0)
		return "sets (|s) count distinct members and give no point";
	else
		return "the type must be c, g, ms, h or d";
	if (!parse_number(colon + 1, value))
		return "the value is not a number";
	if ((problem = read_sections(p, sections, &rate, has_ts, ts)) != NULL)
		return problem;
	if (*type == PP_TYPE_COUNTER)
		*value /= rate;
	return NULL;
}

static void
statsd_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	const char *problem, *name, *unit;
	pp_point_type type;
	double value, ts = 0;
	bool has_ts = false;

	if (strspn(line, " \t") == length)
		return;
	pp_buffer_clear(&p->copy);
	pp_buffer_append(&p->copy, line, length);
	pp_tags_clear(&p->tags);
	problem = parse_statsd(p, p->copy.data, &name, &value, &type, &unit, &has_ts, &ts);
	if (problem != NULL) {
		tool_reject_line(&p->options->c.tool, source, number, line, length, "%s", problem);
		return;
	}
	if (!has_ts) {
		ts = collect_input_time(&p->options->c);
	}
	collect_emit(&p->options->c, name, value, true, ts, type, unit, &p->tags);
}

static log_parser *
statsd_create(log_options *options)
{
	log_parser *p = pp_xcalloc(1, sizeof(*p));

	p->options = options;
	return p;
}

static void
statsd_destroy(log_parser *p)
{
	pp_buffer_free(&p->copy);
	pp_tags_free(&p->tags);
	free(p);
}

const log_format log_format_statsd = {"statsd", statsd_create, statsd_line,
	NULL, statsd_destroy};
