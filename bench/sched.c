// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Runtime micro-benchmarks: the cost of a task switch and the scheduler's
 * throughput.  Figures are medians of several repetitions; the machine is
 * named in the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "sim/sim.h"

#define REPS 7

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Always hands the CPU to the other task: every point is a switch. */
struct alternate {
	struct sim_strategy base;
};

static unsigned int alternate_choose(struct sim_strategy *st, struct sim *s,
				     const struct sim_choice *c)
{
	return c->preemption ? 1 : 0;
}

static const struct sim_strategy_ops alternate_ops = {
	.name = "alternate",
	.choose = alternate_choose,
};

static void yielder(void *arg)
{
	struct sim *s = sim_current();
	long i, n = *(long *)arg;

	for (i = 0; i < n; i++)
		sim_sched_point(s, "yield", 0);
}

static void run_pair(struct sim_strategy *st, long n, double *secs, uint64_t *switches,
		     uint64_t *steps)
{
	struct sim_opts opts = { .max_steps = 1ULL << 40 };
	struct sim *s;
	double t0;

	if (sim_new(&s, &opts))
		exit(1);
	sim_set_strategy(s, st);
	sim_spawn(s, "a", yielder, &n);
	sim_spawn(s, "b", yielder, &n);
	t0 = now_s();
	sim_run(s);
	*secs = now_s() - t0;
	*switches = sim_switches(s);
	*steps = sim_steps(s);
	sim_destroy(s);
}

int main(void)
{
	struct alternate alt = { { &alternate_ops } };
	struct sim_strategy *rnd = sim_strategy_random(1);
	double ns_switch[REPS], steps_s[REPS], rnd_steps_s[REPS];
	struct utsname u;
	long n = 2000000;
	int i;

	uname(&u);
	for (i = 0; i < REPS; i++) {
		double secs;
		uint64_t sw, st;

		run_pair(&alt.base, n, &secs, &sw, &st);
		ns_switch[i] = secs * 1e9 / (double)sw;
		steps_s[i] = (double)st / secs;
		run_pair(rnd, n, &secs, &sw, &st);
		rnd_steps_s[i] = (double)st / secs;
	}
	printf("machine: %s %s\n", u.machine, u.release);
	printf("%-44s %12.1f ns   (target <= 100)\n", "task switch (every point switches)",
	       median(ns_switch, REPS));
	printf("%-44s %12.2f M/s  (target >= 5)\n", "scheduler steps, always switching",
	       median(steps_s, REPS) / 1e6);
	printf("%-44s %12.2f M/s  (target >= 5)\n", "scheduler steps, random strategy",
	       median(rnd_steps_s, REPS) / 1e6);
	sim_strategy_destroy(rnd);
	return 0;
}
