/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The test kernel image (tests/linux/drivers/, compiled as kernel code) and
 * what the tests see of it: plain C, no compat headers.
 */
#ifndef CXLSIM_TESTS_LINUX_KT_H
#define CXLSIM_TESTS_LINUX_KT_H

#include <stddef.h>

struct module_desc;

/* What the test drivers did in this run (a kernel global: every run starts at zero). */
struct kt_state {
	int core_inits;		/* kt_core's module init: 1 in every run if the image is reset */
	int probes_ok;
	int probes_failed;
	int devres_actions;	/* kt_drv's devm action, run on probe failure and unbind */
	int work_runs;
	int removes;
	char order[128];	/* probe order of the kt_sync/kt_async devices */
};

/* The test image's modules: kt_core, kt_drv (uses kt_core's exports), kt_unimpl. */
const struct module_desc *const *kt_test_modules(size_t *n) __attribute__((weak));
void kt_test_state(struct kt_state *out) __attribute__((weak));
/* In a task: xarray/IDA semantics; 0, or the line of the first check that failed. */
int kt_test_xarray(void) __attribute__((weak));
/* In a task each: take kt_lock_a then kt_lock_b, or the reverse. */
void kt_test_lock_ab(void *unused) __attribute__((weak));
void kt_test_lock_ba(void *unused) __attribute__((weak));
/* In a task: two device locks of one bus nested in both orders (sequentially). */
void kt_test_device_locks(void *unused) __attribute__((weak));
void kt_test_device_locks_classed(void *unused) __attribute__((weak));
/* In a task: lockdep_assert_held() on an rwsem held for read, for write, and not held. */
void kt_test_rwsem_held(void *unused) __attribute__((weak));
/*
 * In a task: two mutexes of one class (one init site) nested, then two rwsems of one
 * class; @how is "plain" (no subclass: recursion in the class), "nested" (the _nested()
 * calls) or "set" (lockdep_set_subclass() on the inner ones, then the plain calls).
 */
void kt_test_lock_same_class(void *how) __attribute__((weak));

#endif
