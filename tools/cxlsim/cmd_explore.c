// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim explore / models / demo: many schedules, counted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <json-c/json.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "cxl/variant.h"
#include "cxlsim.h"
#include "explore.h"

static const char explore_usage[] =
	"usage: cxlsim explore [OPTIONS]\n"
	"Run many schedules and count end states and property violations.\n\n"
	"What to simulate:\n"
	"  --model NAME          what to simulate (see cxlsim models)\n"
	"  --topology T          model option: topology name or JSON file (see below)\n"
	"  --topology-from-cxl-list F  model option: topology from saved `cxl list` JSON\n"
	"  --kernel VARIANT      model option: kernel variant (see cxlsim variants)\n"
	"  --workload W          model option: workload (see below)\n"
	TOOL_HELP_BUILTIN
	"  --faults LIST         inject faults as recorded choices: alloc, probe, defer\n"
	"                        (comma list); they replay and shrink like any choice\n\n"
	"How to pick schedules:\n"
	"  --strategy S          random (default), pct (probabilistic concurrency\n"
	"                        testing) or dfs (every schedule, depth first)\n"
	"  --runs N              random, pct: schedules to run (default 1000)\n"
	"  --seed S              random, pct: first seed; run i uses seed S+i (default 0)\n"
	"  --depth D             pct: the bug depth it targets (default 3)\n"
	"  --preemptions B       dfs: at most B preemptions per schedule (default: no bound);\n"
	"                        with a reduction, a fast search that can miss schedules\n"
	"                        within the bound\n"
	"  --exact-bound         dfs: with --preemptions, reach every schedule within the\n"
	"                        bound up to reordering independent steps (bounded POR;\n"
	"                        many more schedules)\n"
	"  --reduction R         dfs: none, sleep (sleep sets) or source (source-DPOR with\n"
	"                        sleep sets, the default); --no-por is --reduction none\n"
	"  --checkpoint FILE     resume from FILE if it exists; save the search to it\n"
	"                        every 5000 schedules and when it stops (random, pct:\n"
	"                        the counts of the seeds done, in seed order; with it\n"
	"                        --max-schedules N runs at most N more of --runs)\n"
	"  --shard I/N           run only part I (0..N-1) of N disjoint parts: seeds\n"
	"                        S+i with i mod N = I, or dfs subtrees; add the parts up\n"
	"                        with cxlsim merge\n"
	"  --shard auto          take I and N from the array job: Slurm (SLURM_ARRAY_TASK_*),\n"
	"                        Kubernetes (JOB_COMPLETION_INDEX) or GNU parallel\n"
	"                        (PARALLEL_SEQ); N from --shard-count N or\n"
	"                        CXLSIM_SHARD_COUNT when the engine does not give it\n"
	"  --schedule S          start every schedule with the recorded prefix S: with\n"
	"  --then random         --then random go on with random choices past it (seeded\n"
	"                        per run); with dfs, explore every schedule that begins\n"
	"                        with S (its preemptions count towards --preemptions)\n"
	"  --max-schedules N     stop after N schedules (0, the default: no limit)\n"
	"  --max-seconds T       stop after T seconds (the only use of the clock; the\n"
	"                        schedules themselves do not depend on it)\n"
	"  --max-steps N         scheduling points before a run counts as a livelock\n\n"
	"What to report:\n"
	"  --property NAME       count only these properties (repeatable)\n"
	"  --check-determinism   replay every schedule and compare the traces\n"
	"  --no-shrink           print violating schedules as found, not shrunk\n"
	"  --end-state E         short (default): count end states by the model's short\n"
	"                        outcome; full: by the whole end state (every device,\n"
	"                        module and model object; long lines)\n"
	"  --json                print the summary as one JSON object\n"
	"  -j N, --jobs N        N worker processes (0: every CPU); the\n"
	"                        summary is the one -j 1 prints (dfs: the same search,\n"
	"                        this process and N-1 workers exploring its subtrees)\n"
	"  --progress            a progress line on standard error, also off a terminal\n"
	"  --quiet               no progress line\n\n"
	"For each violated property one line `violation: PROPERTY schedule=STRING`\n"
	"names the first schedule that violated it, shrunk to fewer preemptions and a\n"
	"shorter prefix that still violate it; cxlsim replay re-runs it.\n"
	"docs/exploration.md explains the strategies, the reduction and shrinking.\n"
	"Exit: 0 no violation, 1 some violation, 2 bad usage or input.\n";

/*
 * The counter of @label, a new one the first time.  @hash is a hash of
 * @label (sim_str_hash()) that spares comparing long labels (--end-state
 * full) in full, or 0 for every label of a tally.
 */
struct counter *explore_tally_bump(struct tally *t, const char *label, uint32_t hash)
{
	struct counter *c;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].hash == hash && !strcmp(t->v[i].label, label))
			return &t->v[i];
	c = realloc(t->v, (t->n + 1) * sizeof(*c));
	if (!c)
		return NULL;
	t->v = c;
	c = &t->v[t->n++];
	memset(c, 0, sizeof(*c));
	c->label = strdup(label);
	c->hash = hash;
	return c;
}

static void tally_free(struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].label);
		free(t->v[i].schedule);
	}
	free(t->v);
}

/* Replay @schedule in a fresh context and compare with the run in @e. */
long explore_replay_differs(const struct tool_opts *o, struct cxlsim__engine *e,
			    const char *schedule)
{
	struct cxlsim__engine again;
	long at = -1;

	if (tool_engine("explore", o, &again))
		return 0;
	if (!cxlsim_ctx_set_replay(again.ctx, schedule) && !cxlsim__engine_run(&again))
		at = sim_trace_diff(cxlsim__ctx_sim(e->ctx), cxlsim__ctx_sim(again.ctx));
	tool_engine_free(&again);
	return at;
}

double explore_now(void)
{
	struct timespec ts;

	/* Only for --max-seconds and the rate printed: never inside a run. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The run's schedule string ("-" for an empty one), encoded the first time a
 * run needs it: most runs only add to counts that already have a schedule.
 */
static const char *schedule_of(struct cxlsim__engine *e, char **sched)
{
	if (!*sched && cxlsim_ctx_schedule(e->ctx, sched))
		return NULL;
	return (*sched)[0] ? *sched : "-";
}

/* Count the run's end state: its outcome() label, or with --end-state full the whole state. */
int explore_end_label(const struct tool_opts *o, struct cxlsim__engine *e, char *buf,
		      size_t len, const char **label, char **full)
{
	*full = NULL;
	*label = NULL;
	if (o->end_state_full) {
		int ret = cxlsim__engine_end_state(e, full);

		if (ret)
			return ret;
		*label = *full;
	} else if (e->model->outcome) {
		*label = e->model->outcome(cxlsim__ctx_sim(e->ctx), e->priv, buf, len);
	}
	return 0;
}

static int record_end_state(const struct tool_opts *o, struct cxlsim__engine *e,
			    struct explore_result *r, uint64_t idx, char **sched)
{
	char buf[256], *full;
	const char *label, *str;
	struct counter *c;
	int ret = explore_end_label(o, e, buf, sizeof(buf), &label, &full);

	if (ret || !label)
		return ret;
	c = explore_tally_bump(&r->outcomes, label, full ? sim_str_hash(full) : 0);
	free(full);
	if (c && !c->count++) {
		str = schedule_of(e, sched);
		if (!str)
			return -ENOMEM;
		c->schedule = strdup(str);
		c->seed = idx;
	}
	return 0;
}

/* Count one finished run (@idx tells runs apart). */
static int record_run(const struct tool_opts *o, struct cxlsim__engine *e,
		      struct explore_result *r, uint64_t idx)
{
	char *sched = NULL;
	const char *str;
	int ret, any = 0;
	size_t v;

	r->runs++;
	ret = record_end_state(o, e, r, idx, &sched);
	if (ret)
		goto out;
	for (v = 0; v < cxlsim_ctx_violation_count(e->ctx); v++) {
		const char *prop;
		struct counter *c;

		cxlsim_ctx_violation(e->ctx, v, &prop, NULL);
		if (!tool_property_selected(o, prop))
			continue;
		if (!any++)
			r->violating++;
		c = explore_tally_bump(&r->violations, prop, 0);
		/* Count schedules, not reports: one schedule may report twice. */
		if (c && (!c->count || c->seed != idx)) {
			if (!c->count++) {
				str = schedule_of(e, &sched);
				if (!str) {
					ret = -ENOMEM;
					goto out;
				}
				c->schedule = strdup(str);
			}
			c->seed = idx;
		}
	}
	if (o->check_determinism) {
		str = schedule_of(e, &sched);
		if (!str) {
			ret = -ENOMEM;
			goto out;
		}
		if (explore_replay_differs(o, e, str) >= 0)
			r->nondeterministic++;
	}
out:
	free(sched);
	return ret;
}

bool explore_out_of_time(const struct tool_opts *o, double t0)
{
	return o->max_seconds && explore_now() - t0 >= (double)o->max_seconds;
}

int explore_run_seed(const struct tool_opts *o, struct cxlsim__engine *e, uint64_t seed,
		     uint64_t *pct_k, uint64_t *pct_n)
{
	int ret;

	if (o->schedule) {
		struct sim_strategy *st;

		ret = sim_strategy_replay_then_random(&st, o->schedule, seed);
		if (ret)
			return ret;
		cxlsim__ctx_set_strategy(e->ctx, st);
		return cxlsim__engine_run(e);
	}
	if (!strcmp(o->strategy, "pct")) {
		/* k is learned: each schedule draws change points over the largest k seen. */
		struct sim_strategy *st = sim_strategy_pct(seed, (unsigned int)o->depth,
							    *pct_k ? *pct_k : 64);
		uint64_t k, n;

		if (!st)
			return -ENOMEM;
		cxlsim__ctx_set_strategy(e->ctx, st);
		ret = cxlsim__engine_run(e);
		sim_strategy_pct_observed(st, &k, &n);
		*pct_k = k > *pct_k ? k : *pct_k;
		*pct_n = n > *pct_n ? n : *pct_n;
		return ret;
	}
	cxlsim_ctx_set_random(e->ctx, seed);
	return cxlsim__engine_run(e);
}

uint64_t explore_units(const struct tool_opts *o, uint64_t lo, uint64_t hi)
{
	uint64_t n = o->nr_shards;

	if (n <= 1)
		return hi > lo ? hi - lo : 0;
	/* i in lo..hi-1 with i mod n = shard: those below hi, less those below lo. */
	return hi / n + (o->shard < hi % n) - (lo / n + (o->shard < lo % n));
}

/* random and pct: run i uses seed S+i; a shard takes the runs i = shard mod N. */
static int explore_seeded(const struct tool_opts *o, struct cxlsim__engine *e,
			  struct explore_result *r, double t0)
{
	struct tool_progress prog;
	uint64_t i;
	int ret = 0;

	tool_progress_init(&prog, "explore", o, explore_units(o, r->first_unit, r->runs_end),
			   "schedules");
	for (i = r->first_unit; i < r->runs_end; i++) {
		if (o->nr_shards > 1 && i % o->nr_shards != o->shard)
			continue;
		if (explore_out_of_time(o, t0)) {
			r->stopped_early = true;
			break;
		}
		ret = explore_run_seed(o, e, o->seed + i, &r->pct_k, &r->pct_n);
		if (ret)
			break;
		ret = record_run(o, e, r, i);
		if (ret)
			break;
		r->next_unit = i + 1;
		if (o->checkpoint)
			explore_checkpoint_tick(o, r);
		tool_progress_update(&prog, r->runs - r->runs_restored, r->violating);
	}
	tool_progress_end(&prog);
	return ret;
}

int explore_dfs_checkpoint_save(const char *path, const struct sim_strategy *st,
			   const struct cxlsim__engine *e)
{
	char tmp[4096];
	FILE *f;
	int ret, err;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	ret = sim_strategy_dfs_save(st, cxlsim__ctx_sim(e->ctx), f);
	err = tool_stream_close(f);
	if (err)
		ret = -err;
	if (!ret && rename(tmp, path))
		ret = -errno;
	return ret;
}

/* The prefix of --schedule is not one of these inputs' runs: exit 2, saying why. */
static int root_unfit(const struct tool_opts *o, struct cxlsim__engine *e, size_t len,
		      const struct sim_dfs_stats *st)
{
	size_t v;

	for (v = 0; v < cxlsim_ctx_violation_count(e->ctx); v++) {
		const char *prop, *msg;

		cxlsim_ctx_violation(e->ctx, v, &prop, &msg);
		if (!strcmp(prop, "replay")) {
			fprintf(stderr, "cxlsim explore: --schedule %s does not fit these inputs: %s\n",
				o->schedule, msg);
			return EXIT_USAGE;
		}
	}
	fprintf(stderr, "cxlsim explore: --schedule %s does not fit these inputs: the run ends "
			"after %llu choices, before the prefix's %zu\n",
		o->schedule, (unsigned long long)st->root_fit, len);
	return EXIT_USAGE;
}

void explore_dfs_opts(const struct tool_opts *o, struct sim_dfs_opts *d)
{
	memset(d, 0, sizeof(*d));
	d->por = !o->no_por;
	d->dpor = !o->no_por && !o->sleep_only;
	d->preemption_bound = o->preemptions < 0 ? -1 : (int)o->preemptions;
	d->exact_bound = o->exact_bound;
	d->shard = o->shard;
	d->nr_shards = o->nr_shards;
}

int explore_dfs_run(const struct tool_opts *o, struct cxlsim__engine *e,
		    const struct sim_strategy *st, struct explore_result *r, uint64_t *idx)
{
	int ret = cxlsim__engine_run(e);
	size_t v;

	if (ret)
		return ret;
	if (sim_strategy_dfs_counts(st))
		return record_run(o, e, r, (*idx)++);
	/* A diverged replay is reported as a determinism violation. */
	for (v = 0; v < cxlsim_ctx_violation_count(e->ctx); v++) {
		const char *prop;

		cxlsim_ctx_violation(e->ctx, v, &prop, NULL);
		if (!strcmp(prop, "determinism"))
			return record_run(o, e, r, (*idx)++);
	}
	return 0;
}

bool explore_dfs_advance(const struct tool_opts *o, const struct cxlsim__engine *e,
			 struct sim_strategy *st, struct explore_result *r, uint64_t *since_save,
			 struct tool_progress *prog)
{
	/* Exhausted, or it cannot go on (a replay diverged, the prefix does not fit). */
	if (!sim_strategy_dfs_next(st))
		return false;
	if (o->checkpoint && ++*since_save >= 5000) {
		*since_save = 0;
		explore_dfs_checkpoint_save(o->checkpoint, st, e);
	}
	sim_strategy_dfs_stats(st, &r->dfs);
	tool_progress_update(prog, r->runs, r->violating);
	return true;
}

/* dfs: one strategy walks the whole tree; --checkpoint saves it as it goes. */
static int explore_dfs(const struct tool_opts *o, struct cxlsim__engine *e,
		       struct explore_result *r, double t0)
{
	struct tool_progress prog;
	struct sim_dfs_opts dopts;
	struct sim_strategy *st;
	uint64_t idx = 0, since_save = 0;
	uint32_t *root = NULL;
	int ret = 0;

	explore_dfs_opts(o, &dopts);
	if (o->schedule) {
		ret = sim_schedule_decode(o->schedule, &root, &dopts.root_len);
		if (ret) {
			fprintf(stderr, "cxlsim explore: --schedule %s: not a schedule string\n",
				o->schedule);
			return EXIT_USAGE;
		}
		dopts.root = root;
	}
	st = sim_strategy_dfs(&dopts);
	free(root);
	if (!st)
		return -ENOMEM;
	cxlsim__ctx_set_strategy(e->ctx, st);
	r->is_dfs = true;
	if (o->checkpoint) {
		struct stat sb;
		FILE *f;

		if (!stat(o->checkpoint, &sb) && (S_ISDIR(sb.st_mode) || !sb.st_size)) {
			fprintf(stderr, "cxlsim explore: --checkpoint %s: %s\n", o->checkpoint,
				S_ISDIR(sb.st_mode) ? "is a directory, not a file" :
						      "the file is empty: not a dfs checkpoint");
			return EXIT_USAGE;
		}
		f = fopen(o->checkpoint, "r");
		if (f) {
			ret = sim_strategy_dfs_load(st, cxlsim__ctx_sim(e->ctx), f);
			fclose(f);
			if (ret) {
				fprintf(stderr, "cxlsim explore: %s: %s\n", o->checkpoint,
					ret == -EXDEV ? "saved with other --shard, --preemptions, "
							"--exact-bound, --reduction or --schedule "
							"options" :
					ret == -EPROTO ? "saved by another version of cxlsim, in "
							 "another checkpoint format: start the search anew" :
					"not a dfs checkpoint");
				return EXIT_USAGE;
			}
		} else if (errno != ENOENT) {
			fprintf(stderr, "cxlsim explore: %s: %s\n", o->checkpoint, strerror(errno));
			return EXIT_USAGE;
		}
		/* Find out now, not after an hour of search, that it cannot be written. */
		ret = explore_dfs_checkpoint_save(o->checkpoint, st, e);
		if (ret) {
			fprintf(stderr, "cxlsim explore: cannot save %s: %s\n", o->checkpoint,
				strerror(-ret));
			return EXIT_USAGE;
		}
	}
	sim_strategy_dfs_stats(st, &r->dfs);
	if (r->jobs > 1) {
		ret = explore_dfs_parallel(o, e, st, r, t0, &idx);
		goto done;
	}
	tool_progress_init(&prog, "explore", o, 0, "schedules");
	while (!r->dfs.exhausted) {
		if ((o->max_schedules && r->runs >= o->max_schedules) || explore_out_of_time(o, t0)) {
			r->stopped_early = true;
			break;
		}
		ret = explore_dfs_run(o, e, st, r, &idx);
		if (ret)
			break;
		if (!explore_dfs_advance(o, e, st, r, &since_save, &prog))
			break;
	}
	tool_progress_end(&prog);
done:
	sim_strategy_dfs_stats(st, &r->dfs);
	if (r->dfs.root_unfit)
		return root_unfit(o, e, dopts.root_len, &r->dfs);
	if (o->checkpoint && !ret) {
		ret = explore_dfs_checkpoint_save(o->checkpoint, st, e);
		if (ret) {
			fprintf(stderr, "cxlsim: write error: %s: %s\n", o->checkpoint,
				strerror(-ret));
			return EXIT_USAGE;
		}
	}
	return ret;
}

/*
 * random, pct: the seeds the search covers (--runs, or --max-schedules
 * without --runs), and the ones this invocation runs: after what a
 * --checkpoint holds, at most --max-schedules more with one.
 */
static int explore_seeded_plan(const struct tool_opts *o, struct explore_result *r)
{
	uint64_t cap;
	int ret;

	r->runs_planned = o->runs;
	if (o->max_schedules && !o->runs_set)
		r->runs_planned = o->max_schedules;
	if (o->checkpoint) {
		ret = explore_checkpoint_load(o, r);
		if (ret)
			return ret;
		if (r->first_unit > r->runs_planned) {
			fprintf(stderr, "cxlsim explore: --checkpoint %s holds seeds %llu..%llu, more "
					"than the %llu this search runs\n", o->checkpoint,
				(unsigned long long)o->seed,
				(unsigned long long)(o->seed + r->first_unit - 1),
				(unsigned long long)r->runs_planned);
			return EXIT_USAGE;
		}
	}
	r->runs_end = r->runs_planned;
	cap = r->first_unit + o->max_schedules;
	if (o->max_schedules && cap < r->runs_planned) {
		if (o->checkpoint)
			r->runs_end = cap;
		else
			r->runs_planned = r->runs_end = cap;
	}
	return 0;
}

static int explore(const struct tool_opts *o, struct cxlsim__engine *e, struct explore_result *r)
{
	double t0 = explore_now();
	int ret;

	memset(r, 0, sizeof(*r));
	r->jobs = o->jobs > 1 ? o->jobs : 1;
	if (!strcmp(o->strategy, "dfs")) {
		ret = explore_dfs(o, e, r, t0);
		r->seconds = explore_now() - t0;
		return ret;
	}
	ret = explore_seeded_plan(o, r);
	if (ret)
		return ret;
	if (r->first_unit >= r->runs_end)
		ret = 0;	/* the checkpoint holds it all */
	else if (r->jobs > 1)
		ret = explore_parallel(o, e, r, t0);
	else
		ret = explore_seeded(o, e, r, t0);
	r->seconds = explore_now() - t0;
	if (!ret && r->runs_end < r->runs_planned)
		r->stopped_early = true;	/* --max-schedules with a checkpoint */
	if (o->checkpoint && !ret) {
		int err = explore_checkpoint_save(o, r);

		if (err) {
			fprintf(stderr, "cxlsim: write error: %s: %s\n", o->checkpoint,
				strerror(-err));
			return EXIT_USAGE;
		}
	}
	return ret;
}

/* Replace each violation's first schedule by its shrunk form. */
static void shrink_all(struct cxlsim__engine *e, struct explore_result *r)
{
	size_t i;

	for (i = 0; i < r->violations.n; i++) {
		struct counter *c = &r->violations.v[i];
		uint32_t *choices, *small;
		size_t n, small_n;
		char *str;

		if (sim_schedule_decode(c->schedule, &choices, &n))
			continue;
		if (!cxlsim__shrink(e, c->label, choices, n, &small, &small_n, &c->shrink)) {
			if (!sim_schedule_encode(small, small_n, &str)) {
				c->before_chars = strlen(c->schedule);
				free(c->schedule);
				c->schedule = strdup(str[0] ? str : "-");
				free(str);
				c->shrunk = true;
			}
			free(small);
		}
		free(choices);
	}
}

static void print_text(const struct tool_opts *o, const struct cxlsim__engine *e,
		       const struct explore_result *r)
{
	const char *const *p;
	size_t i;

	if (r->is_dfs)
		printf("model: %s   strategy: dfs%s%s", e->model->name,
		       o->no_por ? " (no reduction)" :
		       o->sleep_only ? " with sleep sets" : " with source-DPOR and sleep sets",
		       o->exact_bound ? ", exact within the bound" : "");
	else
		printf("model: %s   strategy: %s   seeds: %llu..%llu", e->model->name, o->strategy,
		       (unsigned long long)o->seed,
		       (unsigned long long)(o->seed + r->runs_planned - 1));
	if (r->is_dfs && o->schedule)
		printf("   below %s", o->schedule);
	if (o->nr_shards > 1)
		printf("   shard %u/%u", o->shard, o->nr_shards);
	printf("\n");
	if (r->is_dfs) {
		printf("dfs: %s; %llu schedules explored, %llu alternatives pruned by sleep sets, "
		       "%llu runs sleep-blocked, %llu races reversed",
		       r->dfs.exhausted ? "space exhausted" : "space NOT exhausted",
		       (unsigned long long)r->dfs.complete, (unsigned long long)r->dfs.pruned,
		       (unsigned long long)r->dfs.sleep_blocked, (unsigned long long)r->dfs.races);
		if (o->preemptions >= 0)
			printf(", %llu alternatives beyond %lld preemptions dropped",
			       (unsigned long long)r->dfs.bounded, (long long)o->preemptions);
		if (o->nr_shards > 1)
			printf(", %llu runs left to other shards",
			       (unsigned long long)r->dfs.other_shard);
		printf("; deepest run %llu choices\n", (unsigned long long)r->dfs.max_depth);
	}
	if (r->incomplete)
		printf("INCOMPLETE: %s; the counts above cover only the schedules merged before it\n",
		       r->incomplete);
	if (r->stopped_early)
		printf("stopped early: %s reached\n",
		       o->max_seconds && r->seconds >= (double)o->max_seconds ? "--max-seconds" :
										"--max-schedules");
	if (!strcmp(o->strategy, "pct")) {
		double g = 1.0 / (double)(r->pct_n ? r->pct_n : 1);
		uint64_t d;

		for (d = 1; d < o->depth; d++)
			g /= (double)(r->pct_k ? r->pct_k : 1);
		printf("pct: depth %llu, n=%llu tasks, k=%llu choices: each schedule finds a given "
		       "depth-%llu bug with probability >= 1/(n*k^(d-1)) = %.3g\n",
		       (unsigned long long)o->depth, (unsigned long long)r->pct_n,
		       (unsigned long long)r->pct_k, (unsigned long long)o->depth, g);
	}
	/* The rate of this invocation's schedules, not of those a checkpoint held. */
	printf("schedules run: %llu (%.2f s, %.0f schedules/s)\n", (unsigned long long)r->runs,
	       r->seconds,
	       r->seconds > 0 ? (double)(r->runs - r->runs_restored) / r->seconds : 0.0);
	printf("distinct end states: %zu\n", r->outcomes.n);
	for (i = 0; i < r->outcomes.n; i++)
		printf("  %8llu  %s\n", (unsigned long long)r->outcomes.v[i].count,
		       r->outcomes.v[i].label);
	printf("violations (schedules violating each property):\n");
	for (p = e->model->properties; *p; p++) {
		uint64_t n = 0;

		if (!tool_property_selected(o, *p))
			continue;
		for (i = 0; i < r->violations.n; i++)
			if (!strcmp(r->violations.v[i].label, *p))
				n = r->violations.v[i].count;
		printf("  %-18s %llu\n", *p, (unsigned long long)n);
	}
	/* Runtime-level findings (no-livelock, replay, ...) that no model lists. */
	for (i = 0; i < r->violations.n; i++) {
		bool listed = false;

		for (p = e->model->properties; *p; p++)
			listed |= !strcmp(*p, r->violations.v[i].label);
		if (!listed)
			printf("  %-18s %llu\n", r->violations.v[i].label,
			       (unsigned long long)r->violations.v[i].count);
	}
	if (o->check_determinism)
		printf("determinism: %llu of %llu schedules replayed differently\n",
		       (unsigned long long)r->nondeterministic, (unsigned long long)r->runs);
	for (i = 0; i < r->violations.n; i++) {
		const struct counter *c = &r->violations.v[i];

		printf("violation: %s schedule=%s\n", c->label, c->schedule);
		if (c->shrunk)
			printf("  shrunk from %zu choices, %zu of them preemptions or faults, %zu "
			       "characters, to %zu, %zu, %zu (%zu replays%s)\n",
			       c->shrink.before_len, c->shrink.before_preempt, c->before_chars,
			       c->shrink.after_len, c->shrink.after_preempt, strlen(c->schedule),
			       c->shrink.tries,
			       c->shrink.budget_spent ? ", the most it may take" : "");
	}
}

static void print_json(const struct tool_opts *o, const struct cxlsim__engine *e,
		       const struct explore_result *r)
{
	struct json_object *root = json_object_new_object(), *outs = json_object_new_array(),
			   *viol = json_object_new_object(), *first = json_object_new_object();
	const char *const *p;
	size_t i;

	json_object_object_add(root, "model", json_object_new_string(e->model->name));
	json_object_object_add(root, "strategy", json_object_new_string(o->strategy));
	json_object_object_add(root, "seed", json_object_new_uint64(o->seed));
	json_object_object_add(root, "topology", json_object_new_string(o->mopts.topology ?
									 o->mopts.topology : "default"));
	json_object_object_add(root, "kernel", json_object_new_string(o->mopts.kernel ?
								       o->mopts.kernel : "base"));
	json_object_object_add(root, "workload", json_object_new_string(o->mopts.workload ?
									 o->mopts.workload : "boot"));
	json_object_object_add(root, "builtin", json_object_new_string(o->mopts.builtin ?
									o->mopts.builtin : "none"));
	json_object_object_add(root, "link_order", json_object_new_string(
		o->mopts.link_order ? o->mopts.link_order : "makefile"));
	json_object_object_add(root, "shard", json_object_new_int((int)o->shard));
	json_object_object_add(root, "shards", json_object_new_int(o->nr_shards ? (int)o->nr_shards : 1));
	json_object_object_add(root, "end_state",
			       json_object_new_string(o->end_state_full ? "full" : "short"));
	json_object_object_add(root, "schedules", json_object_new_uint64(r->runs));
	json_object_object_add(root, "stopped_early", json_object_new_boolean(r->stopped_early));
	if (r->incomplete)
		json_object_object_add(root, "incomplete", json_object_new_string(r->incomplete));
	if (r->is_dfs) {
		struct json_object *d = json_object_new_object();

		json_object_object_add(d, "exhausted", json_object_new_boolean(r->dfs.exhausted));
		json_object_object_add(d, "reduction", json_object_new_string(
			o->no_por ? "none" : o->sleep_only ? "sleep" : "source"));
		json_object_object_add(d, "races", json_object_new_uint64(r->dfs.races));
		json_object_object_add(d, "explored", json_object_new_uint64(r->dfs.complete));
		json_object_object_add(d, "pruned", json_object_new_uint64(r->dfs.pruned));
		json_object_object_add(d, "sleep_blocked",
				       json_object_new_uint64(r->dfs.sleep_blocked));
		json_object_object_add(d, "bounded", json_object_new_uint64(r->dfs.bounded));
		json_object_object_add(d, "preemption_bound", json_object_new_int64(o->preemptions));
		json_object_object_add(d, "exact_bound", json_object_new_boolean(o->exact_bound));
		json_object_object_add(d, "root", json_object_new_string(o->schedule ? o->schedule : ""));
		json_object_object_add(d, "other_shard", json_object_new_uint64(r->dfs.other_shard));
		json_object_object_add(d, "max_depth", json_object_new_uint64(r->dfs.max_depth));
		json_object_object_add(root, "dfs", d);
	}
	if (!strcmp(o->strategy, "pct") && !r->is_dfs) {
		json_object_object_add(root, "pct_n", json_object_new_uint64(r->pct_n));
		json_object_object_add(root, "pct_k", json_object_new_uint64(r->pct_k));
	}
	for (i = 0; i < r->outcomes.n; i++) {
		struct json_object *oc = json_object_new_object();

		json_object_object_add(oc, "state", json_object_new_string(r->outcomes.v[i].label));
		json_object_object_add(oc, "count", json_object_new_uint64(r->outcomes.v[i].count));
		json_object_object_add(oc, "schedule",
				       json_object_new_string(r->outcomes.v[i].schedule));
		json_object_array_add(outs, oc);
	}
	json_object_object_add(root, "distinct_end_states", json_object_new_uint64(r->outcomes.n));
	json_object_object_add(root, "end_states", outs);
	for (p = e->model->properties; *p; p++)
		if (tool_property_selected(o, *p))
			json_object_object_add(viol, *p, json_object_new_uint64(0));
	for (i = 0; i < r->violations.n; i++) {
		json_object_object_add(viol, r->violations.v[i].label,
				       json_object_new_uint64(r->violations.v[i].count));
		json_object_object_add(first, r->violations.v[i].label,
				       json_object_new_string(r->violations.v[i].schedule));
	}
	json_object_object_add(root, "violations", viol);
	json_object_object_add(root, "first_violation_schedule", first);
	{
		struct json_object *shr = json_object_new_object();

		for (i = 0; i < r->violations.n; i++) {
			const struct counter *c = &r->violations.v[i];
			struct json_object *o1;

			if (!c->shrunk)
				continue;
			o1 = json_object_new_object();
			json_object_object_add(o1, "before_choices",
					       json_object_new_uint64(c->shrink.before_len));
			json_object_object_add(o1, "after_choices",
					       json_object_new_uint64(c->shrink.after_len));
			json_object_object_add(o1, "before_preemptions",
					       json_object_new_uint64(c->shrink.before_preempt));
			json_object_object_add(o1, "after_preemptions",
					       json_object_new_uint64(c->shrink.after_preempt));
			json_object_object_add(o1, "before_chars", json_object_new_uint64(c->before_chars));
			json_object_object_add(o1, "after_chars",
					       json_object_new_uint64(strlen(c->schedule)));
			json_object_object_add(o1, "replays", json_object_new_uint64(c->shrink.tries));
			json_object_object_add(o1, "budget_spent",
					       json_object_new_boolean(c->shrink.budget_spent));
			json_object_object_add(shr, c->label, o1);
		}
		json_object_object_add(root, "shrink", shr);
	}
	if (o->check_determinism)
		json_object_object_add(root, "nondeterministic",
				       json_object_new_uint64(r->nondeterministic));
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

int cmd_explore(int argc, char **argv)
{
	struct cxlsim__engine e;
	struct explore_result r;
	struct tool_opts o;
	int ret = tool_parse("explore", explore_usage, argc, argv, &o, NULL);

	if (ret)
		return ret < 0 ? EXIT_CLEAN : ret;
	if (!o.runs) {
		fprintf(stderr, "cxlsim explore: --runs must be at least 1\n");
		return EXIT_USAGE;
	}
	if (strcmp(o.strategy, "dfs") && (o.preemptions >= 0 || o.no_por || o.sleep_only ||
					  o.exact_bound)) {
		fprintf(stderr, "cxlsim explore: --preemptions, --exact-bound and --reduction "
				"belong to --strategy dfs\n");
		return EXIT_USAGE;
	}
	if (o.exact_bound && o.preemptions < 0) {
		fprintf(stderr, "cxlsim explore: --exact-bound needs --preemptions B (without a "
				"bound every search is exact)\n");
		return EXIT_USAGE;
	}
	if (!strcmp(o.strategy, "dfs") && o.runs_set) {
		fprintf(stderr, "cxlsim explore: dfs runs until the space is exhausted; bound it "
				"with --max-schedules or --max-seconds, not --runs\n");
		return EXIT_USAGE;
	}
	if (o.schedule && !strcmp(o.strategy, "dfs") && o.then) {
		fprintf(stderr, "cxlsim explore: --then random goes on at random; dfs explores "
				"every way on below --schedule S\n");
		return EXIT_USAGE;
	}
	if (o.schedule && strcmp(o.strategy, "dfs") && (!o.then || strcmp(o.strategy, "random"))) {
		fprintf(stderr, "cxlsim explore: --schedule S seeds a search only with --then "
				"random (random strategy) or --strategy dfs\n");
		return EXIT_USAGE;
	}
	if (o.then && !o.schedule) {
		fprintf(stderr, "cxlsim explore: --then random continues a --schedule\n");
		return EXIT_USAGE;
	}
	if (o.jobs > 1 && !strcmp(o.strategy, "dfs") && o.nr_shards > 1) {
		fprintf(stderr, "cxlsim explore: -j with a dfs --shard is not supported: run "
				"each shard with -j, or the whole search with -j and no --shard\n");
		return EXIT_USAGE;
	}
	if (o.threads) {
		fprintf(stderr, "cxlsim explore: explores schedules, which the thread executor "
				"does not have; see cxlsim stress\n");
		return EXIT_USAGE;
	}
	ret = tool_engine("explore", &o, &e);
	if (ret)
		return ret;
	ret = o.schedule ? tool_schedule_check("explore", o.schedule) : 0;
	if (ret) {
		tool_engine_free(&e);
		return ret;
	}
	/* Only a determinism check reads the traces (a third of a minimal run's time). */
	sim_set_tracing(cxlsim__ctx_sim(e.ctx), o.check_determinism);
	ret = explore(&o, &e, &r);
	if (ret > 0) {
		tally_free(&r.outcomes);
		tally_free(&r.violations);
		tool_engine_free(&e);
		return ret;
	}
	if (ret) {
		fprintf(stderr, "cxlsim explore: a run failed: %s\n", cxlsim_strerror(ret));
		ret = EXIT_USAGE;
	} else {
		if (!o.no_shrink)
			shrink_all(&e, &r);
		if (o.json)
			print_json(&o, &e, &r);
		else
			print_text(&o, &e, &r);
		ret = r.violations.n || r.nondeterministic ? EXIT_VIOLATION : EXIT_CLEAN;
		if (r.incomplete) {
			fprintf(stderr, "cxlsim explore: the search is incomplete: %s\n", r.incomplete);
			ret = EXIT_INCOMPLETE;
		}
	}
	free(r.incomplete);
	tally_free(&r.outcomes);
	tally_free(&r.violations);
	tool_engine_free(&e);
	return ret;
}

int cmd_models(int argc, char **argv)
{
	const struct cxlsim__model *const *m;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: cxlsim models\nLists the models --model can name, one line each.\n");
		return EXIT_CLEAN;
	}
	if (argc > 1) {
		fprintf(stderr, "cxlsim models: takes no arguments\n");
		return EXIT_USAGE;
	}
	for (m = cxlsim__models(); *m; m++)
		printf("%-8s %s\n", (*m)->name, (*m)->summary);
	return EXIT_CLEAN;
}

/* Run @runs schedules of the cxl model under @kernel (@builtin: NULL or "all"); fills @r. */
static int explore_variant(const char *kernel, const char *builtin, uint64_t runs,
			   struct explore_result *r, struct cxlsim__engine *e, struct tool_opts *o)
{
	char *argv[] = { "explore", NULL };
	int ret;

	tool_parse("demo", "", 1, argv, o, NULL);
	o->model = "cxl";
	o->mopts.kernel = kernel;
	o->mopts.builtin = builtin;
	o->runs = runs;
	ret = tool_engine("demo", o, e);
	if (ret)
		return ret;
	ret = explore(o, e, r);
	return ret ? EXIT_USAGE : 0;
}

static uint64_t count_of(const struct explore_result *r, const char *prop)
{
	size_t i;

	for (i = 0; i < r->violations.n; i++)
		if (!strcmp(r->violations.v[i].label, prop))
			return r->violations.v[i].count;
	return 0;
}

/* The headline exploration; `make demo` runs it. */
int cmd_demo(int argc, char **argv)
{
	static const struct {
		const char *kernel, *builtin, *column;
	} cfg[] = {
		{ "base", NULL, "base" },
		{ "series", NULL, "series" },
		{ "base", "all", "base =y" },
		{ "series", "all", "series =y" },
	};
	enum { NR_CFG = sizeof(cfg) / sizeof(cfg[0]) };
	struct explore_result r[NR_CFG];
	struct cxlsim__engine e[NR_CFG];
	struct tool_opts o[NR_CFG];
	const char *const *p;
	uint64_t runs = 1000;
	int i, ret = EXIT_CLEAN;

	if (argc > 1) {
		if (!strcmp(argv[1], "--help")) {
			printf("usage: cxlsim demo\n"
			       "The headline exploration that `make demo` shows: 1000 random schedules\n"
			       "of the default topology booting under the kernel before the series\n"
			       "(base) and after it (series), properties side by side; with the CXL\n"
			       "modules loaded as modules (udev, modprobe) and all built in (=y,\n"
			       "--builtin all: inits by initcall level and link order before udev).\n");
			return EXIT_CLEAN;
		}
		fprintf(stderr, "cxlsim demo: takes no arguments\n");
		return EXIT_USAGE;
	}
	printf("cxl: Initialization reworks in support Soft Reserve Recovery and Accelerator "
	       "Memory\n%llu random schedules each of the default topology (cxl_test's shape), "
	       "workload boot;\n=y: every CXL module built in (--builtin all)\n\n",
	       (unsigned long long)runs);
	for (i = 0; i < NR_CFG; i++) {
		ret = explore_variant(cfg[i].kernel, cfg[i].builtin, runs, &r[i], &e[i], &o[i]);
		if (ret)
			return ret;
	}
	printf("%-20s", "schedules violating");
	for (i = 0; i < NR_CFG; i++)
		printf(" %12s", cfg[i].column);
	printf("\n");
	for (p = e[0].model->properties; *p; p++) {
		printf("%-20s", *p);
		for (i = 0; i < NR_CFG; i++)
			printf(" %12llu", (unsigned long long)count_of(&r[i], *p));
		printf("\n");
	}
	printf("\nmemdev-attached and probe-sync-point are what the series fixes: cxl_pci now\n"
	       "needs cxl_mem loaded, and cxl_mem probes inside devm_cxl_add_memdev().\n"
	       "soft-reserve stays, in the kernel too: dax_hmem's wait_for_device_probe()\n"
	       "does not wait for the cxl_bus_rescan() cxl_acpi queued (docs/properties.md).\n"
	       "Built in, both races are gone in the Makefile's link order: cxl_mem's driver\n"
	       "is registered before cxl_pci adds a memdev, and the topology is there before\n"
	       "either; --link-order any brings memdev-attached back under base.\n"
	       "all-attached built in is the kernel's dport race: every memdev probes at\n"
	       "once, one finds a switch port cxl_port has not bound yet and is left behind;\n"
	       "fixed after the merge by 0066688dbcdc (--kernel series+port-host-lock-fix).\n\n");
	for (i = 0; i < NR_CFG; i++) {
		size_t v;

		shrink_all(&e[i], &r[i]);
		for (v = 0; v < r[i].violations.n; v++)
			printf("%s: first %s violation: cxlsim replay --kernel %s%s %s\n",
			       cfg[i].column, r[i].violations.v[v].label, cfg[i].kernel,
			       cfg[i].builtin ? " --builtin all" : "",
			       r[i].violations.v[v].schedule);
		tally_free(&r[i].outcomes);
		tally_free(&r[i].violations);
		tool_engine_free(&e[i]);
	}
	return EXIT_CLEAN;
}

int cmd_variants(int argc, char **argv)
{
	const struct cxl_toggle_info *t;

	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("usage: cxlsim variants\nLists the kernel variants and per-patch toggles "
		       "--kernel takes.\n");
		return EXIT_CLEAN;
	}
	if (argc > 1) {
		fprintf(stderr, "cxlsim variants: takes no arguments\n");
		return EXIT_USAGE;
	}
	printf("base                    the kernel before the series: commit %s\n"
	       "                        (the for-7.0/cxl-init branch point)\n"
	       "series                  all six patches (for-7.0/cxl-init): commit %s\n"
	       "                        (the branch merged into cxl-for-next)\n"
	       "base+T1,T2,...          base with some patches; series-T1,... without some\n"
	       "series+T1,...           the series with later fixes (or the proposal) on top\n\n"
	       "toggles (a \"proposal\" was never merged by any kernel):\n",
	       CXL_BASE_COMMIT, CXL_SERIES_COMMIT);
	for (t = cxl_toggles; t->name; t++)
		printf("  %-24s %-20s %s\n", t->name, t->patch, t->summary);
	return EXIT_CLEAN;
}
