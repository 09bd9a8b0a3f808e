/*
 * replay.c - a main() for a fuzz target without libFuzzer: feeds every file
 * of the directories named on the command line, in name order, to
 * LLVMFuzzerTestOneInput.  Built with gcc by meson (tests/fuzz/meson.build)
 * so that each target's corpus, crashes that became regression inputs
 * included, is replayed in every scripts/test run, under ASan and UBSan in
 * the sanitizer build.  A target aborts on a finding, which fails the test;
 * otherwise the driver prints "N passed, 0 failed", one case per input.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
read_file(const char *path, uint8_t **data, size_t *size)
{
	FILE *file = fopen(path, "rb");
	size_t capacity = 4096;

	if (file == NULL)
		return 0;
	*data = malloc(capacity);
	*size = 0;
	for (;;) {
		size_t count = fread(*data + *size, 1, capacity - *size, file);

		*size += count;
		if (*size < capacity)
			break;
		capacity *= 2;
		*data = realloc(*data, capacity);
		if (*data == NULL)
			abort();
	}
	fclose(file);
	return 1;
}

static int
not_hidden(const struct dirent *entry)
{
	return entry->d_name[0] != '.';
}

/* Replays one directory; returns the count of inputs, or -1 on error. */
static long
replay_directory(const char *directory)
{
	struct dirent **entries;
	int count = scandir(directory, &entries, not_hidden, alphasort), i;
	long replayed = 0;

	if (count < 0) {
		perror(directory);
		return -1;
	}
	for (i = 0; i < count; i++) {
		char path[4096];
		uint8_t *data;
		size_t size;

		snprintf(path, sizeof(path), "%s/%s", directory, entries[i]->d_name);
		if (read_file(path, &data, &size)) {
			fprintf(stderr, "replay: %s\n", path);
			LLVMFuzzerTestOneInput(data, size);
			free(data);
			replayed++;
		}
		free(entries[i]);
	}
	free(entries);
	return replayed;
}

int
main(int argc, char **argv)
{
	long total = 0;
	int i;

	for (i = 1; i < argc; i++) {
		long replayed = replay_directory(argv[i]);

		if (replayed < 0)
			return 1;
		total += replayed;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no input files\n");
		return 1;
	}
	printf("%ld passed, 0 failed\n", total);
	return 0;
}
