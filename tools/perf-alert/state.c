/*
 * state.c - the --state file: the rule engine's state and the alerts not
 * yet delivered, carried from one run to the next so that a cron job every
 * minute fires an alert once and resolves it once.
 *
 * Concurrent runs are serialised by an exclusive flock(2) on FILE.lock,
 * held from before the state is read until after it is written (a lock on
 * FILE itself would be lost when the new file is renamed over it).  The
 * state is written to a temporary file in the same directory, synced and
 * renamed over FILE, so a crash leaves either the old state or the new one
 * (state_file.c, as perf-collect's).
 * A file that is not a perf-alert state is refused and left untouched.
 */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pp_json.h"
#include "state_file.h"

/* The lock and the temporary files beside FILE are state_file.c's:
 * FILE.lock opened with O_NOFOLLOW, waited for as long as it takes (a
 * cron run waits for the one before), and the temporary files of a
 * killed run removed once it is held. */
static int
take_lock(alert_options *options, alert_state *state)
{
	return state_lock(&options->tool, state->path, -1, &state->lock_fd);
}

/* Reads FILE whole; *missing when it does not exist yet. */
static int
read_state_file(alert_options *options, alert_state *state, pp_buffer *text, bool *missing)
{
	char chunk[8192];
	ssize_t got;
	int descriptor = open(state->path, O_RDONLY | O_CLOEXEC);

	*missing = descriptor < 0 && errno == ENOENT;
	if (descriptor < 0) {
		if (*missing)
			return 0;
		tool_warn(&options->tool, "%s: %s", state->path, strerror(errno));
		return PP_EXIT_INPUT;
	}
	while ((got = read(descriptor, chunk, sizeof(chunk))) > 0)
		pp_buffer_append(text, chunk, (size_t)got);
	close(descriptor);
	if (got < 0) {
		tool_warn(&options->tool, "%s: %s", state->path, strerror(errno));
		return PP_EXIT_INPUT;
	}
	return 0;
}

static int
refuse(alert_options *options, alert_state *state, const char *reason)
{
	tool_warn(&options->tool, "%s: refusing the state file: %s; it is left as it is "
	    "(move it away to start afresh)", state->path, reason);
	return PP_EXIT_INPUT;
}

static int
load_state(alert_options *options, alert_state *state, pp_alerting *engine, jv document)
{
	pp_error error = {NULL, 0, ""};
	jv undelivered;

	if (jv_get_kind(document) != JV_KIND_OBJECT) {
		jv_free(document);
		return refuse(options, state, "not a perf-alert state file");
	}
	undelivered = jv_object_get(jv_copy(document), jv_string("undelivered"));
	if (jv_get_kind(undelivered) != JV_KIND_ARRAY && jv_get_kind(undelivered) != JV_KIND_NULL &&
	    jv_is_valid(undelivered)) {
		jv_free(undelivered);
		jv_free(document);
		return refuse(options, state, "\"undelivered\" is not an array");
	}
	if (pp_alerting_load(engine, document, &error) != PP_OK) {
		jv_free(undelivered);
		return refuse(options, state, error.message);
	}
	jv_free(state->undelivered);
	state->undelivered = jv_get_kind(undelivered) == JV_KIND_ARRAY ? undelivered :
	    (jv_free(undelivered), jv_array());
	return 0;
}

int
state_open(alert_options *options, alert_state *state, pp_alerting *engine)
{
	pp_buffer text = PP_BUFFER_INIT;
	bool missing;
	jv document;
	int status;

	state->path = options->state_path;
	state->lock_fd = -1;
	state->undelivered = jv_array();
	if (state->path == NULL)
		return 0;
	if (!tool_state_path_ok(&options->tool, state->path))
		return PP_EXIT_INPUT;
	if ((status = take_lock(options, state)) != 0 ||
	    (status = read_state_file(options, state, &text, &missing)) != 0 || missing) {
		pp_buffer_free(&text);
		return status;
	}
	if (text.length == 0 || text.length > (size_t)INT32_MAX) {
		pp_buffer_free(&text);
		return refuse(options, state, text.length == 0 ? "the file is empty" :
		    "the file is too large");
	}
	document = jv_parse_sized(text.data, (int)text.length);
	pp_buffer_free(&text);
	if (!jv_is_valid(document)) {
		char message[400], reason[400];
		char *p;

		snprintf(reason, sizeof(reason), "not JSON (%s)",
		    pp_json_parse_message(document, "?", message, sizeof(message)));
		for (p = reason; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';	/* one line per diagnostic */
		return refuse(options, state, reason);
	}
	return load_state(options, state, engine, document);
}

int
state_save(alert_options *options, alert_state *state, pp_alerting *engine)
{
	pp_buffer text = PP_BUFFER_INIT;
	jv document;
	bool ok;

	if (state->path == NULL)
		return 0;
	document = pp_alerting_save(engine);
	document = jv_object_set(document, jv_string("undelivered"), jv_copy(state->undelivered));
	pp_json_write_value(&text, document);
	pp_buffer_append_char(&text, '\n');
	jv_free(document);
	/* mkstemp beside FILE, synced, renamed; the errno of the step that
	 * failed is the one reported */
	ok = state_replace(&options->tool, state->path, text.data, text.length);
	pp_buffer_free(&text);
	return ok ? 0 : PP_EXIT_INPUT;
}

void
state_close(alert_state *state)
{
	if (state->lock_fd >= 0)
		close(state->lock_fd);	/* releases the lock */
	state->lock_fd = -1;
	jv_free(state->undelivered);
	state->undelivered = jv_null();
}
