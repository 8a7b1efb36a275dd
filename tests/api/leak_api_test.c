// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * no-leak for what the user's code made through <cxlsim/bus.h>: a device not
 * released, or a bus or driver not unregistered, by the end of the run is
 * reported with where it was made; a module's own bus or driver is not while
 * the module is loaded.
 */
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>

#include "api_test_util.h"

/* The call site in each report ("called from FILE+0xOFF, ") becomes "called from SITE, ". */
static char *without_sites(char *v)
{
	char *p = v, *end;

	while ((p = strstr(p, "called from "))) {
		p += strlen("called from ");
		end = strstr(p, ", in task ");
		assert_non_null(end);
		memmove(p + 4, end, strlen(end) + 1);
		memcpy(p, "SITE", 4);
	}
	return v;
}

/* Run @boot on a fresh context; the violations, one "property: message\n" each. */
static char *run_violations(cxlsim_task_fn boot, void *arg, const struct cxlsim_opts *opts,
			    const struct cxlsim_module_info *mod)
{
	static char out[2048];
	struct cxlsim_ctx *ctx;
	size_t i;

	out[0] = 0;
	assert_int_equal(cxlsim_ctx_new(&ctx, opts), 0);
	if (mod)
		assert_int_equal(cxlsim_module_add(ctx, mod), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, boot, arg), 0);
	for (i = 0; i < cxlsim_ctx_violation_count(ctx); i++) {
		const char *p, *m;

		cxlsim_ctx_violation(ctx, i, &p, &m);
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s: %s\n", p, m);
	}
	cxlsim_ctx_free(ctx);
	return out;
}

static void keep_device(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;

	cxlsim_yield(ctx, "before");
	r->dev = add_dev(ctx, NULL, "kept0", r);
}

CXLSIM_TEST(device_never_deleted_is_a_leak_naming_where_it_was_made)
{
	struct rec r = { 0 };
	char *v = without_sites(run_violations(keep_device, &r, NULL, NULL));

	assert_string_equal(v, "no-leak: device kept0 (cxlsim_device_new() called from SITE, "
			       "in task boot, step 1) was never released: 1 reference(s) "
			       "left, still added (no cxlsim_device_del())\n");
	assert_int_equal(r.releases, 0);
}

static void maker(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;

	r->dev = add_dev(ctx, NULL, "held0", r);
	cxlsim_device_del(r->dev); /* deleted, but the creator's reference is kept */
}

static void spawn_maker(struct cxlsim_ctx *ctx, void *arg)
{
	cxlsim_task_spawn(ctx, "maker", maker, arg);
}

CXLSIM_TEST(device_deleted_but_still_referenced_is_a_leak_in_the_task_that_made_it)
{
	struct rec r = { 0 };
	char *v = run_violations(spawn_maker, &r, NULL, NULL);

	assert_non_null(strstr(without_sites(v), "no-leak: device held0 (cxlsim_device_new() "
						  "called from SITE, in task maker, "));
	assert_non_null(strstr(v, "was never released: 1 reference(s) left\n"));
	assert_null(strstr(v, "still added"));
}

static void keep_bus_and_driver(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	static const struct cxlsim_driver_ops ops = { .size = sizeof(ops), .name = "x" };

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	cxlsim_driver_register(&r->drv, r->bus, &ops);
}

CXLSIM_TEST(bus_and_driver_never_unregistered_are_leaks_in_creation_order)
{
	struct rec r = { 0 };
	char *v = without_sites(run_violations(keep_bus_and_driver, &r, NULL, NULL));

	assert_string_equal(v, "no-leak: bus t (cxlsim_bus_register() called from SITE, in "
			       "task boot, step 0) was never unregistered\n"
			       "no-leak: driver x on bus t (cxlsim_driver_register() called "
			       "from SITE, in task boot, step 1) was never unregistered\n");
}

static void everything_taken_down(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;

	keep_bus_and_driver(ctx, arg);
	r->dev = add_dev(ctx, r->bus, "x0", r);
	remove_dev(r->dev);
	cxlsim_driver_unregister(r->drv);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(nothing_reported_when_everything_is_taken_down)
{
	struct rec r = { 0 };

	assert_string_equal(run_violations(everything_taken_down, &r, NULL, NULL), "");
	assert_int_equal(r.releases, 1);
}

/* The module's init registers a bus and a driver; its exit "forgets" them when asked. */
static int owner_init(struct cxlsim_ctx *ctx, void *priv)
{
	struct rec *r = priv;
	static const struct cxlsim_driver_ops ops = { .size = sizeof(ops), .name = "x" };
	int ret = cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);

	return ret ? ret : cxlsim_driver_register(&r->drv, r->bus, &ops);
}

static void owner_exit(struct cxlsim_ctx *ctx, void *priv)
{
	struct rec *r = priv;

	(void)ctx;
	if (r->ret[14])
		return;
	cxlsim_driver_unregister(r->drv);
	cxlsim_bus_unregister(r->bus);
}

static void load_module(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;

	r->ret[0] = cxlsim_modprobe(ctx, "owner");
	if (r->ret[13])
		r->ret[1] = cxlsim_rmmod(ctx, "owner");
}

CXLSIM_TEST(a_loaded_modules_bus_and_driver_are_the_modules_not_leaks)
{
	struct rec r = { 0 };
	const struct cxlsim_module_info mod = {
		.size = sizeof(mod),
		.name = "owner",
		.init = owner_init,
		.exit = owner_exit,
		.priv = &r,
	};

	/* Still loaded at the end: its exit would take them down. */
	assert_string_equal(run_violations(load_module, &r, NULL, &mod), "");
	assert_int_equal(r.ret[0], 0);
	/* Unloaded, and its exit did: nothing either. */
	r.ret[13] = 1;
	assert_string_equal(run_violations(load_module, &r, NULL, &mod), "");
	assert_int_equal(r.ret[1], 0);
	/* Unloaded, and its exit forgot them. */
	r.ret[14] = 1;
	assert_string_equal(without_sites(run_violations(load_module, &r, NULL, &mod)),
			    "no-leak: bus t (cxlsim_bus_register() called from SITE, in task boot, "
			    "step 2) was never unregistered; its module owner is unloaded\n"
			    "no-leak: driver x on bus t (cxlsim_driver_register() called "
			    "from SITE, in task boot, step 3) was never unregistered; its "
			    "module owner is unloaded\n");
}

static void spin(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;

	r->dev = add_dev(ctx, NULL, "spun0", r);
	for (;;)
		cxlsim_yield(ctx, "spin");
}

CXLSIM_TEST(a_run_the_step_bound_stopped_reports_no_leak)
{
	struct cxlsim_opts opts = { .size = sizeof(opts), .max_steps = 50 };
	struct rec r = { 0 };
	char *v = run_violations(spin, &r, &opts, NULL);

	assert_non_null(strstr(v, "no-livelock"));
	assert_null(strstr(v, "no-leak"));
}

/* Not inlined: the call site must fall inside this function. */
__attribute__((noinline)) static void made_here(struct cxlsim_ctx *ctx, void *arg)
{
	struct cxlsim_device_info info = {
		.size = sizeof(info),
		.name = "here0",
		.release = rec_release,
		.data = arg,
	};
	struct cxlsim_device *dev;

	cxlsim_device_new(&dev, ctx, &info);
}

CXLSIM_TEST(the_call_site_is_the_callers_address_as_addr2line_takes_it)
{
	struct rec r = { 0 };
	char v[1024], *site, *plus;
	const ElfW(Ehdr) *eh;
	uintptr_t off, fn;
	Dl_info info;

	snprintf(v, sizeof(v), "%s", run_violations(made_here, &r, NULL, NULL));
	site = strstr(v, "called from ");

	assert_non_null(site);
	plus = strchr(site, '+');
	assert_non_null(plus);
	/* "test-api+0xOFF": this program, at OFF from where it is loaded (PIE) or at OFF. */
	assert_true(dladdr((void *)made_here, &info));
	assert_memory_equal(site + strlen("called from "), "test-api+0x", 11);
	off = (uintptr_t)strtoull(plus + 1, NULL, 16);
	eh = info.dli_fbase;
	fn = (uintptr_t)(void *)made_here - (eh->e_type == ET_DYN ? (uintptr_t)info.dli_fbase : 0);
	/* Within the function: its call is a few hundred bytes in, more under ASan. */
	assert_true(off > fn && off < fn + 4096);
	/* The same in every run. */
	assert_string_equal(v, run_violations(made_here, &r, NULL, NULL));
}
