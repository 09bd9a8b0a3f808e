/*
 * deliver.c - perf-alert --exec: runs the user's command for an alert,
 * with no shell in between and no alert value on its command line.
 *
 * The command is started with posix_spawnp(3) exactly as given (CMD and
 * its ARGs); the alert reaches it only as data: its JSON record on
 * standard input and PERFPIPE_ALERT_* environment variables.  A tag value
 * such as "$(touch x)" or "; rm -rf /" is therefore never interpreted by
 * anything perf-alert runs.  The command's standard output goes to
 * perf-alert's standard error, so it cannot corrupt the stream.
 *
 * The command runs in a process group of its own; when it outlives
 * --exec-timeout the whole group is killed, so a hanging notifier cannot
 * stall a cron job.  A command that fails or times out is reported, and
 * the caller keeps the alert to try again (--state).
 */
#include "deliver.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "pp_json.h"

extern char **environ;

bool
deliver_wanted(jv alert)
{
	jv state = jv_object_get(jv_copy(alert), jv_string("state"));
	bool wanted = jv_get_kind(state) == JV_KIND_STRING &&
	    strcmp(jv_string_value(state), "pending") != 0;

	jv_free(state);
	return wanted;
}

/* ---- the environment ---- */

typedef struct environment {
	char **entries;
	size_t count, capacity;
} environment;

static void
env_add(environment *env, char *entry)
{
	if (env->count + 1 >= env->capacity) {
		env->capacity = env->capacity ? env->capacity * 2 : 64;
		env->entries = pp_xrealloc(env->entries, env->capacity * sizeof(char *));
	}
	env->entries[env->count++] = entry;
	env->entries[env->count] = NULL;
}

/* Adds NAME=the field's value: strings as they are, numbers in their
 * shortest form, null as empty, anything else as JSON. */
static void
env_add_field(environment *env, const char *name, jv alert, const char *field)
{
	jv value = jv_object_get(jv_copy(alert), jv_string(field));
	pp_buffer entry = PP_BUFFER_INIT;

	pp_buffer_printf(&entry, "PERFPIPE_ALERT_%s=", name);
	if (jv_get_kind(value) == JV_KIND_STRING)
		pp_buffer_append(&entry, jv_string_value(value),
		    (size_t)jv_string_length_bytes(jv_copy(value)));
	else if (jv_get_kind(value) == JV_KIND_NUMBER)
		pp_json_write_number(&entry, jv_number_value(value));
	else if (jv_is_valid(value) && jv_get_kind(value) != JV_KIND_NULL)
		pp_json_write_value(&entry, value);
	jv_free(value);
	env_add(env, entry.data);	/* the buffer's block becomes the entry */
}

/* How much of the alert goes into the environment: all its fields, all
 * but the tags (and the description, which repeats them), or none; an
 * alert too large for the environment (E2BIG) is on standard input all
 * the same. */
enum { ENV_ALL, ENV_NO_TAGS, ENV_NONE };

static environment
build_environment(jv alert, int fit)
{
	static const char *const fields[][2] = {
		{"ID", "id"}, {"RULE", "rule"}, {"NAME", "name"}, {"TAGS", "tags"},
		{"TYPE", "alert_type"}, {"SEVERITY", "severity"}, {"STATE", "state"},
		{"THRESHOLD", "threshold"}, {"VALUE", "current_value"},
		{"TRIGGERED_AT", "triggered_at"}, {"RESOLVED_AT", "resolved_at"},
		{"DESCRIPTION", "description"},
	};
	environment env = {NULL, 0, 0};
	size_t i;
	char **inherited;

	for (inherited = environ; *inherited != NULL; inherited++)
		if (strncmp(*inherited, "PERFPIPE_ALERT_", 15) != 0)
			env_add(&env, pp_strndup(*inherited, strlen(*inherited)));
	for (i = 0; fit != ENV_NONE && i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fit == ENV_ALL || (strcmp(fields[i][1], "tags") != 0 &&
		    strcmp(fields[i][1], "description") != 0))
			env_add_field(&env, fields[i][0], alert, fields[i][1]);
	return env;
}

/* ---- running ---- */

static int
spawn(alert_options *options, environment *env, int input, pid_t *pid)
{
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attributes;
	int error;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO);
	posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
	posix_spawnattr_init(&attributes);
	posix_spawnattr_setpgroup(&attributes, 0);
	posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETSIGMASK);
	{
		sigset_t defaults, none;

		sigemptyset(&defaults);
		sigaddset(&defaults, SIGPIPE);
		sigaddset(&defaults, SIGINT);
		sigaddset(&defaults, SIGTERM);
		sigemptyset(&none);
		posix_spawnattr_setsigdefault(&attributes, &defaults);
		posix_spawnattr_setsigmask(&attributes, &none);
	}
	error = posix_spawnp(pid, options->exec_argv[0], &actions, &attributes,
	    options->exec_argv, env->entries);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attributes);
	return error;
}

/* Writes text to the command's input without blocking past deadline;
 * a command that does not read its input is not an error. */
static void
feed_input(int output, const pp_buffer *text, double deadline)
{
	size_t done = 0;

	fcntl(output, F_SETFL, O_NONBLOCK);
	while (done < text->length) {
		struct pollfd ready = {output, POLLOUT, 0};
		double left = deadline - clock_monotonic_seconds();
		ssize_t written;
		int polled;

		if (left <= 0)
			return;
		/* poll is never restarted (SA_RESTART or not): a signal here
		 * must not cut the alert short on the command's input */
		polled = poll(&ready, 1, (int)(left * 1000) + 1);
		if (polled < 0 && errno == EINTR)
			continue;
		if (polled <= 0)
			return;
		written = write(output, text->data + done, text->length - done);
		if (written < 0 && errno != EAGAIN && errno != EINTR)
			return;	/* EPIPE: the command closed its input */
		if (written > 0)
			done += (size_t)written;
	}
}

/* Waits for pid until deadline; kills its process group after that.
 * Returns the wait status, or -1 when it timed out. */
static int
wait_until(pid_t pid, double deadline)
{
	int status;

	for (;;) {
		pid_t done = waitpid(pid, &status, WNOHANG);

		if (done == pid)
			return status;
		if (done < 0 && errno != EINTR)
			return 0;
		if (clock_monotonic_seconds() >= deadline) {
			kill(-pid, SIGKILL);	/* the group this run started */
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			return -1;
		}
		nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
	}
}

static void
report_failure(alert_options *options, jv alert, const char *reason)
{
	jv id = jv_object_get(jv_copy(alert), jv_string("id"));
	jv state = jv_object_get(jv_copy(alert), jv_string("state"));

	tool_warn(&options->tool, "--exec %s: alert %s (%s): %s%s", options->exec_argv[0],
	    jv_get_kind(id) == JV_KIND_STRING ? jv_string_value(id) : "?",
	    jv_get_kind(state) == JV_KIND_STRING ? jv_string_value(state) : "?", reason,
	    options->state_path ? "; kept in the state file to retry on the next run" : "");
	jv_free(id);
	jv_free(state);
}

static bool
judge(alert_options *options, jv alert, int status)
{
	char reason[160];

	if (status == -1)
		snprintf(reason, sizeof(reason), "timed out after %gs and was killed",
		    options->exec_timeout);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	else if (WIFEXITED(status))
		snprintf(reason, sizeof(reason), "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(reason, sizeof(reason), "killed by signal %d", WTERMSIG(status));
	report_failure(options, alert, reason);
	return false;
}

bool
deliver_alert(alert_options *options, jv alert)
{
	pp_buffer text = PP_BUFFER_INIT;
	environment env = build_environment(alert, ENV_ALL);
	double deadline = clock_monotonic_seconds() + options->exec_timeout;
	int pipe_ends[2], error;
	pid_t pid;
	bool delivered = false;

	pp_json_write_record(&text, alert);
	if (pipe2(pipe_ends, O_CLOEXEC) != 0) {
		report_failure(options, alert, strerror(errno));
		goto done;
	}
	error = spawn(options, &env, pipe_ends[0], &pid);
	for (int fit = ENV_NO_TAGS; error == E2BIG && fit <= ENV_NONE; fit++) {
		/* a retry would fail the same way forever: the fields that do
		 * not fit are left to standard input */
		pp_strings_free(env.entries, env.count);
		env = build_environment(alert, fit);
		error = spawn(options, &env, pipe_ends[0], &pid);
		if (error != E2BIG)
			tool_warn(&options->tool, "--exec %s: the alert is too large for the "
			    "environment: %s on standard input only", options->exec_argv[0],
			    fit == ENV_NO_TAGS ? "its tags and description" : "all its fields");
	}
	if (error != 0) {
		close(pipe_ends[0]);
		close(pipe_ends[1]);
		report_failure(options, alert, strerror(error));
	} else {
		close(pipe_ends[0]);
		feed_input(pipe_ends[1], &text, deadline);
		close(pipe_ends[1]);
		delivered = judge(options, alert, wait_until(pid, deadline));
	}
done:
	pp_buffer_free(&text);
	pp_strings_free(env.entries, env.count);
	return delivered;
}
