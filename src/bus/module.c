// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Modules: loading with dependencies, unloading, reference counts, udev
 * autoload and request_module().  A module's dependencies are the modules
 * exporting the symbols it uses, as depmod computes them; a softdep only
 * makes modprobe load another module first.  A built-in module's init runs
 * at boot (do_initcalls()); after that it is there for good.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "bus/core.h"

static struct drv_core *core_now(void)
{
	return drv_core();
}

struct module *find_module(const char *name)
{
	struct drv_core *core = core_now();
	struct module *mod;

	list_for_each_entry(mod, &core->modules, node)
		if (!strcmp(mod->desc->name, name))
			return mod;
	return NULL;
}

static struct module *find_in(struct drv_core *core, const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &core->modules, node)
		if (!strcmp(mod->desc->name, name))
			return mod;
	return NULL;
}

static struct module *exporter_of(struct drv_core *core, const char *sym)
{
	struct module *mod;
	const char *const *e;

	struct module *hit = NULL;

	/*
	 * Symbol names are string literals, mostly the very ones the uses lists name: find the
	 * first module exporting this same pointer, then compare strings only in the modules
	 * before it (or in all of them when no pointer matched), so that the answer is the
	 * first exporter by name, as before, at a fraction of the strcmp() calls.
	 */
	list_for_each_entry(mod, &core->modules, node) {
		for (e = mod->desc->exports; e && *e; e++)
			if (*e == sym)
				break;
		if (e && *e) {
			hit = mod;
			break;
		}
	}
	list_for_each_entry(mod, &core->modules, node) {
		if (mod == hit)
			return hit;
		for (e = mod->desc->exports; e && *e; e++)
			if (!strcmp(*e, sym))
				return mod;
	}
	return NULL;
}

/* Rebuild every module's dependency list (depmod). */
static int depmod(struct drv_core *core)
{
	struct module *mod;

	list_for_each_entry(mod, &core->modules, node) {
		const char *const *u;
		unsigned int n = 0;

		for (u = mod->desc->uses; u && *u; u++)
			n++;
		if (mod->deps)
			sim_kfree(core->sim, mod->deps);
		mod->deps = sim_kzalloc(core->sim, (n + 1) * sizeof(*mod->deps), "module deps");
		if (!mod->deps)
			return -ENOMEM;
		mod->nr_deps = 0;
		for (u = mod->desc->uses; u && *u; u++) {
			struct module *dep = exporter_of(core, *u);
			unsigned int i;

			if (!dep || dep == mod)
				continue;
			for (i = 0; i < mod->nr_deps && mod->deps[i] != dep; i++)
				;
			if (i == mod->nr_deps)
				mod->deps[mod->nr_deps++] = dep;
		}
	}
	return 0;
}

/*
 * What modules_add_available() computes for the same modules on every run (the
 * names' ids and depmod's answer), kept across runs (sim_set_layer_cache()):
 * a run that puts the same modules on disk in the same order gets them from
 * here.  Also modprobe_alias()'s answers by MODALIAS, for that list.
 */
#define ALIAS_MEMO 64	/* a power of 2: the top 6 bits of a multiplied hash pick the slot */
#define ALIAS_MEMO_LEN 128

struct modules_cache {
	size_t n;
	const struct module_desc **descs;
	/* What of each desc the tables depend on: another desc at a freed one's address differs. */
	const void **keys;
	uint32_t *name_ids;
	unsigned int *dep_start;	/* n + 1: module i's deps are dep_idx[dep_start[i]...] */
	unsigned int *dep_idx;
	struct alias_memo {
		uint64_t mask;		/* bit i: the i-th module has a matching alias */
		uint32_t hash;
		bool used;
		char str[ALIAS_MEMO_LEN];
	} memo[ALIAS_MEMO];
};

#define CACHE_KEYS 5

static void modules_cache_free(void *p)
{
	struct modules_cache *c = p;

	if (!c)
		return;
	free(c->descs);
	free(c->keys);
	free(c->name_ids);
	free(c->dep_start);
	free(c->dep_idx);
	free(c);
}

static void cache_keys(const struct module_desc *d, const void **k)
{
	k[0] = d->name;
	k[1] = d->exports;
	k[2] = d->uses;
	k[3] = d->aliases;
	k[4] = d->softdep_pre;
}

static bool cache_has(const struct modules_cache *c, size_t i, const struct module_desc *d)
{
	const void *k[CACHE_KEYS];

	if (i >= c->n || c->descs[i] != d)
		return false;
	cache_keys(d, k);
	return !memcmp(k, c->keys + i * CACHE_KEYS, sizeof(k));
}

/* After a depmod: remember the whole list and its dependencies. */
static void cache_store(struct drv_core *core, size_t n)
{
	struct modules_cache *c = calloc(1, sizeof(*c));
	struct module *mod;
	size_t i = 0, nr_deps = 0;

	core->modules_cache = NULL;
	if (!c)
		return;
	list_for_each_entry(mod, &core->modules, node)
		nr_deps += mod->nr_deps;
	c->n = n;
	c->descs = malloc(n * sizeof(*c->descs));
	c->keys = malloc(n * CACHE_KEYS * sizeof(*c->keys));
	c->name_ids = malloc(n * sizeof(*c->name_ids));
	c->dep_start = malloc((n + 1) * sizeof(*c->dep_start));
	c->dep_idx = malloc((nr_deps + 1) * sizeof(*c->dep_idx));
	if (!c->descs || !c->keys || !c->name_ids || !c->dep_start || !c->dep_idx) {
		modules_cache_free(c);
		return;
	}
	nr_deps = 0;
	list_for_each_entry(mod, &core->modules, node) {
		unsigned int d;

		c->descs[i] = mod->desc;
		cache_keys(mod->desc, c->keys + i * CACHE_KEYS);
		c->name_ids[i] = mod->name_id;
		c->dep_start[i] = (unsigned int)nr_deps;
		for (d = 0; d < mod->nr_deps; d++) {
			const struct module *dep;
			unsigned int j = 0;

			list_for_each_entry(dep, &core->modules, node) {
				if (dep == mod->deps[d])
					break;
				j++;
			}
			c->dep_idx[nr_deps++] = j;
		}
		i++;
	}
	c->dep_start[n] = (unsigned int)nr_deps;
	sim_set_layer_cache(core->sim, SIM_LAYER_BUS, c, modules_cache_free);
	core->modules_cache = c;
}

/* The modules of @c on disk, in one go: what the loop and depmod below would make of them. */
/* The module of @desc, named @name_id, at the end of the list (its storage reused). */
static struct module *module_add(struct drv_core *core, const struct module_desc *desc,
				 uint32_t name_id)
{
	struct module *mod = desc->storage;

	if (mod)
		memset(mod, 0, sizeof(*mod));
	else
		mod = sim_kzalloc(core->sim, sizeof(*mod), "module");
	if (!mod)
		return NULL;
	mod->desc = desc;
	mod->name_id = name_id;
	sim_waitq_init_id(&mod->state_wq, name_id);
	list_add_tail(&mod->node, &core->modules);
	return mod;
}

static int add_cached(struct drv_core *core, struct modules_cache *c)
{
	struct sim *s = core->sim;
	struct module *mods[64], **deps;
	size_t i;

	deps = sim_kzalloc(s, (c->dep_start[c->n] + c->n) * sizeof(*deps), "module deps");
	if (!deps)
		return -ENOMEM;
	for (i = 0; i < c->n; i++) {
		mods[i] = module_add(core, c->descs[i], c->name_ids[i]);
		if (!mods[i])
			return -ENOMEM;
	}
	for (i = 0; i < c->n; i++) {
		unsigned int d;

		mods[i]->deps = deps;
		for (d = c->dep_start[i]; d < c->dep_start[i + 1]; d++)
			mods[i]->deps[mods[i]->nr_deps++] = mods[c->dep_idx[d]];
		deps += mods[i]->nr_deps + 1;
	}
	core->modules_cache = c;
	return 0;
}

int modules_add_available(struct sim *s, const struct module_desc *const *descs, size_t n)
{
	struct drv_core *core = drv_core_of(s);
	struct modules_cache *c = sim_layer_cache(s, SIM_LAYER_BUS);
	struct module *mod;
	size_t i, k = 0;
	bool prefix = c != NULL;
	int ret;

	/* Is the list, with @descs added, the cached one or a part of it? */
	list_for_each_entry(mod, &core->modules, node)
		prefix = prefix && cache_has(c, k++, mod->desc);
	for (i = 0; i < n; i++)
		prefix = prefix && cache_has(c, k + i, descs[i]);
	if (prefix && !k && n == c->n && n <= 64)
		return add_cached(core, c);
	core->modules_cache = NULL;
	for (i = 0; i < n; i++) {
		/* Interned ids are equal exactly when the names are: no strcmp() per pair. */
		uint32_t id = sim_intern(s, descs[i]->name);

		list_for_each_entry(mod, &core->modules, node)
			if (mod->name_id == id)
				return -EEXIST;
		if (!module_add(core, descs[i], id))
			return -ENOMEM;
	}
	ret = depmod(core);
	/* A part of the cached list (a run adding one at a time) keeps the whole one cached. */
	if (!ret && !(prefix && k + n < c->n))
		cache_store(core, k + n);
	return ret;
}

int module_add_available(struct sim *s, const struct module_desc *desc)
{
	return modules_add_available(s, &desc, 1);
}

bool module_is_live(const struct module *mod)
{
	if (mod)
		sim_touch(sim_current(), mod->name_id, false);
	return mod && mod->state == MODULE_STATE_LIVE;
}

bool module_in_use(const struct module *mod)
{
	struct drv_core *core = core_now();
	struct module *other;
	unsigned int i;

	list_for_each_entry(other, &core->modules, node) {
		sim_touch(core->sim, other->name_id, false);
		if (other->state == MODULE_STATE_UNLOADED)
			continue;
		for (i = 0; i < other->nr_deps; i++)
			if (other->deps[i] == mod)
				return true;
	}
	return false;
}

struct module *module_current(void)
{
	struct drv_core *core = core_now();
	struct sim_task *t = sim_current_task();
	unsigned int i;

	if (!t)
		return NULL;
	for (i = core->nr_in_init; i-- > 0;)
		if (core->in_init[i].task == sim_task_id(t))
			return core->in_init[i].mod;
	return NULL;
}

static void enter_module(struct drv_core *core, struct module *mod)
{
	if (core->nr_in_init < sizeof(core->in_init) / sizeof(core->in_init[0])) {
		core->in_init[core->nr_in_init].task = sim_task_id(sim_current_task());
		core->in_init[core->nr_in_init].mod = mod;
		core->nr_in_init++;
	}
}

static void leave_module(struct drv_core *core, struct module *mod)
{
	unsigned int i;

	for (i = core->nr_in_init; i-- > 0;) {
		if (core->in_init[i].mod == mod &&
		    core->in_init[i].task == sim_task_id(sim_current_task())) {
			core->in_init[i] = core->in_init[--core->nr_in_init];
			return;
		}
	}
}

/* Load one module whose dependencies are live: init runs in the caller's task. */
static int load_one(struct drv_core *core, struct module *mod)
{
	struct sim *s = core->sim;
	unsigned int i;
	int ret = 0;

	sim_mutex_lock(s, &core->module_mutex);
	while (mod->state == MODULE_STATE_COMING || mod->state == MODULE_STATE_GOING) {
		/* Another loader is at it: wait until it settles, as finished_loading() does. */
		sim_mutex_unlock(s, &core->module_mutex);
		sim_wait_event(s, &mod->state_wq,
			       mod->state != MODULE_STATE_COMING &&
				       mod->state != MODULE_STATE_GOING);
		sim_mutex_lock(s, &core->module_mutex);
	}
	if (mod->state == MODULE_STATE_LIVE) {
		sim_mutex_unlock(s, &core->module_mutex);
		return 0;
	}
	/*
	 * Symbols resolve under module_mutex and take a reference on their
	 * owner, which fails once the owner is on its way out: a dependency
	 * that an rmmod got to first since modprobe loaded it means "Unknown
	 * symbol", not a module running on top of an unloaded one.
	 */
	for (i = 0; i < mod->nr_deps; i++) {
		sim_touch(s, mod->deps[i]->name_id, false);
		if (mod->deps[i]->state != MODULE_STATE_LIVE && !mod->deps[i]->builtin) {
			sim_mutex_unlock(s, &core->module_mutex);
			sim_tracef(s, "module-unknown-symbol", mod->desc->name, "%s is %s",
				   mod->deps[i]->desc->name,
				   mod->deps[i]->state == MODULE_STATE_GOING ? "going" : "gone");
			return -ENOENT;
		}
	}
	sim_touch(s, mod->name_id, true);
	mod->state = MODULE_STATE_COMING;
	sim_mutex_unlock(s, &core->module_mutex);

	sim_trace(s, "module-load", mod->name_id, 0, 0);
	if (mod->desc->init) {
		enter_module(core, mod);
		driver_code_enter(core);
		ret = mod->desc->init();
		driver_code_exit(core);
		leave_module(core, mod);
	}
	sim_touch(s, mod->name_id, true);
	mod->state = ret ? MODULE_STATE_UNLOADED : MODULE_STATE_LIVE;
	sim_trace(s, ret ? "module-init-failed" : "module-live", mod->name_id, 0, ret);
	if (!ret) {
		/*
		 * The loader does not return before the asynchronous work the
		 * init started (async probes of the devices its drivers match)
		 * has run, and holds the module's initial reference until then,
		 * so rmmod is refused meanwhile.
		 */
		mod->refcnt++;
		sim_async_synchronize_full(s);
		sim_touch(s, mod->name_id, true);
		mod->refcnt--;
	}
	sim_waitq_wake_all(s, &mod->state_wq);
	sim_sched_point(s, "module-loaded", mod->name_id);
	return ret;
}

static int modprobe_mod(struct drv_core *core, struct module *mod, unsigned int depth)
{
	const char *const *sd;
	unsigned int i;
	int ret;

	if (depth > 32)
		return -ELOOP;
	sim_touch(core->sim, mod->name_id, false);
	if (mod->state == MODULE_STATE_LIVE)
		return 0;
	/*
	 * modprobe finds a built-in module in modules.builtin and succeeds
	 * without loading anything, softdeps included: its init ran (or runs)
	 * at its initcall level, never here.
	 */
	if (mod->builtin) {
		sim_trace(core->sim, "modprobe-builtin", mod->name_id, 0, 0);
		return 0;
	}
	/* modprobe honours softdeps; a failure to load one is not fatal. */
	for (sd = mod->desc->softdep_pre; sd && *sd; sd++) {
		struct module *pre = find_in(core, *sd);

		if (pre)
			modprobe_mod(core, pre, depth + 1);
	}
	for (i = 0; i < mod->nr_deps; i++) {
		ret = modprobe_mod(core, mod->deps[i], depth + 1);
		if (ret)
			return ret;
	}
	return load_one(core, mod);
}

int modprobe(const char *name)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = core_now();
	struct module *mod = find_in(core, name);

	if (!mod) {
		sim_tracef(core->sim, "modprobe-unknown", name, NULL);
		return -ENOENT;
	}
	return modprobe_mod(core, mod, 0);
}

/*
 * fnmatch(pattern, modalias, 0) for the patterns modules carry: literal
 * characters and '*' are matched here (greedy, back to the last star on a
 * mismatch), anything else goes to fnmatch().  A boot matches every uevent
 * against every module's aliases; fnmatch() was 5% of a minimal schedule.
 * The other metacharacters are met as the match reaches them, not looked
 * for first: a mismatch on literals before them, or a modalias used up with
 * pattern left (each of them needs a character), fails as fnmatch() would.
 */
static bool alias_match(const char *pattern, const char *modalias)
{
	const char *p = pattern, *m = modalias, *star = NULL, *resume = NULL;

	while (*m) {
		if (*p == '*') {
			star = ++p;
			resume = m;
		} else if (*p == '?' || *p == '[' || *p == '\\') {
			return !fnmatch(pattern, modalias, 0);
		} else if (*p == *m) {
			p++;
			m++;
		} else if (star) {
			p = star;
			m = ++resume;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

/* Which modules have an alias matching @modalias: bit i for the i-th module of the list. */
static uint64_t alias_mask(struct drv_core *core, const char *modalias)
{
	struct modules_cache *c = core->modules_cache;
	size_t len = strlen(modalias);
	struct alias_memo *m = NULL;
	struct module *mod;
	uint64_t mask = 0;
	unsigned int i = 0;
	uint32_t h = 0;

	if (len < ALIAS_MEMO_LEN) {
		h = sim_str_hash(modalias);
		m = &c->memo[h * 0x9e3779b1u >> 26];
		if (m->used && m->hash == h && !strcmp(m->str, modalias))
			return m->mask;
	}
	list_for_each_entry(mod, &core->modules, node) {
		const char *const *a;

		for (a = mod->desc->aliases; a && *a; a++) {
			if (alias_match(*a, modalias)) {
				mask |= 1ull << i;
				break;
			}
		}
		i++;
	}
	if (m) {
		m->used = true;
		m->hash = h;
		m->mask = mask;
		memcpy(m->str, modalias, len + 1);
	}
	return mask;
}

int modprobe_alias(const char *modalias)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = core_now();
	struct module *mod;
	int ret = -ENOENT;

	if (core->modules_cache) {
		/* The list is the cached one (at most 64): its answers are the same every run. */
		uint64_t mask = alias_mask(core, modalias);

		list_for_each_entry(mod, &core->modules, node) {
			if (!mask)
				break;
			if (mask & 1)
				ret = modprobe_mod(core, mod, 0);
			mask >>= 1;
		}
		return ret;
	}
	list_for_each_entry(mod, &core->modules, node) {
		const char *const *a;

		for (a = mod->desc->aliases; a && *a; a++) {
			if (!alias_match(*a, modalias))
				continue;
			ret = modprobe_mod(core, mod, 0);
			break;
		}
	}
	return ret;
}

int rmmod(const char *name)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = core_now();
	struct module *mod = find_in(core, name);
	struct sim *s = core->sim;

	if (mod)
		sim_touch(s, mod->name_id, false);
	/*
	 * A built-in module is not in the kernel's module list, so
	 * delete_module() cannot find it (-ENOENT); kmod's rmmod says it is
	 * built in.
	 */
	if (mod && mod->builtin) {
		sim_tracef(s, "rmmod-refused", name, "builtin");
		return -ENOENT;
	}
	if (!mod || mod->state == MODULE_STATE_UNLOADED)
		return -ENOENT;
	sim_mutex_lock(s, &core->module_mutex);
	sim_touch(s, mod->name_id, true);
	if (mod->state != MODULE_STATE_LIVE || mod->refcnt || module_in_use(mod)) {
		sim_mutex_unlock(s, &core->module_mutex);
		sim_tracef(s, "rmmod-refused", name, "refcnt=%d in_use=%d", mod->refcnt,
			   module_in_use(mod));
		return -EBUSY;
	}
	mod->state = MODULE_STATE_GOING;
	sim_mutex_unlock(s, &core->module_mutex);
	sim_trace(s, "module-exit", mod->name_id, 0, 0);
	if (mod->desc->exit) {
		enter_module(core, mod);
		driver_code_enter(core);
		mod->desc->exit();
		driver_code_exit(core);
		leave_module(core, mod);
	}
	/* Nothing the exit started asynchronously may outlive the module. */
	sim_async_synchronize_full(s);
	sim_touch(s, mod->name_id, true);
	mod->state = MODULE_STATE_UNLOADED;
	sim_waitq_wake_all(s, &mod->state_wq);
	sim_sched_point(s, "module-unloaded", mod->name_id);
	return 0;
}

bool try_module_get(struct module *mod)
{
	DRV_CORE_SCOPE();
	if (!mod)
		return true;
	sim_touch(sim_current(), mod->name_id, true);
	if (mod->state != MODULE_STATE_LIVE && mod->state != MODULE_STATE_COMING)
		return false;
	mod->refcnt++;
	return true;
}

void module_put(struct module *mod)
{
	DRV_CORE_SCOPE();
	if (!mod)
		return;
	sim_touch(sim_current(), mod->name_id, true);
	if (mod->refcnt <= 0) {
		sim_violation(sim_current(), "module-safety", "module_put(%s) below zero",
			      mod->desc->name);
		return;
	}
	mod->refcnt--;
}

struct request_module_arg {
	char name[64];
	int ret;
	struct sim_completion done;
};

static void modprobe_helper(void *p)
{
	DRV_CORE_SCOPE();
	struct request_module_arg *a = p;

	a->ret = modprobe(a->name);
	sim_complete(sim_current(), &a->done);
}

int request_module(const char *name)
{
	DRV_CORE_SCOPE();
	struct sim *s = sim_current();
	struct request_module_arg *a = sim_scratch_alloc(s, sizeof(*a));
	int ret;

	if (!a)
		return -ENOMEM;
	strncpy(a->name, name, sizeof(a->name) - 1);
	sim_completion_init(s, &a->done, "request_module");
	if (!sim_spawnf(s, modprobe_helper, a, "modprobe:%s", name)) {
		sim_scratch_free(s, a);
		return -ENOMEM;
	}
	sim_wait_for_completion(s, &a->done);
	ret = a->ret;
	sim_scratch_free(s, a);
	return ret;
}

/* ---- built-in modules ---- */

int module_set_builtin(struct sim *s, const char *name)
{
	struct module *mod = find_in(drv_core_of(s), name);

	if (!mod)
		return -ENOENT;
	mod->builtin = true;
	return 0;
}

int modules_check_builtin(struct sim *s, const struct module **bad, const struct module **dep)
{
	struct drv_core *core = drv_core_of(s);
	struct module *mod;
	unsigned int i;

	list_for_each_entry(mod, &core->modules, node) {
		if (!mod->builtin)
			continue;
		for (i = 0; i < mod->nr_deps; i++) {
			if (mod->deps[i]->builtin)
				continue;
			*bad = mod;
			*dep = mod->deps[i];
			return -EINVAL;
		}
	}
	return 0;
}

bool modules_have_builtin(struct sim *s)
{
	struct drv_core *core = drv_core_of(s);
	struct module *mod;

	list_for_each_entry(mod, &core->modules, node)
		if (mod->builtin)
			return true;
	return false;
}

/* Where each level runs, first to last (include/linux/init.h). */
static const unsigned char initcall_rank[] = {
	[INITCALL_PURE] = 0,   [INITCALL_CORE] = 1, [INITCALL_POSTCORE] = 2,
	[INITCALL_ARCH] = 3,   [INITCALL_SUBSYS] = 4, [INITCALL_FS] = 5,
	[INITCALL_DEVICE] = 6, [INITCALL_LATE] = 7,
};
static const char *const initcall_name[] = {
	[INITCALL_PURE] = "pure",     [INITCALL_CORE] = "core", [INITCALL_POSTCORE] = "postcore",
	[INITCALL_ARCH] = "arch",     [INITCALL_SUBSYS] = "subsys", [INITCALL_FS] = "fs",
	[INITCALL_DEVICE] = "device", [INITCALL_LATE] = "late",
};
#define NR_INITCALL_LEVELS (sizeof(initcall_rank) / sizeof(initcall_rank[0]))

/*
 * One built-in init (do_one_initcall()).  THIS_MODULE is NULL in built-in
 * code, so the drivers it registers have no owner; a failure is logged and
 * boot goes on, the module's code staying linked in.
 */
static void do_one_initcall(struct drv_core *core, struct module *mod)
{
	struct sim *s = core->sim;
	int ret = 0;

	sim_touch(s, mod->name_id, true);
	mod->state = MODULE_STATE_COMING;
	sim_trace(s, "initcall", mod->name_id, 0, 0);
	if (mod->desc->init) {
		driver_code_enter(core);
		ret = mod->desc->init();
		driver_code_exit(core);
	}
	sim_touch(s, mod->name_id, true);
	mod->state = MODULE_STATE_LIVE;
	if (ret)
		sim_trace(s, "initcall-failed", mod->name_id, 0, ret);
	sim_waitq_wake_all(s, &mod->state_wq);
}

/* Has every module whose symbols @mod uses run its init (or is it loaded)? */
static bool deps_initialized(const struct module *mod)
{
	unsigned int i;

	for (i = 0; i < mod->nr_deps; i++)
		if (mod->deps[i]->state != MODULE_STATE_LIVE)
			return false;
	return true;
}

/*
 * The next init of a level under --link-order any: any of the @n left whose
 * suppliers have run their inits, picked by the strategy.  An order that
 * runs an init before the init of a module whose symbols it uses is left
 * out: in the kernel that is a call into a subsystem not set up yet (for
 * cxl_acpi before cxl_core, a rescan queued on a NULL cxl_bus_wq), an oops
 * and not an ordering to explore.
 */
static unsigned int pick_link_order(struct sim *s, struct module *const *level, unsigned int n)
{
	unsigned int ready[64], nr = 0, i;

	for (i = 0; i < n; i++)
		if (deps_initialized(level[i]))
			ready[nr++] = i;
	if (!nr)
		return 0;
	return nr > 1 ? ready[sim_choose(s, nr)] : ready[0];
}

void do_initcalls(bool any_link_order)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = core_now();
	struct sim *s = core->sim;
	struct module *level[64];
	unsigned int rank, n, i, j;
	struct module *mod;

	/* Until deferred_probe_initcall(), a bind triggers no deferred retry. */
	core->driver_deferred_probe_enable = false;
	for (rank = 0; rank < NR_INITCALL_LEVELS; rank++) {
		/* drivers/base links before any module's directory: its initcall goes first. */
		if (rank == initcall_rank[INITCALL_LATE])
			deferred_probe_initcall();
		n = 0;
		list_for_each_entry(mod, &core->modules, node) {
			if (!mod->builtin || initcall_rank[mod->desc->initcall] != rank ||
			    n == sizeof(level) / sizeof(level[0]))
				continue;
			/* Insert in link order; equal places keep the order modules were added. */
			for (i = n; i > 0 && level[i - 1]->desc->link_order > mod->desc->link_order;
			     i--)
				level[i] = level[i - 1];
			level[i] = mod;
			n++;
		}
		if (n)
			sim_tracef(s, "initcall-level", initcall_name[level[0]->desc->initcall],
				   "%u built-in init(s)%s", n,
				   any_link_order && n > 1 ? ", in any link order" : "");
		while (n) {
			/* --link-order any: which of the rest the linker put first is a choice. */
			i = any_link_order ? pick_link_order(s, level, n) : 0;
			mod = level[i];
			for (j = i; j + 1 < n; j++)
				level[j] = level[j + 1];
			n--;
			do_one_initcall(core, mod);
		}
	}
	/* kernel_init() waits for the async work the initcalls started before user space. */
	sim_async_synchronize_full(s);
}

static void coldplug_task(void *arg)
{
	DRV_CORE_SCOPE();
	char *alias = arg;
	struct sim *s = sim_current();
	char copy[128];

	sim_snprintf(copy, sizeof(copy), "%s", alias);
	sim_scratch_free(s, alias);
	modprobe_alias(copy);
}

void udev_coldplug(void)
{
	DRV_CORE_SCOPE();
	struct drv_core *core = core_now();
	struct sim *s = core->sim;
	struct device *dev;
	size_t n = 0, i;
	char **aliases;

	core->udev_autoload = true;
	list_for_each_entry(dev, &core->live_devices, core_node)
		n++;
	aliases = sim_scratch_alloc(s, (n + 1) * sizeof(*aliases));
	if (!aliases)
		return;
	/* Gather first: a spawned task may add or remove devices once it runs. */
	n = 0;
	list_for_each_entry(dev, &core->live_devices, core_node) {
		char alias[128];

		if (dev->magic != DEVICE_MAGIC || !dev->registered || !dev->bus ||
		    !dev->bus->modalias || !dev->bus->modalias(dev, alias, sizeof(alias)))
			continue;
		aliases[n] = sim_scratch_alloc(s, strlen(alias) + 1);
		if (!aliases[n])
			break;
		strcpy(aliases[n++], alias);
		sim_tracef(s, "uevent", dev_name(dev), "add MODALIAS=%s (udevadm trigger)", alias);
	}
	for (i = 0; i < n; i++)
		sim_spawnf(s, coldplug_task, aliases[i], "udev:%s", aliases[i]);
	sim_scratch_free(s, aliases);
}
