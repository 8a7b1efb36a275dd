// SPDX-License-Identifier: LGPL-2.1-or-later
/* <cxlsim/bus.h> modules: add, modprobe with dependencies, rmmod, request_module, errors. */
#include "api_test_util.h"

static int mod_init(struct cxlsim_ctx *ctx, void *priv)
{
	struct rec *r = priv;

	rlog(r, cxlsim_ctx_current() == ctx ? "init" : "init-wrong-ctx");
	return r->ret[15];
}

static void mod_exit(struct cxlsim_ctx *ctx, void *priv)
{
	(void)ctx;
	rlog(priv, "exit");
}

/* b uses a's symbol, so a loads first; c only softdeps on a. */
static const char *const a_exports[] = { "a_fn", NULL };
static const char *const b_uses[] = { "a_fn", NULL };

struct mods {
	struct rec a, b, c;
	struct cxlsim_module_info info[3];
};

static void mods_init(struct mods *m)
{
	static const char *const c_softdep[] = { "a", NULL };

	m->info[0] = (struct cxlsim_module_info){ .size = sizeof(m->info[0]),
						  .name = "a",
						  .init = mod_init,
						  .exit = mod_exit,
						  .priv = &m->a,
						  .exports = a_exports };
	m->info[1] = (struct cxlsim_module_info){ .size = sizeof(m->info[0]),
						  .name = "b",
						  .init = mod_init,
						  .exit = mod_exit,
						  .priv = &m->b,
						  .uses = b_uses };
	m->info[2] = (struct cxlsim_module_info){ .size = sizeof(m->info[0]),
						  .name = "c",
						  .init = mod_init,
						  .priv = &m->c,
						  .softdep_pre = c_softdep };
}

static void load_unload(struct cxlsim_ctx *ctx, void *arg)
{
	struct mods *m = arg;
	struct rec *r = &m->c; /* results go in c's record */

	r->ret[0] = cxlsim_modprobe(ctx, "b");
	r->ret[1] = cxlsim_module_is_live(ctx, "a") && cxlsim_module_is_live(ctx, "b");
	r->ret[2] = cxlsim_rmmod(ctx, "a"); /* b depends on it */
	r->ret[3] = cxlsim_rmmod(ctx, "b");
	r->ret[4] = cxlsim_rmmod(ctx, "b"); /* not loaded */
	r->ret[5] = cxlsim_rmmod(ctx, "a");
	r->ret[6] = cxlsim_modprobe(ctx, "nosuch");
	r->ret[7] = cxlsim_request_module(ctx, "c"); /* softdep: a again first */
	r->ret[8] = cxlsim_module_is_live(ctx, "a") && !cxlsim_module_is_live(ctx, "b") &&
		    !cxlsim_module_is_live(ctx, "nosuch") && !cxlsim_module_is_live(ctx, NULL);
	r->ret[9] = cxlsim_modprobe(ctx, NULL);
	r->ret[10] = cxlsim_rmmod(ctx, NULL);
	r->ret[11] = cxlsim_request_module(ctx, NULL);
	r->ret[12] = cxlsim_modprobe(NULL, "a");
}

CXLSIM_TEST(modprobe_dependencies_rmmod_and_request_module)
{
	struct mods m = { 0 };
	struct cxlsim_ctx *ctx;
	size_t i;

	mods_init(&m);
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(cxlsim_module_add(ctx, &m.info[i]), 0);
	assert_int_equal(cxlsim_ctx_run(ctx, load_unload, &m), 0);
	assert_int_equal(m.c.ret[0], 0);
	assert_int_equal(m.c.ret[1], 1);
	assert_int_equal(m.c.ret[2], -EBUSY);
	assert_int_equal(m.c.ret[3], 0);
	assert_int_equal(m.c.ret[4], -ENOENT);
	assert_int_equal(m.c.ret[5], 0);
	assert_int_equal(m.c.ret[6], -ENOENT);
	assert_int_equal(m.c.ret[7], 0);
	assert_int_equal(m.c.ret[8], 1);
	assert_int_equal(m.c.ret[9], -EINVAL);
	assert_int_equal(m.c.ret[10], -EINVAL);
	assert_int_equal(m.c.ret[11], -EINVAL);
	assert_int_equal(m.c.ret[12], -EPERM);
	assert_string_equal(m.a.log, "init exit init ");
	assert_string_equal(m.b.log, "init exit ");
	assert_string_equal(m.c.log, "init ");
	/* Every run starts with nothing loaded: the same again. */
	memset(m.a.log, 0, sizeof(m.a.log));
	assert_int_equal(cxlsim_ctx_run(ctx, load_unload, &m), 0);
	assert_string_equal(m.a.log, "init exit init ");
	cxlsim_ctx_free(ctx);
}

static void failing_init(struct cxlsim_ctx *ctx, void *arg)
{
	struct mods *m = arg;

	m->a.ret[15] = -EIO;
	m->c.ret[0] = cxlsim_modprobe(ctx, "a");
	m->c.ret[1] = cxlsim_module_is_live(ctx, "a");
	m->c.ret[2] = cxlsim_modprobe(ctx, "b"); /* its dependency fails */
	m->c.ret[3] = cxlsim_rmmod(ctx, "a");
	m->a.ret[15] = 0;
}

CXLSIM_TEST(module_init_failure_leaves_it_unloaded)
{
	struct mods m = { 0 };

	mods_init(&m);
	run_rec(failing_init, &m, m.info, 3);
	assert_int_equal(m.c.ret[0], -EIO);
	assert_int_equal(m.c.ret[1], 0);
	assert_int_equal(m.c.ret[2], -EIO);
	assert_int_equal(m.c.ret[3], -ENOENT);
}

static void add_inside_run(struct cxlsim_ctx *ctx, void *arg)
{
	struct mods *m = arg;

	m->c.ret[0] = cxlsim_module_add(ctx, &m->info[2]);
}

CXLSIM_TEST(module_add_errors)
{
	struct mods m = { 0 };
	struct cxlsim_module_info bad;
	struct cxlsim_ctx *ctx;

	mods_init(&m);
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	assert_int_equal(cxlsim_module_add(ctx, NULL), -EINVAL);
	assert_int_equal(cxlsim_module_add(NULL, &m.info[0]), -EINVAL);
	bad = m.info[0];
	bad.size = 0;
	assert_int_equal(cxlsim_module_add(ctx, &bad), -EINVAL);
	bad = m.info[0];
	bad.name = "";
	assert_int_equal(cxlsim_module_add(ctx, &bad), -EINVAL);
	assert_int_equal(cxlsim_module_add(ctx, &m.info[0]), 0);
	assert_int_equal(cxlsim_module_add(ctx, &m.info[0]), -EEXIST);
	assert_int_equal(cxlsim_ctx_run(ctx, add_inside_run, &m), 0);
	assert_int_equal(m.c.ret[0], -EBUSY);
	/* Outside a run nothing loads. */
	assert_int_equal(cxlsim_modprobe(ctx, "a"), -EPERM);
	assert_int_equal(cxlsim_rmmod(ctx, "a"), -EPERM);
	assert_int_equal(cxlsim_request_module(ctx, "a"), -EPERM);
	assert_int_equal(cxlsim_wait_for_device_probe(ctx), -EPERM);
	assert_false(cxlsim_module_is_live(ctx, "a"));
	cxlsim_ctx_free(ctx);
}

static const struct cxlsim_driver_ops owned_ops = { .size = sizeof(owned_ops), .name = "x" };

static int owner_init(struct cxlsim_ctx *ctx, void *priv)
{
	struct rec *r = priv;

	return cxlsim_driver_register(&r->drv, cxlsim_bus_find(ctx, "t"), &owned_ops);
}

static void owner_exit(struct cxlsim_ctx *ctx, void *priv)
{
	(void)ctx;
	cxlsim_driver_unregister(((struct rec *)priv)->drv);
}

static void driver_in_module(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	dev = add_dev(ctx, r->bus, "x0", r);
	r->ret[0] = cxlsim_modprobe(ctx, "xdrv");
	r->ret[1] = cxlsim_device_driver(dev) != NULL;
	r->ret[2] = cxlsim_rmmod(ctx, "xdrv"); /* exit unregisters: the device unbinds */
	r->ret[3] = cxlsim_device_driver(dev) == NULL;
	remove_dev(dev);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(driver_registered_by_module_init_unbinds_at_rmmod)
{
	struct rec r = { 0 };
	const struct cxlsim_module_info mod = {
		.size = sizeof(mod),
		.name = "xdrv",
		.init = owner_init,
		.exit = owner_exit,
		.priv = &r,
	};

	run_rec(driver_in_module, &r, &mod, 1);
	assert_int_equal(r.ret[0], 0);
	assert_int_equal(r.ret[1], 1);
	assert_int_equal(r.ret[2], 0);
	assert_int_equal(r.ret[3], 1);
}
