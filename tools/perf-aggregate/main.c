/*
 * perf-aggregate - points in, aggregates out: per window and series,
 * count, sum, extremes, mean, standard deviation, rates and percentiles.
 *
 * main() is wiring: options, the --where filter, then every input line,
 * parsed on this thread or ahead on a second (read_ahead.h), through
 * handle_record into the aggregator (points, or with --merge
 * aggregates), then the windows still open are flushed (with --state:
 * kept in the state file for the next run, unless --flush).  Records of
 * kinds it does not consume pass through unchanged, in order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "carried.h"
#include "groups.h"
#include "merge.h"
#include "noticed.h"
#include "options.h"
#include "pp_record.h"
#include "read_ahead.h"
#include "split.h"
#include "tool.h"
#include "where.h"

const char *argp_program_version = "perf-aggregate (perfpipe) " PERFPIPE_VERSION;
const char *argp_program_bug_address = NULL;

typedef struct run {
	aggregate_options *options;
	aggregator *aggregator;
	noticed seen;		/* --by, --ratio, --where that met nothing */
} run;

static void
merge_aggregate(run *r, jv object, const point_origin *origin, pp_error *error)
{
	loose_state *incoming = merge_read(r->options, object, error);

	if (incoming == NULL) {
		tool_reject(&r->options->tool, error, origin->text, origin->length);
		return;
	}
	aggregator_merge(r->aggregator, incoming, origin);
	loose_state_free(incoming);
}

/* One record of the input, read and parsed (read_ahead.h). */
static bool
handle_record(pp_tool *tool, tool_record *record, void *context)
{
	run *r = context;
	point_origin origin = {record->source, record->line_number, record->line,
	    record->length};

	if (record->status != PP_OK) {
		tool_reject(tool, record->error, record->line, record->length);
		return true;
	}
	if (record->kind == PP_KIND_POINT && !r->options->merge) {
		noticed_point(&r->seen, record->point);
		aggregator_add(r->aggregator, record->point, &origin);
	} else if (record->kind == PP_KIND_AGGREGATE && r->options->merge) {
		merge_aggregate(r, record->object, &origin, record->error);
	} else {
		tool_pass_line(tool, record->line, record->length);
	}
	if (record->kind != PP_KIND_POINT)
		jv_free(record->object);	/* a point leaves it unset */
	return tool_output_ok(tool) && !aggregator_stopped(r->aggregator);
}

/* Every input, in parts on every processor when split.c can. */
static void
read_input(run *r, bool where)
{
	aggregate_options *options = r->options;
	splitter *parts = NULL;
	tool_split split = {split_begin, split_end, NULL};

	if (split_possible(options, where))
		split.context = parts = splitter_new(options, r->aggregator, &r->seen);
	tool_read_records_split(&options->tool, options->tool.files, options->tool.file_count,
	    handle_record, r, parts != NULL ? &split : NULL);
	splitter_free(parts);
}

static where_filter *
compile_where(aggregate_options *options, int *status)
{
	char message[512];
	where_filter *where;

	*status = 0;
	if (options->where == NULL)
		return NULL;
	where = where_compile(options->where, message, sizeof(message));
	if (where == NULL)
		*status = tool_usage_error(&options->tool, "--where: %s", message);
	return where;
}

int
main(int argc, char **argv)
{
	aggregate_options options;
	run r = {&options, NULL, {0}};
	carried state = {NULL, -1};
	int status = options_parse(&options, argc, argv);
	where_filter *where = status == 0 ? compile_where(&options, &status) : NULL;

	if (status == 0)
		status = tool_open(&options.tool);
	if (status != 0) {
		options_free(&options);
		return tool_finish(&options.tool, status);
	}
	r.aggregator = aggregator_new(&options, where);
	noticed_init(&r.seen, &options);
	if ((status = carried_open(&options, &state, r.aggregator)) != 0) {
		carried_close(&state);
		noticed_free(&r.seen);
		aggregator_free(r.aggregator);
		options_free(&options);
		return tool_finish(&options.tool, status);
	}
	read_input(&r, where != NULL);
	status = aggregator_stopped(r.aggregator) ? PP_EXIT_INPUT : 0;
	if (tool_output_ok(&options.tool) && status == 0 && !tool_interrupted())
		aggregator_close_until(r.aggregator, options.close_until);
	if (tool_output_ok(&options.tool) && status == 0 &&
	    (options.state_path == NULL || options.flush))
		aggregator_finish(r.aggregator);
	aggregator_warn_unknown_sums(r.aggregator);
	status = carried_commit(&options, &state, r.aggregator, status);
	carried_close(&state);
	/* Only a whole input shows that a --by tag never occurred (with
	 * --state: a run that read something; a bare --flush reads nothing). */
	if (!options.merge && !options.tool.output_closed && !tool_interrupted() &&
	    options.tool.exit_status == 0 && status == 0 &&
	    (options.state_path == NULL || options.tool.lines_read > 0))
		noticed_warn(&r.seen, &options.tool, where_judged(where), where_kept(where));
	noticed_free(&r.seen);
	aggregator_free(r.aggregator);
	options_free(&options);
	return tool_finish(&options.tool, status);
}
