/*
 * markup.h - escaping text for HTML and XML: the one place that turns the
 * five markup characters into entities, for the HTML page (html_escape in
 * svg.c, which render_html.c calls) and the JUnit file (render_junit.c).
 *
 * The two differ only in control characters, which XML 1.0 cannot hold
 * even as references (tab, line feed and carriage return excepted): the
 * page shows each as U+FFFD, the JUnit file spells it out so that nothing
 * is lost from a description.
 */
#ifndef PERF_REPORT_MARKUP_H
#define PERF_REPORT_MARKUP_H

#include <stddef.h>

#include "pp_buffer.h"

typedef enum markup_controls {
	/* every control character (tab and line feed too) as U+FFFD */
	MARKUP_CONTROLS_REPLACED,
	/* tab, line feed and carriage return as character references (an
	 * attribute keeps them so); any other as the visible text "\u00XX"
	 * (JSON's spelling) */
	MARKUP_CONTROLS_SPELLED
} markup_controls;

/* Appends text[0..length) with &, <, >, " and ' as entities and control
 * characters as controls says: safe in element content and in quoted
 * attribute values.  A NUL byte inside text is a control character like
 * any other. */
void markup_escape(pp_buffer *out, const char *text, size_t length,
    markup_controls controls);

#endif
