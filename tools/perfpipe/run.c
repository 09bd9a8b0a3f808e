/*
 * run.c - running a plan's stages as one pipeline.  See run.h.
 *
 * A POSIX shell gives a pipeline the exit status of its last command, so
 * a perf-collect that could not read its file would end in an empty
 * report and status 0.  perfpipe forks the stages itself and returns the
 * worst status of them all: 1 from perf-alert's --fail-on gate, 4 when
 * that gate had nothing to judge, 3 from any stage's input error.  Standard error is shared, so each stage's own
 * diagnostics reach the user unchanged.
 */
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child: connects input/output and runs the stage; never returns. */
static void
start_stage(const stage *s, int input, int output, int close_also)
{
	if (input != STDIN_FILENO) {
		dup2(input, STDIN_FILENO);
		close(input);
	}
	if (output != STDOUT_FILENO) {
		dup2(output, STDOUT_FILENO);
		close(output);
	}
	if (close_also >= 0)
		close(close_also);
	signal(SIGPIPE, SIG_DFL);
	execvp(s->argv[0], s->argv);
	fprintf(stderr, "perfpipe: cannot run %s: %s (the perfpipe programs must be on "
	    "PATH)\n", s->argv[0], strerror(errno));
	_exit(127);
}

/* The exit status a stage's wait status stands for, reporting why it is
 * not one of the documented ones. */
static int
stage_status(pp_tool *tool, const stage *s, int wait_status)
{
	if (WIFEXITED(wait_status)) {
		int code = WEXITSTATUS(wait_status);

		return code <= PP_EXIT_NOTHING ? code : PP_EXIT_INPUT;
	}
	if (WIFSIGNALED(wait_status)) {
		if (WTERMSIG(wait_status) == SIGPIPE)
			return 0;	/* a later stage stopped reading: its status says why */
		tool_warn(tool, "%s was killed by signal %d (%s)", s->argv[0],
		    WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status)));
	}
	return PP_EXIT_INPUT;
}

/* How bad a documented status is: 4 (a gate with nothing to judge) is no
 * success, but a failed gate (1) or an error (2, 3) says more, and when a
 * stage's input failed the gate had nothing to judge because of it. */
static int
status_rank(int status)
{
	return status == PP_EXIT_NOTHING ? 1 : status == 0 ? 0 : status + 1;
}

int
run_plan(pp_tool *tool, const plan *p)
{
	pid_t pids[PLAN_MAX_STAGES];
	int input = STDIN_FILENO, worst = 0, wait_status;
	size_t i, started = 0;

	fflush(NULL);
	for (i = 0; i < p->count; i++) {
		int pipe_ends[2] = {-1, -1}, output = STDOUT_FILENO;

		if (i + 1 < p->count) {
			if (pipe(pipe_ends) != 0) {
				tool_warn(tool, "cannot make a pipe: %s", strerror(errno));
				worst = PP_EXIT_INPUT;
				break;
			}
			output = pipe_ends[1];
		}
		pids[i] = fork();
		if (pids[i] == 0)
			start_stage(&p->stages[i], input, output, pipe_ends[0]);
		if (pids[i] < 0) {
			tool_warn(tool, "cannot start %s: %s", p->stages[i].argv[0], strerror(errno));
			worst = PP_EXIT_INPUT;
			if (pipe_ends[0] >= 0) {
				close(pipe_ends[0]);
				close(pipe_ends[1]);
			}
			break;
		}
		started++;
		if (input != STDIN_FILENO)
			close(input);
		if (output != STDOUT_FILENO)
			close(output);
		input = pipe_ends[0];
	}
	if (input != STDIN_FILENO && input >= 0)
		close(input);
	for (i = 0; i < started; i++) {
		int status;

		while (waitpid(pids[i], &wait_status, 0) < 0)
			if (errno != EINTR) {
				wait_status = PP_EXIT_INPUT << 8;
				break;
			}
		status = stage_status(tool, &p->stages[i], wait_status);
		if (status_rank(status) > status_rank(worst))
			worst = status;
	}
	return worst;
}
