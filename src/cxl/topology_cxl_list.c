// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A topology from saved `cxl list -BPEMDT` output (docs/cxl-list.md):
 *
 *   bus "dports"            host bridges (uid from "id"), in their order
 *   "ports:rootN"           a host bridge's port; its "dports" are root ports
 *   "ports:portN"           a switch below the dport its "parent_dport" names
 *   "endpoints:portN"       a memdev below that dport
 *   "endpoints:rootN"       an RCD: its host bridge is a restricted CXL host
 *   "decoders:rootN"        CFMWS windows
 *   "decoders:portN/endpointN"  committed decoders (size > 0, not disabled)
 *
 * Without -T the listing has no dports: then every child takes the next
 * port slot.  Keys ndctl adds in other versions or with -v are ignored, so
 * any ndctl's output loads, with -u too (sizes and hex numbers as strings);
 * what contradicts itself (a name given twice, a "ports:portN" key in an
 * object that is not portN) is an error, reported as "FILE:LINE: problem".
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cxl/cxl_list.h"
#include "cxl/json_pos.h"

#define MAX_TEXT (4 << 20)
#define MAX_NODES 4096
#define PATH_LEN 1024

struct reader {
	const char *file, *text;
	char *err;
	size_t errlen;
	struct cxl_topo *t;
	const char *hb_name[TOPO_MAX_HB]; /* dport or host name of each host bridge */
	unsigned int nr_kind[TOPO_ACCEL + 1];
	struct seen *seen; /* every bus, port, endpoint, memdev and decoder name */
	size_t nr_seen, cap_seen;
};

struct seen {
	const char *what, *name;
	char *path;
};

static int fail(struct reader *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct reader *r, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%d: %s", r->file, cxl_json_line_of(r->text, path), msg);
	return -EINVAL;
}

static const char *tname(struct json_object *o)
{
	return json_type_to_name(json_object_get_type(o));
}

/* @path.@key into @buf; false when it does not fit (a file nested absurdly deep). */
static bool sub(char *buf, const char *path, const char *key)
{
	return snprintf(buf, PATH_LEN, "%s.%s", path, key) < PATH_LEN;
}

static bool elem(char *buf, const char *path, size_t i)
{
	return snprintf(buf, PATH_LEN, "%s[%zu]", path, i) < PATH_LEN;
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static int get_str(struct reader *r, const char *path, struct json_object *o, const char *key,
		   const char *what, const char **out)
{
	struct json_object *v;
	char p[PATH_LEN];

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v))
		return what ? fail(r, path, "%s has no \"%s\"", what, key) : 0;
	if (!json_object_is_type(v, json_type_string)) {
		if (!sub(p, path, key))
			return fail(r, path, "nesting too deep");
		return fail(r, p, "\"%s\" must be a string, not %s", key, tname(v));
	}
	*out = json_object_get_string(v);
	return 0;
}

/*
 * How `cxl list -u` prints a size of @b bytes (ndctl's util/json.c): below
 * 5000 KiB a plain number; below 2 GiB centi-MiB and centi-MB, from there
 * centi-GiB and centi-GB, each rounded half up.  False if it prints as a number.
 */
static bool human_size(uint64_t b, char *buf, size_t n)
{
	uint64_t c, m;
	bool gib = b >= 2ull << 30;

	if (b < 5000 * 1024 || b > UINT64_MAX / 200)
		return false;
	c = (b * 200 / (gib ? 1ull << 30 : 1ull << 20) + 1) / 2;
	m = (b / (gib ? 5000000 : 5000) + 1) / 2;
	snprintf(buf, n, "%llu.%02llu %s (%llu.%02llu %s)", (unsigned long long)(c / 100),
		 (unsigned long long)(c % 100), gib ? "GiB" : "MiB", (unsigned long long)(m / 100),
		 (unsigned long long)(m % 100), gib ? "GB" : "MB");
	return true;
}

/*
 * A size as -u prints it, "256.00 MiB (268.44 MB)": rounded to 1/100 MiB or
 * GiB, so the bytes are the multiple of 256 MiB (what CXL capacity and HDM
 * decoders count in) that prints as @s; there is at most one.
 */
static bool parse_human_size(const char *s, uint64_t *out)
{
	unsigned long long whole, frac;
	char unit[4], again[64];
	uint64_t approx, b, quantum = 256ull << 20;
	int used = 0;

	if (sscanf(s, "%llu.%2llu %3s (%n", &whole, &frac, unit, &used) != 3 || !used ||
	    whole > (1ull << 24))
		return false;
	if (strcmp(unit, "MiB") && strcmp(unit, "GiB"))
		return false;
	approx = (whole * 100 + frac) * (strcmp(unit, "GiB") ? 1ull << 20 : 1ull << 30) / 100;
	b = (approx + quantum / 2) / quantum * quantum;
	if (!human_size(b, again, sizeof(again)) || strcmp(again, s))
		return false;
	*out = b;
	return true;
}

/*
 * A number: a JSON integer, or one as -u prints it, a string in hex ("0x1f",
 * "0") or a human-readable size; absent leaves *@out alone.
 */
static int get_u64(struct reader *r, const char *path, struct json_object *o, const char *key,
		   uint64_t *out)
{
	struct json_object *v;
	char p[PATH_LEN];
	const char *s;
	char *end;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (!sub(p, path, key))
		return fail(r, path, "nesting too deep");
	if (json_object_is_type(v, json_type_int)) {
		if (json_object_get_int64(v) < 0)
			return fail(r, p, "\"%s\" is negative", key);
		*out = json_object_get_uint64(v);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return fail(r, p, "\"%s\" must be a number, not %s", key, tname(v));
	s = json_object_get_string(v);
	if (!strcmp(s, "0")) {
		*out = 0;
		return 0;
	}
	if (s[0] == '0' && s[1] == 'x' && isxdigit((unsigned char)s[2])) {
		errno = 0;
		*out = strtoull(s + 2, &end, 16);
		if (!*end && !errno)
			return 0;
	}
	if (parse_human_size(s, out))
		return 0;
	return fail(r, p,
		    "\"%s\" is \"%s\": neither a number nor a hex number or size as cxl list -u "
		    "prints them",
		    key, s);
}

/* An optional array member named "@prefix:@name"; *@out NULL when absent. */
static int get_children(struct reader *r, const char *path, struct json_object *o,
			const char *prefix, const char *name, struct json_object **out, char *cpath)
{
	char key[160];

	snprintf(key, sizeof(key), "%s:%s", prefix, name);
	*out = member(o, key);
	if (!*out)
		return 0;
	if (!sub(cpath, path, key))
		return fail(r, path, "nesting too deep");
	if (!json_object_is_type(*out, json_type_array))
		return fail(r, cpath, "\"%s\" must be an array, not %s", key, tname(*out));
	return 0;
}

/*
 * @name (a @what: "port", "memdev", ...) at @path is named once in the
 * listing: a second object of the same name means the listing was edited or
 * pasted together, and one of the two would be lost.
 */
static int unique(struct reader *r, const char *path, const char *what, const char *name)
{
	size_t i;

	for (i = 0; i < r->nr_seen; i++)
		if (!strcmp(r->seen[i].what, what) && !strcmp(r->seen[i].name, name))
			return fail(r, path, "%s %s is listed twice (first on line %d)", what,
				    name, cxl_json_line_of(r->text, r->seen[i].path));
	if (r->nr_seen == r->cap_seen) {
		size_t ncap = r->cap_seen ? 2 * r->cap_seen : 64;
		struct seen *n = realloc(r->seen, ncap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		r->seen = n;
		r->cap_seen = ncap;
	}
	r->seen[r->nr_seen].path = strdup(path);
	if (!r->seen[r->nr_seen].path)
		return -ENOMEM;
	r->seen[r->nr_seen].what = what;
	r->seen[r->nr_seen++].name = name;
	return 0;
}

/*
 * Children of @o are listed under "ports:@name", "endpoints:@name" and
 * "decoders:@name"; such a key naming another object would be skipped, and
 * everything below it lost.
 */
static int stray_children(struct reader *r, const char *path, struct json_object *o,
			  const char *what, const char *name)
{
	static const char *const prefixes[] = { "ports:", "endpoints:", "decoders:", NULL };

	json_object_object_foreach(o, key, val) {
		const char *const *pre;
		char p[PATH_LEN];

		(void)val;
		for (pre = prefixes; *pre && strncmp(key, *pre, strlen(*pre)); pre++)
			;
		if (!*pre || !strcmp(key + strlen(*pre), name))
			continue;
		if (!sub(p, path, key))
			return fail(r, path, "nesting too deep");
		return fail(r, p, "\"%s\" in %s %s names no object: its children are \"%s%s\"",
			    key, what, name, *pre, name);
	}
	return 0;
}

static struct cxl_topo_node *new_node(struct reader *r, const char *path, enum cxl_topo_kind kind)
{
	struct cxl_topo *t = r->t;
	struct cxl_topo_node *n;

	if (t->nr_nodes == t->cap_nodes) {
		fail(r, path, "more than %d devices in one listing", MAX_NODES);
		return NULL;
	}
	n = &t->nodes[t->nr_nodes++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->index = r->nr_kind[kind]++;
	n->cxl_capable = true;
	return n;
}

/* Every decoder object in the listing, so decoder storage is allocated once. */
static size_t count_decoders(struct json_object *o, int depth)
{
	size_t n = 0, i;

	if (depth > 64)
		return 0;
	if (json_object_is_type(o, json_type_array)) {
		for (i = 0; i < json_object_array_length(o); i++)
			n += count_decoders(json_object_array_get_idx(o, i), depth + 1);
	} else if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, key, val) {
			if (!strncmp(key, "decoders:", 9) &&
			    json_object_is_type(val, json_type_array))
				n += json_object_array_length(val);
			n += count_decoders(val, depth + 1);
		}
	}
	return n;
}

/* ---- decoders ---- */

struct decoder_in {
	uint64_t base, size, ways, granularity, nr_targets;
	bool committed;
	struct json_object *targets;
};

static int read_decoder(struct reader *r, const char *path, struct json_object *o,
			struct decoder_in *d)
{
	const char *state, *name;
	int rc;

	memset(d, 0, sizeof(*d));
	if (!json_object_is_type(o, json_type_object))
		return fail(r, path, "a decoder must be an object, not %s", tname(o));
	rc = get_str(r, path, o, "decoder", "a decoder", &name);
	rc = rc ? rc : unique(r, path, "decoder", name);
	rc = rc ? rc : get_str(r, path, o, "state", NULL, &state);
	rc = rc ? rc : get_u64(r, path, o, "resource", &d->base);
	rc = rc ? rc : get_u64(r, path, o, "size", &d->size);
	rc = rc ? rc : get_u64(r, path, o, "interleave_ways", &d->ways);
	rc = rc ? rc : get_u64(r, path, o, "interleave_granularity", &d->granularity);
	rc = rc ? rc : get_u64(r, path, o, "nr_targets", &d->nr_targets);
	if (rc)
		return rc;
	d->targets = member(o, "targets");
	if (d->targets && !json_object_is_type(d->targets, json_type_array)) {
		char p[PATH_LEN];

		if (!sub(p, path, "targets"))
			return fail(r, path, "nesting too deep");
		return fail(r, p, "\"targets\" must be an array, not %s", tname(d->targets));
	}
	if (!d->ways)
		d->ways = d->nr_targets ? d->nr_targets : 1;
	if (d->ways > 16)
		return fail(r, path, "%s interleaves %llu ways; at most 16", name,
			    (unsigned long long)d->ways);
	if (!d->granularity)
		d->granularity = 256;
	d->committed = d->size && !(state && !strcmp(state, "disabled"));
	return 0;
}

/*
 * The targets of decoder @d at @path as indexes into @names (the port's
 * dports, @nr of them); without names or a target list, positions in order.
 */
static int decoder_targets(struct reader *r, const char *path, const struct decoder_in *d,
			   const char *const *names, unsigned int nr, unsigned char *out,
			   unsigned int *nr_out, unsigned int max)
{
	size_t i, n = d->targets ? json_object_array_length(d->targets) : d->ways;

	if (n > max)
		return fail(r, path, "the decoder has %zu targets; at most %u", n, max);
	for (i = 0; i < n; i++) {
		struct json_object *jt = d->targets ? json_object_array_get_idx(d->targets, i) :
						      NULL;
		char tp[PATH_LEN], tpath[PATH_LEN];
		const char *tn;
		unsigned int k;
		int rc;

		out[i] = (unsigned char)i;
		if (!jt || !nr)
			continue;
		if (!sub(tpath, path, "targets") || !elem(tp, tpath, i))
			return fail(r, path, "nesting too deep");
		if (!json_object_is_type(jt, json_type_object))
			return fail(r, tp, "a target must be an object, not %s", tname(jt));
		rc = get_str(r, tp, jt, "target", "a target", &tn);
		if (rc)
			return rc;
		for (k = 0; k < nr && strcmp(names[k], tn); k++)
			;
		if (k == nr) {
			if (!sub(tpath, tp, "target"))
				return fail(r, path, "nesting too deep");
			return fail(r, tpath, "target %s is not a dport of the decoder's port", tn);
		}
		out[i] = (unsigned char)k;
	}
	*nr_out = (unsigned int)n;
	return 0;
}

/* The committed decoders of one port or endpoint, stored contiguously. */
static int read_decoders(struct reader *r, const char *path, struct json_object *arr,
			 const char *const *names, unsigned int nr_names, bool endpoint,
			 struct cxl_topo_decoder **out, unsigned int *nr_out)
{
	struct cxl_topo *t = r->t;
	size_t i;
	int rc;

	*out = &t->decoders[t->nr_decoders];
	*nr_out = 0;
	for (i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct cxl_topo_decoder *td;
		struct decoder_in d;
		char p[PATH_LEN];
		const char *mode;

		if (!elem(p, path, i))
			return fail(r, path, "nesting too deep");
		rc = read_decoder(r, p, o, &d);
		if (rc)
			return rc;
		if (!d.committed)
			continue;
		if (*nr_out == TOPO_MAX_DECODERS)
			return fail(r, p, "more than %d committed decoders on one port",
				    TOPO_MAX_DECODERS);
		if (t->nr_decoders == t->cap_decoders)
			return fail(r, p, "too many decoders");
		td = &t->decoders[t->nr_decoders++];
		(*nr_out)++;
		memset(td, 0, sizeof(*td));
		td->base = d.base;
		td->size = d.size;
		td->ways = (unsigned int)d.ways;
		td->granularity = d.granularity > 16384 ? 16384 : (unsigned int)d.granularity;
		if (endpoint) {
			rc = get_str(r, p, o, "mode", NULL, &mode);
			if (rc)
				return rc;
			td->mode = mode && !strcmp(mode, "pmem") ? TOPO_MODE_PMEM : TOPO_MODE_RAM;
			continue;
		}
		rc = decoder_targets(r, p, &d, names, nr_names, td->targets, &td->nr_targets,
				     TOPO_MAX_PORTS);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- ports and endpoints ---- */

static int read_endpoint(struct reader *r, const char *path, struct json_object *o,
			 struct cxl_topo_node **out)
{
	struct json_object *md, *decs;
	struct cxl_topo_node *n;
	const char *name, *host = NULL, *mdname = NULL;
	char p[PATH_LEN], dp[PATH_LEN];
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return fail(r, path, "an endpoint must be an object, not %s", tname(o));
	rc = get_str(r, path, o, "endpoint", "an endpoint", &name);
	rc = rc ? rc : unique(r, path, "endpoint", name);
	rc = rc ? rc : stray_children(r, path, o, "endpoint", name);
	if (rc)
		return rc;
	n = new_node(r, path, TOPO_MEMDEV);
	if (!n)
		return -EINVAL;
	md = member(o, "memdev");
	if (md) {
		if (!sub(p, path, "memdev"))
			return fail(r, path, "nesting too deep");
		if (!json_object_is_type(md, json_type_object))
			return fail(r, p, "\"memdev\" must be an object, not %s", tname(md));
		rc = get_u64(r, p, md, "ram_size", &n->ram_size);
		rc = rc ? rc : get_u64(r, p, md, "pmem_size", &n->pmem_size);
		rc = rc ? rc : get_u64(r, p, md, "serial", &n->serial);
		rc = rc ? rc : get_str(r, p, md, "host", NULL, &host);
		rc = rc ? rc : get_str(r, p, md, "memdev", NULL, &mdname);
		rc = rc || !mdname ? rc : unique(r, p, "memdev", mdname);
		if (rc)
			return rc;
		if (host)
			snprintf(n->name, sizeof(n->name), "%s", host);
	}
	rc = get_children(r, path, o, "decoders", name, &decs, dp);
	if (!rc && decs)
		rc = read_decoders(r, dp, decs, NULL, 0, true, &n->decoders, &n->nr_decoders);
	if (rc)
		return rc;
	n->committed = n->nr_decoders > 0;
	*out = n;
	return 0;
}

static int read_port(struct reader *r, const char *path, struct json_object *o, int depth,
		     struct cxl_topo_node **slots, unsigned int *nr_slots,
		     struct cxl_topo_decoder **decoders, unsigned int *nr_decoders);
static int read_switch(struct reader *r, const char *path, struct json_object *o, int depth,
		       struct cxl_topo_node *n);

/* Put @child below the dport @parent_dport names, or in the next free slot. */
static int place(struct reader *r, const char *cpath, const char *port, const char *parent_dport,
		 const char *const *names, unsigned int nr_names, struct cxl_topo_node **slots,
		 unsigned int *nr_slots, unsigned int *slot)
{
	unsigned int k;

	if (parent_dport && nr_names) {
		for (k = 0; k < nr_names && strcmp(names[k], parent_dport); k++)
			;
		if (k == nr_names)
			return fail(r, cpath, "parent_dport %s is not a dport of %s", parent_dport,
				    port);
		if (slots[k])
			return fail(r, cpath, "two devices below dport %s of %s", parent_dport,
				    port);
		*slot = k;
		return 0;
	}
	for (k = 0; k < *nr_slots && slots[k]; k++)
		;
	if (k == TOPO_MAX_PORTS)
		return fail(r, cpath, "%s has more than %d ports", port, TOPO_MAX_PORTS);
	if (k == *nr_slots)
		(*nr_slots)++;
	*slot = k;
	return 0;
}

/* @o's "dports": their names into @names. */
static int read_dports(struct reader *r, const char *path, struct json_object *o, const char *what,
		       unsigned int max, const char **names, uint64_t *ids, unsigned int *nr)
{
	struct json_object *arr = member(o, "dports");
	char p[PATH_LEN], ep[PATH_LEN];
	size_t i, n;
	int rc;

	*nr = 0;
	if (!arr)
		return 0;
	if (!sub(p, path, "dports"))
		return fail(r, path, "nesting too deep");
	if (!json_object_is_type(arr, json_type_array))
		return fail(r, p, "\"dports\" must be an array, not %s", tname(arr));
	n = json_object_array_length(arr);
	if (n > max)
		return fail(r, p, "%s has %zu dports; at most %u", what, n, max);
	for (i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(arr, i);

		if (!elem(ep, p, i))
			return fail(r, path, "nesting too deep");
		if (!json_object_is_type(d, json_type_object))
			return fail(r, ep, "a dport must be an object, not %s", tname(d));
		rc = get_str(r, ep, d, "dport", "a dport", &names[i]);
		if (ids) {
			ids[i] = i;
			rc = rc ? rc : get_u64(r, ep, d, "id", &ids[i]);
		}
		if (rc)
			return rc;
	}
	*nr = (unsigned int)n;
	return 0;
}

static int read_children(struct reader *r, const char *path, struct json_object *o,
			 const char *name, int depth, const char *const *names,
			 unsigned int nr_names, struct cxl_topo_node **slots,
			 unsigned int *nr_slots)
{
	static const char *const kinds[] = { "ports", "endpoints" };
	unsigned int kind;
	int rc;

	for (kind = 0; kind < 2; kind++) {
		struct json_object *arr;
		char cp[PATH_LEN];
		size_t i;

		rc = get_children(r, path, o, kinds[kind], name, &arr, cp);
		if (rc)
			return rc;
		for (i = 0; arr && i < json_object_array_length(arr); i++) {
			struct json_object *c = json_object_array_get_idx(arr, i);
			const char *pd;
			char ep[PATH_LEN];
			unsigned int slot = 0;
			struct cxl_topo_node *n;

			if (!elem(ep, cp, i))
				return fail(r, path, "nesting too deep");
			if (!json_object_is_type(c, json_type_object))
				return fail(r, ep, "a %s entry must be an object, not %s",
					    kinds[kind], tname(c));
			rc = get_str(r, ep, c, "parent_dport", NULL, &pd);
			rc = rc ? rc :
				  place(r, ep, name, pd, names, nr_names, slots, nr_slots, &slot);
			if (rc)
				return rc;
			if (kind == 1) {
				rc = read_endpoint(r, ep, c, &n);
			} else {
				if (depth >= TOPO_MAX_DEPTH)
					return fail(r, ep, "switches nest deeper than %d levels",
						    TOPO_MAX_DEPTH);
				n = new_node(r, ep, TOPO_SWITCH);
				rc = n ? read_switch(r, ep, c, depth + 1, n) : -EINVAL;
			}
			if (rc)
				return rc;
			slots[slot] = n;
		}
	}
	return 0;
}

/*
 * A host-bridge or switch port: its dports become @slots (root ports or
 * downstream ports), each holding what hangs below it, or nothing.
 */
static int read_port(struct reader *r, const char *path, struct json_object *o, int depth,
		     struct cxl_topo_node **slots, unsigned int *nr_slots,
		     struct cxl_topo_decoder **decoders, unsigned int *nr_decoders)
{
	const char *name, *names[TOPO_MAX_PORTS];
	struct json_object *decs;
	unsigned int nr_names, k;
	char dp[PATH_LEN];
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return fail(r, path, "a port must be an object, not %s", tname(o));
	rc = get_str(r, path, o, "port", "a port", &name);
	rc = rc ? rc : unique(r, path, "port", name);
	rc = rc ? rc : stray_children(r, path, o, "port", name);
	rc = rc ? rc : read_dports(r, path, o, name, TOPO_MAX_PORTS, names, NULL, &nr_names);
	if (rc)
		return rc;
	memset(slots, 0, TOPO_MAX_PORTS * sizeof(*slots));
	*nr_slots = nr_names;
	rc = read_children(r, path, o, name, depth, names, nr_names, slots, nr_slots);
	if (rc)
		return rc;
	if (!*nr_slots)
		*nr_slots = 1;
	for (k = 0; k < *nr_slots; k++) {
		if (!slots[k])
			slots[k] = new_node(r, path, TOPO_EMPTY);
		if (!slots[k])
			return -EINVAL;
	}
	rc = get_children(r, path, o, "decoders", name, &decs, dp);
	if (!rc && decs)
		rc = read_decoders(r, dp, decs, names, nr_names, false, decoders, nr_decoders);
	return rc;
}

/* A switch's port: its downstream ports take the next links once they are known. */
static int read_switch(struct reader *r, const char *path, struct json_object *o, int depth,
		       struct cxl_topo_node *n)
{
	struct cxl_topo_node *down[TOPO_MAX_PORTS];
	int rc = read_port(r, path, o, depth, down, &n->nr_down, &n->decoders, &n->nr_decoders);

	if (rc)
		return rc;
	n->down = cxl_topo_links(r->t, n->nr_down);
	if (!n->down)
		return -ENOMEM;
	memcpy(n->down, down, n->nr_down * sizeof(*down));
	return 0;
}

/* ---- buses ---- */

static int new_hb(struct reader *r, const char *path, uint64_t uid, const char *name)
{
	struct cxl_topo *t = r->t;
	unsigned int h;

	if (t->nr_hb == TOPO_MAX_HB)
		return fail(r, path, "more than %d host bridges", TOPO_MAX_HB);
	if (uid > 255)
		return fail(r, path, "host bridge id %llu is outside 0..255",
			    (unsigned long long)uid);
	for (h = 0; h < t->nr_hb; h++)
		if (t->hb[h].uid == uid)
			return fail(r, path, "host bridge id %llu is already %s's",
				    (unsigned long long)uid, r->hb_name[h]);
	h = t->nr_hb++;
	memset(&t->hb[h], 0, sizeof(t->hb[h]));
	t->hb[h].uid = (unsigned int)uid;
	r->hb_name[h] = name;
	return 0;
}

/* A free uid for a host bridge the listing gives no id for. */
static unsigned int free_uid(const struct cxl_topo *t)
{
	unsigned int uid, h;

	for (uid = 0;; uid++) {
		for (h = 0; h < t->nr_hb && t->hb[h].uid != uid; h++)
			;
		if (h == t->nr_hb)
			return uid;
	}
}

static int find_hb(const struct reader *r, unsigned int first, const char *name)
{
	unsigned int h;

	for (h = first; name && h < r->t->nr_hb; h++)
		if (r->hb_name[h] && !strcmp(r->hb_name[h], name))
			return (int)h;
	return -1;
}

static int read_windows(struct reader *r, const char *path, struct json_object *arr,
			unsigned int first, const char *bus)
{
	struct cxl_topo *t = r->t;
	const char *names[TOPO_MAX_HB];
	unsigned int nr = t->nr_hb - first, h, i;
	size_t k;
	int rc;

	for (h = 0; h < nr; h++)
		names[h] = r->hb_name[first + h] ? r->hb_name[first + h] : "";
	for (k = 0; k < json_object_array_length(arr); k++) {
		struct json_object *o = json_object_array_get_idx(arr, k);
		struct cxl_topo_window *w;
		unsigned char idx[TOPO_MAX_HB];
		struct decoder_in d;
		char p[PATH_LEN];
		unsigned int n = 0;

		if (!elem(p, path, k))
			return fail(r, path, "nesting too deep");
		rc = read_decoder(r, p, o, &d);
		if (rc)
			return rc;
		if (!d.size)
			continue;
		if (t->nr_windows == TOPO_MAX_WINDOWS)
			return fail(r, p, "more than %d root decoders", TOPO_MAX_WINDOWS);
		rc = decoder_targets(r, p, &d, names, nr, idx, &n, TOPO_MAX_HB);
		if (rc)
			return rc;
		for (i = 0; i < n; i++)
			if (idx[i] >= nr)
				return fail(r, p,
					    "the root decoder targets %u host bridges, %s has %u",
					    n, bus, nr);
		w = &t->windows[t->nr_windows++];
		memset(w, 0, sizeof(*w));
		w->base = d.base;
		w->size = d.size;
		w->ways = (unsigned int)d.ways;
		w->granularity = d.granularity > 16384 ? 16384 : (unsigned int)d.granularity;
		for (i = 0; i < n; i++)
			w->target_uid[i] = t->hb[first + idx[i]].uid;
		if (json_object_get_boolean(member(o, "pmem_capable")))
			w->flags |= TOPO_WINDOW_TYPE3 | TOPO_WINDOW_PMEM;
		if (json_object_get_boolean(member(o, "volatile_capable")))
			w->flags |= TOPO_WINDOW_TYPE3 | TOPO_WINDOW_RAM;
		if (json_object_get_boolean(member(o, "accelmem_capable")))
			w->flags |= TOPO_WINDOW_TYPE2;
	}
	return 0;
}

static int read_bus(struct reader *r, const char *path, struct json_object *bus)
{
	struct cxl_topo *t = r->t;
	const char *name, *names[TOPO_MAX_HB];
	uint64_t ids[TOPO_MAX_HB];
	unsigned int first = t->nr_hb, nr_dports, h;
	struct json_object *arr;
	char cp[PATH_LEN], ep[PATH_LEN];
	size_t i;
	int rc;

	rc = get_str(r, path, bus, "bus", "the bus", &name);
	rc = rc ? rc : unique(r, path, "bus", name);
	rc = rc ? rc : stray_children(r, path, bus, "bus", name);
	rc = rc ? rc : read_dports(r, path, bus, name, TOPO_MAX_HB - first, names, ids, &nr_dports);
	if (rc)
		return rc;
	for (h = 0; h < nr_dports; h++) {
		char dp[PATH_LEN];

		if (!sub(cp, path, "dports") || !elem(dp, cp, h))
			return fail(r, path, "nesting too deep");
		rc = new_hb(r, dp, ids[h], names[h]);
		if (rc)
			return rc;
	}
	/* Host-bridge ports. */
	rc = get_children(r, path, bus, "ports", name, &arr, cp);
	for (i = 0; !rc && arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct cxl_topo_hb *hb;
		const char *host;
		int k;

		if (!elem(ep, cp, i))
			return fail(r, path, "nesting too deep");
		if (!json_object_is_type(o, json_type_object))
			return fail(r, ep, "a port must be an object, not %s", tname(o));
		rc = get_str(r, ep, o, "host", "a host-bridge port", &host);
		if (rc)
			return rc;
		k = find_hb(r, first, host);
		if (k < 0 && nr_dports)
			return fail(r, ep, "the port's host %s is not a dport of %s", host, name);
		if (k < 0) {
			rc = new_hb(r, ep, free_uid(t), host);
			k = (int)t->nr_hb - 1;
		} else if (t->hb[k].nr_root_ports) {
			return fail(r, ep, "a second port for host bridge %s", host);
		}
		hb = &t->hb[k];
		rc = rc ? rc :
			  read_port(r, ep, o, 0, hb->rp, &hb->nr_root_ports, &hb->decoders,
				    &hb->nr_decoders);
	}
	if (rc)
		return rc;
	/* RCDs, straight below the root. */
	rc = get_children(r, path, bus, "endpoints", name, &arr, cp);
	for (i = 0; !rc && arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *pd = NULL;
		int k;

		if (!elem(ep, cp, i))
			return fail(r, path, "nesting too deep");
		if (!json_object_is_type(o, json_type_object))
			return fail(r, ep, "an endpoint must be an object, not %s", tname(o));
		rc = get_str(r, ep, o, "parent_dport", NULL, &pd);
		if (rc)
			return rc;
		k = find_hb(r, first, pd);
		if (k < 0 && nr_dports && pd)
			return fail(r, ep, "parent_dport %s is not a dport of %s", pd, name);
		if (k < 0) {
			rc = new_hb(r, ep, free_uid(t), pd);
			k = (int)t->nr_hb - 1;
		} else if (t->hb[k].nr_root_ports) {
			return fail(r, ep, "host bridge %s has a port and an RCD below the root",
				    pd);
		}
		if (rc)
			return rc;
		t->hb[k].rch = true;
		t->hb[k].nr_root_ports = 1;
		rc = read_endpoint(r, ep, o, &t->hb[k].rp[0]);
	}
	if (rc)
		return rc;
	/* A host bridge without a listed port: one root port with nothing known behind it. */
	for (h = first; h < t->nr_hb; h++) {
		if (t->hb[h].nr_root_ports)
			continue;
		t->hb[h].rp[0] = new_node(r, path, TOPO_EMPTY);
		if (!t->hb[h].rp[0])
			return -EINVAL;
		t->hb[h].nr_root_ports = 1;
	}
	rc = get_children(r, path, bus, "decoders", name, &arr, cp);
	if (!rc && arr)
		rc = read_windows(r, cp, arr, first, name);
	return rc;
}

static int read_listing(struct reader *r, struct json_object *root)
{
	char p[PATH_LEN], bp[PATH_LEN];
	size_t i, j, n;
	int rc;

	if (json_object_is_type(root, json_type_object) && member(root, "bus"))
		return read_bus(r, "", root);
	if (!json_object_is_type(root, json_type_array))
		return fail(r, "", "a cxl list must be a JSON array or a bus object, not %s",
			    tname(root));
	n = json_object_array_length(root);
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(root, i), *buses;

		snprintf(p, sizeof(p), "[%zu]", i);
		if (!json_object_is_type(o, json_type_object))
			return fail(r, p, "%s is %s, not a bus object", p, tname(o));
		if (member(o, "bus")) {
			rc = read_bus(r, p, o);
			if (rc)
				return rc;
			continue;
		}
		buses = member(o, "buses");
		if (!buses)
			continue; /* "anon memdevs" and the like: nothing to place */
		if (!json_object_is_type(buses, json_type_array))
			return fail(r, p, "\"buses\" must be an array, not %s", tname(buses));
		for (j = 0; j < json_object_array_length(buses); j++) {
			snprintf(bp, sizeof(bp), "[%zu].buses[%zu]", i, j);
			if (!json_object_is_type(json_object_array_get_idx(buses, j),
						 json_type_object))
				return fail(r, bp, "a bus must be an object");
			rc = read_bus(r, bp, json_object_array_get_idx(buses, j));
			if (rc)
				return rc;
		}
	}
	if (!r->t->nr_hb)
		return fail(r, "",
			    "no CXL bus with host bridges in the listing "
			    "(save the output of cxl list -BPEMDT)");
	return 0;
}

static int load(const char *name, const char *text, size_t len, struct cxl_topo **out, char *err,
		size_t errlen)
{
	struct reader r = { .file = name, .text = text, .err = err, .errlen = errlen };
	struct json_object *root;
	size_t i, nr_dec;
	int rc;

	root = cxl_json_parse(name, text, len, err, errlen);
	if (!root)
		return -EINVAL;
	nr_dec = count_decoders(root, 0);
	r.t = cxl_topo_alloc(name, MAX_NODES);
	if (r.t)
		r.t->decoders = calloc(nr_dec + 1, sizeof(*r.t->decoders));
	if (!r.t || !r.t->decoders) {
		rc = -ENOMEM;
	} else {
		r.t->cap_decoders = nr_dec;
		rc = read_listing(&r, root);
	}
	json_object_put(root);
	for (i = 0; i < r.nr_seen; i++)
		free(r.seen[i].path);
	free(r.seen);
	if (rc) {
		cxl_topo_free(r.t);
		return rc;
	}
	*out = r.t;
	return 0;
}

int cxl_topo_from_cxl_list_string(const char *name, const char *text, struct cxl_topo **out,
				  char *err, size_t errlen)
{
	return load(name, text, strlen(text), out, err, errlen);
}

int cxl_topo_from_cxl_list_file(const char *path, struct cxl_topo **out, char *err, size_t errlen)
{
	size_t n;
	char *buf = cxl_json_read_file(path, MAX_TEXT, &n, err, errlen);
	int rc;

	if (!buf)
		return -EINVAL;
	rc = load(path, buf, n, out, err, errlen);
	free(buf);
	return rc;
}
