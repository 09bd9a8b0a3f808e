/*
 * log_nginx.c - `--format nginx`: access logs in any nginx log_format.
 *
 * The format string is compiled once into alternating literals and
 * variables.  A line is matched left to right: a literal must appear
 * exactly; a variable's value runs to the first occurrence of the literal
 * that follows it (nginx escapes '"' inside values as \x22, so a quote
 * never ends a value early), or to the end of the line.  $time_local
 * holds one space of its own, so its search starts after it.  Matching
 * only records where each value lies; the values are then cut out of one
 * copy of the line in place, so a line costs no allocation.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pp_time.h"
#include "pp_suggest.h"
#include "web_log.h"

#define COMBINED "$remote_addr - $remote_user [$time_local] \"$request\" $status " \
	"$body_bytes_sent \"$http_referer\" \"$http_user_agent\""

typedef enum variable_role {
	ROLE_OTHER, ROLE_TIME_LOCAL, ROLE_TIME_ISO8601, ROLE_MSEC, ROLE_REQUEST,
	ROLE_METHOD, ROLE_URI, ROLE_STATUS, ROLE_REQUEST_TIME, ROLE_UPSTREAM_TIME,
	ROLE_BODY_BYTES, ROLE_BYTES, ROLE_REQUEST_TIME_US, ROLE_REQUEST_TIME_MS, ROLE_COUNT
} variable_role;

static const char *const role_names[ROLE_COUNT] = {
	NULL, "time_local", "time_iso8601", "msec", "request", "request_method",
	"request_uri", "status", "request_time", "upstream_response_time",
	"body_bytes_sent", "bytes_sent", "request_time_us", "request_time_ms"};

typedef struct token {
	bool is_variable;
	char *text;		/* literal bytes, or the variable name */
	size_t length;
	variable_role role;
} token;

typedef struct field {
	const char *start;	/* into the line copy; NUL-terminated after a match */
	size_t length;
} field;

struct log_parser {
	log_options *options;
	token *tokens;
	size_t token_count;
	int role_token[ROLE_COUNT];	/* token index per role, or -1 */
	int tag_from_token[LOG_MAX_TAG_FROM];
	field *fields;			/* per token */
	pp_buffer copy;			/* the line being cut into values */
	pp_buffer request;		/* $request, cut into method and path */
	pp_buffer path_class;		/* --path-class: the path's first segment */
	pp_tags tags;
	char last_time[32];		/* the last $time_local parsed, and its ts: */
	size_t last_time_length;	/* a log has many lines per second */
	double last_ts;
};

/* ---- compiling the format ---- */

static void
add_token(log_parser *p, bool is_variable, const char *text, size_t length)
{
	token *t;
	int role;

	p->tokens = pp_xrealloc(p->tokens, (p->token_count + 1) * sizeof(*p->tokens));
	t = &p->tokens[p->token_count++];
	t->is_variable = is_variable;
	t->text = pp_strndup(text, length);
	t->length = length;
	t->role = ROLE_OTHER;
	for (role = 1; is_variable && role < ROLE_COUNT; role++)
		if (strcmp(t->text, role_names[role]) == 0)
			t->role = (variable_role)role;
}

/* Splits format into tokens; false (after a usage message) when two
 * variables touch, since nothing would say where the first one ends. */
static bool
compile(log_parser *p, const char *format)
{
	const char *at = format, *literal = format;

	while (*at != '\0') {
		const char *name = at + 1, *end;

		if (*at != '$' || !(isalnum((unsigned char)*name) || *name == '_' || *name == '{')) {
			at++;
			continue;
		}
		if (at > literal)
			add_token(p, false, literal, (size_t)(at - literal));
		else if (p->token_count > 0 && p->tokens[p->token_count - 1].is_variable) {
			tool_usage_error(&p->options->c.tool, "--log-format: $%s is followed by "
			    "another variable with nothing between them",
			    p->tokens[p->token_count - 1].text);
			return false;
		}
		if (*name == '{') {
			end = strchr(++name, '}');
			if (end == NULL) {
				tool_usage_error(&p->options->c.tool, "--log-format: \"${\" without \"}\"");
				return false;
			}
			add_token(p, true, name, (size_t)(end - name));
			at = end + 1;
		} else {
			for (end = name; isalnum((unsigned char)*end) || *end == '_'; end++)
				;
			add_token(p, true, name, (size_t)(end - name));
			at = end;
		}
		literal = at;
	}
	if (at > literal)
		add_token(p, false, literal, (size_t)(at - literal));
	return true;
}

/* nginx's own variables (core, upstream, realip, gzip, ...) and the
 * families that take any suffix; perf-collect's request_time_us and
 * request_time_ms are among the role names. */
static const char *const nginx_variables[] = {
	"args", "binary_remote_addr", "body_bytes_sent", "bytes_sent", "connection",
	"connection_requests", "connection_time", "content_length", "content_type",
	"document_root", "document_uri", "gzip_ratio", "host", "hostname", "https",
	"is_args", "limit_rate", "msec", "nginx_version", "pid", "pipe",
	"proxy_add_x_forwarded_for", "proxy_host", "proxy_port", "proxy_protocol_addr",
	"proxy_protocol_port", "proxy_protocol_server_addr", "proxy_protocol_server_port",
	"query_string", "realip_remote_addr", "realip_remote_port", "realpath_root",
	"remote_addr", "remote_port", "remote_user", "request", "request_body",
	"request_body_file", "request_completion", "request_filename", "request_id",
	"request_length", "request_method", "request_time", "request_uri", "scheme",
	"server_addr", "server_name", "server_port", "server_protocol", "status",
	"tcpinfo_rtt", "tcpinfo_rttvar", "tcpinfo_snd_cwnd", "tcpinfo_rcv_space",
	"time_iso8601", "time_local", "uri", "upstream_addr", "upstream_bytes_received",
	"upstream_bytes_sent", "upstream_cache_status", "upstream_connect_time",
	"upstream_first_byte_time", "upstream_header_time", "upstream_queue_time",
	"upstream_response_length", "upstream_response_time", "upstream_session_time",
	"upstream_status", "request_time_us", "request_time_ms",
};
static const char *const nginx_prefixes[] = {
	"arg_", "cookie_", "http_", "sent_http_", "sent_trailer_", "upstream_http_",
	"upstream_cookie_", "upstream_trailer_", "ssl_", "geoip_", "geoip2_", "jwt_",
};

/* Whether name is one of nginx's variables, or one the user named in
 * --tag-from (a variable of their own, from map or set). */
static bool
known_variable(const log_options *options, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(nginx_variables) / sizeof(*nginx_variables); i++)
		if (strcmp(name, nginx_variables[i]) == 0)
			return true;
	for (i = 0; i < sizeof(nginx_prefixes) / sizeof(*nginx_prefixes); i++)
		if (strncmp(name, nginx_prefixes[i], strlen(nginx_prefixes[i])) == 0 &&
		    name[strlen(nginx_prefixes[i])] != '\0')
			return true;
	for (i = 0; i < options->tag_from_count; i++)
		if (strcmp(name, options->tag_from_variable[i]) == 0)
			return true;
	return false;
}

/* An unknown variable is refused, naming it and the nearest known one:
 * a typo such as $request_tme would otherwise be skipped in silence and
 * leave the points without their duration. */
static bool
check_variables(log_parser *p)
{
	size_t i;

	for (i = 0; i < p->token_count; i++) {
		const char *name = p->tokens[i].text, *near;

		if (!p->tokens[i].is_variable || known_variable(p->options, name))
			continue;
		near = pp_suggest(name, nginx_variables,
		    sizeof(nginx_variables) / sizeof(*nginx_variables));
		tool_usage_error(&p->options->c.tool, "--log-format: $%s is not an nginx "
		    "variable%s%s%s (a variable of your own, from map or set, must be named "
		    "by --tag-from)", name, near ? "; did you mean $" : "", near ? near : "",
		    near ? "?" : "");
		return false;
	}
	return true;
}

static int
find_variable(const log_parser *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->token_count; i++)
		if (p->tokens[i].is_variable && strcmp(p->tokens[i].text, name) == 0)
			return (int)i;
	return -1;
}

/* The parser of format; nginx's own formats have their variables checked
 * (Apache's directives were checked when they were turned into them). */
static log_parser *
create(log_options *options, const char *format, bool check)
{
	log_parser *p = pp_xcalloc(1, sizeof(*p));
	size_t i;
	int role;

	p->options = options;
	if (!compile(p, format) || (check && !check_variables(p)))
		goto failed;
	for (role = 0; role < ROLE_COUNT; role++)
		p->role_token[role] = role == 0 ? -1 : find_variable(p, role_names[role]);
	for (i = 0; i < options->tag_from_count; i++) {
		p->tag_from_token[i] = find_variable(p, options->tag_from_variable[i]);
		if (p->tag_from_token[i] < 0) {
			tool_usage_error(&options->c.tool, "--tag-from: $%s is not in the log format",
			    options->tag_from_variable[i]);
			goto failed;
		}
	}
	p->fields = pp_xcalloc(p->token_count + 1, sizeof(*p->fields));
	return p;
failed:
	for (i = 0; i < p->token_count; i++)
		free(p->tokens[i].text);
	free(p->tokens);
	free(p);
	return NULL;
}

log_parser *
web_log_create(log_options *options, const char *format)
{
	return create(options, format, false);
}

static log_parser *
nginx_create(log_options *options)
{
	return create(options, options->log_format != NULL &&
	    strcmp(options->log_format, "combined") != 0 ? options->log_format : COMBINED, true);
}

/* ---- matching a line ---- */

/* The first occurrence of literal[0..literal_length) in text[0..length),
 * or NULL: memmem's, found by memchr for its first byte and memcmp for
 * the rest, which for the few bytes between log fields is faster. */
static const char *
find_literal(const char *text, size_t length, const char *literal, size_t literal_length)
{
	const char *end = text + length, *at = text;

	if (literal_length == 0)
		return text;
	while ((size_t)(end - at) >= literal_length &&
	    (at = memchr(at, literal[0], (size_t)(end - at) - literal_length + 1)) != NULL) {
		if (literal_length == 1 || memcmp(at + 1, literal + 1, literal_length - 1) == 0)
			return at;
		at++;
	}
	return NULL;
}

/* Records where each token lies in line[0..length); on a mismatch returns
 * false with the 1-based column of the first byte that does not fit. */
static bool
match(log_parser *p, const char *line, size_t length, size_t *column, size_t *failed)
{
	size_t at = 0, i;
	bool found = false;	/* whether the variable before found this literal at at */

	for (i = 0; i < p->token_count; i++) {
		const token *t = &p->tokens[i];
		const token *next = i + 1 < p->token_count ? &p->tokens[i + 1] : NULL;
		size_t from = at;
		const char *end;

		if (!t->is_variable) {
			if (!found && (length - at < t->length ||
			    memcmp(line + at, t->text, t->length) != 0)) {
				*column = at + 1;
				*failed = i;
				return false;
			}
			at += t->length;
			found = false;
			continue;
		}
		if (t->role == ROLE_TIME_LOCAL) {
			const char *space = memchr(line + at, ' ', length - at);

			from = space != NULL ? (size_t)(space - line) + 1 : length;
		}
		if (next == NULL) {
			end = line + length;
		} else {
			end = find_literal(line + from, length - from, next->text, next->length);
			if (end == NULL) {
				*column = at + 1;
				*failed = i + 1;
				return false;
			}
		}
		p->fields[i].start = line + at;
		p->fields[i].length = (size_t)(end - (line + at));
		at = (size_t)(end - line);
		found = next != NULL;
	}
	if (at != length) {
		*column = at + 1;
		*failed = p->token_count;
		return false;
	}
	return true;
}

/* What is missing when match stopped at token failed: the literal the
 * format wanted there and the variable it leads to, so that a line without
 * its rt= field names $request_time. */
static void
describe_mismatch(const log_parser *p, size_t failed, char *text, size_t size)
{
	const token *t = failed < p->token_count ? &p->tokens[failed] : NULL;
	const token *next = failed + 1 < p->token_count ? &p->tokens[failed + 1] : NULL;

	if (t == NULL)
		snprintf(text, size, "text after the end of the format");
	else if (next != NULL && next->is_variable)
		snprintf(text, size, "no \"%.*s\" before $%s", (int)t->length, t->text,
		    next->text);
	else
		snprintf(text, size, "no \"%.*s\"%s%s", (int)t->length, t->text,
		    failed > 0 && p->tokens[failed - 1].is_variable ? " after $" : "",
		    failed > 0 && p->tokens[failed - 1].is_variable ? p->tokens[failed - 1].text : "");
}

/* The value of the variable of role, NUL-terminated, or NULL when the
 * format lacks it or the log wrote "-" (no value). */
static const char *
value_of(const log_parser *p, variable_role role)
{
	int i = p->role_token[role];

	if (i < 0)
		return NULL;
	if (p->fields[i].length == 0 ||
	    (p->fields[i].length == 1 && p->fields[i].start[0] == '-'))
		return NULL;
	return p->fields[i].start;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* "25/Nov/2026:10:00:00 +0000" into epoch seconds. */
static bool
parse_time_local(const char *text, double *ts)
{
	unsigned day, year, hour, minute, second, zone;
	char month[4], sign;
	const char *found;
	int consumed = 0;

	if (sscanf(text, "%2u/%3[A-Za-z]/%4u:%2u:%2u:%2u %c%4u%n", &day, month, &year, &hour,
	    &minute, &second, &sign, &zone, &consumed) != 8 || text[consumed] != '\0' ||
	    (sign != '+' && sign != '-'))
		return false;
	found = strstr(months, month);
	if (found == NULL || (found - months) % 3 != 0 || strlen(month) != 3 ||
	    day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
		return false;
	*ts = (double)pp_days_from_civil(year, (unsigned)(found - months) / 3 + 1, day) *
	    86400 + hour * 3600 + minute * 60 + second;
	*ts -= (sign == '-' ? -1 : 1) * (double)((zone / 100) * 3600 + (zone % 100) * 60);
	return true;
}

/* Reads a timestamp from whichever time variable the format has. */
static bool
line_time(log_parser *p, double *ts, bool *has_ts, const char **bad)
{
	const char *text;
	char *end;

	*has_ts = true;
	if ((text = value_of(p, ROLE_MSEC)) != NULL) {
		*ts = strtod(text, &end);	/* "inf", "nan" and 1e999 are no time */
		if (end != text && *end == '\0' && *ts >= 0 && pp_time_in_range(*ts))
			return true;
	} else if ((text = value_of(p, ROLE_TIME_ISO8601)) != NULL) {
		if (pp_time_parse_rfc3339(text, strlen(text), ts, NULL) == PP_OK)
			return true;
	} else if ((text = value_of(p, ROLE_TIME_LOCAL)) != NULL) {
		size_t length = p->fields[p->role_token[ROLE_TIME_LOCAL]].length;

		if (length == p->last_time_length && memcmp(text, p->last_time, length) == 0) {
			*ts = p->last_ts;
			return true;
		}
		/* [25/Nov/99999999:...] parses, but is no stream time */
		if (parse_time_local(text, ts) && pp_time_in_range(*ts)) {
			if (length < sizeof(p->last_time)) {
				memcpy(p->last_time, text, length);
				p->last_time_length = length;
				p->last_ts = *ts;
			}
			return true;
		}
	} else {
		*has_ts = false;
		return true;
	}
	*bad = text;
	return false;
}

/* One number of seconds at text as nginx writes it (digits, at most one
 * point: "0.123"), in milliseconds, correctly rounded: the point is moved
 * three places before strtod, so that "1.001" is 1001 ms and not
 * 1.001 * 1000 = 1000.9999999999999.  Anything else strtod would take
 * ("nan", "0x10", "1e3") is not a time.  Sets *end past the number. */
static bool
one_seconds_to_ms(const char *text, const char **end, double *ms)
{
	char shifted[72];
	const char *c, *point = NULL;
	size_t n = 0, digits = 0, i;

	for (c = text; isdigit((unsigned char)*c) || (*c == '.' && point == NULL); c++)
		if (*c == '.')
			point = c;
		else
			digits++;
	if (digits == 0 || c - text > 64)
		return false;
	*end = c;
	if (point == NULL)
		point = c;
	for (c = text; c < point; c++)
		shifted[n++] = *c;
	for (i = 1; i <= 3; i++)
		shifted[n++] = point + i < *end ? point[i] : '0';
	shifted[n++] = '.';
	for (c = point + 4; c < *end; c++)
		shifted[n++] = *c;
	shifted[n] = '\0';
	*ms = strtod(shifted, NULL);
	return true;
}

/* Seconds as written by nginx ("0.123"), into milliseconds.  Several
 * upstreams ("0.010, 0.200" or "0.010 : 0.200") add up; "-" parts, for
 * upstreams that never answered, count nothing. */
static bool
seconds_to_ms(const char *text, double *ms)
{
	const char *end;
	double one;
	bool any = false;

	*ms = 0;
	while (*text != '\0') {
		while (*text == ' ' || *text == ',' || *text == ':')
			text++;
		if (*text == '-' && (text[1] == '\0' || text[1] == ',' || text[1] == ' ')) {
			text++;
			continue;
		}
		if (*text == '\0')
			break;
		if (!one_seconds_to_ms(text, &end, &one))
			return false;
		*ms += one;
		any = true;
		text = end;
	}
	return any;
}

/* The request's duration in ms from the most precise variable the format
 * has (Apache's %D in µs, %{ms}T, then seconds).  *text is the value read
 * (NULL when the format has none); false when it is not a number. */
static bool
request_duration(const log_parser *p, double *ms, const char **text)
{
	static const variable_role roles[] = {ROLE_REQUEST_TIME_US, ROLE_REQUEST_TIME_MS,
		ROLE_REQUEST_TIME};
	static const double per_ms[] = {1000, 1, 0.001};
	size_t i;
	char *end;

	for (i = 0; i < 3; i++) {
		if ((*text = value_of(p, roles[i])) == NULL)
			continue;
		if (roles[i] == ROLE_REQUEST_TIME)
			return seconds_to_ms(*text, ms);
		*ms = strtod(*text, &end) / per_ms[i];	/* exact for whole µs */
		return end != *text && *end == '\0' && *ms >= 0 && isfinite(*ms);
	}
	return true;
}

/* strpbrk(path, "? "), as one loop over the few bytes of a path. */
static char *
query_or_space(const char *path)
{
	for (; *path != '\0'; path++)
		if (*path == '?' || *path == ' ')
			return (char *)path;
	return NULL;
}

/* Splits "GET /path?query HTTP/1.1" into method and path (query cut off);
 * a request nginx could not parse (a TLS probe, "-") gives neither. */
static void
split_request(log_parser *p, const char **method, const char **path)
{
	const char *request = value_of(p, ROLE_REQUEST);
	char *space, *end;

	*method = value_of(p, ROLE_METHOD);
	*path = value_of(p, ROLE_URI);
	if (request != NULL) {
		size_t length = p->fields[p->role_token[ROLE_REQUEST]].length;

		pp_buffer_clear(&p->request);
		pp_buffer_append(&p->request, request, length);
		space = memchr(p->request.data, ' ', length);
		if (space != NULL && space != p->request.data && space[1] == '/') {
			*space = '\0';
			*method = p->request.data;
			*path = space + 1;
		}
	}
	if (*path != NULL && (end = query_or_space(*path)) != NULL) {
		/* *path points into p->request or p->copy, both ours */
		if (p->request.data != NULL && *path >= p->request.data &&
		    *path < p->request.data + p->request.length) {
			*end = '\0';
		} else {
			pp_buffer_clear(&p->request);
			pp_buffer_append(&p->request, *path, (size_t)(end - *path));
			*path = p->request.data;
		}
	}
}

/* A number of bytes: digits only, read as strtod reads them; false for
 * anything else, and for 400 digits, which overflow.  Up to 15 digits
 * the whole number is exact in a double and is added up here. */
static bool
byte_count(const char *text, double *value)
{
	uint64_t whole = 0;
	size_t digits;

	for (digits = 0; text[digits] >= '0' && text[digits] <= '9'; digits++)
		whole = whole * 10 + (uint64_t)(text[digits] - '0');
	if (text[digits] != '\0')
		return false;
	if (digits <= 15) {
		*value = (double)whole;
		return true;
	}
	*value = strtod(text, NULL);
	return isfinite(*value);
}

static bool
valid_status(const char *status)
{
	return status != NULL && strlen(status) == 3 && isdigit((unsigned char)status[0]) &&
	    isdigit((unsigned char)status[1]) && isdigit((unsigned char)status[2]);
}

/* Cuts the values out of the copy: each ends where the next literal
 * begins, which match() has already checked. */
static void
terminate_fields(log_parser *p)
{
	size_t i;

	for (i = 0; i < p->token_count; i++)
		if (p->tokens[i].is_variable)
			((char *)p->fields[i].start)[p->fields[i].length] = '\0';
}

/* --path-class: the path up to its second '/' ("/api/users/7" is "/api",
 * "/" and "/index.html" are themselves), so that a few classes stand for
 * the many paths that ids and files make. */
static void
set_path_class(log_parser *p, const char *path)
{
	const char *end = path[0] == '/' ? strchr(path + 1, '/') : NULL;

	if (end == NULL) {
		pp_tags_set(&p->tags, "path_class", path);
		return;
	}
	pp_buffer_clear(&p->path_class);
	pp_buffer_append(&p->path_class, path, (size_t)(end - path));
	pp_tags_set(&p->tags, "path_class", p->path_class.data);
}

static void
build_tags(log_parser *p, const char *method, const char *path, const char *status,
    char status_class[4])
{
	size_t i;

	pp_tags_clear(&p->tags);
	if (method != NULL)
		pp_tags_set(&p->tags, "method", method);
	if (path != NULL) {
		pp_tags_set(&p->tags, "path", path);
		if (p->options->path_class)
			set_path_class(p, path);
	}
	if (status != NULL) {
		status_class[0] = status[0];
		memcpy(status_class + 1, "xx", 3);
		pp_tags_set(&p->tags, "status", status);
		pp_tags_set(&p->tags, "status_class", status_class);
	}
	for (i = 0; i < p->options->tag_from_count; i++) {
		const field *f = &p->fields[p->tag_from_token[i]];

		if (f->length > 0 && !(f->length == 1 && f->start[0] == '-'))
			pp_tags_set(&p->tags, p->options->tag_from_tag[i], f->start);
	}
}

void
web_log_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	pp_tool *tool = &p->options->c.tool;
	collect *c = &p->options->c;
	const char *method, *path, *status, *text, *bytes, *bad = NULL;
	char status_class[4];
	size_t column, failed;
	char missing[160];
	double ts = 0, ms, byte_value = 0;
	bool has_ts;

	pp_buffer_clear(&p->copy);
	pp_buffer_append(&p->copy, line, length);
	if (!match(p, p->copy.data, length, &column, &failed)) {
		describe_mismatch(p, failed, missing, sizeof(missing));
		tool_reject_line(tool, source, number, line, length,
		    "does not match the log format at column %zu: %s", column, missing);
		return;
	}
	terminate_fields(p);
	status = value_of(p, ROLE_STATUS);
	if (status != NULL && !valid_status(status)) {
		tool_reject_line(tool, source, number, line, length,
		    "$status \"%.32s\" is not an HTTP status", status);
		return;
	}
	if (!line_time(p, &ts, &has_ts, &bad)) {
		tool_reject_line(tool, source, number, line, length,
		    "\"%.64s\" is not a time", bad);
		return;
	}
	bytes = value_of(p, ROLE_BODY_BYTES) ? value_of(p, ROLE_BODY_BYTES) :
	    value_of(p, ROLE_BYTES);
	if (bytes != NULL && !byte_count(bytes, &byte_value)) {
		tool_reject_line(tool, source, number, line, length,
		    "$%s \"%.32s\" is not a number of bytes",
		    value_of(p, ROLE_BODY_BYTES) ? "body_bytes_sent" : "bytes_sent", bytes);
		return;
	}
	split_request(p, &method, &path);
	build_tags(p, method, path, status, status_class);
	if (!request_duration(p, &ms, &bad)) {
		tool_reject_line(tool, source, number, line, length,
		    "the request time \"%.32s\" is not a duration", bad);
		return;
	}
	collect_prepare_tags(c, &p->tags);	/* the line's points share them */
	if (bad != NULL)
		collect_emit_prepared(c, "request.duration", ms, has_ts, ts, PP_TYPE_TIMER, "ms");
	if ((text = value_of(p, ROLE_UPSTREAM_TIME)) != NULL && seconds_to_ms(text, &ms))
		collect_emit_prepared(c, "upstream.duration", ms, has_ts, ts, PP_TYPE_TIMER, "ms");
	collect_emit_prepared(c, "request.completed", 1, has_ts, ts, PP_TYPE_COUNTER, NULL);
	if (bytes != NULL)
		collect_emit_prepared(c, "response.bytes", byte_value, has_ts, ts,
		    PP_TYPE_HISTOGRAM, "bytes");
}

void
web_log_destroy(log_parser *p)
{
	size_t i;

	for (i = 0; i < p->token_count; i++)
		free(p->tokens[i].text);
	free(p->tokens);
	free(p->fields);
	pp_buffer_free(&p->copy);
	pp_buffer_free(&p->request);
	pp_buffer_free(&p->path_class);
	pp_tags_free(&p->tags);
	free(p);
}

const log_format log_format_nginx = {"nginx", nginx_create, web_log_line, NULL,
	web_log_destroy};
