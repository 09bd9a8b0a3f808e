/*
 * pp_error.c - filling the error struct that every libperfpipe call reports
 * its failures through.  See pp_error.h.
 */
#include "pp_error.h"

#include <stdarg.h>
#include <stdio.h>

pp_status
pp_error_set(pp_error *error, pp_status status, const char *format, ...)
{
	va_list arguments;

	if (error == NULL)
		return status;
	va_start(arguments, format);
	vsnprintf(error->message, sizeof(error->message), format, arguments);
	va_end(arguments);
	return status;
}
