/*
 * tool.c - diagnostics, rejects, output and the input loop shared by the
 * five programs.  See tool.h.
 */
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pp_duration.h"
#include "text_safe.h"
#include "pp_time.h"

enum { WIDE_PIPE_BYTES = 1024 * 1024 };

static volatile sig_atomic_t interrupted;
static const char *program_name = "perfpipe";

/* libperfpipe's allocations that fail end here: one line, exit 3. */
static void
on_out_of_memory(size_t size)
{
	fprintf(stderr, "%s: out of memory allocating %zu bytes\n", program_name, size);
	fflush(stdout);
	_exit(PP_EXIT_INPUT);
}

static void
on_signal(int number)
{
	(void)number;
	interrupted = 1;
}

bool
tool_interrupted(void)
{
	return interrupted != 0;
}

void
tool_init(pp_tool *tool, const char *program)
{
	struct sigaction action;

	memset(tool, 0, sizeof(*tool));
	tool->program = program;
	tool->output = stdout;
	tool->max_line_bytes = PP_READER_DEFAULT_MAX_LINE;
	program_name = program;
	pp_set_out_of_memory(on_out_of_memory);
	/* SA_RESTART, so that no write is cut short by a signal; a wait for
	 * input still ends with EINTR, as pp_reader waits in poll(2), which
	 * is never restarted, and the loop flushes open windows and state
	 * before the program ends. */
	memset(&action, 0, sizeof(action));
	action.sa_flags = SA_RESTART;
	action.sa_handler = on_signal;
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	/* A closed pipe shows up as EPIPE from write, handled quietly. */
	signal(SIGPIPE, SIG_IGN);
}

int
tool_open(pp_tool *tool)
{
	if (tool->output_path != NULL && strcmp(tool->output_path, "-") != 0) {
		tool->output = fopen(tool->output_path, "w");
		if (tool->output == NULL) {
			tool_warn(tool, "%s: %s", tool->output_path, strerror(errno));
			return PP_EXIT_INPUT;
		}
	}
	if (tool->rejects_path != NULL) {
		tool->rejects = fopen(tool->rejects_path, "w");
		if (tool->rejects == NULL) {
			tool_warn(tool, "%s: %s", tool->rejects_path, strerror(errno));
			return PP_EXIT_INPUT;
		}
	}
	tool->opened = true;
	self_metrics_due(&tool->self);	/* starts the interval's clock */
	return 0;
}

void
tool_widen_output_pipe(pp_tool *tool)
{
#ifdef F_SETPIPE_SZ
	int descriptor = fileno(tool->output);
	struct stat status;

	if (fstat(descriptor, &status) == 0 && S_ISFIFO(status.st_mode) &&
	    fcntl(descriptor, F_GETPIPE_SZ) < WIDE_PIPE_BYTES)
		(void)fcntl(descriptor, F_SETPIPE_SZ, WIDE_PIPE_BYTES);
#else
	(void)tool;
#endif
}

/* Writes "PROGRAM: message" on stderr, the message made safe for a
 * terminal (text_safe): it quotes names, tags and lines from the input. */
static void
put_message(pp_tool *tool, const char *message)
{
	pp_buffer safe = PP_BUFFER_INIT;

	text_safe_append(&safe, message, strlen(message), '\0');
	fprintf(stderr, "%s: %s\n", tool->program, safe.data != NULL ? safe.data : "");
	pp_buffer_free(&safe);
}

static void
vwarn(pp_tool *tool, const char *format, va_list arguments)
{
	char message[4096];

	vsnprintf(message, sizeof(message), format, arguments);
	put_message(tool, message);
}

long
tool_processors(void)
{
	cpu_set_t set;
	long count;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		return CPU_COUNT(&set);
	count = sysconf(_SC_NPROCESSORS_ONLN);
	return count > 0 ? count : 1;
}

void
tool_warn(pp_tool *tool, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	vwarn(tool, format, arguments);
	va_end(arguments);
}

int
tool_usage_error(pp_tool *tool, const char *format, ...)
{
	va_list arguments;

	va_start(arguments, format);
	vwarn(tool, format, arguments);
	va_end(arguments);
	fprintf(stderr, "Try '%s --help' or '%s --usage' for more information.\n",
	    tool->program, tool->program);
	return PP_EXIT_USAGE;
}

void
tool_report(pp_tool *tool, const pp_error *error)
{
	pp_buffer message = PP_BUFFER_INIT;

	if (tool->rehearsal)
		return;
	if (error->source != NULL && error->line > 0)
		pp_buffer_printf(&message, "%s:%ld: %s", error->source, error->line,
		    error->message);
	else if (error->source != NULL)
		pp_buffer_printf(&message, "%s: %s", error->source, error->message);
	else
		pp_buffer_printf(&message, "%s", error->message);
	put_message(tool, message.data);
	pp_buffer_free(&message);
}

void
tool_reject(pp_tool *tool, const pp_error *error, const char *line, size_t length)
{
	tool_report(tool, error);
	tool->rejected++;
	if (tool->rehearsal)
		return;
	if (tool->rejects != NULL) {
		fwrite(line, 1, length, tool->rejects);
		fputc('\n', tool->rejects);
	}
	if (tool->strict) {
		tool_end_batch(tool);
		exit(tool_finish(tool, PP_EXIT_INPUT));
	}
}

void
tool_reject_line(pp_tool *tool, const char *source, long line_number,
    const char *line, size_t length, const char *format, ...)
{
	pp_error error;
	va_list arguments;

	error.source = source;
	error.line = line_number;
	va_start(arguments, format);
	vsnprintf(error.message, sizeof(error.message), format, arguments);
	va_end(arguments);
	tool_reject(tool, &error, line, length);
}

pp_buffer *
tool_out(pp_tool *tool)
{
	return &tool->pending;
}

/* Notes that the output failed with error: EPIPE (the reader went away)
 * ends the output quietly, any other error is kept for tool_finish to
 * report; the errno is the one of the failure itself. */
static void
output_failed(pp_tool *tool, int error)
{
	if (error == EPIPE)
		tool->output_closed = true;
	else if (tool->output_error == 0)
		tool->output_error = error != 0 ? error : EIO;
}

bool
tool_write_all(int descriptor, const char *bytes, size_t length, int *error)
{
	while (length > 0) {
		ssize_t written = write(descriptor, bytes, length);

		if (written < 0 && errno == EINTR)
			continue;	/* a signal before anything was written */
		if (written <= 0) {
			*error = written < 0 ? errno : EIO;
			return false;
		}
		bytes += written;
		length -= (size_t)written;
	}
	return true;
}

/* Flushes the output's stdio buffer, again after a signal. */
static void
flush_output(pp_tool *tool)
{
	while (fflush(tool->output) != 0) {
		int error = errno;

		if (error != EINTR) {
			output_failed(tool, error);
			return;
		}
		clearerr(tool->output);
	}
}

/* Writes the pending batch whole: straight to the descriptor with a loop
 * that resumes after a signal or a short write (stdio drops what a failed
 * write left in its buffer), or through the stream when it has no
 * descriptor (the --store tee, whose own writes do the same). */
static void
write_pending(pp_tool *tool)
{
	int descriptor, error = 0;

	if (tool->pending.length == 0 || !tool_output_ok(tool)) {
		pp_buffer_clear(&tool->pending);
		return;
	}
	descriptor = fileno(tool->output);
	if (descriptor >= 0) {
		flush_output(tool);
		if (tool_output_ok(tool) && !tool_write_all(descriptor, tool->pending.data,
		    tool->pending.length, &error))
			output_failed(tool, error);
	} else if (fwrite(tool->pending.data, 1, tool->pending.length, tool->output) !=
	    tool->pending.length) {
		output_failed(tool, errno);
	}
	pp_buffer_clear(&tool->pending);
}

bool
tool_output_ok(const pp_tool *tool)
{
	return !tool->output_closed && tool->output_error == 0;
}

void
tool_write_self_metrics(pp_tool *tool)
{
	self_metrics_sample sample = {0};
	pp_buffer points = PP_BUFFER_INIT;
	double now;

	if (!tool->self.enabled || !tool_output_ok(tool))
		return;
	sample.records_in = tool->lines_read;
	sample.records_out = tool->records_out;
	sample.rejected = tool->rejected;
	sample.has_late = tool->self.counts_late;
	sample.late = tool->self.late;
	sample.has_series = tool->self.counts_series;
	sample.series = tool->self.series;
	self_metrics_usage(&sample);
	now = round(pp_time_now() * 1e6) / 1e6;	/* the stream's precision */
	if (!tool->self.to_stderr) {
		self_metrics_write(&tool->pending, tool->program, tool->self.subcommand, &sample, now);
		return;
	}
	self_metrics_write(&points, tool->program, tool->self.subcommand, &sample, now);
	fwrite(points.data, 1, points.length, stderr);
	pp_buffer_free(&points);
}

bool
tool_end_batch(pp_tool *tool)
{
	if (self_metrics_due(&tool->self))
		tool_write_self_metrics(tool);
	write_pending(tool);
	if (tool_output_ok(tool))
		flush_output(tool);
	return tool_output_ok(tool);
}

void
tool_pass_line(pp_tool *tool, const char *line, size_t length)
{
	pp_buffer_append(&tool->pending, line, length);
	pp_buffer_append_char(&tool->pending, '\n');
	tool->records_out++;
}

bool
tool_is_blank(const char *line, size_t length)
{
	for (size_t i = 0; i < length; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return false;
	return true;
}

static bool
read_one(pp_tool *tool, pp_reader *reader, tool_line_handler handler, void *context)
{
	pp_error error = {NULL, 0, ""};
	const char *line;
	size_t length;

	for (;;) {
		pp_status status = pp_reader_next(reader, &line, &length, &error);

		if (status == PP_END)
			return true;
		if (status == PP_ERR_INTERRUPTED) {
			if (tool_interrupted())
				return false;
			continue;
		}
		if (status == PP_ERR_TOO_LONG) {
			tool->lines_read++;
			tool_reject(tool, &error, line, length);
		} else if (status != PP_OK) {
			tool_report(tool, &error);
			tool->exit_status = PP_EXIT_INPUT;
			return true;
		} else {
			tool->lines_read++;
			if (!handler(tool, reader, line, length, context))
				return false;
		}
		if (!tool_after_line(tool, !pp_reader_has_line(reader)))
			return false;
	}
}

bool
tool_after_line(pp_tool *tool, bool input_paused)
{
	/* A long input with little output still reports on time. */
	if ((tool->lines_read & 1023) == 0 && self_metrics_due(&tool->self))
		tool_write_self_metrics(tool);
	/* A batch ends when the program has consumed all buffered input
	 * (the next read may wait), or when output grows large. */
	if ((tool->pending.length > (1 << 16) || input_paused) && !tool_end_batch(tool))
		return false;
	return !tool_interrupted();
}

pp_reader *
tool_open_reader(pp_tool *tool, const char *path, pp_error *error)
{
	pp_reader *reader = pp_reader_open(path, error);

	if (reader != NULL)
		pp_reader_set_max_line(reader, tool->max_line_bytes);
	return reader;
}

bool
tool_read_reader(pp_tool *tool, pp_reader *reader, tool_line_handler handler,
    void *context)
{
	return read_one(tool, reader, handler, context);
}

bool
tool_for_each_input(pp_tool *tool, char **files, int count, tool_input_loop loop,
    void *context)
{
	char *standard_input[] = {"-"};
	int i;

	if (count == 0) {
		files = standard_input;
		count = 1;
	}
	for (i = 0; i < count; i++) {
		pp_error error = {NULL, 0, ""};
		pp_reader *reader = tool_open_reader(tool, files[i], &error);
		bool going;

		if (reader == NULL) {
			tool_report(tool, &error);
			tool->exit_status = PP_EXIT_INPUT;
			continue;
		}
		going = loop(tool, reader, context);
		pp_reader_close(reader);
		if (!going || !tool_output_ok(tool))
			return false;
	}
	return true;
}

typedef struct line_loop {
	tool_line_handler handler;
	void *context;
} line_loop;

static bool
read_lines(pp_tool *tool, pp_reader *reader, void *context)
{
	line_loop *loop = context;

	return read_one(tool, reader, loop->handler, loop->context);
}

bool
tool_read_inputs(pp_tool *tool, char **files, int count, tool_line_handler handler,
    void *context)
{
	line_loop loop = {handler, context};

	return tool_for_each_input(tool, files, count, read_lines, &loop);
}

int
tool_finish(pp_tool *tool, int status)
{
	if (tool->opened) {
		tool_write_self_metrics(tool);
		tool->opened = false;	/* once, even when --strict ends here */
	}
	write_pending(tool);
	if (tool->rejected > 0)
		tool_warn(tool, "%llu line%s rejected", tool->rejected,
		    tool->rejected == 1 ? "" : "s");
	if (tool->rejects != NULL && fclose(tool->rejects) != 0) {
		tool_warn(tool, "%s: %s", tool->rejects_path, strerror(errno));
		status = status ? status : PP_EXIT_INPUT;
	}
	tool->rejects = NULL;
	if (tool_output_ok(tool)) {
		flush_output(tool);
		if (tool_output_ok(tool) && ferror(tool->output))
			output_failed(tool, EIO);
	}
	if (tool->output_error != 0) {
		tool_warn(tool, "%s: write failed: %s",
		    tool->output_path ? tool->output_path : "standard output",
		    strerror(tool->output_error));
		status = status ? status : PP_EXIT_INPUT;
	}
	if (tool->output != stdout && fclose(tool->output) != 0 && tool_output_ok(tool)) {
		tool_warn(tool, "%s: %s", tool->output_path, strerror(errno));
		status = status ? status : PP_EXIT_INPUT;
	}
	pp_buffer_free(&tool->pending);
	if (status == 0 && tool->exit_status != 0)
		status = tool->exit_status;
	return status;
}

/* Plain decimal only: [+-]digits[.digits][e[+-]digits].  strtod alone
 * would also take "inf", "nan", hex ("0x20") and leading blanks. */
static bool
is_decimal(const char *text)
{
	const char *p = text;
	bool digits = false;

	if (*p == '+' || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits = true;
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

tool_number
tool_read_number(const char *text, double *value)
{
	char *end;

	if (!is_decimal(text))
		return TOOL_NUMBER_SYNTAX;
	errno = 0;
	*value = strtod(text, &end);
	if (errno == ERANGE || !isfinite(*value))
		return TOOL_NUMBER_RANGE;
	return TOOL_NUMBER_OK;
}

bool
tool_parse_range(pp_tool *tool, const char *option, const char *text,
    double minimum, double maximum, double *value)
{
	tool_number read = tool_read_number(text, value);

	if (read == TOOL_NUMBER_SYNTAX) {
		tool_usage_error(tool, "%s: \"%s\" is not a number", option, text);
		return false;
	}
	if (read == TOOL_NUMBER_RANGE) {
		tool_usage_error(tool, "%s: %s is out of range", option, text);
		return false;
	}
	if (*value < minimum) {
		tool_usage_error(tool, "%s: %s is below the minimum %g", option, text, minimum);
		return false;
	}
	if (*value > maximum) {
		tool_usage_error(tool, "%s: %s is above the maximum %g", option, text, maximum);
		return false;
	}
	return true;
}

bool
tool_parse_number(pp_tool *tool, const char *option, const char *text,
    double minimum, double *value)
{
	return tool_parse_range(tool, option, text, minimum, DBL_MAX, value);
}

bool
tool_parse_ratio(pp_tool *tool, const char *option, const char *text, double *ratio)
{
	size_t length = strlen(text);
	char number[64];

	if (length > 0 && length < sizeof(number) && text[length - 1] == '%') {
		memcpy(number, text, length - 1);
		number[length - 1] = '\0';
		if (!tool_parse_number(tool, option, number, 0.0, ratio))
			return false;
		*ratio /= 100.0;
		return true;
	}
	return tool_parse_number(tool, option, text, 0.0, ratio);
}

bool
tool_parse_duration(pp_tool *tool, const char *option, const char *text,
    bool allow_zero, double *seconds)
{
	pp_error error = {NULL, 0, ""};

	if (pp_duration_parse(text, seconds, &error) != PP_OK) {
		tool_usage_error(tool, "%s: \"%s\": %s", option, text, error.message);
		return false;
	}
	if (!allow_zero && *seconds <= 0) {
		tool_usage_error(tool, "%s: the duration must be greater than zero", option);
		return false;
	}
	return true;
}

/* ---- the shared options ---- */

enum { OPTION_REJECTS = 0x1000, OPTION_STRICT, OPTION_SELF_METRICS,
	OPTION_SELF_METRICS_INTERVAL, OPTION_MAX_LINE_BYTES };

static const struct argp_option shared_options[] = {
	{"output", 'o', "FILE", 0, "Write to FILE instead of standard output", -1},
	{"rejects", OPTION_REJECTS, "FILE", 0,
	    "Keep every rejected input line, verbatim, in FILE", -1},
	{"strict", OPTION_STRICT, NULL, 0,
	    "Stop at the first bad input line (exit status 3)", -1},
	{"max-line-bytes", OPTION_MAX_LINE_BYTES, "SIZE", 0,
	    "Reject an input line longer than SIZE bytes (K, M, G suffixes; "
	    "default 16M), keeping its first 4 KiB in --rejects", -1},
	{"self-metrics", OPTION_SELF_METRICS, NULL, 0,
	    "At the end, add the program's own counters to the output as "
	    "perfpipe.PROGRAM.* points", -1},
	{"self-metrics-interval", OPTION_SELF_METRICS_INTERVAL, "DURATION", 0,
	    "With --self-metrics, also add them every DURATION (implies "
	    "--self-metrics)", -1},
	{NULL, 0, NULL, 0, NULL, 0},
};

static error_t
parse_shared(int key, char *argument, struct argp_state *state)
{
	pp_tool *tool = state->input;

	switch (key) {
	case 'o':
		tool->output_path = argument;
		return 0;
	case OPTION_REJECTS:
		tool->rejects_path = argument;
		return 0;
	case OPTION_STRICT:
		tool->strict = true;
		return 0;
	case OPTION_MAX_LINE_BYTES:
		if (!tool_parse_bytes(tool, "--max-line-bytes", argument,
		    &tool->max_line_bytes))
			exit(PP_EXIT_USAGE);
		return 0;
	case OPTION_SELF_METRICS:
		tool->self.enabled = true;
		return 0;
	case OPTION_SELF_METRICS_INTERVAL:
		if (!tool_parse_duration(tool, "--self-metrics-interval", argument, false,
		    &tool->self.interval))
			exit(PP_EXIT_USAGE);
		tool->self.enabled = true;
		return 0;
	case ARGP_KEY_ARGS:
		tool->files = state->argv + state->next;
		tool->file_count = state->argc - state->next;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

bool
tool_option_in(const struct argp_option *table, int key)
{
	/* argp's end of table: an entry with no key, name, doc or group */
	for (; table->key != 0 || table->name != NULL || table->doc != NULL ||
	    table->group != 0; table++)
		if (table->key == key)
			return true;
	return false;
}

const struct argp tool_argp = {shared_options, parse_shared, NULL, NULL, NULL, NULL, NULL};

bool
tool_state_path_ok(pp_tool *tool, const char *path)
{
	struct stat status;

	if (stat(path, &status) != 0 || S_ISREG(status.st_mode))
		return true;	/* absent (a first run) or a file */
	tool_warn(tool, "%s: not a regular file", path);
	return false;
}

bool
tool_parse_bytes(pp_tool *tool, const char *option, const char *text,
    size_t *bytes)
{
	static const struct { const char *suffix; int shift; } units[] = {
		{"", 0}, {"K", 10}, {"KiB", 10}, {"M", 20}, {"MiB", 20},
		{"G", 30}, {"GiB", 30},
	};
	unsigned long long value = 0;
	const char *p = text;

	while (*p >= '0' && *p <= '9' && value < (1ULL << 40))
		value = value * 10 + (unsigned long long)(*p++ - '0');
	if (p != text && !(*p >= '0' && *p <= '9'))
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (strcmp(p, units[i].suffix) == 0) {
				value <<= units[i].shift;
				if (value < 1 || value > (1ULL << 40)) {
					tool_usage_error(tool, "%s: \"%s\": the size must be "
					    "from 1 byte to 1T", option, text);
					return false;
				}
				*bytes = (size_t)value;
				return true;
			}
	tool_usage_error(tool, "%s: \"%s\" is not a size (a whole number of "
	    "bytes, or with K, M or G)", option, text);
	return false;
}

bool
tool_parse_whole(pp_tool *tool, const char *option, const char *text,
    double minimum, double maximum, size_t *count)
{
	double value;

	if (!tool_parse_number(tool, option, text, minimum, &value))
		return false;
	if (value != floor(value) || value > maximum) {
		tool_usage_error(tool, "%s: \"%s\" is not a whole number up to %.0f",
		    option, text, maximum);
		return false;
	}
	*count = (size_t)value;
	return true;
}

static bool
store_field(pp_tool *tool, const tool_field *field, char *at, const char *argument)
{
	double *number = (double *)at;

	switch (field->kind) {
	case TOOL_FIELD_STRING:
		*(const char **)at = argument;
		return true;
	case TOOL_FIELD_FLAG:
		*(bool *)at = true;
		return true;
	case TOOL_FIELD_NUMBER:
		return tool_parse_range(tool, field->option, argument, field->minimum,
		    field->maximum, number);
	case TOOL_FIELD_FRACTION:
		if (!tool_parse_number(tool, field->option, argument, 0.0, number))
			return false;
		if (*number > 0.0 && *number < 1.0)
			return true;
		tool_usage_error(tool, "%s: %s is not between 0 and 1", field->option, argument);
		return false;
	case TOOL_FIELD_RATIO:
		return tool_parse_ratio(tool, field->option, argument, number);
	case TOOL_FIELD_WHOLE_NUMBER:
		if (!tool_parse_number(tool, field->option, argument, field->minimum, number))
			return false;
		if (*number == floor(*number))
			return true;
		tool_usage_error(tool, "%s: \"%s\" is not a whole number", field->option,
		    argument);
		return false;
	case TOOL_FIELD_COUNT:
		return tool_parse_whole(tool, field->option, argument, field->minimum,
		    field->maximum, (size_t *)at);
	case TOOL_FIELD_DURATION:
	case TOOL_FIELD_DURATION_OR_ZERO:
		return tool_parse_duration(tool, field->option, argument,
		    field->kind == TOOL_FIELD_DURATION_OR_ZERO, number);
	case TOOL_FIELD_BYTES:
		return tool_parse_bytes(tool, field->option, argument, (size_t *)at);
	}
	return false;
}

bool
tool_store_option(pp_tool *tool, const tool_field *fields, void *options, int key,
    const char *argument)
{
	for (; fields->key != 0; fields++)
		if (fields->key == key) {
			if (!store_field(tool, fields, (char *)options + fields->offset, argument))
				exit(PP_EXIT_USAGE);
			return true;
		}
	return false;
}

/* The parser of every program's own options (tool_parse_command_line). */
static error_t
parse_program(int key, char *argument, struct argp_state *state)
{
	pp_tool *tool = state->input;	/* first in the program's options */
	const tool_command *command = tool->command;

	if (key == ARGP_KEY_INIT) {
		state->child_inputs[0] = tool;
		if (command->child != NULL)
			state->child_inputs[1] = (char *)tool + command->child_offset;
	} else if (key == ARGP_KEY_ARG && command->args_doc == NULL)
		exit(tool_usage_error(tool, "unexpected argument \"%s\"", argument));
	else if (command->fields != NULL &&
	    tool_store_option(tool, command->fields, tool, key, argument))
		return 0;
	return command->parser != NULL ? command->parser(key, argument, state) :
	    ARGP_ERR_UNKNOWN;
}

error_t
tool_parse_command_line(const tool_command *command, int argc, char **argv,
    void *options)
{
	struct argp_child children[] = {
		{&tool_argp, 0, NULL, 0},
		{command->child, 0, NULL, 0},
		{NULL, 0, NULL, 0},
	};
	struct argp argp = {command->options, parse_program, command->args_doc,
	    command->doc, children, NULL, NULL};
	pp_tool *tool = options;

	tool->command = command;
	return argp_parse(&argp, argc, argv, command->flags, NULL, options);
}
