/*
 * log_csv.c - `--format csv --map JQ`: CSV rows, as objects keyed by the
 * header, through a jq program into points.
 *
 * libcsv does the quoting (RFC 4180: quoted fields, doubled quotes,
 * newlines inside quotes), so a record may span several input lines: the
 * lines are fed to libcsv as they come and the raw text of the record is
 * kept until it completes, so that a bad row is reported at the line
 * where it began and kept verbatim by --rejects.  Values stay strings
 * (jq's tonumber converts); the first record is the header.
 */
#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "jq_map.h"
#include "log.h"
#include "pp_record.h"

struct log_parser {
	log_options *options;
	jq_map *map;
	struct csv_parser csv;
	jv header;		/* array of names, or null before the header */
	jv row;			/* the fields of the record being read */
	pp_buffer raw;		/* its lines, for --rejects */
	const char *source;
	long first_line;	/* where the record began */
};

static void
on_field(void *bytes, size_t length, void *data)
{
	log_parser *p = data;

	p->row = jv_array_append(p->row, jv_string_sized(bytes, (int)length));
}

static void
reject_record(log_parser *p, const char *message)
{
	if (p->raw.length > 0 && p->raw.data[p->raw.length - 1] == '\n')
		p->raw.data[--p->raw.length] = '\0';
	tool_reject_line(&p->options->c.tool, p->source, p->first_line, p->raw.data,
	    p->raw.length, "%s", message);
}

static void
map_row(log_parser *p)
{
	int fields = jv_array_length(jv_copy(p->row));
	int names = jv_array_length(jv_copy(p->header));
	pp_error error = {p->source, p->first_line, ""};
	jv object = jv_object();
	char message[128];
	int i;

	if (pp_record_check_bytes(p->raw.data, p->raw.length, &error) != PP_OK) {
		reject_record(p, error.message);
		jv_free(object);
		return;
	}
	if (fields != names) {
		snprintf(message, sizeof(message), "%d field%s, the header has %d", fields,
		    fields == 1 ? "" : "s", names);
		reject_record(p, message);
		jv_free(object);
		return;
	}
	for (i = 0; i < fields; i++)
		object = jv_object_set(object, jv_array_get(jv_copy(p->header), i),
		    jv_array_get(jv_copy(p->row), i));
	if (jq_map_run(p->map, object, &error) != PP_OK)
		reject_record(p, error.message);
}

static void
on_record(int terminator, void *data)
{
	log_parser *p = data;

	(void)terminator;
	if (p->raw.length > 0 && p->raw.data[p->raw.length - 1] == '\n')
		p->raw.data[--p->raw.length] = '\0';
	if (jv_get_kind(p->header) == JV_KIND_NULL) {
		jv_free(p->header);
		p->header = p->row;
	} else {
		map_row(p);
		jv_free(p->row);
	}
	p->row = jv_array();
	pp_buffer_clear(&p->raw);
	p->first_line = 0;
}

static log_parser *
csv_create(log_options *options)
{
	log_parser *p;

	if (options->map == NULL) {
		tool_usage_error(&options->c.tool, "--format csv needs --map JQ");
		return NULL;
	}
	p = pp_xcalloc(1, sizeof(*p));
	p->options = options;
	if ((p->map = jq_map_create(&options->c, options->map)) == NULL) {
		free(p);
		return NULL;
	}
	csv_init(&p->csv, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&p->csv, (unsigned char)options->delimiter);
	p->header = jv_null();
	p->row = jv_array();
	return p;
}

static void
csv_line(log_parser *p, const char *source, long number, const char *line,
    size_t length)
{
	p->source = source;
	if (p->first_line == 0)
		p->first_line = number;
	pp_buffer_append(&p->raw, line, length);
	pp_buffer_append_char(&p->raw, '\n');
	if (csv_parse(&p->csv, line, length, on_field, on_record, p) != length ||
	    csv_parse(&p->csv, "\n", 1, on_field, on_record, p) != 1) {
		/* a quote inside an unquoted field: drop the record, start over */
		reject_record(p, csv_error(&p->csv) == CSV_EPARSE ?
		    "malformed CSV: a quote inside an unquoted field" :
		    csv_strerror(csv_error(&p->csv)));
		csv_free(&p->csv);
		csv_init(&p->csv, CSV_STRICT | CSV_STRICT_FINI);
		csv_set_delim(&p->csv, (unsigned char)p->options->delimiter);
		jv_free(p->row);
		p->row = jv_array();
		pp_buffer_clear(&p->raw);
		p->first_line = 0;
	}
}

/* The end of an input ends its last record, and the next input has its
 * own header. */
static void
csv_end_input(log_parser *p, const char *source, long last_line)
{
	(void)last_line;
	p->source = source;
	if (csv_fini(&p->csv, on_field, on_record, p) != 0)
		reject_record(p, "the file ends inside a quoted field");
	jv_free(p->row);
	p->row = jv_array();
	jv_free(p->header);
	p->header = jv_null();
	pp_buffer_clear(&p->raw);
	p->first_line = 0;
}

static void
csv_destroy(log_parser *p)
{
	csv_free(&p->csv);
	jv_free(p->header);
	jv_free(p->row);
	pp_buffer_free(&p->raw);
	jq_map_free(p->map);
	free(p);
}

const log_format log_format_csv = {"csv", csv_create, csv_line, csv_end_input,
	csv_destroy};
