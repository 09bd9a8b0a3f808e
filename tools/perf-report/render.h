/*
 * render.h - the renderers of perf-report, one per output format, each in
 * its own file (render_FORMAT.c), all with the same signature: read the
 * finished model, append the whole report to out.  A renderer never
 * fails and never touches the model: the same model renders the same bytes.
 */
#ifndef PERF_REPORT_RENDER_H
#define PERF_REPORT_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "pp_buffer.h"

typedef struct render_options {
	bool ascii;		/* --ascii: plain ASCII, no colour */
	bool color;		/* ANSI colours (terminal, no NO_COLOR) */
	size_t width;		/* --width, or the terminal's, or 80 */
	double refresh;		/* --refresh seconds for html, or 0 */
	bool live_page;		/* --live -f html: the page keeps its scroll position */
	int min_severity;	/* --min-severity of findings, a model rank */
	int fail_on;		/* --fail-on: the verdict's gate, a model rank */
	double now;		/* the time of the run (SOURCE_DATE_EPOCH) */
} render_options;

typedef void (*render_function)(const report_model *model,
    const render_options *options, pp_buffer *out);

void render_text(const report_model *model, const render_options *options, pp_buffer *out);
void render_json(const report_model *model, const render_options *options, pp_buffer *out);
void render_markdown(const report_model *model, const render_options *options, pp_buffer *out);
void render_html(const report_model *model, const render_options *options, pp_buffer *out);
void render_csv(const report_model *model, const render_options *options, pp_buffer *out);
void render_prometheus(const report_model *model, const render_options *options, pp_buffer *out);
void render_openmetrics(const report_model *model, const render_options *options, pp_buffer *out);
void render_influx(const report_model *model, const render_options *options, pp_buffer *out);
void render_statsd(const report_model *model, const render_options *options, pp_buffer *out);
void render_junit(const report_model *model, const render_options *options, pp_buffer *out);

#endif
