/* Unit tests for pp_buffer: the growable byte buffer. */
#include <criterion/criterion.h>
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
