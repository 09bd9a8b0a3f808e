/*
 * text_safe.h - text from the stream made safe for a terminal.
 *
 * Names, tags, messages and file names come from input that anyone may
 * write.  Printed raw, an escape sequence (ESC, or a C1 control such as
 * CSI, U+009B) could move the cursor, retitle the window or hide lines,
 * and a bidi control (U+202A-U+202E, U+2066-U+2069) could show a line in
 * another order than it reads ("Trojan Source").  This is the one
 * function that neutralises them, for every message on standard error
 * and for perf-report's text and Markdown output.
 */
#ifndef TEXT_SAFE_H
#define TEXT_SAFE_H

#include <stddef.h>

#include "pp_buffer.h"

/* Appends text[0..length), with each C0 control (tab and newline too: a
 * message is one line), DEL, C1 control, bidi control and byte that is
 * not UTF-8 replaced: by replacement when it is not '\0', else by a
 * visible escape ("\x1b", "\u202e").  Other characters are copied. */
void text_safe_append(pp_buffer *out, const char *text, size_t length, char replacement);

#endif
