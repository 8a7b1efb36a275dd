// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What all-attached rests on in the driver core: the error of a device's
 * last probe (really_probe(), kernel-facts A5) and when the machine has
 * settled (bus/settled.h).
 */
#include "bus_test_util.h"
#include "bus/settled.h"

struct lp {
	struct device_driver drv, helper;
	struct tdev *dev, *other;
	int script[4];			/* what the probe of a0 returns, call by call */
	unsigned int calls;
	int err_after_first, err_after_add;
	unsigned int probes_after_first;
	bool settled_with_task;
	char why[128];
};

static struct lp *cur;

static int lp_probe(struct device *dev)
{
	return cur->script[cur->calls++];
}

static int helper_probe(struct device *dev)
{
	return 0;
}

static void nothing(void *arg)
{
	sim_sched_point(sim_current(), "nothing", 0);
}

/*
 * a0's probe returns script[0] when the driver registers; then b0 binds,
 * which triggers deferred probing and retries a0 if it deferred.
 */
static void last_probe_scenario(void *arg)
{
	struct lp *l = arg;

	bus_register(&tb()->bus);
	l->dev = tdev_new("a", "a0", NULL);
	device_add(&l->dev->dev);
	l->err_after_add = l->dev->dev.last_probe_err;
	l->drv = (struct device_driver){ .name = "a", .bus = &tb()->bus, .probe = lp_probe };
	driver_register(&l->drv);
	l->err_after_first = l->dev->dev.last_probe_err;
	l->probes_after_first = l->dev->dev.probes;
	/* A task still to run: the machine has not settled. */
	sim_spawn(sim_current(), "pending", nothing, NULL);
	l->settled_with_task = drv_core_settled(sim_current(), l->why, sizeof(l->why));
	l->other = tdev_new("b", "b0", NULL);
	device_add(&l->other->dev);
	l->helper = (struct device_driver){ .name = "b", .bus = &tb()->bus,
					     .probe = helper_probe };
	driver_register(&l->helper);
}

static struct sim *run_lp(struct lp *l, struct sim_strategy **st)
{
	cur = l;
	return trun(0, last_probe_scenario, l, false, st);
}

/* A5: a failed probe leaves its error; nothing retries it. */
CXLSIM_TEST(last_probe_err_records_a_failed_probe)
{
	struct lp l = { .script = { -ENOMEM, 0 } };
	struct sim_strategy *st;
	struct sim *s = run_lp(&l, &st);

	assert_int_equal(l.err_after_add, 0);
	assert_int_equal(l.err_after_first, -ENOMEM);
	assert_int_equal(l.probes_after_first, 1);
	assert_int_equal(l.calls, 1);
	assert_int_equal(l.dev->dev.last_probe_err, -ENOMEM);
	assert_null(l.dev->dev.driver);
	tdone(s, st);
}

/* A5/A6: a deferred probe leaves -EPROBE_DEFER until the retry, which overwrites it. */
CXLSIM_TEST(last_probe_err_records_a_deferral_and_its_retry)
{
	struct lp l = { .script = { -EPROBE_DEFER, 0 } };
	struct sim_strategy *st;
	struct sim *s = run_lp(&l, &st);

	assert_int_equal(l.err_after_first, -EPROBE_DEFER);
	/* b0's bind triggered deferred probing: a0 was retried and bound. */
	assert_int_equal(l.calls, 2);
	assert_int_equal(l.dev->dev.probes, 2);
	assert_int_equal(l.dev->dev.last_probe_err, 0);
	assert_non_null(l.dev->dev.driver);
	tdone(s, st);
}

/* A deferral no later bind retries stays as the device's last error. */
CXLSIM_TEST(last_probe_err_keeps_a_deferral_nothing_retried)
{
	struct lp l = { .script = { -EPROBE_DEFER, -EPROBE_DEFER, -EPROBE_DEFER } };
	struct sim_strategy *st;
	struct sim *s = run_lp(&l, &st);

	assert_int_equal(l.dev->dev.last_probe_err, -EPROBE_DEFER);
	assert_null(l.dev->dev.driver);
	tdone(s, st);
}

/* Settled: not while another task is alive (named); yes once the run is over. */
CXLSIM_TEST(settled_only_when_no_task_work_or_probe_is_left)
{
	struct lp l = { .script = { 0 } };
	struct sim_strategy *st;
	struct sim *s = run_lp(&l, &st);
	char why[128] = "";

	/* At least the task just spawned is alive; the reason names the first alive task. */
	assert_false(l.settled_with_task);
	if (!strstr(l.why, "task "))
		fail_msg("not settled because: %s", l.why);
	assert_true(drv_core_settled(s, why, sizeof(why)));
	assert_string_equal(why, "");
	tdone(s, st);
}
