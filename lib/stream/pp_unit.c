/*
 * pp_unit.c - the unit table, quantities and their conversion.  See
 * pp_unit.h.  The table is small and searched linearly: it is read once per
 * rule and series, never per point.
 */
#include "pp_unit.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct unit_entry {
	const char *name;
	pp_dimension dimension;
	double factor;
} unit_entry;

/* Every unit perfpipe converts, with its factor to the base unit. */
static const unit_entry unit_table[] = {
	{"1", PP_DIMENSION_COUNT, 1},
	{"count", PP_DIMENSION_COUNT, 1},
	{"ns", PP_DIMENSION_TIME, 1e-9},
	{"us", PP_DIMENSION_TIME, 1e-6},
	{"\xc2\xb5s", PP_DIMENSION_TIME, 1e-6},	/* µs */
	{"ms", PP_DIMENSION_TIME, 1e-3},
	{"s", PP_DIMENSION_TIME, 1},
	{"seconds", PP_DIMENSION_TIME, 1},
	{"min", PP_DIMENSION_TIME, 60},
	{"h", PP_DIMENSION_TIME, 3600},
	{"B", PP_DIMENSION_SIZE, 1},
	{"By", PP_DIMENSION_SIZE, 1},		/* UCUM, as OpenMetrics writes it */
	{"byte", PP_DIMENSION_SIZE, 1},
	{"bytes", PP_DIMENSION_SIZE, 1},
	{"kB", PP_DIMENSION_SIZE, 1e3},
	{"KB", PP_DIMENSION_SIZE, 1e3},
	{"MB", PP_DIMENSION_SIZE, 1e6},
	{"GB", PP_DIMENSION_SIZE, 1e9},
	{"TB", PP_DIMENSION_SIZE, 1e12},
	{"KiB", PP_DIMENSION_SIZE, 1024.0},
	{"MiB", PP_DIMENSION_SIZE, 1024.0 * 1024},
	{"GiB", PP_DIMENSION_SIZE, 1024.0 * 1024 * 1024},
	{"TiB", PP_DIMENSION_SIZE, 1024.0 * 1024 * 1024 * 1024},
	{"ratio", PP_DIMENSION_FRACTION, 1},
	{"%", PP_DIMENSION_FRACTION, 0.01},
	{"percent", PP_DIMENSION_FRACTION, 0.01},
};

/* The units of time a rate may be per ("/s", "bytes/min"). */
static const unit_entry per_table[] = {
	{"s", PP_DIMENSION_TIME, 1},
	{"min", PP_DIMENSION_TIME, 60},
	{"h", PP_DIMENSION_TIME, 3600},
};

static const unit_entry *
find_entry(const unit_entry *table, size_t count, const char *name, size_t length)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(table[i].name) == length && memcmp(table[i].name, name, length) == 0)
			return &table[i];
	return NULL;
}

pp_status
pp_unit_parse(const char *name, pp_unit *unit, pp_error *error)
{
	const char *slash = strchr(name, '/');
	size_t length = slash != NULL ? (size_t)(slash - name) : strlen(name);
	const unit_entry *base, *per = NULL;

	/* "/s" alone is a count per second, as "1/s" */
	base = slash != NULL && length == 0 ? &unit_table[0] :
	    find_entry(unit_table, sizeof(unit_table) / sizeof(unit_table[0]), name, length);
	if (slash != NULL)
		per = find_entry(per_table, sizeof(per_table) / sizeof(per_table[0]), slash + 1,
		    strlen(slash + 1));
	if (base == NULL || (slash != NULL && per == NULL))
		return pp_error_set(error, PP_ERR_INVALID, "unknown unit \"%s\" (known: ns, us, "
		    "ms, s, min, h; B, kB, MB, GB, KiB, MiB, GiB; %%, ratio; and any of them "
		    "per s, min or h, as MB/s or /s)", name);
	unit->dimension = base->dimension;
	unit->per_time = slash != NULL;
	unit->factor = base->factor / (per != NULL ? per->factor : 1);
	return PP_OK;
}

const char *
pp_unit_describe(const pp_unit *unit)
{
	static const char *const plain[] = {"a count", "a duration", "a size", "a fraction"};
	static const char *const per_time[] = {"a rate per second", "a duration per second",
		"a size per second", "a fraction per second"};

	return (unit->per_time ? per_time : plain)[unit->dimension];
}

/* The length of the plain decimal number at the start of text[0..length):
 * [+-]digits[.digits][e[+-]digits], or 0 when there is none. */
static size_t
decimal_length(const char *text, size_t length)
{
	size_t i = 0, digits = 0, exponent_start;

	if (i < length && (text[i] == '+' || text[i] == '-'))
		i++;
	while (i < length && isdigit((unsigned char)text[i]))
		i++, digits++;
	if (i < length && text[i] == '.') {
		i++;
		while (i < length && isdigit((unsigned char)text[i]))
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	/* an exponent only with digits after it: "5e" leaves "e" to the unit */
	if (i < length && (text[i] == 'e' || text[i] == 'E')) {
		exponent_start = i++;
		if (i < length && (text[i] == '+' || text[i] == '-'))
			i++;
		if (i < length && isdigit((unsigned char)text[i])) {
			while (i < length && isdigit((unsigned char)text[i]))
				i++;
		} else {
			i = exponent_start;
		}
	}
	return i;
}

pp_status
pp_quantity_parse(const char *text, size_t length, pp_quantity *quantity, pp_error *error)
{
	size_t number_length = decimal_length(text, length);
	char number[64];
	double value;
	pp_unit unit;
	pp_error unit_error;

	/* "0x10" reads as 0 then the unit "x10": refused below as unknown */
	if (number_length == 0 || number_length >= sizeof(number))
		return pp_error_set(error, PP_ERR_INVALID, "\"%.*s\" is not a number "
		    "(plain decimal, optionally with a unit: 300ms, 2%%, 1.5MB)",
		    (int)(length < 64 ? length : 64), text);
	memcpy(number, text, number_length);
	number[number_length] = '\0';
	errno = 0;
	value = strtod(number, NULL);
	/* an underflow (1e-400) is as good as the zero or subnormal it gives */
	if (errno == ERANGE && fabs(value) > 1)
		return pp_error_set(error, PP_ERR_INVALID, "\"%s\" is out of range", number);
	if (length - number_length >= PP_UNIT_NAME_SIZE)
		return pp_error_set(error, PP_ERR_INVALID, "unknown unit \"%.*s\"",
		    (int)(length - number_length), text + number_length);
	if (number_length < length) {
		char name[PP_UNIT_NAME_SIZE];

		memcpy(name, text + number_length, length - number_length);
		name[length - number_length] = '\0';
		if (memchr(name, '\0', length - number_length) != NULL)
			return pp_error_set(error, PP_ERR_INVALID, "a unit holds no NUL byte");
		if (pp_unit_parse(name, &unit, &unit_error) != PP_OK)
			return pp_error_set(error, PP_ERR_INVALID, "\"%.*s\": %s", (int)length,
			    text, unit_error.message);
		memcpy(quantity->unit, name, length - number_length + 1);
	} else {
		quantity->unit[0] = '\0';
	}
	quantity->value = value;
	return PP_OK;
}

void
pp_quantity_format(const pp_quantity *quantity, char *out, size_t size)
{
	char number[40];

	/* 15 digits read back as the same number but for a rare few */
	snprintf(number, sizeof(number), "%.15g", quantity->value);
	if (strtod(number, NULL) != quantity->value)
		snprintf(number, sizeof(number), "%.17g", quantity->value);
	snprintf(out, size, "%s%s", number, quantity->unit);
}

double
pp_quantity_base_value(const pp_quantity *quantity)
{
	pp_unit unit;

	if (quantity->unit[0] == '\0' || pp_unit_parse(quantity->unit, &unit, NULL) != PP_OK)
		return quantity->value;
	return quantity->value * unit.factor;
}

pp_status
pp_quantity_convert(const pp_quantity *quantity, const char *unit, double *value,
    pp_error *error)
{
	char written[64];
	pp_unit from, to;
	double converted;

	if (quantity->unit[0] == '\0') {
		*value = quantity->value;
		return PP_OK;
	}
	pp_quantity_format(quantity, written, sizeof(written));
	if (pp_unit_parse(quantity->unit, &from, error) != PP_OK)
		return PP_ERR_INVALID;
	if (unit == NULL || unit[0] == '\0')
		return pp_error_set(error, PP_ERR_INVALID, "%s (%s) has a unit but the series "
		    "has none in the stream: write the number in its raw unit", written,
		    pp_unit_describe(&from));
	if (pp_unit_parse(unit, &to, NULL) != PP_OK)
		return pp_error_set(error, PP_ERR_INVALID, "%s (%s) cannot be converted to "
		    "\"%s\", a unit perfpipe does not know: write the number in it", written,
		    pp_unit_describe(&from), unit);
	if (from.dimension != to.dimension || from.per_time != to.per_time)
		return pp_error_set(error, PP_ERR_INVALID, "%s (%s) does not fit %s (%s)",
		    written, pp_unit_describe(&from), unit, pp_unit_describe(&to));
	converted = quantity->value * (from.factor / to.factor);
	if (!isfinite(converted))
		return pp_error_set(error, PP_ERR_INVALID, "%s is out of range in %s", written,
		    unit);
	*value = converted;
	return PP_OK;
}

void
pp_unit_of_stat(const char *unit, const char *type, const char *stat, char *out,
    size_t size)
{
	bool counter = type != NULL && (strcmp(type, "counter") == 0 ||
	    strcmp(type, "cumulative") == 0);

	if (strcmp(stat, "count") == 0 || strcmp(stat, "numerator") == 0 ||
	    strcmp(stat, "denominator") == 0 || strcmp(stat, "resets") == 0)
		snprintf(out, size, "1");
	else if (strcmp(stat, "ratio") == 0)
		snprintf(out, size, "ratio");
	else if (strcmp(stat, "rate") != 0)
		snprintf(out, size, "%s", unit != NULL ? unit : "");
	else if (!counter)
		snprintf(out, size, "1/s");
	else if (unit == NULL || unit[0] == '\0')
		snprintf(out, size, "1/s");
	else if (strchr(unit, '/') != NULL)
		snprintf(out, size, "%s", "");	/* a rate of a rate: unknown */
	else
		snprintf(out, size, "%s/s", unit);
}
