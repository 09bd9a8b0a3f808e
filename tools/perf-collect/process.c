/*
 * process.c - `perf-collect process`: per-process metrics from
 * /proc/PID, like pidstat.
 *
 * The processes are given by pid (-p, --pid-file), found by a regular
 * expression over their command lines (--match, looked for again at
 * every sample so that new ones join), or started here (-- CMD ARGS...),
 * in which case sampling goes on until the command exits and perf-collect
 * exits with its status.  Rates (CPU, I/O, context switches) are
 * differences between two samples, so a process's first points come one
 * interval after it is first seen; a process that exits simply stops
 * having points.  Memory grows with the number of processes watched.
 * A per-process file that cannot be read while the process lives
 * (/proc/PID/io or fd/ of another user's process, a /proc without them)
 * drops only its metrics, with one warning per file kind; --proc DIR reads
 * another /proc (a host's, or a fixture in the tests).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <regex.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "collect.h"
#include "pp_time.h"

typedef struct reading {
	double ts;
	double cpu_seconds, read_bytes, write_bytes, switches;
	bool has_io;
	double rss, threads, fds;
	bool has_fds;
	char comm[64];
} reading;

typedef struct watched {
	pid_t pid;
	bool has_previous, seen;
	reading previous;
} watched;

typedef struct process_options {
	sampler s;		/* first: -i, --proc and the shared children's input */
	double count;
	const char *pid_list, *pid_file, *match;
	regex_t pattern;
	watched *items;
	size_t item_count, item_capacity;
	pp_buffer file;
	long ticks;
	unsigned warned;	/* WARNED_* bits: per-process sources warned about */
} process_options;

enum { WARNED_IO = 1, WARNED_FD = 2 };

/* One line the first time a source is missing for a live process. */
static void
warn_missing(process_options *o, unsigned source, const char *path)
{
	if (o->warned & source)
		return;
	o->warned |= source;
	tool_warn(&o->s.c.tool, "%s: %s; its metrics are skipped", path, strerror(errno));
}

static bool
read_file(process_options *o, pid_t pid, const char *what)
{
	char path[4096], chunk[4096];
	size_t got;
	FILE *file;

	snprintf(path, sizeof(path), "%s/%ld/%s", o->s.proc, (long)pid, what);
	pp_buffer_clear(&o->file);
	file = fopen(path, "r");
	if (file == NULL)
		return false;
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		pp_buffer_append(&o->file, chunk, got);
	fclose(file);
	pp_buffer_append_char(&o->file, '\0');
	return true;
}

static double
field_after(const char *text, const char *key)
{
	const char *at = strstr(text, key);

	return at == NULL ? -1 : strtod(at + strlen(key), NULL);
}

/* /proc/PID/stat: "pid (comm) state ppid ... utime stime ... threads".
 * comm may hold spaces and parentheses: it ends at the last ')'. */
static bool
read_stat(process_options *o, pid_t pid, reading *r)
{
	char *open, *close, *field;
	double values[18];
	int i;

	if (!read_file(o, pid, "stat"))
		return false;
	open = strchr(o->file.data, '(');
	close = strrchr(o->file.data, ')');
	if (open == NULL || close == NULL || close < open)
		return false;
	snprintf(r->comm, sizeof(r->comm), "%.*s", (int)(close - open - 1), open + 1);
	field = close + 2;
	/* fields from 3 (state) on; utime is 14, stime 15, threads 20 */
	for (i = 3; i <= 20; i++) {
		values[i - 3] = strtod(field, NULL);
		field = strchr(field, ' ');
		if (field == NULL && i < 20)
			return false;
		if (field != NULL)
			field++;
	}
	r->cpu_seconds = (values[14 - 3] + values[15 - 3]) / (double)o->ticks;
	r->threads = values[20 - 3];
	return true;
}

static double
count_fds(process_options *o, pid_t pid, bool *ok)
{
	char path[4096];
	struct dirent *item;
	DIR *directory;
	double count = 0;

	snprintf(path, sizeof(path), "%s/%ld/fd", o->s.proc, (long)pid);
	directory = opendir(path);
	*ok = directory != NULL;
	if (directory == NULL) {
		warn_missing(o, WARNED_FD, path);
		return 0;
	}
	while ((item = readdir(directory)) != NULL)
		if (item->d_name[0] != '.')
			count++;
	closedir(directory);
	return count;
}

/* One reading of pid; false when it is gone. */
static bool
read_process(process_options *o, pid_t pid, reading *r)
{
	memset(r, 0, sizeof(*r));
	r->ts = round(pp_time_now() * 1e6) / 1e6;
	if (!read_stat(o, pid, r) || !read_file(o, pid, "status"))
		return false;
	r->rss = field_after(o->file.data, "VmRSS:") * 1024;
	r->switches = field_after(o->file.data, "\nvoluntary_ctxt_switches:") +
	    field_after(o->file.data, "nonvoluntary_ctxt_switches:");
	if (r->rss < 0)
		r->rss = 0;	/* a kernel thread, or a zombie */
	if (read_file(o, pid, "io")) {
		r->read_bytes = field_after(o->file.data, "\nread_bytes:");
		r->write_bytes = field_after(o->file.data, "\nwrite_bytes:");
		r->has_io = r->read_bytes >= 0 && r->write_bytes >= 0;
	} else {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%ld/io", o->s.proc, (long)pid);
		warn_missing(o, WARNED_IO, path);
	}
	r->fds = count_fds(o, pid, &r->has_fds);
	return true;
}

static void
emit_process(process_options *o, watched *w, const reading *now)
{
	const reading *then = &w->previous;
	double seconds = now->ts - then->ts;
	pp_tags tags = PP_TAGS_INIT;
	char pid[32];

	snprintf(pid, sizeof(pid), "%ld", (long)w->pid);
	pp_tags_set(&tags, "pid", pid);
	pp_tags_set(&tags, "comm", now->comm);
	if (seconds > 0 && now->cpu_seconds >= then->cpu_seconds)
		collect_emit(&o->s.c, "process.cpu_utilization",
		    (now->cpu_seconds - then->cpu_seconds) / seconds, true, now->ts,
		    PP_TYPE_GAUGE, "ratio", &tags);
	collect_emit(&o->s.c, "process.rss_bytes", now->rss, true, now->ts, PP_TYPE_GAUGE,
	    "bytes", &tags);
	collect_emit(&o->s.c, "process.threads", now->threads, true, now->ts, PP_TYPE_GAUGE,
	    NULL, &tags);
	if (now->has_fds)
		collect_emit(&o->s.c, "process.fds", now->fds, true, now->ts, PP_TYPE_GAUGE, NULL,
		    &tags);
	if (seconds > 0 && now->has_io && then->has_io) {
		collect_emit(&o->s.c, "process.io.read_bytes",
		    fmax(0, now->read_bytes - then->read_bytes) / seconds, true, now->ts,
		    PP_TYPE_GAUGE, "bytes/s", &tags);
		collect_emit(&o->s.c, "process.io.write_bytes",
		    fmax(0, now->write_bytes - then->write_bytes) / seconds, true, now->ts,
		    PP_TYPE_GAUGE, "bytes/s", &tags);
	}
	if (seconds > 0 && now->switches >= then->switches)
		collect_emit(&o->s.c, "process.context_switches",
		    (now->switches - then->switches) / seconds, true, now->ts, PP_TYPE_GAUGE,
		    "1/s", &tags);
	pp_tags_free(&tags);
}

static void
watch(process_options *o, pid_t pid)
{
	size_t i;

	for (i = 0; i < o->item_count; i++)
		if (o->items[i].pid == pid) {
			o->items[i].seen = true;
			return;
		}
	if (o->item_count == o->item_capacity) {
		o->item_capacity = o->item_capacity ? 2 * o->item_capacity : 16;
		o->items = pp_xrealloc(o->items, o->item_capacity * sizeof(*o->items));
	}
	memset(&o->items[o->item_count], 0, sizeof(o->items[0]));
	o->items[o->item_count].pid = pid;
	o->items[o->item_count++].seen = true;
}

/* --match: every process whose command line (or name) matches. */
static void
find_matches(process_options *o)
{
	DIR *proc = opendir(o->s.proc);
	struct dirent *item;
	size_t i;

	for (i = 0; i < o->item_count; i++)
		o->items[i].seen = false;
	while (proc != NULL && (item = readdir(proc)) != NULL) {
		pid_t pid;

		if (!isdigit((unsigned char)item->d_name[0]))
			continue;
		pid = (pid_t)atol(item->d_name);
		if (pid == getpid() || !read_file(o, pid, "cmdline"))
			continue;
		for (i = 0; i + 2 < o->file.length; i++)
			if (o->file.data[i] == '\0')
				o->file.data[i] = ' ';	/* arguments are NUL-separated */
		if (o->file.length <= 1 && !read_file(o, pid, "comm"))
			continue;
		if (regexec(&o->pattern, o->file.data, 0, NULL, 0) == 0)
			watch(o, pid);
	}
	if (proc != NULL)
		closedir(proc);
	/* processes that stopped matching (or exited) are dropped */
	for (i = 0; i < o->item_count;)
		if (!o->items[i].seen)
			o->items[i] = o->items[--o->item_count];
		else
			i++;
}

static void
sample(process_options *o)
{
	reading now;
	size_t i;

	if (o->match != NULL)
		find_matches(o);
	for (i = 0; i < o->item_count;) {
		watched *w = &o->items[i];

		if (!read_process(o, w->pid, &now)) {
			o->items[i] = o->items[--o->item_count];	/* it exited */
			continue;
		}
		if (w->has_previous)
			emit_process(o, w, &now);
		w->previous = now;
		w->has_previous = true;
		i++;
	}
}

/* Sleeps for the interval in short slices, so that a started command's
 * exit is seen at once.  Returns false when interrupted; *exited is set
 * when the child (child > 0) has exited, with its status. */
static bool
sleep_watching(double seconds, pid_t child, bool *exited, int *status)
{
	double left = seconds;

	while (left > 0 && !tool_interrupted()) {
		double slice = left < 0.05 ? left : 0.05;
		struct timespec wait = {(time_t)slice, (long)((slice - floor(slice)) * 1e9)};

		nanosleep(&wait, NULL);
		left -= slice;
		if (child > 0 && waitpid(child, status, WNOHANG) == child) {
			*exited = true;
			return true;
		}
	}
	return !tool_interrupted();
}

static pid_t
start_command(process_options *o)
{
	pid_t pid = fork();

	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO);	/* keep the point stream clean */
		signal(SIGPIPE, SIG_DFL);
		execvp(o->s.c.tool.files[0], o->s.c.tool.files);
		fprintf(stderr, "perf-collect: %s: %s\n", o->s.c.tool.files[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		tool_warn(&o->s.c.tool, "cannot fork: %s", strerror(errno));
	return pid;
}

static int
run_process(void *input)
{
	process_options *o = input;
	pid_t child = 0;
	bool exited = false;
	int status = 0;
	double done;

	if (o->s.c.tool.file_count > 0) {
		if ((child = start_command(o)) < 0)
			return PP_EXIT_INPUT;
		watch(o, child);
	}
	sample(o);
	for (done = 0; o->count == 0 || done < o->count; done++) {
		if (!sleep_watching(o->s.interval, child, &exited, &status) || exited)
			break;
		sample(o);
		o->s.c.tool.lines_read++;	/* records_in of --self-metrics: samples */
		if (!tool_end_batch(&o->s.c.tool))
			break;
		if (o->item_count == 0 && o->match == NULL && child == 0)
			break;	/* every process named has exited */
	}
	if (child > 0 && !exited) {
		if (o->count > 0 && done >= o->count)
			return 0;	/* -n reached: the command runs on */
		kill(child, SIGTERM);
		waitpid(child, &status, 0);
	}
	if (child > 0)
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

/* ---- options ---- */

enum { OPTION_PID_FILE = 0x3000, OPTION_MATCH };

static const struct argp_option process_argp_options[] = {
	{"pid", 'p', "PID,...", 0, "Watch these processes", 0},
	{"pid-file", OPTION_PID_FILE, "FILE", 0, "Watch the process whose pid FILE holds", 0},
	{"match", OPTION_MATCH, "REGEX", 0,
	    "Watch every process whose command line matches REGEX (extended)", 0},
	{"count", 'n', "COUNT", 0, "Stop after COUNT samples (default: until the processes exit)", 0},
	{NULL, 0, NULL, 0, NULL, 0},
};

static void
add_pids(process_options *o, const char *list, const char *option)
{
	const char *at = list;
	char *end;

	while (*at) {
		long pid = strtol(at, &end, 10);

		if (end == at || pid <= 0 || (*end != ',' && *end != '\0' && *end != '\n')) {
			exit(tool_usage_error(&o->s.c.tool, "%s: \"%s\" is not a list of process ids",
			    option, list));
		}
		watch(o, (pid_t)pid);
		at = *end ? end + 1 : end;
	}
}

static void
read_pid_file(process_options *o, const char *path)
{
	FILE *file = fopen(path, "r");
	char text[64] = "";

	if (file == NULL)
		exit(tool_usage_error(&o->s.c.tool, "--pid-file: %s: %s", path, strerror(errno)));
	if (fgets(text, sizeof(text), file) == NULL)
		text[0] = '\0';
	fclose(file);
	add_pids(o, text, "--pid-file");
}

static const tool_field process_fields[] = {
	{'n', "--count", TOOL_FIELD_WHOLE_NUMBER, offsetof(process_options, count), 1, 0},
	{0, NULL, 0, 0, 0, 0},
};

static error_t
parse_process(int key, char *argument, struct argp_state *state)
{
	process_options *o = state->input;	/* -- CMD [ARG...]: the operands,
					   which tool_argp takes into s.c.tool.files */
	int status;

	switch (key) {
	case ARGP_KEY_INIT:
		o->ticks = sysconf(_SC_CLK_TCK);
		return 0;
	case 'p':
		add_pids(o, argument, "--pid");
		return 0;
	case OPTION_PID_FILE:
		read_pid_file(o, argument);
		return 0;
	case OPTION_MATCH:
		if ((status = regcomp(&o->pattern, argument, REG_EXTENDED | REG_NOSUB)) != 0)
			exit(tool_usage_error(&o->s.c.tool, "--match: \"%s\" is not a regular expression",
			    argument));
		o->match = argument;
		return 0;
	case ARGP_KEY_END:
		if ((o->item_count > 0) + (o->match != NULL) + (o->s.c.tool.file_count > 0) != 1)
			exit(tool_usage_error(&o->s.c.tool, "give one of -p, --pid-file, --match or -- CMD"));
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static void
release_process(void *input)
{
	process_options *o = input;

	if (o->match != NULL)
		regfree(&o->pattern);
	free(o->items);
	pp_buffer_free(&o->file);
}

const collect_command collect_process_command = {
	sizeof(process_options), {process_argp_options, process_fields, parse_process, "-- CMD [ARG...]",
	"Sample per-process metrics from /proc/PID.", ARGP_IN_ORDER,
	    &sampler_argp, 0}, false,
	NULL, run_process, release_process,
};
