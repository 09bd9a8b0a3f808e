/*
 * fuzz_collect_hyperfine.c - perf-collect exec --import-hyperfine: a
 * hyperfine JSON export read back as points (exec.c).
 * fuzz-sources: tools/perf-collect/exec.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2 -max_len=4096
 *
 * The input is the export file (JSON only: libjq leaks on some malformed
 * text, see fuzz_json_valid in fuzz_common.h).  The run must end with
 * status 0, or 3 for a file that is not an export, and every line it
 * writes must read back as a valid point (fuzz_log.h).
 */
#include "fuzz_log.h"

#include <unistd.h>

#include "../../tools/perf-collect/collect.h"

typedef struct fixture {
	char directory[64], export[96], output[96];
} fixture;

static fixture *
fixture_get(void)
{
	static fixture f;
	static int made;

	if (made)
		return &f;
	snprintf(f.directory, sizeof(f.directory), "/tmp/fuzz_collect_hyperfine.XXXXXX");
	fuzz_temporary_directory(f.directory);
	snprintf(f.export, sizeof(f.export), "%s/export.json", f.directory);
	snprintf(f.output, sizeof(f.output), "%s/points.ndjson", f.directory);
	made = 1;
	return &f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture *f = fixture_get();
	char a0[] = "perf-collect exec", a1[] = "-o", a3[] = "--import-hyperfine";
	char *argv[] = {a0, a1, f->output, a3, f->export, NULL};
	pp_buffer out = PP_BUFFER_INIT;
	FILE *file;
	int status;

	if (!fuzz_json_valid((const char *)data, size))
		return 0;
	file = fopen(f->export, "w");
	if (file == NULL || fwrite(data, 1, size, file) != size || fclose(file) != 0)
		abort();
	status = collect_run(&collect_exec_command, 5, argv);
	if (status != 0 && status != PP_EXIT_INPUT)
		fuzz_fail("an import ended with a status other than 0 or 3", (const char *)data,
		    size);
	fuzz_read_file(f->output, &out);
	fuzz_log_check_output(&out, 1, (const char *)data, size);
	pp_buffer_free(&out);
	return 0;
}
