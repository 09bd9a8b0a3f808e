/*
 * sections.h - the sections the formats for people (text, markdown, html)
 * lay out alike: an opening, one item after another, a closing.
 *
 * Each format says how it writes one item (an alert row, the table of one
 * metric, a finding) and what opens and closes its section; the walk over
 * the model, which items belong to the section and when the section is
 * left out are written here once.
 */
#ifndef PERF_REPORT_SECTIONS_H
#define PERF_REPORT_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <jv.h>

#include "alerts.h"
#include "model.h"
#include "pp_buffer.h"
#include "render.h"

typedef void section_alert_writer(pp_buffer *out, const report_model *model,
    const alert_row *row, const render_options *options);
/* series[0..count) share a name; first: the report's first metric. */
typedef void section_metric_writer(pp_buffer *out, const report_series *series, size_t count,
    const render_options *options, bool first);
typedef void section_finding_writer(pp_buffer *out, jv finding, const render_options *options,
    bool recommendation);

/* opening, then each row in report order; nothing when there is none. */
void sections_alerts(pp_buffer *out, const report_model *model, const alert_rows *rows,
    const render_options *options, const char *opening, section_alert_writer *write);

/* opening, each metric (the run of series that share a name), closing;
 * nothing when the model holds no series. */
void sections_metrics(pp_buffer *out, const report_model *model,
    const render_options *options, const char *opening, const char *closing,
    section_metric_writer *write);

/* opening, each finding that is a recommendation (or, when recommendations
 * is false, each one that is not) in input order, closing; nothing when
 * there is none. */
void sections_findings(pp_buffer *out, const report_model *model,
    const render_options *options, bool recommendations, const char *opening,
    const char *closing, section_finding_writer *write);

#endif
