// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Exhaustive depth-first search over every choice of a run, stateless: each
 * schedule is a fresh run that replays the path down to the deepest node
 * with an unexplored alternative, takes that alternative, and goes on with
 * the first allowed alternative at every new choice.
 *
 * Partial-order reduction with sleep sets (Godefroid, 1996).  A scheduling
 * alternative is "task T takes its next step".  After the subtree of T at a
 * node is explored, T goes to sleep for the node's later alternatives, and it
 * stays asleep down their subtrees for as long as the steps taken are
 * independent of T's step (neither writes what the other touches: see
 * sim_touch()).  A sleeping task is never picked, because every schedule
 * that picks it there only reorders independent steps of one already
 * explored.  When every alternative at a new node sleeps, the run is cut
 * short and not counted (sleep-set blocked).
 *
 * A task's step is what it does up to its next scheduling point; its
 * footprint is learned by running it, and is the union over everything the
 * subtree saw for that first step (a step may contain data or fault choices).
 *
 * Preemption bounding (--preemptions) drops alternatives that would preempt
 * the running task once the bound is reached.  Together with the reductions
 * that is a heuristic search, not an exhaustive one within the bound: a
 * reduced bounded search may miss schedules a plain bounded search reaches,
 * because the order it keeps may need more preemptions than one it pruned.
 * With exact_bound it is exhaustive within the bound: every race is also
 * reversed where its task's run began (add_block_start()), and a task sleeps
 * only where its explored order costs no more preemptions (may_sleep()).
 *
 * Sharding: the first scheduling node at depth >= shard_depth - 1 splits the
 * tree; its alternatives, numbered in the order every shard meets them, go
 * round-robin to the shards.  Every shard runs the same tree above the split
 * (and the split's first steps, whose footprints the sleep sets above need),
 * so their subtrees are disjoint and together complete.  Runs that end
 * before any split count for shard 0.
 *
 * Rooting (o.root): the first o.root_len choices of every run are fixed, so
 * the search covers the subtree below that prefix and nothing else.  The
 * other alternatives of the prefix's nodes are outside the search: never
 * explored, never asleep, and races cannot ask for them, exactly as races
 * cannot ask a shard for alternatives above its split.  A shard split is
 * made below the prefix.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

enum alt_state {
	ALT_TODO,
	ALT_DONE,
	ALT_ASLEEP,		/* asleep when the node was reached: pruned */
	ALT_BOUNDED,		/* beyond the preemption bound */
	ALT_OUTSIDE,		/* off the prefix the search is rooted at (root) */
};

struct fpset {
	uint32_t *v;
	size_t n;
};

struct sleeper {
	uint32_t task;
	struct fpset fp;
};

struct sleepset {
	struct sleeper *v;
	size_t n, cap;
};

struct dfs_node {
	enum sim_choice_kind kind;
	unsigned int n;
	unsigned int cur;
	bool preemption;
	bool split;		/* the shard split node */
	bool fresh;		/* cur was just chosen: count it once at the split */
	bool dirty;		/* follower: cur's footprint grew below the subtree's root */
	uint64_t serial;	/* this node, among all the search made (its prefix with it) */
	unsigned int preempts;	/* preemptions on the path above this node */
	uint32_t *task;		/* SCHED: candidate task ids */
	uint8_t *state;
	uint8_t *backtrack;	/* alternatives to explore (all, or those races asked for) */
	uint8_t *goes_on;	/* SCHED: the task could still run when that first step ended */
	struct fpset *fp;	/* SCHED: footprint of each alternative's first step */
	struct sleepset sleep;	/* asleep when the node was reached */
};

/*
 * One step of the current run, for the race analysis of source-DPOR.  Its
 * footprint lives in the run's footprint array (steps_fp), not in a block
 * of its own: a run has a few hundred steps and a search many runs.
 */
struct dfs_step {
	uint32_t task;
	long sel;		/* the node that chose this step, -1 when nothing else could run */
	int64_t cause;		/* the step that spawned or woke the task for it, -1 none */
	size_t fp_off, fp_n;	/* footprint: steps_fp[fp_off .. fp_off + fp_n) */
	/*
	 * One bit per object id modulo 64, of all objects and of those written:
	 * two steps whose bits cannot meet do not conflict, which spares most
	 * comparisons of the footprints themselves.  touch_all: SIM_TOUCH_ALL.
	 */
	uint64_t objs, writes;
	bool touch_all;
};

/* A choice as the search sees it: candidates by task id (a replayed run has no tasks). */
struct dfs_choice {
	size_t k;		/* index of the choice in the run */
	enum sim_choice_kind kind;
	unsigned int n;
	const uint32_t *task;	/* SCHED: the candidates' task ids */
	bool preemption, timing;
};

struct dfs_strategy {
	struct sim_strategy base;
	struct sim_dfs_opts o;
	struct dfs_node *path;
	size_t depth, cap;
	struct dfs_step *steps;
	size_t nr_steps, cap_steps;
	uint32_t *steps_fp;
	size_t steps_fp_len, steps_fp_cap;
	/* analyse_races() scratch, kept from run to run */
	uint64_t *hb;
	uint32_t *initials;
	uint64_t *nd;		/* steps between a race's two that do not follow the first */
	size_t scratch_cap;	/* steps the scratch arrays have room for */
	long split_node;	/* index of the shard split node on the path, -1 none */
	uint32_t *root;		/* o.root, owned: every schedule begins with these choices */
	/* per run */
	struct sleepset sleep;
	size_t path_len;	/* nodes the run replays: the last one takes a new alternative */
	bool sleep_live;	/* past that node: the running sleep set is the run's own */
	long pending;		/* node whose chosen alternative's first step is running */
	uint32_t pending_task;
	unsigned int preempts;
	bool discard;
	bool diverged;
	bool owned;		/* the run's split prefix belongs to this shard */
	bool past_split;
	uint64_t split_seq;	/* split alternatives met so far, in every shard's order */
	struct sim_dfs_stats st;
	uint32_t *cand;		/* dfs_choose() scratch: the candidates' ids */
	unsigned int cand_cap;
	/*
	 * A follower runs one schedule another search planned (a spec): the
	 * path is the spec's prefix and the running sleep set on arriving at
	 * its last node is the spec's (follow_sleep), not one arrive() derives.
	 */
	bool follower;
	struct sleepset follow_sleep;
	/*
	 * A follower explores the subtree below the spec's last node (floor):
	 * the races its runs ask of nodes at or above the floor, as (node,
	 * count, initials...) in the order found, are collected for the
	 * planner, which alone holds those nodes; the others it asks itself.
	 */
	long floor;
	uint64_t serials;	/* nodes made so far */
	bool past_floor;	/* this run made the floor's choice */
	struct sim_dfs_stats st0;	/* the counts when the subtree began */
	uint32_t *races;
	size_t nr_races, cap_races;
	bool dpor_asked;	/* o.dpor as created (a lack of memory turns it off) */
};

static struct dfs_strategy *to_dfs(struct sim_strategy *st)
{
	return container_of(st, struct dfs_strategy, base);
}

/* ---- footprint sets ---- */

static void fp_free(struct fpset *f)
{
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/* Is every entry of (v, n) in f already, a write as a write?  Both sorted. */
static bool fp_covers(const struct fpset *f, const uint32_t *v, size_t n)
{
	size_t i = 0, j;

	for (j = 0; j < n; j++) {
		while (i < f->n && SIM_FP_OBJ(f->v[i]) < SIM_FP_OBJ(v[j]))
			i++;
		if (i == f->n || SIM_FP_OBJ(f->v[i]) != SIM_FP_OBJ(v[j]) ||
		    (SIM_FP_WRITE(v[j]) && !SIM_FP_WRITE(f->v[i])))
			return false;
	}
	return true;
}

/*
 * f := f ∪ (v, n); both sorted, one entry per object, a write wins.  Replays
 * mostly add a footprint the alternative has already: then nothing changes.
 */
static int fp_union(struct fpset *f, const uint32_t *v, size_t n)
{
	uint32_t *out;
	size_t i = 0, j = 0, k = 0;

	if (f->v && fp_covers(f, v, n))
		return 0;
	out = malloc((f->n + n + 1) * sizeof(*out));
	if (!out)
		return -ENOMEM;
	while (i < f->n || j < n) {
		uint32_t x;

		if (j >= n || (i < f->n && SIM_FP_OBJ(f->v[i]) < SIM_FP_OBJ(v[j])))
			x = f->v[i++];
		else if (i >= f->n || SIM_FP_OBJ(v[j]) < SIM_FP_OBJ(f->v[i]))
			x = v[j++];
		else
			x = f->v[i++] | v[j++];
		out[k++] = x;
	}
	free(f->v);
	f->v = out;
	f->n = k;
	return 0;
}

static int fp_copy(struct fpset *dst, const struct fpset *src)
{
	dst->v = NULL;
	dst->n = 0;
	return fp_union(dst, src->v, src->n);
}

/* ---- sleep sets ---- */

static void sleep_clear(struct sleepset *z)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		fp_free(&z->v[i].fp);
	z->n = 0;
}

static void sleep_free(struct sleepset *z)
{
	sleep_clear(z);
	free(z->v);
	z->v = NULL;
	z->cap = 0;
}

static int sleep_add(struct sleepset *z, uint32_t task, const struct fpset *fp)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		if (z->v[i].task == task)
			return fp_union(&z->v[i].fp, fp->v, fp->n);
	if (z->n == z->cap) {
		size_t ncap = z->cap ? z->cap * 2 : 8;
		struct sleeper *nv = realloc(z->v, ncap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		z->v = nv;
		z->cap = ncap;
	}
	z->v[z->n].task = task;
	if (fp_copy(&z->v[z->n].fp, fp))
		return -ENOMEM;
	z->n++;
	return 0;
}

static int sleep_copy(struct sleepset *dst, const struct sleepset *src)
{
	size_t i;

	sleep_clear(dst);
	for (i = 0; i < src->n; i++)
		if (sleep_add(dst, src->v[i].task, &src->v[i].fp))
			return -ENOMEM;
	return 0;
}

static bool sleep_has(const struct sleepset *z, uint32_t task)
{
	size_t i;

	for (i = 0; i < z->n; i++)
		if (z->v[i].task == task)
			return true;
	return false;
}

/* After @task took a step with footprint @fp: wake what it touched. */
static void sleep_filter(struct sleepset *z, uint32_t task, const uint32_t *fp, size_t n)
{
	size_t i = 0;

	while (i < z->n) {
		struct sleeper *e = &z->v[i];

		if (e->task == task || sim_fp_conflict(e->fp.v, e->fp.n, fp, n)) {
			fp_free(&e->fp);
			z->v[i] = z->v[--z->n];
		} else {
			i++;
		}
	}
}

/* ---- nodes ---- */

static void node_free(struct dfs_node *nd)
{
	unsigned int i;

	if (nd->fp)
		for (i = 0; i < nd->n; i++)
			fp_free(&nd->fp[i]);
	free(nd->fp);
	free(nd->task);
	free(nd->state);
	free(nd->backtrack);
	free(nd->goes_on);
	sleep_free(&nd->sleep);
	memset(nd, 0, sizeof(*nd));
}

/* As node_alloc() left it, the memory kept. */
static void node_reset(struct dfs_node *nd)
{
	unsigned int i;

	memset(nd->state, 0, nd->n);
	memset(nd->backtrack, 0, nd->n);
	if (nd->kind == SIM_CHOICE_SCHED) {
		memset(nd->goes_on, 0, nd->n);
		for (i = 0; i < nd->n; i++)
			if (nd->fp[i].v)
				fp_free(&nd->fp[i]);
	}
	sleep_clear(&nd->sleep);
	nd->cur = 0;
	nd->preemption = nd->split = nd->fresh = nd->dirty = false;
	nd->preempts = 0;
}

static int node_alloc(struct dfs_node *nd, enum sim_choice_kind kind, unsigned int n)
{
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	nd->n = n;
	nd->state = calloc(n, 1);
	nd->backtrack = calloc(n, 1);
	if (!nd->backtrack) {
		node_free(nd);
		return -ENOMEM;
	}
	if (kind == SIM_CHOICE_SCHED) {
		nd->task = calloc(n, sizeof(*nd->task));
		nd->fp = calloc(n, sizeof(*nd->fp));
		nd->goes_on = calloc(n, 1);
	}
	if (!nd->state || (kind == SIM_CHOICE_SCHED && (!nd->task || !nd->fp || !nd->goes_on))) {
		node_free(nd);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Under a preemption bound, may the explored alternative @i sleep below the
 * chosen one?  Sleeping T below U skips schedules U·w·T·... because T·U·w·...
 * was explored; that holds within the bound only if T·U·w·... costs no more
 * preemptions.  Switching to T here, then from T to U, costs what switching
 * to U here does at most, when: cost(T here) + (T could go on after its
 * step) <= cost(U here); the switches in w and after it cost the same or
 * less in T's order.  (Plain sleep sets under a bound are unsound: a
 * test compares bounded searches with and without reduction.)
 */
static bool may_sleep(const struct dfs_strategy *d, const struct dfs_node *nd, unsigned int i,
		      unsigned int cur)
{
	unsigned int cost_t, cost_u;

	if (!d->o.exact_bound)
		return true;
	cost_t = (nd->preemption && i) + nd->goes_on[i];
	cost_u = nd->preemption && cur;
	return cost_t <= cost_u;
}

/*
 * The running sleep set on arriving at @nd to take alternative @cur: what
 * slept then, plus its explored alternatives (and @done, when the one being
 * explored now counts as explored by then; -1 none).
 */
static int arrive_into(const struct dfs_strategy *d, const struct dfs_node *nd, unsigned int cur,
		       int done, struct sleepset *z)
{
	unsigned int i;

	if (sleep_copy(z, &nd->sleep))
		return -ENOMEM;
	if (nd->kind != SIM_CHOICE_SCHED || !d->o.por)
		return 0;
	for (i = 0; i < nd->n; i++)
		if ((nd->state[i] == ALT_DONE || (int)i == done) && i != cur &&
		    may_sleep(d, nd, i, cur) && sleep_add(z, nd->task[i], &nd->fp[i]))
			return -ENOMEM;
	return 0;
}

static int arrive(struct dfs_strategy *d, const struct dfs_node *nd)
{
	return arrive_into(d, nd, nd->cur, -1, &d->sleep);
}

static void steps_clear(struct dfs_strategy *d)
{
	d->nr_steps = 0;
	d->steps_fp_len = 0;
}

static const uint32_t *step_fp(const struct dfs_strategy *d, const struct dfs_step *stp)
{
	return d->steps_fp + stp->fp_off;
}

/* Record the footprint of the step @stp (sorted, one entry per object) in the run's array. */
static int step_set_fp(struct dfs_strategy *d, struct dfs_step *stp, const uint32_t *fp, size_t n)
{
	size_t i;

	/* Allocated at the first step, empty or not: step_fp() offsets into it. */
	if (!d->steps_fp || d->steps_fp_len + n > d->steps_fp_cap) {
		size_t ncap = d->steps_fp_cap ? d->steps_fp_cap * 2 : 4096;
		uint32_t *nv;

		while (ncap < d->steps_fp_len + n)
			ncap *= 2;
		nv = realloc(d->steps_fp, ncap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		d->steps_fp = nv;
		d->steps_fp_cap = ncap;
	}
	stp->fp_off = d->steps_fp_len;
	stp->fp_n = n;
	stp->objs = 0;
	stp->writes = 0;
	stp->touch_all = false;
	for (i = 0; i < n; i++) {
		uint32_t obj = SIM_FP_OBJ(fp[i]);
		uint64_t bit = 1ull << (obj % 64);

		if (obj == SIM_TOUCH_ALL)
			stp->touch_all = true;
		stp->objs |= bit;
		if (SIM_FP_WRITE(fp[i]))
			stp->writes |= bit;
	}
	if (n)
		memcpy(d->steps_fp + d->steps_fp_len, fp, n * sizeof(*fp));
	d->steps_fp_len += n;
	return 0;
}

/* sim_fp_conflict() on two steps of the run, with the bits to answer most pairs without it. */
static bool steps_conflict(const struct dfs_strategy *d, const struct dfs_step *a,
			   const struct dfs_step *b)
{
	if (!a->touch_all && !b->touch_all && !(a->objs & b->writes) && !(a->writes & b->objs))
		return false;
	return sim_fp_conflict(step_fp(d, a), a->fp_n, step_fp(d, b), b->fp_n);
}

static void discard_run(struct dfs_strategy *d, struct sim *s)
{
	d->discard = true;
	if (s)
		sim_stop(s);
}

/* The split node's alternative was chosen: whose is it? */
static void split_owner(struct dfs_strategy *d, struct dfs_node *nd)
{
	if (!nd->split || !nd->fresh)
		return;
	nd->fresh = false;
	d->split_seq++;
}

/*
 * A new node of the prefix the search is rooted at: its recorded choice is
 * the only alternative, whatever sleeps or the bound would say (the
 * prefix's preemptions count towards the bound all the same).  A choice
 * that does not exist here means the prefix belongs to other inputs.
 */
static int root_force(struct dfs_strategy *d, struct sim *s, struct dfs_node *nd,
		      const struct dfs_choice *c, size_t k)
{
	unsigned int i, want = d->root[k];

	if (want >= c->n) {
		if (s)
			sim_violation(s, "replay",
				      "choice %u out of range (%u alternatives) at choice %zu", want,
				      c->n, k);
		d->st.root_unfit = true;
		d->st.root_fit = k;
		return -EINVAL;
	}
	for (i = 0; i < c->n; i++) {
		if (c->kind == SIM_CHOICE_SCHED)
			nd->task[i] = c->task[i];
		nd->state[i] = i == want ? ALT_TODO : ALT_OUTSIDE;
	}
	nd->cur = want;
	return 0;
}

/* Does the tree split between shards? */
static bool split_on(const struct dfs_strategy *d)
{
	return d->o.nr_shards > 1;
}

/* May a race ask for another alternative at node @sel?  Not above a split, not in the prefix. */
static bool may_backtrack(const struct dfs_strategy *d, long sel)
{
	return (size_t)sel >= d->o.root_len && (d->split_node < 0 || sel > d->split_node);
}

/* The choice @c of the run; @s is NULL when a recorded run is replayed (no simulation). */
static unsigned int choose_at(struct dfs_strategy *d, struct sim *s, const struct dfs_choice *c)
{
	struct dfs_node *nd;
	size_t k = c->k;
	unsigned int i;

	if (d->discard || d->diverged)
		return 0;
	if (k < d->depth) {
		nd = &d->path[k];
		if (nd->kind != c->kind || nd->n != c->n) {
			if (s)
				sim_violation(s, "determinism",
					      "dfs: choice %zu had %u alternatives when recorded, %u now",
					      k, nd->n, c->n);
			d->diverged = true;
			discard_run(d, s);
			return 0;
		}
		if (nd->kind == SIM_CHOICE_SCHED) {
			for (i = 0; i < c->n; i++) {
				if (nd->task[i] != c->task[i]) {
					if (s)
						sim_violation(s, "determinism",
							      "dfs: choice %zu offers other tasks than "
							      "recorded", k);
					d->diverged = true;
					discard_run(d, s);
					return 0;
				}
			}
		}
	} else {
		bool any = false;

		if (k != d->depth) {
			d->diverged = true;
			discard_run(d, s);
			return 0;
		}
		/* A new node: below the split of a prefix another shard owns, stop here. */
		if (c->kind == SIM_CHOICE_SCHED && d->past_split && !d->owned) {
			d->st.other_shard++;
			discard_run(d, s);
			return 0;
		}
		if (d->depth == d->cap) {
			size_t ncap = d->cap ? d->cap * 2 : 64;
			struct dfs_node *np = realloc(d->path, ncap * sizeof(*np));

			if (!np) {
				discard_run(d, s);
				return 0;
			}
			d->path = np;
			d->cap = ncap;
		}
		nd = &d->path[k];
		if (node_alloc(nd, c->kind, c->n)) {
			discard_run(d, s);
			return 0;
		}
		nd->serial = ++d->serials;
		d->depth++;
		nd->preemption = c->preemption;
		nd->preempts = d->preempts;
		sleep_copy(&nd->sleep, &d->sleep);
		if (k < d->o.root_len) {
			if (root_force(d, s, nd, c, k)) {
				discard_run(d, s);
				return 0;
			}
			any = true;
		}
		for (i = 0; i < c->n && k >= d->o.root_len; i++) {
			if (c->kind == SIM_CHOICE_SCHED) {
				nd->task[i] = c->task[i];
				if (d->o.por && sleep_has(&d->sleep, nd->task[i])) {
					nd->state[i] = ALT_ASLEEP;
					d->st.pruned++;
					continue;
				}
				if (c->preemption && i && d->o.preemption_bound >= 0 &&
				    d->preempts >= (unsigned int)d->o.preemption_bound) {
					nd->state[i] = ALT_BOUNDED;
					d->st.bounded++;
					continue;
				}
			}
			if (c->timing && i) {
				/* Delays add nothing the scheduling choices do not cover. */
				nd->state[i] = ALT_BOUNDED;
				continue;
			}
			if (!any) {
				nd->cur = i;
				any = true;
			}
		}
		if (c->kind == SIM_CHOICE_SCHED && split_on(d) && !d->past_split &&
		    k + 1 >= d->o.shard_depth && k >= d->o.root_len) {
			nd->split = true;
			nd->fresh = true;
		}
		/*
		 * What to explore here: with source-DPOR only what races ask for
		 * (the first choice now, more when the analysis finds a race),
		 * above a shard split and for data choices everything.
		 */
		for (i = 0; i < c->n; i++)
			nd->backtrack[i] = nd->state[i] != ALT_OUTSIDE &&
					   (!d->o.dpor || c->kind != SIM_CHOICE_SCHED ||
					    (split_on(d) && !d->past_split));
		if (any)
			nd->backtrack[nd->cur] = 1;
		if (d->depth > d->st.max_depth)
			d->st.max_depth = d->depth;
		if (!any) {
			/* Sleep-set blocked: every way on only reorders explored steps. */
			d->st.sleep_blocked++;
			nd->cur = 0;
			discard_run(d, s);
			return 0;
		}
	}
	/*
	 * Each node of the path resets the running sleep set (arrive()), so it
	 * only matters from the path's last node on; a new node starts from the
	 * running set already.
	 */
	if ((long)k == d->floor)
		d->past_floor = true;
	if (k + 1 == d->path_len) {
		if (d->follower && (long)k == d->floor ? sleep_copy(&d->sleep, &d->follow_sleep) :
							  arrive(d, nd)) {
			discard_run(d, s);
			return 0;
		}
		d->sleep_live = true;
	}
	if (nd->split) {
		d->split_node = (long)k;
		split_owner(d, nd);
		d->owned = (d->split_seq - 1) % d->o.nr_shards == d->o.shard;
		d->past_split = true;
	}
	if (nd->kind == SIM_CHOICE_SCHED) {
		d->pending = (long)k;
		d->pending_task = nd->task[nd->cur];
		if (nd->preemption && nd->cur)
			d->preempts++;
	}
	return nd->cur;
}

static unsigned int dfs_choose(struct sim_strategy *st, struct sim *s, const struct sim_choice *c)
{
	struct dfs_strategy *d = to_dfs(st);
	struct dfs_choice dc = {
		.k = c->step, .kind = c->kind, .n = c->n, .task = d->cand,
		.preemption = c->preemption, .timing = c->timing,
	};
	unsigned int i;

	if (c->kind == SIM_CHOICE_SCHED) {
		if (c->n > d->cand_cap) {
			unsigned int ncap = c->n > 2 * d->cand_cap ? c->n : 2 * d->cand_cap;
			uint32_t *nv = realloc(d->cand, ncap * sizeof(*nv));

			if (!nv) {
				discard_run(d, s);
				return 0;
			}
			d->cand = nv;
			d->cand_cap = ncap;
			dc.task = nv;
		}
		for (i = 0; i < c->n; i++)
			d->cand[i] = sim_task_id(c->cand[i]);
	}
	return choose_at(d, s, &dc);
}

/*
 * Could the task of the step that just ended go on running (it neither
 * blocked nor finished)?  Only an exact bounded search asks (may_sleep()).
 */
static bool step_goes_on(uint32_t task)
{
	struct sim_task *t = sim_current_task();

	return t && sim_task_id(t) == task && sim_task_state(t) != SIM_TASK_BLOCKED &&
	       sim_task_state(t) != SIM_TASK_DONE;
}

static void step_at(struct dfs_strategy *d, uint32_t task, const uint32_t *fp, size_t n,
		    int64_t cause, bool goes_on)
{
	long sel = -1;

	if (d->pending >= 0 && task == d->pending_task) {
		struct dfs_node *nd = &d->path[d->pending];

		fp_union(&nd->fp[nd->cur], fp, n);
		if (d->o.exact_bound && goes_on)
			nd->goes_on[nd->cur] = 1;
		/* The planner has what the replayed prefix showed; not what came after. */
		if (d->follower && d->pending <= d->floor && d->past_floor)
			nd->dirty = true;
		sel = d->pending;
		d->pending = -1;
	}
	if (d->o.dpor && !d->discard) {
		struct dfs_step *stp;

		if (d->nr_steps == d->cap_steps) {
			size_t ncap = d->cap_steps ? d->cap_steps * 2 : 256;
			struct dfs_step *ns = realloc(d->steps, ncap * sizeof(*ns));

			if (!ns) {
				/* No room to analyse: explore everything from here on. */
				d->o.dpor = false;
				return;
			}
			d->steps = ns;
			d->cap_steps = ncap;
		}
		stp = &d->steps[d->nr_steps];
		stp->task = task;
		stp->sel = sel;
		stp->cause = cause;
		if (step_set_fp(d, stp, fp, n)) {
			d->o.dpor = false;
			return;
		}
		d->nr_steps++;
	}
	if (d->o.por && d->sleep_live)
		sleep_filter(&d->sleep, task, fp, n);
}

static void dfs_step(struct sim_strategy *st, struct sim *s, uint32_t task, const uint32_t *fp,
		     size_t n, int64_t cause)
{
	(void)s;
	step_at(to_dfs(st), task, fp, n, cause, step_goes_on(task));
}

static void dfs_begin(struct sim_strategy *st, struct sim *s)
{
	struct dfs_strategy *d = to_dfs(st);

	sleep_clear(&d->sleep);
	steps_clear(d);
	d->path_len = d->depth;
	d->sleep_live = !d->depth;
	d->pending = -1;
	d->preempts = 0;
	d->discard = false;
	d->diverged = false;
	d->owned = true;
	d->past_split = false;
	d->split_node = -1;
	d->past_floor = d->floor < 0;
	d->st.runs++;
}

static void dfs_destroy(struct sim_strategy *st)
{
	struct dfs_strategy *d = to_dfs(st);
	size_t i;

	for (i = 0; i < d->depth; i++)
		node_free(&d->path[i]);
	free(d->path);
	sleep_free(&d->sleep);
	steps_clear(d);
	free(d->steps);
	free(d->steps_fp);
	free(d->root);
	free(d->hb);
	free(d->initials);
	free(d->nd);
	free(d->cand);
	free(d->races);
	sleep_free(&d->follow_sleep);
	free(d);
}

static const struct sim_strategy_ops dfs_ops = {
	.name = "dfs",
	.choose = dfs_choose,
	.begin = dfs_begin,
	.step = dfs_step,
	.destroy = dfs_destroy,
};

struct sim_strategy *sim_strategy_dfs(const struct sim_dfs_opts *o)
{
	struct dfs_strategy *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->base.ops = &dfs_ops;
	d->o = *o;
	d->dpor_asked = o->dpor;
	if (o->root_len) {
		d->root = malloc(o->root_len * sizeof(*d->root));
		if (!d->root) {
			free(d);
			return NULL;
		}
		memcpy(d->root, o->root, o->root_len * sizeof(*d->root));
	}
	d->o.root = d->root;
	if (d->o.nr_shards < 1)
		d->o.nr_shards = 1;
	if (!d->o.shard_depth)
		d->o.shard_depth = 8;
	/* Without a bound every search is exact. */
	if (d->o.preemption_bound < 0)
		d->o.exact_bound = false;
	d->pending = -1;
	d->owned = true;
	d->floor = -1;
	return &d->base;
}

bool sim_strategy_dfs_counts(const struct sim_strategy *st)
{
	const struct dfs_strategy *d = container_of(st, struct dfs_strategy, base);

	if (d->discard || d->diverged || d->depth < d->o.root_len)
		return false;
	/* Runs that end before any split belong to shard 0. */
	return !d->past_split ? d->o.shard == 0 : d->owned;
}

/*
 * Source-DPOR (Abdulla et al., POPL 2014), race analysis after each run.
 * Step j happens before step i when they are of one task, or dependent, or
 * linked through steps in between (spawning and waking are dependences by
 * construction: see the footprints sched.c adds).  Two dependent steps of
 * different tasks with no such chain between them race: a schedule that
 * reverses them reaches another state, so at the node that chose step j one
 * of the tasks that can start the reversed order (the "initials": first steps
 * of what ran after j without depending on it, up to and including step i)
 * must be explored.  If one of them already is, nothing to add.
 */
static void add_backtrack(struct dfs_strategy *d, struct dfs_node *nd, const uint32_t *initials,
			  size_t ni)
{
	unsigned int a;
	size_t q;

	/* Covered: to be explored, explored, or asleep (its subtree is); not if bounded. */
	for (q = 0; q < ni; q++)
		for (a = 0; a < nd->n; a++)
			if (nd->task[a] == initials[q] && nd->state[a] != ALT_BOUNDED &&
			    nd->state[a] != ALT_OUTSIDE &&
			    (nd->backtrack[a] || nd->state[a] != ALT_TODO))
				return;
	for (q = 0; q < ni; q++) {
		for (a = 0; a < nd->n; a++) {
			if (nd->task[a] == initials[q] && nd->state[a] == ALT_TODO) {
				nd->backtrack[a] = 1;
				d->st.races++;
				return;
			}
		}
	}
	/* None can run there (our causality missed something): explore all, to be safe. */
	for (a = 0; a < nd->n; a++)
		nd->backtrack[a] = 1;
	d->st.races++;
}

/* A race asks node @sel for one of @initials: of a follower's planner's nodes, only noted. */
static void ask(struct dfs_strategy *d, long sel, const uint32_t *initials, size_t ni)
{
	if (d->follower && sel <= d->floor) {
		size_t need = d->nr_races + 2 + ni;

		if (need > d->cap_races) {
			size_t ncap = need > 2 * d->cap_races ? need : 2 * d->cap_races;
			uint32_t *nv = realloc(d->races, ncap * sizeof(*nv));

			if (!nv) {
				d->o.dpor = false;	/* the planner is told: see _races() */
				return;
			}
			d->races = nv;
			d->cap_races = ncap;
		}
		d->races[d->nr_races++] = (uint32_t)sel;
		d->races[d->nr_races++] = (uint32_t)ni;
		memcpy(d->races + d->nr_races, initials, ni * sizeof(*initials));
		d->nr_races += ni;
		return;
	}
	add_backtrack(d, &d->path[sel], initials, ni);
}

/*
 * Bounded partial-order reduction (Coons, Musuvathi and McKinley, OOPSLA
 * 2013): under a preemption bound, the reversal a race asks for at the node
 * of step @j may be a preemption beyond the bound, while the same race can
 * be reversed within it by switching where the run of @j's task that
 * contains @j began: a switch there was taken (and paid for) already.  So
 * ask for the initials there too.  @sel is the node of @j.
 */
static void add_block_start(struct dfs_strategy *d, size_t j, long sel, const uint32_t *initials,
			    size_t ni)
{
	uint32_t task = d->steps[j].task;
	long bsel = -1;
	size_t k = j;

	while (k > 0 && d->steps[k - 1].task == task)
		k--;
	/* The node that chose the block's first step, else the latest before it. */
	for (k++; bsel < 0 && k-- > 0;)
		bsel = d->steps[k].sel;
	if (bsel < 0 || bsel == sel || (size_t)bsel >= d->depth ||
	    d->path[bsel].kind != SIM_CHOICE_SCHED || !may_backtrack(d, bsel))
		return;
	ask(d, bsel, initials, ni);
}

/* Room for the race analysis of @n steps, @words bitmap words per step. */
static int races_scratch(struct dfs_strategy *d, size_t n, size_t words)
{
	uint64_t *hb, *nd;
	uint32_t *initials;

	if (n <= d->scratch_cap)
		return 0;
	n = n > 2 * d->scratch_cap ? n : 2 * d->scratch_cap;
	words = (n + 63) / 64;
	hb = malloc(n * words * sizeof(*hb));
	initials = malloc(n * sizeof(*initials));
	nd = malloc(words * sizeof(*nd));
	if (!hb || !initials || !nd) {
		free(hb);
		free(initials);
		free(nd);
		return -ENOMEM;
	}
	free(d->hb);
	free(d->initials);
	free(d->nd);
	d->hb = hb;
	d->initials = initials;
	d->nd = nd;
	d->scratch_cap = n;
	return 0;
}

/* The latest step at or before @j that the bitmap @h does not yet order before its step; -1 none. */
static long prev_unordered(const uint64_t *h, long j)
{
	while (j >= 0) {
		size_t w = (size_t)j / 64;
		uint64_t open = ~h[w] & ((2ull << (j % 64)) - 1);

		if (open)
			return (long)(w * 64 + 63 - (size_t)__builtin_clzll(open));
		j = (long)(w * 64) - 1;
	}
	return -1;
}

/* h |= the bit of step j and every step before it (hb row j has bits below j only). */
static void hb_order_after(uint64_t *h, const uint64_t *hj, size_t j)
{
	size_t k;

	h[j / 64] |= 1ull << (j % 64);
	for (k = 0; k <= j / 64; k++)
		h[k] |= hj[k];
}

/*
 * The initials of a race between steps @j and @i: the tasks of the steps
 * after j, up to and including i, that do not happen after j and that no
 * other such step happens before.  A bitmap word at a time: an hb row holds
 * only steps before its own.
 */
static size_t race_initials(struct dfs_strategy *d, size_t j, size_t i, size_t words)
{
	const uint64_t *hb = d->hb;
	uint64_t *nd = d->nd;
	size_t w0 = (j + 1) / 64, w, k, ni = 0;

	for (w = w0; w <= i / 64; w++)
		nd[w] = 0;
	for (k = j + 1; k < i; k++)
		if (!(hb[k * words + j / 64] >> (j % 64) & 1))
			nd[k / 64] |= 1ull << (k % 64);
	for (k = j + 1; k <= i; k++) {
		const uint64_t *hk = &hb[k * words];
		bool first = true;

		if (k < i && !(nd[k / 64] >> (k % 64) & 1))
			continue;
		for (w = w0; w <= k / 64 && first; w++)
			if (hk[w] & nd[w])
				first = false;
		if (first)
			d->initials[ni++] = d->steps[k].task;
	}
	return ni;
}

static void analyse_races(struct dfs_strategy *d)
{
	size_t n = d->nr_steps, words = (n + 63) / 64, i, j, k;
	uint64_t *hb;
	uint32_t *initials;
	long jj;

	if (n < 2 || races_scratch(d, n, words))
		return;
	hb = d->hb;
	initials = d->initials;
	memset(hb, 0, n * words * sizeof(*hb));
	for (i = 1; i < n; i++) {
		const struct dfs_step *si = &d->steps[i];
		uint64_t *hi = &hb[i * words];

		/* Whatever enabled the task comes first, and everything before it. */
		if (si->cause >= 0 && (size_t)si->cause < i) {
			j = (size_t)si->cause;
			hb_order_after(hi, &hb[j * words], j);
		}

		/*
		 * Causal past of step i, latest first (races need it before they
		 * are checked); steps already ordered through a later step are
		 * skipped a bitmap word at a time.
		 */
		for (jj = prev_unordered(hi, (long)i - 1); jj >= 0;
		     jj = prev_unordered(hi, jj - 1)) {
			const struct dfs_step *sj = &d->steps[jj];

			j = (size_t)jj;
			/* Only now compare footprints: most pairs are ordered already. */
			if (sj->task != si->task && !steps_conflict(d, sj, si))
				continue;
			if (sj->task != si->task && sj->task && si->task) {
				/* A race: j and i could go the other way round. */
				long sel = sj->sel;
				size_t ni;

				for (k = j; sel < 0 && k-- > 0;)
					sel = d->steps[k].sel;
				if (sel >= 0 && (size_t)sel < d->depth &&
				    d->path[sel].kind == SIM_CHOICE_SCHED && may_backtrack(d, sel)) {
					ni = race_initials(d, j, i, words);
					ask(d, sel, initials, ni);
					if (d->o.exact_bound)
						add_block_start(d, j, sel, initials, ni);
				}
			}
			/* j and everything before it happen before i. */
			hb_order_after(hi, &hb[j * words], j);
		}
	}
}

/*
 * Down to the deepest node at or below @top with an alternative still to
 * explore, taking it; false when there is none (the nodes below @top are
 * gone then, and the alternative taken at @top - 1 is explored).
 */
static bool walk_up(struct dfs_strategy *d, size_t top)
{
	while (d->depth > top) {
		struct dfs_node *nd = &d->path[d->depth - 1];
		unsigned int i;

		if (nd->state[nd->cur] == ALT_TODO)
			nd->state[nd->cur] = ALT_DONE;
		for (i = 0; i < nd->n; i++) {
			if (nd->state[i] == ALT_TODO && nd->backtrack[i]) {
				nd->cur = i;
				nd->fresh = true;
				return true;
			}
		}
		node_free(nd);
		d->depth--;
	}
	return false;
}

bool sim_strategy_dfs_next(struct sim_strategy *st)
{
	struct dfs_strategy *d = to_dfs(st);

	if (d->o.dpor)
		analyse_races(d);

	/* A run that ended inside the prefix: the prefix belongs to other inputs. */
	if (d->depth < d->o.root_len && !d->st.root_unfit) {
		d->st.root_unfit = true;
		d->st.root_fit = d->depth;
	}
	if (sim_strategy_dfs_counts(st))
		d->st.complete++;
	if (d->diverged || d->st.root_unfit)
		return false;
	if (d->st.exhausted)
		return false;
	if (walk_up(d, 0))
		return true;
	d->st.exhausted = true;
	return false;
}

void sim_strategy_dfs_stats(const struct sim_strategy *st, struct sim_dfs_stats *out)
{
	*out = container_of(st, struct dfs_strategy, base)->st;
}

/* ---- one search, many processes: specs, followers, replays ---- */

#define SPEC_MAGIC 0x31435053u	/* "SPC1" */

/* A spec being written: its size is counted first, then it is filled. */
struct spec_wr {
	char *p;
	size_t n;
};

static void put_u32(struct spec_wr *w, uint32_t v)
{
	if (w->p)
		memcpy(w->p + w->n, &v, sizeof(v));
	w->n += sizeof(v);
}

static void put_bytes(struct spec_wr *w, const void *v, size_t n)
{
	if (w->p && n)
		memcpy(w->p + w->n, v, n);
	w->n += n;
}

static void spec_put(const struct dfs_strategy *d, const struct sim *s, size_t len,
		     unsigned int cur, const struct sleepset *z, struct spec_wr *w)
{
	size_t k, i, q;

	put_u32(w, SPEC_MAGIC);
	put_u32(w, (uint32_t)len);
	for (k = 0; k < len; k++) {
		const struct dfs_node *nd = &d->path[k];

		put_u32(w, nd->kind);
		put_u32(w, nd->n);
		put_u32(w, k + 1 == len ? cur : nd->cur);
		put_u32(w, nd->preemption);
		if (nd->kind == SIM_CHOICE_SCHED)
			put_bytes(w, nd->task, nd->n * sizeof(*nd->task));
	}
	put_u32(w, (uint32_t)z->n);
	for (i = 0; i < z->n; i++) {
		const struct fpset *fp = &z->v[i].fp;

		put_u32(w, z->v[i].task);
		put_u32(w, (uint32_t)fp->n);
		for (q = 0; q < fp->n; q++) {
			uint32_t obj = SIM_FP_OBJ(fp->v[q]);
			const char *name = obj == SIM_TOUCH_ALL ? "" : sim_str(s, obj);
			size_t l = strlen(name);

			put_u32(w, SIM_FP_WRITE(fp->v[q]));
			put_u32(w, (uint32_t)l);
			put_bytes(w, name, l);
		}
	}
}

/* The spec of a run that replays path[0..len), taking @cur at its last node, and sleeps @z there. */
static int spec_write(const struct dfs_strategy *d, const struct sim *s, size_t len,
		      unsigned int cur, const struct sleepset *z, char **buf, size_t *size)
{
	struct spec_wr w = { NULL, 0 };

	spec_put(d, s, len, cur, z, &w);
	w.p = malloc(w.n);
	if (!w.p)
		return -ENOMEM;
	*size = w.n;
	w.n = 0;
	spec_put(d, s, len, cur, z, &w);
	*buf = w.p;
	return 0;
}

/*
 * The node of the @nth subtree the search will explore (see
 * sim_strategy_dfs_spec()), the alternative taken there and the one that
 * counts as explored by then (-1 none); -1 for the whole tree, -2 none.
 */
static long nth_subtree(const struct dfs_strategy *d, unsigned int nth, unsigned int *alt,
			int *done)
{
	unsigned int i, a;
	size_t j;

	if (d->st.exhausted || d->diverged || d->st.root_unfit || split_on(d))
		return -2;
	*done = -1;
	*alt = 0;
	if (!nth) {
		if (!d->depth)
			return -1;
		*alt = d->path[d->depth - 1].cur;
		return (long)d->depth - 1;
	}
	/*
	 * A later run, if the runs before it ask for nothing new: the first
	 * alternative still to explore at a node above the next run's, one per
	 * node, deepest first.  A second one at the same node would sleep the
	 * first, whose footprint no run has shown yet.
	 */
	for (j = d->depth >= 1 ? d->depth - 1 : 0; j-- > 0;) {
		const struct dfs_node *nd = &d->path[j];

		for (a = nd->n, i = 0; i < nd->n && a == nd->n; i++)
			if (i != nd->cur && nd->state[i] == ALT_TODO && nd->backtrack[i])
				a = i;
		if (a == nd->n || --nth)
			continue;
		*alt = a;
		*done = (int)nd->cur;
		return (long)j;
	}
	return -2;
}

int sim_strategy_dfs_spec(const struct sim_strategy *st, const struct sim *s, unsigned int nth,
			  char **buf, size_t *size)
{
	const struct dfs_strategy *d = container_of(st, struct dfs_strategy, base);
	struct sleepset z = { 0 };
	unsigned int a;
	int done, ret = 0;
	long j = nth_subtree(d, nth, &a, &done);

	*buf = NULL;
	*size = 0;
	if (j == -2)
		return -ENOENT;
	if (j >= 0)
		ret = arrive_into(d, &d->path[j], a, done, &z);
	if (!ret)
		ret = spec_write(d, s, (size_t)(j + 1), a, &z, buf, size);
	sleep_free(&z);
	return ret;
}

static uint64_t key_mix(uint64_t h, uint64_t x)
{
	h = (h ^ x) * 0x9e3779b97f4a7c15ull;
	return h ^ h >> 29;
}

static uint64_t key_fp(uint64_t h, uint32_t task, const struct fpset *fp)
{
	size_t q;

	h = key_mix(h, (uint64_t)task << 32 | fp->n);
	for (q = 0; q < fp->n; q++)
		h = key_mix(h, fp->v[q]);
	return h;
}

int sim_strategy_dfs_spec_key(const struct sim_strategy *st, unsigned int nth,
			      struct sim_dfs_key *key)
{
	const struct dfs_strategy *d = container_of(st, struct dfs_strategy, base);
	const struct dfs_node *nd;
	unsigned int a, i;
	int done;
	long j = nth_subtree(d, nth, &a, &done);
	uint64_t h = 0;

	if (j == -2)
		return -ENOENT;
	key->serial = j < 0 ? 0 : d->path[j].serial;
	key->alt = a;
	if (j < 0) {
		key->sleep = 0;
		return 0;
	}
	/* What arrive_into() puts together, in its order. */
	nd = &d->path[j];
	for (i = 0; i < nd->sleep.n; i++)
		h = key_fp(h, nd->sleep.v[i].task, &nd->sleep.v[i].fp);
	for (i = 0; nd->kind == SIM_CHOICE_SCHED && d->o.por && i < nd->n; i++)
		if ((nd->state[i] == ALT_DONE || (int)i == done) && i != a &&
		    may_sleep(d, nd, i, a))
			h = key_fp(h, nd->task[i], &nd->fp[i]);
	key->sleep = h;
	return 0;
}

bool sim_strategy_dfs_key_ahead(const struct sim_strategy *st, const struct sim_dfs_key *key)
{
	const struct dfs_strategy *d = container_of(st, struct dfs_strategy, base);
	size_t lo = 0, hi = d->depth;

	/* Serials grow down the path: a node is made after the nodes above it. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->path[mid].serial < key->serial)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->depth && d->path[lo].serial == key->serial && key->alt < d->path[lo].n &&
	       d->path[lo].state[key->alt] == ALT_TODO;
}

struct spec_rd {
	const char *p, *end;
	bool bad;
};

static uint32_t get_u32(struct spec_rd *r)
{
	uint32_t v = 0;

	if ((size_t)(r->end - r->p) < sizeof(v)) {
		r->bad = true;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static int cmp_fp_entry(const void *a, const void *b)
{
	uint32_t x = SIM_FP_OBJ(*(const uint32_t *)a), y = SIM_FP_OBJ(*(const uint32_t *)b);

	return x < y ? -1 : x > y;
}

int sim_strategy_dfs_follow(struct sim_strategy *st, struct sim *s, const void *spec, size_t size)
{
	struct dfs_strategy *d = to_dfs(st);
	struct spec_rd r = { spec, (const char *)spec + size, false };
	struct fpset fp = { 0 };
	uint32_t len, nz, i, q, k;
	char name[4096];

	sleep_clear(&d->follow_sleep);
	d->follower = true;
	d->st.exhausted = false;
	d->nr_races = 0;
	d->st.max_depth = 0;
	d->st0 = d->st;
	if (get_u32(&r) != SPEC_MAGIC)
		return -EPROTO;
	len = get_u32(&r);
	d->floor = (long)len - 1;
	if (r.bad || len > size) {
		while (d->depth)
			node_free(&d->path[--d->depth]);
		return -EPROTO;
	}
	if (len > d->cap) {
		struct dfs_node *np = realloc(d->path, len * sizeof(*np));

		if (!np)
			return -ENOMEM;
		d->path = np;
		d->cap = len;
	}
	/* The nodes of the last subtree's path are mostly this one's: used again, emptied. */
	for (k = 0; k < len && !r.bad; k++) {
		struct dfs_node *nd = &d->path[k];
		uint32_t kind = get_u32(&r), n = get_u32(&r), cur = get_u32(&r);
		bool preemption = get_u32(&r);

		if (r.bad || n < 2 || n > (1u << 20) || cur >= n ||
		    kind > SIM_CHOICE_DATA) {
			while (d->depth)
				node_free(&d->path[--d->depth]);
			return -EPROTO;
		}
		if (k < d->depth && nd->kind == kind && nd->n == n) {
			node_reset(nd);
		} else {
			while (d->depth > k)
				node_free(&d->path[--d->depth]);
			if (node_alloc(nd, kind, n))
				return -ENOMEM;
			d->depth++;
		}
		nd->cur = cur;
		nd->preemption = preemption;
		for (i = 0; kind == SIM_CHOICE_SCHED && i < n; i++)
			nd->task[i] = get_u32(&r);
	}
	while (d->depth > len)
		node_free(&d->path[--d->depth]);
	nz = get_u32(&r);
	for (i = 0; i < nz && !r.bad; i++) {
		uint32_t task = get_u32(&r), n = get_u32(&r);
		int ret;

		if (r.bad || n > (size_t)(r.end - r.p))
			return -EPROTO;
		fp.v = malloc((n + 1) * sizeof(*fp.v));
		if (!fp.v)
			return -ENOMEM;
		for (q = 0; q < n && !r.bad; q++) {
			uint32_t w = get_u32(&r), l = get_u32(&r);

			if (r.bad || l >= sizeof(name) || l > (size_t)(r.end - r.p)) {
				r.bad = true;
				break;
			}
			memcpy(name, r.p, l);
			name[l] = 0;
			r.p += l;
			fp.v[q] = (l ? sim_intern(s, name) : SIM_TOUCH_ALL) << 1 | !!w;
		}
		fp.n = n;
		qsort(fp.v, n, sizeof(*fp.v), cmp_fp_entry);
		ret = r.bad ? -EPROTO : sleep_add(&d->follow_sleep, task, &fp);
		fp_free(&fp);
		if (ret)
			return ret;
	}
	return r.bad || r.p != r.end ? -EPROTO : 0;
}

int sim_strategy_dfs_spec_prefix(const void *spec, size_t size, uint32_t **choices, size_t *n)
{
	struct spec_rd r = { spec, (const char *)spec + size, false };
	uint32_t len, k;

	*choices = NULL;
	*n = 0;
	if (get_u32(&r) != SPEC_MAGIC)
		return -EPROTO;
	len = get_u32(&r);
	if (r.bad || len > size)
		return -EPROTO;
	*choices = malloc((len + 1) * sizeof(**choices));
	if (!*choices)
		return -ENOMEM;
	for (k = 0; k < len && !r.bad; k++) {
		uint32_t kind = get_u32(&r), nalt = get_u32(&r);

		(*choices)[k] = get_u32(&r);
		get_u32(&r);
		if (kind == SIM_CHOICE_SCHED && (size_t)(r.end - r.p) / 4 >= nalt)
			r.p += (size_t)nalt * 4;
		else if (kind == SIM_CHOICE_SCHED)
			r.bad = true;
	}
	if (r.bad) {
		free(*choices);
		*choices = NULL;
		return -EPROTO;
	}
	*n = len;
	return 0;
}

int sim_strategy_dfs_follow_next(struct sim_strategy *st)
{
	struct dfs_strategy *d = to_dfs(st);

	if (d->o.dpor)
		analyse_races(d);
	if (d->dpor_asked && !d->o.dpor)
		return -ENOMEM;
	if (d->depth < d->o.root_len || d->diverged || d->st.root_unfit ||
	    d->depth < (size_t)(d->floor + 1)) {
		return -EPROTO;
	}
	if (sim_strategy_dfs_counts(st))
		d->st.complete++;
	return walk_up(d, (size_t)(d->floor + 1));
}

#define SUB_MAGIC 0x31425553u	/* "SUB1" */

/* A footprint in this process's ids, each named through @name first. */
static int put_fp_ids(struct spec_wr *w, const struct fpset *fp,
		      int (*name)(void *arg, uint32_t obj), void *arg)
{
	size_t q;

	put_u32(w, (uint32_t)fp->n);
	for (q = 0; q < fp->n; q++) {
		uint32_t obj = SIM_FP_OBJ(fp->v[q]);

		if (w->p && obj != SIM_TOUCH_ALL && name(arg, obj))
			return -ENOMEM;
	}
	put_bytes(w, fp->v, fp->n * sizeof(*fp->v));
	return 0;
}

static int sub_put(const struct dfs_strategy *d, bool done, int (*name)(void *, uint32_t),
		   void *arg, struct spec_wr *w)
{
	const struct sim_dfs_stats *a = &d->st, *b = &d->st0;
	uint64_t delta[7] = {
		a->runs - b->runs, a->complete - b->complete,
		a->sleep_blocked - b->sleep_blocked, a->pruned - b->pruned,
		a->bounded - b->bounded, a->races - b->races, a->max_depth,
	};
	size_t top = (size_t)(d->floor + 1), k, i, ndirty = 0;

	put_u32(w, SUB_MAGIC);
	put_u32(w, (uint32_t)top);
	put_bytes(w, delta, sizeof(delta));
	put_u32(w, (uint32_t)d->nr_races);
	put_bytes(w, d->races, d->nr_races * sizeof(*d->races));
	for (k = 0; k < top && k < d->depth; k++)
		ndirty += d->path[k].dirty;
	put_u32(w, (uint32_t)ndirty);
	for (k = 0; k < top && k < d->depth; k++) {
		const struct dfs_node *nd = &d->path[k];

		if (!nd->dirty)
			continue;
		put_u32(w, (uint32_t)k);
		put_u32(w, nd->goes_on[nd->cur]);
		if (put_fp_ids(w, &nd->fp[nd->cur], name, arg))
			return -ENOMEM;
	}
	/* Not done: the nodes below the floor, as _next() left them for the next run. */
	put_u32(w, done ? 0 : (uint32_t)(d->depth - top));
	for (k = top; !done && k < d->depth; k++) {
		const struct dfs_node *nd = &d->path[k];

		put_u32(w, nd->kind);
		put_u32(w, nd->n);
		put_u32(w, nd->cur);
		put_u32(w, nd->preemption | nd->fresh << 1);
		put_u32(w, nd->preempts);
		for (i = 0; i < nd->n; i++) {
			put_u32(w, nd->state[i] | (nd->backtrack[i] ? 8u : 0u) |
				   (nd->goes_on && nd->goes_on[i] ? 16u : 0u));
			if (nd->kind != SIM_CHOICE_SCHED)
				continue;
			put_u32(w, nd->task[i]);
			if (put_fp_ids(w, &nd->fp[i], name, arg))
				return -ENOMEM;
		}
		put_u32(w, (uint32_t)nd->sleep.n);
		for (i = 0; i < nd->sleep.n; i++) {
			put_u32(w, nd->sleep.v[i].task);
			if (put_fp_ids(w, &nd->sleep.v[i].fp, name, arg))
				return -ENOMEM;
		}
	}
	return 0;
}

int sim_strategy_dfs_subtree(const struct sim_strategy *st, bool done,
			     int (*name)(void *arg, uint32_t obj), void *arg, char **buf,
			     size_t *size)
{
	const struct dfs_strategy *d = container_of(st, struct dfs_strategy, base);
	struct spec_wr w = { NULL, 0 };
	int ret;

	sub_put(d, done, name, arg, &w);
	w.p = malloc(w.n);
	if (!w.p)
		return -ENOMEM;
	*size = w.n;
	w.n = 0;
	ret = sub_put(d, done, name, arg, &w);
	if (ret) {
		free(w.p);
		return ret;
	}
	*buf = w.p;
	return 0;
}

/* A footprint another process wrote, in our ids (@map), sorted as a footprint must be. */
static int get_fp_ids(struct spec_rd *r, const uint32_t *map, size_t nmap, struct fpset *fp)
{
	uint32_t n = get_u32(r), q, i;

	fp->v = NULL;
	fp->n = 0;
	if (r->bad || n > (size_t)(r->end - r->p) / sizeof(uint32_t))
		return -EPROTO;
	fp->v = malloc((n + 1) * sizeof(*fp->v));
	if (!fp->v)
		return -ENOMEM;
	for (q = 0; q < n; q++) {
		uint32_t x = get_u32(r), obj = SIM_FP_OBJ(x);

		if (obj != SIM_TOUCH_ALL && (obj >= nmap || !map[obj]))
			return -EPROTO;
		x = (obj == SIM_TOUCH_ALL ? obj : map[obj]) << 1 | SIM_FP_WRITE(x);
		/* Insertion: mostly in order already, the ids of both mostly alike. */
		for (i = q; i && SIM_FP_OBJ(fp->v[i - 1]) > SIM_FP_OBJ(x); i--)
			fp->v[i] = fp->v[i - 1];
		fp->v[i] = x;
	}
	fp->n = n;
	return 0;
}

int sim_strategy_dfs_adopt(struct sim_strategy *st, const void *buf, size_t size,
			   const uint32_t *map, size_t nmap)
{
	struct dfs_strategy *d = to_dfs(st);
	struct spec_rd r = { buf, (const char *)buf + size, false };
	struct fpset fp = { 0 };
	uint64_t delta[7];
	const char *races;
	uint32_t top, nr, ndirty, ngraft, i, q;
	int ret;

	if (get_u32(&r) != SUB_MAGIC)
		return -EPROTO;
	top = get_u32(&r);
	if (r.bad || top != d->depth || (size_t)(r.end - r.p) < sizeof(delta))
		return -EPROTO;
	memcpy(delta, r.p, sizeof(delta));
	r.p += sizeof(delta);
	nr = get_u32(&r);
	if (r.bad || nr > (size_t)(r.end - r.p) / sizeof(uint32_t))
		return -EPROTO;
	races = r.p;
	r.p += (size_t)nr * sizeof(uint32_t);
	/* Checked whole before anything changes. */
	for (i = 0; i < nr;) {
		uint32_t sel, ni;

		memcpy(&sel, races + (size_t)i * 4, 4);
		memcpy(&ni, races + (size_t)(i + 1) * 4, 4);
		if (nr - i < 2 || ni > nr - i - 2 || sel >= top ||
		    d->path[sel].kind != SIM_CHOICE_SCHED)
			return -EPROTO;
		i += 2 + ni;
	}
	if (nr > d->cap_races) {
		uint32_t *nv = realloc(d->races, nr * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		d->races = nv;
		d->cap_races = nr;
	}
	if (nr)
		memcpy(d->races, races, (size_t)nr * sizeof(uint32_t));
	ndirty = get_u32(&r);
	for (q = 0; q < ndirty && !r.bad; q++) {
		uint32_t k = get_u32(&r), goes_on = get_u32(&r);
		struct dfs_node *nd;

		if (r.bad || k >= top || d->path[k].kind != SIM_CHOICE_SCHED)
			return -EPROTO;
		nd = &d->path[k];
		ret = get_fp_ids(&r, map, nmap, &fp) ?: fp_union(&nd->fp[nd->cur], fp.v, fp.n);
		fp_free(&fp);
		if (ret)
			return ret;
		if (d->o.exact_bound && goes_on)
			nd->goes_on[nd->cur] = 1;
	}
	/* The runs as they went, in this search. */
	d->st.runs += delta[0];
	d->st.complete += delta[1];
	d->st.sleep_blocked += delta[2];
	d->st.pruned += delta[3];
	d->st.bounded += delta[4];
	d->st.races += delta[5];
	if (delta[6] > d->st.max_depth)
		d->st.max_depth = delta[6];
	for (i = 0; i < nr; i += 2 + d->races[i + 1])
		add_backtrack(d, &d->path[d->races[i]], d->races + i + 2, d->races[i + 1]);
	ngraft = get_u32(&r);
	if (r.bad || ngraft > (1u << 24))
		return -EPROTO;
	if (d->depth + ngraft > d->cap) {
		struct dfs_node *np = realloc(d->path, (d->depth + ngraft) * sizeof(*np));

		if (!np)
			return -ENOMEM;
		d->path = np;
		d->cap = d->depth + ngraft;
	}
	for (q = 0; q < ngraft; q++) {
		struct dfs_node *nd = &d->path[d->depth];
		uint32_t kind = get_u32(&r), n = get_u32(&r), cur = get_u32(&r), nsleep;

		if (r.bad || n < 2 || n > (1u << 20) || cur >= n || kind > SIM_CHOICE_DATA)
			return -EPROTO;
		if (node_alloc(nd, kind, n))
			return -ENOMEM;
		nd->serial = ++d->serials;
		d->depth++;
		nd->cur = cur;
		i = get_u32(&r);
		nd->preemption = i & 1;
		nd->fresh = i >> 1 & 1;
		nd->preempts = get_u32(&r);
		for (i = 0; i < n; i++) {
			uint32_t state = get_u32(&r);

			if (r.bad || (state & 7u) > ALT_OUTSIDE || state > 31)
				return -EPROTO;
			nd->state[i] = (uint8_t)(state & 7u);
			nd->backtrack[i] = !!(state & 8u);
			if (nd->goes_on)
				nd->goes_on[i] = !!(state & 16u);
			if (kind != SIM_CHOICE_SCHED)
				continue;
			nd->task[i] = get_u32(&r);
			ret = get_fp_ids(&r, map, nmap, &fp);
			if (ret) {
				fp_free(&fp);
				return ret;
			}
			nd->fp[i] = fp;
		}
		nsleep = get_u32(&r);
		if (r.bad || nsleep > (1u << 20))
			return -EPROTO;
		for (i = 0; i < nsleep; i++) {
			uint32_t task = get_u32(&r);

			ret = get_fp_ids(&r, map, nmap, &fp) ?: sleep_add(&nd->sleep, task, &fp);
			fp_free(&fp);
			if (ret)
				return ret;
		}
	}
	if (r.bad || r.p != r.end)
		return -EPROTO;
	if (ngraft)
		return 0;
	/* The subtree is explored: on to the next one, as _next() goes on. */
	if (!walk_up(d, 0))
		d->st.exhausted = true;
	return 0;
}

/* ---- checkpoints ---- */

/*
 * A text file: a header line, the counters, then one line per node of the
 * path (the next run's prefix) with its alternatives (state, with 8 for
 * "to explore" and 16 for "went on after its first step"), their footprints
 * and its sleep set.  Only what a later process needs to go on where this
 * one stopped; the options must match.
 */
#define CKPT_PREFIX "cxlsim-dfs-checkpoint "
#define CKPT_MAGIC CKPT_PREFIX "5"

struct named_entry {
	const char *name;
	unsigned int write;
};

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named_entry *)a)->name,
		      ((const struct named_entry *)b)->name);
}

/*
 * Footprints are saved by name: the ids of interned names depend on the
 * order a process first met them, which a resumed search does not repeat
 * (nor does the parent of explore -j, which meets names in another order).
 * So they are saved in the order of their names, the same file whatever
 * the ids.  Each entry is "W:LEN:NAME" (W = 1 for a write; LEN 0 for
 * SIM_TOUCH_ALL).
 */
static void put_fp(FILE *f, const struct sim *s, const struct fpset *fp)
{
	struct named_entry *v = malloc((fp->n + 1) * sizeof(*v));
	size_t i;

	if (!v) {
		/* Nowhere to sort: unreadable, not wrong. */
		fprintf(f, " -");
		return;
	}
	for (i = 0; i < fp->n; i++) {
		uint32_t obj = SIM_FP_OBJ(fp->v[i]);

		v[i].name = obj == SIM_TOUCH_ALL ? "" : sim_str(s, obj);
		v[i].write = SIM_FP_WRITE(fp->v[i]);
	}
	qsort(v, fp->n, sizeof(*v), cmp_named);
	fprintf(f, " %zu", fp->n);
	for (i = 0; i < fp->n; i++)
		fprintf(f, " %u:%zu:%s", v[i].write, strlen(v[i].name), v[i].name);
	free(v);
}

int sim_strategy_dfs_save(const struct sim_strategy *st, const struct sim *s, FILE *f)
{
	const struct dfs_strategy *d = container_of(st, struct dfs_strategy, base);
	size_t k, i;

	fprintf(f, "%s\n", CKPT_MAGIC);
	fprintf(f, "opts %d %d %d %d %u %u %u\n", d->o.por, d->o.dpor, d->o.preemption_bound,
		d->o.exact_bound, d->o.shard, d->o.nr_shards, d->o.shard_depth);
	fprintf(f, "root %zu", d->o.root_len);
	for (k = 0; k < d->o.root_len; k++)
		fprintf(f, " %" PRIu32, d->root[k]);
	fprintf(f, "\n");
	fprintf(f, "races %" PRIu64 "\n", d->st.races);
	fprintf(f, "stats %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		   " %" PRIu64 " %" PRIu64 "\n",
		d->st.runs, d->st.complete, d->st.sleep_blocked, d->st.pruned, d->st.bounded,
		d->st.other_shard, d->st.max_depth, d->split_seq);
	fprintf(f, "exhausted %d\n", d->st.exhausted);
	fprintf(f, "depth %zu\n", d->depth);
	for (k = 0; k < d->depth; k++) {
		const struct dfs_node *nd = &d->path[k];

		fprintf(f, "node %d %u %u %d %d %d %u", (int)nd->kind, nd->n, nd->cur,
			nd->preemption, nd->split, nd->fresh, nd->preempts);
		for (i = 0; i < nd->n; i++) {
			fprintf(f, " %u", nd->state[i] | (nd->backtrack[i] ? 8u : 0u) |
					 (nd->goes_on && nd->goes_on[i] ? 16u : 0u));
			if (nd->kind == SIM_CHOICE_SCHED) {
				fprintf(f, " %" PRIu32, nd->task[i]);
				put_fp(f, s, &nd->fp[i]);
			}
		}
		fprintf(f, " sleep %zu", nd->sleep.n);
		for (i = 0; i < nd->sleep.n; i++) {
			fprintf(f, " %" PRIu32, nd->sleep.v[i].task);
			put_fp(f, s, &nd->sleep.v[i].fp);
		}
		fprintf(f, "\n");
	}
	return ferror(f) ? -EIO : 0;
}

static int cmp_entry(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Read what put_fp() wrote, interning the names in @s: sorted by this process's ids. */
static int get_fp(FILE *f, struct sim *s, struct fpset *fp)
{
	size_t n, i, len;
	unsigned int w;
	char *name;

	if (fscanf(f, "%zu", &n) != 1 || n > (1u << 24))
		return -EINVAL;
	fp->n = 0;
	fp->v = malloc((n + 1) * sizeof(*fp->v));
	if (!fp->v)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		uint32_t obj = SIM_TOUCH_ALL;

		if (fscanf(f, " %u:%zu:", &w, &len) != 2 || w > 1 || len > 4096)
			return -EINVAL;
		if (len) {
			name = malloc(len + 1);
			if (!name)
				return -ENOMEM;
			if (fread(name, 1, len, f) != len) {
				free(name);
				return -EINVAL;
			}
			name[len] = '\0';
			obj = sim_intern(s, name);
			free(name);
		}
		fp->v[i] = obj << 1 | w;
	}
	fp->n = n;
	if (n)
		qsort(fp->v, n, sizeof(*fp->v), cmp_entry);
	return 0;
}

int sim_strategy_dfs_load(struct sim_strategy *st, struct sim *s, FILE *f)
{
	struct dfs_strategy *d = to_dfs(st);
	char line[64];
	int por, dpor, bound, exact;
	unsigned int shard, nr, sdepth;
	size_t depth, k, i;

	if (!fgets(line, sizeof(line), f) || strncmp(line, CKPT_PREFIX, strlen(CKPT_PREFIX)))
		return -EINVAL;
	/* Another format: another version's search, with other footprints. */
	if (strcmp(line, CKPT_MAGIC "\n"))
		return -EPROTO;
	if (fscanf(f, " opts %d %d %d %d %u %u %u", &por, &dpor, &bound, &exact, &shard, &nr,
		   &sdepth) != 7)
		return -EINVAL;
	if (por != d->o.por || dpor != d->o.dpor || bound != d->o.preemption_bound ||
	    exact != d->o.exact_bound || shard != d->o.shard ||
	    nr != d->o.nr_shards || sdepth != d->o.shard_depth)
		return -EXDEV;
	if (fscanf(f, " root %zu", &depth) != 1)
		return -EINVAL;
	if (depth != d->o.root_len)
		return -EXDEV;
	for (k = 0; k < depth; k++) {
		uint32_t c;

		if (fscanf(f, "%" SCNu32, &c) != 1)
			return -EINVAL;
		if (c != d->root[k])
			return -EXDEV;
	}
	if (fscanf(f, " races %" SCNu64, &d->st.races) != 1)
		return -EINVAL;
	if (fscanf(f, " stats %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
		      " %" SCNu64 " %" SCNu64 " %" SCNu64,
		   &d->st.runs, &d->st.complete, &d->st.sleep_blocked, &d->st.pruned,
		   &d->st.bounded, &d->st.other_shard, &d->st.max_depth, &d->split_seq) != 8)
		return -EINVAL;
	if (fscanf(f, " exhausted %d", &por) != 1)
		return -EINVAL;
	d->st.exhausted = por;
	if (fscanf(f, " depth %zu", &depth) != 1 || depth > (1u << 24))
		return -EINVAL;
	for (k = 0; k < d->depth; k++)
		node_free(&d->path[k]);
	d->depth = 0;
	if (depth > d->cap) {
		struct dfs_node *np = realloc(d->path, depth * sizeof(*np));

		if (!np)
			return -ENOMEM;
		d->path = np;
		d->cap = depth;
	}
	for (k = 0; k < depth; k++) {
		struct dfs_node *nd = &d->path[k];
		int kind, pre, split, fresh;
		unsigned int n, cur, preempts;
		size_t nsleep;

		if (fscanf(f, " node %d %u %u %d %d %d %u", &kind, &n, &cur, &pre, &split, &fresh,
			   &preempts) != 7 || n < 2 || n > (1u << 20) || cur >= n ||
		    kind < SIM_CHOICE_SCHED || kind > SIM_CHOICE_DATA)
			return -EINVAL;
		if (node_alloc(nd, (enum sim_choice_kind)kind, n))
			return -ENOMEM;
		nd->serial = ++d->serials;
		d->depth++;
		nd->cur = cur;
		nd->preemption = pre;
		nd->split = split;
		nd->fresh = fresh;
		nd->preempts = preempts;
		for (i = 0; i < n; i++) {
			unsigned int state;

			if (fscanf(f, "%u", &state) != 1 || (state & 7u) > ALT_OUTSIDE || state > 31)
				return -EINVAL;
			nd->state[i] = (uint8_t)(state & 7u);
			nd->backtrack[i] = !!(state & 8u);
			if (nd->goes_on)
				nd->goes_on[i] = !!(state & 16u);
			if (nd->kind == SIM_CHOICE_SCHED &&
			    (fscanf(f, "%" SCNu32, &nd->task[i]) != 1 || get_fp(f, s, &nd->fp[i])))
				return -EINVAL;
		}
		if (fscanf(f, " sleep %zu", &nsleep) != 1 || nsleep > (1u << 20))
			return -EINVAL;
		for (i = 0; i < nsleep; i++) {
			struct fpset fp = { 0 };
			uint32_t task;
			int ret;

			if (fscanf(f, "%" SCNu32, &task) != 1 || get_fp(f, s, &fp)) {
				fp_free(&fp);
				return -EINVAL;
			}
			ret = sleep_add(&nd->sleep, task, &fp);
			fp_free(&fp);
			if (ret)
				return ret;
		}
	}
	return 0;
}
