// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxlsim explore -j N: one search in N worker processes (fork: a simulation
 * is single-threaded and deterministic, so a worker is the one-process
 * search run on part of the work), merged in the order one process takes it.
 *
 * random and pct: the work is cut into units, numbered in that order, a
 * unit being a seed index.  The parent hands out blocks of consecutive units as workers ask for them
 * (dynamic: a worker that finishes early takes more), and merges the blocks'
 * results in block order, so end states and violations are counted, and
 * their first schedules chosen, exactly as one process would.
 *
 * pct learns k (the most choices a run made) from the runs before: a block
 * runs with the k known when it was handed out, and is run again when the
 * runs before it turn out to have seen another k (rare: k settles early).
 *
 * dfs: the search itself stays in the parent, which alone decides what
 * runs next, exactly as one process does, and makes the next run itself.
 * Workers (N - 1 of them: the parent is the N-th) explore subtrees the
 * search will come to later if the runs before ask for nothing new (a
 * guess: sim_strategy_dfs_spec() with @nth >= 1, the prefix to replay and
 * what sleeps where it branches), each as the search would explore it, and
 * report its runs' records and what the search needs of them
 * (sim_strategy_dfs_subtree()): the races asked above the subtree, the
 * footprints seen there, and the subtree's path when they stopped before
 * its end.  When the search comes to a subtree a worker has, with the same
 * key (node, alternative, sleep set), it takes the report in
 * (sim_strategy_dfs_adopt()) instead of making those runs, and goes on
 * from there; when the worker is still at it, it asks it to report what it
 * has (shared memory), takes that, and explores the rest itself while the
 * worker takes another subtree.  A guess that went wrong costs the
 * worker's runs, never a difference.  A split of the tree between workers
 * could not do this: a race found in one subtree may ask for an
 * alternative above it, which another worker owns, so a split search
 * explores more schedules than one process.
 *
 * Frames on the pipes: a type byte, a 32-bit length, the payload.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "explore.h"

enum {
	F_NEED = 'N',		/* worker: give me a block */
	F_RESULT = 'R',		/* worker: a block's records */
	F_END = 'E',		/* worker: done */
	F_ERROR = 'X',		/* worker: a run failed */
	F_BLOCK = 'B',		/* parent: this block */
	F_STOP = 'S',		/* parent: no more work */
};

enum {
	F_SPEC = 'P',		/* parent, dfs: explore this subtree */
	F_RUN = 'U',		/* worker, dfs: what it found */
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
	struct iovec iov[2] = { { hdr, 5 }, { (void *)payload, n } };
	ssize_t w;

	hdr[0] = type;
	memcpy(hdr + 1, &len, 4);
	/* One system call for the whole frame when the pipe takes it. */
	do {
		w = writev(fd, iov, n ? 2 : 1);
	} while (w < 0 && errno == EINTR);
	if (w < 0)
		return -EIO;
	if ((size_t)w < 5)
		return write_all(fd, hdr + w, 5 - (size_t)w) ?: write_all(fd, payload, n);
	if ((size_t)w - 5 >= n)
		return 0;
	return write_all(fd, (const char *)payload + (w - 5), n - (size_t)(w - 5));
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
	bool abort_me;				/* CXLSIM_TEST_WORKER_ABORT names this worker */
	uint64_t nsub, nruns;			/* dfs: subtrees and runs, for the figures */
	uint64_t *shm;				/* dfs: [0] the subtree to report now, [1] reports sent */
	double idle;				/* dfs: seconds waiting for a spec */
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

/* What one run adds to the counts; @flags REC_*. */
static int add_record(struct worker *w, uint64_t unit, unsigned int flags)
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
				ret = add_record(w, i, REC_RUN);
			if (ret)
				return ret;
		}
		ret = send_block(w, partial, k, n);
		if (partial)
			break;
	}
	return ret;
}

static int worker_follow(struct worker *w);

static void worker_main(struct worker *w, double t0)
{
	int ret;
	const char *ab = getenv("CXLSIM_TEST_WORKER_ABORT");

	w->abort_me = ab && *ab && strtoul(ab, NULL, 10) == w->index;
	if (!strcmp(w->o->strategy, "dfs")) {
		ret = worker_follow(w);
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
	bool ended, dead, killed;
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
	bool is_pct;
	bool stop;			/* hand out no more work */
	bool cut;			/* merged all it may: the rest is past a stop */
	uint64_t received;		/* runs reported, for the progress line */
	int error;
	struct wbuf scratch, scratch2;
	struct dfsp *dfs;		/* dfs: the planning search's side */
	uint64_t *cut_shm;		/* dfs: per worker, the subtree to report now (shared) */
};

struct dfsp;
static int dfs_on_frame(struct par *p, unsigned int wi, char type, const char *pl, size_t len);
static void dfs_on_death(struct par *p, unsigned int wi);

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
	uint64_t unit = rd_u64(rd), flags = rd_u64(rd), nprops, q;
	struct counter *c;
	const char *s;

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
	return rd->bad ? -EPROTO : 0;
}

/*
 * random, pct: the seeds counted so far are 0..next_unit-1, for --checkpoint:
 * a block merged whole covers up to its end, a partial one up to its last run.
 */
static void seeded_prefix(struct par *p, const struct block *b, uint64_t last_unit)
{
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
	if (p->merged == p->nb && p->next_lo >= p->units)
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
	snprintf(buf, len, "seeds %llu..%llu", (unsigned long long)(p->o->seed + b->lo),
		 (unsigned long long)(p->o->seed + b->hi - 1));
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
		if (p->dfs)
			dfs_on_death(p, wi);
		else if (!w->ended)
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
		ret = (p->dfs ? dfs_on_frame : on_frame)(p, wi, w->buf.p[off], w->buf.p + off + 5,
							 len);
		off += 5 + len;
	}
	if (off) {
		memmove(w->buf.p, w->buf.p + off, w->buf.n - off);
		w->buf.n -= off;
	}
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
			struct worker w = { .o = o, .e = e, .in = down[0], .out = up[1], .index = i,
					    .shm = p->cut_shm ? &p->cut_shm[2 * i] : NULL };

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

/* The workers' pipes closed, the workers waited for. */
static void reap(struct par *p)
{
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		if (p->w[i].in >= 0)
			close(p->w[i].in);
		if (p->w[i].out >= 0)
			close(p->w[i].out);
		if (p->w[i].pid > 0)
			waitpid(p->w[i].pid, NULL, 0);
		free(p->w[i].buf.p);
	}
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

	p.is_pct = !strcmp(o->strategy, "pct") && !o->schedule;
	/* After what a --checkpoint holds (checkpoint_seeded.c). */
	p.next_lo = r->first_unit;
	p.units = r->runs_end;
	/* Small enough to balance and to redo cheaply, big enough to pay for a frame. */
	p.block_size = (p.units - p.next_lo) / (16ull * p.n);
	p.block_size = p.block_size < 1 ? 1 : p.block_size > 500 ? 500 : p.block_size;
	if (o->nr_shards > 1)
		p.block_size *= o->nr_shards;
	p.w = calloc(p.n, sizeof(*p.w));
	pfd = calloc(p.n, sizeof(*pfd));
	if (!p.w || !pfd) {
		free(p.w);
		free(pfd);
		return -ENOMEM;
	}
	old_pipe = signal(SIGPIPE, SIG_IGN);
	ret = spawn(&p, o, e, t0);
	tool_progress_init(&prog, "explore", o, explore_units(o, p.next_lo, p.units),
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
	reap(&p);
	signal(SIGPIPE, old_pipe);
	if (!ret && !p.cut)
		ret = merge_ready(&p);
	for (i = 0; i < p.nb; i++)
		free(p.b[i].data);
	free(p.b);
	free(p.w);
	free(pfd);
	free(p.scratch.p);
	free(p.scratch2.p);
	return ret;
}

/* ---- dfs: workers explore the subtrees the parent's search plans ---- */

enum {
	SUB_PART = 0,		/* the runs it was given room for: the subtree goes on */
	SUB_DONE = 1,		/* the whole subtree */
	SUB_UNFIT = 2,		/* it cannot be followed (a run diverged): the parent runs it */
};

/* The names of the object ids a worker's footprints use, each sent once. */
struct namer {
	struct sim *s;
	struct wbuf defs;		/* names of ids the parent does not know yet */
	bool *sent;
	size_t nsent;
};

static int name_obj(void *arg, uint32_t obj)
{
	struct namer *nm = arg;
	uint32_t id = obj;

	if (obj < nm->nsent && nm->sent[obj])
		return 0;
	if (obj >= nm->nsent) {
		size_t n = obj + 1 > 2 * nm->nsent ? obj + 1 : 2 * nm->nsent;
		bool *nv = realloc(nm->sent, n * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		memset(nv + nm->nsent, 0, (n - nm->nsent) * sizeof(*nv));
		nm->sent = nv;
		nm->nsent = n;
	}
	nm->sent[obj] = true;
	return wb_put(&nm->defs, &id, sizeof(id)) ?: wb_str(&nm->defs, sim_str(nm->s, obj));
}

/* The flags of the run just made, as explore_dfs_run() would count it. */
static unsigned int follow_flags(struct worker *w, const struct sim_strategy *st)
{
	size_t v;

	if (sim_strategy_dfs_counts(st))
		return REC_RUN | REC_COUNTED;
	for (v = 0; v < cxlsim_ctx_violation_count(w->e->ctx); v++) {
		const char *prop;

		cxlsim_ctx_violation(w->e->ctx, v, &prop, NULL);
		if (!strcmp(prop, "determinism"))
			return REC_RUN;
	}
	return 0;
}

/*
 * Has the parent asked for the subtree @id now?  A word of memory shared
 * with the parent, not a frame: a system call after every run would cost
 * more than the run's own work on some machines.
 */
static bool cut_asked(const struct worker *w, uint64_t id)
{
	return w->shm && __atomic_load_n(&w->shm[0], __ATOMIC_RELAXED) == id;
}

/*
 * Explore the subtree of a spec, at most @budget runs of it, and send the
 * records of its runs and what the search needs of them
 * (sim_strategy_dfs_subtree()).
 */
static int follow_subtree(struct worker *w, struct sim_strategy *st, struct namer *nm,
			  uint64_t id, uint64_t budget, const char *spec, size_t len)
{
	struct sim *s = cxlsim__ctx_sim(w->e->ctx);
	uint64_t runs = 0, nrun = 0, status;
	struct wbuf b = { 0 };
	char *sub = NULL;
	size_t sublen = 0;
	int ret, more;

	ret = sim_strategy_dfs_follow(st, s, spec, len);
	if (ret)
		return ret;
	block_reset(w);
	do {
		unsigned int flags;

		ret = cxlsim__engine_run(w->e);
		if (ret)
			return ret;
		flags = follow_flags(w, st);
		ret = add_record(w, 0, flags);
		if (ret)
			return ret;
		nrun += !!(flags & REC_RUN);
		runs++;
		w->nruns++;
		more = sim_strategy_dfs_follow_next(st);
	} while (more > 0 && runs < budget && !cut_asked(w, id));
	status = more < 0 ? SUB_UNFIT : more ? SUB_PART : SUB_DONE;
	nm->defs.n = 0;
	if (status != SUB_UNFIT) {
		ret = sim_strategy_dfs_subtree(st, status == SUB_DONE, name_obj, nm, &sub, &sublen);
		if (ret)
			return ret;
	}
	ret = wb_u64(&b, id) ?: wb_u64(&b, nm->defs.n) ?: wb_put(&b, nm->defs.p, nm->defs.n) ?:
	      wb_u64(&b, status) ?: wb_u64(&b, runs) ?: wb_u64(&b, nrun) ?:
	      wb_u64(&b, w->nrec) ?: wb_u64(&b, w->rec.n) ?: wb_put(&b, w->rec.p, w->rec.n) ?:
	      wb_put(&b, sub, sublen);
	if (!ret)
		ret = send_frame(w->out, F_RUN, b.p, b.n);
	if (!ret && w->shm)
		__atomic_add_fetch(&w->shm[1], 1, __ATOMIC_RELEASE);
	free(b.p);
	free(sub);
	return ret;
}

static int worker_follow(struct worker *w)
{
	const struct tool_opts *o = w->o;
	struct namer nm = { .s = cxlsim__ctx_sim(w->e->ctx) };
	struct sim_dfs_opts dopts;
	struct sim_strategy *st;
	struct wbuf in = { 0 };
	uint32_t *root = NULL;
	int ret = 0;

	explore_dfs_opts(o, &dopts);
	if (o->schedule && sim_schedule_decode(o->schedule, &root, &dopts.root_len))
		return -EINVAL;
	dopts.root = root;
	st = sim_strategy_dfs(&dopts);
	free(root);
	if (!st)
		return -ENOMEM;
	cxlsim__ctx_set_strategy(w->e->ctx, st);
	while (!ret) {
		char hdr[5];
		uint32_t len;
		uint64_t v[2];
		double t = explore_now();

		if (read_all(w->in, hdr, 5))
			break;		/* the parent is gone: nothing to report to */
		w->idle += explore_now() - t;
		w->nsub++;
		memcpy(&len, hdr + 1, 4);
		if (hdr[0] == F_STOP)
			break;
		if (hdr[0] != F_SPEC || len < sizeof(v))
			return -EPROTO;
		if (len > in.cap) {
			char *np = realloc(in.p, len);

			if (!np)
				return -ENOMEM;
			in.p = np;
			in.cap = len;
		}
		if (read_all(w->in, in.p, len))
			break;
		if (w->abort_me) {
			struct rlimit no_core = { 0, 0 };

			/* A test's crash: no core file. */
			setrlimit(RLIMIT_CORE, &no_core);
			abort();
		}
		memcpy(v, in.p, sizeof(v));
		ret = follow_subtree(w, st, &nm, v[0], v[1] ? v[1] : 1, in.p + sizeof(v),
				     len - sizeof(v));
	}
	if (getenv("CXLSIM_DFS_JOBS_STATS")) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "dfs -j: worker %u: %llu subtrees, %llu runs; waited %.3f s; "
			"%ld.%03ld s user\n", w->index, (unsigned long long)w->nsub,
			(unsigned long long)w->nruns, w->idle, (long)ru.ru_utime.tv_sec,
			(long)ru.ru_utime.tv_usec / 1000);
	}
	free(in.p);
	free(nm.defs.p);
	free(nm.sent);
	return ret;
}

/* A subtree the search may explore later: its spec, and what a worker found there. */
struct ent {
	uint64_t id;			/* in the frames */
	char *spec;
	size_t len;
	struct sim_dfs_key key;
	int worker;			/* exploring it; -1 when done */
	bool done;
	bool cut;			/* the worker was asked to report it now */
	unsigned int from;		/* the worker whose ids the result uses */
	uint64_t status, runs, nrun, nrec;	/* SUB_*, runs made, runs counted, records */
	char *res;			/* records, then sim_strategy_dfs_subtree()'s */
	size_t rlen, sublen;
};

struct dfsp {
	struct sim_strategy *st;
	struct sim *s;
	struct ent *v;			/* subtrees handed out, and their results */
	size_t n, cap;
	uint64_t next_id;
	uint64_t chunk;			/* runs of a subtree a worker makes before it reports */
	unsigned int guesses;		/* subtrees looked ahead for, per worker */
	bool shallow;			/* hand out the one furthest ahead first */
	unsigned int near;		/* else: a subtree not among the @near nearest gives way */
	uint64_t polls, *seen;		/* serve() calls; reports counted per worker */
	unsigned int *busy;		/* subtrees in flight per worker (0 or 1) */
	uint32_t **map;			/* per worker: its interned ids to ours (0: not named) */
	size_t *nmap;
	/* figures: subtrees handed out, adopted, their runs; runs made here; ... */
	uint64_t planned, adopted, adopted_runs, local, cuts, recv_runs, dropped;
	double wait;			/* seconds waiting for a worker's report */
};

static void ent_free(struct ent *e)
{
	free(e->spec);
	free(e->res);
}

static void ent_drop(struct dfsp *d, struct ent *e)
{
	ent_free(e);
	*e = d->v[--d->n];
}

static bool key_eq(const struct sim_dfs_key *a, const struct sim_dfs_key *b)
{
	return a->serial == b->serial && a->alt == b->alt && a->sleep == b->sleep;
}

static struct ent *dfs_find_key(struct dfsp *d, const struct sim_dfs_key *key)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (key_eq(&d->v[i].key, key))
			return &d->v[i];
	return NULL;
}

/* Ask the worker exploring @e to report what it has now (shared memory: no system call). */
static void dfs_cut(struct par *p, struct ent *e)
{
	if (e->worker < 0 || e->cut)
		return;
	e->cut = true;
	p->dfs->cuts++;
	__atomic_store_n(&p->cut_shm[2 * e->worker], e->id, __ATOMIC_RELAXED);
}

/*
 * A subtree the search will not come to: its report, when in, is dropped (true: @e is
 * gone from the list); a worker still on it is asked to report, to be free sooner.
 */
static bool dfs_unwanted(struct par *p, struct ent *e)
{
	if (e->done) {
		p->dfs->dropped++;
		ent_drop(p->dfs, e);
		return true;
	}
	dfs_cut(p, e);
	return false;
}

/*
 * The runs a worker makes of a subtree before it reports (it reports sooner
 * when the search comes to that subtree), and below --max-schedules, so
 * that the search stops where one process stops.
 */
static uint64_t dfs_budget(const struct par *p)
{
	uint64_t b = p->dfs->chunk;

	if (p->o->max_schedules) {
		uint64_t left = p->o->max_schedules > p->r->runs ?
					p->o->max_schedules - p->r->runs : 0;

		if (left / 2 < b)
			b = left / 2 > 1 ? left / 2 : 1;
	}
	return b;
}

/*
 * Give idle workers subtrees the search will explore later if the runs
 * before them ask for nothing new (sim_strategy_dfs_spec() @nth >= 1): the
 * one furthest ahead not yet handed out, so that a worker has a big part of
 * the search to itself and the search comes to it late.  A subtree whose
 * guess went wrong (the node's sleep set grew) is dropped, and its worker
 * asked to stop.
 */
static int dfs_dispatch(struct par *p)
{
	struct dfsp *d = p->dfs;
	unsigned int wi, nth, k, want = d->guesses * p->n;
	struct sim_dfs_key keys[64];
	size_t i;
	int ret;

	for (wi = 0; wi < p->n; wi++)
		if (!p->w[wi].dead && !p->w[wi].killed && p->w[wi].out >= 0 && !d->busy[wi])
			break;
	if (wi == p->n && !d->shallow && d->near) {
		/*
		 * Nearest first: a worker whose subtree is no longer among the
		 * nearest (the search found nearer ones since) reports what it has
		 * and takes a nearer one.
		 */
		for (nth = 1; nth <= d->near; nth++)
			if (sim_strategy_dfs_spec_key(d->st, nth, &keys[nth]))
				break;
		for (i = 0; i < d->n; i++) {
			struct ent *e = &d->v[i];
			bool near = false;

			for (k = 1; k < nth && !near; k++)
				near = key_eq(&keys[k], &e->key);
			if (!e->done && !near && nth > 1)
				dfs_cut(p, e);
		}
		return 0;
	}
	if (wi == p->n)
		return 0;
	if (want > 63)
		want = 63;
	for (nth = 1; nth <= want; nth++) {
		ret = sim_strategy_dfs_spec_key(d->st, nth, &keys[nth]);
		if (ret == -ENOENT)
			break;
		if (ret)
			return ret;
	}
	/* Results of guesses that went wrong: never of use. */
	for (i = 0; i < d->n;) {
		struct ent *e = &d->v[i];
		bool stale = false;

		for (k = 1; k < nth && !stale; k++)
			stale = keys[k].serial == e->key.serial && keys[k].alt == e->key.alt &&
				keys[k].sleep != e->key.sleep;
		if (!stale || !dfs_unwanted(p, e))
			i++;
	}
	for (k = 1; k < nth; k++) {
		unsigned int g = d->shallow ? nth - k : k;
		struct wbuf b = { 0 };
		struct ent *e;

		for (wi = 0; wi < p->n; wi++)
			if (!p->w[wi].dead && !p->w[wi].killed && p->w[wi].out >= 0 &&
			    !d->busy[wi])
				break;
		if (wi == p->n)
			return 0;
		if (dfs_find_key(d, &keys[g]))
			continue;
		if (d->n == d->cap) {
			size_t cap = d->cap ? d->cap * 2 : 32;
			struct ent *nv = realloc(d->v, cap * sizeof(*nv));

			if (!nv)
				return -ENOMEM;
			d->v = nv;
			d->cap = cap;
		}
		e = &d->v[d->n];
		memset(e, 0, sizeof(*e));
		ret = sim_strategy_dfs_spec(d->st, d->s, g, &e->spec, &e->len);
		if (ret)
			return ret;
		d->n++;
		e->id = d->next_id++;
		e->key = keys[g];
		ret = wb_u64(&b, e->id) ?: wb_u64(&b, dfs_budget(p)) ?:
		      wb_put(&b, e->spec, e->len);
		if (!ret)
			ret = send_frame(p->w[wi].out, F_SPEC, b.p, b.n);
		free(b.p);
		if (ret)
			return ret;
		e->worker = (int)wi;
		d->busy[wi]++;
		d->planned++;
	}
	return 0;
}

static int dfs_on_frame(struct par *p, unsigned int wi, char type, const char *pl, size_t len)
{
	struct dfsp *d = p->dfs;
	struct rd rd = { pl, pl + len, false };
	uint64_t id, ndefs;
	const char *dend;
	size_t i;

	if (type == F_ERROR) {
		int32_t err = -EIO;

		rd_get(&rd, &err, sizeof(err));
		return err < 0 ? err : -EIO;
	}
	if (type != F_RUN)
		return -EPROTO;
	id = rd_u64(&rd);
	ndefs = rd_u64(&rd);
	if (rd.bad || ndefs > (size_t)(rd.end - rd.p))
		return -EPROTO;
	/* Names first: every later log of this worker may use them. */
	dend = rd.p + ndefs;
	while (rd.p < dend && !rd.bad) {
		uint32_t wid;
		const char *name;

		rd_get(&rd, &wid, sizeof(wid));
		name = rd_str(&rd, &p->scratch);
		if (rd.bad || wid > (1u << 28))
			return -EPROTO;
		if (wid >= d->nmap[wi]) {
			size_t n = wid + 1 > 2 * d->nmap[wi] ? wid + 1 : 2 * d->nmap[wi];
			uint32_t *nv = realloc(d->map[wi], n * sizeof(*nv));

			if (!nv)
				return -ENOMEM;
			memset(nv + d->nmap[wi], 0, (n - d->nmap[wi]) * sizeof(*nv));
			d->map[wi] = nv;
			d->nmap[wi] = n;
		}
		d->map[wi][wid] = sim_intern(d->s, name);
	}
	if (rd.bad || rd.p != dend)
		return -EPROTO;
	if (d->busy[wi])
		d->busy[wi]--;
	for (i = 0; i < d->n; i++) {
		struct ent *e = &d->v[i];
		uint64_t reclen;

		if (e->id != id)
			continue;
		e->status = rd_u64(&rd);
		e->runs = rd_u64(&rd);
		e->nrun = rd_u64(&rd);
		e->nrec = rd_u64(&rd);
		reclen = rd_u64(&rd);
		if (rd.bad || e->status > SUB_UNFIT || reclen > (size_t)(rd.end - rd.p))
			return -EPROTO;
		e->rlen = (size_t)reclen;
		e->sublen = (size_t)(rd.end - rd.p) - e->rlen;
		e->res = malloc(e->rlen + e->sublen + 1);
		if (!e->res)
			return -ENOMEM;
		memcpy(e->res, rd.p, e->rlen + e->sublen);
		e->done = true;
		d->recv_runs += e->runs;
		e->from = wi;
		e->worker = -1;
		break;
	}
	return 0;
}

/* The part of the search a dead worker held: the schedule prefix its run replays. */
static void dfs_on_death(struct par *p, unsigned int wi)
{
	struct dfsp *d = p->dfs;
	struct wstate *w = &p->w[wi];
	char how[96], *sched = NULL, *msg = NULL;
	uint32_t *choices = NULL;
	size_t i, n = 0;
	int status = 0;

	w->dead = true;
	if (waitpid(w->pid, &status, 0) == w->pid)
		w->pid = 0;
	if (w->killed || p->stop)
		return;
	for (i = 0; i < d->n; i++)
		if (d->v[i].worker == (int)wi && !d->v[i].done)
			break;
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(how, sizeof(how), "exited with status %d", WEXITSTATUS(status));
	if (i < d->n && !sim_strategy_dfs_spec_prefix(d->v[i].spec, d->v[i].len, &choices, &n) &&
	    !sim_schedule_encode(choices, n, &sched)) {
		if (asprintf(&msg, "worker %u %s while it ran the dfs schedule that begins with "
			     "%s (%zu choices)", wi, how, n ? sched : "-", n) < 0)
			msg = NULL;
	} else if (asprintf(&msg, "worker %u %s", wi, how) < 0) {
		msg = NULL;
	}
	free(choices);
	free(sched);
	if (!p->r->incomplete)
		p->r->incomplete = msg ? msg : strdup("a worker died");
	else
		free(msg);
	stop_all(p);
}

/*
 * Take in the subtree @e a worker explored, its spec being the next run's:
 * its runs' records in order, then what the search learned
 * (sim_strategy_dfs_adopt()); after it the search is where one process is
 * after those runs.
 */
static int dfs_adopt(struct par *p, struct ent *e, uint64_t *idx)
{
	struct dfsp *d = p->dfs;
	struct rd rd = { e->res, e->res + e->rlen, false };
	uint64_t i;
	int ret;

	for (i = 0; i < e->nrec; i++) {
		uint64_t flags;

		if ((size_t)(rd.end - rd.p) < 2 * sizeof(uint64_t))
			return -EPROTO;
		/* The record's unit is the run's number among those recorded. */
		memcpy((char *)rd.p, idx, sizeof(*idx));
		memcpy(&flags, rd.p + sizeof(*idx), sizeof(flags));
		ret = merge_record(p, &rd);
		if (ret)
			return ret;
		*idx += !!(flags & REC_RUN);
	}
	if (rd.p != rd.end)
		return -EPROTO;
	ret = sim_strategy_dfs_adopt(d->st, e->res + e->rlen, e->sublen, d->map[e->from],
				     d->nmap[e->from]);
	if (!ret) {
		d->adopted++;
		d->adopted_runs += e->runs;
	}
	return ret;
}

/* Subtrees the search has passed (their node gone, or explored): dropped, their workers freed. */
static void dfs_forget(struct par *p)
{
	struct dfsp *d = p->dfs;
	size_t i;

	for (i = 0; i < d->n;) {
		struct ent *e = &d->v[i];

		if (sim_strategy_dfs_key_ahead(d->st, &e->key) || !dfs_unwanted(p, e))
			i++;
	}
}

/*
 * Read what the workers sent and hand out more; with @e, until that
 * subtree's report is in, else only what is there now (a poll() only now
 * and then, or when the shared counters say a report came).
 */
static int dfs_serve(struct par *p, struct ent *e, struct pollfd *pfd)
{
	struct dfsp *d = p->dfs;
	uint64_t id = e ? e->id : 0;
	unsigned int i;
	int ret = 0;

	while (!ret && !p->r->incomplete) {
		unsigned int live = 0;
		int n;

		if (e) {
			for (e = NULL, i = 0; i < d->n && !e; i++)
				if (d->v[i].id == id)
					e = &d->v[i];
			if (!e || e->done)
				return 0;
			dfs_cut(p, e);
		}
		for (i = 0; i < p->n; i++) {
			pfd[i].fd = p->w[i].in;
			pfd[i].events = POLLIN;
			live += p->w[i].in >= 0;
		}
		if (!live)
			return e ? -EPIPE : 0;
		if (!e && ++d->polls % 16) {
			bool news = false;

			for (i = 0; i < p->n; i++) {
				uint64_t c = __atomic_load_n(&p->cut_shm[2 * i + 1], __ATOMIC_ACQUIRE);

				news |= c != d->seen[i];
				d->seen[i] = c;
			}
			if (!news)
				return dfs_dispatch(p);
		}
		n = poll(pfd, p->n, e ? 1000 : 0);
		if (n < 0 && errno != EINTR)
			ret = -errno;
		for (i = 0; i < p->n && !ret && n > 0; i++)
			if (pfd[i].fd >= 0 && (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
				ret = read_worker(p, i);
		if (!ret)
			ret = dfs_dispatch(p);
		if (!e)
			return ret;
	}
	return ret;
}

int explore_dfs_parallel(const struct tool_opts *o, struct cxlsim__engine *e,
			 struct sim_strategy *st, struct explore_result *r, double t0,
			 uint64_t *idx)
{
	/* The parent explores too: N processes in all. */
	struct par p = { .o = o, .r = r, .n = r->jobs > 1 ? r->jobs - 1 : 1 };
	struct dfsp d = { .st = st, .s = cxlsim__ctx_sim(e->ctx), .chunk = 1000, .guesses = 8 };
	uint64_t since_save = 0, polls = 0;
	struct tool_progress prog;
	struct pollfd *pfd;
	void (*old_pipe)(int);
	unsigned int i;
	size_t j;
	int ret;

	/* Runs before a worker reports unasked: a test makes it 1 to take partial reports in. */
	if (getenv("CXLSIM_DFS_JOBS_CHUNK") && strtoull(getenv("CXLSIM_DFS_JOBS_CHUNK"), NULL, 10))
		d.chunk = strtoull(getenv("CXLSIM_DFS_JOBS_CHUNK"), NULL, 10);
	/*
	 * A search that runs to its end comes to every subtree: the furthest
	 * ahead is the biggest, and the one it comes to last.  One that stops
	 * after --max-schedules may never come that far: the nearest first.
	 */
	d.shallow = !o->max_schedules;
	d.near = 4;
	p.dfs = &d;
	p.w = calloc(p.n, sizeof(*p.w));
	pfd = calloc(p.n, sizeof(*pfd));
	d.busy = calloc(p.n, sizeof(*d.busy));
	d.map = calloc(p.n, sizeof(*d.map));
	d.nmap = calloc(p.n, sizeof(*d.nmap));
	d.seen = calloc(p.n, sizeof(*d.seen));
	if (!p.w || !pfd || !d.busy || !d.map || !d.nmap || !d.seen) {
		ret = -ENOMEM;
		goto out_free;
	}
	/* Per worker: the subtree to report now (parent), reports sent (worker). */
	p.cut_shm = mmap(NULL, 2 * p.n * sizeof(*p.cut_shm), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p.cut_shm == MAP_FAILED) {
		ret = -errno;
		goto out_free;
	}
	for (i = 0; i < p.n; i++) {
		p.cut_shm[2 * i] = UINT64_MAX;
		p.cut_shm[2 * i + 1] = 0;
	}
	old_pipe = signal(SIGPIPE, SIG_IGN);
	ret = spawn(&p, o, e, t0);
	/* Room for a report, which a worker then leaves without waiting for us (Linux only). */
	for (i = 0; !ret && i < p.n; i++)
		fcntl(p.w[i].in, F_SETPIPE_SZ, 1 << 20);
	tool_progress_init(&prog, "explore", o, 0, "schedules");
	/* The loop of one process's search (explore_dfs()), with subtrees explored elsewhere. */
	while (!ret && !r->dfs.exhausted) {
		struct sim_dfs_key key;
		struct ent *en;

		if ((o->max_schedules && r->runs >= o->max_schedules) || explore_out_of_time(o, t0)) {
			r->stopped_early = true;
			break;
		}
		if (!(++polls % 64))
			dfs_forget(&p);
		ret = dfs_serve(&p, NULL, pfd) ?: sim_strategy_dfs_spec_key(st, 0, &key);
		if (r->incomplete)
			break;
		en = ret ? NULL : dfs_find_key(&d, &key);
		if (en && !en->done) {
			/* A worker explores the next run's subtree: have it report, and take that. */
			double tw = explore_now();

			ret = dfs_serve(&p, en, pfd);
			d.wait += explore_now() - tw;
			en = ret ? NULL : dfs_find_key(&d, &key);
			if (r->incomplete)
				break;	/* its worker died: said in the summary */
			if (!ret && (!en || !en->done))
				ret = -EPIPE;
			if (ret)
				break;
		}
		if (en && (en->status == SUB_UNFIT ||
			   (o->max_schedules && r->runs + en->nrun >= o->max_schedules))) {
			/* One process stops, or stumbles, inside it: make the runs here. */
			d.dropped++;
			ent_drop(&d, en);
			en = NULL;
		}
		if (!en) {
			ret = explore_dfs_run(o, e, st, r, idx);
			d.local++;
			if (ret || !explore_dfs_advance(o, e, st, r, &since_save, &prog))
				break;
			continue;
		}
		ret = dfs_adopt(&p, en, idx);
		if (ret == -EPROTO)
			fprintf(stderr, "cxlsim explore: -j: worker %u sent a subtree that does not "
				"fit the search\n", en->from);
		if (ret)
			break;
		since_save += en->runs;
		ent_drop(&d, en);
		if (o->checkpoint && since_save >= 5000) {
			since_save = 0;
			explore_dfs_checkpoint_save(o->checkpoint, st, e);
		}
		sim_strategy_dfs_stats(st, &r->dfs);
		tool_progress_update(&prog, r->runs, r->violating);
	}
	tool_progress_end(&prog);
	p.stop = true;
	for (i = 0; i < p.n; i++) {
		if (p.w[i].out >= 0 && !p.w[i].dead)
			send_frame(p.w[i].out, F_STOP, NULL, 0);
		/* Subtrees still explored are guesses nobody needs now. */
		if (p.w[i].pid > 0 && !p.w[i].dead && (ret || r->stopped_early || d.busy[i]))
			kill(p.w[i].pid, SIGKILL);
	}
	reap(&p);
	signal(SIGPIPE, old_pipe);
	if (getenv("CXLSIM_DFS_JOBS_STATS")) {
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		fprintf(stderr, "dfs -j: %llu subtrees handed out, %llu of them taken in (%llu runs "
			"of %llu made there), %llu dropped, %llu cut short; %llu runs made here; "
			"%.3f s waiting; %ld.%03ld s user, %ld.%03ld s system CPU here\n",
			(unsigned long long)d.planned, (unsigned long long)d.adopted,
			(unsigned long long)d.adopted_runs, (unsigned long long)d.recv_runs,
			(unsigned long long)d.dropped, (unsigned long long)d.cuts,
			(unsigned long long)d.local, d.wait,
			(long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec / 1000,
			(long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec / 1000);
	}
	munmap(p.cut_shm, 2 * p.n * sizeof(*p.cut_shm));
out_free:
	for (j = 0; j < d.n; j++)
		ent_free(&d.v[j]);
	free(d.v);
	for (i = 0; d.map && i < p.n; i++)
		free(d.map[i]);
	free(d.map);
	free(d.nmap);
	free(d.seen);
	free(d.busy);
	free(p.w);
	free(pfd);
	free(p.scratch.p);
	free(p.scratch2.p);
	return ret;
}
