/*
 * fuzz_collect_replay.c - perf-collect replay: reading back a --store
 * directory's day files, whatever they hold (replay.c).
 * fuzz-sources: tools/perf-collect/replay.c tools/perf-collect/jq_map.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c
 * fuzz-options: -close_fd_mask=2 -max_len=4096
 *
 * The first input byte chooses the options: bit 0 adds --tag host=fuzz
 * (points are read and written again), bit 1 --since and --until (every
 * line's time is read); the rest is the day file 2026-11-25.ndjson of the
 * store.  When an option makes replay parse lines, lines that are not
 * JSON are left out of the file (libjq leaks on some; see
 * fuzz_json_valid).  The run must end with status 0, and without options
 * must give back every non-empty line of the file exactly.
 */
#include "fuzz_common.h"

#include <unistd.h>

#include "pp_buffer.h"

#include "../../tools/perf-collect/collect.h"

typedef struct fixture {
	char directory[64], day[96], output[96];
} fixture;

static fixture *
fixture_get(void)
{
	static fixture f;
	static int made;

	if (made)
		return &f;
	snprintf(f.directory, sizeof(f.directory), "/tmp/fuzz_collect_replay.XXXXXX");
	fuzz_temporary_directory(f.directory);
	snprintf(f.day, sizeof(f.day), "%s/2026-11-25.ndjson", f.directory);
	snprintf(f.output, sizeof(f.output), "%s/replayed.out", f.directory);
	made = 1;
	return &f;
}

/* The day file: the lines of the payload that may reach replay, and in
 * expected those that replay without options gives back. */
static void
write_day(const fixture *f, const char *text, size_t size, int parses, pp_buffer *expected)
{
	FILE *file = fopen(f->day, "w");
	const char *line = text, *end = text + size;

	if (file == NULL)
		abort();
	while (line < end) {
		const char *next = memchr(line, '\n', (size_t)(end - line));
		size_t length = next != NULL ? (size_t)(next - line) : (size_t)(end - line);
		size_t shown = length > 0 && line[length - 1] == '\r' ? length - 1 : length;

		if (!parses || length == 0 || fuzz_json_valid(line, length)) {
			fwrite(line, 1, length, file);
			fputc('\n', file);
			if (shown > 0) {
				pp_buffer_append(expected, line, shown);
				pp_buffer_append_char(expected, '\n');
			}
		}
		line += length + 1;
	}
	if (fclose(file) != 0)
		abort();
}

static void
read_output(const fixture *f, pp_buffer *out)
{
	FILE *file = fopen(f->output, "r");
	char chunk[4096];
	size_t got;

	if (file == NULL)
		return;
	while ((got = fread(chunk, 1, sizeof(chunk), file)) > 0)
		pp_buffer_append(out, chunk, got);
	fclose(file);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture *f = fixture_get();
	char a0[] = "perf-collect replay", a1[] = "-o", a2[] = "--tag", a3[] = "host=fuzz",
	    a4[] = "--since", a5[] = "2026-11-25T10:00:00Z", a6[] = "--until",
	    a7[] = "2026-11-25T11:00:00.5Z";
	char *argv[12];
	int argc = 0, tag, window;
	pp_buffer expected = PP_BUFFER_INIT, out = PP_BUFFER_INIT;
	char *text;

	if (size == 0)
		return 0;
	tag = data[0] & 1;
	window = (data[0] >> 1) & 1;
	text = fuzz_line(data + 1, size - 1);
	write_day(f, text, size - 1, tag || window, &expected);
	argv[argc++] = a0;
	argv[argc++] = a1;
	argv[argc++] = f->output;
	if (tag) {
		argv[argc++] = a2;
		argv[argc++] = a3;
	}
	if (window) {
		argv[argc++] = a4;
		argv[argc++] = a5;
		argv[argc++] = a6;
		argv[argc++] = a7;
	}
	argv[argc++] = f->directory;
	argv[argc] = NULL;
	if (collect_run(&collect_replay_command, argc, argv) != 0 && !tag)
		fuzz_fail("replay of a store ended with a failure", text, size - 1);
	read_output(f, &out);
	if (!tag && !window && (out.length != expected.length ||
	    (out.length > 0 && memcmp(out.data, expected.data, out.length) != 0)))
		fuzz_fail("replay did not give back the lines of the store", text, size - 1);
	pp_buffer_free(&expected);
	pp_buffer_free(&out);
	free(text);
	return 0;
}
