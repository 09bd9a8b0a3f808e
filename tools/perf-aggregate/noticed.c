/*
 * noticed.c - --by, --ratio and --where that never met a point.  See
 * noticed.h.
 */
#include "noticed.h"

#include <stdlib.h>
#include <string.h>

#include "pp_buffer.h"
#include "pp_suggest.h"

void
noticed_init(noticed *seen, const aggregate_options *options)
{
	memset(seen, 0, sizeof(*seen));
	seen->options = options;
	seen->by_seen = pp_xcalloc(options->by_count + 1, sizeof(bool));
	seen->ratio_metric_seen = pp_xcalloc(2 * options->ratio_count + 1, sizeof(bool));
	seen->ratio_seen = pp_xcalloc(2 * options->ratio_count + 1, sizeof(bool));
}

static void
list_free(name_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	list->count = 0;
}

void
noticed_free(noticed *seen)
{
	free(seen->by_seen);
	free(seen->ratio_metric_seen);
	free(seen->ratio_seen);
	list_free(&seen->tag_keys);
	list_free(&seen->names);
	list_free(&seen->tag_pairs);
}

static void
list_add(name_list *list, const char *name)
{
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i], name) == 0)
			return;
	if (list->count < NOTICED_MAX_NAMES)
		list->items[list->count++] = pp_strndup(name, strlen(name));
}

static void
pair_add(name_list *list, const char *key, const char *value)
{
	pp_buffer pair = PP_BUFFER_INIT;

	pp_buffer_printf(&pair, "%s=%s", key, value);
	pp_buffer_append_char(&pair, '\0');
	list_add(list, pair.data);
	pp_buffer_free(&pair);
}

static void
note_ratio_side(noticed *seen, size_t side, const ratio_selector *selector,
    const pp_point *point)
{
	size_t i;

	if (seen->ratio_seen[side] || strcmp(selector->metric, point->name) != 0)
		return;
	seen->ratio_metric_seen[side] = true;
	for (i = 0; i < selector->count; i++) {
		const char *value = pp_tags_get(&point->tags, selector->keys[i]);

		if (value == NULL || strcmp(value, selector->values[i]) != 0)
			return;
	}
	seen->ratio_seen[side] = true;
}

void
noticed_point(noticed *seen, const pp_point *point)
{
	const aggregate_options *options = seen->options;
	bool by_missing = false, ratio_missing = false;
	size_t i;

	seen->points++;
	for (i = 0; i < options->by_count; i++) {
		if (!seen->by_seen[i] && pp_tags_get(&point->tags, options->by[i]) != NULL)
			seen->by_seen[i] = true;
		by_missing |= !seen->by_seen[i];
	}
	for (i = 0; i < options->ratio_count; i++) {
		note_ratio_side(seen, 2 * i, &options->ratios[i].numerator, point);
		note_ratio_side(seen, 2 * i + 1, &options->ratios[i].denominator, point);
		ratio_missing |= !seen->ratio_seen[2 * i] || !seen->ratio_seen[2 * i + 1];
	}
	/* Candidates for "did you mean", only while something is missing. */
	if (by_missing)
		for (i = 0; i < point->tags.count; i++)
			list_add(&seen->tag_keys, point->tags.items[i].key);
	if (ratio_missing) {
		list_add(&seen->names, point->name);
		for (i = 0; i < point->tags.count; i++)
			pair_add(&seen->tag_pairs, point->tags.items[i].key,
			    point->tags.items[i].value);
	}
}

void
noticed_merge(noticed *seen, const noticed *part)
{
	size_t i;

	seen->points += part->points;
	for (i = 0; i < seen->options->by_count; i++)
		seen->by_seen[i] |= part->by_seen[i];
	/* A tag never met leaves the part's keys all listed, in their order,
	 * as one pass lists them after the keys before them. */
	for (i = 0; i < part->tag_keys.count; i++)
		list_add(&seen->tag_keys, part->tag_keys.items[i]);
}

static const char *
nearest(const name_list *list, const char *word)
{
	return pp_suggest(word, (const char *const *)list->items, list->count);
}

static void
warn_side(noticed *seen, pp_tool *tool, const ratio_spec *ratio,
    const ratio_selector *selector, size_t side)
{
	pp_buffer text = PP_BUFFER_INIT;
	const char *near = NULL;
	size_t i;

	if (!seen->ratio_metric_seen[side]) {
		near = nearest(&seen->names, selector->metric);
		tool_warn(tool, "--ratio %s: no point named %s%s%s%s", ratio->name,
		    selector->metric, near ? "; did you mean " : "", near ? near : "",
		    near ? "?" : "");
		return;
	}
	for (i = 0; i < selector->count; i++) {
		pp_buffer_clear(&text);
		pp_buffer_printf(&text, "%s=%s", selector->keys[i], selector->values[i]);
		pp_buffer_append_char(&text, '\0');
		near = nearest(&seen->tag_pairs, text.data);
		if (near != NULL || i + 1 == selector->count)
			break;
	}
	tool_warn(tool, "--ratio %s: no %s point had the tags of %s%s%s%s", ratio->name,
	    selector->metric, side % 2 == 0 ? "the numerator" : "the denominator",
	    near ? "; did you mean " : "", near ? near : "", near ? "?" : "");
	pp_buffer_free(&text);
}

size_t
noticed_warn(noticed *seen, pp_tool *tool, size_t judged, size_t kept)
{
	const aggregate_options *options = seen->options;
	size_t i, warnings = 0;

	for (i = 0; i < options->by_count; i++) {
		const char *near;

		if (seen->by_seen[i])
			continue;
		near = nearest(&seen->tag_keys, options->by[i]);
		tool_warn(tool, "--by %s: no point had the tag %s%s%s%s", options->by[i],
		    options->by[i], near ? "; did you mean " : "", near ? near : "",
		    near ? "?" : "");
		warnings++;
	}
	for (i = 0; i < options->ratio_count; i++) {
		const ratio_spec *ratio = &options->ratios[i];

		if (!seen->ratio_seen[2 * i]) {
			warn_side(seen, tool, ratio, &ratio->numerator, 2 * i);
			warnings++;
		}
		/* One line when both sides name the same metric that never came. */
		if (!seen->ratio_seen[2 * i + 1] && !(!seen->ratio_metric_seen[2 * i] &&
		    strcmp(ratio->numerator.metric, ratio->denominator.metric) == 0)) {
			warn_side(seen, tool, ratio, &ratio->denominator, 2 * i + 1);
			warnings++;
		}
	}
	if (options->where != NULL && judged > 0 && kept == 0) {
		tool_warn(tool, "--where kept none of the %zu points", judged);
		warnings++;
	}
	return warnings;
}
