/*
 * sections.c - the sections the formats for people lay out alike (see
 * sections.h).
 */
#include "sections.h"

void
sections_alerts(pp_buffer *out, const report_model *model, const alert_rows *rows,
    const render_options *options, const char *opening, section_alert_writer *write)
{
	size_t i;

	if (rows->count == 0)
		return;
	pp_buffer_append_string(out, opening);
	for (i = 0; i < rows->count; i++)
		write(out, model, &rows->rows[i], options);
}

void
sections_metrics(pp_buffer *out, const report_model *model,
    const render_options *options, const char *opening, const char *closing,
    section_metric_writer *write)
{
	size_t first = 0, end;

	if (model->series_count == 0)
		return;
	pp_buffer_append_string(out, opening);
	while (first < model->series_count) {
		end = model_metric_end(model, first);
		write(out, &model->series[first], end - first, options, first == 0);
		first = end;
	}
	pp_buffer_append_string(out, closing);
}

void
sections_findings(pp_buffer *out, const report_model *model,
    const render_options *options, bool recommendations, const char *opening,
    const char *closing, section_finding_writer *write)
{
	bool any = false;

	jv_array_foreach(model->findings, i, finding) {
		if (model_is_recommendation(finding) == recommendations) {
			if (!any)
				pp_buffer_append_string(out, opening);
			any = true;
			write(out, finding, options, recommendations);
		}
		jv_free(finding);
	}
	if (any)
		pp_buffer_append_string(out, closing);
}
