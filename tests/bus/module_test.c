// SPDX-License-Identifier: LGPL-2.1-or-later
/* Modules and udev autoload: kernel-facts A7, B1-B4. */
#include "bus_test_util.h"

static int ok_probe(struct device *dev)
{
	tb()->probes++;
	return 0;
}

static struct device_driver drv_a, drv_b;

static int a_init(void)
{
	tlog("init:a");
	drv_a = (struct device_driver){ .name = "a", .bus = &tb()->bus, .probe = ok_probe };
	return driver_register(&drv_a);
}

static void a_exit(void)
{
	tlog("exit:a");
	driver_unregister(&drv_a);
}

static int b_init(void)
{
	tlog("init:b");
	drv_b = (struct device_driver){ .name = "b", .bus = &tb()->bus, .probe = ok_probe };
	return driver_register(&drv_b);
}

static void b_exit(void)
{
	tlog("exit:b");
	driver_unregister(&drv_b);
}

static int c_init(void)
{
	tlog("init:c");
	return 0;
}

static const char *const a_exports[] = { "a_helper", NULL };
static const char *const b_uses[] = { "a_helper", NULL };
static const char *const a_aliases[] = { "t:a", NULL };
static const char *const b_aliases[] = { "t:b*", NULL };
static const char *const c_softdep[] = { "a", NULL };

static const struct module_desc mod_a = { .name = "a", .init = a_init, .exit = a_exit,
					  .exports = a_exports, .aliases = a_aliases };
static const struct module_desc mod_b = { .name = "b", .init = b_init, .exit = b_exit,
					  .uses = b_uses, .aliases = b_aliases };
static const struct module_desc mod_c = { .name = "c", .init = c_init,
					  .softdep_pre = c_softdep };

struct ms {
	int ret[8];
	bool flag[4];
	struct tdev *dev;
};

static struct sim *mrun(uint64_t seed, void (*fn)(void *), struct ms *m, bool autoload,
			struct sim_strategy **st)
{
	struct sim *s = tsim(seed, autoload, st);

	assert_int_equal(module_add_available(s, &mod_a), 0);
	assert_int_equal(module_add_available(s, &mod_b), 0);
	assert_int_equal(module_add_available(s, &mod_c), 0);
	sim_spawn(s, "boot", fn, m);
	assert_int_equal(sim_run(s), 0);
	return s;
}

static void load_b(void *arg)
{
	struct ms *m = arg;

	bus_register(&tb()->bus);
	m->ret[0] = modprobe("b");
	m->ret[1] = modprobe("nosuch");
}

CXLSIM_TEST(modprobe_loads_symbol_dependencies_first)
{
	struct ms m = { 0 };
	struct sim_strategy *st;
	struct sim *s = mrun(1, load_b, &m, false, &st);

	assert_int_equal(m.ret[0], 0);
	assert_int_equal(m.ret[1], -ENOENT);
	assert_string_equal(tb_of(s)->log, "init:a init:b ");
	tdone(s, st);
}

static void rmmod_order(void *arg)
{
	struct ms *m = arg;

	bus_register(&tb()->bus);
	modprobe("b");
	m->ret[0] = rmmod("a");			/* b uses a's symbols */
	try_module_get(find_module("b"));
	m->ret[1] = rmmod("b");			/* b's refcount is held */
	module_put(find_module("b"));
	m->ret[2] = rmmod("b");
	m->ret[3] = rmmod("a");
	m->ret[4] = rmmod("a");			/* not loaded any more */
}

CXLSIM_TEST(rmmod_refused_while_in_use_or_depended_on)
{
	struct ms m = { 0 };
	struct sim_strategy *st;
	struct sim *s = mrun(1, rmmod_order, &m, false, &st);

	assert_int_equal(m.ret[0], -EBUSY);
	assert_int_equal(m.ret[1], -EBUSY);
	assert_int_equal(m.ret[2], 0);
	assert_int_equal(m.ret[3], 0);
	assert_int_equal(m.ret[4], -ENOENT);
	assert_string_equal(tb_of(s)->log, "init:a init:b exit:b exit:a ");
	tdone(s, st);
}

static void softdep(void *arg)
{
	struct ms *m = arg;

	bus_register(&tb()->bus);
	m->ret[0] = modprobe("c");
	/* A softdep is no dependency: a is removable while c is loaded. */
	m->ret[1] = rmmod("a");
}

CXLSIM_TEST(softdep_honoured_by_modprobe_but_not_a_dependency)
{
	struct ms m = { 0 };
	struct sim_strategy *st;
	struct sim *s = mrun(1, softdep, &m, false, &st);

	assert_int_equal(m.ret[0], 0);
	assert_int_equal(m.ret[1], 0);
	assert_string_equal(tb_of(s)->log, "init:a init:c exit:a ");
	tdone(s, st);
}

static void racing_loaders(void *arg)
{
	struct ms *m = arg;
	struct sim *s = sim_current();

	bus_register(&tb()->bus);
	m->ret[0] = request_module("a");
	(void)s;
}

static void two_modprobes(void *arg)
{
	struct ms *m = arg;
	struct sim *s = sim_current();
	struct sim_task *t;

	bus_register(&tb()->bus);
	t = sim_spawn(s, "other", racing_loaders, m);
	m->ret[1] = modprobe("a");
	sim_task_join(s, t);
}

CXLSIM_TEST(concurrent_modprobe_inits_once)
{
	uint64_t seed;

	for (seed = 0; seed < 100; seed++) {
		struct ms m = { 0 };
		struct sim_strategy *st;
		struct sim *s = mrun(seed, two_modprobes, &m, false, &st);

		assert_int_equal(m.ret[0], 0);
		assert_int_equal(m.ret[1], 0);
		assert_string_equal(tb_of(s)->log, "init:a ");
		assert_int_equal(nviol(s, NULL), 0);
		tdone(s, st);
	}
}

static void rmmod_a(void *arg)
{
	struct ms *m = arg;

	m->ret[1] = rmmod("a");
}

static void modprobe_b_while_a_goes(void *arg)
{
	struct ms *m = arg;
	struct sim *s = sim_current();
	struct sim_task *t;

	bus_register(&tb()->bus);
	modprobe("a");
	t = sim_spawn(s, "rmmod", rmmod_a, m);
	m->ret[0] = modprobe("b");
	sim_task_join(s, t);
	m->flag[0] = module_is_live(find_module("a"));
	m->flag[1] = module_is_live(find_module("b"));
}

/*
 * B1: a module's symbols resolve under module_mutex, taking a reference on
 * their owner.  Whichever of "modprobe b" and "rmmod a" gets there first
 * wins: either b loads and a stays (in use), or a goes and b fails to load.
 * Never b live on top of an unloaded a.
 */
CXLSIM_TEST(modprobe_racing_rmmod_of_its_dependency_never_loads_on_top_of_nothing)
{
	bool loaded = false, refused = false;
	uint64_t seed;

	for (seed = 0; seed < 200; seed++) {
		struct ms m = { 0 };
		struct sim_strategy *st;
		struct sim *s = mrun(seed, modprobe_b_while_a_goes, &m, false, &st);

		if (m.ret[0] == 0) {
			assert_true(m.flag[0] && m.flag[1]);
			assert_int_equal(m.ret[1], -EBUSY);
			loaded = true;
		} else {
			assert_int_equal(m.ret[0], -ENOENT);
			assert_int_equal(m.ret[1], 0);
			assert_false(m.flag[0] || m.flag[1]);
			refused = true;
		}
		tdone(s, st);
	}
	/* Both orders happen. */
	assert_true(loaded && refused);
}

/* B3: the uevent's modprobe runs later in its own task; the device binds whenever it lands. */
static void autoload(void *arg)
{
	struct ms *m = arg;

	bus_register(&tb()->bus);
	m->dev = tdev_new("a", "a0", NULL);
	device_add(&m->dev->dev);
	m->flag[0] = device_is_bound(&m->dev->dev);
	/* A7: nothing is "in progress" for a0 while its module is not loaded. */
	wait_for_device_probe();
	m->flag[1] = device_is_bound(&m->dev->dev);
}

CXLSIM_TEST(udev_autoload_binds_later_and_wait_for_device_probe_ignores_it)
{
	uint64_t seed;
	int unbound_after_wait = 0, bound_in_add = 0;

	for (seed = 0; seed < 200; seed++) {
		struct ms m = { 0 };
		struct sim_strategy *st;
		struct sim *s = mrun(seed, autoload, &m, true, &st);

		/* udev may even win the race inside device_add() (at the device lock). */
		bound_in_add += m.flag[0];
		unbound_after_wait += !m.flag[1];
		/* Whatever the order, udev loads a and a0 ends bound. */
		assert_int_equal(tb_of(s)->probes, 1);
		assert_int_equal(nviol(s, NULL), 0);
		tdone(s, st);
	}
	/* Some schedules return from wait_for_device_probe() before udev loaded the module. */
	assert_true(unbound_after_wait > 0);
	assert_true(unbound_after_wait < 200);
	assert_true(bound_in_add < 200);
}

static void wildcard_alias(void *arg)
{
	struct ms *m = arg;

	bus_register(&tb()->bus);
	m->ret[0] = modprobe_alias("t:bxyz");
	m->flag[0] = module_is_live(find_module("b"));
	m->flag[1] = module_is_live(find_module("a"));
	m->ret[1] = modprobe_alias("t:none");
}

CXLSIM_TEST(modalias_patterns_pick_modules)
{
	struct ms m = { 0 };
	struct sim_strategy *st;
	struct sim *s = mrun(1, wildcard_alias, &m, false, &st);

	assert_int_equal(m.ret[0], 0);
	assert_true(m.flag[0]);
	assert_true(m.flag[1]);
	assert_int_equal(m.ret[1], -ENOENT);
	tdone(s, st);
}

static void exit_unbinds(void *arg)
{
	struct ms *m = arg;

	bus_register(&tb()->bus);
	modprobe("a");
	m->dev = tdev_new("a", "a0", NULL);
	device_add(&m->dev->dev);
	m->flag[0] = device_is_bound(&m->dev->dev);
	rmmod("a");
	m->flag[1] = device_is_bound(&m->dev->dev);
	device_unregister(&m->dev->dev);
	drv_core_check_leaks(sim_current());
}

CXLSIM_TEST(module_exit_unbinds_its_devices_and_teardown_leaks_nothing)
{
	struct ms m = { 0 };
	struct sim_strategy *st;
	struct sim *s = mrun(1, exit_unbinds, &m, false, &st);

	assert_true(m.flag[0]);
	assert_false(m.flag[1]);
	assert_int_equal(nviol(s, NULL), 0);
	tdone(s, st);
}

static void leaky(void *arg)
{
	struct ms *m = arg;

	bus_register(&tb()->bus);
	m->dev = tdev_new("a", "a0", NULL);
	device_add(&m->dev->dev);
	drv_core_check_leaks(sim_current());
}

CXLSIM_TEST(leaked_device_reported)
{
	struct ms m = { 0 };
	struct sim_strategy *st;
	struct sim *s = mrun(1, leaky, &m, false, &st);

	assert_int_equal(nviol(s, "no-leak"), 1);
	tdone(s, st);
}
