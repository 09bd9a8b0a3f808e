/*
 * exec.c - `perf-collect exec`: timed runs of a command, like hyperfine,
 * for CI gates.
 *
 * Each run forks and execs the command (no shell: the arguments are
 * passed as given), waits for it with wait4 to get its rusage, and
 * writes exec.duration (wall, monotonic clock), exec.user_cpu,
 * exec.sys_cpu and exec.max_rss_bytes, tagged with the command's name
 * and its exit status.  The command's output goes to /dev/null unless
 * --show-output.  A failing run is written like any other and, unless
 * --ignore-failure, ends the collection with exit status 1.
 * --import-hyperfine reads hyperfine's JSON export into the same points.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "collect.h"
#include "pp_time.h"

typedef struct exec_options {
	collect c;		/* first: the shared children's input */
	double runs, warmup;
	const char *prepare;
	const char *name;
	const char *import;
	bool ignore_failure, show_output;
} exec_options;

typedef struct run_result {
	double start, wall, user, sys, max_rss;
	char status[32];
	bool failed;
} run_result;

static double
seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

/* Starts argv (or "sh -c shell" when shell is set); output to /dev/null
 * unless show.  Returns the pid or -1. */
static pid_t
start(char **argv, const char *shell, bool show)
{
	pid_t pid = fork();
	int null;

	if (pid != 0)
		return pid;
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(show ? STDERR_FILENO : null, STDOUT_FILENO);
		if (!show)
			dup2(null, STDERR_FILENO);
	}
	signal(SIGPIPE, SIG_DFL);
	if (shell != NULL)
		execl("/bin/sh", "sh", "-c", shell, (char *)NULL);
	else
		execvp(argv[0], argv);
	_exit(127);
}

static bool
run_once(exec_options *o, char **argv, const char *shell, run_result *r)
{
	struct rusage usage;
	double began;
	pid_t pid;
	int status;

	r->start = round(pp_time_now() * 1e6) / 1e6;
	began = clock_monotonic_seconds();
	pid = start(argv, shell, o->show_output);
	if (pid < 0) {
		tool_warn(&o->c.tool, "cannot fork: %s", strerror(errno));
		return false;
	}
	while (wait4(pid, &status, 0, &usage) < 0)
		if (errno != EINTR) {
			tool_warn(&o->c.tool, "wait: %s", strerror(errno));
			return false;
		}
	r->wall = clock_monotonic_seconds() - began;
	r->user = seconds(usage.ru_utime);
	r->sys = seconds(usage.ru_stime);
	r->max_rss = (double)usage.ru_maxrss * 1024;
	if (WIFSIGNALED(status)) {
		snprintf(r->status, sizeof(r->status), "signal %d", WTERMSIG(status));
		r->failed = true;
	} else {
		snprintf(r->status, sizeof(r->status), "%d", WEXITSTATUS(status));
		r->failed = WEXITSTATUS(status) != 0;
	}
	return true;
}

static void
emit_run(exec_options *o, const char *name, const run_result *r)
{
	pp_tags tags = PP_TAGS_INIT;

	pp_tags_set(&tags, "command", name);
	pp_tags_set(&tags, "status", r->status);
	collect_emit(&o->c, "exec.duration", r->wall, true, r->start, PP_TYPE_TIMER, "s", &tags);
	collect_emit(&o->c, "exec.user_cpu", r->user, true, r->start, PP_TYPE_TIMER, "s", &tags);
	collect_emit(&o->c, "exec.sys_cpu", r->sys, true, r->start, PP_TYPE_TIMER, "s", &tags);
	collect_emit(&o->c, "exec.max_rss_bytes", r->max_rss, true, r->start, PP_TYPE_GAUGE,
	    "bytes", &tags);
	pp_tags_free(&tags);
}

/* Runs --prepare; false (after a message) when it fails. */
static bool
prepare(exec_options *o)
{
	run_result r;

	memset(&r, 0, sizeof(r));
	if (o->prepare == NULL)
		return true;
	if (!run_once(o, NULL, o->prepare, &r))
		return false;
	if (r.failed)
		tool_warn(&o->c.tool, "--prepare \"%s\" failed (status %s)", o->prepare, r.status);
	return !r.failed;
}

static int
run_exec(exec_options *o)
{
	const char *slash = strrchr(o->c.tool.files[0], '/');
	const char *name = o->name ? o->name : slash ? slash + 1 : o->c.tool.files[0];
	run_result r;
	double i;

	for (i = 0; i < o->warmup && !tool_interrupted(); i++) {
		memset(&r, 0, sizeof(r));
		if (!prepare(o) || !run_once(o, o->c.tool.files, NULL, &r))
			return PP_EXIT_INPUT;
	}
	for (i = 0; i < o->runs && !tool_interrupted(); i++) {
		memset(&r, 0, sizeof(r));
		if (!prepare(o) || !run_once(o, o->c.tool.files, NULL, &r))
			return PP_EXIT_INPUT;
		emit_run(o, name, &r);
		o->c.tool.lines_read++;	/* records_in of --self-metrics: runs */
		if (!tool_end_batch(&o->c.tool))
			return 0;
		if (r.failed && !o->ignore_failure) {
			tool_warn(&o->c.tool, "run %.0f of %s failed (status %s)", i + 1, name, r.status);
			return PP_EXIT_GATE;
		}
	}
	return 0;
}

/* ---- hyperfine's JSON export ---- */

static double
number_at(jv array, int i, bool *ok)
{
	jv item;
	double value = 0;

	if (jv_get_kind(array) != JV_KIND_ARRAY || i >= jv_array_length(jv_copy(array))) {
		*ok = false;
		return 0;
	}
	item = jv_array_get(jv_copy(array), i);

	/* libjq reads 1e400 as infinity, which no point can carry */
	*ok = jv_get_kind(item) == JV_KIND_NUMBER && isfinite(jv_number_value(item));
	if (*ok)
		value = jv_number_value(item);
	jv_free(item);
	return value;
}

/* One result: per run exec.duration (and max RSS when hyperfine kept it);
 * hyperfine keeps only the mean user and system times, written once. */
static bool
import_result(exec_options *o, jv result, double ts)
{
	jv command = jv_object_get(jv_copy(result), jv_string("command"));
	jv times = jv_object_get(jv_copy(result), jv_string("times"));
	jv codes = jv_object_get(jv_copy(result), jv_string("exit_codes"));
	jv memory = jv_object_get(jv_copy(result), jv_string("memory_usage_byte"));
	bool ok = jv_get_kind(command) == JV_KIND_STRING && jv_get_kind(times) == JV_KIND_ARRAY;
	const char *name = o->name ? o->name : ok ? jv_string_value(command) : "";
	pp_tags tags = PP_TAGS_INIT;
	char status[32];
	int i, n = ok ? jv_array_length(jv_copy(times)) : 0;
	bool has;
	double value;

	pp_tags_set(&tags, "command", name);
	for (i = 0; ok && i < n; i++) {
		value = number_at(codes, i, &has);
		snprintf(status, sizeof(status), "%.0f", has ? value : 0);
		pp_tags_set(&tags, "status", status);
		value = number_at(times, i, &ok);
		if (ok)
			collect_emit(&o->c, "exec.duration", value, true, ts, PP_TYPE_TIMER, "s", &tags);
		value = number_at(memory, i, &has);
		if (ok && has)
			collect_emit(&o->c, "exec.max_rss_bytes", value, true, ts, PP_TYPE_GAUGE,
			    "bytes", &tags);
	}
	pp_tags_remove(&tags, "status");
	jv_free(memory);
	memory = jv_object_get(jv_copy(result), jv_string("user"));
	if (ok && jv_get_kind(memory) == JV_KIND_NUMBER && isfinite(jv_number_value(memory)))
		collect_emit(&o->c, "exec.user_cpu", jv_number_value(memory), true, ts,
		    PP_TYPE_TIMER, "s", &tags);
	jv_free(memory);
	memory = jv_object_get(jv_copy(result), jv_string("system"));
	if (ok && jv_get_kind(memory) == JV_KIND_NUMBER && isfinite(jv_number_value(memory)))
		collect_emit(&o->c, "exec.sys_cpu", jv_number_value(memory), true, ts,
		    PP_TYPE_TIMER, "s", &tags);
	jv_free(memory);
	jv_free(command);
	jv_free(times);
	jv_free(codes);
	pp_tags_free(&tags);
	return ok;
}

static int
import_hyperfine(exec_options *o)
{
	jv document = jv_load_file(o->import, 0), results;
	double ts = round(pp_time_now() * 1e6) / 1e6;
	int i, status = 0;

	if (!jv_is_valid(document)) {
		jv message = jv_invalid_get_msg(document);

		tool_warn(&o->c.tool, "%s: %s", o->import, jv_get_kind(message) == JV_KIND_STRING ?
		    jv_string_value(message) : "cannot be read");
		jv_free(message);
		return PP_EXIT_INPUT;
	}
	/* jv_load_file gives every JSON value of the file, in an array */
	if (jv_get_kind(document) == JV_KIND_ARRAY && jv_array_length(jv_copy(document)) == 1)
		document = jv_array_get(document, 0);
	results = jv_get_kind(document) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(document), jv_string("results")) : jv_invalid();
	if (jv_get_kind(results) != JV_KIND_ARRAY) {
		tool_warn(&o->c.tool, "%s: not a hyperfine export (no \"results\" array)", o->import);
		status = PP_EXIT_INPUT;
	}
	for (i = 0; status == 0 && i < jv_array_length(jv_copy(results)); i++) {
		jv result = jv_array_get(jv_copy(results), i);

		if (jv_get_kind(result) != JV_KIND_OBJECT || !import_result(o, result, ts)) {
			tool_warn(&o->c.tool, "%s: result %d has no \"command\" and \"times\"",
			    o->import, i + 1);
			status = PP_EXIT_INPUT;
		}
		jv_free(result);
	}
	jv_free(results);
	jv_free(document);
	return status;
}

/* ---- options ---- */

enum {
	OPTION_WARMUP = 0x3000, OPTION_PREPARE, OPTION_NAME, OPTION_IGNORE_FAILURE,
	OPTION_SHOW_OUTPUT, OPTION_IMPORT
};

static const struct argp_option exec_argp_options[] = {
	{"runs", 'n', "RUNS", 0, "Time RUNS runs (default 10)", 0},
	{"warmup", OPTION_WARMUP, "N", 0, "Run N times first, unrecorded", 0},
	{"prepare", OPTION_PREPARE, "CMD", 0, "Run CMD with sh -c before each run, untimed", 0},
	{"name", OPTION_NAME, "NAME", 0, "The command tag (default: the program's name)", 0},
	{"ignore-failure", OPTION_IGNORE_FAILURE, NULL, 0,
	    "Keep going when a run fails (exit status not 0)", 0},
	{"show-output", OPTION_SHOW_OUTPUT, NULL, 0,
	    "Send the command's output to standard error instead of /dev/null", 0},
	{"import-hyperfine", OPTION_IMPORT, "FILE", 0,
	    "Read hyperfine's JSON export instead of running a command", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static const tool_field exec_fields[] = {
	{'n', "--runs", TOOL_FIELD_WHOLE_NUMBER, offsetof(exec_options, runs), 1, 0},
	{OPTION_WARMUP, "--warmup", TOOL_FIELD_WHOLE_NUMBER, offsetof(exec_options, warmup), 0, 0},
	{OPTION_PREPARE, "--prepare", TOOL_FIELD_STRING, offsetof(exec_options, prepare), 0, 0},
	{OPTION_NAME, "--name", TOOL_FIELD_STRING, offsetof(exec_options, name), 0, 0},
	{OPTION_IGNORE_FAILURE, "--ignore-failure", TOOL_FIELD_FLAG,
	    offsetof(exec_options, ignore_failure), 0, 0},
	{OPTION_SHOW_OUTPUT, "--show-output", TOOL_FIELD_FLAG,
	    offsetof(exec_options, show_output), 0, 0},
	{OPTION_IMPORT, "--import-hyperfine", TOOL_FIELD_STRING, offsetof(exec_options, import),
	    0, 0},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_exec(int key, char *argument, struct argp_state *state)
{
	exec_options *o = state->input;

	(void)argument;		/* the options with one are in exec_fields; the
				   command line, CMD [ARG...], is the operands
				   that tool_argp takes into c.tool.files */
	switch (key) {
	case ARGP_KEY_INIT:
		o->runs = 10;
		return 0;
	case ARGP_KEY_END:
		if (o->c.tool.file_count == 0 && o->import == NULL)
			exit(tool_usage_error(&o->c.tool, "no command to run (perf-collect exec -- CMD ARGS...)"));
		if (o->c.tool.file_count > 0 && o->import != NULL)
			exit(tool_usage_error(&o->c.tool, "--import-hyperfine takes no command"));
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* hyperfine's results, or runs of the command */
static int
run_or_import(void *input)
{
	exec_options *o = input;

	return o->import != NULL ? import_hyperfine(o) : run_exec(o);
}

const collect_command collect_exec_command = {
	sizeof(exec_options), {exec_argp_options, exec_fields, parse_exec, "-- CMD [ARG...]",
	"Time runs of CMD and write one set of points per run.", ARGP_IN_ORDER,
	    &collect_argp, 0}, false,
	NULL, run_or_import, NULL,
};
