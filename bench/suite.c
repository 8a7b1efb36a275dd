// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The benchmark suite (`make bench`): prints a table and writes the same
 * figures as JSON, by default to results.json beside this program (in the
 * build tree, build-release/bench/results.json; --out PATH elsewhere), so a
 * benchmark run never dirties the source tree.  docs/benchmarks.md explains
 * each figure.
 *
 * Every figure is the median of several repetitions.  The scale runs each
 * run in a fresh process (this program re-executed with --scale-child), so
 * that getrusage()'s peak RSS is that run's alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <uv.h>

#include "api/ctx.h"
#include "api/model.h"
#include "api/stress.h"

#define REPS 5	       /* repetitions of each throughput figure */
#define FIRST_SEEDS 20 /* seeds for the time to a first violation */
#define FIRST_CAP 5000 /* schedules (or iterations) before a seed gives up */
#define FIRST_DFS_CAP 500 /* dfs: schedules before the search gives up */
#define SCALE_REPS 3   /* gen:4096; the smaller sizes get SCALE_REPS_SMALL */
#define SCALE_REPS_SMALL 7
#define STACK_KIB 64	       /* SIM_DEFAULT_STACK, of which only the touched pages count */
#define DFS_REPS 3	       /* dfs exhaustions of minimal with --preemptions 1 */
#define DFS_MAX_SECONDS 30.0   /* the unbounded dfs of minimal gives up after this */
#define DFS_RATE_SECONDS 1.0   /* dfs on the default topology: explored/s over this long */

/* Targets (issue 6). */
#define TARGET_SWITCH_NS 100.0
#define TARGET_MINIMAL_SPS 100000.0
#define TARGET_FIRST_MS 10.0
#define TARGET_BYTES_PER_DEV 2048.0
#define TARGET_GROWTH 1.5 /* time or memory per device, 16x the devices: ~1 is linear */
#define TARGET_STEPS_PER_S 5e6 /* issue 2 */
#define TARGET_DFS_EXHAUST_S 1.0
#define TARGET_J2_SPEEDUP 1.8 /* issue 14: explore -j 2 over -j 1, schedules/s in wall time */

#define JOBS_SCHEDULES "20000" /* explore -j: schedules of default, base, per run */
#define JOBS_REPS 3	       /* runs of each -j, interleaved */

/* The cxlsim command beside this program in the build tree (--cxlsim PATH elsewhere). */
static char cxlsim_path[4096];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * CPU time of this thread (the coroutines all run on it): what a figure per
 * second on one core means, and far steadier than wall time on a machine
 * others are building on.  Times to a first violation stay in wall time, as
 * the thread executor's stress can only be timed so.
 */
static double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double tmp[64];

	if (n <= 0)
		return 0;
	memcpy(tmp, v, (size_t)n * sizeof(*v));
	qsort(tmp, (size_t)n, sizeof(*tmp), cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench-suite: %s: %s\n", what, cxlsim_strerror(err));
	exit(1);
}

/* ---- the machine ---- */

static json_object *machine_json(void)
{
	json_object *m = json_object_new_object();
	char line[512], cpu[256] = "unknown", un[512];
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (colon && !strncmp(line, "model name", 10)) {
			snprintf(cpu, sizeof(cpu), "%s", colon + 2);
			cpu[strcspn(cpu, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	uname(&u);
	snprintf(un, sizeof(un), "%s %s %s %s", u.sysname, u.release, u.version, u.machine);
	json_object_object_add(m, "uname", json_object_new_string(un));
	json_object_object_add(m, "nproc", json_object_new_int((int)sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_object_add(m, "cpu", json_object_new_string(cpu));
	printf("machine: %s\ncpu: %s, %ld online\n\n", un, cpu, sysconf(_SC_NPROCESSORS_ONLN));
	return m;
}

/* ---- the table ---- */

static void row(const char *what, double v, const char *unit, const char *target, int ok)
{
	printf("%-50s %14.6g %-12s %-14s %s\n", what, v, unit, target,
	       ok < 0 ? "" :
	       ok     ? "ok" :
			"MISSED");
}

static void row_na(const char *what, const char *why)
{
	printf("%-50s %14s %-12s %-14s\n", what, "-", "", why);
}

/* ---- 1. the runtime: task switches and scheduler steps ---- */

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

/*
 * Two tasks, @n points each.  Timed on the second run of one simulation, as
 * explore runs schedules: the first run grows the trace and schedule arrays
 * (page faults that have nothing to do with switching); reset keeps them.
 */
static void run_pair(struct sim_strategy *st, long n, double *secs, uint64_t *switches,
		     uint64_t *steps)
{
	struct sim_opts opts = { .max_steps = 1ULL << 40 };
	struct sim *s;
	double t0 = 0;
	int ret = sim_new(&s, &opts), round;

	if (ret)
		die("sim_new", ret);
	sim_set_strategy(s, st);
	for (round = 0; round < 2; round++) {
		sim_reset(s);
		sim_spawn(s, "a", yielder, &n);
		sim_spawn(s, "b", yielder, &n);
		t0 = cpu_s();
		sim_run(s);
	}
	*secs = cpu_s() - t0;
	*switches = sim_switches(s);
	*steps = sim_steps(s);
	sim_destroy(s);
}

static void bench_runtime(json_object *root)
{
	struct sim_strategy alt = { &alternate_ops };
	struct sim_strategy *rnd = sim_strategy_random(1);
	double ns_switch[REPS], alt_steps[REPS], rnd_steps[REPS];
	json_object *o = json_object_new_object();
	long n = 500000;
	int i;

	for (i = 0; i < REPS; i++) {
		double secs;
		uint64_t sw, st;

		run_pair(&alt, n, &secs, &sw, &st);
		ns_switch[i] = secs * 1e9 / (double)sw;
		alt_steps[i] = (double)st / secs;
		run_pair(rnd, n, &secs, &sw, &st);
		rnd_steps[i] = (double)st / secs;
	}
	sim_strategy_destroy(rnd);
	row("task switch (every point switches)", median(ns_switch, REPS), "ns", "<= 100",
	    median(ns_switch, REPS) <= TARGET_SWITCH_NS);
	row("scheduler steps, always switching", median(alt_steps, REPS), "steps/s", "", -1);
	row("scheduler steps, random strategy", median(rnd_steps, REPS), "steps/s", "", -1);
	json_object_object_add(o, "task_switch_ns",
			       json_object_new_double(median(ns_switch, REPS)));
	json_object_object_add(o, "steps_per_s_switching",
			       json_object_new_double(median(alt_steps, REPS)));
	json_object_object_add(o, "steps_per_s_random",
			       json_object_new_double(median(rnd_steps, REPS)));
	json_object_object_add(root, "runtime", o);
}

/* ---- engines ---- */

/*
 * An engine as `cxlsim explore` (and `cxlsim run --trace none`) sets one up:
 * no trace is recorded, since nothing reads it.  bench_throughput() also
 * measures a run that records it.
 */
static void engine_new_model(struct cxlsim__engine *e, const char *model, const char *topology,
			     const char *kernel)
{
	struct cxlsim__model_opts mo = { .topology = topology, .kernel = kernel };
	struct cxlsim_ctx *ctx;
	char err[256] = "";
	int ret = cxlsim_ctx_new(&ctx, NULL);

	if (ret)
		die("cxlsim_ctx_new", ret);
	ret = cxlsim__engine_init(e, ctx, cxlsim__model_find(model), &mo, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "bench-suite: %s\n", err);
		exit(1);
	}
	sim_set_tracing(cxlsim__ctx_sim(ctx), false);
}

static void engine_new(struct cxlsim__engine *e, const char *topology, const char *kernel)
{
	engine_new_model(e, "cxl", topology, kernel);
}

static void engine_free(struct cxlsim__engine *e)
{
	struct cxlsim_ctx *ctx = e->ctx;

	cxlsim__engine_release(e);
	cxlsim_ctx_free(ctx);
}

enum strat {
	RANDOM,
	PCT,
	NR_STRATS
};
static const char *const strat_names[] = { "random", "pct" };

/*
 * An engine searched by dfs as `cxlsim explore --strategy dfs` searches
 * (source-DPOR); returns the strategy, which the engine's context owns.
 */
static struct sim_strategy *dfs_engine_new(struct cxlsim__engine *e, const char *topology,
					   const char *kernel, int preemptions)
{
	struct sim_dfs_opts o = { .por = true, .dpor = true, .preemption_bound = preemptions };
	struct sim_strategy *st = sim_strategy_dfs(&o);

	if (!st)
		die("dfs", -ENOMEM);
	engine_new(e, topology, kernel);
	cxlsim__ctx_set_strategy(e->ctx, st);
	return st;
}

static void dfs_run(struct cxlsim__engine *e)
{
	int ret = cxlsim__engine_run(e);

	if (ret)
		die("a dfs run", ret);
}

/* One schedule with strategy @k and seed @seed; *@pct_k learns k as explore does. */
static void run_schedule(struct cxlsim__engine *e, enum strat k, uint64_t seed, uint64_t *pct_k)
{
	int ret;

	if (k == PCT) {
		struct sim_strategy *st = sim_strategy_pct(seed, 3, *pct_k ? *pct_k : 64);
		uint64_t steps, tasks;

		if (!st)
			die("pct", -ENOMEM);
		cxlsim__ctx_set_strategy(e->ctx, st);
		ret = cxlsim__engine_run(e);
		sim_strategy_pct_observed(st, &steps, &tasks);
		if (steps > *pct_k)
			*pct_k = steps;
	} else {
		cxlsim_ctx_set_random(e->ctx, seed);
		ret = cxlsim__engine_run(e);
	}
	if (ret)
		die("a run", ret);
}

/* ---- 2. complete schedules per second ---- */

/* Schedules per second; *@steps_per_s: the scheduling points they passed per second. */
static double model_schedules_per_s(const char *model, const char *topology, const char *kernel,
				    enum strat k, bool traced, double *steps_per_s)
{
	struct cxlsim__engine e;
	double rate[REPS], srate[REPS];
	uint64_t seed = 0, pct_k = 0;
	int r;

	engine_new_model(&e, model, topology, kernel);
	sim_set_tracing(cxlsim__ctx_sim(e.ctx), traced);
	for (r = 0; r < REPS; r++) {
		double t0 = cpu_s(), t;
		uint64_t n = 0, steps = 0;

		do {
			int i;

			for (i = 0; i < 32; i++, n++) {
				run_schedule(&e, k, seed++, &pct_k);
				steps += sim_steps(cxlsim__ctx_sim(e.ctx));
			}
			t = cpu_s() - t0;
		} while (t < 0.3);
		rate[r] = (double)n / t;
		srate[r] = (double)steps / t;
	}
	engine_free(&e);
	*steps_per_s = median(srate, REPS);
	return median(rate, REPS);
}

static double schedules_per_s(const char *topology, enum strat k, bool traced,
			      double *steps_per_s)
{
	return model_schedules_per_s("cxl", topology, "base", k, traced, steps_per_s);
}

/* dfs on @topology for at most @max_s seconds: explored and pruned per second. */
static void dfs_rate(const char *topology, const char *kernel, int preemptions, double max_s,
		     double *secs, struct sim_dfs_stats *stats)
{
	struct cxlsim__engine e;
	struct sim_strategy *st = dfs_engine_new(&e, topology, kernel, preemptions);
	double t0 = cpu_s();

	do
		dfs_run(&e);
	while (sim_strategy_dfs_next(st) && cpu_s() - t0 < max_s);
	*secs = cpu_s() - t0;
	sim_strategy_dfs_stats(st, stats);
	engine_free(&e);
}

static void bench_throughput(json_object *root)
{
	static const char *const topos[] = { "minimal", "default" };
	json_object *o = json_object_new_object();
	int t, k;

	for (t = 0; t < 2; t++) {
		json_object *ot = json_object_new_object(), *os = json_object_new_object();
		struct sim_dfs_stats ds;
		double secs, v, steps;
		char what[128];

		for (k = 0; k < NR_STRATS; k++) {
			v = schedules_per_s(topos[t], k, false, &steps);
			snprintf(what, sizeof(what), "schedules/s, %s topology, %s", topos[t],
				 strat_names[k]);
			if (t == 0)
				row(what, v, "sched/s", ">= 100000", v >= TARGET_MINIMAL_SPS);
			else
				row(what, v, "sched/s", "", -1);
			snprintf(what, sizeof(what), "  scheduler steps/s in those schedules");
			row(what, steps, "steps/s", ">= 5e6", steps >= TARGET_STEPS_PER_S);
			json_object_object_add(ot, strat_names[k], json_object_new_double(v));
			json_object_object_add(os, strat_names[k], json_object_new_double(steps));
		}
		v = schedules_per_s(topos[t], RANDOM, true, &steps);
		snprintf(what, sizeof(what), "schedules/s, %s topology, random, trace recorded",
			 topos[t]);
		row(what, v, "sched/s", "", -1);
		json_object_object_add(ot, "random_traced", json_object_new_double(v));
		/* Unbounded on minimal; one preemption on default, whose tree is huge. */
		dfs_rate(topos[t], "base", t == 0 ? -1 : 1, DFS_RATE_SECONDS, &secs, &ds);
		v = (double)ds.complete / secs;
		snprintf(what, sizeof(what), "schedules/s, %s topology, dfs%s", topos[t],
			 t == 0 ? "" : " (1 preemption)");
		row(what, v, "sched/s", "", -1);
		json_object_object_add(ot, "dfs", json_object_new_double(v));
		json_object_object_add(o, topos[t], ot);
		json_object_object_add(o, t == 0 ? "minimal_steps_per_s" : "default_steps_per_s",
				       os);
	}
	json_object_object_add(root, "schedules_per_s", o);
}

/*
 * ---- 2a. the kernel's own code against our model, in one run ----
 * Random schedules per CPU second of --model linux (Debian's 6.12
 * drivers/cxl) and --model cxl --kernel base on the same topologies.
 */
static void bench_models(json_object *root)
{
	static const char *const topos[] = { "minimal", "default" };
	json_object *o = json_object_new_object();
	double steps, lx, cx;
	char what[128];
	int t;

	if (cxlsim__model_absent_reason("linux")) {
		printf("  (--model linux not built: %s)\n", cxlsim__model_absent_reason("linux"));
		return;
	}
	for (t = 0; t < 2; t++) {
		json_object *ot = json_object_new_object();

		lx = model_schedules_per_s("linux", topos[t], NULL, RANDOM, false, &steps);
		cx = model_schedules_per_s("cxl", topos[t], "base", RANDOM, false, &steps);
		snprintf(what, sizeof(what), "schedules/s, %s, --model linux (6.12)", topos[t]);
		row(what, lx, "sched/s", "", -1);
		snprintf(what, sizeof(what), "schedules/s, %s, --model cxl --kernel base", topos[t]);
		row(what, cx, "sched/s", "", -1);
		json_object_object_add(ot, "linux", json_object_new_double(lx));
		json_object_object_add(ot, "cxl_base", json_object_new_double(cx));
		json_object_object_add(o, topos[t], ot);
	}
	json_object_object_add(root, "models_schedules_per_s", o);
}

/* ---- 2b. dfs: explored and pruned per second, time to exhaust minimal ---- */

static json_object *dfs_json(double secs, const struct sim_dfs_stats *d)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "seconds", json_object_new_double(secs));
	json_object_object_add(o, "exhausted", json_object_new_boolean(d->exhausted));
	json_object_object_add(o, "explored", json_object_new_uint64(d->complete));
	json_object_object_add(o, "pruned", json_object_new_uint64(d->pruned));
	json_object_object_add(o, "bounded", json_object_new_uint64(d->bounded));
	json_object_object_add(o, "explored_per_s",
			       json_object_new_double((double)d->complete / secs));
	json_object_object_add(o, "pruned_per_s", json_object_new_double((double)d->pruned / secs));
	return o;
}

static void bench_dfs(json_object *root)
{
	json_object *o = json_object_new_object();
	struct sim_dfs_stats d[DFS_REPS], u;
	double secs[DFS_REPS], exp[DFS_REPS], pru[DFS_REPS], usecs, med;
	char what[128];
	int r, mid = 0;

	/* minimal, series, boot: the figure issue 6 sets a target for. */
	for (r = 0; r < DFS_REPS; r++) {
		dfs_rate("minimal", "series", 1, 1e9, &secs[r], &d[r]);
		exp[r] = (double)d[r].complete / secs[r];
		pru[r] = (double)d[r].pruned / secs[r];
	}
	med = median(secs, DFS_REPS);
	for (r = 0; r < DFS_REPS; r++)
		if (secs[r] == med)
			mid = r;
	row("dfs minimal series boot, 1 preemption: exhaust", med, "s", "< 1",
	    med < TARGET_DFS_EXHAUST_S);
	snprintf(what, sizeof(what), "  schedules explored (pruned %llu, bounded %llu)",
		 (unsigned long long)d[mid].pruned, (unsigned long long)d[mid].bounded);
	row(what, (double)d[mid].complete, "schedules", "", -1);
	row("  explored per second", median(exp, DFS_REPS), "sched/s", "", -1);
	row("  pruned per second", median(pru, DFS_REPS), "pruned/s", "", -1);
	json_object_object_add(o, "minimal_series_preemptions_1", dfs_json(med, &d[mid]));

	dfs_rate("minimal", "series", -1, DFS_MAX_SECONDS, &usecs, &u);
	if (u.exhausted) {
		row("dfs minimal series boot, unbounded: exhaust", usecs, "s", "< 1",
		    usecs < TARGET_DFS_EXHAUST_S);
	} else {
		snprintf(what, sizeof(what), "not exhausted in %.0f s", DFS_MAX_SECONDS);
		row_na("dfs minimal series boot, unbounded: exhaust", what);
	}
	row("  schedules explored", (double)u.complete, "schedules", "", -1);
	row("  explored per second", (double)u.complete / usecs, "sched/s", "", -1);
	row("  pruned per second", (double)u.pruned / usecs, "pruned/s", "", -1);
	json_object_object_add(o, "minimal_series_unbounded", dfs_json(usecs, &u));
	json_object_object_add(o, "unbounded_max_seconds", json_object_new_double(DFS_MAX_SECONDS));
	json_object_object_add(root, "dfs", o);
}

/*
 * ---- 2c. explore -j: one search in worker processes (issue 14) ----
 * Through the built cxlsim command, as a user runs it: wall time of the
 * whole command (a parallel search is about wall time), schedules per
 * second and the ratio to -j 1.  And dfs: the schedules a search explores
 * with -j 1 and with -j 2, which splitting must not change.
 */

/* Run cxlsim with @argv (NULL-terminated, without argv[0]): exit status, standard output. */
static int run_cxlsim(const char *const *argv, char **out, double *secs)
{
	const char *av[32] = { "cxlsim" };
	size_t n = 0, cap = 0;
	int fd[2], st, i;
	double t0;
	pid_t pid;

	for (i = 0; argv[i] && i < 30; i++)
		av[i + 1] = argv[i];
	av[i + 1] = NULL;
	*out = NULL;
	if (pipe(fd))
		die("pipe", -errno);
	t0 = now_s();
	pid = fork();
	if (pid < 0)
		die("fork", -errno);
	if (!pid) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fd[1], 1);
		if (null >= 0)
			dup2(null, 2);
		close(fd[0]);
		execv(cxlsim_path, (char *const *)av);
		_exit(127);
	}
	close(fd[1]);
	for (;;) {
		ssize_t r;

		if (n + 4096 > cap) {
			char *p = realloc(*out, cap = cap ? cap * 2 : 65536);

			if (!p)
				die("output", -ENOMEM);
			*out = p;
		}
		r = read(fd[0], *out + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	(*out)[n] = '\0';
	close(fd[0]);
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid", -errno);
	*secs = now_s() - t0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* dfs -j N on minimal, series, one preemption: schedules explored, or -1 when refused. */
static double dfs_jobs_explored(const char *jobs, int *status)
{
	const char *argv[] = { "explore", "--strategy", "dfs", "--topology", "minimal", "--kernel",
			       "series", "--preemptions", "1", "--no-shrink", "--quiet", "--json",
			       "-j", jobs, NULL };
	json_object *root, *d, *v;
	double secs, n = -1;
	char *out;

	*status = run_cxlsim(argv, &out, &secs);
	if (*status <= 1) {
		root = json_tokener_parse(out);
		if (root && json_object_object_get_ex(root, "dfs", &d) &&
		    json_object_object_get_ex(d, "explored", &v))
			n = (double)json_object_get_uint64(v);
		json_object_put(root);
	}
	free(out);
	return n;
}

static void bench_jobs(json_object *root)
{
	static const char *const jobs[] = { "1", "2", "0" };
	enum { NJ = 3 };
	json_object *o = json_object_new_object(), *arr = json_object_new_array(), *d;
	double secs[NJ][JOBS_REPS], rate[NJ], sched = atof(JOBS_SCHEDULES), e1, e2;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	char what[128], *out;
	int j, r, st1, st2;
	bool ok;

	if (access(cxlsim_path, X_OK)) {
		row_na("explore -j: the cxlsim command", "not found");
		printf("  (looked for %s; bench-suite --cxlsim PATH)\n", cxlsim_path);
		return;
	}
	/* Interleaved, so that a change in the machine's load hits every -j alike. */
	for (r = 0; r < JOBS_REPS; r++) {
		for (j = 0; j < NJ; j++) {
			const char *argv[] = { "explore", "--topology", "default", "--kernel",
					       "base", "--runs", JOBS_SCHEDULES, "--no-shrink",
					       "--quiet", "-j", jobs[j], NULL };
			int status = run_cxlsim(argv, &out, &secs[j][r]);

			free(out);
			if (status > 1) {
				fprintf(stderr, "bench-suite: cxlsim explore -j %s failed "
						"(exit %d)\n", jobs[j], status);
				exit(1);
			}
		}
	}
	for (j = 0; j < NJ; j++) {
		json_object *oj = json_object_new_object();
		double med = median(secs[j], JOBS_REPS);

		rate[j] = sched / med;
		if (j < 2)
			snprintf(what, sizeof(what), "explore -j %s, default base, %s schedules",
				 jobs[j], JOBS_SCHEDULES);
		else
			snprintf(what, sizeof(what), "explore -j 0 (%ld CPUs), default base, "
				 "%s schedules", ncpu, JOBS_SCHEDULES);
		row(what, med, "s wall", "", -1);
		row("  schedules per second (wall)", rate[j], "sched/s", "", -1);
		if (j == 1) {
			row("  ratio to -j 1", rate[j] / rate[0], "x", ">= 1.8",
			    rate[j] / rate[0] >= TARGET_J2_SPEEDUP);
		} else if (j == 2) {
			row("  ratio to -j 1", rate[j] / rate[0], "x", "", -1);
		}
		json_object_object_add(oj, "jobs", json_object_new_int(j < 2 ? atoi(jobs[j]) : 0));
		json_object_object_add(oj, "workers", json_object_new_int(j < 2 ? atoi(jobs[j]) :
										  (int)ncpu));
		json_object_object_add(oj, "seconds", json_object_new_double(med));
		json_object_object_add(oj, "schedules_per_s", json_object_new_double(rate[j]));
		json_object_object_add(oj, "ratio_to_j1",
				       json_object_new_double(rate[j] / rate[0]));
		json_object_array_add(arr, oj);
	}
	json_object_object_add(o, "topology", json_object_new_string("default"));
	json_object_object_add(o, "kernel", json_object_new_string("base"));
	json_object_object_add(o, "schedules", json_object_new_uint64((uint64_t)sched));
	json_object_object_add(o, "runs", arr);
	json_object_object_add(o, "j2_speedup_ok",
			       json_object_new_boolean(rate[1] / rate[0] >= TARGET_J2_SPEEDUP));

	/* dfs: splitting must not weaken the reduction. */
	e1 = dfs_jobs_explored("1", &st1);
	e2 = dfs_jobs_explored("2", &st2);
	row("dfs -j 1, minimal series, 1 preemption: explored", e1, "schedules", "", -1);
	ok = e1 >= 0 && e2 == e1;
	if (e2 >= 0)
		row("dfs -j 2, the same search: explored", e2, "schedules", "equal", ok);
	else
		printf("%-50s %14s %-12s %-14s %s\n", "dfs -j 2, the same search: explored",
		       st2 == 2 ? "refused" : "failed", "", "equal", "MISSED");
	d = json_object_new_object();
	json_object_object_add(d, "j1_explored", e1 >= 0 ? json_object_new_uint64((uint64_t)e1) :
							   NULL);
	json_object_object_add(d, "j2_explored", e2 >= 0 ? json_object_new_uint64((uint64_t)e2) :
							   NULL);
	json_object_object_add(d, "j2_status", json_object_new_string(e2 >= 0 ? "ran" :
								      st2 == 2 ? "refused" :
										 "failed"));
	json_object_object_add(d, "equal", json_object_new_boolean(ok));
	json_object_object_add(o, "dfs_minimal_series_preemptions_1", d);
	json_object_object_add(root, "explore_jobs", o);
}

/* ---- 3. time to a first violation ---- */

struct first {
	double ms[FIRST_SEEDS], schedules[FIRST_SEEDS];
	int found, tried;
};

static json_object *first_json(const struct first *f, const char *unit)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "median_ms", json_object_new_double(median(f->ms, f->tried)));
	json_object_object_add(o, unit, json_object_new_double(median(f->schedules, f->tried)));
	json_object_object_add(o, "found", json_object_new_int(f->found));
	json_object_object_add(o, "of", json_object_new_int(f->tried));
	return o;
}

/* Seed i explores its own stream of schedules until one violates @prop. */
static void first_coroutine(const char *prop, enum strat k, struct first *f)
{
	struct cxlsim__engine e;
	int i;

	memset(f, 0, sizeof(*f));
	engine_new(&e, "default", "base");
	for (i = 0; i < FIRST_SEEDS; i++) {
		uint64_t n, pct_k = 0;
		double t0 = now_s();

		for (n = 0; n < FIRST_CAP; n++) {
			run_schedule(&e, k, ((uint64_t)i << 32) + n, &pct_k);
			if (cxlsim__engine_violated(&e, prop))
				break;
		}
		f->ms[i] = (now_s() - t0) * 1e3;
		f->schedules[i] = (double)(n < FIRST_CAP ? n + 1 : n);
		f->found += n < FIRST_CAP;
		f->tried++;
	}
	engine_free(&e);
}

/*
 * dfs (unbounded, source-DPOR) from the start of its tree until a schedule
 * violates @prop: one search, deterministic, so the repetitions only smooth
 * the time.
 */
static void first_dfs(const char *prop, struct first *f)
{
	int i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < DFS_REPS; i++) {
		struct cxlsim__engine e;
		struct sim_strategy *st = dfs_engine_new(&e, "default", "base", -1);
		uint64_t n = 0;
		bool hit = false;
		double t0 = now_s();

		do {
			dfs_run(&e);
			n++;
			hit = cxlsim__engine_violated(&e, prop);
		} while (!hit && n < FIRST_DFS_CAP && sim_strategy_dfs_next(st));
		f->ms[i] = (now_s() - t0) * 1e3;
		f->schedules[i] = (double)n;
		f->found += hit;
		f->tried++;
		engine_free(&e);
	}
}

/* The thread executor's stress, every CPU a machine, until a run violates @prop. */
static void first_threads(const char *prop, struct first *f)
{
	unsigned int cpus = uv_available_parallelism();
	int i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < FIRST_SEEDS; i++) {
		struct cxlsim__stress_opts o = {
			.model = cxlsim__model_find("cxl"),
			.mopts = { .topology = "default", .kernel = "base" },
			.iterations = FIRST_CAP / 5,
			.machines = cpus,
			.seed = (uint64_t)i << 32,
			.stop_on = prop,
		};
		struct cxlsim__stress_result r;
		char err[256];
		int ret = cxlsim__stress(&o, &r, err, sizeof(err));

		if (ret)
			die("stress", ret);
		f->ms[i] = r.seconds * 1e3;
		f->schedules[i] = (double)(r.stop_after ? r.stop_after : r.iterations);
		f->found += r.stop_after != 0;
		f->tried++;
		cxlsim__stress_result_free(&r);
	}
}

static void bench_first(json_object *root)
{
	static const char *const props[] = { "memdev-attached", "probe-sync-point" };
	json_object *o = json_object_new_object();
	int p;

	for (p = 0; p < 2; p++) {
		json_object *op = json_object_new_object();
		struct first f[NR_STRATS + 1], thr;	/* the last: dfs */
		char what[128], target[32];
		int k;

		for (k = 0; k < NR_STRATS; k++) {
			double ms;

			first_coroutine(props[p], k, &f[k]);
			ms = median(f[k].ms, f[k].tried);
			snprintf(what, sizeof(what), "first %s (base), %s: ms", props[p],
				 strat_names[k]);
			snprintf(target, sizeof(target), "%s", p == 0 ? "< 10" : "");
			row(what, ms, "ms", target, p == 0 ? ms < TARGET_FIRST_MS : -1);
			snprintf(what, sizeof(what), "  schedules (found in %d of %d seeds)",
				 f[k].found, f[k].tried);
			row(what, median(f[k].schedules, f[k].tried), "schedules", "", -1);
			json_object_object_add(op, strat_names[k], first_json(&f[k], "schedules"));
		}
		{
			double pr = median(f[PCT].schedules, f[PCT].tried) /
				    median(f[RANDOM].schedules, f[RANDOM].tried);

			row("  pct schedules / random schedules (medians)", pr, "x", "", -1);
			json_object_object_add(op, "pct_over_random_schedules",
					       json_object_new_double(pr));
		}
		first_dfs(props[p], &f[NR_STRATS]);
		snprintf(what, sizeof(what), "first %s (base), dfs: ms", props[p]);
		row(what, median(f[NR_STRATS].ms, f[NR_STRATS].tried), "ms", "", -1);
		snprintf(what, sizeof(what), "  schedules (found in %d of %d runs)",
			 f[NR_STRATS].found, f[NR_STRATS].tried);
		row(what, median(f[NR_STRATS].schedules, f[NR_STRATS].tried), "schedules", "", -1);
		json_object_object_add(op, "dfs", first_json(&f[NR_STRATS], "schedules"));

		first_threads(props[p], &thr);
		snprintf(what, sizeof(what), "first %s (base), thread stress: ms", props[p]);
		row(what, median(thr.ms, thr.tried), "ms", "", -1);
		snprintf(what, sizeof(what), "  iterations (found in %d of %d tries)", thr.found,
			 thr.tried);
		row(what, median(thr.schedules, thr.tried), "iterations", "", -1);
		json_object_object_add(op, "threads", first_json(&thr, "iterations"));
		for (k = 0; k < NR_STRATS; k++) {
			double cm = median(f[k].ms, f[k].tried), tm = median(thr.ms, thr.tried);
			char key[64];

			snprintf(what, sizeof(what), "  thread stress time / %s time",
				 strat_names[k]);
			row(what, cm > 0 ? tm / cm : 0, "x", "", -1);
			snprintf(key, sizeof(key), "threads_over_%s_time", strat_names[k]);
			json_object_object_add(op, key,
					       json_object_new_double(cm > 0 ? tm / cm : 0));
		}
		json_object_object_add(o, props[p], op);
	}
	json_object_object_add(root, "first_violation", o);
}

/* ---- 4. scale ---- */

/*
 * In a fresh process: one schedule on gen:@n; prints its seconds, steps, the
 * heap in use at its end (the simulation's memory, stacks aside) and the
 * coroutine stacks it mapped.
 */
static int scale_child(const char *n)
{
	struct cxlsim__engine e;
	struct mallinfo2 mi;
	char topo[32];
	double t0, secs;
	int ret;

	snprintf(topo, sizeof(topo), "gen:%s", n);
	engine_new(&e, topo, "base");
	cxlsim_ctx_set_random(e.ctx, 1);
	t0 = cpu_s();
	ret = cxlsim__engine_run(&e);
	if (ret)
		die("scale run", ret);
	secs = cpu_s() - t0;
	mi = mallinfo2();
	printf("%.9f %llu %zu %zu\n", secs, (unsigned long long)sim_steps(cxlsim__ctx_sim(e.ctx)),
	       mi.uordblks + mi.hblkhd, sim_stacks_mapped(cxlsim__ctx_sim(e.ctx)));
	engine_free(&e);
	return 0;
}

static void scale_run(unsigned int n, double *secs, double *rss_kib, double *steps, double *heap,
		      double *stacks)
{
	char arg[16], out[128] = "";
	int fd[2], st;
	struct rusage ru;
	unsigned long long nsteps = 0;
	size_t nheap = 0, nstacks = 0;
	ssize_t len;
	pid_t pid;

	snprintf(arg, sizeof(arg), "%u", n);
	if (pipe(fd))
		die("pipe", -errno);
	pid = fork();
	if (pid < 0)
		die("fork", -errno);
	if (!pid) {
		dup2(fd[1], 1);
		close(fd[0]);
		execl("/proc/self/exe", "bench-suite", "--scale-child", arg, (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	len = read(fd[0], out, sizeof(out) - 1);
	close(fd[0]);
	if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) || len <= 0) {
		fprintf(stderr, "bench-suite: the scale run of gen:%u failed\n", n);
		exit(1);
	}
	out[len] = '\0';
	sscanf(out, "%lf %llu %zu %zu", secs, &nsteps, &nheap, &nstacks);
	*rss_kib = (double)ru.ru_maxrss;
	*steps = (double)nsteps;
	*heap = (double)nheap;
	*stacks = (double)nstacks;
}

static void bench_scale(json_object *root)
{
	static const unsigned int sizes[] = { 1, 16, 256, 4096 };
	double secs[4], rss[4], steps[4], heap[4], stacks[4];
	json_object *arr = json_object_new_array();
	int i, r;

	for (i = 0; i < 4; i++) {
		double s[SCALE_REPS_SMALL], m[SCALE_REPS_SMALL], st[SCALE_REPS_SMALL];
		double h[SCALE_REPS_SMALL], sk[SCALE_REPS_SMALL];
		int reps = sizes[i] > 256 ? SCALE_REPS : SCALE_REPS_SMALL;

		for (r = 0; r < reps; r++)
			scale_run(sizes[i], &s[r], &m[r], &st[r], &h[r], &sk[r]);
		secs[i] = median(s, reps);
		rss[i] = median(m, reps);
		steps[i] = median(st, reps);
		heap[i] = median(h, reps);
		stacks[i] = median(sk, reps);
	}
	for (i = 1; i < 4; i++) {
		json_object *o = json_object_new_object();
		double bpd = (rss[i] - rss[0]) * 1024.0 / (double)(sizes[i] - sizes[0]);
		double tgrow = 0, mgrow = 0;
		char what[128];

		snprintf(what, sizeof(what), "gen:%u one schedule: time", sizes[i]);
		row(what, secs[i] * 1e3, "ms", "", -1);
		snprintf(what, sizeof(what), "gen:%u peak RSS", sizes[i]);
		row(what, rss[i], "KiB", "", -1);
		snprintf(what, sizeof(what), "gen:%u bytes per device (RSS over gen:1)", sizes[i]);
		row(what, bpd, "B/device", "", -1);
		snprintf(what, sizeof(what), "gen:%u bytes per device (heap over gen:1)", sizes[i]);
		row(what, (heap[i] - heap[0]) / (double)(sizes[i] - sizes[0]), "B/device", "", -1);
		if (i > 1) {
			/* What one more device costs, fixed costs (stack pool, libc) aside. */
			double marg =
				(rss[i] - rss[i - 1]) * 1024.0 / (double)(sizes[i] - sizes[i - 1]);

			double hmarg = (heap[i] - heap[i - 1]) / (double)(sizes[i] - sizes[i - 1]);

			snprintf(what, sizeof(what), "gen:%u RSS per added device (over gen:%u)",
				 sizes[i], sizes[i - 1]);
			row(what, marg, "B/device", "", -1);
			snprintf(what, sizeof(what), "gen:%u heap per added device (over gen:%u)",
				 sizes[i], sizes[i - 1]);
			row(what, hmarg, "B/device", "< 2048", hmarg < TARGET_BYTES_PER_DEV);
			snprintf(what, sizeof(what), "  plus pooled stacks: %.0f mapped, %.0f KiB each",
				 stacks[i], (double)STACK_KIB);
			row(what, stacks[i] / (double)sizes[i], "stacks/dev", "", -1);
			json_object_object_add(o, "bytes_per_added_device",
					       json_object_new_double(marg));
			json_object_object_add(o, "heap_bytes_per_added_device",
					       json_object_new_double(hmarg));
		}
		json_object_object_add(o, "memdevs", json_object_new_int((int)sizes[i]));
		json_object_object_add(o, "seconds", json_object_new_double(secs[i]));
		json_object_object_add(o, "steps", json_object_new_double(steps[i]));
		json_object_object_add(o, "peak_rss_kib", json_object_new_double(rss[i]));
		json_object_object_add(o, "heap_bytes_at_end", json_object_new_double(heap[i]));
		json_object_object_add(o, "stacks_mapped", json_object_new_double(stacks[i]));
		json_object_object_add(o, "bytes_per_device", json_object_new_double(bpd));
		if (i > 1) {
			double k = (double)sizes[i] / (double)sizes[i - 1];

			/* 1.0: time (memory) per device did not change when devices grew k-fold. */
			tgrow = secs[i] / secs[i - 1] / k;
			/*
			 * Heap, not RSS: a child's peak RSS is never below the bench's own
			 * size at fork, which hides gen:1 and gen:16 alike.
			 */
			mgrow = (heap[i] - heap[0]) / (heap[i - 1] - heap[0]) / k;
			snprintf(what, sizeof(what), "  growth x%.0f devices: time per device", k);
			row(what, tgrow, "x", "~1 (linear)", tgrow <= TARGET_GROWTH);
			snprintf(what, sizeof(what), "  growth x%.0f devices: heap per device", k);
			row(what, mgrow, "x", "~1 (linear)", mgrow <= TARGET_GROWTH);
			json_object_object_add(o, "time_growth_per_device",
					       json_object_new_double(tgrow));
			json_object_object_add(o, "heap_growth_per_device",
					       json_object_new_double(mgrow));
		}
		json_object_array_add(arr, o);
	}
	json_object_object_add(root, "scale", arr);
	{
		json_object *base = json_object_new_object();

		json_object_object_add(base, "seconds", json_object_new_double(secs[0]));
		json_object_object_add(base, "peak_rss_kib", json_object_new_double(rss[0]));
		json_object_object_add(root, "scale_baseline_gen1", base);
	}
}

static json_object *targets_json(void)
{
	json_object *t = json_object_new_object();

	json_object_object_add(t, "task_switch_ns_max", json_object_new_double(TARGET_SWITCH_NS));
	json_object_object_add(t, "minimal_schedules_per_s_min",
			       json_object_new_double(TARGET_MINIMAL_SPS));
	json_object_object_add(t, "first_memdev_attached_ms_max",
			       json_object_new_double(TARGET_FIRST_MS));
	json_object_object_add(t, "bytes_per_device_max",
			       json_object_new_double(TARGET_BYTES_PER_DEV));
	json_object_object_add(t, "growth_per_device_max", json_object_new_double(TARGET_GROWTH));
	json_object_object_add(t, "steps_per_s_min", json_object_new_double(TARGET_STEPS_PER_S));
	json_object_object_add(t, "dfs_exhaust_minimal_s_max",
			       json_object_new_double(TARGET_DFS_EXHAUST_S));
	json_object_object_add(t, "explore_j2_speedup_min", json_object_new_double(TARGET_J2_SPEEDUP));
	json_object_object_add(t, "dfs_jobs_explored", json_object_new_string("equal"));
	return t;
}

/* The cxlsim command of the same build tree: ../tools/cxlsim/cxlsim from this program. */
static void default_cxlsim(char *buf, size_t len)
{
	char exe[2048];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	snprintf(buf, len, "cxlsim");
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	snprintf(buf, len, "%.2000s/../tools/cxlsim/cxlsim", exe);
}

/* results.json beside this program, i.e. in the build tree. */
static void default_out(char *buf, size_t len)
{
	char exe[2048];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0) {
		snprintf(buf, len, "results.json");
		return;
	}
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	if (strlen(exe) + sizeof("/results.json") > len) {
		snprintf(buf, len, "results.json");
		return;
	}
	strcpy(buf, exe);
	strcat(buf, "/results.json");
}

int main(int argc, char **argv)
{
	json_object *root = json_object_new_object();
	char out[4096];
	double t0 = now_s();
	bool only_jobs = false;
	int i;

	default_out(out, sizeof(out));
	default_cxlsim(cxlsim_path, sizeof(cxlsim_path));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--scale-child") && i + 1 < argc)
			return scale_child(argv[i + 1]);
		if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			snprintf(out, sizeof(out), "%s", argv[++i]);
		} else if (!strcmp(argv[i], "--cxlsim") && i + 1 < argc) {
			snprintf(cxlsim_path, sizeof(cxlsim_path), "%s", argv[++i]);
		} else if (!strcmp(argv[i], "--only-jobs")) {
			only_jobs = true;
		} else {
			fprintf(stderr, "usage: bench-suite [--out results.json] [--cxlsim PATH] "
					"[--only-jobs]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	json_object_object_add(root, "machine", machine_json());
	json_object_object_add(root, "repetitions", json_object_new_int(REPS));
	printf("%-50s %14s %-12s %-14s %s\n", "figure (median)", "value", "unit", "target", "");
	/*
	 * Scale first: Linux carries the peak RSS over exec(), so a child's
	 * figure can be no lower than this process's size when it forked.
	 */
	if (only_jobs) {
		/* Just the -j figures (a minute less; docs/benchmarks.md). */
		bench_jobs(root);
	} else {
		bench_scale(root);
		bench_runtime(root);
		bench_throughput(root);
		bench_models(root);
		bench_dfs(root);
		bench_jobs(root);
		bench_first(root);
	}
	json_object_object_add(root, "targets", targets_json());
	json_object_object_add(root, "seconds", json_object_new_double(now_s() - t0));
	if (json_object_to_file_ext(out, root, JSON_C_TO_STRING_PRETTY)) {
		fprintf(stderr, "bench-suite: cannot write %s\n", out);
		return 1;
	}
	printf("\n%.0f s; written to %s\n", now_s() - t0, out);
	json_object_put(root);
	return 0;
}
