// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The trace as a Chrome trace-event timeline (what Perfetto and
 * chrome://tracing open): one track per task, spans for probes, module
 * init/exit, work items, waits and sleeps, flow arrows for wake-ups, spawns
 * and lock hand-offs, an instant for each violation.  docs/trace-format.md
 * describes the mapping.
 *
 * Many events share one simulated instant.  Each event gets its own time in
 * picoseconds, at least TICK after the one before, so the viewer never has
 * to order equal timestamps: a span that closes at an event ends just after
 * it, one that opens starts just before it, and the event's own slice sits
 * in between.  ts stays simulated time in µs.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cxlsim.h"

#define TICK 10	       /* ps between consecutive events */
#define AT_RESUME (-4) /* a blocked task's span ends */
#define AT_OPEN (-2)   /* spans starting at the event */
#define AT_EVENT 0     /* the event's own slice, EVENT_DUR long */
#define EVENT_DUR 2
#define AT_FLOW 1  /* inside the event's slice, so flows bind to it */
#define AT_CLOSE 3 /* spans ending at the event */
#define MAX_DEPTH 64
#define MAX_FLOWS_IN 8

struct span {
	const char *kind;
	uint32_t obj;
	char name[160];
};

/* A flow whose start is known; both ends are written when its target task runs again. */
struct pending_flow {
	const char *name;
	uint32_t from;
	uint64_t ps;
};

struct track {
	struct span stack[MAX_DEPTH];
	unsigned int depth;
	unsigned int dropped; /* spans past MAX_DEPTH, never emitted */
	bool blocked;
	uint32_t block_obj;
	bool used;
	struct pending_flow flows_in[MAX_FLOWS_IN];
	unsigned int nr_flows_in;
};

struct last_unlock {
	uint32_t obj;
	uint32_t task;
	uint64_t ps;
};

struct timeline {
	struct sim *s;
	FILE *f;
	bool first;
	struct track *tracks; /* by task id, 0 = the host */
	size_t nr_tracks;
	uint64_t *ps;	   /* per trace event */
	size_t *next_same; /* the same task's next event, or SIZE_MAX */
	struct last_unlock *unlocks;
	size_t nr_unlocks;
	uint64_t next_flow;
};

static void ts_string(uint64_t ps, char *buf, size_t len)
{
	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(ps / 1000000ULL),
		 (unsigned long long)(ps % 1000000ULL));
}

/* Start one event; the caller adds its fields and hands it to emit(). */
static struct json_object *event(const char *ph, const char *name, const char *cat, uint32_t tid,
				 uint64_t ps)
{
	struct json_object *o = json_object_new_object();
	char ts[32];

	ts_string(ps, ts, sizeof(ts));
	json_object_object_add(o, "name", json_object_new_string(name));
	if (cat)
		json_object_object_add(o, "cat", json_object_new_string(cat));
	json_object_object_add(o, "ph", json_object_new_string(ph));
	json_object_object_add(o, "ts", json_object_new_double_s((double)ps / 1e6, ts));
	json_object_object_add(o, "pid", json_object_new_int(1));
	json_object_object_add(o, "tid", json_object_new_int64(tid));
	return o;
}

/* One event a line, so two timelines diff well. */
static void emit(struct timeline *tl, struct json_object *o)
{
	fputs(tl->first ? "\n" : ",\n", tl->f);
	tl->first = false;
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							JSON_C_TO_STRING_NOSLASHESCAPE),
	      tl->f);
	json_object_put(o);
}

static void args_add(struct json_object *o, const char *key, struct json_object *val)
{
	struct json_object *args;

	if (!json_object_object_get_ex(o, "args", &args)) {
		args = json_object_new_object();
		json_object_object_add(o, "args", args);
	}
	json_object_object_add(args, key, val);
}

static void open_span(struct timeline *tl, uint32_t tid, uint64_t ps, const char *kind,
		      uint32_t obj, const char *cat, struct json_object *args, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

static void open_span(struct timeline *tl, uint32_t tid, uint64_t ps, const char *kind,
		      uint32_t obj, const char *cat, struct json_object *args, const char *fmt, ...)
{
	struct track *t = &tl->tracks[tid];
	struct json_object *o;
	struct span *sp;
	va_list ap;

	if (t->depth == MAX_DEPTH) {
		t->dropped++;
		json_object_put(args);
		return;
	}
	sp = &t->stack[t->depth++];
	sp->kind = kind;
	sp->obj = obj;
	va_start(ap, fmt);
	vsnprintf(sp->name, sizeof(sp->name), fmt, ap);
	va_end(ap);
	o = event("B", sp->name, cat, tid, ps);
	if (args)
		json_object_object_add(o, "args", args);
	emit(tl, o);
}

static void close_top(struct timeline *tl, uint32_t tid, uint64_t ps, struct json_object *args)
{
	struct track *t = &tl->tracks[tid];
	struct json_object *o;

	if (t->dropped) {
		t->dropped--;
		json_object_put(args);
		return;
	}
	t->depth--;
	o = event("E", t->stack[t->depth].name, NULL, tid, ps);
	if (args)
		json_object_object_add(o, "args", args);
	emit(tl, o);
}

/*
 * Close the innermost span of @kind on @obj and whatever is still open
 * inside it (a run stopped half-way leaves such spans).  Nothing happens when
 * no such span is open.
 */
static void close_span(struct timeline *tl, uint32_t tid, uint64_t ps, const char *kind,
		       uint32_t obj, struct json_object *args)
{
	struct track *t = &tl->tracks[tid];
	unsigned int i = t->depth;

	while (i > 0 && (strcmp(t->stack[i - 1].kind, kind) || t->stack[i - 1].obj != obj))
		i--;
	if (!i || t->dropped) {
		json_object_put(args);
		return;
	}
	while (t->depth > i)
		close_top(tl, tid, ps, NULL);
	close_top(tl, tid, ps, args);
}

static void close_all(struct timeline *tl, uint32_t tid, uint64_t ps)
{
	struct track *t = &tl->tracks[tid];

	t->dropped = 0;
	while (t->depth)
		close_top(tl, tid, ps, NULL);
}

static void flow(struct timeline *tl, const char *ph, const char *name, uint32_t tid, uint64_t ps,
		 uint64_t id)
{
	struct json_object *o = event(ph, name, "flow", tid, ps);

	json_object_object_add(o, "id", json_object_new_uint64(id));
	/* Bind to the enclosing slice: the event's own, which contains ps. */
	json_object_object_add(o, "bp", json_object_new_string("e"));
	emit(tl, o);
}

/* An arrow from the event at @ps on @from to the event at @to_ps on @to. */
static void flow_pair(struct timeline *tl, const char *name, uint32_t from, uint64_t ps,
		      uint32_t to, uint64_t to_ps)
{
	flow(tl, "s", name, from, ps + AT_FLOW, tl->next_flow);
	flow(tl, "f", name, to, to_ps + AT_FLOW, tl->next_flow++);
}

/* An arrow from the event at @ps on @from to @to's next event, if it has one. */
static void flow_to_next(struct timeline *tl, const char *name, uint32_t from, uint64_t ps,
			 uint32_t to)
{
	struct track *t;

	if (to >= tl->nr_tracks)
		return;
	t = &tl->tracks[to];
	if (t->nr_flows_in == MAX_FLOWS_IN)
		return;
	t->flows_in[t->nr_flows_in++] = (struct pending_flow){ name, from, ps };
}

static struct last_unlock *find_unlock(struct timeline *tl, uint32_t obj)
{
	size_t i;

	for (i = 0; i < tl->nr_unlocks; i++)
		if (tl->unlocks[i].obj == obj)
			return &tl->unlocks[i];
	return NULL;
}

static void note_unlock(struct timeline *tl, uint32_t obj, uint32_t task, uint64_t ps)
{
	struct last_unlock *u = find_unlock(tl, obj);

	if (!u) {
		struct last_unlock *n = realloc(tl->unlocks, (tl->nr_unlocks + 1) * sizeof(*n));

		if (!n)
			return;
		tl->unlocks = n;
		u = &n[tl->nr_unlocks++];
		u->obj = obj;
	}
	u->task = task;
	u->ps = ps;
}

static const struct sim_event *next_of(const struct timeline *tl, size_t i)
{
	return tl->next_same[i] == SIZE_MAX ? NULL : sim_trace_get(tl->s, tl->next_same[i]);
}

static const char *str(const struct timeline *tl, uint32_t id)
{
	return sim_str(tl->s, id);
}

/* Spans that an event opens (at ps + AT_OPEN). */
static void open_spans(struct timeline *tl, size_t i, const struct sim_event *e, uint64_t ps)
{
	const char *obj = str(tl, e->obj);
	const struct sim_event *next = next_of(tl, i);
	struct json_object *args;
	uint64_t at = ps + AT_OPEN;

	if (!strcmp(e->ev, "probe-start")) {
		/* really_probe() names the driver in the "probe" event right after. */
		const char *drv = "";

		if (next && !strcmp(next->ev, "probe") && next->obj == e->obj &&
		    !strncmp(str(tl, next->detail), "driver=", 7))
			drv = str(tl, next->detail) + 7;
		args = json_object_new_object();
		json_object_object_add(args, "device", json_object_new_string(obj));
		json_object_object_add(args, "driver", json_object_new_string(drv));
		open_span(tl, e->task, at, "probe", e->obj, "probe", args, "probe %s%s%s", obj,
			  *drv ? " by " : "", drv);
	} else if (!strcmp(e->ev, "work-start")) {
		open_span(tl, e->task, at, "work", e->obj, "work", NULL, "work %s", obj);
	} else if (!strcmp(e->ev, "module-load")) {
		open_span(tl, e->task, at, "module", e->obj, "module", NULL, "module_init %s", obj);
	} else if (!strcmp(e->ev, "module-exit")) {
		open_span(tl, e->task, at, "module-exit", e->obj, "module", NULL, "module_exit %s",
			  obj);
	} else if (!strcmp(e->ev, "wait_for_device_probe")) {
		open_span(tl, e->task, at, "wfdp", 0, "probe", NULL, "wait_for_device_probe");
	} else if (!strcmp(e->ev, "lock") && next && !strcmp(next->ev, "block") &&
		   next->obj == e->obj && !strcmp(str(tl, next->detail), "mutex")) {
		/* Only contended locks: the task sleeps before it gets the mutex. */
		open_span(tl, e->task, at, "lock", e->obj, "lock", NULL, "lock wait %s", obj);
	} else if (!strcmp(e->ev, "block")) {
		open_span(tl, e->task, at, "block", e->obj, "sched", NULL, "blocked: %s%s%s",
			  str(tl, e->detail), *obj ? " " : "", obj);
		tl->tracks[e->task].blocked = true;
		tl->tracks[e->task].block_obj = e->obj;
	}
}

/* Spans that an event closes (at ps + AT_CLOSE) and flows it starts or ends. */
static void close_spans(struct timeline *tl, const struct sim_event *e, uint64_t ps)
{
	uint64_t at = ps + AT_CLOSE;
	uint32_t tid = e->task;

	if (!strcmp(e->ev, "probe-end")) {
		struct json_object *args = json_object_new_object();

		json_object_object_add(args, "ret", json_object_new_int(e->val));
		close_span(tl, tid, at, "probe", e->obj, args);
	} else if (!strcmp(e->ev, "work-end")) {
		close_span(tl, tid, at, "work", e->obj, NULL);
	} else if (!strcmp(e->ev, "module-live") || !strcmp(e->ev, "module-init-failed")) {
		close_span(tl, tid, at, "module", e->obj, NULL);
	} else if (!strcmp(e->ev, "module-unloaded")) {
		close_span(tl, tid, at, "module-exit", e->obj, NULL);
	} else if (!strcmp(e->ev, "wait_for_device_probe-done")) {
		close_span(tl, tid, at, "wfdp", 0, NULL);
	} else if (!strcmp(e->ev, "locked")) {
		struct track *t = &tl->tracks[tid];
		struct last_unlock *u = find_unlock(tl, e->obj);
		bool waited = t->depth && !strcmp(t->stack[t->depth - 1].kind, "lock") &&
			      t->stack[t->depth - 1].obj == e->obj;

		/* The hand-off: whoever unlocked last let this waiter in. */
		if (waited && u && u->task != tid)
			flow_pair(tl, "lock hand-off", u->task, u->ps, tid, ps);
		close_span(tl, tid, at, "lock", e->obj, NULL);
	} else if (!strcmp(e->ev, "unlock")) {
		note_unlock(tl, e->obj, tid, ps);
	} else if (!strcmp(e->ev, "wake")) {
		flow_to_next(tl, "wake", tid, ps, (uint32_t)e->val);
	} else if (!strcmp(e->ev, "spawn")) {
		flow_to_next(tl, "spawn", tid, ps, (uint32_t)e->val);
	} else if (!strcmp(e->ev, "exit")) {
		close_all(tl, tid, at);
	}
}

static void put_event(struct timeline *tl, const struct sim_event *e, uint64_t ps)
{
	const char *obj = str(tl, e->obj), *detail = str(tl, e->detail);
	struct json_object *o;
	char name[256];

	if (!strcmp(e->ev, "VIOLATION")) {
		snprintf(name, sizeof(name), "VIOLATION %s", obj);
		o = event("i", name, "violation", e->task, ps + AT_EVENT);
		json_object_object_add(o, "s", json_object_new_string("g"));
		args_add(o, "property", json_object_new_string(obj));
		args_add(o, "message", json_object_new_string(detail));
		args_add(o, "step", json_object_new_uint64(e->step));
		emit(tl, o);
		return;
	}
	snprintf(name, sizeof(name), "%s%s%s", e->ev, *obj ? " " : "", obj);
	o = event("X", name, "event", e->task, ps + AT_EVENT);
	json_object_object_add(o, "dur", json_object_new_double_s(EVENT_DUR / 1e6, "0.000002"));
	args_add(o, "event", json_object_new_string(e->ev));
	args_add(o, "object", json_object_new_string(obj));
	if (*detail)
		args_add(o, "detail", json_object_new_string(detail));
	if (e->val)
		args_add(o, "value", json_object_new_int(e->val));
	args_add(o, "step", json_object_new_uint64(e->step));
	emit(tl, o);
}

static void put_metadata(struct timeline *tl)
{
	struct json_object *o;
	uint32_t tid;

	o = event("M", "process_name", NULL, 0, 0);
	args_add(o, "name", json_object_new_string("cxlsim"));
	emit(tl, o);
	for (tid = 0; tid < tl->nr_tracks; tid++) {
		char name[192];

		if (!tl->tracks[tid].used)
			continue;
		snprintf(name, sizeof(name), "%s (%u)", tool_task_name(tl->s, tid), tid);
		o = event("M", "thread_name", NULL, tid, 0);
		args_add(o, "name", json_object_new_string(name));
		emit(tl, o);
		o = event("M", "thread_sort_index", NULL, tid, 0);
		args_add(o, "sort_index", json_object_new_int64(tid));
		emit(tl, o);
	}
}

/* Per-event times and each task's next event. */
static int prepare(struct timeline *tl)
{
	size_t i, n = sim_trace_len(tl->s);
	size_t *last;
	uint64_t prev = 0;

	tl->nr_tracks = sim_task_count(tl->s) + 1;
	tl->tracks = calloc(tl->nr_tracks, sizeof(*tl->tracks));
	tl->ps = calloc(n + 1, sizeof(*tl->ps));
	tl->next_same = calloc(n + 1, sizeof(*tl->next_same));
	last = calloc(tl->nr_tracks, sizeof(*last));
	if (!tl->tracks || !tl->ps || !tl->next_same || !last) {
		free(last);
		return -1;
	}
	for (i = 0; i < tl->nr_tracks; i++)
		last[i] = SIZE_MAX;
	for (i = 0; i < n; i++) {
		const struct sim_event *e = sim_trace_get(tl->s, i);
		uint64_t ps = e->time_ns * 1000ULL;

		if (ps < prev + TICK)
			ps = prev + TICK;
		tl->ps[i] = prev = ps;
		tl->next_same[i] = SIZE_MAX;
		if (e->task < tl->nr_tracks) {
			if (last[e->task] != SIZE_MAX)
				tl->next_same[last[e->task]] = i;
			last[e->task] = i;
			tl->tracks[e->task].used = true;
		}
	}
	tl->ps[n] = prev + TICK;
	free(last);
	return 0;
}

int tool_write_timeline(struct sim *s, FILE *f, const char *schedule)
{
	struct timeline tl = { .s = s, .f = f, .first = true, .next_flow = 1 };
	size_t i, n = sim_trace_len(s);
	uint32_t tid;
	int ret = -1;

	if (prepare(&tl))
		goto out;
	fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":", f);
	{
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "generator", json_object_new_string("cxlsim"));
		json_object_object_add(o, "schedule", json_object_new_string(schedule));
		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN), f);
		json_object_put(o);
	}
	fputs(",\"traceEvents\":[", f);
	put_metadata(&tl);
	for (i = 0; i < n; i++) {
		const struct sim_event *e = sim_trace_get(s, i);
		struct track *t;
		unsigned int k;

		if (e->task >= tl.nr_tracks)
			continue;
		t = &tl.tracks[e->task];
		if (t->blocked) {
			t->blocked = false;
			close_span(&tl, e->task, tl.ps[i] + AT_RESUME, "block", t->block_obj, NULL);
		}
		open_spans(&tl, i, e, tl.ps[i]);
		put_event(&tl, e, tl.ps[i]);
		for (k = 0; k < t->nr_flows_in; k++)
			flow_pair(&tl, t->flows_in[k].name, t->flows_in[k].from, t->flows_in[k].ps,
				  e->task, tl.ps[i]);
		t->nr_flows_in = 0;
		close_spans(&tl, e, tl.ps[i]);
	}
	/* Tasks still blocked or stopped when the run ended: close what they had open. */
	for (tid = 0; tid < tl.nr_tracks; tid++)
		close_all(&tl, tid, tl.ps[n] + AT_CLOSE);
	fputs("\n]}\n", f);
	ret = ferror(f) ? -1 : 0;
out:
	free(tl.tracks);
	free(tl.ps);
	free(tl.next_same);
	free(tl.unlocks);
	return ret;
}
