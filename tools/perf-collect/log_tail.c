/*
 * log_tail.c - --state and --follow.  See log_tail.h.
 *
 * State file: one JSON object, {"files":{PATH:{"dev":…,"ino":…,
 * "offset":…,"line":…,"fingerprint":…,"fingerprint_length":…}}},
 * written to a temporary file and renamed.  The fingerprint is a hash
 * of the file's first bytes (up to 256, all already read), so a file
 * that was replaced by another one with the same inode number, or
 * truncated and rewritten, is not mistaken for the one read before.
 *
 * A run resumes each file at its saved offset when it is the same file
 * (device, inode, fingerprint) and has not shrunk; when the path now
 * names a new file, the old one is looked for among the rotated files
 * next to it (PATH.1, PATH-20261125, ...: same directory, name starting
 * with PATH's), its rest is read first, then the new file from its start.
 * Otherwise the file is read from the start.
 *
 * --follow polls every 250 ms: new lines are read as they come, a
 * truncated file is read again from its start, and when the path names a
 * new file the old one is drained to its end before the new one is read.
 */
#include "log_tail.h"
#include "log_read.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pp_json.h"
#include "pp_series.h"

#define FINGERPRINT_BYTES 256

typedef struct tail_file {
	const char *path;	/* as named on the command line */
	char *name;		/* the file actually open (a rotated one, at times) */
	int fd;
	dev_t dev;
	ino_t ino;
	long long offset;	/* after the last complete line handed over */
	long line;
	pp_buffer pending;	/* bytes read after offset: a partial line */
	uint64_t print;		/* fingerprint of the first print_length bytes */
	long long print_length;
} tail_file;

typedef struct tail {
	log_options *options;
	const log_format *format;
	log_parser *parser;
	jv state;		/* the "files" object */
	bool read_anything;
} tail;

/* ---- fingerprints ---- */

static uint64_t
fingerprint(int fd, long long length, bool *complete)
{
	unsigned char bytes[FINGERPRINT_BYTES];
	ssize_t got;

	if (length < 0 || length > FINGERPRINT_BYTES) {	/* a damaged state file */
		*complete = false;
		return 0;
	}
	got = pread(fd, bytes, (size_t)length, 0);

	*complete = got == length;
	/* FNV-1a from the seed that state files written so far were made
	 * with (a digit short of FNV's offset basis): changing it would make
	 * every followed file look replaced */
	return pp_fnv1a(1469598103934665603ULL, bytes, got > 0 ? (size_t)got : 0);
}

/* A count saved in entry (an offset, a line number, a length): a whole
 * number from 0 to 2^53, else -1 (a damaged state file; converting a
 * larger double to an integer type is undefined). */
static long long
entry_count(jv entry, const char *key)
{
	jv value = jv_object_get(jv_copy(entry), jv_string(key));
	double number = jv_get_kind(value) == JV_KIND_NUMBER ? jv_number_value(value) : -1;

	jv_free(value);
	return number >= 0 && number <= 9007199254740992.0 && number == (long long)number ?
	    (long long)number : -1;
}

static bool
same_file(int fd, const struct stat *status, jv entry)
{
	jv dev = jv_object_get(jv_copy(entry), jv_string("dev"));
	jv ino = jv_object_get(jv_copy(entry), jv_string("ino"));
	jv print = jv_object_get(jv_copy(entry), jv_string("fingerprint"));
	jv length = jv_object_get(jv_copy(entry), jv_string("fingerprint_length"));
	bool same = jv_get_kind(dev) == JV_KIND_NUMBER && jv_get_kind(ino) == JV_KIND_NUMBER &&
	    jv_get_kind(print) == JV_KIND_STRING && jv_get_kind(length) == JV_KIND_NUMBER &&
	    jv_number_value(dev) == (double)status->st_dev &&
	    jv_number_value(ino) == (double)status->st_ino;
	char text[32];
	bool complete;

	if (same) {
		snprintf(text, sizeof(text), "%016llx", (unsigned long long)fingerprint(fd,
		    entry_count(entry, "fingerprint_length"), &complete));
		same = complete && strcmp(text, jv_string_value(print)) == 0;
	}
	jv_free(dev);
	jv_free(ino);
	jv_free(print);
	jv_free(length);
	return same;
}

static double
entry_number(jv entry, const char *key)
{
	jv value = jv_object_get(jv_copy(entry), jv_string(key));
	double number = jv_get_kind(value) == JV_KIND_NUMBER ? jv_number_value(value) : 0;

	jv_free(value);
	return number;
}

/* ---- reading complete lines ---- */

/* Keeps the fingerprint of the file's start up to date while it is short,
 * to notice a file truncated and rewritten to the same size. */
static void
note_prefix(tail_file *f)
{
	bool complete;

	if (f->print_length < FINGERPRINT_BYTES && f->offset > f->print_length) {
		f->print_length = f->offset < FINGERPRINT_BYTES ? f->offset : FINGERPRINT_BYTES;
		f->print = fingerprint(f->fd, f->print_length, &complete);
	}
}

static bool
rewritten(tail_file *f, const struct stat *now)
{
	bool complete;

	if (now->st_size < f->offset)
		return true;
	return now->st_size == f->offset && f->print_length > 0 &&
	    fingerprint(f->fd, f->print_length, &complete) != f->print;
}


static bool
open_at(tail *tl, tail_file *f, const char *name, long long offset, long line)
{
	struct stat status;

	f->fd = open(name, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0 || fstat(f->fd, &status) != 0) {
		tool_warn(&tl->options->c.tool, "%s: %s", name, strerror(errno));
		tl->options->c.tool.exit_status = PP_EXIT_INPUT;
		if (f->fd >= 0)
			close(f->fd);
		f->fd = -1;
		return false;
	}
	free(f->name);
	f->name = pp_strndup(name, strlen(name));
	f->dev = status.st_dev;
	f->ino = status.st_ino;
	f->offset = offset;
	f->line = line;
	f->print_length = 0;
	pp_buffer_clear(&f->pending);
	lseek(f->fd, offset, SEEK_SET);
	note_prefix(f);
	return true;
}

static void
close_file(tail_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static void
hand_over(tail *tl, tail_file *f, const char *line, size_t length)
{
	size_t shown = length;

	if (shown > 0 && line[shown - 1] == '\r')
		shown--;
	f->line++;
	tl->options->c.tool.lines_read++;
	tl->read_anything = true;
	((char *)line)[shown] = '\0';
	log_feed_line(tl->options, tl->format, tl->parser, f->path, f->line, line, shown);
}

/* Reads what the file holds now and hands over its complete lines; with
 * final (a rotated file that will not grow) also a last line that lacks
 * its newline.  Returns false when output is closed or on a signal. */
static bool
drain(tail *tl, tail_file *f, bool final)
{
	char chunk[65536];
	ssize_t got;
	size_t start, i;

	while ((got = read(f->fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0) {
			if (errno == EINTR && !tool_interrupted())
				continue;
			if (errno != EINTR)
				tool_warn(&tl->options->c.tool, "%s: %s", f->name, strerror(errno));
			return false;
		}
		pp_buffer_append(&f->pending, chunk, (size_t)got);
		for (start = 0, i = 0; i < f->pending.length; i++)
			if (f->pending.data[i] == '\n') {
				hand_over(tl, f, f->pending.data + start, i - start);
				f->offset += (long long)(i + 1 - start);
				start = i + 1;
			}
		memmove(f->pending.data, f->pending.data + start, f->pending.length - start);
		f->pending.length -= start;
		note_prefix(f);
		if (!tool_end_batch(&tl->options->c.tool) || tool_interrupted())
			return false;
	}
	if (final && f->pending.length > 0) {
		pp_buffer_append_char(&f->pending, '\0');
		hand_over(tl, f, f->pending.data, f->pending.length - 1);
		f->offset += (long long)f->pending.length - 1;
		pp_buffer_clear(&f->pending);
	}
	return tool_end_batch(&tl->options->c.tool);
}

static void
end_input(tail *tl, tail_file *f)
{
	if (tl->format->end_input != NULL)
		tl->format->end_input(tl->parser, f->path, f->line);
}

/* ---- rotation ---- */

/* The rotated file next to path whose device and inode are those saved in
 * entry (PATH.1, PATH-2026...), into found; false when there is none. */
static bool
find_rotated(const char *path, jv entry, pp_buffer *found)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t base_length = strlen(base);
	DIR *directory;
	struct dirent *item;
	struct stat status;
	bool ok = false;

	pp_buffer_clear(found);
	if (slash != NULL)
		pp_buffer_append(found, path, (size_t)(slash - path));
	else
		pp_buffer_append_string(found, ".");
	directory = opendir(found->data);
	if (directory == NULL)
		return false;
	while (!ok && (item = readdir(directory)) != NULL) {
		size_t keep = found->length;

		if (strncmp(item->d_name, base, base_length) != 0 || item->d_name[base_length] == '\0')
			continue;
		pp_buffer_printf(found, "/%s", item->d_name);
		ok = stat(found->data, &status) == 0 && S_ISREG(status.st_mode) &&
		    entry_number(entry, "dev") == (double)status.st_dev &&
		    entry_number(entry, "ino") == (double)status.st_ino;
		if (!ok) {
			found->length = keep;
			found->data[keep] = '\0';
		}
	}
	closedir(directory);
	return ok;
}

/* ---- the state file ---- */

static jv
load_state(log_options *o)
{
	jv document = jv_load_file(o->state, 0), files;

	if (jv_get_kind(document) == JV_KIND_ARRAY && jv_array_length(jv_copy(document)) == 0) {
		jv_free(document);	/* an empty file: nothing to keep */
		document = jv_invalid();
	}
	if (!jv_is_valid(document)) {
		jv_free(document);
		if (access(o->state, F_OK) == 0)
			tool_warn(&o->c.tool, "%s: not a perf-collect state file; starting afresh",
			    o->state);
		return jv_object();	/* else no state yet: the first run */
	}
	if (jv_get_kind(document) == JV_KIND_ARRAY && jv_array_length(jv_copy(document)) == 1)
		document = jv_array_get(document, 0);
	files = jv_get_kind(document) == JV_KIND_OBJECT ?
	    jv_object_get(jv_copy(document), jv_string("files")) : jv_invalid();
	jv_free(document);
	if (jv_get_kind(files) != JV_KIND_OBJECT) {
		/* JSON, but not ours (perf-alert's state, say): overwriting it
		 * would destroy another program's data. */
		tool_warn(&o->c.tool, "%s: refusing the state file: not a perf-collect state "
		    "file; it is left as it is (move it away to start afresh)", o->state);
		jv_free(files);
		return jv_invalid();
	}
	return files;
}

static void
remember(tail *tl, const tail_file *f)
{
	long long length = f->offset < FINGERPRINT_BYTES ? f->offset : FINGERPRINT_BYTES;
	char text[32];
	bool complete;
	jv entry;

	if (f->fd < 0 || tl->options->state == NULL)
		return;
	entry = jv_object();
	snprintf(text, sizeof(text), "%016llx",
	    (unsigned long long)fingerprint(f->fd, length, &complete));
	entry = jv_object_set(entry, jv_string("dev"), jv_number((double)f->dev));
	entry = jv_object_set(entry, jv_string("ino"), jv_number((double)f->ino));
	entry = jv_object_set(entry, jv_string("offset"), jv_number((double)f->offset));
	entry = jv_object_set(entry, jv_string("line"), jv_number((double)f->line));
	entry = jv_object_set(entry, jv_string("fingerprint"), jv_string(text));
	entry = jv_object_set(entry, jv_string("fingerprint_length"), jv_number((double)length));
	tl->state = jv_object_set(tl->state, jv_string(f->path), entry);
}

/* Writes the state to a temporary file and renames it over the old one,
 * so that a crash leaves the old state or the new, never half of one. */
static void
save_state(tail *tl)
{
	const char *path = tl->options->state;
	pp_buffer text = PP_BUFFER_INIT, temporary = PP_BUFFER_INIT;
	jv document;
	FILE *file;
	bool ok;

	if (path == NULL)
		return;
	document = jv_object_set(jv_object(), jv_string("files"), jv_copy(tl->state));
	pp_json_write_value(&text, document);
	pp_buffer_append_char(&text, '\n');
	jv_free(document);
	pp_buffer_printf(&temporary, "%s.%ld.tmp", path, (long)getpid());
	file = fopen(temporary.data, "w");
	ok = file != NULL && fwrite(text.data, 1, text.length, file) == text.length &&
	    fflush(file) == 0 && fsync(fileno(file)) == 0;	/* on disk before the rename */
	ok = file != NULL && fclose(file) == 0 && ok;
	if (!ok || rename(temporary.data, path) != 0) {
		tool_warn(&tl->options->c.tool, "%s: cannot write the state: %s", path,
		    strerror(errno));
		tl->options->c.tool.exit_status = PP_EXIT_INPUT;
		unlink(temporary.data);
	}
	pp_buffer_free(&text);
	pp_buffer_free(&temporary);
}

/* ---- resuming, following ---- */

static bool
is_gzip(const char *path)
{
	unsigned char magic[2] = {0, 0};
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, magic, 2) != 2)
		magic[0] = 0;
	close(fd);
	return magic[0] == 0x1f && magic[1] == 0x8b;
}

/* Opens f where the last run stopped: its saved offset, or after the rest
 * of the rotated file (read here), or the start. */
static bool
resume(tail *tl, tail_file *f)
{
	jv entry = jv_object_get(jv_copy(tl->state), jv_string(f->path));
	pp_buffer rotated = PP_BUFFER_INIT;
	struct stat status;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	bool going = true, have = fd >= 0 && fstat(fd, &status) == 0;

	if (jv_get_kind(entry) == JV_KIND_OBJECT && entry_count(entry, "offset") >= 0 &&
	    entry_count(entry, "line") >= 0) {	/* else damaged: read from the start */
		long long offset = entry_count(entry, "offset");
		long line = (long)entry_count(entry, "line");

		if (have && same_file(fd, &status, entry) && status.st_size >= offset) {
			close(fd);
			jv_free(entry);
			return open_at(tl, f, f->path, offset, line);
		}
		if (!(have && entry_number(entry, "ino") == (double)status.st_ino &&
		    entry_number(entry, "dev") == (double)status.st_dev) &&
		    find_rotated(f->path, entry, &rotated) && open_at(tl, f, rotated.data, offset, line)) {
			struct stat old;

			/* the rest of the file that was rotated away, then the new one */
			if (fstat(f->fd, &old) == 0 && same_file(f->fd, &old, entry))
				going = drain(tl, f, true);
			close_file(f);
		}
	}
	jv_free(entry);
	pp_buffer_free(&rotated);
	if (fd >= 0)
		close(fd);
	return going && open_at(tl, f, f->path, 0, 0);
}

static bool
sleep_poll(void)
{
	struct timespec wait = {0, 250000000};

	while (nanosleep(&wait, &wait) != 0)
		if (errno != EINTR || tool_interrupted())
			return false;
	return !tool_interrupted();
}

/* One look at a followed file: new lines, truncation, replacement. */
static bool
poll_file(tail *tl, tail_file *f)
{
	struct stat now;

	if (f->fd < 0) {
		if (access(f->path, R_OK) != 0)
			return true;	/* not there yet */
		if (!open_at(tl, f, f->path, 0, 0))
			return true;
	}
	if (!drain(tl, f, false))
		return false;
	if (stat(f->path, &now) != 0)
		return true;		/* renamed away, its successor not yet made */
	if (now.st_ino != f->ino || now.st_dev != f->dev) {
		if (!drain(tl, f, true))
			return false;
		end_input(tl, f);
		close_file(f);
		return !open_at(tl, f, f->path, 0, 0) || drain(tl, f, false);
	}
	if (rewritten(f, &now)) {	/* truncated: read it again from the start */
		lseek(f->fd, 0, SEEK_SET);
		f->offset = 0;
		f->line = 0;
		f->print_length = 0;
		pp_buffer_clear(&f->pending);
		return drain(tl, f, false);
	}
	return true;
}

static void
follow(tail *tl, tail_file *files, int count)
{
	int i;

	while (sleep_poll()) {
		for (i = 0; i < count; i++)
			if (!poll_file(tl, &files[i]))
				return;
		if (tl->read_anything) {
			for (i = 0; i < count; i++)
				remember(tl, &files[i]);
			save_state(tl);
			tl->read_anything = false;
		}
	}
}

void
log_tail_run(log_options *o, const log_format *format, log_parser *parser)
{
	tail tl = {o, format, parser, jv_null(), false};
	tail_file *files = pp_xcalloc((size_t)o->file_count + 1, sizeof(*files));
	int i, count = 0;
	bool going = true;

	tl.state = o->state != NULL ? load_state(o) : jv_object();
	if (!jv_is_valid(tl.state)) {
		o->c.tool.exit_status = PP_EXIT_INPUT;
		free(files);
		return;
	}
	for (i = 0; going && i < o->file_count; i++) {
		const char *path = o->files[i];

		if (strcmp(path, "-") == 0 || is_gzip(path)) {
			going = log_read_path(o, format, parser, path);	/* read whole, once */
			continue;
		}
		files[count].path = path;
		files[count].fd = -1;
		if (resume(&tl, &files[count]))
			going = drain(&tl, &files[count], false);
		if (!o->follow)
			end_input(&tl, &files[count]);
		remember(&tl, &files[count]);
		count++;
	}
	if (o->file_count == 0)
		going = log_read_path(o, format, parser, "-");
	if (going && o->follow)
		follow(&tl, files, count);
	for (i = 0; i < count; i++) {
		remember(&tl, &files[i]);
		close_file(&files[i]);
		free(files[i].name);
		pp_buffer_free(&files[i].pending);
	}
	save_state(&tl);
	jv_free(tl.state);
	free(files);
}
