// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxlsim diff-models: the same topologies and workloads under --model linux
 * (the kernel's own drivers/cxl) and --model cxl --kernel VARIANT, their
 * reachable end states compared on a vocabulary both models produce
 * (docs/conformance.md, "diff-models: the differences and why").
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "cxl/variant.h"
#include "cxlsim.h"

static const char diff_usage[] =
	"usage: cxlsim diff-models --kernel VARIANT [OPTIONS]\n"
	"Run the same topologies and workloads under --model linux (the kernel's own\n"
	"drivers/cxl, built in when a kernel tree was found at build time) and\n"
	"--model cxl --kernel VARIANT, each over the same random schedules, and print\n"
	"every difference between the end states they reach, compared on a common\n"
	"vocabulary (device kinds present and bound, soft-reserved range owners,\n"
	"properties violated; docs/conformance.md).\n\n"
	"  --kernel VARIANT      the built-in model's variant (see cxlsim variants)\n"
	"  --topology T          a topology (repeatable; default: minimal and default)\n"
	"  --workload W          the workload (default: boot)\n"
	"  --runs N              schedules per model and topology (default 300)\n"
	"  --seed S              first seed; run i uses seed S+i (default 0)\n"
	"  --json                print the differences as one JSON object\n\n"
	"Exit: 0 no difference, 1 differences printed, 2 bad usage, or --model linux\n"
	"not built in.\n";

#define MAX_TOPOLOGIES 16

/* One normalised record: "KEY VALUE"; the key is up to the first '='. */
struct rec {
	char *key;
	char *val;
};

struct model_result {
	const char *label;	/* "linux" or "cxl" */
	struct rec *seen;	/* every (key, value) reached, with its count and first seed */
	uint64_t *seen_count;
	uint64_t *seen_seed;
	size_t nseen;
	char ***runs;		/* per run: its records as "key=value" */
	size_t *run_n;
	uint64_t nruns;
	struct { char *name; uint64_t count; } *props;
	size_t nprops;
};

/* ---- normalising the engine's full end state ---- */

struct dev {
	char name[96], parent[96], driver[64], bus[32];
	const char *kind;
};

static bool name_is(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(name, prefix, n) && (isdigit((unsigned char)name[n]) || name[n] == '.');
}

static bool is_pci_function(const char *name)
{
	unsigned int d, b, s, f;
	char c;

	return sscanf(name, "%x:%x:%x.%x%c", &d, &b, &s, &f, &c) == 4;
}

static bool is_pci_root(const char *name)
{
	return !strncmp(name, "pci", 3) && strchr(name, ':');
}

static struct dev *dev_find(struct dev *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static bool has_child(struct dev *v, size_t n, const char *name, const char *prefix)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].parent, name) &&
		    (prefix ? name_is(v[i].name, prefix) : is_pci_function(v[i].name)))
			return true;
	return false;
}

static const char *kind_of(struct dev *v, size_t n, struct dev *d, int depth);

/* The built-in model's PCI functions: by their place in the tree and driver. */
static const char *pci_kind(struct dev *v, size_t n, struct dev *d, int depth)
{
	struct dev *p = dev_find(v, n, d->parent);
	const char *pk = p && depth < 64 ? kind_of(v, n, p, depth + 1) : "";
	bool leaf = !has_child(v, n, d->name, NULL);

	if (!strcmp(d->driver, "cxl_pci") || has_child(v, n, d->name, "mem"))
		return "mem-function";
	if (!strcmp(d->driver, "cxl_accel"))
		return "accel-function";
	if (is_pci_root(d->parent))
		return leaf && strcmp(d->driver, "-") ? "mem-function" : "root-port";
	if (!strcmp(pk, "switch-uport"))
		return "switch-dport";
	if (leaf)
		return "mem-function";
	return "switch-uport";
}

static const char *kind_of(struct dev *v, size_t n, struct dev *d, int depth)
{
	static const struct { const char *prefix, *kind; } map[] = {
		/* the linux model's mock platform devices */
		{ "cxl_acpi", "acpi0017" },
		{ "cxl_host_bridge", "host-bridge" },
		{ "cxl_root_port", "root-port" },
		{ "cxl_switch_uport", "switch-uport" },
		{ "cxl_switch_dport", "switch-dport" },
		{ "cxl_mem", "mem-function" },
		{ "cxl_rcd", "mem-function" },
		/* cxl_bus objects, named alike in both */
		{ "root", "cxl-root" },
		{ "port", "cxl-port" },
		{ "endpoint", "endpoint" },
		{ "mem", "memdev" },
		{ "decoder", "decoder" },
		{ "nvdimm-bridge", "nvdimm-bridge" },
		{ "pmem", "pmem" },
		{ "nmem", "nvdimm" },
		{ "ndbus", "nvdimm-bus" },
		{ "region", "region" },
		{ "dax_region", "dax-region" },
	};
	size_t i;

	if (d->kind)
		return d->kind;
	if (!strncmp(d->name, "ACPI0017:", 9))
		d->kind = "acpi0017";
	else if (is_pci_root(d->name))
		d->kind = "host-bridge";
	else if (is_pci_function(d->name))
		d->kind = pci_kind(v, n, d, depth);
	else if (!strcmp(d->name, "platform"))
		d->kind = "platform-bus-root";
	for (i = 0; !d->kind && i < sizeof(map) / sizeof(map[0]); i++)
		if (name_is(d->name, map[i].prefix))
			d->kind = map[i].kind;
	if (!d->kind)
		d->kind = "other";
	return d->kind;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int push(char ***v, size_t *n, const char *fmt, const char *a, const char *b)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));
	int len;

	if (!nv)
		return -ENOMEM;
	*v = nv;
	len = snprintf(NULL, 0, fmt, a, b);
	nv[*n] = malloc((size_t)len + 1);
	if (!nv[*n])
		return -ENOMEM;
	snprintf(nv[*n], (size_t)len + 1, fmt, a, b);
	(*n)++;
	return 0;
}

/* Parse "dev NAME bus=B parent=P driver=D ..." and "range I ... region=R owner=O". */
static int normalise(const char *full, char ***out, size_t *out_n)
{
	struct dev *devs = NULL;
	size_t ndev = 0, i, j;
	const char *p = full;
	char **recs = NULL;
	size_t nrec = 0;
	int ret = 0;

	while (p && *p) {
		const char *end = strstr(p, "; ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p = end ? end + 2 : NULL;
		if (!strncmp(line, "dev ", 4)) {
			struct dev *nd = realloc(devs, (ndev + 1) * sizeof(*devs));
			struct dev *d;

			if (!nd) {
				ret = -ENOMEM;
				goto out;
			}
			devs = nd;
			d = &devs[ndev++];
			memset(d, 0, sizeof(*d));
			if (sscanf(line, "dev %95s bus=%31s parent=%95s driver=%63s", d->name,
				   d->bus, d->parent, d->driver) != 4)
				ndev--;
		} else if (!strncmp(line, "range ", 6)) {
			char idx[16] = "", region[32] = "", owner[32] = "", buf[128], *s;

			sscanf(line, "range %15s", idx);
			s = strstr(line, "region=");
			if (s)
				sscanf(s, "region=%31s", region);
			s = strstr(line, "owner=");
			if (s)
				sscanf(s, "owner=%31s", owner);
			snprintf(buf, sizeof(buf), "owner:%s,region:%s", owner, region);
			ret = push(&recs, &nrec, "soft-reserved-range-%s=%s", idx, buf);
			if (ret)
				goto out;
		}
	}
	/* Count each kind: present/bound. */
	for (i = 0; i < ndev; i++)
		kind_of(devs, ndev, &devs[i], 0);
	for (i = 0; i < ndev; i++) {
		unsigned int total = 0, bound = 0;
		char val[64];

		for (j = 0; j < i; j++)
			if (devs[j].kind == devs[i].kind)
				break;
		if (j < i)
			continue;
		for (j = i; j < ndev; j++) {
			if (devs[j].kind != devs[i].kind)
				continue;
			total++;
			bound += strcmp(devs[j].driver, "-") != 0;
		}
		snprintf(val, sizeof(val), "%u/%u-bound", total, bound);
		if (!strcmp(devs[i].kind, "other")) {
			/* Name them, digits folded, so one model's extra devices show. */
			for (j = i; j < ndev; j++) {
				char nm[96];
				size_t k;

				if (devs[j].kind != devs[i].kind)
					continue;
				snprintf(nm, sizeof(nm), "%s", devs[j].name);
				for (k = 0; nm[k]; k++)
					if (isdigit((unsigned char)nm[k]))
						nm[k] = 'N';
				ret = push(&recs, &nrec, "other-dev:%s=%s", nm,
					   strcmp(devs[j].driver, "-") ? "bound" : "unbound");
				if (ret)
					goto out;
			}
			continue;
		}
		ret = push(&recs, &nrec, "dev:%s=%s", devs[i].kind, val);
		if (ret)
			goto out;
	}
	qsort(recs, nrec, sizeof(*recs), cmp_str);
	/* Drop duplicates (other-dev records of one folded name). */
	for (i = 0, j = 0; i < nrec; i++) {
		if (j && !strcmp(recs[j - 1], recs[i])) {
			free(recs[i]);
			continue;
		}
		recs[j++] = recs[i];
	}
	nrec = j;
out:
	free(devs);
	if (ret) {
		for (i = 0; i < nrec; i++)
			free(recs[i]);
		free(recs);
		return ret;
	}
	*out = recs;
	*out_n = nrec;
	return 0;
}

/* ---- running one model ---- */

static int seen_add(struct model_result *r, const char *rec, uint64_t seed)
{
	const char *eq = strchr(rec, '=');
	size_t klen = eq ? (size_t)(eq - rec) : strlen(rec), i;
	struct rec *nv;

	for (i = 0; i < r->nseen; i++)
		if (strlen(r->seen[i].key) == klen && !strncmp(r->seen[i].key, rec, klen) &&
		    !strcmp(r->seen[i].val, eq ? eq + 1 : "")) {
			r->seen_count[i]++;
			return 0;
		}
	nv = realloc(r->seen, (r->nseen + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	r->seen = nv;
	r->seen_count = realloc(r->seen_count, (r->nseen + 1) * sizeof(uint64_t));
	r->seen_seed = realloc(r->seen_seed, (r->nseen + 1) * sizeof(uint64_t));
	if (!r->seen_count || !r->seen_seed)
		return -ENOMEM;
	nv[r->nseen].key = strndup(rec, klen);
	nv[r->nseen].val = strdup(eq ? eq + 1 : "");
	r->seen_count[r->nseen] = 1;
	r->seen_seed[r->nseen] = seed;
	r->nseen++;
	return 0;
}

static int run_model(struct tool_opts *o, struct model_result *r)
{
	struct cxlsim__engine e;
	uint64_t i;
	int ret;

	ret = tool_engine("diff-models", o, &e);
	if (ret)
		return ret;
	r->runs = calloc(o->runs ? o->runs : 1, sizeof(*r->runs));
	r->run_n = calloc(o->runs ? o->runs : 1, sizeof(*r->run_n));
	if (!r->runs || !r->run_n) {
		tool_engine_free(&e);
		return -ENOMEM;
	}
	for (i = 0; i < o->runs; i++) {
		char *full = NULL;
		size_t k, v;

		cxlsim_ctx_set_random(e.ctx, o->seed + i);
		ret = cxlsim__engine_run(&e);
		if (!ret)
			ret = cxlsim__engine_end_state(&e, &full);
		if (!ret)
			ret = normalise(full, &r->runs[i], &r->run_n[i]);
		free(full);
		if (ret)
			break;
		r->nruns++;
		for (k = 0; !ret && k < r->run_n[i]; k++)
			ret = seen_add(r, r->runs[i][k], o->seed + i);
		for (v = 0; !ret && v < cxlsim_ctx_violation_count(e.ctx); v++) {
			const char *prop;
			size_t p;

			cxlsim_ctx_violation(e.ctx, v, &prop, NULL);
			for (p = 0; p < r->nprops; p++)
				if (!strcmp(r->props[p].name, prop))
					break;
			if (p == r->nprops) {
				void *np = realloc(r->props, (p + 1) * sizeof(*r->props));

				if (!np) {
					ret = -ENOMEM;
					break;
				}
				r->props = np;
				r->props[p].name = strdup(prop);
				r->props[p].count = 0;
				r->nprops++;
			}
			/* Count schedules: was it reported earlier in this run? */
			{
				size_t w;
				bool again = false;

				for (w = 0; w < v; w++) {
					const char *q;

					cxlsim_ctx_violation(e.ctx, w, &q, NULL);
					again |= !strcmp(q, prop);
				}
				if (!again)
					r->props[p].count++;
			}
		}
		if (ret)
			break;
	}
	tool_engine_free(&e);
	return ret;
}

static void result_free(struct model_result *r)
{
	size_t i, k;

	for (i = 0; i < r->nseen; i++) {
		free(r->seen[i].key);
		free(r->seen[i].val);
	}
	free(r->seen);
	free(r->seen_count);
	free(r->seen_seed);
	for (i = 0; i < r->nruns; i++) {
		for (k = 0; k < r->run_n[i]; k++)
			free(r->runs[i][k]);
		free(r->runs[i]);
	}
	free(r->runs);
	free(r->run_n);
	for (i = 0; i < r->nprops; i++)
		free(r->props[i].name);
	free(r->props);
	memset(r, 0, sizeof(*r));
}

static bool has_key(const struct model_result *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->nseen; i++)
		if (!strcmp(r->seen[i].key, key))
			return true;
	return false;
}

static bool has_pair(const struct model_result *r, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < r->nseen; i++)
		if (!strcmp(r->seen[i].key, key) && !strcmp(r->seen[i].val, val))
			return true;
	return false;
}

static uint64_t prop_count(const struct model_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nprops; i++)
		if (!strcmp(r->props[i].name, name))
			return r->props[i].count;
	return 0;
}

/* ---- the differences ---- */

struct diffs {
	FILE *f;			/* text output, or NULL with --json */
	struct json_object *arr;	/* --json */
	const char *topology;
	unsigned int n;
};

static void diff_out(struct diffs *d, const char *kind, const char *text)
{
	d->n++;
	if (d->f) {
		fprintf(d->f, "%s: %s: %s\n", d->topology, kind, text);
	} else {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "topology", json_object_new_string(d->topology));
		json_object_object_add(o, "kind", json_object_new_string(kind));
		json_object_object_add(o, "difference", json_object_new_string(text));
		json_object_array_add(d->arr, o);
	}
}

/* Keys (device kinds, ranges) one model produces and the other never does. */
static void diff_keys(struct diffs *d, const struct model_result *a, const struct model_result *b)
{
	char buf[512];
	size_t i, j;

	for (i = 0; i < a->nseen; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(a->seen[j].key, a->seen[i].key))
				break;
		if (j < i || has_key(b, a->seen[i].key))
			continue;
		snprintf(buf, sizeof(buf), "%s only in --model %s (e.g. %s, %llu schedules)",
			 a->seen[i].key, a->label, a->seen[i].val,
			 (unsigned long long)a->seen_count[i]);
		diff_out(d, "only-one-model", buf);
	}
}

/* Values of a common key that one model reaches and the other does not. */
static void diff_values(struct diffs *d, const struct model_result *a,
			const struct model_result *b)
{
	char buf[512];
	size_t i;

	for (i = 0; i < a->nseen; i++) {
		if (!has_key(b, a->seen[i].key) || has_pair(b, a->seen[i].key, a->seen[i].val))
			continue;
		snprintf(buf, sizeof(buf), "%s=%s reached only by --model %s (%llu schedules, "
			 "first seed %llu)", a->seen[i].key, a->seen[i].val, a->label,
			 (unsigned long long)a->seen_count[i],
			 (unsigned long long)a->seen_seed[i]);
		diff_out(d, "value", buf);
	}
}

/* A run's records over the keys both models produce, as one line. */
static char *common_state(const struct model_result *self, const struct model_result *other,
			  uint64_t run)
{
	struct sim_strbuf sb = SIM_STRBUF_INIT;
	size_t k;

	for (k = 0; k < self->run_n[run]; k++) {
		const char *rec = self->runs[run][k];
		const char *eq = strchr(rec, '=');
		char key[128];

		snprintf(key, sizeof(key), "%.*s", (int)(eq ? eq - rec : (long)strlen(rec)), rec);
		if (!has_key(other, key))
			continue;
		sim_strbuf_printf(&sb, "%s%s", sb.len ? " " : "", rec);
	}
	if (sim_strbuf_has_overflowed(&sb)) {
		sim_strbuf_release(&sb);
		return NULL;
	}
	return sb.buf ? sim_strbuf_detach(&sb) : strdup("");
}

static void diff_states(struct diffs *d, const struct model_result *a,
			const struct model_result *b)
{
	uint64_t i, j;
	char buf[4096];

	for (i = 0; i < a->nruns; i++) {
		char *s = common_state(a, b, i);
		bool dup = false, found = false;
		uint64_t count = 0;

		for (j = 0; s && j < i && !dup; j++) {
			char *t = common_state(a, b, j);

			dup = t && !strcmp(s, t);
			free(t);
		}
		for (j = 0; s && !dup && j < b->nruns && !found; j++) {
			char *t = common_state(b, a, j);

			found = t && !strcmp(s, t);
			free(t);
		}
		if (s && !dup && !found) {
			for (j = i; j < a->nruns; j++) {
				char *t = common_state(a, b, j);

				count += t && !strcmp(s, t);
				free(t);
			}
			snprintf(buf, sizeof(buf), "end state only in --model %s (%llu schedules, "
				 "first seed %llu): %s", a->label, (unsigned long long)count,
				 (unsigned long long)i, s);
			diff_out(d, "state", buf);
		}
		free(s);
	}
}

static void diff_props(struct diffs *d, const struct model_result *a,
		       const struct model_result *b)
{
	char buf[256];
	size_t i;

	for (i = 0; i < a->nprops; i++) {
		if (prop_count(b, a->props[i].name))
			continue;
		snprintf(buf, sizeof(buf), "%s violated in %llu/%llu schedules of --model %s, "
			 "0/%llu of --model %s", a->props[i].name,
			 (unsigned long long)a->props[i].count, (unsigned long long)a->nruns,
			 a->label, (unsigned long long)b->nruns, b->label);
		diff_out(d, "property", buf);
	}
}

int cmd_diff_models(int argc, char **argv)
{
	const char *topologies[MAX_TOPOLOGIES], *kernel = NULL, *workload = "boot";
	uint64_t runs = 300, seed = 0;
	struct diffs d = { 0 };
	bool json = false;
	int nt = 0, i, ret = EXIT_CLEAN;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(diff_usage, stdout);
			return EXIT_CLEAN;
		} else if (!strcmp(a, "--json")) {
			json = true;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "cxlsim diff-models: %s: %s (see cxlsim diff-models --help)\n",
				a, a[0] == '-' ? "wants a value" : "unknown option");
			return EXIT_USAGE;
		}
		if (!strcmp(a, "--kernel")) {
			kernel = argv[++i];
		} else if (!strcmp(a, "--topology")) {
			if (nt == MAX_TOPOLOGIES) {
				fprintf(stderr, "cxlsim diff-models: at most %d topologies\n",
					MAX_TOPOLOGIES);
				return EXIT_USAGE;
			}
			topologies[nt++] = argv[++i];
		} else if (!strcmp(a, "--workload")) {
			workload = argv[++i];
		} else if (!strcmp(a, "--runs") || !strcmp(a, "--seed")) {
			uint64_t v;
			char why[160];

			if (!tool_decimal(argv[++i], UINT64_MAX, &v, why, sizeof(why))) {
				fprintf(stderr, "cxlsim diff-models: %s: %s\n", a, why);
				return EXIT_USAGE;
			}
			if (!strcmp(a, "--runs") && !v) {
				fprintf(stderr, "cxlsim diff-models: --runs: '%s' is not above 0\n",
					argv[i]);
				return EXIT_USAGE;
			}
			if (!strcmp(a, "--runs"))
				runs = v;
			else
				seed = v;
		} else {
			fprintf(stderr, "cxlsim diff-models: unknown option '%s' (see cxlsim "
				"diff-models --help)\n", a);
			return EXIT_USAGE;
		}
	}
	if (!kernel) {
		fprintf(stderr, "cxlsim diff-models: --kernel VARIANT is required (see cxlsim "
				"variants)\n");
		return EXIT_USAGE;
	}
	if (!cxlsim__model_find("linux")) {
		const char *why = cxlsim__model_absent_reason("linux");

		fprintf(stderr, "cxlsim diff-models: --model linux is not built in: %s\n",
			why ? why : "unknown model");
		return EXIT_USAGE;
	}
	if (!nt) {
		topologies[nt++] = "minimal";
		topologies[nt++] = "default";
	}
	if (json)
		d.arr = json_object_new_array();
	else
		d.f = stdout;
	for (i = 0; i < nt; i++) {
		struct model_result lx = { .label = "linux" }, cx = { .label = "cxl" };
		struct tool_opts o = { .runs = runs, .seed = seed,
				       .mopts = { .topology = topologies[i],
						  .workload = workload } };
		int r;

		/* The built-in model first: it rejects an unknown variant or topology. */
		o.model = "cxl";
		o.mopts.kernel = kernel;
		r = run_model(&o, &cx);
		if (!r) {
			o.model = "linux";
			o.mopts.kernel = NULL;
			r = run_model(&o, &lx);
		}
		if (r) {
			result_free(&lx);
			result_free(&cx);
			if (d.arr)
				json_object_put(d.arr);
			if (r < 0)
				fprintf(stderr, "cxlsim diff-models: %s\n", cxlsim_strerror(r));
			return EXIT_USAGE;
		}
		d.topology = topologies[i];
		if (d.f)
			printf("%s: %llu schedules each (seeds %llu..%llu), --model linux vs "
			       "--model cxl --kernel %s, workload %s\n", topologies[i],
			       (unsigned long long)runs, (unsigned long long)seed,
			       (unsigned long long)(seed + runs - 1), kernel, workload);
		diff_keys(&d, &lx, &cx);
		diff_keys(&d, &cx, &lx);
		diff_values(&d, &lx, &cx);
		diff_values(&d, &cx, &lx);
		diff_states(&d, &lx, &cx);
		diff_states(&d, &cx, &lx);
		diff_props(&d, &lx, &cx);
		diff_props(&d, &cx, &lx);
		result_free(&lx);
		result_free(&cx);
	}
	if (d.arr) {
		struct json_object *top = json_object_new_object();

		json_object_object_add(top, "kernel", json_object_new_string(kernel));
		json_object_object_add(top, "runs", json_object_new_int64((int64_t)runs));
		json_object_object_add(top, "seed", json_object_new_int64((int64_t)seed));
		json_object_object_add(top, "differences", d.arr);
		printf("%s\n", json_object_to_json_string_ext(top, JSON_C_TO_STRING_PLAIN |
							     JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(top);
	} else {
		printf("differences: %u\n", d.n);
	}
	if (d.n)
		ret = EXIT_VIOLATION;
	return ret;
}
