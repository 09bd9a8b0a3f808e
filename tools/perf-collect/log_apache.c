/*
 * log_apache.c - `--format apache`: access logs in any Apache LogFormat.
 *
 * The LogFormat string is translated into the nginx log_format that reads
 * the same lines (%h is $remote_addr, %t is [$time_local], "%r" is
 * "$request", %{X-Pool}i is $http_x_pool, ...), and log_nginx.c does the
 * rest, so both web servers' logs give the same metrics by the same code.
 * Durations: %D (µs) and %{us}T, %{ms}T, %T and %{s}T (seconds).
 */
#include <ctype.h>
#include <string.h>

#include "web_log.h"

#define APACHE_COMBINED "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\""
#define APACHE_COMMON "%h %l %u %t \"%r\" %>s %b"

typedef struct directive {
	char letter;
	const char *variable;
} directive;

static const directive directives[] = {
	{'h', "remote_addr"}, {'a', "remote_addr"}, {'A', "server_addr"},
	{'l', "remote_logname"}, {'u', "remote_user"}, {'t', "time_local"},
	{'r', "request"}, {'s', "status"}, {'b', "body_bytes_sent"}, {'B', "body_bytes_sent"},
	{'O', "bytes_sent"}, {'I', "bytes_received"}, {'D', "request_time_us"},
	{'T', "request_time"}, {'m', "request_method"}, {'U', "request_uri"},
	{'q', "query_string"}, {'H', "server_protocol"}, {'v', "server_name"},
	{'V', "server_name"}, {'p', "server_port"}, {'P', "pid"}, {'X', "connection_status"},
	{'k', "keepalive_requests"}, {'L', "log_id"}, {'f', "request_filename"},
};

/* $http_x_pool for %{X-Pool}i: lower case, '-' as '_', as nginx names
 * headers. */
static void
append_header(pp_buffer *out, const char *prefix, const char *name, size_t length)
{
	size_t i;

	pp_buffer_printf(out, "${%s", prefix);
	for (i = 0; i < length; i++)
		pp_buffer_append_char(out, name[i] == '-' ? '_' : (char)tolower((unsigned char)name[i]));
	pp_buffer_append_char(out, '}');
}

/* Translates the directive at *at (after '%'); advances *at. */
static bool
translate_directive(const char **at, pp_buffer *out, char *error, size_t size)
{
	const char *p = *at, *argument = NULL;
	size_t argument_length = 0, i;

	while (*p == '>' || *p == '<' || *p == '!' || *p == ',' || isdigit((unsigned char)*p))
		p++;	/* modifiers: final status, conditions */
	if (*p == '{') {
		argument = p + 1;
		p = strchr(argument, '}');
		if (p == NULL) {
			snprintf(error, size, "\"%%{\" without \"}\"");
			return false;
		}
		argument_length = (size_t)(p - argument);
		p++;
	}
	if (*p == '\0') {	/* "%>" or "%{Referer}" ending the format */
		snprintf(error, size, "a directive without its letter at the end");
		return false;
	}
	*at = p + 1;
	if (*p == 'i' || *p == 'o') {
		append_header(out, *p == 'i' ? "http_" : "sent_http_", argument, argument_length);
		return true;
	}
	if (*p == 'T' && argument != NULL) {
		pp_buffer_append_string(out, strncmp(argument, "ms", argument_length) == 0 ?
		    "${request_time_ms}" : strncmp(argument, "us", argument_length) == 0 ?
		    "${request_time_us}" : "${request_time}");
		return true;
	}
	if (argument != NULL && *p != 't') {	/* %{NAME}e, C, n, ...: by name */
		append_header(out, "", argument, argument_length);
		return true;
	}
	for (i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		if (directives[i].letter == *p) {
			/* Apache writes %t with its brackets; %{format}t is another time */
			pp_buffer_printf(out, *p == 't' ? (argument ? "${apache_time}" :
			    "[${%s}]") : "${%s}", directives[i].variable);
			return true;
		}
	snprintf(error, size, "%%%c is not an Apache log directive", *p ? *p : ' ');
	return false;
}

bool
apache_translate(const char *format, pp_buffer *nginx, char *error, size_t size)
{
	const char *at = format;

	pp_buffer_clear(nginx);
	if (strcmp(format, "combined") == 0)
		at = APACHE_COMBINED;
	else if (strcmp(format, "common") == 0)
		at = APACHE_COMMON;
	while (*at != '\0') {
		if (*at == '$' && (isalnum((unsigned char)at[1]) || at[1] == '_' || at[1] == '{')) {
			snprintf(error, size, "a \"$\" before a name cannot be told from a variable");
			return false;
		}
		if (*at != '%') {
			pp_buffer_append_char(nginx, *at++);
		} else if (at[1] == '%') {
			pp_buffer_append_char(nginx, '%');
			at += 2;
		} else {
			at++;
			if (!translate_directive(&at, nginx, error, size))
				return false;
		}
	}
	return true;
}

static log_parser *
apache_create(log_options *options)
{
	pp_buffer nginx = PP_BUFFER_INIT;
	char error[128];
	log_parser *p = NULL;

	if (!apache_translate(options->log_format ? options->log_format : "combined", &nginx,
	    error, sizeof(error)))
		tool_usage_error(&options->c.tool, "--log-format: %s", error);
	else
		p = web_log_create(options, nginx.data);
	pp_buffer_free(&nginx);
	return p;
}

const log_format log_format_apache = {"apache", apache_create, web_log_line, NULL,
	web_log_destroy};
