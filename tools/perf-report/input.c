/*
 * input.c - one line of the stream into the model.  See input.h.
 */
#include "input.h"

#include "pp_record.h"

bool
input_read_record(pp_tool *tool, pp_reader *reader, const char *line, size_t length,
    void *context)
{
	report_model *model = context;
	pp_error error = {NULL, 0, ""};
	pp_point point;
	pp_kind kind;
	jv object = jv_invalid();
	pp_status status;

	if (tool_is_blank(line, length))
		return true;
	pp_point_init(&point);
	status = pp_record_read(line, length, &point, &kind, &object, &error);
	if (status == PP_OK && kind == PP_KIND_POINT)
		model->points++;
	else if (status == PP_OK)
		status = model_add(model, object, &error);
	pp_point_free(&point);
	self_metrics_series(&tool->self, model->index.count);
	if (status != PP_OK) {
		error.source = pp_reader_name(reader);
		error.line = pp_reader_line_number(reader);
		tool_reject(tool, &error, line, length);
	}
	return true;
}
