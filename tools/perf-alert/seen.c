/*
 * seen.c - the names perf-alert saw, and the warning for rules that matched
 * none of them.  See seen.h.
 */
#include "seen.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_suggest.h"

void
seen_init(seen_names *seen)
{
	seen->names = jv_object();
	seen->tags = jv_object();
	seen->stats = jv_object();
}

void
seen_free(seen_names *seen)
{
	jv_free(seen->names);
	jv_free(seen->tags);
	jv_free(seen->stats);
}

static jv
note_keys(jv set, jv object, const char *skip_nested)
{
	jv_object_foreach(object, key, value) {
		jv_kind kind = jv_get_kind(value);

		const char *text = jv_string_value(key);

		if (kind == JV_KIND_NUMBER && strcmp(text, "start") != 0 &&
		    strcmp(text, "end") != 0 && strcmp(text, "ts") != 0)
			set = jv_object_set(set, key, jv_true());
		else if (kind == JV_KIND_OBJECT && skip_nested != NULL &&
		    strcmp(jv_string_value(key), skip_nested) == 0) {
			set = note_keys(set, value, NULL);
			jv_free(key);
		} else
			jv_free(key);
		jv_free(value);
	}
	return set;
}

void
seen_note(seen_names *seen, jv record)
{
	jv name = jv_object_get(jv_copy(record), jv_string("name"));
	jv tags = jv_object_get(jv_copy(record), jv_string("tags"));

	if (jv_get_kind(name) == JV_KIND_STRING)
		seen->names = jv_object_set(seen->names, name, jv_true());
	else
		jv_free(name);
	if (jv_get_kind(tags) == JV_KIND_OBJECT) {
		jv_object_foreach(tags, key, value) {
			if (jv_get_kind(value) == JV_KIND_STRING)
				seen->tags = jv_object_set(seen->tags, jv_string_fmt("%s=%s",
				    jv_string_value(key), jv_string_value(value)), jv_true());
			jv_free(key);
			jv_free(value);
		}
	}
	jv_free(tags);
	seen->stats = note_keys(seen->stats, record, "percentiles");
}

/* "; did you mean X?" for the key of set nearest to word, or "". */
static void
suggestion(pp_buffer *out, jv set, const char *word)
{
	jv keys = jv_keys(jv_copy(set));
	int i, n = jv_array_length(jv_copy(keys));
	const char **candidates = pp_xcalloc((size_t)n + 1, sizeof(char *));
	jv *held = pp_xcalloc((size_t)n + 1, sizeof(jv));
	const char *found;

	for (i = 0; i < n; i++) {
		held[i] = jv_array_get(jv_copy(keys), i);
		candidates[i] = jv_string_value(held[i]);
	}
	found = pp_suggest(word, candidates, (size_t)n);
	if (found != NULL)
		pp_buffer_printf(out, "; did you mean %s?", found);
	for (i = 0; i < n; i++)
		jv_free(held[i]);
	free(held);
	free(candidates);
	jv_free(keys);
}

static bool
some_name_matches(jv names, const char *metric)
{
	bool found = false;

	jv_object_foreach(names, key, value) {
		if (!found && fnmatch(metric, jv_string_value(key), 0) == 0)
			found = true;
		jv_free(key);
		jv_free(value);
	}
	return found;
}

/* Why condition matched nothing: its metric, or one of its tags. */
static void
describe_condition(pp_buffer *out, const seen_names *seen, const pp_condition *condition)
{
	size_t i;

	if (!some_name_matches(seen->names, condition->metric)) {
		pp_buffer_printf(out, "no series %s", condition->metric);
		suggestion(out, seen->names, condition->metric);
		return;
	}
	pp_buffer_printf(out, "no series %s{", condition->metric);
	for (i = 0; i < condition->where.count; i++)
		pp_buffer_printf(out, "%s%s=%s", i > 0 ? "," : "",
		    condition->where.items[i].key, condition->where.items[i].value);
	pp_buffer_append_string(out, "}");
	for (i = 0; i < condition->where.count; i++) {
		char *pair = pp_xcalloc(strlen(condition->where.items[i].key) +
		    strlen(condition->where.items[i].value) + 2, 1);
		jv there;

		sprintf(pair, "%s=%s", condition->where.items[i].key,
		    condition->where.items[i].value);
		there = jv_object_get(jv_copy(seen->tags), jv_string(pair));
		if (jv_get_kind(there) != JV_KIND_TRUE) {
			suggestion(out, seen->tags, pair);
			jv_free(there);
			free(pair);
			break;
		}
		jv_free(there);
		free(pair);
	}
}

size_t
seen_warn_unmatched(const seen_names *seen, alert_options *options,
    const pp_alerting *engine)
{
	pp_buffer text = PP_BUFFER_INIT;
	size_t i, unmatched = 0;

	for (i = 0; i < options->rule_count; i++) {
		const pp_rule *rule = &options->rules[i];
		const char *stat = pp_alerting_missing_stat(engine, i);

		pp_buffer_clear(&text);
		if (!pp_alerting_rule_matched(engine, i))
			describe_condition(&text, seen, rule->type == PP_RULE_COMPOSITE ?
			    &rule->conditions[0] : &rule->condition);
		else if (stat != NULL) {
			pp_buffer_printf(&text, "no aggregate it matched had the stat \"%s\"", stat);
			suggestion(&text, seen->stats, stat);
		} else
			continue;
		unmatched++;
		pp_buffer_append_char(&text, '\0');
		tool_warn(&options->tool, "rule \"%s\": %s", rule->name, text.data);
	}
	pp_buffer_free(&text);
	return unmatched;
}
