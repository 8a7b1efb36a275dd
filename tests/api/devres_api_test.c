// SPDX-License-Identifier: LGPL-2.1-or-later
/* <cxlsim/bus.h> devres: actions and allocations released last first, groups, errors. */
#include "api_test_util.h"

static void act(void *p)
{
	struct rec *r = p;
	char buf[16];

	snprintf(buf, sizeof(buf), "a%d", ++r->actions);
	rlog(r, buf);
}

static void act_a(void *p)
{
	rlog(p, "A");
}

static void act_b(void *p)
{
	rlog(p, "B");
}

static void act_c(void *p)
{
	rlog(p, "C");
}

static int devres_probe(struct cxlsim_device *dev)
{
	struct rec *r = cxlsim_device_data(dev);
	unsigned char *mem = cxlsim_devm_alloc(dev, 16);
	void *grp;

	r->ret[0] = mem && !mem[0] && !mem[15];
	r->ret[1] = cxlsim_devm_add_action(dev, act_a, r, "act_a");
	grp = cxlsim_devres_open_group(dev, NULL);
	r->ret[2] = grp != NULL;
	r->ret[3] = cxlsim_devm_add_action(dev, act_b, r, NULL);
	cxlsim_devres_close_group(dev, grp);
	r->ret[4] = cxlsim_devm_add_action_or_reset(dev, act_c, r, "act_c");
	r->ret[5] = (int)cxlsim_devres_count(dev);	   /* mem, A, B, C */
	r->ret[6] = cxlsim_devres_release_group(dev, grp); /* B only */
	r->ret[7] = cxlsim_devres_release_group(dev, grp); /* gone */
	cxlsim_devm_free(dev, mem);
	r->ret[8] = (int)cxlsim_devres_count(dev); /* A, C */
	return r->ret[15];
}

static const struct cxlsim_driver_ops d_ops = {
	.size = sizeof(d_ops),
	.name = "x",
	.probe = devres_probe,
};

static void devres_run(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev;

	cxlsim_bus_register(&r->bus, ctx, &t_bus_ops);
	cxlsim_driver_register(&r->drv, r->bus, &d_ops);
	dev = add_dev(ctx, r->bus, "x0", r);
	rlog(r, "|");
	cxlsim_driver_unbind(r->drv, "x0");
	r->ret[9] = (int)cxlsim_devres_count(dev);
	remove_dev(dev);
	cxlsim_driver_unregister(r->drv);
	cxlsim_bus_unregister(r->bus);
}

CXLSIM_TEST(devres_groups_and_reverse_release_at_unbind)
{
	struct rec r = { 0 };

	run_rec(devres_run, &r, NULL, 0);
	assert_int_equal(r.ret[0], 1); /* zeroed */
	assert_int_equal(r.ret[1], 0);
	assert_int_equal(r.ret[2], 1);
	assert_int_equal(r.ret[3], 0);
	assert_int_equal(r.ret[4], 0);
	assert_int_equal(r.ret[5], 4);
	assert_true(r.ret[6] >= 1);
	assert_int_equal(r.ret[7], -ENOENT);
	assert_int_equal(r.ret[8], 2);
	assert_int_equal(r.ret[9], 0);
	assert_string_equal(r.log, "B | C A release ");
}

CXLSIM_TEST(devres_released_in_reverse_when_probe_fails)
{
	struct rec r = { 0 };

	r.ret[15] = -ENOMEM;
	run_rec(devres_run, &r, NULL, 0);
	/* The failed probe undid C and A; the unbind found nothing bound. */
	assert_string_equal(r.log, "B C A | release ");
}

static void remove_release_actions(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev;

	dev = add_dev(ctx, NULL, "d0", r);
	cxlsim_devm_add_action(dev, act, r, "act");
	cxlsim_devm_add_action(dev, act_a, r, "act_a");
	cxlsim_devm_remove_action(dev, act_a, r); /* forgotten, never runs */
	cxlsim_devm_release_action(dev, act, r);  /* runs now, once */
	r->ret[0] = (int)cxlsim_devres_count(dev);
	rlog(r, "|");
	remove_dev(dev);
}

CXLSIM_TEST(devm_remove_and_release_action)
{
	struct rec r = { 0 };

	run_rec(remove_release_actions, &r, NULL, 0);
	assert_int_equal(r.ret[0], 0);
	assert_string_equal(r.log, "a1 | release ");
}

static void bad_arguments(struct cxlsim_ctx *ctx, void *arg)
{
	struct rec *r = arg;
	struct cxlsim_device *dev = new_dev(ctx, NULL, "d0", NULL, r);

	r->ret[0] = cxlsim_devm_add_action(NULL, act, r, NULL);
	r->ret[1] = cxlsim_devm_add_action(dev, NULL, r, NULL);
	r->ret[2] = cxlsim_devm_add_action_or_reset(dev, NULL, r, NULL);
	r->ret[3] = cxlsim_devm_add_action_or_reset(NULL, act, r, NULL); /* runs act */
	r->ret[4] = cxlsim_devres_release_group(NULL, NULL);
	r->ret[5] = cxlsim_devres_release_group(dev, r);
	r->ret[6] = cxlsim_devm_alloc(NULL, 8) == NULL && cxlsim_devm_alloc(dev, 0) == NULL &&
		    cxlsim_devres_open_group(NULL, NULL) == NULL && cxlsim_devres_count(NULL) == 0;
	cxlsim_devm_free(NULL, r);
	cxlsim_devm_remove_action(NULL, act, r);
	cxlsim_devm_release_action(dev, NULL, r);
	cxlsim_devres_close_group(NULL, NULL);
	cxlsim_devres_remove_group(NULL, NULL);
	cxlsim_device_unref(dev);
}

CXLSIM_TEST(devres_bad_arguments)
{
	struct rec r = { 0 };
	struct cxlsim_ctx *ctx;

	run_rec(bad_arguments, &r, NULL, 0);
	for (int i = 0; i <= 4; i++)
		assert_int_equal(r.ret[i], -EINVAL);
	assert_int_equal(r.ret[5], -ENOENT);
	assert_int_equal(r.ret[6], 1);
	assert_string_equal(r.log, "a1 release ");
	/* On the host: -EPERM, and the _or_reset action still runs. */
	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	r.actions = 0;
	r.log[0] = '\0';
	assert_int_equal(cxlsim_devm_add_action_or_reset((struct cxlsim_device *)&r, act, &r, NULL),
			 -EPERM);
	assert_int_equal(cxlsim_devm_add_action((struct cxlsim_device *)&r, act, &r, NULL), -EPERM);
	assert_string_equal(r.log, "a1 ");
	cxlsim_ctx_free(ctx);
}
