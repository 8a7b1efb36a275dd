// SPDX-License-Identifier: LGPL-2.1-or-later
/* Topology files: good files load, bad ones say FILE:LINE: problem, nothing crashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "cxl/topology.h"
#include "sim/sim.h"

static void expect_error(const char *text, const char *message)
{
	struct cxl_topo *t = NULL;
	char err[512] = "";

	assert_int_equal(cxl_topo_load_string("t.json", text, &t, err, sizeof(err)), -22);
	assert_null(t);
	if (strcmp(err, message))
		fail_msg("for %s\n  got:  %s\n  want: %s", text, err, message);
}

static void expect_ok(const char *text)
{
	struct cxl_topo *t = NULL;
	char err[512] = "";

	if (cxl_topo_load_string("t.json", text, &t, err, sizeof(err)))
		fail_msg("for %s: %s", text, err);
	cxl_topo_free(t);
}

CXLSIM_TEST(topology_file_loads)
{
	char path[1024], err[512];
	struct cxl_topo *t;
	const char *src = getenv("CXLSIM_SOURCE_DIR");

	snprintf(path, sizeof(path), "%s/tests/data/topologies/two-hb.json", src ? src : ".");
	assert_int_equal(cxl_topo_load_file(path, &t, err, sizeof(err)), 0);
	assert_string_equal(t->name, "two-hb");
	assert_int_equal(t->nr_hb, 2);
	assert_int_equal(t->hb[1].uid, 7);
	assert_true(t->hb[1].rch);
	assert_int_equal(cxl_topo_count(t, TOPO_MEMDEV), 4);
	assert_int_equal(cxl_topo_count(t, TOPO_SWITCH), 1);
	assert_int_equal(t->hb[0].rp[1]->nr_down, 3);
	assert_true(t->hb[0].rp[1]->down[1]->media_not_ready);
	assert_int_equal(t->nr_pcie_only_accel, 1);
	cxl_topo_free(t);
}

CXLSIM_TEST(topology_bad_syntax_names_the_line)
{
	expect_error("{\n  \"host_bridges\": [\n    { \"uid\": 0, }\n  ]\n}\n",
		     "t.json:3:17: not JSON: unexpected character");
	expect_error("{\n  \"host_bridges\": [\n",
		     "t.json:3:1: not JSON: the file ends inside a value");
	expect_error("", "t.json:1: the file is empty");
	expect_error(" \n\t\n", "t.json:1: the file is empty");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [ {} ] } ] }\n{}\n",
		     "t.json:2:1: not JSON: unexpected character");
	expect_error("host_bridges: 1\n", "t.json:1:1: not JSON: unexpected character");
}

/* json-c keeps the last of two equal keys: the first would be lost without a word. */
CXLSIM_TEST(topology_key_given_twice_is_refused)
{
	expect_error("{\n  \"host_bridges\": [ { \"root_ports\": [ {} ] } ],\n"
		     "  \"host_bridges\": [ { \"root_ports\": [ {} ] } ]\n}\n",
		     "t.json:3: \"host_bridges\" is given twice in one object (first on line 2)");
	expect_error("{ \"name\": \"a\",\n  \"host_bridges\": [ { \"root_ports\": [ {} ] } ],\n"
		     "  \"name\": \"b\" }\n",
		     "t.json:3: \"name\" is given twice in one object (first on line 1)");
	expect_error("{ \"host_bridges\": [ { \"uid\": 0,\n \"root_ports\": [ {} ], \"uid\": 1 } ] }",
		     "t.json:2: \"uid\" is given twice in one object (first on line 1)");
	/* The same key in two objects is fine. */
	expect_ok("{ \"host_bridges\": [ { \"uid\": 0, \"root_ports\": [ {} ] },\n"
		  "{ \"uid\": 1, \"root_ports\": [ {} ] } ] }");
}

CXLSIM_TEST(topology_string_not_utf8_is_refused)
{
	expect_error("{ \"name\": \"\xff\xfe\",\n  \"host_bridges\": [ { \"root_ports\": [ {} ] } ] }",
		     "t.json:1:12: not JSON: text that is not UTF-8");
	expect_error("{ \"name\": \"caf\xc3\",\n  \"host_bridges\": [] }",
		     "t.json:1:15: not JSON: text that is not UTF-8");
	/* An encoded surrogate (U+D800) and an overlong slash: json-c lets both through. */
	expect_error("{ \"name\": \"\xed\xa0\x80\",\n  \"host_bridges\": [] }",
		     "t.json:1:12: not JSON: text that is not UTF-8");
	expect_error("{ \"name\": \"\xc0\xaf\",\n  \"host_bridges\": [] }",
		     "t.json:1:12: not JSON: text that is not UTF-8");
	/* Real UTF-8 is fine: two, three and four bytes. */
	expect_ok("{ \"name\": \"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\",\n"
		  "  \"host_bridges\": [ { \"root_ports\": [ {} ] } ] }");
}

CXLSIM_TEST(topology_bad_structure_names_the_line)
{
	expect_error("[1, 2]", "t.json:1: the topology must be a JSON object, not array");
	expect_error("{\n \"name\": \"x\"\n}", "t.json:1: no \"host_bridges\": a topology needs at least one");
	expect_error("{\n \"host_bridges\": {}\n}",
		     "t.json:2: host_bridges must be an array, not object");
	expect_error("{\n \"host_bridges\": []\n}", "t.json:2: host_bridges is empty");
	expect_error("{\n \"host_bridge\": []\n}",
		     "t.json:2: unknown key \"host_bridge\" in the topology");
}

CXLSIM_TEST(topology_bad_values_name_the_line)
{
	expect_error("{ \"host_bridges\": [\n { \"uid\": \"0\", \"root_ports\": [ {} ] } ] }",
		     "t.json:2: host_bridges[0].uid must be an integer, not string");
	expect_error("{ \"host_bridges\": [\n { \"uid\": -1, \"root_ports\": [ {} ] } ] }",
		     "t.json:2: host_bridges[0].uid is -1, outside 0..255");
	expect_error("{ \"host_bridges\": [\n { \"uid\": 1, \"root_ports\": [ {} ] },\n"
		     " { \"uid\": 1, \"root_ports\": [ {} ] } ] }",
		     "t.json:3: uid 1 is already host_bridges[0]'s");
	/* Found by fuzz-topology: a left-out uid defaults to the index, unchecked. */
	expect_error("{ \"host_bridges\": [\n { \"uid\": 1, \"root_ports\": [ {} ] },\n"
		     " { \"root_ports\": [ {} ] } ] }",
		     "t.json:3: host_bridges[1] has no uid and its default, 1, is already "
		     "host_bridges[0]'s");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [\n"
		     "  { \"memdev\": { \"media_ready\": 1 } } ] } ] }",
		     "t.json:2: host_bridges[0].root_ports[0].memdev.media_ready must be true or "
		     "false, not int");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [ {} ] } ],\n"
		     " \"pcie_only_accelerators\": 99 }",
		     "t.json:2: pcie_only_accelerators is 99, outside 0..8");
}

CXLSIM_TEST(topology_region_interleaves_memdevs)
{
	char path[1024], err[512];
	struct cxl_topo *t;
	const char *src = getenv("CXLSIM_SOURCE_DIR");
	const struct cxl_topo_node *sw;

	snprintf(path, sizeof(path), "%s/tests/data/topologies/interleaved.json", src ? src : ".");
	assert_int_equal(cxl_topo_load_file(path, &t, err, sizeof(err)), 0);
	sw = t->hb[0].rp[0];
	assert_true(sw->down[0]->in_region && sw->down[1]->in_region);
	assert_int_equal(sw->down[0]->region, 0);
	/* A region means a committed decoder. */
	assert_true(sw->down[0]->committed && sw->down[1]->committed);
	assert_false(t->hb[0].rp[1]->in_region);
	assert_true(t->hb[0].rp[1]->committed);
	cxl_topo_free(t);
}

CXLSIM_TEST(topology_bad_regions_name_the_line)
{
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [\n"
		     " { \"memdev\": { \"region\": \"a\" } } ] } ] }",
		     "t.json:2: host_bridges[0].root_ports[0].memdev.region must be an integer, "
		     "not string");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [\n"
		     " { \"memdev\": { \"region\": 64 } } ] } ] }",
		     "t.json:2: host_bridges[0].root_ports[0].memdev.region is 64, outside 0..63");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [\n"
		     " { \"memdev\": { \"region\": 1, \"committed\": false } } ] } ] }",
		     "t.json:2: host_bridges[0].root_ports[0].memdev.region: a memdev in a region "
		     "has a committed decoder; drop \"committed\": false");
}

CXLSIM_TEST(topology_bad_ports_name_the_line)
{
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [\n {},\n"
		     " { \"memdev\": {}, \"switch\": { \"ports\": [ {} ] } } ] } ] }",
		     "t.json:3: host_bridges[0].root_ports[1] has more than one of memdev, accel, "
		     "switch");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [\n"
		     " { \"memdev\": { \"size\": 4 } } ] } ] }",
		     "t.json:2: unknown key \"size\" in host_bridges[0].root_ports[0].memdev");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [\n { \"switch\": {} } ] } ] }",
		     "t.json:2: host_bridges[0].root_ports[0].switch needs \"ports\"");
	expect_error("{ \"host_bridges\": [\n { \"uid\": 0 } ] }",
		     "t.json:2: host_bridges[0] needs \"root_ports\"");
	expect_error("{ \"host_bridges\": [ { \"root_ports\": [] } ] }",
		     "t.json:1: host_bridges[0].root_ports is empty: give at least one port");
	expect_error("{ \"host_bridges\": [ { \"rch\": true, \"root_ports\": [\n"
		     " { \"switch\": { \"ports\": [ {} ] } } ] } ] }",
		     "t.json:1: a restricted CXL host (rch) has exactly one device and no switch");
}

CXLSIM_TEST(topology_limits_are_enforced)
{
	char text[8192] = "{ \"host_bridges\": [ { \"root_ports\": [ ";
	int i;

	/* Nine nested switches. */
	for (i = 0; i < 9; i++)
		strcat(text, "{ \"switch\": { \"ports\": [ ");
	strcat(text, "{}");
	for (i = 0; i < 9; i++)
		strcat(text, " ] } }");
	strcat(text, " ] } ] }");
	expect_error(text, "t.json:1: switches nest deeper than 8 levels");
}

CXLSIM_TEST(topology_missing_file_is_a_clear_error)
{
	struct cxl_topo *t = NULL;
	char err[512];

	assert_int_equal(cxl_topo_load_file("/nonexistent/x.json", &t, err, sizeof(err)), -22);
	assert_string_equal(err, "/nonexistent/x.json: cannot open: No such file or directory");
}

/* Truncations and byte flips of a valid file: any answer but a crash is fine. */
CXLSIM_TEST(topology_mutations_never_crash)
{
	const char *good = "{ \"name\": \"m\", \"host_bridges\": [ { \"uid\": 0, \"root_ports\": "
			   "[ { \"switch\": { \"ports\": [ { \"memdev\": {} }, { \"accel\": {} }, "
			   "{} ] } } ] } ], \"pcie_only_accelerators\": 1 }";
	static const char flips[] = "{}[],:\"0a-\\ \n";
	size_t len = strlen(good), i;
	struct sim_rng rng;
	char buf[512], err[512];
	int n, ok = 0;

	sim_rng_seed(&rng, 42);
	for (n = 0; n < 20000; n++) {
		struct cxl_topo *t = NULL;

		memcpy(buf, good, len + 1);
		if (n % 3 == 0)
			buf[sim_rng_below(&rng, len)] = '\0';
		for (i = 0; i < (size_t)(1 + n % 4); i++)
			buf[sim_rng_below(&rng, len)] = flips[sim_rng_below(&rng, sizeof(flips) - 1)];
		if (!cxl_topo_load_string("m.json", buf, &t, err, sizeof(err))) {
			ok++;
			cxl_topo_free(t);
		} else {
			assert_int_equal(strncmp(err, "m.json:", 7), 0);
		}
	}
	assert_true(ok > 0);
}

/* Depth of switches above the deepest memdev below @n. */
static unsigned int switch_depth(const struct cxl_topo_node *n)
{
	unsigned int i, d = 0;

	if (!n || n->kind != TOPO_SWITCH)
		return 0;
	for (i = 0; i < n->nr_down; i++) {
		unsigned int c = switch_depth(n->down[i]);

		d = c > d ? c : d;
	}
	return d + 1;
}

CXLSIM_TEST(topology_generated_spreads_memdevs_evenly)
{
	static const unsigned int sizes[] = { 1, 2, 16, 17, 256, 1000, 4096, 4097, 65536 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct cxl_topo *t;
		unsigned int h, r, lo = ~0u, hi = 0, depth = 0;

		assert_int_equal(cxl_topo_generate(sizes[i], &t), 0);
		assert_int_equal(cxl_topo_count(t, TOPO_MEMDEV), sizes[i]);
		assert_true(t->nr_hb >= 1 && t->nr_hb <= TOPO_MAX_HB);
		for (h = 0; h < t->nr_hb; h++) {
			assert_int_equal(t->hb[h].uid, h);
			assert_true(t->hb[h].nr_root_ports >= 1);
			for (r = 0; r < t->hb[h].nr_root_ports; r++) {
				unsigned int d = switch_depth(t->hb[h].rp[r]);

				assert_non_null(t->hb[h].rp[r]);
				depth = d > depth ? d : depth;
			}
			lo = t->hb[h].nr_root_ports < lo ? t->hb[h].nr_root_ports : lo;
			hi = t->hb[h].nr_root_ports > hi ? t->hb[h].nr_root_ports : hi;
		}
		/* Even: host bridges differ by at most one root port. */
		assert_true(hi - lo <= 1);
		assert_true(depth <= (sizes[i] > 4096 ? 2u : 1u));
		assert_true(depth <= TOPO_MAX_DEPTH);
		cxl_topo_free(t);
	}
	assert_int_equal(cxl_topo_generate(0, &(struct cxl_topo *){ NULL }), -22);
	assert_int_equal(cxl_topo_generate(TOPO_MAX_ENDPOINTS + 1, &(struct cxl_topo *){ NULL }),
			 -22);
}
