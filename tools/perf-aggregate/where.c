/*
 * where.c - compiling and running the --where jq expression.  See where.h.
 */
#include "where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jq.h>

#include "pp_buffer.h"

struct where_filter {
	jq_state *jq;
	size_t kept;	/* points kept so far */
	size_t judged;	/* points the expression did not fail on */
};

typedef struct compile_errors {
	char *message;
	size_t size;
} compile_errors;

/* libjq reports compile errors through this callback (several may come:
 * the first names the problem). */
static void
on_error(void *data, jv message)
{
	compile_errors *errors = data;

	if (errors->message[0] == '\0' && jv_get_kind(message) == JV_KIND_STRING) {
		const char *text = jv_string_value(message);
		const char *newline = strchr(text, '\n');
		int length = newline != NULL ? (int)(newline - text) : (int)strlen(text);

		snprintf(errors->message, errors->size, "%.*s", length, text);
	}
	jv_free(message);
}

where_filter *
where_compile(const char *program, char *message, size_t size)
{
	where_filter *filter = pp_xcalloc(1, sizeof(*filter));
	compile_errors errors = {message, size};

	message[0] = '\0';
	filter->jq = jq_init();
	if (filter->jq == NULL) {
		snprintf(message, size, "cannot start jq");
		free(filter);
		return NULL;
	}
	jq_set_error_cb(filter->jq, on_error, &errors);
	if (!jq_compile(filter->jq, program)) {
		if (message[0] == '\0')
			snprintf(message, size, "the expression does not compile");
		where_free(filter);
		return NULL;
	}
	jq_set_error_cb(filter->jq, NULL, NULL);
	return filter;
}

int
where_keeps(where_filter *filter, const pp_point *point, char *message, size_t size)
{
	jv result;
	int keep;

	jq_start(filter->jq, pp_point_to_jv(point), 0);
	result = jq_next(filter->jq);
	if (!jv_is_valid(result)) {
		jv why = jv_invalid_get_msg(result);

		if (jv_get_kind(why) == JV_KIND_NULL) {
			keep = 0;	/* no output: like select(false) */
		} else {
			snprintf(message, size, "--where: %s", jv_get_kind(why) == JV_KIND_STRING ?
			    jv_string_value(why) : "the expression failed");
			keep = -1;
		}
		jv_free(why);
		return keep;
	}
	keep = jv_get_kind(result) != JV_KIND_FALSE && jv_get_kind(result) != JV_KIND_NULL;
	jv_free(result);
	filter->kept += (size_t)keep;
	filter->judged++;
	return keep;
}

size_t
where_kept(const where_filter *filter)
{
	return filter != NULL ? filter->kept : 0;
}

size_t
where_judged(const where_filter *filter)
{
	return filter != NULL ? filter->judged : 0;
}

void
where_free(where_filter *filter)
{
	if (filter == NULL)
		return;
	jq_teardown(&filter->jq);
	free(filter);
}
