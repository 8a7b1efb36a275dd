// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxl list: the listing of the default topology has the keys and nesting of
 * ndctl's output for cxl_test (tests/data/cxl-list/cxl_test.json), a listing
 * loads back as the topology it came from, and a bad listing says
 * FILE:LINE: problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "cxl/cxl_list.h"

/* ---- the shape of a listing: container paths and the keys of each object path ---- */

#define MAX_ENTRIES 128
#define MAX_KEYS 48

struct entry {
	char path[256];
	char kind;	 /* 'o' object, 'a' array */
	unsigned int nr; /* objects seen at this path */
	unsigned int nr_keys;
	char key[MAX_KEYS][48];
	unsigned int count[MAX_KEYS]; /* objects at this path with the key */
};

struct shape {
	unsigned int nr;
	struct entry e[MAX_ENTRIES];
};

/* Keys ndctl prints that the model has no value for (docs/cxl-list.md). */
static const char *const unknown_to_model[] = { "alias",	 "numa_node",	   "qos_class",
						"ram_qos_class", "pmem_qos_class", NULL };

static struct entry *entry(struct shape *s, const char *path, char kind)
{
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		if (!strcmp(s->e[i].path, path) && s->e[i].kind == kind)
			return &s->e[i];
	assert_true(s->nr < MAX_ENTRIES);
	memset(&s->e[s->nr], 0, sizeof(s->e[0]));
	snprintf(s->e[s->nr].path, sizeof(s->e[0].path), "%s", path);
	s->e[s->nr].kind = kind;
	return &s->e[s->nr++];
}

/* "ports:port3" and "ports:root0" are the same place: keep what is before the colon. */
static void norm_key(const char *key, char *out, size_t len)
{
	const char *colon = strchr(key, ':');

	if (colon)
		snprintf(out, len, "%.*s:*", (int)(colon - key), key);
	else
		snprintf(out, len, "%s", key);
}

static void shape_of(struct json_object *o, const char *path, struct shape *s)
{
	char sub[256], k[48];
	struct entry *e;
	size_t i;

	if (json_object_is_type(o, json_type_array)) {
		entry(s, path, 'a');
		snprintf(sub, sizeof(sub), "%s[]", path);
		for (i = 0; i < json_object_array_length(o); i++)
			shape_of(json_object_array_get_idx(o, i), sub, s);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	e = entry(s, path, 'o');
	e->nr++;
	json_object_object_foreach(o, key, val) {
		norm_key(key, k, sizeof(k));
		for (i = 0; i < e->nr_keys && strcmp(e->key[i], k); i++)
			;
		if (i == e->nr_keys) {
			assert_true(e->nr_keys < MAX_KEYS);
			snprintf(e->key[e->nr_keys++], sizeof(e->key[0]), "%s", k);
		}
		e->count[i]++;
		snprintf(sub, sizeof(sub), "%s.%s", path, k);
		shape_of(val, sub, s);
		e = entry(s, path, 'o');
	}
}

static int key_index(const struct entry *e, const char *key)
{
	unsigned int i;

	for (i = 0; i < e->nr_keys; i++)
		if (!strcmp(e->key[i], key))
			return (int)i;
	return -1;
}

static bool unknown(const char *key)
{
	const char *const *u;

	for (u = unknown_to_model; *u; u++)
		if (!strcmp(*u, key))
			return true;
	return false;
}

/*
 * Same nesting: the same containers at the same paths.  Same keys: no key
 * where ndctl prints none, and every key ndctl always prints at a place
 * (unless the model cannot know its value) always printed there too.
 * Keys ndctl prints only for some values (state, region, granularity) may
 * come and go with the values.
 */
static void assert_same_shape(struct json_object *want, struct json_object *got)
{
	static struct shape a, b;
	unsigned int i, k;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	shape_of(want, "", &a);
	shape_of(got, "", &b);
	for (i = 0; i < a.nr; i++) {
		const struct entry *ea = &a.e[i], *eb = NULL;

		for (k = 0; k < b.nr; k++)
			if (!strcmp(b.e[k].path, ea->path) && b.e[k].kind == ea->kind)
				eb = &b.e[k];
		if (!eb)
			fail_msg("the sample has %s at '%s', cxlsim list has none",
				 ea->kind == 'o' ? "an object" : "an array", ea->path);
		if (ea->kind != 'o')
			continue;
		for (k = 0; k < ea->nr_keys; k++)
			if (ea->count[k] == ea->nr && !unknown(ea->key[k]) &&
			    (key_index(eb, ea->key[k]) < 0 ||
			     eb->count[key_index(eb, ea->key[k])] != eb->nr))
				fail_msg("'%s': ndctl always prints \"%s\", cxlsim list not always",
					 ea->path, ea->key[k]);
	}
	for (i = 0; i < b.nr; i++) {
		const struct entry *eb = &b.e[i], *ea = NULL;

		for (k = 0; k < a.nr; k++)
			if (!strcmp(a.e[k].path, eb->path) && a.e[k].kind == eb->kind)
				ea = &a.e[k];
		if (!ea)
			fail_msg("cxlsim list has %s at '%s', the sample has none",
				 eb->kind == 'o' ? "an object" : "an array", eb->path);
		for (k = 0; eb->kind == 'o' && k < eb->nr_keys; k++)
			if (key_index(ea, eb->key[k]) < 0)
				fail_msg("'%s': cxlsim list prints \"%s\", ndctl never does there",
					 eb->path, eb->key[k]);
	}
}

/* ---- running the model ---- */

/* The listing after one schedule of @topology (NULL: default) or a saved listing. */
static char *list_after_run(const char *topology, const char *cxl_list, const char *kernel,
			    uint64_t seed, unsigned int flags)
{
	struct cxlsim__model_opts mo = { .topology = topology, .kernel = kernel, .workload = "boot",
					 .topology_cxl_list = cxl_list };
	const struct cxlsim__model *m = cxlsim__model_find("cxl");
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[512] = "", *text;

	assert_non_null(m->list);
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	if (cxlsim__engine_init(&e, ctx, m, &mo, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(cxlsim_ctx_set_random(ctx, seed), 0);
	assert_int_equal(cxlsim__engine_run(&e), 0);
	text = m->list(cxlsim__ctx_sim(ctx), e.priv, flags);
	assert_non_null(text);
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
	return text;
}

static char *sample_path(const char *name)
{
	const char *src = getenv("CXLSIM_SOURCE_DIR");
	static char path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/cxl-list/%s", src ? src : ".", name);
	return path;
}

CXLSIM_TEST(list_default_has_the_shape_of_cxl_test)
{
	struct json_object *want = json_object_from_file(sample_path("cxl_test.json"));
	struct json_object *got;
	char *text = list_after_run(NULL, NULL, "series", 0, CXLSIM__LIST_ALL);

	assert_non_null(want);
	got = json_tokener_parse(text);
	assert_non_null(got);
	assert_same_shape(want, got);
	json_object_put(want);
	json_object_put(got);
	free(text);
}

CXLSIM_TEST(list_is_deterministic)
{
	char *a = list_after_run(NULL, NULL, "series", 3, CXLSIM__LIST_ALL);
	char *b = list_after_run(NULL, NULL, "series", 3, CXLSIM__LIST_ALL);

	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* Without -B the ports are the top level; several kinds each get a named array. */
CXLSIM_TEST(list_nests_like_ndctl)
{
	char *text = list_after_run("minimal", NULL, "series", 0, CXLSIM__LIST_PORTS);
	struct json_object *o = json_tokener_parse(text), *port, *v;

	assert_non_null(o);
	assert_int_equal(json_object_array_length(o), 1);
	port = json_object_array_get_idx(o, 0);
	assert_true(json_object_object_get_ex(port, "port", &v));
	assert_false(json_object_object_get_ex(port, "dports", &v));
	json_object_put(o);
	free(text);

	text = list_after_run("minimal", NULL, "series", 0,
			      CXLSIM__LIST_PORTS | CXLSIM__LIST_MEMDEVS);
	o = json_tokener_parse(text);
	assert_non_null(o);
	port = json_object_array_get_idx(o, 0);
	/* -PM: the memdev nests in its port's "memdevs:portN". */
	assert_non_null(strstr(text, "\"memdevs:port1\""));
	json_object_put(o);
	free(text);

	text = list_after_run("minimal", NULL, "series", 0,
			      CXLSIM__LIST_MEMDEVS | CXLSIM__LIST_DECODERS);
	o = json_tokener_parse(text);
	assert_non_null(o);
	assert_non_null(strstr(text, "\"memdevs\":["));
	assert_non_null(strstr(text, "\"root decoders\":["));
	assert_non_null(strstr(text, "\"endpoint decoders\":["));
	json_object_put(o);
	free(text);
}

static bool node_same(const struct cxl_topo_node *a, const struct cxl_topo_node *b)
{
	unsigned int i;

	if (!a || !b)
		return a == b || (a ? a->kind : b->kind) == TOPO_EMPTY;
	if (a->kind != b->kind || a->nr_down != b->nr_down ||
	    (a->kind == TOPO_MEMDEV && a->committed != b->committed))
		return false;
	for (i = 0; i < a->nr_down; i++)
		if (!node_same(a->down[i], b->down[i]))
			return false;
	return true;
}

static void assert_same_topology(const struct cxl_topo *a, const struct cxl_topo *b)
{
	unsigned int h, r;

	assert_int_equal(a->nr_hb, b->nr_hb);
	for (h = 0; h < a->nr_hb; h++) {
		assert_int_equal(a->hb[h].uid, b->hb[h].uid);
		assert_int_equal(a->hb[h].rch, b->hb[h].rch);
		assert_int_equal(a->hb[h].nr_root_ports, b->hb[h].nr_root_ports);
		for (r = 0; r < a->hb[h].nr_root_ports; r++)
			if (!node_same(a->hb[h].rp[r], b->hb[h].rp[r]))
				fail_msg("host bridge %u root port %u differs", h, r);
	}
	assert_int_equal(cxl_topo_count(a, TOPO_SWITCH), cxl_topo_count(b, TOPO_SWITCH));
	assert_int_equal(cxl_topo_count(a, TOPO_MEMDEV), cxl_topo_count(b, TOPO_MEMDEV));
}

CXLSIM_TEST(list_round_trip_keeps_the_topology)
{
	const char *const names[] = { "default", "minimal" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *text = list_after_run(names[i], NULL, "series", 0, CXLSIM__LIST_ALL), *again;
		struct cxl_topo *want, *got;
		char err[512] = "";
		FILE *f;

		assert_int_equal(cxl_topo_builtin(names[i], &want), 0);
		if (cxl_topo_from_cxl_list_string("list.json", text, &got, err, sizeof(err)))
			fail_msg("%s", err);
		assert_same_topology(want, got);
		/* Listed again from the rebuilt topology: the same text. */
		f = fopen("round-trip.json", "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		again = list_after_run(NULL, "round-trip.json", "series", 0, CXLSIM__LIST_ALL);
		assert_string_equal(text, again);
		remove("round-trip.json");
		cxl_topo_free(want);
		cxl_topo_free(got);
		free(text);
		free(again);
	}
}

CXLSIM_TEST(list_cxl_test_sample_loads)
{
	struct cxl_topo *t;
	char err[512] = "";
	unsigned int h, committed = 0;
	size_t i;

	if (cxl_topo_from_cxl_list_file(sample_path("cxl_test.json"), &t, err, sizeof(err)))
		fail_msg("%s", err);
	/* cxl_test: two host bridges with two root ports, a single-port one, an RCH. */
	assert_int_equal(t->nr_hb, 4);
	assert_int_equal(t->hb[0].nr_root_ports, 2);
	assert_int_equal(t->hb[1].nr_root_ports, 2);
	assert_int_equal(t->hb[2].nr_root_ports, 1);
	assert_true(t->hb[3].rch);
	for (h = 0; h < 3; h++)
		assert_false(t->hb[h].rch);
	assert_int_equal(cxl_topo_count(t, TOPO_SWITCH), 5);
	assert_int_equal(cxl_topo_count(t, TOPO_MEMDEV), 11);
	assert_int_equal(t->nr_windows, 6);
	assert_int_equal(t->windows[1].ways, 2);
	assert_int_equal(t->windows[1].target_uid[1], 1);
	assert_true(t->windows[2].flags & TOPO_WINDOW_PMEM);
	/* The auto-assembled x2 region below hb0's first switch. */
	assert_int_equal(t->hb[0].nr_decoders, 1);
	assert_int_equal(t->hb[0].rp[0]->nr_decoders, 1);
	assert_int_equal(t->hb[0].rp[0]->decoders[0].ways, 2);
	assert_int_equal(t->hb[0].rp[0]->decoders[0].targets[1], 1);
	for (i = 0; i < t->nr_nodes; i++)
		committed += t->nodes[i].committed;
	assert_int_equal(committed, 2);
	assert_int_equal(t->hb[0].rp[0]->down[0]->serial, 0);
	assert_int_equal(t->hb[0].rp[0]->down[0]->ram_size, 1ull << 30);
	assert_string_equal(t->hb[0].rp[0]->down[1]->name, "cxl_mem.1");
	cxl_topo_free(t);
}

static void expect_error(const char *text, const char *message)
{
	struct cxl_topo *t = NULL;
	char err[512] = "";

	assert_int_equal(cxl_topo_from_cxl_list_string("t.json", text, &t, err, sizeof(err)), -22);
	assert_null(t);
	if (strcmp(err, message))
		fail_msg("for %s\n  got:  %s\n  want: %s", text, err, message);
}

CXLSIM_TEST(list_bad_listing_names_the_line)
{
	expect_error("", "t.json:1: the file is empty");
	expect_error("[\n  {\"bus\":\"root0\",}\n]", "t.json:2:18: not JSON: unexpected character");
	expect_error("[{\"bus\":\"root0\",\n\"bus\":\"root1\"}]",
		     "t.json:2: \"bus\" is given twice in one object (first on line 1)");
	expect_error("[{\"bus\":\"ro\xffot0\"}]", "t.json:1:12: not JSON: text that is not UTF-8");
	expect_error("[]", "t.json:1: no CXL bus with host bridges in the listing "
			   "(save the output of cxl list -BPEMDT)");
	expect_error("\"root0\"", "t.json:1: a cxl list must be a JSON array or a bus object, "
				  "not string");
	expect_error("[\n  {\n    \"bus\":\"root0\",\n    \"ports:root0\":{}\n  }\n]",
		     "t.json:4: \"ports:root0\" must be an array, not object");
	expect_error("[\n  {\n    \"bus\":\"root0\",\n    \"dports\":[{\"dport\":\"pci0000:00\","
		     "\"id\":0}],\n    \"ports:root0\":[\n      {\"port\":\"port1\",\n"
		     "       \"host\":\"pci0000:09\"}\n    ]\n  }\n]",
		     "t.json:6: the port's host pci0000:09 is not a dport of root0");
	expect_error("[{\"bus\":\"root0\",\n\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\",\n"
		     "\"dports\":[{\"dport\":\"rp0\",\"id\":0}],\n\"endpoints:port1\":[\n"
		     "{\"endpoint\":\"endpoint2\",\"parent_dport\":\"rp7\"}]}]}]",
		     "t.json:5: parent_dport rp7 is not a dport of port1");
	expect_error("[{\"bus\":\"root0\",\n\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\",\n"
		     "\"decoders:port1\":[{\"decoder\":\"decoder1.0\",\n"
		     "\"size\":\"1.00 GiB (1.07 GB)\"}]}]}]",
		     "t.json:4: \"size\" is \"1.00 GiB (1.07 GB)\": neither a number nor a hex "
		     "number or size as cxl list -u prints them");
	expect_error("[{\"bus\":\"root0\",\"ports:root0\":[\n{\"host\":\"hb\"}]}]",
		     "t.json:2: a port has no \"port\"");
}

/* A key "ports:portN" in an object that is not portN would be skipped with all below it. */
CXLSIM_TEST(list_children_key_naming_no_port_is_refused)
{
	expect_error("[{\"bus\":\"root0\",\n\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\",\n"
		     "\"dports\":[{\"dport\":\"rp0\",\"id\":0}],\n\"ports:port7\":[\n"
		     "{\"port\":\"port2\",\"parent_dport\":\"rp0\"}]}]}]",
		     "t.json:4: \"ports:port7\" in port port1 names no object: its children are "
		     "\"ports:port1\"");
	expect_error("[{\"bus\":\"root0\",\n\"endpoints:root1\":[]}]",
		     "t.json:2: \"endpoints:root1\" in bus root0 names no object: its children "
		     "are \"endpoints:root0\"");
	expect_error("[{\"bus\":\"root0\",\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\",\n"
		     "\"endpoints:port1\":[{\"endpoint\":\"endpoint2\",\n"
		     "\"decoders:endpoint3\":[]}]}]}]",
		     "t.json:3: \"decoders:endpoint3\" in endpoint endpoint2 names no object: its "
		     "children are \"decoders:endpoint2\"");
}

/* Two objects of one name: one of them would be lost. */
CXLSIM_TEST(list_names_given_twice_are_refused)
{
	expect_error("[{\"bus\":\"root0\",\"ports:root0\":[\n{\"port\":\"port1\",\"host\":\"hb0\"},\n"
		     "{\"port\":\"port1\",\"host\":\"hb1\"}]}]",
		     "t.json:3: port port1 is listed twice (first on line 2)");
	expect_error("[{\"bus\":\"root0\",\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\",\n"
		     "\"endpoints:port1\":[\n{\"endpoint\":\"endpoint2\",\"memdev\":{\"memdev\":\"mem0\"}},\n"
		     "{\"endpoint\":\"endpoint3\",\"memdev\":{\"memdev\":\"mem0\"}}]}]}]",
		     "t.json:4: memdev mem0 is listed twice (first on line 3)");
	expect_error("[{\"bus\":\"root0\",\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\",\n"
		     "\"endpoints:port1\":[\n{\"endpoint\":\"endpoint2\"},\n"
		     "{\"endpoint\":\"endpoint2\"}]}]}]",
		     "t.json:4: endpoint endpoint2 is listed twice (first on line 3)");
	expect_error("[{\"bus\":\"root0\",\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\",\n"
		     "\"decoders:port1\":[\n{\"decoder\":\"decoder1.0\"},\n"
		     "{\"decoder\":\"decoder1.0\"}]}]}]",
		     "t.json:4: decoder decoder1.0 is listed twice (first on line 3)");
	expect_error("[{\"bus\":\"root0\",\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\"}]},\n"
		     "{\"bus\":\"root0\"}]",
		     "t.json:2: bus root0 is listed twice (first on line 1)");
}

/* cxl list -u: sizes as "256.00 MiB (268.44 MB)", serials, ids and addresses in hex. */
CXLSIM_TEST(list_human_readable_listing_loads_as_the_plain_one)
{
	struct cxl_topo *plain, *human;
	char err[512] = "";
	unsigned int h, w;
	size_t i;

	if (cxl_topo_from_cxl_list_file(sample_path("cxl_test.json"), &plain, err, sizeof(err)))
		fail_msg("%s", err);
	if (cxl_topo_from_cxl_list_file(sample_path("cxl_test_u.json"), &human, err, sizeof(err)))
		fail_msg("%s", err);
	assert_same_topology(plain, human);
	for (h = 0; h < plain->nr_hb; h++)
		assert_int_equal(plain->hb[h].uid, human->hb[h].uid);
	assert_int_equal(plain->nr_windows, human->nr_windows);
	for (w = 0; w < plain->nr_windows; w++) {
		assert_int_equal(plain->windows[w].base, human->windows[w].base);
		assert_int_equal(plain->windows[w].size, human->windows[w].size);
	}
	assert_int_equal(plain->nr_nodes, human->nr_nodes);
	for (i = 0; i < plain->nr_nodes; i++) {
		assert_int_equal(plain->nodes[i].serial, human->nodes[i].serial);
		assert_int_equal(plain->nodes[i].ram_size, human->nodes[i].ram_size);
		assert_int_equal(plain->nodes[i].pmem_size, human->nodes[i].pmem_size);
	}
	cxl_topo_free(plain);
	cxl_topo_free(human);
}

static uint64_t one_ram_size(const char *value)
{
	char text[512], err[512] = "";
	struct cxl_topo *t;
	uint64_t v;

	snprintf(text, sizeof(text),
		 "{\"bus\":\"root0\",\"ports:root0\":[{\"port\":\"port1\",\"host\":\"hb\","
		 "\"endpoints:port1\":[{\"endpoint\":\"endpoint2\",\"memdev\":{\"memdev\":"
		 "\"mem0\",\"ram_size\":%s}}]}]}",
		 value);
	if (cxl_topo_from_cxl_list_string("t.json", text, &t, err, sizeof(err)))
		return UINT64_MAX;
	v = t->hb[0].rp[0]->ram_size;
	cxl_topo_free(t);
	return v;
}

CXLSIM_TEST(list_human_readable_sizes_are_exact_or_refused)
{
	assert_int_equal(one_ram_size("\"256.00 MiB (268.44 MB)\""), 256ull << 20);
	assert_int_equal(one_ram_size("\"1024.00 MiB (1073.74 MB)\""), 1ull << 30);
	assert_int_equal(one_ram_size("\"2.00 GiB (2.15 GB)\""), 2ull << 30);
	assert_int_equal(one_ram_size("\"2.25 GiB (2.42 GB)\""), 9ull << 28);
	assert_int_equal(one_ram_size("\"1024.00 GiB (1099.51 GB)\""), 1ull << 40);
	assert_int_equal(one_ram_size("\"0x10000000\""), 256ull << 20);
	assert_int_equal(one_ram_size("\"0\""), 0);
	/* What -u never prints, or a size no multiple of 256 MiB prints as. */
	assert_int_equal(one_ram_size("\"1.00 GiB (1.07 GB)\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"256.00 MiB\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"256.00 MiB (268.43 MB)\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"100.00 MiB (104.86 MB)\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"256 MiB\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"010\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"0x\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"0x-1\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\"12\""), UINT64_MAX);
	assert_int_equal(one_ram_size("\" 0x1\""), UINT64_MAX);
}
