/*
 * tool.h - what every perfpipe program shares on the user's side of the
 * library: the diagnostics line, rejected lines, the output stream, signals
 * and the loop over input files.
 *
 * The library reports; this module talks.  It prints
 * "PROGRAM: FILE:LINE: message", keeps bad lines verbatim in the --rejects
 * file, counts them, makes --strict fatal, flushes output per batch, ends
 * quietly on EPIPE, and turns SIGINT/SIGTERM into a
 * flag that the programs' loops check so they can flush before exiting.
 */
#ifndef PP_TOOL_H
#define PP_TOOL_H

#include <argp.h>
#include <stdbool.h>
#include <stdio.h>

#include "pp_buffer.h"
#include "pp_error.h"
#include "pp_reader.h"
#include "self_metrics.h"

typedef struct pp_tool {
	const char *program;
	/* options shared by every program (tool_argp) */
	const char *output_path;	/* -o FILE, or NULL for stdout */
	const char *rejects_path;	/* --rejects FILE */
	bool strict;			/* --strict */
	size_t max_line_bytes;		/* --max-line-bytes, 0 for no limit */
	char **files;			/* the operands, for a program whose
					   parser leaves them to tool_argp */
	int file_count;
	self_metrics self;		/* --self-metrics, and the counts only
					   the program knows */
	const struct tool_command *command;	/* see tool_parse_command_line */
	/* state */
	FILE *output;
	FILE *rejects;
	bool output_closed;		/* EPIPE seen: stop producing */
	int output_error;		/* errno of a failed write, else 0 */
	bool opened;			/* tool_open succeeded */
	pp_buffer pending;		/* output not yet written */
	unsigned long long lines_read, records_out, rejected;
	int exit_status;		/* worst status so far */
	bool rehearsal;			/* says nothing, and --rejects and
					 * --strict do not apply: a part of the
					 * input read on another thread, which
					 * is dropped when it has anything to say
					 * (perf-aggregate's split.c); rejected
					 * still counts */
} pp_tool;

/* The argp child parser for -o, --rejects, --strict, --max-line-bytes,
 * --self-metrics and --self-metrics-interval; it also takes the operands
 * (the input files) into files and file_count when the program's own
 * parser does not.
 * Give the program's pp_tool as its input (see tool_argp_children). */
extern const struct argp tool_argp;

/* Whether key is an option of table (ended by a NULL entry): a parser
 * dispatches by its own table, so an option added to the table is never
 * handed on to a child parser and silently ignored. */
bool tool_option_in(const struct argp_option *table, int key);

/* Prepares tool: program name for messages, signal handling. */
void tool_init(pp_tool *tool, const char *program);
/* Opens the output and the rejects file named by the options; on failure
 * prints the reason and returns PP_EXIT_USAGE or PP_EXIT_INPUT, else 0. */
int tool_open(pp_tool *tool);
/* Widens standard output, when it is a pipe, to 1 MiB (Linux's limit for
 * a user; nothing where the system refuses).  A pipe holds 64 KiB by
 * default: a writer as fast as perf-collect then waits for its reader
 * every 64 KiB, and each wait costs a wake-up of the other process (on a
 * million nginx lines, perf-collect log | cat took 0.9 s, against 0.5 s
 * with 1 MiB).  Not for a program with --state: what its reader never
 * read of the pipe is lost with the reader (EPIPE), so its pipe stays
 * 64 KiB. */
void tool_widen_output_pipe(pp_tool *tool);

/* The processors the program may run on (its affinity), at least 1. */
long tool_processors(void);

/* "PROGRAM: message" on stderr. */
void tool_warn(pp_tool *tool, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* "PROGRAM: message" and "Try 'PROGRAM --help'..." for usage errors;
 * returns PP_EXIT_USAGE. */
int tool_usage_error(pp_tool *tool, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Reports a library error: "PROGRAM: SOURCE:LINE: message". */
void tool_report(pp_tool *tool, const pp_error *error);

/* Rejects an input line: reports error, keeps the line in --rejects and
 * counts it.  Under --strict, flushes what is held and exits with
 * PP_EXIT_INPUT. */
void tool_reject(pp_tool *tool, const pp_error *error, const char *line,
    size_t length);
/* Same, with the reason given here and the position from source/line. */
void tool_reject_line(pp_tool *tool, const char *source, long line_number,
    const char *line, size_t length, const char *format, ...)
    __attribute__((format(printf, 6, 7)));

/* The buffer that output is built in; tool_end_batch writes it. */
pp_buffer *tool_out(pp_tool *tool);
/* Writes what is pending and flushes it, so a live pipeline (or a file
 * that perf-collect --follow or a sampler writes for hours) sees each
 * batch at once; a batch is what the input had ready, so a big file still
 * goes out in large writes.  Returns false once the reader
 * of the output has gone (EPIPE) or a write failed (a full disk): the
 * caller should stop.  True means the batch was written and flushed. */
bool tool_end_batch(pp_tool *tool);
/* True while everything written so far reached the output: no EPIPE, no
 * write error.  A program with a --state commits it only for what was
 * written while this held, after a tool_end_batch that returned true. */
bool tool_output_ok(const pp_tool *tool);
/* write(2) of the whole of bytes, resumed after a signal or a short
 * write; false with *error set (the errno of the failure) otherwise. */
bool tool_write_all(int descriptor, const char *bytes, size_t length, int *error);
/* Writes a line through verbatim (pass-through of kinds not consumed). */
void tool_pass_line(pp_tool *tool, const char *line, size_t length);

/* True once SIGINT or SIGTERM arrived. */
bool tool_interrupted(void);

/* Callback for each line of input; return false to stop reading. */
typedef bool (*tool_line_handler)(pp_tool *tool, pp_reader *reader,
    const char *line, size_t length, void *context);
/* Whether line[0..length) holds only spaces, tabs and carriage returns:
 * a blank line between records, skipped by every program. */
bool tool_is_blank(const char *line, size_t length);

/* Opens path (NULL or "-" for standard input) for reading with the
 * --max-line-bytes limit; NULL with error filled when it cannot. */
pp_reader *tool_open_reader(pp_tool *tool, const char *path, pp_error *error);

/* The input loop over one opened reader: calls handler per line, ends a
 * batch when buffered input runs out, writes --self-metrics on time and
 * stops on an interrupt.  A line over --max-line-bytes is rejected (its
 * first 4 KiB to --rejects) and reading goes on after it.  A read error is reported (exit status 3 at the
 * end) and ends this input.  Returns false when reading must stop. */
bool tool_read_reader(pp_tool *tool, pp_reader *reader, tool_line_handler handler,
    void *context);
/* The input loop's work after each line: --self-metrics when due, the
 * end of a batch of output when input_paused (no whole line is buffered,
 * so the next read may wait) or when output grew large.  Returns false
 * when reading must stop (closed output, an interrupt). */
bool tool_after_line(pp_tool *tool, bool input_paused);
/* The loop over input files, for an input loop of a program's own: opens
 * each file in files[0..count) (standard input when count is 0) and calls
 * loop with its reader, which it closes after.  An unreadable file is
 * reported and skipped (exit status 3 at the end).  Returns false as soon
 * as loop does, or the output failed. */
typedef bool (*tool_input_loop)(pp_tool *tool, pp_reader *reader, void *context);
bool tool_for_each_input(pp_tool *tool, char **files, int count, tool_input_loop loop,
    void *context);
/* Reads every file in files[0..count) (standard input when count is 0),
 * calling handler per line.  An unreadable file is reported and skipped
 * (exit status 3 at the end).  Returns false when reading stopped early
 * (handler, interrupt or closed output). */
bool tool_read_inputs(pp_tool *tool, char **files, int count,
    tool_line_handler handler, void *context);

/* Appends the --self-metrics points to the output now (to standard error
 * when tool->self.to_stderr).  tool_end_batch and tool_read_inputs call it
 * every --self-metrics-interval, tool_finish once at the end; a program
 * calls it only for a loop of its own that does neither. */
void tool_write_self_metrics(pp_tool *tool);

/* Ends the program: writes what is pending (and, with --self-metrics, the
 * last self-metric points, unless tool_open failed), prints the count of rejected
 * lines, checks that stdout was written, closes files.  Returns the exit
 * status to return from main: status, or PP_EXIT_INPUT when writing
 * failed or an input could not be read (unless status is already worse). */
int tool_finish(pp_tool *tool, int status);

/* How a numeric option's text reads. */
typedef enum tool_number {
	TOOL_NUMBER_OK,
	TOOL_NUMBER_SYNTAX,	/* not plain decimal: inf, nan, hex, junk */
	TOOL_NUMBER_RANGE	/* beyond a double (1e400) */
} tool_number;

/* The one strict reader of numbers from the command line: plain decimal
 * ([+-]digits[.digits][e[+-]digits]) and nothing after it, finite.
 * Prints nothing. */
tool_number tool_read_number(const char *text, double *value);
/* Parses a number in [minimum, maximum] for option name; on error prints
 * a usage error naming the option and returns false. */
bool tool_parse_range(pp_tool *tool, const char *option, const char *text,
    double minimum, double maximum, double *value);
/* tool_parse_range with no maximum. */
bool tool_parse_number(pp_tool *tool, const char *option, const char *text,
    double minimum, double *value);
/* A non-negative ratio for option name, written as 0.05 or 5%. */
bool tool_parse_ratio(pp_tool *tool, const char *option, const char *text,
    double *ratio);
/* Parses a duration for option name (must be > 0 unless allow_zero). */
bool tool_parse_duration(pp_tool *tool, const char *option, const char *text,
    bool allow_zero, double *seconds);
/* Parses a size in bytes for option name: a whole number, optionally
 * followed by K, M or G (KiB, MiB, GiB; also written KiB, MiB, GiB),
 * at least 1. */
bool tool_parse_bytes(pp_tool *tool, const char *option, const char *text,
    size_t *bytes);
/* Parses a whole number in [minimum, maximum] for option name. */
bool tool_parse_whole(pp_tool *tool, const char *option, const char *text,
    double minimum, double maximum, size_t *count);

/* How tool_store_option reads an option's argument into its field. */
typedef enum tool_field_kind {
	TOOL_FIELD_STRING,		/* const char *: the argument as given */
	TOOL_FIELD_FLAG,		/* bool: set true; the option takes none */
	TOOL_FIELD_NUMBER,		/* double in [minimum, maximum] */
	TOOL_FIELD_FRACTION,		/* double, strictly between 0 and 1 */
	TOOL_FIELD_RATIO,		/* double, >= 0 (tool_parse_ratio) */
	TOOL_FIELD_WHOLE_NUMBER,	/* double, a whole number >= minimum */
	TOOL_FIELD_COUNT,		/* size_t, whole, in [minimum, maximum] */
	TOOL_FIELD_DURATION,		/* double seconds, > 0 */
	TOOL_FIELD_DURATION_OR_ZERO,	/* double seconds, >= 0 */
	TOOL_FIELD_BYTES		/* size_t, a size (tool_parse_bytes) */
} tool_field_kind;

/* One option of a program whose argument lands in a field of the
 * program's options struct unchanged but for its kind: the option's key,
 * its name for messages ("--interval"), how to read it, where it goes
 * (offsetof) and, for numbers, the range.  A table ends with key 0. */
typedef struct tool_field {
	int key;
	const char *option;
	tool_field_kind kind;
	size_t offset;
	double minimum, maximum;
} tool_field;

/* When key is in fields, reads argument into the field at its offset in
 * options and returns true; a bad argument is a usage error (the message
 * names the option) and exits with PP_EXIT_USAGE.  False when key is not
 * in fields: the parser handles it itself. */
bool tool_store_option(pp_tool *tool, const tool_field *fields, void *options,
    int key, const char *argument);

/* A program's command line: its argp table, the options stored by table
 * (fields, may be NULL), its parser for the rest (may be NULL; it also sees
 * ARGP_KEY_INIT, for defaults, and the operands; with no args_doc, an
 * operand is a usage error, "unexpected argument"), and a second argp child
 * (may be NULL) besides tool_argp, whose input lies child_offset bytes into
 * the program's options. */
typedef struct tool_command {
	const struct argp_option *options;
	const tool_field *fields;
	argp_parser_t parser;
	const char *args_doc, *doc;
	unsigned flags;			/* argp_parse's flags */
	const struct argp *child;
	size_t child_offset;
} tool_command;

/* Parses the command line into options, which begin with the pp_tool:
 * wires tool_argp (and the command's child), stores the fields and hands
 * the rest to the command's parser.  Returns argp_parse's result. */
error_t tool_parse_command_line(const tool_command *command, int argc, char **argv,
    void *options);

/* For --state FILE: true when FILE is absent or a regular file.  Otherwise
 * (a device such as /dev/full, a fifo, a directory) prints "FILE: not a
 * regular file" and returns false: a state file is read whole and
 * replaced by a rename, neither of which a device survives. */
bool tool_state_path_ok(pp_tool *tool, const char *path);

#endif
