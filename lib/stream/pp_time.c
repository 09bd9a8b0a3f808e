/*
 * pp_time.c - RFC 3339 parsing and printing, independent of the TZ
 * environment (the date arithmetic is Howard Hinnant's days-from-civil
 * algorithm, which is exact over the whole proleptic Gregorian calendar).
 */
#include "pp_time.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#include "pp_buffer.h"
#include "pp_json.h"

long long
pp_days_from_civil(long long year, unsigned month, unsigned day)
{
	long long era;
	unsigned year_of_era, day_of_year, day_of_era;

	year -= month <= 2;
	era = (year >= 0 ? year : year - 399) / 400;
	year_of_era = (unsigned)(year - era * 400);
	day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
	return era * 146097 + (long long)day_of_era - 719468;
}

static void
civil_from_days(long long days, long long *year, unsigned *month, unsigned *day)
{
	long long era;
	unsigned day_of_era, year_of_era, day_of_year, month_index;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	day_of_era = (unsigned)(days - era * 146097);
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
	day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	month_index = (5 * day_of_year + 2) / 153;
	*day = day_of_year - (153 * month_index + 2) / 5 + 1;
	*month = month_index < 10 ? month_index + 3 : month_index - 9;
	*year = (long long)year_of_era + era * 400 + (*month <= 2);
}

/* Reads exactly count digits at *cursor; returns -1 when they are not all
 * digits or the text ends first. */
static long
read_digits(const char **cursor, const char *end, int count)
{
	long value = 0;

	for (; count > 0; count--, (*cursor)++) {
		if (*cursor >= end || **cursor < '0' || **cursor > '9')
			return -1;
		value = value * 10 + (**cursor - '0');
	}
	return value;
}

static int
expect(const char **cursor, const char *end, const char *choices)
{
	const char *choice;

	if (*cursor >= end)
		return 0;
	for (choice = choices; *choice != '\0'; choice++)
		if (**cursor == *choice) {
			(*cursor)++;
			return 1;
		}
	return 0;
}

static int
days_in_month(long year, long month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

static int
parse_fraction(const char **cursor, const char *end, double *fraction)
{
	double scale = 0.1;
	int digits = 0;

	*fraction = 0;
	if (*cursor >= end || **cursor != '.')
		return 1;
	(*cursor)++;
	while (*cursor < end && **cursor >= '0' && **cursor <= '9') {
		*fraction += (**cursor - '0') * scale;
		scale /= 10;
		(*cursor)++;
		digits++;
	}
	return digits > 0;
}

static int
parse_offset(const char **cursor, const char *end, long *offset_seconds)
{
	long sign, hours, minutes;

	*offset_seconds = 0;
	if (expect(cursor, end, "Zz"))
		return 1;
	if (*cursor >= end || (**cursor != '+' && **cursor != '-'))
		return 0;
	sign = **cursor == '-' ? -1 : 1;
	(*cursor)++;
	hours = read_digits(cursor, end, 2);
	if (hours < 0 || hours > 23 || !expect(cursor, end, ":"))
		return 0;
	minutes = read_digits(cursor, end, 2);
	if (minutes < 0 || minutes > 59)
		return 0;
	*offset_seconds = sign * (hours * 3600 + minutes * 60);
	return 1;
}

pp_status
pp_time_parse_rfc3339(const char *text, size_t length, double *epoch, pp_error *error)
{
	const char *cursor = text, *end = text + length;
	long year, month, day, hour, minute, second, offset;
	double fraction;

	year = read_digits(&cursor, end, 4);
	if (year < 0 || !expect(&cursor, end, "-"))
		goto bad;
	month = read_digits(&cursor, end, 2);
	if (month < 1 || month > 12 || !expect(&cursor, end, "-"))
		goto bad;
	day = read_digits(&cursor, end, 2);
	if (day < 1 || day > days_in_month(year, month) || !expect(&cursor, end, "Tt "))
		goto bad;
	hour = read_digits(&cursor, end, 2);
	if (hour < 0 || hour > 23 || !expect(&cursor, end, ":"))
		goto bad;
	minute = read_digits(&cursor, end, 2);
	if (minute < 0 || minute > 59 || !expect(&cursor, end, ":"))
		goto bad;
	second = read_digits(&cursor, end, 2);
	if (second < 0 || second > 60)	/* 60: a leap second, read as :59 + 1 */
		goto bad;
	if (!parse_fraction(&cursor, end, &fraction) ||
	    !parse_offset(&cursor, end, &offset) || cursor != end)
		goto bad;
	*epoch = (double)(pp_days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 +
	    hour * 3600 + minute * 60 + second - offset) + fraction;
	return PP_OK;
bad:
	return pp_error_set(error, PP_ERR_PARSE,
	    "\"%.*s\" is not an RFC 3339 time", (int)(length > 64 ? 64 : length), text);
}

/* 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: RFC 3339 writes the
 * years in between only. */
#define FIRST_RFC3339_EPOCH (-62167219200.0)
#define PAST_RFC3339_EPOCH 253402300800.0

bool
pp_time_in_range(double epoch)
{
	return epoch >= FIRST_RFC3339_EPOCH && epoch < PAST_RFC3339_EPOCH;
}

void
pp_time_format_rfc3339(double epoch, char *text, size_t size)
{
	double whole;
	long long seconds, days, within, year;
	long microseconds;
	unsigned month, day;

	/* Also keeps the conversion to long long below defined: a "ts" of
	 * 1e300 is a valid double but no instant. */
	if (!(epoch >= FIRST_RFC3339_EPOCH && epoch < PAST_RFC3339_EPOCH)) {
		pp_buffer number = PP_BUFFER_INIT;

		pp_json_write_number(&number, epoch);
		snprintf(text, size, "%s", number.data);
		pp_buffer_free(&number);
		return;
	}
	whole = floor(epoch);
	seconds = (long long)whole;
	days = seconds / 86400;
	within = seconds % 86400;
	microseconds = lround((epoch - whole) * 1e6);

	if (microseconds >= 1000000) {
		microseconds -= 1000000;
		within++;
	}
	if (within < 0) {
		within += 86400;
		days--;
	}
	if (within >= 86400) {
		within -= 86400;
		days++;
	}
	civil_from_days(days, &year, &month, &day);
	if (microseconds == 0)
		snprintf(text, size, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", year, month,
		    day, within / 3600, within / 60 % 60, within % 60);
	else
		snprintf(text, size, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06ldZ", year,
		    month, day, within / 3600, within / 60 % 60, within % 60, microseconds);
}

double
pp_time_now(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (double)now.tv_sec + now.tv_nsec / 1e9;
}
