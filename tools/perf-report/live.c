/*
 * live.c - the --live dashboard.  See live.h.
 *
 * A frame is the text report, each line ended by "erase to end of line",
 * drawn from the top-left corner of the alternate screen and cut to the
 * terminal's height, then "erase below": no flicker from clearing the
 * screen, and the shell's screen comes back untouched at the end.  The
 * terminal is restored on every way out: end of input, Ctrl-C or SIGTERM,
 * and exit() under --strict (atexit).
 *
 * Ctrl-C reaches the whole pipeline at once: perf-aggregate then flushes
 * the window it had open and closes its output.  So the first SIGINT or
 * SIGTERM does not stop the reading here: it lets the input drain for up
 * to DRAIN_SECONDS (to its end, normally at once), so that the open window
 * reaches the final report; a second signal, or the time running out,
 * stops the reading as the common input loop does on a signal.
 * The model forgets old windows and records so memory stays bounded
 * however long the stream runs (and, with --timeframe, windows older
 * than the newest minus the timeframe).
 *
 * With -f html there is no screen: the HTML page is rendered whole and
 * written over the -o file atomically (output_replace) when a batch of
 * records ends and at most every --refresh while they flow, and once
 * more at the end; the page reloads itself (render_html's live_page).
 */
#include "live.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "format.h"
#include "input.h"
#include "output.h"

#define ENTER_SCREEN "\033[?1049h\033[?25l"
#define LEAVE_SCREEN "\033[?25h\033[?1049l"
#define LIVE_WINDOWS 240	/* per series: more than a sparkline shows */
#define LIVE_RECORDS 50		/* findings and alerts kept */
#define REDRAW_INTERVAL 0.2	/* seconds between frames while input flows */
#define DRAIN_SECONDS 2		/* reading on after Ctrl-C, for the open window */
#define LIVE_HTML_WINDOWS 3600	/* per series in the HTML page: an hour of 1 s windows */
#define DEFAULT_PAGE_REFRESH 5	/* seconds, the page's reload without --refresh */

static volatile sig_atomic_t stopping;	/* SIGINT or SIGTERM once one came, else 0 */

typedef struct live_state {
	report_model model;
	render_options options;
	bool terminal;
	bool reading_stdin;
	double last_frame;	/* monotonic seconds */
	unsigned long long records;
	const char *page;	/* -f html: the -o file rewritten, else NULL */
	int page_status;	/* 0, or PP_EXIT_INPUT once a rewrite failed */
} live_state;

static FILE *screen;		/* where the alternate screen was entered */

static void
leave_screen(void)
{
	if (screen != NULL) {
		fputs(LEAVE_SCREEN, screen);
		fflush(screen);
		screen = NULL;
	}
}

/* True when nothing more is waiting on standard input: a batch ended. */
static bool
input_idle(const live_state *state)
{
	struct pollfd input = {STDIN_FILENO, POLLIN, 0};

	return state->reading_stdin && poll(&input, 1, 0) == 0;
}

static size_t
terminal_rows(live_state *state)
{
	struct winsize size;

	if (state->terminal && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 2) {
		if (size.ws_col >= 20)
			state->options.width = size.ws_col;
		return size.ws_row;
	}
	return 0;	/* not a terminal: no limit */
}

static void
append_status(pp_buffer *frame, const live_state *state)
{
	double start, end;

	pp_buffer_printf(frame, "%sperf-report --live: %llu records",
	    state->options.color ? "\033[7m" : "", state->records);
	if (model_span(&state->model, &start, &end)) {
		pp_buffer_append_string(frame, ", last window ends ");
		format_time(frame, end);
	}
	pp_buffer_printf(frame, " (Ctrl-C to quit)%s\033[K\n", state->options.color ? "\033[0m" : "");
}

/* The last status line, under the final report: what was read and why
 * the dashboard ended. */
static void
append_final_status(pp_buffer *out, const live_state *state)
{
	double start, end;

	pp_buffer_printf(out, "perf-report --live: %llu records", state->records);
	if (model_span(&state->model, &start, &end)) {
		pp_buffer_append_string(out, ", last window ends ");
		format_time(out, end);
	}
	pp_buffer_printf(out, "; %s\n", stopping == SIGINT ? "stopped by SIGINT" :
	    stopping == SIGTERM ? "stopped by SIGTERM" : "end of input");
}

/* Appends the report as a frame: line by line, each erased to its end,
 * at most rows lines (0: all). */
static void
append_frame(pp_buffer *frame, live_state *state)
{
	pp_buffer report = PP_BUFFER_INIT;
	size_t rows = terminal_rows(state), lines = 1;
	const char *line;

	model_finish(&state->model);
	render_text(&state->model, &state->options, &report);
	pp_buffer_append_string(frame, "\033[H");
	append_status(frame, state);
	for (line = report.data; line != NULL && *line != '\0' && (rows == 0 || lines < rows);
	    lines++) {
		const char *end = strchr(line, '\n');
		size_t length = end != NULL ? (size_t)(end - line) : strlen(line);

		pp_buffer_append(frame, line, length);
		pp_buffer_append_string(frame, "\033[K\n");
		line = end != NULL ? end + 1 : line + length;
	}
	pp_buffer_append_string(frame, "\033[J");
	pp_buffer_free(&report);
}

/* -f html: the page, rendered whole and renamed over the -o file. */
static void
write_page(pp_tool *tool, live_state *state)
{
	pp_buffer page = PP_BUFFER_INIT;

	model_finish(&state->model);
	render_html(&state->model, &state->options, &page);
	if (output_replace(tool, state->page, page.data, page.length) != 0)
		state->page_status = PP_EXIT_INPUT;
	pp_buffer_free(&page);
	state->last_frame = clock_monotonic_seconds();
}

static void
draw(pp_tool *tool, live_state *state)
{
	if (state->page != NULL) {
		write_page(tool, state);
		return;
	}
	append_frame(tool_out(tool), state);
	tool_end_batch(tool);
	state->last_frame = clock_monotonic_seconds();
}

/* ---- the first signal drains, the second (or the alarm) stops ---- */

static struct sigaction stop_int, stop_term;	/* the common handlers */

static void
stop_now(void)
{
	sigaction(SIGINT, &stop_int, NULL);
	sigaction(SIGTERM, &stop_term, NULL);
	raise(SIGINT);	/* the common handler: the input loop ends */
}

static void
on_stop_signal(int number)
{
	if (stopping != 0) {
		stop_now();
		return;
	}
	stopping = number;
	alarm(DRAIN_SECONDS);
}

static void
on_drain_alarm(int number)
{
	(void)number;
	stop_now();
}

/* SA_RESTART, as the common handlers: no write is cut short, while a wait
 * for input (poll, never restarted) still returns EINTR and the input loop
 * looks again whether to stop. */
static void
catch_stop_signals(void)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	sigemptyset(&action.sa_mask);
	action.sa_flags = SA_RESTART;
	action.sa_handler = on_stop_signal;
	sigaction(SIGINT, &action, &stop_int);
	sigaction(SIGTERM, &action, &stop_term);
	action.sa_handler = on_drain_alarm;
	sigaction(SIGALRM, &action, NULL);
}

static bool
read_live(pp_tool *tool, pp_reader *reader, const char *line, size_t length, void *context)
{
	live_state *state = context;

	double interval = state->page != NULL ? state->options.refresh : REDRAW_INTERVAL;

	input_read_record(tool, reader, line, length, &state->model);
	state->records++;
	if (input_idle(state) || clock_monotonic_seconds() - state->last_frame >= interval)
		draw(tool, state);
	return true;
}

/* -f html: the page rewritten at each batch and each refresh, and once
 * more at the end; nothing on standard output. */
static int
run_page(pp_tool *tool, char **inputs, int count, live_state *state)
{
	state->model.max_windows = LIVE_HTML_WINDOWS;
	state->options.live_page = true;
	if (state->options.refresh <= 0)
		state->options.refresh = DEFAULT_PAGE_REFRESH;
	write_page(tool, state);
	catch_stop_signals();
	tool_read_inputs(tool, inputs, count, read_live, state);
	alarm(0);
	write_page(tool, state);
	model_free(&state->model);
	return tool_finish(tool, state->page_status);
}

int
live_run(pp_tool *tool, char **inputs, int count, const render_options *options,
    const char *page, double timeframe)
{
	live_state state;

	memset(&state, 0, sizeof(state));
	model_init(&state.model);
	state.model.max_windows = LIVE_WINDOWS;
	state.model.max_records = LIVE_RECORDS;
	state.model.min_finding_severity = options->min_severity;
	state.model.timeframe = timeframe;
	state.options = *options;
	state.page = page;
	state.terminal = tool->output == stdout && isatty(STDOUT_FILENO);
	state.reading_stdin = count == 0 || (count == 1 && strcmp(inputs[0], "-") == 0);
	if (page != NULL)
		return run_page(tool, inputs, count, &state);
	screen = tool->output;
	atexit(leave_screen);
	pp_buffer_append_string(tool_out(tool), ENTER_SCREEN);
	draw(tool, &state);
	catch_stop_signals();
	tool_read_inputs(tool, inputs, count, read_live, &state);
	alarm(0);
	draw(tool, &state);
	/* back on the shell's screen, the last report stays in view, under
	 * the final state line */
	pp_buffer_append_string(tool_out(tool), LEAVE_SCREEN);
	screen = NULL;
	model_finish(&state.model);
	render_text(&state.model, &state.options, tool_out(tool));
	state.options.color = false;
	append_final_status(tool_out(tool), &state);
	model_free(&state.model);
	return tool_finish(tool, 0);
}
