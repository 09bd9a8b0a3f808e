/*
 * main.c - perf-collect: turns the world into points.
 *
 * Wiring only: the first argument names a subcommand, whose own file
 * parses the rest of the command line (each with its own argp table, so
 * `perf-collect log --help` lists the log options).  Without a
 * subcommand, argp answers --help, --usage and --version.
 */
#include <argp.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"

const char *argp_program_version = "perf-collect (perfpipe) " PERFPIPE_VERSION;

typedef struct subcommand {
	const char *name;
	const collect_command *command;
} subcommand;

static const subcommand subcommands[] = {
	{"system", &collect_system_command},
	{"log", &collect_log_command},
	{"exec", &collect_exec_command},
	{"process", &collect_process_command},
	{"replay", &collect_replay_command},
};

static const char doc[] =
    "Collect performance points from a source and write them as NDJSON."
    "\vSUBCOMMANDS:\n"
    "  system    sample /proc (CPU, memory, ...)\n"
    "  log       read log files (--format jsonl, nginx, prometheus, ...)\n"
    "  process   sample processes from /proc/PID, like pidstat\n"
    "  exec      time runs of a command, like hyperfine\n"
    "  replay    read back what --store kept\n"
    "Run 'perf-collect SUBCOMMAND --help' for a subcommand's options.";

static error_t
parse_top(int key, char *argument, struct argp_state *state)
{
	(void)argument;
	if (key == ARGP_KEY_ARG || key == ARGP_KEY_NO_ARGS)
		argp_usage(state);
	return ARGP_ERR_UNKNOWN;
}

int
main(int argc, char **argv)
{
	static const struct argp top = {NULL, parse_top, "SUBCOMMAND [OPTION...]", doc,
		NULL, NULL, NULL};
	char name[64];
	size_t i;

	argp_err_exit_status = PP_EXIT_USAGE;
	if (argc >= 2 && argv[1][0] != '-') {
		for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
			if (strcmp(argv[1], subcommands[i].name) == 0) {
				snprintf(name, sizeof(name), "perf-collect %s", argv[1]);
				argv[1] = name;
				return collect_run(subcommands[i].command, argc - 1, argv + 1);
			}
		fprintf(stderr, "perf-collect: unknown subcommand \"%s\"\n"
		    "Try 'perf-collect --help' or 'perf-collect --usage' for more "
		    "information.\n", argv[1]);
		return PP_EXIT_USAGE;
	}
	argp_parse(&top, argc, argv, 0, NULL, NULL);
	return PP_EXIT_USAGE;
}
