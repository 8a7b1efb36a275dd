// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Topology files (json-c).  Format, in docs/topology-format.md:
 *
 *   { "name": "two-hb",
 *     "host_bridges": [
 *       { "uid": 0, "root_ports": [ { "memdev": {} },
 *                                   { "switch": { "ports": [ { "memdev": {} }, {} ] } } ] },
 *       { "uid": 1, "rch": true, "root_ports": [ { "memdev": { "media_ready": false } } ] } ],
 *     "pcie_only_accelerators": 1 }
 *
 * A port entry is {} (empty) or has exactly one of "memdev", "accel", "switch".
 *
 * Every error is "FILE:LINE: problem".  json-c reports where a syntax error
 * is but keeps no position for a parsed value, so a small scan of the text
 * (positions_index) maps each value's path, e.g. host_bridges[1].uid, to its
 * line for the semantic errors.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cxl/json_pos.h"
#include "cxl/topology.h"

#define MAX_DEPTH 8
#define MAX_FILE_SIZE (4 << 20)

struct pos {
	char *path;
	int line;
};

struct loader {
	const char *file;
	char *err;
	size_t errlen;
	struct pos *pos;
	size_t nr_pos, cap_pos;
	struct cxl_topo *topo;
};

/* ---- the position index ---- */

static void pos_add(struct loader *l, const char *path, int line)
{
	if (l->nr_pos == l->cap_pos) {
		size_t ncap = l->cap_pos ? 2 * l->cap_pos : 64;
		struct pos *n = realloc(l->pos, ncap * sizeof(*n));

		if (!n)
			return;
		l->pos = n;
		l->cap_pos = ncap;
	}
	l->pos[l->nr_pos].path = strdup(path);
	l->pos[l->nr_pos].line = line;
	if (l->pos[l->nr_pos].path)
		l->nr_pos++;
}

static int pos_line(const struct loader *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->nr_pos; i++)
		if (!strcmp(l->pos[i].path, path))
			return l->pos[i].line;
	return 1;
}

struct frame {
	char kind;		/* '{' or '[' */
	size_t path_len;	/* length of the container's own path */
	long index;		/* arrays: current element */
	char key[64];		/* objects: current key */
	bool expect_key;
};

/* Text already parsed by json-c: only strings, brackets, commas and colons matter. */
static void positions_index(struct loader *l, const char *text)
{
	struct frame st[64];
	char path[1024] = "";
	int depth = 0, line = 1;
	const char *p = text;

	while (*p) {
		char c = *p;

		if (c == '\n') {
			line++;
			p++;
			continue;
		}
		if (isspace((unsigned char)c) || c == ':') {
			p++;
			continue;
		}
		if (c == ',') {
			if (depth && st[depth - 1].kind == '[')
				st[depth - 1].index++;
			else if (depth)
				st[depth - 1].expect_key = true;
			p++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth)
				depth--;
			if (depth < 63 && depth >= 0)
				path[depth ? st[depth].path_len : 0] = '\0';
			p++;
			continue;
		}
		/* An object key? */
		if (c == '"' && depth && st[depth - 1].kind == '{' && st[depth - 1].expect_key) {
			size_t n = 0;

			p++;
			while (*p && *p != '"' && n < sizeof(st[0].key) - 1) {
				if (*p == '\\' && p[1])
					p++;
				st[depth - 1].key[n++] = *p++;
			}
			st[depth - 1].key[n] = '\0';
			while (*p && *p != '"')
				p++;
			if (*p)
				p++;
			st[depth - 1].expect_key = false;
			continue;
		}
		/* A value starts here: name it. */
		{
			size_t base = depth ? st[depth - 1].path_len : 0;
			char elem[96];

			if (!depth)
				elem[0] = '\0';
			else if (st[depth - 1].kind == '[')
				snprintf(elem, sizeof(elem), "[%ld]", st[depth - 1].index);
			else
				snprintf(elem, sizeof(elem), "%s%s", base ? "." : "",
					 st[depth - 1].key);
			path[base] = '\0';
			strncat(path, elem, sizeof(path) - strlen(path) - 1);
			pos_add(l, path, line);
			if ((c == '{' || c == '[') && depth < 63) {
				st[depth].kind = c;
				st[depth].path_len = strlen(path);
				st[depth].index = 0;
				st[depth].expect_key = c == '{';
				st[depth].key[0] = '\0';
				depth++;
				p++;
				continue;
			}
			if (c == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1])
						p++;
				}
				if (*p)
					p++;
			} else {
				while (*p && !strchr(",}] \t\r\n", *p))
					p++;
			}
			path[base] = '\0';
		}
	}
}

/* ---- errors ---- */

static int fail(struct loader *l, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct loader *l, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "%s:%d: %s", l->file, pos_line(l, path), msg);
	return -EINVAL;
}

static const char *type_name(struct json_object *o)
{
	return json_type_to_name(json_object_get_type(o));
}

/* Reject keys outside @allowed: a typo must not be silently ignored. */
static int only_keys(struct loader *l, const char *path, struct json_object *o,
		     const char *const *allowed)
{
	json_object_object_foreach(o, key, val) {
		const char *const *a;
		char sub[1024];

		(void)val;
		for (a = allowed; *a && strcmp(*a, key); a++)
			;
		if (!*a) {
			snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
			return fail(l, sub, "unknown key \"%s\" in %s", key, *path ? path : "the topology");
		}
	}
	return 0;
}

static int get_bool(struct loader *l, const char *path, struct json_object *o, bool *out)
{
	if (!json_object_is_type(o, json_type_boolean))
		return fail(l, path, "%s must be true or false, not %s", path, type_name(o));
	*out = json_object_get_boolean(o);
	return 0;
}

static int get_uint(struct loader *l, const char *path, struct json_object *o, unsigned int max,
		    unsigned int *out)
{
	int64_t v;

	if (!json_object_is_type(o, json_type_int))
		return fail(l, path, "%s must be an integer, not %s", path, type_name(o));
	v = json_object_get_int64(o);
	if (v < 0 || v > max)
		return fail(l, path, "%s is %lld, outside 0..%u", path, (long long)v, max);
	*out = (unsigned int)v;
	return 0;
}

/* CXL capacity is counted in 256 MiB units (CXL_CAPACITY_MULTIPLIER); at most 1 PiB here. */
#define CAPACITY_UNIT (256ull << 20)
#define CAPACITY_MAX (1ull << 50)

static int get_capacity(struct loader *l, const char *path, struct json_object *o, uint64_t *out)
{
	int64_t v;

	if (!json_object_is_type(o, json_type_int))
		return fail(l, path, "%s must be an integer (bytes), not %s", path, type_name(o));
	v = json_object_get_int64(o);
	if (v < 0 || (uint64_t)v > CAPACITY_MAX)
		return fail(l, path, "%s is %lld, outside 0..%llu", path, (long long)v,
			    (unsigned long long)CAPACITY_MAX);
	if ((uint64_t)v % CAPACITY_UNIT)
		return fail(l, path, "%s is %lld, not a multiple of 256 MiB (268435456)", path,
			    (long long)v);
	*out = (uint64_t)v;
	return 0;
}

/* Build a sub-path; paths are bounded by MAX_DEPTH, so truncation means a broken file. */
#define SUBPATH(buf, ...) (snprintf(buf, sizeof(buf), __VA_ARGS__) >= (int)sizeof(buf))

/* ---- the format ---- */

static struct cxl_topo_node *new_node(struct loader *l, enum cxl_topo_kind kind)
{
	struct cxl_topo *t = l->topo;
	struct cxl_topo_node *n;

	if (t->nr_nodes == t->cap_nodes)
		return NULL;
	n = &t->nodes[t->nr_nodes++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

static int parse_port(struct loader *l, const char *path, struct json_object *o, int depth,
		      struct cxl_topo_node **out);

static int parse_ports(struct loader *l, const char *path, struct json_object *arr, int depth,
		       struct cxl_topo_node **slots, unsigned int *nr)
{
	size_t i, n;

	if (!json_object_is_type(arr, json_type_array))
		return fail(l, path, "%s must be an array of ports, not %s", path, type_name(arr));
	n = json_object_array_length(arr);
	if (!n)
		return fail(l, path, "%s is empty: give at least one port", path);
	if (n > TOPO_MAX_PORTS)
		return fail(l, path, "%s has %zu ports; at most %d", path, n, TOPO_MAX_PORTS);
	for (i = 0; i < n; i++) {
		char sub[1024];
		int rc;

		if (SUBPATH(sub, "%s[%zu]", path, i))
			return fail(l, path, "nesting too deep");
		rc = parse_port(l, sub, json_object_array_get_idx(arr, i), depth, &slots[i]);
		if (rc)
			return rc;
	}
	*nr = (unsigned int)n;
	return 0;
}

static int parse_port(struct loader *l, const char *path, struct json_object *o, int depth,
		      struct cxl_topo_node **out)
{
	static const char *const kinds[] = { "memdev", "accel", "switch", NULL };
	static const char *const memdev_keys[] = { "media_ready", "committed", "region",
						   "pmem_size", "repair_features", NULL };
	static const char *const accel_keys[] = { NULL };
	static const char *const switch_keys[] = { "ports", NULL };
	struct json_object *v = NULL;
	const char *kind = NULL;
	char sub[1024];
	int rc, found = 0;
	const char *const *k;

	if (!json_object_is_type(o, json_type_object))
		return fail(l, path, "%s must be an object, not %s", path, type_name(o));
	rc = only_keys(l, path, o, kinds);
	if (rc)
		return rc;
	for (k = kinds; *k; k++) {
		struct json_object *x;

		if (json_object_object_get_ex(o, *k, &x)) {
			found++;
			kind = *k;
			v = x;
		}
	}
	if (!found) {
		*out = new_node(l, TOPO_EMPTY);
		return *out ? 0 : fail(l, path, "too many devices in one topology");
	}
	if (found > 1)
		return fail(l, path, "%s has more than one of memdev, accel, switch", path);
	if (SUBPATH(sub, "%s.%s", path, kind))
		return fail(l, path, "nesting too deep");
	if (!json_object_is_type(v, json_type_object))
		return fail(l, sub, "%s must be an object, not %s", sub, type_name(v));
	if (!strcmp(kind, "memdev")) {
		struct json_object *mr;
		bool ready = true, committed = false, in_region = false, repair = false;
		unsigned int region = 0;
		uint64_t pmem_size = 0;

		rc = only_keys(l, sub, v, memdev_keys);
		if (!rc && json_object_object_get_ex(v, "media_ready", &mr)) {
			char mp[1100];

			if (SUBPATH(mp, "%s.media_ready", sub))
				return fail(l, path, "nesting too deep");
			rc = get_bool(l, mp, mr, &ready);
		}
		if (!rc && json_object_object_get_ex(v, "committed", &mr)) {
			char mp[1100];

			if (SUBPATH(mp, "%s.committed", sub))
				return fail(l, path, "nesting too deep");
			rc = get_bool(l, mp, mr, &committed);
		}
		if (!rc && json_object_object_get_ex(v, "repair_features", &mr)) {
			char mp[1100];

			if (SUBPATH(mp, "%s.repair_features", sub))
				return fail(l, path, "nesting too deep");
			rc = get_bool(l, mp, mr, &repair);
		}
		if (!rc && json_object_object_get_ex(v, "region", &mr)) {
			char mp[1100];
			bool said = json_object_object_get_ex(v, "committed", NULL);

			if (SUBPATH(mp, "%s.region", sub))
				return fail(l, path, "nesting too deep");
			rc = get_uint(l, mp, mr, TOPO_MAX_RANGES - 1, &region);
			if (!rc && said && !committed)
				return fail(l, mp, "%s: a memdev in a region has a committed decoder; "
					    "drop \"committed\": false", mp);
			in_region = !rc;
			committed = committed || in_region;
		}
		if (!rc && json_object_object_get_ex(v, "pmem_size", &mr)) {
			char mp[1100];

			if (SUBPATH(mp, "%s.pmem_size", sub))
				return fail(l, path, "nesting too deep");
			rc = get_capacity(l, mp, mr, &pmem_size);
		}
		if (rc)
			return rc;
		*out = new_node(l, TOPO_MEMDEV);
		if (!*out)
			return fail(l, path, "too many devices in one topology");
		(*out)->pmem_size = pmem_size;
		(*out)->media_not_ready = !ready;
		(*out)->committed = committed;
		(*out)->in_region = in_region;
		(*out)->region = region;
		(*out)->repair_features = repair;
		return 0;
	}
	if (!strcmp(kind, "accel")) {
		rc = only_keys(l, sub, v, accel_keys);
		if (rc)
			return rc;
		*out = new_node(l, TOPO_ACCEL);
		return *out ? 0 : fail(l, path, "too many devices in one topology");
	}
	/* A switch. */
	{
		struct cxl_topo_node *down[TOPO_MAX_PORTS];
		struct json_object *ports;
		char pp[1100];

		if (depth >= MAX_DEPTH)
			return fail(l, sub, "switches nest deeper than %d levels", MAX_DEPTH);
		rc = only_keys(l, sub, v, switch_keys);
		if (rc)
			return rc;
		if (!json_object_object_get_ex(v, "ports", &ports))
			return fail(l, sub, "%s needs \"ports\"", sub);
		*out = new_node(l, TOPO_SWITCH);
		if (!*out)
			return fail(l, path, "too many devices in one topology");
		if (SUBPATH(pp, "%s.ports", sub))
			return fail(l, path, "nesting too deep");
		rc = parse_ports(l, pp, ports, depth + 1, down, &(*out)->nr_down);
		if (rc)
			return rc;
		/* Its ports are known only now: they take the next links. */
		(*out)->down = cxl_topo_links(l->topo, (*out)->nr_down);
		if (!(*out)->down)
			return -ENOMEM;
		memcpy((*out)->down, down, (*out)->nr_down * sizeof(*down));
		return 0;
	}
}

static int parse_topology(struct loader *l, struct json_object *root)
{
	static const char *const top_keys[] = { "name", "host_bridges", "pcie_only_accelerators",
						"pmem_window", NULL };
	static const char *const hb_keys[] = { "uid", "rch", "root_ports", NULL };
	struct cxl_topo *t = l->topo;
	struct json_object *hbs, *v;
	size_t i, n;
	int rc;

	if (!json_object_is_type(root, json_type_object))
		return fail(l, "", "the topology must be a JSON object, not %s", type_name(root));
	rc = only_keys(l, "", root, top_keys);
	if (rc)
		return rc;
	if (json_object_object_get_ex(root, "name", &v)) {
		if (!json_object_is_type(v, json_type_string))
			return fail(l, "name", "name must be a string, not %s", type_name(v));
		snprintf(t->name, sizeof(t->name), "%s", json_object_get_string(v));
	}
	if (json_object_object_get_ex(root, "pcie_only_accelerators", &v)) {
		rc = get_uint(l, "pcie_only_accelerators", v, TOPO_MAX_PCIE_ONLY,
			      &t->nr_pcie_only_accel);
		if (rc)
			return rc;
	}
	if (json_object_object_get_ex(root, "pmem_window", &v)) {
		rc = get_bool(l, "pmem_window", v, &t->pmem_window);
		if (rc)
			return rc;
		t->pmem_window_set = true;
	}
	if (!json_object_object_get_ex(root, "host_bridges", &hbs))
		return fail(l, "", "no \"host_bridges\": a topology needs at least one");
	if (!json_object_is_type(hbs, json_type_array))
		return fail(l, "host_bridges", "host_bridges must be an array, not %s",
			    type_name(hbs));
	n = json_object_array_length(hbs);
	if (!n)
		return fail(l, "host_bridges", "host_bridges is empty");
	if (n > TOPO_MAX_HB)
		return fail(l, "host_bridges", "%zu host bridges; at most %d", n, TOPO_MAX_HB);
	for (i = 0; i < n; i++) {
		struct json_object *hb = json_object_array_get_idx(hbs, i), *rps;
		struct cxl_topo_hb *h = &t->hb[i];
		char path[128], sub[160];
		size_t j;

		snprintf(path, sizeof(path), "host_bridges[%zu]", i);
		if (!json_object_is_type(hb, json_type_object))
			return fail(l, path, "%s must be an object, not %s", path, type_name(hb));
		rc = only_keys(l, path, hb, hb_keys);
		if (rc)
			return rc;
		h->uid = (unsigned int)i;
		if (json_object_object_get_ex(hb, "uid", &v)) {
			if (SUBPATH(sub, "%s.uid", path))
				return -EINVAL;
			rc = get_uint(l, sub, v, 255, &h->uid);
			if (rc)
				return rc;
			for (j = 0; j < i; j++)
				if (t->hb[j].uid == h->uid)
					return fail(l, sub, "uid %u is already host_bridges[%zu]'s",
						    h->uid, j);
		} else {
			/* The default, the index, may be an earlier host bridge's explicit uid. */
			for (j = 0; j < i; j++)
				if (t->hb[j].uid == h->uid)
					return fail(l, path, "%s has no uid and its default, %u, "
						    "is already host_bridges[%zu]'s", path, h->uid, j);
		}
		if (json_object_object_get_ex(hb, "rch", &v)) {
			if (SUBPATH(sub, "%s.rch", path))
				return -EINVAL;
			rc = get_bool(l, sub, v, &h->rch);
			if (rc)
				return rc;
		}
		if (SUBPATH(sub, "%s.root_ports", path))
			return -EINVAL;
		if (!json_object_object_get_ex(hb, "root_ports", &rps))
			return fail(l, path, "%s needs \"root_ports\"", path);
		rc = parse_ports(l, sub, rps, 0, h->rp, &h->nr_root_ports);
		if (rc)
			return rc;
		if (h->rch && (h->nr_root_ports != 1 || h->rp[0]->kind == TOPO_SWITCH))
			return fail(l, sub, "a restricted CXL host (rch) has exactly one device "
				    "and no switch");
	}
	t->nr_hb = (unsigned int)n;
	return 0;
}

static int load_text(const char *name, const char *text, size_t len, struct cxl_topo **out,
		     char *err, size_t errlen)
{
	struct loader l = { .file = name, .err = err, .errlen = errlen };
	struct json_object *root;
	int rc;
	size_t i;

	root = cxl_json_parse(name, text, len, err, errlen);
	if (!root)
		return -EINVAL;
	positions_index(&l, text);
	l.topo = cxl_topo_alloc(name, 4096);
	rc = l.topo ? parse_topology(&l, root) : -ENOMEM;
	json_object_put(root);
	for (i = 0; i < l.nr_pos; i++)
		free(l.pos[i].path);
	free(l.pos);
	if (rc) {
		cxl_topo_free(l.topo);
		return rc;
	}
	*out = l.topo;
	return 0;
}

int cxl_topo_load_string(const char *name, const char *text, struct cxl_topo **out, char *err,
			 size_t errlen)
{
	return load_text(name, text, strlen(text), out, err, errlen);
}

int cxl_topo_load_file(const char *path, struct cxl_topo **out, char *err, size_t errlen)
{
	size_t n;
	char *buf = cxl_json_read_file(path, MAX_FILE_SIZE, &n, err, errlen);
	int rc;

	if (!buf)
		return -EINVAL;
	rc = load_text(path, buf, n, out, err, errlen);
	free(buf);
	return rc;
}
