/*
 * input.c - the line handler that fills series.  See input.h.
 */
#include "input.h"

void
input_init(input *in, series_set *series, bool pass_samples)
{
	in->series = series;
	in->pass_samples = pass_samples;
	in->attribution = NULL;
	pp_point_init(&in->point);
}

void
input_free(input *in)
{
	pp_point_free(&in->point);
}

bool
input_line(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *context)
{
	input *in = context;
	pp_error error = {pp_reader_name(reader), pp_reader_line_number(reader), ""};
	jv object = jv_invalid();
	pp_kind kind;
	pp_status status;
	bool sample = false;

	if (tool_is_blank(line, length))
		return true;
	status = pp_record_read(line, length, &in->point, &kind, &object, &error);

	if (status == PP_OK && kind == PP_KIND_POINT) {
		status = series_add_point(in->series, &in->point, &error);
		sample = true;
	} else if (status == PP_OK && kind == PP_KIND_AGGREGATE) {
		status = series_add_aggregate(in->series, object, &error);
		if (status == PP_OK && in->attribution != NULL)
			attribution_add(in->attribution, object);
		sample = true;
	}
	jv_free(object);
	self_metrics_series(&tool->self, in->series->count);
	if (status != PP_OK)
		tool_reject(tool, &error, line, length);
	else if (!sample || in->pass_samples)
		tool_pass_line(tool, line, length);
	return true;
}
