// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxlsim explore -j N: one search in N worker processes (fork: a simulation
 * is single-threaded and deterministic, so a worker is the one-process
 * search run on part of the work), merged in the order one process takes it.
 *
 * The work is cut into units, numbered in that order: for random and pct a
 * unit is a seed index; for dfs it is one alternative of the split node (the
 * first scheduling node at depth 8, as --shard cuts the tree), a subtree.
 * The parent hands out blocks of consecutive units as workers ask for them
 * (dynamic: a worker that finishes early takes more), and merges the blocks'
 * results in block order, so end states and violations are counted, and
 * their first schedules chosen, exactly as one process would.
 *
 * pct learns k (the most choices a run made) from the runs before: a block
 * runs with the k known when it was handed out, and is run again when the
 * runs before it turn out to have seen another k (rare: k settles early).
 *
 * dfs: every worker walks the tree above the split (cheap: each such run
 * stops at the split unless the worker owns the subtree), so a worker knows
 * the unit numbers without asking, and claims the next block of units when
 * it reaches the end of its own.  Above the split every alternative is
 * explored: a race found in one worker's subtree cannot ask another worker
 * for an alternative above the split.  With sleep sets alone (--reduction
 * sleep or none) that is what one process does anyway, and the search is
 * the same; with source-DPOR one process explores only the alternatives
 * races ask for, also above depth 8, so -j explores more schedules there
 * (as --shard does) and says so.
 *
 * Frames on the pipes: a type byte, a 32-bit length, the payload.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "explore.h"

#define DFS_BLOCK 2		/* split alternatives a dfs worker claims at a time */

enum {
	F_NEED = 'N',		/* worker: give me a block */
	F_RESULT = 'R',		/* worker: a block's records */
	F_END = 'E',		/* worker: done */
	F_ERROR = 'X',		/* worker: a run failed */
	F_BLOCK = 'B',		/* parent: this block */
	F_STOP = 'S',		/* parent: no more work */
};

enum {
	REC_RUN = 1,		/* one process would count this run (record_run()) */
	REC_OUTCOME = 2,
	REC_NONDET = 4,
	REC_COUNTED = 8,	/* dfs: a whole schedule (sim_strategy_dfs_counts()) */
};

struct wbuf {
	char *p;
	size_t n, cap;
};

static int wb_put(struct wbuf *b, const void *v, size_t n)
{
	if (!n)
		return 0;	/* an empty record part: v may be NULL */
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		char *p;

		while (cap < b->n + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, v, n);
	b->n += n;
	return 0;
}

static int wb_u64(struct wbuf *b, uint64_t v)
{
	return wb_put(b, &v, sizeof(v));
}

static int wb_str(struct wbuf *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : 0;

	return wb_put(b, &n, sizeof(n)) ?: wb_put(b, s, n);
}

/* Reading a payload: a cursor that fails safe (zeros, "") past the end. */
struct rd {
	const char *p, *end;
	bool bad;
};

static void rd_get(struct rd *r, void *v, size_t n)
{
	if (!n)
		return;
	if ((size_t)(r->end - r->p) < n) {
		memset(v, 0, n);
		r->bad = true;
		r->p = r->end;
		return;
	}
	memcpy(v, r->p, n);
	r->p += n;
}

static uint64_t rd_u64(struct rd *r)
{
	uint64_t v;

	rd_get(r, &v, sizeof(v));
	return v;
}

/* A string of the payload, NUL-terminated in @buf (grown as needed). */
static const char *rd_str(struct rd *r, struct wbuf *buf)
{
	uint32_t n;

	rd_get(r, &n, sizeof(n));
	buf->n = 0;
	if ((size_t)(r->end - r->p) < n) {
		r->bad = true;
		n = 0;
	}
	if (wb_put(buf, r->p, n) || wb_put(buf, "", 1)) {
		r->bad = true;
		return "";
	}
	r->p += n;
	return buf->p;
}

static int write_all(int fd, const void *v, size_t n)
{
	const char *p = v;

	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *v, size_t n)
{
	char *p = v;

	while (n) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -EIO;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int send_frame(int fd, char type, const void *payload, size_t n)
{
	char hdr[5];
	uint32_t len = (uint32_t)n;

	hdr[0] = type;
	memcpy(hdr + 1, &len, 4);
	return write_all(fd, hdr, 5) ?: write_all(fd, payload, n);
}

/* ---- worker ---- */

struct worker {
	const struct tool_opts *o;
	struct cxlsim__engine *e;
	int in, out;
	unsigned int index;
	/* the block being worked on */
	bool have, stop;
	uint64_t blk, lo, hi, k_given;
	struct wbuf rec;
	uint64_t nrec;
	struct tally seen_out, seen_viol;	/* labels met in this block: first schedules */
	uint64_t max_unit;
	bool abort_me;				/* CXLSIM_TEST_WORKER_ABORT names this worker */
};

static void block_reset(struct worker *w)
{
	size_t i;

	w->rec.n = 0;
	w->nrec = 0;
	for (i = 0; i < w->seen_out.n; i++)
		free(w->seen_out.v[i].label);
	for (i = 0; i < w->seen_viol.n; i++)
		free(w->seen_viol.v[i].label);
	w->seen_out.n = 0;
	w->seen_viol.n = 0;
}

/* Ask for a block; false when the parent says stop (or is gone). */
static bool ask_block(struct worker *w)
{
	char type, hdr[5];
	uint64_t v[4];
	uint32_t len;

	if (send_frame(w->out, F_NEED, NULL, 0) || read_all(w->in, hdr, 5))
		goto stop;
	type = hdr[0];
	memcpy(&len, hdr + 1, 4);
	if (type != F_BLOCK || len != sizeof(v) || read_all(w->in, v, sizeof(v)))
		goto stop;
	w->blk = v[0];
	w->lo = v[1];
	w->hi = v[2];
	w->k_given = v[3];
	w->have = true;
	block_reset(w);
	if (w->abort_me) {
		struct rlimit no_core = { 0, 0 };

		/* A test's crash: no core file. */
		setrlimit(RLIMIT_CORE, &no_core);
		abort();
	}
	return true;
stop:
	w->have = false;
	w->stop = true;
	return false;
}

/* Send the block's records: @partial when the clock stopped it before its end. */
static int send_block(struct worker *w, bool partial, uint64_t k_end, uint64_t n_end)
{
	struct wbuf b = { 0 };
	int ret;

	if (!w->have)
		return 0;
	ret = wb_u64(&b, w->blk) ?: wb_u64(&b, partial) ?: wb_u64(&b, w->k_given) ?:
	      wb_u64(&b, k_end) ?: wb_u64(&b, n_end) ?: wb_u64(&b, w->nrec) ?:
	      wb_put(&b, w->rec.p, w->rec.n);
	if (!ret)
		ret = send_frame(w->out, F_RESULT, b.p, b.n);
	free(b.p);
	w->have = false;
	return ret;
}

/* What one run adds to the counts; @flags REC_*, @extra: dfs numbers. */
static int add_record(struct worker *w, uint64_t unit, unsigned int flags,
		      const uint64_t extra[5])
{
	const struct tool_opts *o = w->o;
	struct cxlsim__engine *e = w->e;
	char buf[256], *full = NULL, *sched = NULL;
	const char *label = NULL, *prop;
	struct wbuf props = { 0 };
	uint64_t nprops = 0;
	size_t v, q;
	int ret = 0;

#define SCHED() (sched || !cxlsim_ctx_schedule(e->ctx, &sched) ? (sched[0] ? sched : "-") : NULL)
	if (flags & REC_RUN) {
		ret = explore_end_label(o, e, buf, sizeof(buf), &label, &full);
		if (ret)
			return ret;
		if (label)
			flags |= REC_OUTCOME;
		for (v = 0; v < cxlsim_ctx_violation_count(e->ctx); v++) {
			bool dup = false;

			cxlsim_ctx_violation(e->ctx, v, &prop, NULL);
			if (!tool_property_selected(o, prop))
				continue;
			for (q = 0; q < v && !dup; q++) {
				const char *p2;

				cxlsim_ctx_violation(e->ctx, q, &p2, NULL);
				dup = !strcmp(p2, prop);
			}
			if (dup)
				continue;
			nprops++;
			ret = wb_str(&props, prop);
			if (!ret) {
				struct counter *c = explore_tally_bump(&w->seen_viol, prop, 0);
				const char *s = NULL;

				if (c && !c->count++)
					s = SCHED();
				ret = !c || (!c->count && !s) ? -ENOMEM : wb_str(&props, s ? s : "");
			}
			if (ret)
				goto out;
		}
		if (o->check_determinism) {
			const char *s = SCHED();

			if (!s) {
				ret = -ENOMEM;
				goto out;
			}
			if (explore_replay_differs(o, e, s) >= 0)
				flags |= REC_NONDET;
		}
	}
	ret = wb_u64(&w->rec, unit) ?: wb_u64(&w->rec, flags);
	if (!ret && (flags & REC_OUTCOME)) {
		struct counter *c = explore_tally_bump(&w->seen_out, label,
						       full ? sim_str_hash(full) : 0);
		const char *s = NULL;

		if (!c) {
			ret = -ENOMEM;
			goto out;
		}
		if (!c->count++) {
			s = SCHED();
			if (!s) {
				ret = -ENOMEM;
				goto out;
			}
		}
		ret = wb_str(&w->rec, label) ?: wb_str(&w->rec, s ? s : "");
	}
	if (!ret)
		ret = wb_u64(&w->rec, nprops) ?: wb_put(&w->rec, props.p, props.n);
	for (q = 0; q < 5 && !ret; q++)
		ret = wb_u64(&w->rec, extra[q]);
	w->nrec++;
#undef SCHED
out:
	free(props.p);
	free(full);
	free(sched);
	return ret;
}

static int worker_seeded(struct worker *w, double t0)
{
	const struct tool_opts *o = w->o;
	static const uint64_t none[5];
	int ret = 0;

	while (!ret && ask_block(w)) {
		uint64_t i, k = w->k_given, n = 0;
		bool partial = false;

		for (i = w->lo; i < w->hi; i++) {
			if (o->nr_shards > 1 && i % o->nr_shards != o->shard)
				continue;
			if (explore_out_of_time(o, t0)) {
				partial = true;
				break;
			}
			ret = explore_run_seed(o, w->e, o->seed + i, &k, &n);
			if (!ret)
				ret = add_record(w, i, REC_RUN, none);
			if (ret)
				return ret;
		}
		ret = send_block(w, partial, k, n);
		if (partial)
			break;
	}
	return ret;
}

/*
 * sim_dfs_opts.own: does this worker take split alternative @unit?  Claims
 * the next block when the search passes the end of its own.  With --shard
 * I/N only the shard's units count, numbered among themselves.
 */
static bool worker_owns(void *arg, uint64_t unit, bool presplit)
{
	struct worker *w = arg;
	const struct tool_opts *o = w->o;
	uint64_t local = unit;

	if (w->stop)
		return false;
	if (o->nr_shards > 1) {
		/* One process gives runs that end before any split to shard 0. */
		if (presplit && o->shard)
			return false;
		if (presplit)
			local = (unit + o->nr_shards - 1) / o->nr_shards;
		else if (unit % o->nr_shards != o->shard)
			return false;
		else
			local = unit / o->nr_shards;
	}
	if (local + 1 > w->max_unit)
		w->max_unit = local + 1;
	while (!w->have || local >= w->hi) {
		if (send_block(w, false, 0, 0) || !ask_block(w))
			return false;
	}
	return local >= w->lo;
}

static int worker_dfs(struct worker *w, double t0)
{
	const struct tool_opts *o = w->o;
	struct sim_dfs_stats s0, s1;
	struct sim_dfs_opts dopts;
	struct sim_strategy *st;
	uint32_t *root = NULL;
	bool partial = false;
	int ret = 0;

	explore_dfs_opts(o, &dopts);
	dopts.shard = 0;
	dopts.nr_shards = 1;
	dopts.own = worker_owns;
	dopts.own_arg = w;
	if (o->schedule && sim_schedule_decode(o->schedule, &root, &dopts.root_len))
		return -EINVAL;
	dopts.root = root;
	st = sim_strategy_dfs(&dopts);
	free(root);
	if (!st)
		return -ENOMEM;
	cxlsim__ctx_set_strategy(w->e->ctx, st);
	sim_strategy_dfs_stats(st, &s0);
	for (;;) {
		unsigned int flags = 0;
		uint64_t extra[5], unit;
		bool owned, more;
		size_t v;

		if (w->stop)
			break;
		if (explore_out_of_time(o, t0)) {
			partial = true;
			break;
		}
		ret = cxlsim__engine_run(w->e);
		if (ret)
			break;
		owned = sim_strategy_dfs_owned(st);
		if (sim_strategy_dfs_counts(st)) {
			flags = REC_RUN | REC_COUNTED;
		} else {
			for (v = 0; v < cxlsim_ctx_violation_count(w->e->ctx); v++) {
				const char *prop;

				cxlsim_ctx_violation(w->e->ctx, v, &prop, NULL);
				if (!strcmp(prop, "determinism"))
					flags = REC_RUN;
			}
		}
		extra[4] = sim_strategy_dfs_depth(st);
		unit = w->lo;
		more = sim_strategy_dfs_next(st);
		sim_strategy_dfs_stats(st, &s1);
		extra[0] = s1.pruned - s0.pruned;
		extra[1] = s1.sleep_blocked - s0.sleep_blocked;
		extra[2] = s1.bounded - s0.bounded;
		extra[3] = s1.races - s0.races;
		s0 = s1;
		if (owned && w->have) {
			ret = add_record(w, unit, flags, extra);
			if (ret)
				break;
		}
		if (!more)
			break;
	}
	if (!ret) {
		uint64_t end[2] = { s0.exhausted && !w->stop && !partial, w->max_unit };

		ret = send_block(w, partial, 0, 0) ?: send_frame(w->out, F_END, end, sizeof(end));
	}
	return ret;
}

static void worker_main(struct worker *w, double t0)
{
	int ret;
	const char *ab = getenv("CXLSIM_TEST_WORKER_ABORT");

	w->abort_me = ab && *ab && strtoul(ab, NULL, 10) == w->index;
	if (!strcmp(w->o->strategy, "dfs")) {
		ret = worker_dfs(w, t0);
	} else {
		ret = worker_seeded(w, t0);
		if (!ret) {
			uint64_t end[2] = { 0, 0 };

			ret = send_frame(w->out, F_END, end, sizeof(end));
		}
	}
	if (ret) {
		int32_t err = ret;

		send_frame(w->out, F_ERROR, &err, sizeof(err));
	}
	_exit(0);
}

/* ---- parent ---- */

struct block {
	uint64_t lo, hi, k_given;
	int worker;			/* -1: waiting to be handed out (again) */
	bool done, partial;
	uint64_t k_end, n_end, nrec;
	char *data;
	size_t len;
};

struct wstate {
	pid_t pid;
	int in, out;			/* parent's ends: read results, write blocks */
	struct wbuf buf;		/* frames read, not yet parsed */
	bool waiting;			/* asked for a block, no answer yet */
	bool ended, dead, killed, exhausted;
	uint64_t max_unit;
};

struct par {
	const struct tool_opts *o;
	struct explore_result *r;
	struct wstate *w;
	unsigned int n;
	struct block *b;
	size_t nb, capb;
	size_t merged;			/* blocks merged so far */
	uint64_t next_lo;		/* first unit not yet in a block */
	uint64_t units;			/* seeded: units there are (0: dfs, unknown) */
	uint64_t block_size;
	bool is_dfs, is_pct;
	bool stop;			/* hand out no more work */
	bool cut;			/* merged all it may: the rest is past a stop */
	uint64_t received;		/* runs reported, for the progress line */
	uint64_t last_unit;		/* dfs: unit of the last record merged */
	int error;
	struct wbuf scratch, scratch2;
};

static struct block *new_block(struct par *p)
{
	struct block *b;

	if (p->nb == p->capb) {
		size_t cap = p->capb ? p->capb * 2 : 64;

		b = realloc(p->b, cap * sizeof(*b));
		if (!b)
			return NULL;
		p->b = b;
		p->capb = cap;
	}
	b = &p->b[p->nb++];
	memset(b, 0, sizeof(*b));
	b->lo = p->next_lo;
	b->hi = p->next_lo + p->block_size;
	if (p->units && b->hi > p->units)
		b->hi = p->units;
	p->next_lo = b->hi;
	b->worker = -1;
	return b;
}

/* pct: the k a block starting at @lo will most likely see (k settles early). */
static uint64_t guess_k(const struct par *p, uint64_t lo)
{
	uint64_t k = p->r->pct_k;
	size_t i;

	for (i = p->merged; i < p->nb; i++)
		if (p->b[i].done && p->b[i].hi <= lo && p->b[i].k_end > k)
			k = p->b[i].k_end;
	return k;
}

/* Answer the workers waiting for work: a block, or stop when none will come. */
static void serve(struct par *p)
{
	unsigned int i;
	size_t j;

	for (i = 0; i < p->n; i++) {
		struct wstate *w = &p->w[i];
		struct block *b = NULL;
		uint64_t msg[4];

		if (!w->waiting || w->dead)
			continue;
		if (!p->stop) {
			for (j = p->merged; j < p->nb && !b; j++)
				if (p->b[j].worker < 0)
					b = &p->b[j];
			if (!b && (!p->units || p->next_lo < p->units))
				b = new_block(p);
			if (!b && !p->stop) {
				/* pct may yet hand a block out again: keep the worker. */
				if (p->is_pct && p->merged < p->nb)
					continue;
			}
		}
		w->waiting = false;
		if (!b) {
			send_frame(w->out, F_STOP, NULL, 0);
			continue;
		}
		b->worker = (int)i;
		if (p->is_pct)
			b->k_given = guess_k(p, b->lo);
		msg[0] = (uint64_t)(b - p->b);
		msg[1] = b->lo;
		msg[2] = b->hi;
		msg[3] = b->k_given;
		send_frame(w->out, F_BLOCK, msg, sizeof(msg));
	}
}

/* Stop the search: no more work, and workers still computing are not waited for. */
static void stop_all(struct par *p)
{
	unsigned int i;

	p->stop = true;
	p->cut = true;
	for (i = 0; i < p->n; i++) {
		if (!p->w[i].ended && !p->w[i].dead && !p->w[i].killed) {
			kill(p->w[i].pid, SIGKILL);
			p->w[i].killed = true;
		}
	}
}

/* One run's record into the counts, as record_run() counts it in one process. */
static int merge_record(struct par *p, struct rd *rd)
{
	struct explore_result *r = p->r;
	uint64_t unit = rd_u64(rd), flags = rd_u64(rd), nprops, q, extra[5];
	struct counter *c;
	const char *s;

	if (p->is_dfs && p->o->max_schedules && r->runs >= p->o->max_schedules) {
		/* One process would stop before this run. */
		r->stopped_early = true;
		return 1;
	}
	if (flags & REC_RUN)
		r->runs++;
	if (flags & REC_OUTCOME) {
		const char *label = rd_str(rd, &p->scratch);

		c = explore_tally_bump(&r->outcomes, label,
				       p->o->end_state_full ? sim_str_hash(label) : 0);
		s = rd_str(rd, &p->scratch);
		if (!c)
			return -ENOMEM;
		if (!c->count++) {
			c->schedule = strdup(s);
			c->seed = unit;
		}
	}
	nprops = rd_u64(rd);
	for (q = 0; q < nprops && !rd->bad; q++) {
		const char *prop = rd_str(rd, &p->scratch2);

		if (!q)
			r->violating++;
		c = explore_tally_bump(&r->violations, prop, 0);
		s = rd_str(rd, &p->scratch);
		if (!c)
			return -ENOMEM;
		if (!c->count++)
			c->schedule = strdup(s);
		c->seed = unit;
	}
	if (flags & REC_NONDET)
		r->nondeterministic++;
	for (q = 0; q < 5; q++)
		extra[q] = rd_u64(rd);
	if (p->is_dfs) {
		r->dfs.complete += !!(flags & REC_COUNTED);
		r->dfs.pruned += extra[0];
		r->dfs.sleep_blocked += extra[1];
		r->dfs.bounded += extra[2];
		r->dfs.races += extra[3];
		if (extra[4] > r->dfs.max_depth)
			r->dfs.max_depth = extra[4];
		p->last_unit = unit;
	}
	return rd->bad ? -EPROTO : 0;
}

/*
 * random, pct: the seeds counted so far are 0..next_unit-1, for --checkpoint:
 * a block merged whole covers up to its end, a partial one up to its last run.
 */
static void seeded_prefix(struct par *p, const struct block *b, uint64_t last_unit)
{
	if (p->is_dfs)
		return;
	p->r->next_unit = b->partial ? last_unit : b->hi;
	if (p->o->checkpoint)
		explore_checkpoint_tick(p->o, p->r);
}

/* Merge the blocks that are done, in order, as far as it can. */
static int merge_ready(struct par *p)
{
	while (!p->cut && p->merged < p->nb && p->b[p->merged].done) {
		struct block *b = &p->b[p->merged];
		struct rd rd = { b->data, b->data + b->len, false };
		uint64_t i, last_unit = b->lo;
		int ret = 0;

		if (p->is_pct && b->k_given != p->r->pct_k) {
			/* It ran with a k the runs before it did not end with: again. */
			free(b->data);
			b->data = NULL;
			b->done = false;
			b->worker = -1;
			return 0;
		}
		for (i = 0; i < b->nrec && !ret; i++) {
			struct rd peek = rd;	/* a record starts with its unit */

			last_unit = rd_u64(&peek) + 1;
			ret = merge_record(p, &rd);
		}
		free(b->data);
		b->data = NULL;
		if (ret < 0)
			return ret;
		if (ret > 0) {
			stop_all(p);
			return 0;
		}
		if (b->k_end > p->r->pct_k)
			p->r->pct_k = b->k_end;
		if (b->n_end > p->r->pct_n)
			p->r->pct_n = b->n_end;
		p->merged++;
		seeded_prefix(p, b, last_unit);
		if (b->partial) {
			/* The clock stopped it: one process would have stopped here too. */
			p->r->stopped_early = true;
			p->stop = true;
			p->cut = true;
		}
	}
	if (!p->is_dfs && p->merged == p->nb && p->next_lo >= p->units)
		p->stop = true;
	return 0;
}

static int on_frame(struct par *p, unsigned int wi, char type, const char *pl, size_t len)
{
	struct wstate *w = &p->w[wi];
	struct rd rd = { pl, pl + len, false };

	switch (type) {
	case F_NEED:
		w->waiting = true;
		return 0;
	case F_RESULT: {
		uint64_t id = rd_u64(&rd);
		struct block *b;

		if (rd.bad || id >= p->nb)
			return -EPROTO;
		b = &p->b[id];
		b->partial = rd_u64(&rd);
		rd_u64(&rd);
		b->k_end = rd_u64(&rd);
		b->n_end = rd_u64(&rd);
		b->nrec = rd_u64(&rd);
		if (rd.bad)
			return -EPROTO;
		b->len = (size_t)(rd.end - rd.p);
		b->data = malloc(b->len ? b->len : 1);
		if (!b->data)
			return -ENOMEM;
		memcpy(b->data, rd.p, b->len);
		b->done = true;
		p->received += b->nrec;
		return merge_ready(p);
	}
	case F_END:
		w->exhausted = rd_u64(&rd);
		w->max_unit = rd_u64(&rd);
		w->ended = true;
		return 0;
	case F_ERROR: {
		int32_t err = -EIO;

		rd_get(&rd, &err, sizeof(err));
		return err < 0 ? err : -EIO;
	}
	}
	return -EPROTO;
}

/* The part of the search a block holds, for the report of a dead worker. */
static void describe_block(const struct par *p, const struct block *b, char *buf, size_t len)
{
	if (!p->is_dfs)
		snprintf(buf, len, "seeds %llu..%llu",
			 (unsigned long long)(p->o->seed + b->lo),
			 (unsigned long long)(p->o->seed + b->hi - 1));
	else
		snprintf(buf, len, "dfs subtrees %llu..%llu (alternatives of the split node at "
			 "depth 8, in the order the search meets them%s)",
			 (unsigned long long)b->lo, (unsigned long long)b->hi - 1,
			 p->o->nr_shards > 1 ? ", of this shard" : "");
}

static void on_death(struct par *p, unsigned int wi)
{
	struct wstate *w = &p->w[wi];
	char part[256] = "no part of the search", how[96], *msg;
	int status = 0;
	size_t j;

	w->dead = true;
	if (waitpid(w->pid, &status, 0) == w->pid)
		w->pid = 0;
	if (w->killed)
		return;
	for (j = p->merged; j < p->nb; j++)
		if (p->b[j].worker == (int)wi && !p->b[j].done)
			break;
	if (j == p->nb)
		return;		/* it held nothing: the others take what is left */
	describe_block(p, &p->b[j], part, sizeof(part));
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(how, sizeof(how), "exited with status %d", WEXITSTATUS(status));
	if (asprintf(&msg, "worker %u %s while it ran %s", wi, how, part) < 0)
		msg = NULL;
	if (!p->r->incomplete)
		p->r->incomplete = msg;
	else
		free(msg);
	/* What comes before its block is merged; nothing after it can be. */
	p->b[j].worker = -2;
	p->stop = true;
	merge_ready(p);
	p->cut = true;
	stop_all(p);
}

static int read_worker(struct par *p, unsigned int wi)
{
	struct wstate *w = &p->w[wi];
	char chunk[65536];
	ssize_t n = read(w->in, chunk, sizeof(chunk));
	size_t off = 0;
	int ret = 0;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (!n) {
		close(w->in);
		w->in = -1;
		if (!w->ended)
			on_death(p, wi);
		else if (w->pid > 0 && waitpid(w->pid, NULL, 0) == w->pid)
			w->pid = 0;
		return 0;
	}
	if (wb_put(&w->buf, chunk, (size_t)n))
		return -ENOMEM;
	while (!ret && w->buf.n - off >= 5) {
		uint32_t len;

		memcpy(&len, w->buf.p + off + 1, 4);
		if (w->buf.n - off - 5 < len)
			break;
		ret = on_frame(p, wi, w->buf.p[off], w->buf.p + off + 5, len);
		off += 5 + len;
	}
	memmove(w->buf.p, w->buf.p + off, w->buf.n - off);
	w->buf.n -= off;
	return ret;
}

static int spawn(struct par *p, const struct tool_opts *o, struct cxlsim__engine *e, double t0)
{
	unsigned int i, k;

	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < p->n; i++) {
		int down[2], up[2];
		pid_t pid;

		if (pipe(down))
			return -errno;
		if (pipe(up)) {
			close(down[0]);
			close(down[1]);
			return -errno;
		}
		pid = fork();
		if (pid < 0) {
			close(down[0]);
			close(down[1]);
			close(up[0]);
			close(up[1]);
			return -errno;
		}
		if (!pid) {
			struct worker w = { .o = o, .e = e, .in = down[0], .out = up[1], .index = i };

			signal(SIGPIPE, SIG_IGN);
			for (k = 0; k < i; k++) {
				close(p->w[k].in);
				close(p->w[k].out);
			}
			close(down[1]);
			close(up[0]);
			worker_main(&w, t0);
		}
		close(down[0]);
		close(up[1]);
		p->w[i].pid = pid;
		p->w[i].in = up[0];
		p->w[i].out = down[1];
	}
	return 0;
}

int explore_parallel(const struct tool_opts *o, struct cxlsim__engine *e,
		     struct explore_result *r, double t0)
{
	struct par p = { .o = o, .r = r, .n = r->jobs };
	struct tool_progress prog;
	struct pollfd *pfd;
	void (*old_pipe)(int);
	unsigned int i;
	int ret;

	p.is_dfs = !strcmp(o->strategy, "dfs");
	p.is_pct = !strcmp(o->strategy, "pct") && !o->schedule;
	r->is_dfs = p.is_dfs;
	if (p.is_dfs) {
		p.block_size = DFS_BLOCK;
	} else {
		/* After what a --checkpoint holds (checkpoint_seeded.c). */
		p.next_lo = r->first_unit;
		p.units = r->runs_end;
		/* Small enough to balance and to redo cheaply, big enough to pay for a frame. */
		p.block_size = (p.units - p.next_lo) / (16ull * p.n);
		p.block_size = p.block_size < 1 ? 1 : p.block_size > 500 ? 500 : p.block_size;
		if (o->nr_shards > 1)
			p.block_size *= o->nr_shards;
	}
	p.w = calloc(p.n, sizeof(*p.w));
	pfd = calloc(p.n, sizeof(*pfd));
	if (!p.w || !pfd) {
		free(p.w);
		free(pfd);
		return -ENOMEM;
	}
	old_pipe = signal(SIGPIPE, SIG_IGN);
	ret = spawn(&p, o, e, t0);
	tool_progress_init(&prog, "explore", o, p.is_dfs ? 0 : explore_units(o, p.next_lo, p.units),
			   "schedules");
	while (!ret) {
		unsigned int live = 0;

		serve(&p);
		for (i = 0; i < p.n; i++) {
			pfd[i].fd = p.w[i].in;
			pfd[i].events = POLLIN;
			live += p.w[i].in >= 0;
		}
		if (!live)
			break;
		if (poll(pfd, p.n, 1000) < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (i = 0; i < p.n && !ret; i++)
			if (pfd[i].fd >= 0 && (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				ret = read_worker(&p, i);
		tool_progress_update(&prog, p.received, r->violating);
	}
	tool_progress_end(&prog);
	if (ret)
		stop_all(&p);
	for (i = 0; i < p.n; i++) {
		if (p.w[i].in >= 0)
			close(p.w[i].in);
		if (p.w[i].out >= 0)
			close(p.w[i].out);
		if (p.w[i].pid > 0)
			waitpid(p.w[i].pid, NULL, 0);
		free(p.w[i].buf.p);
	}
	signal(SIGPIPE, old_pipe);
	if (!ret && !p.cut)
		ret = merge_ready(&p);
	if (!ret && p.is_dfs) {
		bool exhausted = !r->incomplete && !r->stopped_early;
		uint64_t units = 0;

		for (i = 0; i < p.n; i++) {
			exhausted &= p.w[i].exhausted;
			units = p.w[i].max_unit > units ? p.w[i].max_unit : units;
		}
		r->dfs.exhausted = exhausted;
		(void)units;
	}
	for (i = 0; i < p.nb; i++)
		free(p.b[i].data);
	free(p.b);
	free(p.w);
	free(pfd);
	free(p.scratch.p);
	free(p.scratch2.p);
	return ret;
}
