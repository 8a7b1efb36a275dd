// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The linux/ compatibility layer, through kernel-style drivers of our own
 * (tests/linux/drivers/, compiled against include/linux-compat only, linked
 * as a kernel image of their own): module init and EXPORT_SYMBOL
 * dependencies, probe types, devres unwinding on probe failure, workqueues,
 * xarray and IDA, lock order, the unimplemented-symbol stub, and the reset of
 * kernel globals between runs.  Every case is skipped when the build had no
 * kernel tree (the image is built with --model linux).
 */
#include <errno.h>
#include <string.h>

#include "harness.h"
#include "bus/core.h"
#include "bus/module.h"
#include "linux/drivers/kt.h"
#include "linux/kimage.h"

struct run {
	struct sim *s;
	struct sim_strategy *st;
	int rc[4];
	struct kt_state kt;
};

static void need_image(void)
{
	if (!kt_test_modules)
		skip();
}

/* A fresh simulation with the driver core and the test image's modules on disk. */
static struct sim *ksim(uint64_t seed, struct sim_strategy **st)
{
	const struct module_desc *const *mods;
	struct sim *s;
	size_t n;

	assert_int_equal(sim_new(&s, NULL), 0);
	*st = sim_strategy_random(seed);
	sim_set_strategy(s, *st);
	assert_int_equal(drv_core_init(s), 0);
	assert_int_equal(linux_kernel_claim(s), 0);
	assert_int_equal(linux_kernel_reset(), 0);
	/* Device mutexes are novalidate, as --model linux's setup makes them. */
	drv_core_of(s)->device_locks_novalidate = true;
	mods = kt_test_modules(&n);
	assert_int_equal(n, 3);
	assert_int_equal(modules_add_available(s, mods, n), 0);
	return s;
}

static void kdone(struct run *r)
{
	linux_kernel_unclaim(r->s);
	sim_destroy(r->s);
	sim_strategy_destroy(r->st);
}

static size_t nviol(const struct sim *s, const char *prop, const char **msg)
{
	size_t i, n = 0;

	for (i = 0; i < sim_violation_count(s); i++)
		if (!strcmp(sim_violation_get(s, i)->property, prop)) {
			if (msg)
				*msg = sim_str(s, sim_violation_get(s, i)->msg);
			n++;
		}
	return n;
}

static void load_drv(void *arg)
{
	struct run *r = arg;

	r->rc[0] = modprobe("kt_drv");
	wait_for_device_probe();
	r->rc[1] = rmmod("kt_core");
	kt_test_state(&r->kt);
}

static void boot(struct run *r, uint64_t seed, void (*fn)(void *))
{
	r->s = ksim(seed, &r->st);
	sim_spawn(r->s, "boot", fn, r);
	assert_int_equal(sim_run(r->s), 0);
}

/* modprobe kt_drv loads kt_core first: the build found kt_drv uses kt_core's exports. */
CXLSIM_TEST(export_use_makes_modprobe_load_the_exporter_first)
{
	struct run r = { 0 };
	const struct module_desc *const *mods;
	size_t n, i;
	bool found = false;

	need_image();
	mods = kt_test_modules(&n);
	for (i = 0; i < n; i++) {
		if (strcmp(mods[i]->name, "kt_drv"))
			continue;
		for (const char *const *u = mods[i]->uses; *u; u++)
			found |= !strcmp(*u, "kt_add_device");
	}
	assert_true(found);
	boot(&r, 1, load_drv);
	assert_int_equal(r.rc[0], 0);
	assert_int_equal(r.kt.core_inits, 1);
	/* rmmod of a module another one uses is refused. */
	assert_int_equal(r.rc[1], -EBUSY);
	kdone(&r);
}

/* A failed probe unwinds its devres at once; the work item ran for both probes. */
CXLSIM_TEST(failed_probe_unwinds_devres_and_work_items_run)
{
	struct run r = { 0 };

	need_image();
	boot(&r, 2, load_drv);
	assert_int_equal(r.kt.probes_ok, 1);
	assert_int_equal(r.kt.probes_failed, 1);
	assert_int_equal(r.kt.devres_actions, 1);
	assert_int_equal(r.kt.work_runs, 2);
	assert_int_equal(nviol(r.s, "devres-once", NULL), 0);
	kdone(&r);
}

/*
 * kt_sync is probed before device_add() returns; kt_async may be probed
 * after kt_drv's init goes on (some seed shows it).
 */
CXLSIM_TEST(sync_probe_is_done_at_device_add_async_probe_may_come_later)
{
	bool async_late = false;

	need_image();
	for (uint64_t seed = 0; seed < 40; seed++) {
		struct run r = { 0 };
		const char *sync, *added, *async;

		boot(&r, seed, load_drv);
		sync = strstr(r.kt.order, "kt_sync");
		added = strstr(r.kt.order, "added");
		async = strstr(r.kt.order, "kt_async");
		assert_non_null(sync);
		assert_non_null(added);
		assert_non_null(async);
		assert_true(sync < added);
		async_late |= async > added;
		kdone(&r);
	}
	assert_true(async_late);
}

/* Every run starts from the pristine image: kt_core's static counter is 1 each time. */
CXLSIM_TEST(kernel_globals_are_reset_between_runs)
{
	need_image();
	for (int i = 0; i < 3; i++) {
		struct run r = { 0 };

		boot(&r, 3, load_drv);
		assert_int_equal(r.kt.core_inits, 1);
		kdone(&r);
	}
}

/* A second simulation may not run kernel code while the first holds the image. */
CXLSIM_TEST(second_concurrent_simulation_is_refused)
{
	struct sim *a, *b;

	need_image();
	assert_int_equal(sim_new(&a, NULL), 0);
	assert_int_equal(sim_new(&b, NULL), 0);
	assert_int_equal(linux_kernel_claim(a), 0);
	assert_int_equal(linux_kernel_claim(b), -EBUSY);
	linux_kernel_unclaim(a);
	assert_int_equal(linux_kernel_claim(b), 0);
	linux_kernel_unclaim(b);
	sim_destroy(a);
	sim_destroy(b);
}

static void load_unimpl(void *arg)
{
	struct run *r = arg;

	r->rc[0] = modprobe("kt_unimpl");
	r->rc[1] = 1;	/* never reached: the run stopped in kt_unimpl's init */
}

/* A call to a function nothing provides stops the run with a finding, not a crash. */
CXLSIM_TEST(unimplemented_symbol_stops_the_run_with_its_caller)
{
	struct run r = { 0 };
	const char *msg = NULL;

	need_image();
	boot(&r, 4, load_unimpl);
	assert_int_equal(nviol(r.s, "unimplemented", &msg), 1);
	assert_string_equal(msg, "unimplemented: kt_nobody_provides called from "
				 "tests/linux/drivers/kt_unimpl.c:kt_unimpl_init");
	assert_int_equal(r.rc[1], 0);
	kdone(&r);
}

static void xarray_task(void *arg)
{
	struct run *r = arg;

	r->rc[0] = kt_test_xarray();
}

CXLSIM_TEST(xarray_and_ida_keep_the_kernel_semantics)
{
	struct run r = { 0 };

	need_image();
	boot(&r, 5, xarray_task);
	assert_int_equal(r.rc[0], 0);
	kdone(&r);
}

static void two_orders(void *arg)
{
	struct sim *s = sim_current();

	sim_spawn(s, "ab", kt_test_lock_ab, NULL);
	sim_spawn(s, "ba", kt_test_lock_ba, NULL);
}

/*
 * Two mutexes taken in both orders (plain calls in one task, guards in the
 * other): lock-order reports the cycle in every schedule, whether or not
 * the schedule deadlocks, at the kernel-style file's own functions.
 */
CXLSIM_TEST(mutexes_taken_in_two_orders_are_found)
{
	need_image();
	for (uint64_t seed = 0; seed < 20; seed++) {
		struct run r = { 0 };
		const char *msg = NULL;

		boot(&r, seed, two_orders);
		assert_int_equal(nviol(r.s, "lock-order", &msg), 1);
		assert_non_null(strstr(msg, "kt_lock_a"));
		assert_non_null(strstr(msg, "kt_lock_b"));
		assert_non_null(strstr(msg, "at kt_test_lock_ab (kt_entry.c:"));
		assert_non_null(strstr(msg, "at kt_test_lock_ba (kt_entry.c:"));
		/* Never the compat header's constructor. */
		assert_null(strstr(msg, "constructor"));
		assert_null(strstr(msg, "mutex.h"));
		kdone(&r);
	}
}

static void device_locks(void *arg)
{
	(void)arg;
	sim_spawn(sim_current(), "devlocks", kt_test_device_locks, NULL);
}

/* Device locks nested in both orders: novalidate, as in the kernel; nothing to report. */
CXLSIM_TEST(device_locks_are_novalidate_under_kernel_code)
{
	struct run r = { 0 };

	need_image();
	boot(&r, 7, device_locks);
	assert_int_equal(nviol(r.s, "lock-order", NULL), 0);
	assert_int_equal(nviol(r.s, "no-deadlock", NULL), 0);
	kdone(&r);
}

/* The same code with device locks validated (the CXL model's way): reported. */
CXLSIM_TEST(device_locks_validated_would_be_reported)
{
	struct run r = { 0 };
	const char *msg = NULL;

	need_image();
	r.s = ksim(7, &r.st);
	drv_core_of(r.s)->device_locks_novalidate = false;
	sim_spawn(r.s, "boot", device_locks, &r);
	assert_int_equal(sim_run(r.s), 0);
	assert_int_equal(nviol(r.s, "lock-order", &msg), 1);
	assert_non_null(strstr(msg, "at kt_test_device_locks (kt_entry.c:"));
	kdone(&r);
}

static void device_locks_classed(void *arg)
{
	(void)arg;
	sim_spawn(sim_current(), "devlocks", kt_test_device_locks_classed, NULL);
}

/*
 * A class the driver gives a device mutex (lockdep_set_class()) is checked,
 * as the kernel's lockdep checks cxl_memdev_key and cxl_port_key: two
 * unrelated devices of that class nested is recursive locking of the class.
 */
CXLSIM_TEST(device_locks_with_a_class_of_their_own_are_validated)
{
	struct run r = { 0 };
	const char *msg = NULL;

	need_image();
	boot(&r, 7, device_locks_classed);
	assert_int_equal(nviol(r.s, "lock-order", &msg), 1);
	assert_non_null(strstr(msg, "kt_devlock_key"));
	assert_non_null(strstr(msg, "at kt_test_device_locks_classed (kt_entry.c:"));
	kdone(&r);
}

static void rwsem_held(void *arg)
{
	(void)arg;
	sim_spawn(sim_current(), "rwsem", kt_test_rwsem_held, NULL);
}

/* rwsems are sim_rwsems: lockdep_assert_held() sees either side, and only the holder's. */
CXLSIM_TEST(lockdep_assert_held_on_an_rwsem_sees_read_and_write)
{
	struct run r = { 0 };
	const char *msg = NULL;

	need_image();
	boot(&r, 8, rwsem_held);
	assert_int_equal(nviol(r.s, "lockdep", &msg), 1);
	assert_non_null(strstr(msg, "kt_rwsem"));
	assert_int_equal(nviol(r.s, "lock-order", NULL), 0);
	assert_int_equal(nviol(r.s, "no-deadlock", NULL), 0);
	kdone(&r);
}

static void same_class(void *arg)
{
	sim_spawn(sim_current(), "sameclass", kt_test_lock_same_class, arg);
}

/*
 * Two locks of one class nested: recursion in the class for lockdep, once for the
 * mutexes and once for the rwsems, unless the inner one has a subclass of its own,
 * given at the acquisition (mutex_lock_nested(), down_write_nested()) or beforehand
 * (lockdep_set_subclass()), as in the kernel.
 */
CXLSIM_TEST(lock_subclasses_make_classes_of_their_own)
{
	static const char *const how[] = { "plain", "nested", "set" };

	need_image();
	for (size_t i = 0; i < 3; i++) {
		struct run r = { 0 };
		const char *msg = NULL;

		r.s = ksim(3, &r.st);
		sim_spawn(r.s, "boot", same_class, (void *)how[i]);
		assert_int_equal(sim_run(r.s), 0);
		if (i == 0) {
			assert_int_equal(nviol(r.s, "lock-order", &msg), 2);
			assert_non_null(strstr(msg, "&p->sem"));
		} else {
			assert_int_equal(nviol(r.s, "lock-order", &msg), 0);
		}
		assert_int_equal(nviol(r.s, "no-deadlock", NULL), 0);
		kdone(&r);
	}
}
