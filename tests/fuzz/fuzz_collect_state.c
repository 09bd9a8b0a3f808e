/*
 * fuzz_collect_state.c - perf-collect log --state: the state file that
 * lets a cron job resume each log where the last run stopped (log_tail.c),
 * read back whatever it holds.
 * fuzz-sources: tools/perf-collect/log_tail.c tools/perf-collect/rotated.c tools/perf-collect/log.c tools/perf-collect/log_read.c tools/perf-collect/log_jsonl.c tools/perf-collect/log_nginx.c tools/perf-collect/log_apache.c tools/perf-collect/log_prometheus.c tools/perf-collect/log_csv.c tools/perf-collect/log_influx.c tools/perf-collect/log_statsd.c tools/perf-collect/log_snakepit.c tools/perf-collect/jq_map.c tools/perf-collect/name_map.c tools/perf-collect/prom_text.c tools/perf-collect/collect.c tools/perf-collect/store.c tools/common/tool.c tools/common/text_safe.c tools/common/self_metrics.c tools/common/clock.c tools/common/state_file.c
 * fuzz-options: -close_fd_mask=2 -max_len=4096
 *
 * The input is the state file, with these words replaced first so that a
 * seed can name the files of this run: @LOG@ the log's path, @DEV@ its
 * device, @INO@ its inode, @INO1@ the inode of the rotated log @LOG@.1
 * next to it.  Both logs hold a few fixed StatsD lines.  Text that is not
 * JSON is left out (libjq leaks on some; see fuzz_json_valid).
 *
 * Whatever the state says, the run must write valid points only, end
 * with a state that names the log at its full length (unless the state is
 * JSON but not perf-collect's, which is refused and left as it is), and a
 * second run
 * from that state must read nothing: what perf-collect writes, its next
 * run resumes from.
 */
#include "fuzz_log.h"

#include <sys/stat.h>
#include <unistd.h>

#include "../../tools/perf-collect/log_tail.h"

#define LOG_TEXT "a.requests:1|c|#pool:p1|T1764060000\na.latency:12.5|ms|T1764060001\n" \
	"a.queue:4|g|T1764060002\n"
#define ROTATED_TEXT "old.requests:2|c|T1764050000\nold.latency:3|ms|T1764050001\n"

typedef struct fixture {
	char log[64], rotated[64], state[64];
	struct stat log_status, rotated_status;
	char *files[1];
} fixture;

static void
write_file(const char *path, const char *text, size_t length)
{
	FILE *file = fopen(path, "w");

	if (file == NULL || fwrite(text, 1, length, file) != length || fclose(file) != 0)
		abort();
}

static fixture *
fixture_get(void)
{
	static fixture f;
	static int made;
	static char directory[] = "/tmp/fuzz_collect_state.XXXXXX";

	if (made)
		return &f;
	fuzz_temporary_directory(directory);
	snprintf(f.log, sizeof(f.log), "%s/access.log", directory);
	snprintf(f.rotated, sizeof(f.rotated), "%s/access.log.1", directory);
	snprintf(f.state, sizeof(f.state), "%s/collect.state", directory);
	write_file(f.log, LOG_TEXT, strlen(LOG_TEXT));
	write_file(f.rotated, ROTATED_TEXT, strlen(ROTATED_TEXT));
	if (stat(f.log, &f.log_status) != 0 || stat(f.rotated, &f.rotated_status) != 0)
		abort();
	f.files[0] = f.log;
	made = 1;
	return &f;
}

/* The input with the words of this run put in. */
static void
substitute(const fixture *f, const uint8_t *data, size_t size, pp_buffer *text)
{
	size_t at = 0;

	pp_buffer_clear(text);
	while (at < size) {
		const char *rest = (const char *)data + at;
		size_t left = size - at;

		if (left >= 5 && memcmp(rest, "@LOG@", 5) == 0) {
			pp_buffer_append_string(text, f->log);
			at += 5;
		} else if (left >= 5 && memcmp(rest, "@DEV@", 5) == 0) {
			pp_buffer_printf(text, "%llu", (unsigned long long)f->log_status.st_dev);
			at += 5;
		} else if (left >= 5 && memcmp(rest, "@INO@", 5) == 0) {
			pp_buffer_printf(text, "%llu", (unsigned long long)f->log_status.st_ino);
			at += 5;
		} else if (left >= 6 && memcmp(rest, "@INO1@", 6) == 0) {
			pp_buffer_printf(text, "%llu",
			    (unsigned long long)f->rotated_status.st_ino);
			at += 6;
		} else {
			pp_buffer_append_char(text, data[at++]);
		}
	}
}

/* Runs perf-collect log --format statsd --state on the log; returns the
 * bytes written. */
static size_t
run(fixture *f, const char *input, size_t size)
{
	log_options *options = fuzz_log_options();
	log_parser *parser = log_format_statsd.create(options);
	char *written = NULL;
	size_t length = 0;
	pp_buffer out = PP_BUFFER_INIT;

	options->state = f->state;
	options->c.tool.files = f->files;
	options->c.tool.file_count = 1;
	options->c.tool.output = open_memstream(&written, &length);
	log_tail_run(options, &log_format_statsd, parser);
	log_format_statsd.destroy(parser);
	fclose(options->c.tool.output);
	options->c.tool.output = stdout;
	pp_buffer_append(&out, written, length);
	pp_buffer_append(&out, tool_out(&options->c.tool)->data,
	    tool_out(&options->c.tool)->length);
	pp_buffer_clear(tool_out(&options->c.tool));
	fuzz_log_check_output(&out, 1, input, size);
	pp_buffer_free(&out);
	free(written);
	options->state = NULL;
	options->c.tool.files = NULL;
	options->c.tool.file_count = 0;
	return length;
}

/* The saved state must hold the log at its full length. */
static void
check_saved(const fixture *f, const char *input, size_t size)
{
	jv document = jv_load_file(f->state, 0);
	jv offset = jv_invalid();

	if (jv_get_kind(document) == JV_KIND_ARRAY && jv_array_length(jv_copy(document)) == 1)
		document = jv_array_get(document, 0);
	if (jv_get_kind(document) == JV_KIND_OBJECT)
		offset = jv_getpath(jv_copy(document), JV_ARRAY(jv_string("files"),
		    jv_string(f->log), jv_string("offset")));
	if (jv_get_kind(offset) != JV_KIND_NUMBER ||
	    jv_number_value(offset) != (double)strlen(LOG_TEXT))
		fuzz_fail("the state saved does not hold the log at its full length", input,
		    size);
	jv_free(offset);
	jv_free(document);
}

/* Whether the state file still holds exactly text: perf-collect refused it
 * (JSON, but not a perf-collect state: another program's, which it must
 * leave as it is) and read nothing. */
static int
left_as_is(const fixture *f, const pp_buffer *text)
{
	pp_buffer saved = PP_BUFFER_INIT;
	int same;

	fuzz_read_file(f->state, &saved);
	same = saved.length == text->length &&
	    memcmp(saved.data, text->data, text->length) == 0;
	pp_buffer_free(&saved);
	return same;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fixture *f = fixture_get();
	pp_buffer text = PP_BUFFER_INIT;

	substitute(f, data, size, &text);
	if (text.length == 0 || !fuzz_json_valid(text.data, text.length)) {
		pp_buffer_free(&text);
		return 0;
	}
	write_file(f->state, text.data, text.length);
	run(f, text.data, text.length);
	if (left_as_is(f, &text)) {
		pp_buffer_free(&text);
		return 0;
	}
	check_saved(f, text.data, text.length);
	if (run(f, text.data, text.length) != 0)
		fuzz_fail("a run resumed from the state it saved read lines again", text.data,
		    text.length);
	pp_buffer_free(&text);
	return 0;
}
