// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Built-in (=y) modules: inits by initcall level and link order before udev
 * starts (init/main.c's do_initcalls(), drivers/base/dd.c's late
 * deferred_probe_initcall()), never unloaded, always there for modprobe,
 * request_module() and the modules that depend on them (kernel-facts B1, B2,
 * D6).
 */
#include <stdlib.h>

#include "bus_test_util.h"

static int ok_probe(struct device *dev)
{
	tb()->probes++;
	return 0;
}

static struct device_driver drv_a, drv_b;

/* Each init logs its name and whether deferred-probe triggering was on. */
static int logged_init(const char *name)
{
	char what[32];

	snprintf(what, sizeof(what), "%s%s", name,
		 drv_core()->driver_deferred_probe_enable ? "+" : "");
	tlog(what);
	return 0;
}

static int a_init(void)
{
	logged_init("a");
	drv_a = (struct device_driver){ .name = "a", .bus = &tb()->bus, .probe = ok_probe };
	return driver_register(&drv_a);
}

static void a_exit(void)
{
	driver_unregister(&drv_a);
}

static int b_init(void)
{
	logged_init("b");
	drv_b = (struct device_driver){ .name = "b", .bus = &tb()->bus, .probe = ok_probe };
	return driver_register(&drv_b);
}

static void b_exit(void)
{
	driver_unregister(&drv_b);
}

static int c_init(void)
{
	return logged_init("c");
}

static int d_init(void)
{
	return logged_init("d");
}

static int e_init(void)
{
	return logged_init("e");
}

static const char *const a_exports[] = { "a_helper", NULL };
static const char *const b_uses[] = { "a_helper", NULL };
static const char *const a_aliases[] = { "t:a", NULL };
static const char *const b_aliases[] = { "t:b", NULL };
static const char *const c_softdep[] = { "b", NULL };

/*
 * a: subsys_initcall, exports a_helper; b: module_init, uses it; c:
 * module_init linked before b, softdep on b; d: core_initcall linked last;
 * e: late_initcall.
 */
static const struct module_desc mod_a = { .name = "a", .init = a_init, .exit = a_exit,
					  .exports = a_exports, .aliases = a_aliases,
					  .initcall = INITCALL_SUBSYS, .link_order = 3 };
static const struct module_desc mod_b = { .name = "b", .init = b_init, .exit = b_exit,
					  .uses = b_uses, .aliases = b_aliases,
					  .initcall = INITCALL_DEVICE, .link_order = 5 };
static const struct module_desc mod_c = { .name = "c", .init = c_init, .softdep_pre = c_softdep,
					  .initcall = INITCALL_DEVICE, .link_order = 4 };
static const struct module_desc mod_d = { .name = "d", .init = d_init,
					  .initcall = INITCALL_CORE, .link_order = 9 };
static const struct module_desc mod_e = { .name = "e", .init = e_init,
					  .initcall = INITCALL_LATE, .link_order = 0 };

struct bm {
	const char *builtin[5];
	bool any_link_order;
	void (*then)(struct bm *m);
	int ret[4];
	struct tdev *dev[2];
};

static void boot(void *arg)
{
	struct bm *m = arg;

	bus_register(&tb()->bus);
	/* The machine's devices are there before any initcall of a driver. */
	m->dev[0] = tdev_new("a", "a0", NULL);
	device_add(&m->dev[0]->dev);
	m->dev[1] = tdev_new("b", "b0", NULL);
	device_add(&m->dev[1]->dev);
	do_initcalls(m->any_link_order);
	tlog("udev");
	udev_coldplug();
	if (m->then)
		m->then(m);
}

static struct sim *brun_with(struct sim_strategy *st, struct bm *m)
{
	struct sim *s;
	struct tbus *b;
	size_t i;

	assert_int_equal(sim_new(&s, NULL), 0);
	sim_set_strategy(s, st);
	assert_int_equal(drv_core_init(s), 0);
	/* udev does not run before the initcalls are done. */
	drv_core_of(s)->udev_autoload = false;
	b = sim_kzalloc(s, sizeof(*b), "tbus");
	b->bus.name = "t";
	b->bus.match = tmatch;
	b->bus.modalias = tmodalias;
	sim_set_layer(s, SIM_LAYER_CXL, b);
	assert_int_equal(module_add_available(s, &mod_a), 0);
	assert_int_equal(module_add_available(s, &mod_b), 0);
	assert_int_equal(module_add_available(s, &mod_c), 0);
	assert_int_equal(module_add_available(s, &mod_d), 0);
	assert_int_equal(module_add_available(s, &mod_e), 0);
	for (i = 0; i < 5 && m->builtin[i]; i++)
		assert_int_equal(module_set_builtin(s, m->builtin[i]), 0);
	sim_spawn(s, "boot", boot, m);
	assert_int_equal(sim_run(s), 0);
	return s;
}

static struct sim *brun(uint64_t seed, struct bm *m, struct sim_strategy **st)
{
	*st = sim_strategy_random(seed);
	return brun_with(*st, m);
}

static size_t trace_count(struct sim *s, const char *ev)
{
	size_t i, n = 0;

	for (i = 0; i < sim_trace_len(s); i++)
		n += !strcmp(sim_trace_get(s, i)->ev, ev);
	return n;
}

/* Host context, after the run: is @name's module live? */
static bool live(struct sim *s, const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &drv_core_of(s)->modules, node)
		if (!strcmp(mod->desc->name, name))
			return mod->state == MODULE_STATE_LIVE;
	return false;
}

static bool bound(struct tdev *t)
{
	return t->dev.driver != NULL;
}

CXLSIM_TEST(builtin_inits_run_by_level_then_link_order_before_udev)
{
	struct bm m = { .builtin = { "a", "b", "c", "d", "e" } };
	struct sim_strategy *st;
	struct sim *s = brun(1, &m, &st);

	/*
	 * core (d), subsys (a), device in link order (c before b), late (e);
	 * deferred-probe triggering comes on at the late level only; udev
	 * starts after every one of them.
	 */
	assert_string_equal(tb_of(s)->log, "d a c b e+ udev ");
	assert_true(bound(m.dev[0]));
	assert_true(bound(m.dev[1]));
	assert_true(live(s, "b"));
	tdone(s, st);
}

CXLSIM_TEST(udev_loads_the_modular_ones_after_the_builtin_inits)
{
	struct bm m = { .builtin = { "a" } };
	struct sim_strategy *st;
	struct sim *s = brun(2, &m, &st);

	/* b0's uevent is replayed at coldplug; udev loads b then. */
	assert_string_equal(tb_of(s)->log, "a udev b+ ");
	assert_true(bound(m.dev[1]));
	/* A modular b depends on a built-in a: nothing to load for a. */
	assert_null(strstr(tb_of(s)->log, "a+"));
	tdone(s, st);
}

static void try_rmmod(struct bm *m)
{
	m->ret[0] = rmmod("a");
	m->ret[1] = rmmod("b");
}

CXLSIM_TEST(rmmod_of_a_builtin_module_is_refused)
{
	struct bm m = { .builtin = { "a", "b" }, .then = try_rmmod };
	struct sim_strategy *st;
	struct sim *s = brun(3, &m, &st);

	/* Not in the kernel's module list: delete_module() cannot find it. */
	assert_int_equal(m.ret[0], -ENOENT);
	assert_int_equal(m.ret[1], -ENOENT);
	assert_true(live(s, "a"));
	assert_true(bound(m.dev[0]));
	assert_true(trace_count(s, "rmmod-refused") >= 2);
	tdone(s, st);
}

static void request_builtin(struct bm *m)
{
	m->ret[0] = request_module("a");
	m->ret[1] = modprobe("c");
}

CXLSIM_TEST(request_module_of_a_builtin_module_is_a_successful_noop)
{
	struct bm m = { .builtin = { "a", "c" }, .then = request_builtin };
	struct sim_strategy *st;
	struct sim *s = brun(4, &m, &st);

	assert_int_equal(m.ret[0], 0);
	assert_int_equal(m.ret[1], 0);
	/* Each init ran once, at boot; c's softdep on b is modprobe's, so b came from udev. */
	assert_string_equal(tb_of(s)->log, "a c udev b+ ");
	tdone(s, st);
}

static void modprobe_c_first(void *arg)
{
	struct bm *m = arg;

	bus_register(&tb()->bus);
	m->ret[0] = modprobe("c");
}

CXLSIM_TEST(modprobe_honours_softdeps_but_builtin_init_does_not)
{
	struct bm m = { .builtin = { "a", "c" } };
	struct sim_strategy *st = sim_strategy_random(5);
	struct sim *s;

	/* Built in: c's init runs without b (no softdep at initcall time). */
	s = brun_with(st, &m);
	assert_int_equal(strncmp(tb_of(s)->log, "a c udev", 8), 0);
	tdone(s, st);

	/* Modular: modprobe c loads its softdep b (and b's dependency a) first. */
	s = tsim(5, false, &st);
	assert_int_equal(module_add_available(s, &mod_a), 0);
	assert_int_equal(module_add_available(s, &mod_b), 0);
	assert_int_equal(module_add_available(s, &mod_c), 0);
	sim_spawn(s, "boot", modprobe_c_first, &m);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(m.ret[0], 0);
	assert_string_equal(tb_of(s)->log, "a+ b+ c+ ");
	tdone(s, st);
}

CXLSIM_TEST(a_builtin_module_over_a_modular_one_is_refused)
{
	const struct module *bad = NULL, *dep = NULL;
	struct sim_strategy *st;
	struct sim *s = tsim(6, false, &st);

	assert_int_equal(module_add_available(s, &mod_a), 0);
	assert_int_equal(module_add_available(s, &mod_b), 0);
	assert_int_equal(module_set_builtin(s, "nosuch"), -ENOENT);
	assert_int_equal(module_set_builtin(s, "b"), 0);
	assert_int_equal(modules_check_builtin(s, &bad, &dep), -EINVAL);
	assert_string_equal(bad->desc->name, "b");
	assert_string_equal(dep->desc->name, "a");
	assert_int_equal(module_set_builtin(s, "a"), 0);
	assert_int_equal(modules_check_builtin(s, &bad, &dep), 0);
	tdone(s, st);
}

/* The device level's order under --link-order any: "c b", "b c"... */
static void level_order(struct sim *s, char *out, size_t len)
{
	const char *log = tb_of(s)->log;
	size_t n = strnlen(log, len - 1);

	/* The log is short; a longer one would be cut, which the caller sees as a new order. */
	memcpy(out, log, n);
	out[n] = '\0';
}

CXLSIM_TEST(link_order_any_explores_orders_and_replays_one)
{
	struct bm m = { .builtin = { "a", "b", "c", "d", "e" }, .any_link_order = true };
	char first[128] = "", other[128] = "", now[128];
	struct sim_strategy *st, *rp;
	struct sim *s;
	uint32_t *choices = NULL;
	size_t n = 0;
	uint64_t seed;

	for (seed = 0; seed < 64 && !other[0]; seed++) {
		s = brun(seed, &m, &st);
		level_order(s, now, sizeof(now));
		/* b uses a's symbols: a (subsys) before it whatever the order. */
		assert_true(strstr(now, "a") < strstr(now, "b"));
		assert_non_null(strstr(now, "d a "));
		if (!first[0]) {
			snprintf(first, sizeof(first), "%s", now);
			n = sim_schedule_len(s);
			choices = malloc(n * sizeof(*choices));
			assert_non_null(choices);
			memcpy(choices, sim_schedule_choices(s), n * sizeof(*choices));
		} else if (strcmp(now, first)) {
			snprintf(other, sizeof(other), "%s", now);
		}
		tdone(s, st);
	}
	/* c and b share a level and do not depend on each other: both orders come up. */
	assert_true(other[0]);
	assert_true(!strcmp(first, "d a c b e+ udev ") || !strcmp(first, "d a b c e+ udev "));
	/* The order is in the schedule: replaying it gives the same order. */
	assert_int_equal(sim_strategy_replay_choices(&rp, choices, n), 0);
	s = brun_with(rp, &m);
	level_order(s, now, sizeof(now));
	assert_string_equal(now, first);
	tdone(s, rp);
	free(choices);
}

CXLSIM_TEST(link_order_any_keeps_a_supplier_before_its_user)
{
	/* a (subsys) moved to the device level: a and b then share it. */
	static const struct module_desc a_dev = { .name = "a", .init = a_init, .exit = a_exit,
						  .exports = a_exports, .aliases = a_aliases,
						  .initcall = INITCALL_DEVICE, .link_order = 9 };
	struct sim_strategy *st;
	struct bm m = { 0 };
	uint64_t seed;

	for (seed = 0; seed < 16; seed++) {
		struct sim *s;
		struct tbus *b;

		st = sim_strategy_random(seed);
		assert_int_equal(sim_new(&s, NULL), 0);
		sim_set_strategy(s, st);
		assert_int_equal(drv_core_init(s), 0);
		drv_core_of(s)->udev_autoload = false;
		b = sim_kzalloc(s, sizeof(*b), "tbus");
		b->bus.name = "t";
		b->bus.match = tmatch;
		b->bus.modalias = tmodalias;
		sim_set_layer(s, SIM_LAYER_CXL, b);
		assert_int_equal(module_add_available(s, &a_dev), 0);
		assert_int_equal(module_add_available(s, &mod_b), 0);
		assert_int_equal(module_add_available(s, &mod_c), 0);
		assert_int_equal(module_set_builtin(s, "a"), 0);
		assert_int_equal(module_set_builtin(s, "b"), 0);
		assert_int_equal(module_set_builtin(s, "c"), 0);
		m.any_link_order = true;
		sim_spawn(s, "boot", boot, &m);
		assert_int_equal(sim_run(s), 0);
		/* b links before a in the Makefile order, but never inits before it. */
		assert_true(strstr(b->log, "a ") < strstr(b->log, "b "));
		tdone(s, st);
	}
}
