// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The modules' tables kept across runs (names' ids, depmod's answer,
 * modprobe_alias()'s matches): a run that puts the same modules on disk gets
 * the same dependencies and loads the same modules for a MODALIAS as the
 * run that computed them; one that puts others on disk, or the same one at
 * a time, gets its own, as depmod would compute them.
 */
#include "bus_test_util.h"

static const char *const x_exports[] = { "x_sym", NULL };
static const char *const y_exports[] = { "y_sym", NULL };
static const char *const y_uses[] = { "x_sym", NULL };
static const char *const z_uses[] = { "y_sym", "x_sym", NULL };
static const char *const x_aliases[] = { "t:any*", NULL };
static const char *const y_aliases[] = { "t:y", "t:any", NULL };
static const char *const z_aliases[] = { "t:z*", NULL };

static int nop_init(void)
{
	return 0;
}

static const struct module_desc mx = { .name = "mx", .init = nop_init, .exports = x_exports,
				       .aliases = x_aliases };
static const struct module_desc my = { .name = "my", .init = nop_init, .exports = y_exports,
				       .uses = y_uses, .aliases = y_aliases };
static const struct module_desc mz = { .name = "mz", .init = nop_init, .uses = z_uses,
				       .aliases = z_aliases };
/* Exports x_sym too, but after mx: depmod's answer is the first exporter. */
static const struct module_desc mw = { .name = "mw", .init = nop_init, .exports = x_exports };

static struct module *mod_named(struct sim *s, const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &drv_core_of(s)->modules, node)
		if (!strcmp(mod->desc->name, name))
			return mod;
	return NULL;
}

/* "dep,dep" of @name's module, in depmod's order. */
static const char *deps_of(struct sim *s, const char *name, char *buf, size_t len)
{
	struct module *mod = mod_named(s, name);
	unsigned int i;

	buf[0] = '\0';
	assert_non_null(mod);
	for (i = 0; i < mod->nr_deps; i++) {
		strncat(buf, mod->deps[i]->desc->name, len - strlen(buf) - 1);
		if (i + 1 < mod->nr_deps)
			strncat(buf, ",", len - strlen(buf) - 1);
	}
	return buf;
}

static void fresh_run(struct sim *s)
{
	sim_reset(s);
	assert_int_equal(drv_core_init(s), 0);
}

static void assert_xyz_deps(struct sim *s)
{
	char buf[64];

	assert_string_equal(deps_of(s, "mx", buf, sizeof(buf)), "");
	assert_string_equal(deps_of(s, "my", buf, sizeof(buf)), "mx");
	assert_string_equal(deps_of(s, "mz", buf, sizeof(buf)), "my,mx");
	assert_int_equal(mod_named(s, "mz")->name_id, sim_intern(s, "mz"));
	assert_int_equal(mod_named(s, "mz")->state_wq.name, sim_intern(s, "mz"));
}

CXLSIM_TEST(module_tables_are_the_same_from_the_cache_and_without)
{
	const struct module_desc *xyz[] = { &mx, &my, &mz };
	const struct module_desc *wzx[] = { &mw, &mz, &mx };
	char buf[64];
	struct sim *s;

	assert_int_equal(sim_new(&s, NULL), 0);
	assert_int_equal(drv_core_init(s), 0);
	assert_int_equal(modules_add_available(s, xyz, 3), 0);
	assert_xyz_deps(s);
	assert_non_null(drv_core_of(s)->modules_cache);

	/* The same list: from the tables kept across the reset. */
	fresh_run(s);
	assert_int_equal(modules_add_available(s, xyz, 3), 0);
	assert_non_null(drv_core_of(s)->modules_cache);
	assert_xyz_deps(s);

	/* One at a time: computed, and the whole list stays cached. */
	fresh_run(s);
	assert_int_equal(module_add_available(s, &mx), 0);
	assert_null(drv_core_of(s)->modules_cache);
	assert_int_equal(module_add_available(s, &my), 0);
	assert_int_equal(module_add_available(s, &mz), 0);
	assert_non_null(drv_core_of(s)->modules_cache);
	assert_xyz_deps(s);
	assert_int_equal(module_add_available(s, &mx), -EEXIST);

	/* Other modules: their own answer (mw exports x_sym first now). */
	fresh_run(s);
	assert_int_equal(modules_add_available(s, wzx, 3), 0);
	assert_string_equal(deps_of(s, "mz", buf, sizeof(buf)), "mw");
	assert_string_equal(deps_of(s, "mx", buf, sizeof(buf)), "");

	/* And back: the first list again, computed once more, then cached. */
	fresh_run(s);
	assert_int_equal(modules_add_available(s, xyz, 3), 0);
	assert_xyz_deps(s);
	fresh_run(s);
	assert_int_equal(modules_add_available(s, xyz, 3), 0);
	assert_non_null(drv_core_of(s)->modules_cache);
	assert_xyz_deps(s);
	sim_destroy(s);
}

/* The modules each MODALIAS loads, in order, as "alias=mod,mod;". */
static char alias_log[256];

static void probe_aliases(void *arg)
{
	static const char *const aliases[] = { "t:anything", "t:y", "t:any", "t:zz", "t:none",
					       "t:y" };
	size_t i;

	(void)arg;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
		struct module *mod;
		int ret = modprobe_alias(aliases[i]);

		strncat(alias_log, aliases[i], sizeof(alias_log) - strlen(alias_log) - 1);
		strncat(alias_log, ret ? "!" : "=", sizeof(alias_log) - strlen(alias_log) - 1);
		list_for_each_entry(mod, &drv_core()->modules, node)
			if (module_is_live(mod))
				strncat(alias_log, mod->desc->name,
					sizeof(alias_log) - strlen(alias_log) - 1);
		strncat(alias_log, ";", sizeof(alias_log) - strlen(alias_log) - 1);
	}
}

static void alias_run(struct sim *s, const struct module_desc *const *descs, size_t n)
{
	fresh_run(s);
	drv_core_of(s)->udev_autoload = false;
	assert_int_equal(modules_add_available(s, descs, n), 0);
	alias_log[0] = '\0';
	sim_spawn(s, "aliases", probe_aliases, NULL);
	assert_int_equal(sim_run(s), 0);
}

CXLSIM_TEST(modprobe_alias_loads_the_same_modules_from_the_cache)
{
	const struct module_desc *xyz[] = { &mx, &my, &mz };
	const char *want = "t:anything=mx;t:y=mxmy;t:any=mxmy;t:zz=mxmymz;t:none!mxmymz;"
			   "t:y=mxmymz;";
	struct sim_strategy *st = sim_strategy_random(1);
	struct sim *s;

	assert_int_equal(sim_new(&s, NULL), 0);
	sim_set_strategy(s, st);
	alias_run(s, xyz, 3);
	assert_string_equal(alias_log, want);
	/* The second run answers from the memo the first one filled. */
	alias_run(s, xyz, 3);
	assert_non_null(drv_core_of(s)->modules_cache);
	assert_string_equal(alias_log, want);
	/* Without mx and my: only mz matches, and it cannot load (no exporter). */
	alias_run(s, (const struct module_desc *[]){ &mz }, 1);
	assert_string_equal(alias_log, "t:anything!;t:y!;t:any!;t:zz=mz;t:none!mz;t:y!mz;");
	sim_destroy(s);
	sim_strategy_destroy(st);
}
