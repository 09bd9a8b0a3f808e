/*
 * pp_buffer.c - growable byte buffer and allocation helpers.  Capacity
 * doubles, so appending n bytes costs O(n) amortised.
 *
 * A failed allocation goes to the program's handler
 * (pp_set_out_of_memory), which reports it; the library prints nothing.
 */
#include "pp_buffer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pp_out_of_memory_handler out_of_memory_handler;

void
pp_set_out_of_memory(pp_out_of_memory_handler handler)
{
	out_of_memory_handler = handler;
}

/* The handler does not return; without one (a unit test, a fuzzer) there
 * is no one to tell, and the only safe way on is to stop. */
static void
out_of_memory(size_t size)
{
	if (out_of_memory_handler != NULL)
		out_of_memory_handler(size);
	abort();
}

void *
pp_xmalloc(size_t size)
{
	void *pointer = malloc(size ? size : 1);

	if (pointer == NULL)
		out_of_memory(size);
	return pointer;
}

void *
pp_xrealloc(void *pointer, size_t size)
{
	void *grown = realloc(pointer, size ? size : 1);

	if (grown == NULL)
		out_of_memory(size);
	return grown;
}

void *
pp_xcalloc(size_t count, size_t size)
{
	void *pointer = calloc(count ? count : 1, size ? size : 1);

	if (pointer == NULL)
		out_of_memory(count * size);
	return pointer;
}

char *
pp_strndup(const char *bytes, size_t length)
{
	char *copy = pp_xmalloc(length + 1);

	if (length > 0)
		memcpy(copy, bytes, length);
	copy[length] = '\0';
	return copy;
}

void
pp_strings_free(char **strings, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(strings[i]);
	free(strings);
}

char *
pp_buffer_take_string(pp_buffer *buffer)
{
	char *text = pp_strndup(buffer->data, buffer->length);

	pp_buffer_clear(buffer);
	return text;
}

void
pp_buffer_grow(pp_buffer *buffer, size_t extra)
{
	size_t needed = buffer->length + extra + 1;
	size_t capacity = buffer->capacity ? buffer->capacity : 64;

	if (needed <= buffer->capacity)
		return;
	while (capacity < needed)
		capacity *= 2;
	buffer->data = pp_xrealloc(buffer->data, capacity);
	buffer->capacity = capacity;
}

void
pp_buffer_printf(pp_buffer *buffer, const char *format, ...)
{
	va_list arguments;
	int needed;

	va_start(arguments, format);
	needed = vsnprintf(NULL, 0, format, arguments);
	va_end(arguments);
	if (needed < 0)
		return;
	pp_buffer_reserve(buffer, (size_t)needed);
	va_start(arguments, format);
	vsnprintf(buffer->data + buffer->length, (size_t)needed + 1, format, arguments);
	va_end(arguments);
	buffer->length += (size_t)needed;
}

void
pp_buffer_clear(pp_buffer *buffer)
{
	buffer->length = 0;
	if (buffer->data != NULL)
		buffer->data[0] = '\0';
}

void
pp_buffer_free(pp_buffer *buffer)
{
	free(buffer->data);
	buffer->data = NULL;
	buffer->length = buffer->capacity = 0;
}
