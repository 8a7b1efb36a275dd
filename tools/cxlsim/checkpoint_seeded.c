// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * --checkpoint for random and pct (explore.h).  Seed i's schedule depends
 * only on the inputs and on S+i (pct: also on the largest k of the runs
 * before it), so the counts of seeds 0..P-1, merged in seed order, are all
 * a search needs to go on at seed P: one process or -j N workers, with any
 * N, then end with the summary one uninterrupted -j 1 search prints.  -j N
 * saves only what it has merged, a contiguous prefix: blocks that finished
 * ahead of one still running wait for it.
 *
 * The file is JSON: the options that make the search (compared on load),
 * the prefix's length, and the counts with their first schedules, exactly
 * as explore_result holds them.  Written to FILE.tmp, then renamed over FILE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "api/ctx.h"
#include "cxl/json_pos.h"
#include "explore.h"

#define CKPT_KIND "cxlsim explore random/pct checkpoint"
#define CKPT_FORMAT 1
#define CKPT_EVERY 5000

static const char *or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* What makes two searches the same one: every option a schedule or a count depends on. */
static struct json_object *search_of(const struct tool_opts *o)
{
	struct json_object *s = json_object_new_object(), *props = json_object_new_array();
	int i;

	json_object_object_add(s, "model", json_object_new_string(o->model));
	json_object_object_add(s, "topology", json_object_new_string(or(o->mopts.topology,
									   "default")));
	json_object_object_add(s, "topology_from_cxl_list",
			       json_object_new_string(or(o->mopts.topology_cxl_list, "")));
	json_object_object_add(s, "kernel", json_object_new_string(or(o->mopts.kernel, "base")));
	json_object_object_add(s, "workload", json_object_new_string(or(o->mopts.workload,
									   "boot")));
	json_object_object_add(s, "builtin", json_object_new_string(or(o->mopts.builtin, "none")));
	json_object_object_add(s, "link_order",
			       json_object_new_string(or(o->mopts.link_order, "makefile")));
	json_object_object_add(s, "faults", json_object_new_uint64(o->faults));
	json_object_object_add(s, "strategy", json_object_new_string(o->strategy));
	json_object_object_add(s, "seed", json_object_new_uint64(o->seed));
	json_object_object_add(s, "depth", json_object_new_uint64(strcmp(o->strategy, "pct") ?
								   0 : o->depth));
	json_object_object_add(s, "schedule", json_object_new_string(or(o->schedule, "")));
	json_object_object_add(s, "shard", json_object_new_uint64(o->nr_shards > 1 ? o->shard : 0));
	json_object_object_add(s, "shards", json_object_new_uint64(o->nr_shards > 1 ?
								    o->nr_shards : 1));
	json_object_object_add(s, "end_state",
			       json_object_new_string(o->end_state_full ? "full" : "short"));
	json_object_object_add(s, "max_steps", json_object_new_uint64(o->max_steps));
	json_object_object_add(s, "check_determinism",
			       json_object_new_boolean(o->check_determinism));
	for (i = 0; i < o->nr_properties; i++)
		json_object_array_add(props, json_object_new_string(o->properties[i]));
	json_object_object_add(s, "properties", props);
	return s;
}

static struct json_object *tally_json(const struct tally *t, const char *key)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct json_object *c = json_object_new_object();

		json_object_object_add(c, key, json_object_new_string(t->v[i].label));
		json_object_object_add(c, "count", json_object_new_uint64(t->v[i].count));
		json_object_object_add(c, "schedule", json_object_new_string(or(t->v[i].schedule,
										  "")));
		json_object_object_add(c, "seed_index", json_object_new_uint64(t->v[i].seed));
		json_object_array_add(a, c);
	}
	return a;
}

int explore_checkpoint_save(const struct tool_opts *o, struct explore_result *r)
{
	struct json_object *root = json_object_new_object();
	const char *text;
	char tmp[4096];
	FILE *f;
	int ret = 0, err;

	json_object_object_add(root, "checkpoint", json_object_new_string(CKPT_KIND));
	json_object_object_add(root, "format", json_object_new_int(CKPT_FORMAT));
	json_object_object_add(root, "search", search_of(o));
	json_object_object_add(root, "next_seed_index", json_object_new_uint64(r->next_unit));
	json_object_object_add(root, "schedules", json_object_new_uint64(r->runs));
	json_object_object_add(root, "violating", json_object_new_uint64(r->violating));
	json_object_object_add(root, "nondeterministic",
			       json_object_new_uint64(r->nondeterministic));
	json_object_object_add(root, "pct_k", json_object_new_uint64(r->pct_k));
	json_object_object_add(root, "pct_n", json_object_new_uint64(r->pct_n));
	json_object_object_add(root, "end_states", tally_json(&r->outcomes, "state"));
	json_object_object_add(root, "violations", tally_json(&r->violations, "property"));

	snprintf(tmp, sizeof(tmp), "%s.tmp", o->checkpoint);
	f = fopen(tmp, "w");
	if (!f) {
		json_object_put(root);
		return -errno;
	}
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
						      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (fputs(text, f) < 0 || fputc('\n', f) == EOF)
		ret = -EIO;
	json_object_put(root);
	err = tool_stream_close(f);
	if (err)
		ret = -err;
	if (!ret && rename(tmp, o->checkpoint))
		ret = -errno;
	if (ret)
		remove(tmp);
	else
		r->saved_at = r->runs;
	return ret;
}

void explore_checkpoint_tick(const struct tool_opts *o, struct explore_result *r)
{
	if (r->runs - r->saved_at >= CKPT_EVERY)
		explore_checkpoint_save(o, r);
}

static uint64_t u64_of(struct json_object *o, const char *key, bool *bad)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int)) {
		*bad = true;
		return 0;
	}
	return (uint64_t)json_object_get_uint64(v);
}

static int tally_load(struct tally *t, struct json_object *a, const char *key, bool hashed)
{
	size_t i;

	if (!a || !json_object_is_type(a, json_type_array))
		return -EINVAL;
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *c = json_object_array_get_idx(a, i), *label, *sched;
		struct counter *n;
		bool bad = false;

		if (!json_object_object_get_ex(c, key, &label) ||
		    !json_object_is_type(label, json_type_string) ||
		    !json_object_object_get_ex(c, "schedule", &sched) ||
		    !json_object_is_type(sched, json_type_string))
			return -EINVAL;
		n = explore_tally_bump(t, json_object_get_string(label),
				       hashed ? sim_str_hash(json_object_get_string(label)) : 0);
		if (!n || !n->label)
			return -ENOMEM;
		if (n->count)
			return -EINVAL;		/* a label twice */
		n->count = u64_of(c, "count", &bad);
		n->seed = u64_of(c, "seed_index", &bad);
		n->schedule = strdup(json_object_get_string(sched));
		if (!n->schedule)
			return -ENOMEM;
		if (bad || !n->count)
			return -EINVAL;
	}
	return 0;
}

/* The first option the two searches differ in, or NULL. */
static const char *differs(struct json_object *saved, struct json_object *now)
{
	json_object_object_foreach(now, key, v)
	{
		struct json_object *s;

		if (!json_object_object_get_ex(saved, key, &s) ||
		    strcmp(json_object_to_json_string(s), json_object_to_json_string(v)))
			return key;
	}
	return NULL;
}

static int bad_file(const struct tool_opts *o, const char *why)
{
	fprintf(stderr, "cxlsim explore: --checkpoint %s: %s\n", o->checkpoint, why);
	return EXIT_USAGE;
}

int explore_checkpoint_load(const struct tool_opts *o, struct explore_result *r)
{
	struct json_object *root = NULL, *v, *search = NULL, *now;
	char err[512], msg[600];
	const char *key;
	struct stat sb;
	size_t len;
	char *text;
	bool bad = false;
	int ret;

	if (!stat(o->checkpoint, &sb) && S_ISDIR(sb.st_mode))
		return bad_file(o, "is a directory, not a file");
	if (stat(o->checkpoint, &sb) && errno == ENOENT)
		goto fresh;
	if (!sb.st_size)
		return bad_file(o, "the file is empty: not a random or pct checkpoint");
	text = cxl_json_read_file(o->checkpoint, 1u << 30, &len, err, sizeof(err));
	if (text)
		root = cxl_json_parse(o->checkpoint, text, len, err, sizeof(err));
	free(text);
	if (!root || !json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "checkpoint", &v) ||
	    strcmp(json_object_get_string(v), CKPT_KIND)) {
		json_object_put(root);
		return bad_file(o, "not a random or pct checkpoint (a dfs one, or no checkpoint)");
	}
	if (!json_object_object_get_ex(root, "format", &v) ||
	    json_object_get_int(v) != CKPT_FORMAT) {
		json_object_put(root);
		return bad_file(o, "saved by another version of cxlsim, in another checkpoint "
				   "format: start the search anew");
	}
	now = search_of(o);
	json_object_object_get_ex(root, "search", &search);
	key = search ? differs(search, now) : "search";
	if (key)
		snprintf(msg, sizeof(msg), "saved by another search: its \"%s\" differs", key);
	json_object_put(now);
	if (key) {
		json_object_put(root);
		return bad_file(o, msg);
	}
	r->next_unit = u64_of(root, "next_seed_index", &bad);
	r->runs = u64_of(root, "schedules", &bad);
	r->violating = u64_of(root, "violating", &bad);
	r->nondeterministic = u64_of(root, "nondeterministic", &bad);
	r->pct_k = u64_of(root, "pct_k", &bad);
	r->pct_n = u64_of(root, "pct_n", &bad);
	ret = tally_load(&r->outcomes, json_object_object_get(root, "end_states"), "state",
			 o->end_state_full) ?:
	      tally_load(&r->violations, json_object_object_get(root, "violations"), "property",
			 false);
	json_object_put(root);
	if (ret == -ENOMEM)
		return bad_file(o, "out of memory");
	if (ret || bad || r->runs > r->next_unit)
		return bad_file(o, "a damaged checkpoint: its counts do not add up");
	r->first_unit = r->next_unit;
	r->runs_restored = r->runs;
	r->saved_at = r->runs;
fresh:
	/* Find out now, not after an hour of search, that it cannot be written. */
	ret = explore_checkpoint_save(o, r);
	if (ret) {
		fprintf(stderr, "cxlsim explore: cannot save %s: %s\n", o->checkpoint,
			strerror(-ret));
		return EXIT_USAGE;
	}
	return 0;
}
