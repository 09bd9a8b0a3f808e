/*
 * rotated.c - listing the rotated files of a log.  See rotated.h.
 */
#include "rotated.h"

#include <dirent.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pp_buffer.h"

bool
rotated_starts_gzip(const char *path)
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

static void
add(rotated_list *list, const char *path, const struct stat *log)
{
	struct stat status;
	size_t i;

	if (stat(path, &status) != 0 || !S_ISREG(status.st_mode))
		return;
	if (log != NULL && status.st_dev == log->st_dev && status.st_ino == log->st_ino)
		return;		/* the log itself, under another name */
	for (i = 0; i < list->count; i++)
		if (list->files[i].status.st_dev == status.st_dev &&
		    list->files[i].status.st_ino == status.st_ino)
			return;
	list->files = pp_xrealloc(list->files, (list->count + 1) * sizeof(*list->files));
	list->files[list->count].path = pp_strndup(path, strlen(path));
	list->files[list->count].status = status;
	list->files[list->count].gzip = rotated_starts_gzip(path);
	list->count++;
}

static int
older_first(const void *a, const void *b)
{
	const struct stat *x = &((const rotated_file *)a)->status;
	const struct stat *y = &((const rotated_file *)b)->status;

	if (x->st_mtim.tv_sec != y->st_mtim.tv_sec)
		return x->st_mtim.tv_sec < y->st_mtim.tv_sec ? -1 : 1;
	if (x->st_mtim.tv_nsec != y->st_mtim.tv_nsec)
		return x->st_mtim.tv_nsec < y->st_mtim.tv_nsec ? -1 : 1;
	return strcmp(((const rotated_file *)b)->path, ((const rotated_file *)a)->path);
}

void
rotated_list_find(const char *path, const char *pattern, rotated_list *list)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t base_length = strlen(base);
	pp_buffer name = PP_BUFFER_INIT;
	struct stat log, *have = stat(path, &log) == 0 ? &log : NULL;
	DIR *directory;
	struct dirent *item;
	glob_t matches;

	list->files = NULL;
	list->count = 0;
	if (slash != NULL)
		pp_buffer_append(&name, path, (size_t)(slash - path) + 1);
	directory = opendir(slash != NULL ? name.data : ".");
	while (directory != NULL && (item = readdir(directory)) != NULL) {
		size_t keep = name.length;

		if (strncmp(item->d_name, base, base_length) != 0 ||
		    (item->d_name[base_length] != '.' && item->d_name[base_length] != '-') ||
		    item->d_name[base_length + 1] == '\0')
			continue;
		pp_buffer_append_string(&name, item->d_name);
		add(list, name.data, have);
		name.length = keep;
		name.data[keep] = '\0';
	}
	if (directory != NULL)
		closedir(directory);
	if (pattern != NULL && glob(pattern, 0, NULL, &matches) == 0) {
		for (size_t i = 0; i < matches.gl_pathc; i++)
			if (strcmp(matches.gl_pathv[i], path) != 0)
				add(list, matches.gl_pathv[i], have);
		globfree(&matches);
	}
	pp_buffer_free(&name);
	if (list->count > 1)
		qsort(list->files, list->count, sizeof(*list->files), older_first);
}

void
rotated_list_free(rotated_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->files[i].path);
	free(list->files);
	list->files = NULL;
	list->count = 0;
}
