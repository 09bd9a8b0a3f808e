/*
 * pp_buffer.h - a growable byte buffer.
 *
 * Used to build output lines and keys without a fixed limit.  The buffer
 * always keeps a terminating NUL after its length, so data can be used as a
 * C string when it holds no NUL of its own.
 *
 * An allocation that fails calls the out-of-memory handler the program
 * installed with pp_set_out_of_memory (tools/common reports "PROGRAM: out
 * of memory allocating N bytes" and exits 3): a filter that cannot
 * allocate a line has nothing sensible left to do, and checking every
 * append would bury the logic.  The library itself never prints; with no
 * handler installed it stops the process with abort().
 */
#ifndef PP_BUFFER_H
#define PP_BUFFER_H

#include <stddef.h>
#include <string.h>

typedef struct pp_buffer {
	char *data;
	size_t length;
	size_t capacity;
} pp_buffer;

#define PP_BUFFER_INIT {NULL, 0, 0}

/* Makes room for extra more bytes (and the NUL): the growing is out of
 * line, the check inline, since writers append a few bytes at a time. */
void pp_buffer_grow(pp_buffer *buffer, size_t extra);

static inline void
pp_buffer_reserve(pp_buffer *buffer, size_t extra)
{
	if (buffer->length + extra + 1 > buffer->capacity)
		pp_buffer_grow(buffer, extra);
}

static inline void
pp_buffer_append(pp_buffer *buffer, const void *bytes, size_t length)
{
	pp_buffer_reserve(buffer, length);
	if (length > 0)
		memcpy(buffer->data + buffer->length, bytes, length);
	buffer->length += length;
	buffer->data[buffer->length] = '\0';
}

static inline void
pp_buffer_append_string(pp_buffer *buffer, const char *string)
{
	pp_buffer_append(buffer, string, strlen(string));
}

static inline void
pp_buffer_append_char(pp_buffer *buffer, char c)
{
	pp_buffer_reserve(buffer, 1);
	buffer->data[buffer->length++] = c;
	buffer->data[buffer->length] = '\0';
}
void pp_buffer_printf(pp_buffer *buffer, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void pp_buffer_clear(pp_buffer *buffer);
void pp_buffer_free(pp_buffer *buffer);

/* Called with the size of an allocation that failed; must not return. */
typedef void (*pp_out_of_memory_handler)(size_t size);
/* Installs the handler of failed allocations (NULL: none). */
void pp_set_out_of_memory(pp_out_of_memory_handler handler);

/* Copies length bytes into a new NUL-terminated string (the
 * out-of-memory handler on failure). */
char *pp_strndup(const char *bytes, size_t length);
/* Frees strings[0..count) and the array itself (NULL with count 0: nothing). */
void pp_strings_free(char **strings, size_t count);
/* A new NUL-terminated copy of what buffer holds (the caller frees it);
 * the buffer is left empty, its memory kept for the next use. */
char *pp_buffer_take_string(pp_buffer *buffer);
/* malloc/realloc/calloc that call the out-of-memory handler on failure. */
void *pp_xmalloc(size_t size);
void *pp_xrealloc(void *pointer, size_t size);
void *pp_xcalloc(size_t count, size_t size);

#endif
