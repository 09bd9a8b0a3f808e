/*
 * fuzz_alert_state.c - perf-alert's --state loader (tools/perf-alert/
 * state.c and pp_alerting_load): the file a cron job reads back each run.
 * fuzz-sources: tools/perf-alert/state.c tools/common/tool.c tools/common/text_safe.c tools/common/future.c tools/common/self_metrics.c tools/common/state_file.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2 -max_len=8192
 *
 * The input's first line is the state file (empty, or JSON: libjq leaks
 * on some malformed text, see fuzz_json_valid in fuzz_common.h); every
 * further line that is JSON is a record fed to the engine after the state
 * loads.  The rules are fixed, one of each type but expr.  A state that
 * is refused must be refused with exit status 3; one that loads, fed and
 * saved again, must load again: what perf-alert writes, its next run
 * reads.
 */
#include "fuzz_common.h"

#include <unistd.h>

#include "../../tools/perf-alert/state.h"

#define RULES "{\"rules\":[{\"name\":\"p99-high\",\"type\":\"threshold\",\"metric\":\"request.duration\",\"stat\":\"p99\",\"op\":\">\",\"threshold\":1000,\"severity\":\"warning\",\"for\":\"2m\",\"keep_firing_for\":\"1m\",\"resolve_threshold\":800},{\"name\":\"queue\",\"type\":\"rate_limit\",\"metric\":\"request.completed\",\"threshold\":0.35},{\"name\":\"odd\",\"type\":\"anomaly\",\"metric\":\"pool.queue_depth\",\"stat\":\"mean\",\"sensitivity\":0.95,\"min_samples\":3,\"max_samples\":8},{\"name\":\"slower\",\"type\":\"trend\",\"metric\":\"request.duration\",\"stat\":\"p95\",\"op\":\">\",\"threshold\":0.5,\"window\":\"5m\"},{\"name\":\"exhausted\",\"type\":\"composite\",\"alert_type\":\"resource_exhaustion\",\"all\":[{\"metric\":\"system.cpu_utilization\",\"stat\":\"mean\",\"op\":\">\",\"threshold\":0.6},{\"metric\":\"pool.capacity_utilization\",\"stat\":\"max\",\"op\":\">\",\"threshold\":0.9}]},{\"name\":\"quiet\",\"type\":\"absent\",\"metric\":\"request.completed\",\"window\":\"3m\"}]}"

typedef struct fixture {
	alert_options options;
	pp_rule *rules;
	size_t rule_count;
	char path[64];
} fixture;

static fixture *
fixture_get(void)
{
	static fixture f;
	static int made;
	static char directory[] = "/tmp/fuzz_alert_state.XXXXXX";
	pp_error error = {"rules", 0, ""};

	if (made)
		return &f;
	fuzz_temporary_directory(directory);
	if (pp_rules_parse(RULES, strlen(RULES), &f.rules, &f.rule_count, &error) != PP_OK)
		abort();
	snprintf(f.path, sizeof(f.path), "%s/alert.state", directory);
	tool_init(&f.options.tool, "perf-alert");
	f.options.state_path = f.path;
	made = 1;
	return &f;
}

static void
write_state(const char *path, const char *text, size_t length)
{
	FILE *file = fopen(path, "w");

	if (file == NULL || fwrite(text, 1, length, file) != length || fclose(file) != 0)
		abort();
}

static void
feed(pp_alerting *engine, char *line, const char *end)
{
	jv alerts = jv_array();

	while (line < end) {
		char *next = memchr(line, '\n', (size_t)(end - line));
		size_t length = next != NULL ? (size_t)(next - line) : (size_t)(end - line);
		pp_error error;

		line[length] = '\0';
		if (fuzz_json_valid(line, length)) {
			jv record = jv_parse_sized(line, (int)length);

			if (jv_get_kind(record) == JV_KIND_OBJECT)
				pp_alerting_feed(engine, record, &alerts, &error);
			jv_free(record);
		}
		line += length + 1;
	}
	pp_alerting_flush(engine, &alerts);
	jv_free(alerts);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture *f = fixture_get();
	char *text = fuzz_line(data, size);
	char *newline = memchr(text, '\n', size);
	size_t state_length = newline != NULL ? (size_t)(newline - text) : size;
	pp_alerting *engine;
	alert_state state;
	int status;

	if (state_length > 0 && !fuzz_json_valid(text, state_length)) {
		free(text);
		return 0;
	}
	write_state(f->path, text, state_length);
	engine = pp_alerting_new(f->rules, f->rule_count, NULL);
	status = state_open(&f->options, &state, engine);
	if (status == 0) {
		if (newline != NULL)
			feed(engine, newline + 1, text + size);
		if (state_save(&f->options, &state, engine) != 0)
			fuzz_fail("a state could not be saved", text, state_length);
		state_close(&state);
		pp_alerting_free(engine);
		engine = pp_alerting_new(f->rules, f->rule_count, NULL);
		if (state_open(&f->options, &state, engine) != 0)
			fuzz_fail("a state perf-alert saved does not load again", text, size);
	} else if (status != PP_EXIT_INPUT) {
		fuzz_fail("a state was refused with a status other than 3", text, state_length);
	}
	state_close(&state);
	pp_alerting_free(engine);
	free(text);
	return 0;
}
