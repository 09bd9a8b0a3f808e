/*
 * markup.c - escaping text for HTML and XML (see markup.h).
 */
#include "markup.h"

static void
append_control(pp_buffer *out, unsigned char c, markup_controls controls)
{
	if (controls == MARKUP_CONTROLS_REPLACED)
		pp_buffer_append_string(out, "\357\277\275");
	else if (c == '\t' || c == '\n' || c == '\r')
		pp_buffer_printf(out, "&#%d;", c);
	else
		pp_buffer_printf(out, "\\u%04x", c);
}

/* The entity of one of the five markup characters, else NULL. */
static const char *
entity_of(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return NULL;
	}
}

void
markup_escape(pp_buffer *out, const char *text, size_t length,
    markup_controls controls)
{
	size_t i;

	for (i = 0; i < length; i++) {
		unsigned char c = (unsigned char)text[i];
		const char *entity = entity_of(c);

		if (entity != NULL)
			pp_buffer_append_string(out, entity);
		else if (c < 0x20 || c == 0x7f)
			append_control(out, c, controls);
		else
			pp_buffer_append_char(out, (char)c);
	}
}
