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
#include "rotated.h"
#include "state_file.h"
#include "store.h"

#define FINGERPRINT_BYTES 256
/* The FNV-1a seed that state files written so far were made with (a digit
 * short of FNV's offset basis, PP_FNV1A_BASIS): changing it would make
 * every followed file look replaced. */
#define FINGERPRINT_SEED 1469598103934665603ULL

typedef struct tail_file {
	const char *path;	/* as named on the command line */
	char *name;		/* the file actually open (a rotated one, at times) */
	int fd;
	dev_t dev;
	ino_t ino;
	long long offset;	/* after the last complete line handed over */
	long line;
	/* after the last line whose output was written, flushed and stored:
	 * what the state saves, so the next run delivers the rest again */
	long long acked_offset;
	long acked_line;
	pp_buffer pending;	/* bytes read after offset: a partial line */
	/* inside a line over --max-line-bytes: pending holds its first
	 * 4 KiB, skipped counts its bytes, the rest is dropped */
	bool skipping;
	long long skipped;
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
	return pp_fnv1a(FINGERPRINT_SEED, bytes, got > 0 ? (size_t)got : 0);
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
	f->offset = f->acked_offset = offset;
	f->line = f->acked_line = line;
	f->print_length = 0;
	pp_buffer_clear(&f->pending);
	f->skipping = false;
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

/* Ends a batch: writes and flushes the output, and acknowledges the lines
 * handed over when that succeeded and the --store has them too.  Returns
 * false when the output can take no more. */
static bool
acknowledge(tail *tl, tail_file *f)
{
	bool going = tool_end_batch(&tl->options->c.tool);

	if (going && store_all_stored(&tl->options->c)) {
		f->acked_offset = f->offset;
		f->acked_line = f->line;
	}
	return going;
}

/* Rejects the over-long line whose first bytes pending holds: it had
 * f->skipped bytes and ends at f->offset now. */
static void
reject_long(tail *tl, tail_file *f)
{
	pp_tool *tool = &tl->options->c.tool;

	f->line++;
	tool->lines_read++;
	tool_reject_line(tool, f->path, f->line, f->pending.data, f->pending.length,
	    "line of %lld bytes is longer than the limit of %zu bytes: rejected",
	    f->skipped, tool->max_line_bytes);
	pp_buffer_clear(&f->pending);
	f->skipping = false;
}

/* Takes a chunk read from f: hands over its complete lines, rejects the
 * ones over --max-line-bytes, keeps the partial line in pending (only its
 * first 4 KiB once it is over the limit, so memory stays bounded). */
static void
take_chunk(tail *tl, tail_file *f, const char *chunk, size_t got)
{
	size_t limit = tl->options->c.tool.max_line_bytes;
	size_t start, i, scanned;

	if (f->skipping) {
		const char *newline = memchr(chunk, '\n', got);

		if (newline == NULL) {
			f->skipped += (long long)got;
			return;
		}
		f->skipped += newline - chunk;
		f->offset += f->skipped + 1;
		reject_long(tl, f);
		got -= (size_t)(newline + 1 - chunk);
		chunk = newline + 1;
	}
	scanned = f->pending.length;	/* the bytes before hold no newline */
	pp_buffer_append(&f->pending, chunk, got);
	for (start = 0, i = scanned; i < f->pending.length; i++)
		if (f->pending.data[i] == '\n') {
			size_t length = i - start;

			if (length > 0 && f->pending.data[i - 1] == '\r')
				length--;
			if (limit > 0 && length > limit) {
				f->line++;
				tl->options->c.tool.lines_read++;
				tool_reject_line(&tl->options->c.tool, f->path, f->line,
				    f->pending.data + start,
				    i - start < 4096 ? i - start : 4096,
				    "line of %zu bytes is longer than the limit of %zu "
				    "bytes: rejected", i - start, limit);
			} else
				hand_over(tl, f, f->pending.data + start, i - start);
			f->offset += (long long)(i + 1 - start);
			start = i + 1;
		}
	memmove(f->pending.data, f->pending.data + start, f->pending.length - start);
	f->pending.length -= start;
	if (limit > 0 && f->pending.length > limit + 1) {
		f->skipping = true;
		f->skipped = (long long)f->pending.length;
		f->pending.length = 4096;
	}
}

/* Reads what the file holds now and hands over its complete lines; with
 * final (a rotated file that will not grow) also a last line that lacks
 * its newline.  Returns false when output is closed or on a signal. */
static bool
drain(tail *tl, tail_file *f, bool final)
{
	char chunk[65536];
	ssize_t got;

	while ((got = read(f->fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0) {
			if (errno == EINTR && !tool_interrupted())
				continue;
			if (errno != EINTR)
				tool_warn(&tl->options->c.tool, "%s: %s", f->name, strerror(errno));
			return false;
		}
		take_chunk(tl, f, chunk, (size_t)got);
		note_prefix(f);
		if (!acknowledge(tl, f) || tool_interrupted())
			return false;
	}
	if (final && f->skipping) {
		f->offset += f->skipped;
		reject_long(tl, f);
	}
	if (final && f->pending.length > 0) {
		pp_buffer_append_char(&f->pending, '\0');
		hand_over(tl, f, f->pending.data, f->pending.length - 1);
		f->offset += (long long)f->pending.length - 1;
		pp_buffer_clear(&f->pending);
	}
	return acknowledge(tl, f);
}

static void
end_input(tail *tl, tail_file *f)
{
	tl->options->c.input_ts = 0;
	if (tl->format->end_input != NULL)
		tl->format->end_input(tl->parser, f->path, f->line);
}

/* ---- rotation ---- */

/* The fingerprint of a gzip file's first length bytes once inflated, as
 * the state writes it; false when the file holds fewer bytes. */
static bool
gzip_fingerprint(const char *path, long long length, char *text, size_t size)
{
	pp_error error = {NULL, 0, ""};
	pp_reader *reader = pp_reader_open(path, &error);
	pp_buffer prefix = PP_BUFFER_INIT;
	const char *line;
	size_t line_length;

	if (reader == NULL || length < 0 || length > FINGERPRINT_BYTES) {
		if (reader != NULL)
			pp_reader_close(reader);
		return false;
	}
	while ((long long)prefix.length < length &&
	    pp_reader_next(reader, &line, &line_length, &error) == PP_OK) {
		pp_buffer_append(&prefix, line, line_length);
		pp_buffer_append_char(&prefix, '\n');
	}
	pp_reader_close(reader);
	if ((long long)prefix.length < length) {
		pp_buffer_free(&prefix);
		return false;
	}
	snprintf(text, size, "%016llx",
	    (unsigned long long)pp_fnv1a(FINGERPRINT_SEED, prefix.data, (size_t)length));
	pp_buffer_free(&prefix);
	return true;
}

/* The fingerprint of a plain file's first length bytes; false when it
 * holds fewer. */
static bool
plain_fingerprint(const char *path, long long length, char *text, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool complete = false;
	uint64_t hash;

	if (fd < 0)
		return false;
	hash = fingerprint(fd, length, &complete);
	close(fd);
	snprintf(text, size, "%016llx", (unsigned long long)hash);
	return complete;
}

/* The rotated file that the state's entry describes: the one with its
 * device and inode (and fingerprint); else one whose start has its
 * fingerprint: a gzip file (logrotate's compress makes a new inode) or a
 * copy (copytruncate).  Among several that begin alike, the oldest one
 * written to since the last run (the entry's mtime): files rotated
 * before it are older.  -1 when none. */
static long
locate_rotated(const rotated_list *list, jv entry)
{
	jv print = jv_object_get(jv_copy(entry), jv_string("fingerprint"));
	long long length = entry_count(entry, "fingerprint_length");
	double since = entry_number(entry, "mtime");
	char text[32];
	long found = -1;
	size_t i;

	for (i = 0; found < 0 && i < list->count; i++) {
		const rotated_file *file = &list->files[i];
		int fd;

		if (file->gzip || entry_number(entry, "dev") != (double)file->status.st_dev ||
		    entry_number(entry, "ino") != (double)file->status.st_ino)
			continue;
		fd = open(file->path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && same_file(fd, &file->status, entry))
			found = (long)i;
		if (fd >= 0)
			close(fd);
	}
	for (i = 0; found < 0 && jv_get_kind(print) == JV_KIND_STRING && i < list->count; i++) {
		const rotated_file *file = &list->files[i];
		double modified = (double)file->status.st_mtim.tv_sec +
		    (double)file->status.st_mtim.tv_nsec / 1e9;

		if (modified + 1e-6 < since)
			continue;	/* rotated before the last run */
		if ((file->gzip ? gzip_fingerprint(file->path, length, text, sizeof(text)) :
		    plain_fingerprint(file->path, length, text, sizeof(text))) &&
		    strcmp(text, jv_string_value(print)) == 0)
			found = (long)i;
	}
	jv_free(print);
	return found;
}

/* Reads a gzip file's lines after its first offset bytes (inflated), as
 * the lines of f. */
static bool
read_gzip_from(tail *tl, tail_file *f, const char *name, long long offset, long line)
{
	pp_error error = {NULL, 0, ""};
	pp_reader *reader = tool_open_reader(&tl->options->c.tool, name, &error);
	long long skipped = 0;
	const char *text;
	size_t length;
	pp_status status;
	bool going = true;

	if (reader == NULL) {
		tool_report(&tl->options->c.tool, &error);
		tl->options->c.tool.exit_status = PP_EXIT_INPUT;
		return true;
	}
	f->line = offset > 0 ? line : 0;
	while (going && (status = pp_reader_next(reader, &text, &length, &error)) != PP_END) {
		if (status == PP_ERR_INTERRUPTED) {
			going = !tool_interrupted();
			continue;
		}
		if (status == PP_ERR_TOO_LONG) {
			f->line++;
			if (skipped < offset)
				continue;	/* rejected before the offset */
			tool_reject(&tl->options->c.tool, &error, text, length);
			continue;
		}
		if (status != PP_OK) {
			tool_report(&tl->options->c.tool, &error);
			tl->options->c.tool.exit_status = PP_EXIT_INPUT;
			break;
		}
		if (skipped < offset) {
			skipped += (long long)length + 1;
			continue;
		}
		hand_over(tl, f, text, length);
		if (!pp_reader_has_line(reader))
			going = tool_end_batch(&tl->options->c.tool) && !tool_interrupted();
	}
	pp_reader_close(reader);
	return going && tool_end_batch(&tl->options->c.tool);
}

/* Reads one rotated file from offset to its end, as the lines of f. */
static bool
read_rotated(tail *tl, tail_file *f, const rotated_file *file, long long offset, long line)
{
	bool going = true;

	if (file->gzip)
		return read_gzip_from(tl, f, file->path, offset, line);
	if (open_at(tl, f, file->path, offset, line))
		going = drain(tl, f, true);
	close_file(f);
	return going;
}

/* The path names a new file: reads what the last run had not read of the
 * old one, wherever it was rotated to, then every file rotated after it
 * (two rotations between runs), oldest first.  When the old file is
 * nowhere, says what was lost. */
static bool
read_rotated_away(tail *tl, tail_file *f, jv entry, long long offset, long line,
    bool moved)
{
	rotated_list list;
	long at;
	bool going = true;

	rotated_list_find(f->path, tl->options->rotated_glob, &list);
	at = locate_rotated(&list, entry);
	if (at < 0) {
		if (moved && offset > 0)
			tool_warn(&tl->options->c.tool, "%s: the file read up to byte %lld was "
			    "rotated away and is not among %s.*, %s-*%s: what was written to it "
			    "after byte %lld is lost", f->path, offset, f->path, f->path,
			    tl->options->rotated_glob != NULL ? " or --rotated-glob" : "", offset);
		if (moved && offset > 0)
			tl->options->c.tool.exit_status = PP_EXIT_INPUT;
		rotated_list_free(&list);
		return true;
	}
	going = read_rotated(tl, f, &list.files[at], offset, line);
	for (size_t i = (size_t)at + 1; going && i < list.count; i++)
		going = read_rotated(tl, f, &list.files[i], 0, 0);
	rotated_list_free(&list);
	return going;
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
	long long length = f->acked_offset < FINGERPRINT_BYTES ? f->acked_offset :
	    FINGERPRINT_BYTES;
	char text[32];
	bool complete;
	struct stat status;
	jv entry;

	if (f->fd < 0 || tl->options->state == NULL)
		return;
	entry = jv_object();
	snprintf(text, sizeof(text), "%016llx",
	    (unsigned long long)fingerprint(f->fd, length, &complete));
	entry = jv_object_set(entry, jv_string("dev"), jv_number((double)f->dev));
	entry = jv_object_set(entry, jv_string("ino"), jv_number((double)f->ino));
	entry = jv_object_set(entry, jv_string("offset"), jv_number((double)f->acked_offset));
	entry = jv_object_set(entry, jv_string("line"), jv_number((double)f->acked_line));
	entry = jv_object_set(entry, jv_string("fingerprint"), jv_string(text));
	entry = jv_object_set(entry, jv_string("fingerprint_length"), jv_number((double)length));
	if (fstat(f->fd, &status) == 0)	/* to tell the file among rotated ones alike */
		entry = jv_object_set(entry, jv_string("mtime"), jv_number((double)status.st_mtim.tv_sec +
		    (double)status.st_mtim.tv_nsec / 1e9));
	tl->state = jv_object_set(tl->state, jv_string(f->path), entry);
}

/* Writes the state to a temporary file and renames it over the old one,
 * so that a crash leaves the old state or the new, never half of one. */
static void
save_state(tail *tl)
{
	const char *path = tl->options->state;
	pp_buffer text = PP_BUFFER_INIT;
	jv document;

	if (path == NULL)
		return;
	document = jv_object_set(jv_object(), jv_string("files"), jv_copy(tl->state));
	pp_json_write_value(&text, document);
	pp_buffer_append_char(&text, '\n');
	jv_free(document);
	if (!state_replace(&tl->options->c.tool, path, text.data, text.length))
		tl->options->c.tool.exit_status = PP_EXIT_INPUT;
	pp_buffer_free(&text);
}

/* ---- resuming, following ---- */

/* Opens f where the last run stopped: its saved offset, or after the rest
 * of the rotated file (read here), or the start. */
static bool
resume(tail *tl, tail_file *f)
{
	jv entry = jv_object_get(jv_copy(tl->state), jv_string(f->path));
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
		/* a new file under the name (rotated away), or this one
		 * truncated or rewritten (copytruncate, or its inode reused
		 * by the next file after the old one was compressed) */
		going = read_rotated_away(tl, f, entry, offset, line,
		    !(have && entry_number(entry, "ino") == (double)status.st_ino &&
		    entry_number(entry, "dev") == (double)status.st_dev));
	}
	jv_free(entry);
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
		f->offset = f->acked_offset = 0;
		f->line = f->acked_line = 0;
		f->print_length = 0;
		pp_buffer_clear(&f->pending);
		f->skipping = false;
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
	tail_file *files = pp_xcalloc((size_t)o->c.tool.file_count + 1, sizeof(*files));
	int i, count = 0, lock = -1, status;
	bool going = true;

	/* one run at a time on a state: overlapping cron runs would read the
	 * same lines twice, or save offsets over each other's */
	if (o->state != NULL && (status = state_lock(&o->c.tool, o->state, o->wait, &lock)) != 0) {
		o->c.tool.exit_status = status;
		free(files);
		return;
	}
	tl.state = o->state != NULL ? load_state(o) : jv_object();
	if (!jv_is_valid(tl.state)) {
		o->c.tool.exit_status = PP_EXIT_INPUT;
		if (lock >= 0)
			close(lock);
		free(files);
		return;
	}
	for (i = 0; going && i < o->c.tool.file_count; i++) {
		const char *path = o->c.tool.files[i];

		if (strcmp(path, "-") == 0 || rotated_starts_gzip(path)) {
			going = log_read_path(o, format, parser, path);	/* read whole, once */
			continue;
		}
		files[count].path = path;
		files[count].fd = -1;
		if (resume(&tl, &files[count]))
			going = drain(&tl, &files[count], false);
		if (going && !o->follow) {
			end_input(&tl, &files[count]);
			going = acknowledge(&tl, &files[count]);
		}
		remember(&tl, &files[count]);
		count++;
	}
	if (o->c.tool.file_count == 0)
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
	if (lock >= 0)
		close(lock);	/* releases the lock, after the state was saved */
	jv_free(tl.state);
	free(files);
}
