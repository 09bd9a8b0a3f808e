/*
 * fuzz_sketch.c - perf-aggregate --merge: aggregate records read back into
 * group states (merge.c), their sketches deserialised (pp_sketch_from_jv),
 * merged (state_merge) and written again (state_to_record).
 * fuzz-sources: tools/perf-aggregate/merge.c tools/perf-aggregate/state.c tools/perf-aggregate/options.c tools/common/tool.c tools/common/text_safe.c tools/common/future.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2 -max_len=8192
 *
 * The first input byte chooses the options: 's' those of a run with
 * --accuracy 0.01 --max-buckets 64 -p 50,99, any other byte exact
 * percentiles and --buckets 0.1,1,10.  Every further line is an aggregate
 * record (lines that are not JSON objects are left out: see
 * fuzz_json_valid in fuzz_common.h).  The first record read is the group;
 * every later one that reads is merged into it when it can be.  The
 * group's aggregate record, written as perf-aggregate writes it, must be
 * one line of JSON and must read back through --merge: what perf-aggregate
 * writes, a later perf-aggregate --merge takes.
 */
#include "fuzz_common.h"

#include "../../tools/perf-aggregate/merge.h"
#include "pp_json.h"

static aggregate_options *
options_of(int sketch)
{
	static aggregate_options options[2];
	static int made[2];
	static char a0[] = "perf-aggregate", a1[] = "--merge", a2[] = "--accuracy",
	    a3[] = "0.01", a4[] = "--max-buckets", a5[] = "64", a6[] = "-p", a7[] = "50,99",
	    a8[] = "--buckets", a9[] = "0.1,1,10";
	char *with_sketch[] = {a0, a1, a2, a3, a4, a5, a6, a7, NULL};
	char *exact[] = {a0, a1, a8, a9, NULL};

	if (!made[sketch]) {
		if (options_parse(&options[sketch], sketch ? 8 : 4,
		    sketch ? with_sketch : exact) != 0)
			abort();
		made[sketch] = 1;
	}
	return &options[sketch];
}

/* The record written must be one line and must read back. */
static void
check_written(loose_state *group, const aggregate_options *options)
{
	series_identity series = loose_state_identity(group);
	const pp_sketch *sketch;
	jv record = state_to_record(&group->state, &series, options, NULL, &sketch), again;
	pp_json_member sketch_member = pp_sketch_member(sketch);
	pp_buffer out = PP_BUFFER_INIT;
	pp_error error = {NULL, 0, ""};
	loose_state *read_back;

	pp_json_write_record_with(&out, record, sketch != NULL ? &sketch_member : NULL);
	jv_free(record);
	if (out.length == 0 || memchr(out.data, '\n', out.length) != out.data + out.length - 1)
		fuzz_fail("an aggregate record is not one line", out.data, out.length);
	if (!fuzz_json_valid(out.data, out.length))
		fuzz_fail("an aggregate record is not JSON", out.data, out.length);
	again = jv_parse_sized(out.data, (int)out.length);
	read_back = merge_read(options, again, &error);
	if (read_back == NULL) {
		fprintf(stderr, "fuzz: %s\n", error.message);
		fuzz_fail("an aggregate record written does not read back through --merge",
		    out.data, out.length);
	}
	loose_state_free(read_back);
	jv_free(again);
	pp_buffer_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	aggregate_options *options;
	char *text, *line, *end;
	loose_state *group = NULL;

	if (size == 0)
		return 0;
	options = options_of(data[0] == 's');
	text = fuzz_line(data + 1, size - 1);
	end = text + size - 1;
	for (line = text; line < end; ) {
		char *next = memchr(line, '\n', (size_t)(end - line));
		size_t length = next != NULL ? (size_t)(next - line) : (size_t)(end - line);
		pp_error error = {"merge", 0, ""};
		const char *why;
		loose_state *state;
		jv record;

		line[length] = '\0';
		if (fuzz_json_valid(line, length) && line[strspn(line, " \t")] == '{') {
			record = jv_parse_sized(line, (int)length);
			state = merge_read(options, record, &error);
			jv_free(record);
			if (state == NULL && error.message[0] == '\0')
				fuzz_fail("a refusal without a message", line, length);
			if (group == NULL)
				group = state;
			else if (state != NULL) {
				state_merge(&group->state, &state->state, options, &why);
				loose_state_free(state);
			}
		}
		line += length + 1;
	}
	if (group != NULL) {
		check_written(group, options);
		loose_state_free(group);
	}
	free(text);
	return 0;
}
