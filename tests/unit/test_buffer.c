/* Unit tests for pp_buffer: the growable byte buffer. */
#include <criterion/criterion.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"

Test(buffer, starts_empty_and_appends_across_growth)
{
	pp_buffer buffer = PP_BUFFER_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		pp_buffer_append_string(&buffer, "ab");
	cr_assert_eq(buffer.length, 2000);
	cr_assert_eq(buffer.data[2000], '\0');
	cr_assert_eq(strncmp(buffer.data + 1998, "ab", 2), 0);
	pp_buffer_free(&buffer);
}

Test(buffer, printf_appends_formatted_text)
{
	pp_buffer buffer = PP_BUFFER_INIT;

	pp_buffer_append_char(&buffer, '[');
	pp_buffer_printf(&buffer, "%d-%s", 42, "x");
	cr_assert_str_eq(buffer.data, "[42-x");
	pp_buffer_clear(&buffer);
	cr_assert_eq(buffer.length, 0);
	cr_assert_str_eq(buffer.data, "");
	pp_buffer_free(&buffer);
}

Test(buffer, keeps_embedded_nul_bytes)
{
	pp_buffer buffer = PP_BUFFER_INIT;

	pp_buffer_append(&buffer, "a\0b", 3);
	cr_assert_eq(buffer.length, 3);
	cr_assert_eq(memcmp(buffer.data, "a\0b", 3), 0);
	pp_buffer_free(&buffer);
}

/* The library prints nothing on a failed allocation: it calls the
 * program's handler with the size it wanted.  (Not under AddressSanitizer,
 * whose allocator stops the process on a request this size.) */
Test(buffer, take_string_copies_the_text_and_empties_the_buffer)
{
	pp_buffer buffer = PP_BUFFER_INIT;
	char *empty = pp_buffer_take_string(&buffer);
	char *text;

	cr_assert_str_eq(empty, "");
	pp_buffer_append_string(&buffer, "p95 \302\267 12 ms");
	text = pp_buffer_take_string(&buffer);
	cr_assert_str_eq(text, "p95 \302\267 12 ms");
	cr_assert_eq(buffer.length, 0);
	pp_buffer_append_string(&buffer, "next");
	cr_assert_eq(buffer.length, 4);
	free(empty);
	free(text);
	pp_buffer_free(&buffer);
}

/* pp_strings_free frees every string and the array, and takes an empty
 * NULL array: the sanitizer run (scripts/test) fails on a leak or a
 * double free here. */
Test(buffer, strings_free_frees_each_string_and_the_array)
{
	char **strings = pp_xmalloc(2 * sizeof(*strings));

	strings[0] = pp_strndup("p95", 3);
	strings[1] = pp_strndup("p99.9", 5);
	cr_assert_str_eq(strings[1], "p99.9");
	pp_strings_free(strings, 2);
	pp_strings_free(NULL, 0);
}

#ifndef __SANITIZE_ADDRESS__
static jmp_buf out_of_memory_jump;
static size_t out_of_memory_size;

static void
record_out_of_memory(size_t size)
{
	out_of_memory_size = size;
	longjmp(out_of_memory_jump, 1);
}

Test(buffer, failed_allocation_goes_to_the_programs_handler)
{
	volatile int reached = 0;

	pp_set_out_of_memory(record_out_of_memory);
	if (setjmp(out_of_memory_jump) == 0)
		(void)pp_xmalloc(SIZE_MAX - 8);
	else
		reached = 1;
	pp_set_out_of_memory(NULL);
	cr_assert_eq(reached, 1);
	cr_assert_eq(out_of_memory_size, SIZE_MAX - 8);
}
#endif
