/*
 * alertmanager.c - perf-alert --format alertmanager: the alerts as the
 * array that Alertmanager's v2 API takes (POST /api/v2/alerts), so that
 * `perf-alert ... --format alertmanager | curl --data @- ...` works.
 *
 * The array holds every alert resolved during the run (with endsAt) and
 * then every alert still firing at the end; Alertmanager wants firing
 * alerts sent again on each run, which a cron job with --state does.
 * Labels are alertname (the rule), severity, alert_type, metric and the
 * series' tags, with tag keys made valid label names ([A-Za-z0-9_], not
 * starting with a digit), never overriding the labels before them: a
 * name already there gets _2, _3.
 * A label with an empty value is left out, as Alertmanager would.
 */
#include "alertmanager.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pp_json.h"
#include "pp_time.h"

static jv
string_field(jv alert, const char *field)
{
	jv value = jv_object_get(jv_copy(alert), jv_string(field));

	if (jv_get_kind(value) == JV_KIND_STRING)
		return value;
	jv_free(value);
	return jv_string("");
}

static jv
time_text(jv alert, const char *field)
{
	jv value = jv_object_get(jv_copy(alert), jv_string(field));
	char text[64];

	if (jv_get_kind(value) != JV_KIND_NUMBER) {
		jv_free(value);
		return jv_invalid();
	}
	pp_time_format_rfc3339(jv_number_value(value), text, sizeof(text));
	jv_free(value);
	return jv_string(text);
}

static jv
number_text(jv alert, const char *field)
{
	jv value = jv_object_get(jv_copy(alert), jv_string(field));
	pp_buffer text = PP_BUFFER_INIT;
	jv result;

	if (jv_get_kind(value) == JV_KIND_NUMBER)
		pp_json_write_number(&text, jv_number_value(value));
	jv_free(value);
	result = jv_string(text.data ? text.data : "");
	pp_buffer_free(&text);
	return result;
}

static jv
label_name(const char *key)
{
	char *name = pp_strndup(key, strlen(key) + 1);
	size_t i;
	jv result;

	for (i = 0; name[i] != '\0'; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_')
			name[i] = '_';
	if (isdigit((unsigned char)name[0]) || name[0] == '\0') {
		jv prefixed = jv_string_fmt("_%s", name);

		free(name);
		return prefixed;
	}
	result = jv_string(name);
	free(name);
	return result;
}

static bool
has_label(jv labels, jv name)
{
	jv existing = jv_object_get(jv_copy(labels), jv_copy(name));
	bool found = jv_is_valid(existing);

	jv_free(existing);
	return found;
}

/* The label name for a tag key, with _2, _3 when the labels already have
 * it: dropping the tag would give two series the same labels, which
 * Alertmanager takes for one alert. */
static jv
unused_label_name(jv labels, const char *key)
{
	jv base = label_name(key), name = jv_copy(base);
	int n;

	for (n = 2; has_label(labels, name); n++) {
		jv_free(name);
		name = jv_string_fmt("%s_%d", jv_string_value(base), n);
	}
	jv_free(base);
	return name;
}

/* Sets the label unless its value is empty: Alertmanager, as Prometheus,
 * takes an empty label for an absent one and lists the alert without it. */
static jv
set_label(jv labels, jv name, jv value)
{
	if (jv_get_kind(value) != JV_KIND_STRING || jv_string_length_bytes(jv_copy(value)) == 0) {
		jv_free(name);
		jv_free(value);
		return labels;
	}
	return jv_object_set(labels, name, value);
}

static jv
labels_of(jv alert)
{
	jv labels = jv_object(), tags = jv_object_get(jv_copy(alert), jv_string("tags"));
	int iterator;

	labels = set_label(labels, jv_string("alertname"), string_field(alert, "rule"));
	labels = set_label(labels, jv_string("severity"), string_field(alert, "severity"));
	labels = set_label(labels, jv_string("alert_type"), string_field(alert, "alert_type"));
	labels = set_label(labels, jv_string("metric"), string_field(alert, "name"));
	if (jv_get_kind(tags) == JV_KIND_OBJECT)
		for (iterator = jv_object_iter(tags); jv_object_iter_valid(tags, iterator);
		    iterator = jv_object_iter_next(tags, iterator)) {
			jv key = jv_object_iter_key(tags, iterator);
			jv name = unused_label_name(labels, jv_string_value(key));

			labels = set_label(labels, name, jv_object_iter_value(tags, iterator));
			jv_free(key);
		}
	jv_free(tags);
	return labels;
}

static jv
annotations_of(jv alert)
{
	jv annotations = jv_object();
	jv explanation = jv_object_get(jv_copy(alert), jv_string("explanation"));
	jv actions = jv_object_get(jv_copy(alert), jv_string("suggested_actions"));
	jv joined = jv_string("");
	int i, n = jv_get_kind(actions) == JV_KIND_ARRAY ? jv_array_length(jv_copy(actions)) : 0;

	for (i = 0; i < n; i++) {
		jv action = jv_array_get(jv_copy(actions), i);

		if (i > 0)
			joined = jv_string_append_str(joined, "; ");
		if (jv_get_kind(action) == JV_KIND_STRING)
			joined = jv_string_append_str(joined, jv_string_value(action));
		jv_free(action);
	}
	jv_free(actions);
	annotations = jv_object_set(annotations, jv_string("description"),
	    string_field(alert, "description"));
	annotations = jv_object_set(annotations, jv_string("current_value"),
	    number_text(alert, "current_value"));
	annotations = jv_object_set(annotations, jv_string("threshold"),
	    number_text(alert, "threshold"));
	annotations = jv_object_set(annotations, jv_string("suggested_actions"), joined);
	annotations = jv_object_set(annotations, jv_string("alert_id"), string_field(alert, "id"));
	if (jv_get_kind(explanation) == JV_KIND_OBJECT)
		annotations = jv_object_set(annotations, jv_string("explanation"),
		    string_field(explanation, "message"));
	jv_free(explanation);
	return annotations;
}

static jv
alertmanager_alert(jv alert)
{
	jv result = jv_object(), ends = time_text(alert, "resolved_at");

	result = jv_object_set(result, jv_string("labels"), labels_of(alert));
	result = jv_object_set(result, jv_string("annotations"), annotations_of(alert));
	result = jv_object_set(result, jv_string("startsAt"), time_text(alert, "triggered_at"));
	if (jv_is_valid(ends))
		result = jv_object_set(result, jv_string("endsAt"), ends);
	else
		jv_free(ends);
	return result;
}

void
alertmanager_write(pp_buffer *out, jv transitions, jv firing)
{
	jv list = jv_array();
	int i, n = jv_array_length(jv_copy(transitions));

	for (i = 0; i < n; i++) {
		jv alert = jv_array_get(jv_copy(transitions), i);
		jv state = jv_object_get(jv_copy(alert), jv_string("state"));

		if (strcmp(jv_string_value(state), "resolved") == 0)
			list = jv_array_append(list, alertmanager_alert(alert));
		jv_free(state);
		jv_free(alert);
	}
	n = jv_array_length(jv_copy(firing));
	for (i = 0; i < n; i++) {
		jv alert = jv_array_get(jv_copy(firing), i);

		list = jv_array_append(list, alertmanager_alert(alert));
		jv_free(alert);
	}
	pp_json_write_value(out, list);
	pp_buffer_append_char(out, '\n');
	jv_free(list);
}
