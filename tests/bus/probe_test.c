// SPDX-License-Identifier: LGPL-2.1-or-later
/* Probing: kernel-facts A1-A7. */
#include "bus_test_util.h"

static int tprobe(struct device *dev)
{
	tb()->probes++;
	tlog("probe");
	sim_sched_point(sim_current(), "in-probe", dev->name_id);
	return tb()->probe_ret;
}

static void tremove(struct device *dev)
{
	tb()->removes++;
	tlog("remove");
}

static struct device_driver tdrv(const char *name, enum probe_type type)
{
	return (struct device_driver){
		.name = name, .bus = &tb()->bus, .probe = tprobe, .remove = tremove,
		.probe_type = type,
	};
}

struct scenario {
	struct device_driver drv;
	struct tdev *dev;
	int bound_after_add;		/* device bound when device_add() returned */
	int bound_after_register;
};

/* A1: device_add() ends by trying every registered driver of the bus. */
static void add_after_register(void *arg)
{
	struct scenario *sc = arg;

	bus_register(&tb()->bus);
	sc->drv = tdrv("a", PROBE_DEFAULT_STRATEGY);
	driver_register(&sc->drv);
	sc->dev = tdev_new("a", "a0", NULL);
	device_add(&sc->dev->dev);
	sc->bound_after_add = device_is_bound(&sc->dev->dev);
}

CXLSIM_TEST(device_add_probes_registered_driver)
{
	uint64_t seed;

	for (seed = 0; seed < 50; seed++) {
		struct scenario sc = { 0 };
		struct sim_strategy *st;
		struct sim *s = trun(seed, add_after_register, &sc, false, &st);

		assert_int_equal(sc.bound_after_add, 1);
		assert_int_equal(nviol(s, NULL), 0);
		tdone(s, st);
	}
}

/* A1: with no driver registered the device simply stays unbound. */
static void add_without_driver(void *arg)
{
	struct scenario *sc = arg;

	bus_register(&tb()->bus);
	sc->dev = tdev_new("a", "a0", NULL);
	device_add(&sc->dev->dev);
	sc->bound_after_add = device_is_bound(&sc->dev->dev);
}

CXLSIM_TEST(device_without_driver_stays_unbound)
{
	struct scenario sc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, add_without_driver, &sc, false, &st);

	assert_int_equal(sc.bound_after_add, 0);
	assert_int_equal(tb_probes_of(s), 0);
	tdone(s, st);
}

/* A2: driver_register() walks existing devices and binds them. */
static void register_after_add(void *arg)
{
	struct scenario *sc = arg;

	bus_register(&tb()->bus);
	sc->dev = tdev_new("a", "a0", NULL);
	device_add(&sc->dev->dev);
	sc->drv = tdrv("a", PROBE_DEFAULT_STRATEGY);
	driver_register(&sc->drv);
	sc->bound_after_register = device_is_bound(&sc->dev->dev);
}

CXLSIM_TEST(driver_register_attaches_existing_devices)
{
	struct scenario sc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(2, register_after_add, &sc, false, &st);

	assert_int_equal(sc.bound_after_register, 1);
	tdone(s, st);
}

/* A3/A4: a PROBE_PREFER_ASYNCHRONOUS driver probes in the async domain, not inline. */
static void async_register_after_add(void *arg)
{
	struct scenario *sc = arg;

	bus_register(&tb()->bus);
	sc->dev = tdev_new("a", "a0", NULL);
	device_add(&sc->dev->dev);
	sc->drv = tdrv("a", PROBE_PREFER_ASYNCHRONOUS);
	driver_register(&sc->drv);
	sc->bound_after_register = device_is_bound(&sc->dev->dev);
	wait_for_device_probe();
	sc->bound_after_add = device_is_bound(&sc->dev->dev);
}

CXLSIM_TEST(prefer_async_probe_runs_in_async_domain)
{
	uint64_t seed;
	int inline_binds = 0;

	for (seed = 0; seed < 100; seed++) {
		struct scenario sc = { 0 };
		struct sim_strategy *st;
		struct sim *s = trun(seed, async_register_after_add, &sc, false, &st);
		size_t i;
		bool async_task = false;

		inline_binds += sc.bound_after_register;
		/* wait_for_device_probe() covers the async domain. */
		assert_int_equal(sc.bound_after_add, 1);
		for (i = 0; i < sim_task_count(s); i++)
			async_task |= !strncmp(sim_task_name(sim_task_at(s, i)), "async:", 6);
		assert_true(async_task);
		tdone(s, st);
	}
	/* Under some schedules the async item ran before driver_register() returned. */
	assert_true(inline_binds < 100);
}

/* A3: PROBE_FORCE_SYNCHRONOUS probes inline even from device_add(). */
static void force_sync(void *arg)
{
	struct scenario *sc = arg;

	bus_register(&tb()->bus);
	drv_core()->async_probe_all = true;
	sc->drv = tdrv("a", PROBE_FORCE_SYNCHRONOUS);
	driver_register(&sc->drv);
	sc->dev = tdev_new("a", "a0", NULL);
	device_add(&sc->dev->dev);
	sc->bound_after_add = device_is_bound(&sc->dev->dev);
}

CXLSIM_TEST(force_sync_probes_inline)
{
	uint64_t seed;

	for (seed = 0; seed < 50; seed++) {
		struct scenario sc = { 0 };
		struct sim_strategy *st;
		struct sim *s = trun(seed, force_sync, &sc, false, &st);

		assert_int_equal(sc.bound_after_add, 1);
		tdone(s, st);
	}
}

/* A3: the default strategy turns async under driver_async_probe=* (async_probe_all). */
static void default_with_cmdline(void *arg)
{
	struct scenario *sc = arg;

	bus_register(&tb()->bus);
	sc->drv = tdrv("a", PROBE_DEFAULT_STRATEGY);
	sc->bound_after_register = driver_allows_async_probing(&sc->drv);
	drv_core()->async_probe_all = true;
	sc->bound_after_add = driver_allows_async_probing(&sc->drv);
}

CXLSIM_TEST(default_probe_type_follows_command_line)
{
	struct scenario sc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, default_with_cmdline, &sc, false, &st);

	assert_int_equal(sc.bound_after_register, 0);
	assert_int_equal(sc.bound_after_add, 1);
	tdone(s, st);
}

/* sysfs bind/unbind of a driver that is not registered: the file is not there. */
static void sysfs_of_unregistered_driver(void *arg)
{
	struct scenario *sc = arg;

	bus_register(&tb()->bus);
	sc->dev = tdev_new("a", "a0", NULL);
	device_add(&sc->dev->dev);
	sc->drv = tdrv("a", PROBE_DEFAULT_STRATEGY);
	sc->drv.bus = NULL;	/* as a driver whose module never loaded */
	sc->bound_after_add = unbind_store(&sc->drv, "a0");
	sc->bound_after_register = bind_store(&sc->drv, "a0");
}

CXLSIM_TEST(sysfs_bind_unbind_of_unregistered_driver_is_enoent)
{
	struct scenario sc = { 0 };
	struct sim_strategy *st;
	struct sim *s = trun(1, sysfs_of_unregistered_driver, &sc, false, &st);

	assert_int_equal(sc.bound_after_add, -ENOENT);
	assert_int_equal(sc.bound_after_register, -ENOENT);
	assert_int_equal(nviol(s, NULL), 0);
	tdone(s, st);
}
