/*
 * collect.h - what every perf-collect source shares: the options common to
 * all subcommands (--tag, and through tool_argp -o, --rejects, --strict)
 * and the one way a source emits a point.
 *
 * Sources never format output themselves: they call collect_emit with a
 * name, a value and borrowed tags, and collect_emit adds the --tag pairs
 * and writes the point with pp_point_write.  That keeps every source's
 * output canonical and makes --tag work the same everywhere.
 */
#ifndef COLLECT_H
#define COLLECT_H

#include <argp.h>
#include <stdbool.h>

#include "pp_record.h"
#include "pp_tags.h"
#include "tool.h"

/* The kinds of point (name, type, unit) whose fixed bytes
 * collect_emit_prepared keeps: an access log line gives at most four. */
#define COLLECT_HEADS 4

typedef struct collect {
	pp_tool tool;
	pp_tags extra_tags;	/* --tag KEY=VALUE, borrowed from argv */
	pp_tags scratch;	/* the merged tags of the point being written */
	pp_buffer prepared;	/* collect_prepare_tags: the scratch tags as JSON */
	struct collect_head {	/* collect_emit_prepared: a point's fixed parts */
		const char *name, *unit;	/* as last given, and their bytes: */
		pp_point_type type;
		pp_buffer before_value;	/* {"name":NAME,"value": */
		pp_buffer after_ts;	/* ,"type":TYPE,"unit":UNIT */
	} heads[COLLECT_HEADS];
	size_t next_head;	/* the slot the next new kind of point takes */
	double head_ts;		/* the last ts written, and its bytes */
	pp_buffer head_ts_text;	/* ,"ts":TS */
	const char *store_dir;	/* --store DIR, or NULL */
	double retention;	/* --retention, seconds; 0: keep everything */
	size_t store_buffer;	/* --store-buffer: records held while the store fails */
	struct store *store;	/* the open --store, or NULL */
	double input_ts;	/* see collect_input_time; 0 until needed */
} collect;

/* The time a point read without one of its own stands at: when the
 * current input first needed it, to the microsecond, the same for every
 * such point of that input.  Whoever reads inputs (log_read.c,
 * log_tail.c) sets input_ts to 0 at the end of each, before the format's
 * end_input. */
double collect_input_time(collect *c);

/* The argp child for --tag; give it the collect as input. */
extern const struct argp collect_argp;

/* What the sampling subcommands (system, process) share: every interval
 * they read files under proc.  Their options struct begins with a
 * sampler. */
typedef struct sampler {
	collect c;		/* first: the shared children's input */
	double interval;	/* -i, seconds (default 1) */
	const char *proc;	/* --proc DIR (default /proc) */
} sampler;

/* The argp child for -i and --proc, which sets their defaults, and
 * through its own child collect_argp for the options of every subcommand;
 * give it the sampler as input. */
extern const struct argp sampler_argp;

/* Sets up c for the subcommand named program ("perf-collect system"). */
void collect_init(collect *c, const char *program);
void collect_free(collect *c);

/* Writes one point: tags (may be NULL) plus the --tag pairs, which win
 * over a source tag of the same key.  unit may be NULL.  has_ts false
 * leaves "ts" out. */
void collect_emit(collect *c, const char *name, double value, bool has_ts,
    double ts, pp_point_type type, const char *unit, const pp_tags *tags);

/* For a source that writes several points with the same tags (an access
 * log line): merges tags (may be NULL) with the --tag pairs and writes
 * them as JSON once; collect_emit_prepared then writes a point with them,
 * byte for byte what collect_emit would write.  The tags must stay alive
 * until the last collect_emit_prepared. */
void collect_prepare_tags(collect *c, const pp_tags *tags);
void collect_emit_prepared(collect *c, const char *name, double value, bool has_ts,
    double ts, pp_point_type type, const char *unit);

/* Merges the --tag pairs into tags (they win). */
void collect_add_extra_tags(collect *c, pp_tags *tags);

/* Splits "KEY=VALUE" in place (the '=' becomes NUL); false when there is
 * no '=' or KEY is empty. */
bool collect_split_pair(char *text, char **key, char **value);

/* A subcommand: its options, how they are read and what it does.  Its
 * options struct (of size bytes) begins with a collect. */
typedef struct collect_command {
	size_t size;
	tool_command line;		/* its options; the child is collect_argp
					   at offset 0 */
	bool without_store;		/* opens the output only, never --store */
	int (*prepare)(void *input);	/* after parsing, before the output
					   opens; a nonzero status ends the run;
					   may be NULL */
	int (*run)(void *input);	/* once the output is open */
	void (*release)(void *input);	/* frees what the subcommand holds;
					   may be NULL */
} collect_command;

/* The one driver of a subcommand: makes its options, parses the command
 * line (argv[0] is "perf-collect NAME") with the shared children wired,
 * prepares, opens the output (and the --store), runs, finishes and frees.
 * Returns the exit status. */
int collect_run(const collect_command *command, int argc, char **argv);

/* The subcommands. */
extern const collect_command collect_system_command, collect_log_command,
    collect_exec_command, collect_process_command, collect_replay_command;

#endif
