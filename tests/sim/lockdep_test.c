// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The lock checker (lock-order) and the sites in lock reports: inversions
 * found in schedules that never deadlock, recursion, legal nesting, rwsems.
 */
#include <stdlib.h>
#include <string.h>

#include "sim_test_util.h"

struct locks {
	struct sim_mutex a, b, c;
	struct sim_rwsem sem;
	struct sim_completion go;
	struct sim_task *first;		/* joined before the second half starts */
	unsigned int readers, max_readers, writers, max_writers, both;
	bool writer_waited, writer_done, reader_behind_writer, order_ok;
	int reached;
};

static const char *violation_msg(const struct sim *s, const char *property, size_t nth)
{
	size_t i;

	for (i = 0; i < sim_violation_count(s); i++) {
		const struct sim_violation *v = sim_violation_get(s, i);

		if (!strcmp(v->property, property) && !nth--)
			return sim_str(s, v->msg);
	}
	return NULL;
}

/* Is there a trace record EV on OBJ whose detail is DETAIL? */
static bool traced(const struct sim *s, const char *ev, const char *obj, const char *detail)
{
	size_t i;

	for (i = 0; i < sim_trace_len(s); i++) {
		const struct sim_event *e = sim_trace_get(s, i);

		if (!strcmp(e->ev, ev) && !strcmp(sim_str(s, e->obj), obj) &&
		    !strcmp(sim_str(s, e->detail), detail))
			return true;
	}
	return false;
}

static struct sim *fresh(uint64_t seed, struct sim_strategy **st, struct locks *l)
{
	struct sim *s = new_sim(seed, st);

	memset(l, 0, sizeof(*l));
	sim_mutex_init(s, &l->a, "lock_a");
	sim_mutex_init(s, &l->b, "lock_b");
	sim_mutex_init(s, &l->c, "lock_c");
	sim_rwsem_init(s, &l->sem, "sem");
	sim_completion_init(s, &l->go, "go");
	return s;
}

static void take_a_then_b(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &l->a);
	sim_mutex_lock(s, &l->b);
	sim_mutex_unlock(s, &l->b);
	sim_mutex_unlock(s, &l->a);
}

static void take_b_then_a_later(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	/* After the other task is gone: this schedule cannot deadlock. */
	sim_task_join(s, l->first);
	sim_mutex_lock(s, &l->b);
	sim_mutex_lock(s, &l->a);
	sim_mutex_unlock(s, &l->a);
	sim_mutex_unlock(s, &l->b);
	l->reached++;
}

CXLSIM_TEST(inversion_reported_in_a_schedule_that_does_not_deadlock)
{
	uint64_t seed;

	for (seed = 0; seed < 20; seed++) {
		struct sim_strategy *st;
		struct locks l;
		struct sim *s = fresh(seed, &st, &l);
		const char *msg;

		l.first = sim_spawn(s, "ab", take_a_then_b, &l);
		sim_spawn(s, "ba", take_b_then_a_later, &l);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(l.reached, 1);
		assert_int_equal(count_violations(s, "no-deadlock"), 0);
		assert_int_equal(count_violations(s, "lock-order"), 1);
		msg = violation_msg(s, "lock-order", 0);
		assert_non_null(strstr(msg, "class cycle lock_b -> lock_a -> lock_b"));
		/* Both acquisitions of the inversion, each with the site of the lock held. */
		assert_non_null(
			strstr(msg, "ba takes lock_a at take_b_then_a_later (lockdep_test.c:"));
		assert_non_null(strstr(msg, "while holding lock_b (taken at take_b_then_a_later "));
		assert_non_null(strstr(msg, "ab took lock_b at take_a_then_b (lockdep_test.c:"));
		assert_non_null(strstr(msg, "while holding lock_a (taken at take_a_then_b "));
		free_sim(s, st);
	}
}

static void take_b_then_c(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &l->b);
	sim_mutex_lock(s, &l->c);
	sim_mutex_unlock(s, &l->c);
	sim_mutex_unlock(s, &l->b);
}

static void take_c_then_a(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &l->c);
	sim_mutex_lock(s, &l->a);
	sim_mutex_unlock(s, &l->a);
	sim_mutex_unlock(s, &l->c);
}

static void three_in_turn(void *arg)
{
	struct sim *s = sim_current();

	sim_task_join(s, sim_spawn(s, "ab", take_a_then_b, arg));
	sim_task_join(s, sim_spawn(s, "bc", take_b_then_c, arg));
	sim_task_join(s, sim_spawn(s, "ca", take_c_then_a, arg));
}

CXLSIM_TEST(inversion_through_three_classes)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(3, &st, &l);
	const char *msg;

	sim_spawn(s, "main", three_in_turn, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-deadlock"), 0);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	msg = violation_msg(s, "lock-order", 0);
	assert_non_null(strstr(msg, "class cycle lock_c -> lock_a -> lock_b -> lock_c"));
	assert_non_null(strstr(msg, "ca takes lock_a at take_c_then_a"));
	assert_non_null(strstr(msg, "ab took lock_b at take_a_then_b"));
	assert_non_null(strstr(msg, "bc took lock_c at take_b_then_c"));
	free_sim(s, st);
}

static void relock(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock_at(s, &l->a, SIM_SITE_NAMED("first_site"));
	sim_sched_point(s, "between", 0);
	sim_mutex_lock_at(s, &l->a, SIM_SITE_NAMED("second_site"));
	l->reached++;
}

CXLSIM_TEST(same_lock_twice_reports_both_properties_and_both_sites)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);
	const char *msg;

	sim_spawn(s, "t", relock, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(l.reached, 0);
	assert_true(sim_stopped(s));
	assert_int_equal(count_violations(s, "no-deadlock"), 1);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	/* The deadlock first: it is what stopped the run. */
	assert_string_equal(sim_violation_get(s, 0)->property, "no-deadlock");
	msg = violation_msg(s, "no-deadlock", 0);
	assert_string_equal(msg, "t takes lock_a at second_site, which it already holds "
				 "(taken at first_site)");
	msg = violation_msg(s, "lock-order", 0);
	assert_string_equal(msg, "recursive locking: t takes lock_a at second_site, which it "
				 "already holds (taken at first_site)");
	/* A replay shows both acquisitions. */
	assert_true(traced(s, "locked", "lock_a", "at first_site"));
	assert_true(traced(s, "lock", "lock_a", "at second_site"));
	free_sim(s, st);
}

CXLSIM_TEST(sites_name_function_file_and_line)
{
	static const struct sim_site site = { "probe_it", "/some/dir/drivers.c", 42 };
	struct sim *s;

	assert_int_equal(sim_new(&s, NULL), 0);
	assert_string_equal(sim_str(s, sim_site_id(s, &site)), "probe_it (drivers.c:42)");
	assert_string_equal(sim_str(s, sim_site_id(s, SIM_SITE_NAMED("__device_attach"))),
			    "__device_attach");
	assert_non_null(strstr(sim_str(s, sim_site_id(s, SIM_SITE_HERE)),
			       "sites_name_function_file_and_line (lockdep_test.c:"));
	sim_destroy(s);
}

/* Three locks of one class "node": a parent, its child, and an unrelated one. */
struct tree {
	struct sim_mutex parent, child, other;
	int order;		/* which nesting to do */
};

static void nest(void *arg)
{
	struct tree *t = arg;
	struct sim *s = sim_current();
	struct sim_mutex *outer = t->order == 0 ? &t->parent : &t->child;
	struct sim_mutex *inner = t->order == 0 ? &t->child : t->order == 1 ? &t->parent : &t->other;

	sim_mutex_lock(s, outer);
	sim_mutex_lock(s, inner);
	sim_mutex_unlock(s, inner);
	sim_mutex_unlock(s, outer);
}

CXLSIM_TEST(parent_before_child_of_one_class_is_legal_other_nesting_is_not)
{
	int order;

	for (order = 0; order < 3; order++) {
		struct sim_strategy *st;
		struct sim *s = new_sim(1, &st);
		struct tree t = { .order = order };
		const char *msg;

		sim_mutex_init(s, &t.parent, "port1");
		sim_mutex_init(s, &t.child, "port2");
		sim_mutex_init(s, &t.other, "port3");
		sim_mutex_set_class(s, &t.parent, "node");
		sim_mutex_set_class(s, &t.child, "node");
		sim_mutex_set_class(s, &t.other, "node");
		sim_lockdep_set_nest_parent(&t.child.dep, &t.parent.dep);
		sim_spawn(s, "t", nest, &t);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(count_violations(s, "no-deadlock"), 0);
		if (order == 0) {
			assert_int_equal(sim_violation_count(s), 0);
		} else {
			assert_int_equal(count_violations(s, "lock-order"), 1);
			msg = violation_msg(s, "lock-order", 0);
			assert_non_null(strstr(msg, "recursive locking of one class: t takes "));
			assert_non_null(strstr(msg, order == 1 ? "port1 (node)" : "port3 (node)"));
			assert_non_null(strstr(msg, "while holding port2 (node) (taken at nest "));
		}
		free_sim(s, st);
	}
}

static void nest_grandchild(void *arg)
{
	struct tree *t = arg;
	struct sim *s = sim_current();

	/* other is parent's grandchild through child, which is not locked. */
	sim_mutex_lock(s, &t->parent);
	sim_mutex_lock(s, &t->other);
	sim_mutex_unlock(s, &t->other);
	sim_mutex_unlock(s, &t->parent);
}

CXLSIM_TEST(ancestor_through_an_unlocked_lock_is_legal)
{
	struct sim_strategy *st;
	struct sim *s = new_sim(1, &st);
	struct tree t = { 0 };

	sim_mutex_init(s, &t.parent, "port1");
	sim_mutex_init(s, &t.child, "port2");
	sim_mutex_init(s, &t.other, "port3");
	sim_mutex_set_class(s, &t.parent, "node");
	sim_mutex_set_class(s, &t.other, "node");
	sim_lockdep_set_nest_parent(&t.child.dep, &t.parent.dep);
	sim_lockdep_set_nest_parent(&t.other.dep, &t.child.dep);
	sim_spawn(s, "t", nest_grandchild, &t);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	free_sim(s, st);
}

static void nest_subclass(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &l->a);
	sim_mutex_lock_nested(s, &l->b, 1);
	sim_mutex_unlock(s, &l->b);
	sim_mutex_unlock(s, &l->a);
	if (l->reached++)
		return;
	/* The same nesting without the annotation. */
	sim_mutex_lock(s, &l->a);
	sim_mutex_lock(s, &l->b);
	sim_mutex_unlock(s, &l->b);
	sim_mutex_unlock(s, &l->a);
}

CXLSIM_TEST(subclass_nesting_is_legal)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);
	const char *msg;

	sim_mutex_set_class(s, &l.a, "same");
	sim_mutex_set_class(s, &l.b, "same");
	l.reached = 1;
	sim_spawn(s, "t", nest_subclass, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	free_sim(s, st);

	s = fresh(1, &st, &l);
	sim_mutex_set_class(s, &l.a, "same");
	sim_mutex_set_class(s, &l.b, "same");
	sim_spawn(s, "t", nest_subclass, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	msg = violation_msg(s, "lock-order", 0);
	assert_non_null(strstr(msg, "recursive locking of one class: t takes lock_b (same) at "
				    "nest_subclass"));
	free_sim(s, st);
}

static void subclass_inversion(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &l->a);
	sim_mutex_lock_nested(s, &l->b, 1);
	sim_mutex_unlock(s, &l->b);
	sim_mutex_unlock(s, &l->a);
	/* Subclass 1, then subclass 0: the other order of the two classes. */
	sim_mutex_lock_nested(s, &l->b, 1);
	sim_mutex_lock(s, &l->a);
	sim_mutex_unlock(s, &l->a);
	sim_mutex_unlock(s, &l->b);
}

CXLSIM_TEST(subclasses_are_classes_of_their_own)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);

	sim_mutex_set_class(s, &l.a, "same");
	sim_mutex_set_class(s, &l.b, "same");
	sim_spawn(s, "t", subclass_inversion, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	assert_non_null(strstr(violation_msg(s, "lock-order", 0), "class cycle same/1 -> same -> "
								  "same/1"));
	free_sim(s, st);
}

static void trylock_inner(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &l->b);
	if (sim_mutex_trylock(s, &l->a))
		sim_mutex_unlock(s, &l->a);
	sim_mutex_unlock(s, &l->b);
	take_a_then_b(arg);
}

CXLSIM_TEST(trylock_adds_no_order)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);

	sim_spawn(s, "t", trylock_inner, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	free_sim(s, st);
}

/* ---- rwsem ---- */

static void reader(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();
	int i;

	for (i = 0; i < 2; i++) {
		bool writer_waits = l->sem.writers_waiting > 0 && l->writers == 0;

		sim_down_read(s, &l->sem);
		/* A writer queued before this reader came went first. */
		if (writer_waits) {
			l->reader_behind_writer = true;
			if (!l->writer_done)
				l->order_ok = false;
		}
		l->readers++;
		if (l->readers > l->max_readers)
			l->max_readers = l->readers;
		if (l->writers)
			l->both++;
		sim_sched_point(s, "reading", 0);
		l->readers--;
		sim_up_read(s, &l->sem);
	}
}

static void writer(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_down_write(s, &l->sem);
	l->writers++;
	if (l->writers > l->max_writers)
		l->max_writers = l->writers;
	if (l->readers)
		l->both++;
	sim_sched_point(s, "writing", 0);
	l->writers--;
	l->writer_done = true;
	sim_up_write(s, &l->sem);
}

CXLSIM_TEST(rwsem_readers_share_writers_exclude_and_go_first)
{
	bool shared = false, behind = false;
	uint64_t seed;

	for (seed = 0; seed < 300; seed++) {
		struct sim_strategy *st;
		struct locks l;
		struct sim *s = fresh(seed, &st, &l);

		l.order_ok = true;
		sim_spawn(s, "r1", reader, &l);
		sim_spawn(s, "r2", reader, &l);
		sim_spawn(s, "w", writer, &l);
		sim_spawn(s, "r3", reader, &l);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_int_equal(l.both, 0);
		assert_int_equal(l.max_writers, 1);
		assert_true(l.order_ok);
		assert_false(sim_rwsem_is_locked(&l.sem));
		shared |= l.max_readers > 1;
		behind |= l.reader_behind_writer;
		free_sim(s, st);
	}
	assert_true(shared);
	assert_true(behind);
}

static void writer_after_go(void *arg)
{
	struct locks *l = arg;

	sim_wait_for_completion(sim_current(), &l->go);
	writer(arg);
}

static void read_twice_around_writer(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_down_read(s, &l->sem);
	sim_complete(s, &l->go);
	/* Wait until the writer is queued, if there is one. */
	while (l->reached && !l->sem.writers_waiting)
		sim_sched_point(s, "waiting-for-writer", 0);
	sim_down_read(s, &l->sem);
	sim_up_read(s, &l->sem);
	sim_up_read(s, &l->sem);
}

CXLSIM_TEST(recursive_read_is_reported_and_deadlocks_behind_a_writer)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);
	const char *msg;

	/* Alone: no deadlock, but lock-order says it can. */
	sim_spawn(s, "r", read_twice_around_writer, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-deadlock"), 0);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	msg = violation_msg(s, "lock-order", 0);
	assert_non_null(strstr(msg, "recursive read: r takes sem for read at read_twice_around_"
				    "writer (lockdep_test.c:"));
	assert_non_null(strstr(msg, "a writer waiting in between deadlocks both"));
	free_sim(s, st);

	/* With a writer queued in between: the deadlock itself. */
	s = fresh(1, &st, &l);
	l.reached = 1;
	sim_spawn(s, "r", read_twice_around_writer, &l);
	sim_spawn(s, "w", writer_after_go, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "no-deadlock"), 1);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	msg = violation_msg(s, "no-deadlock", 0);
	assert_non_null(
		strstr(msg, "lock cycle: r wants sem for read at read_twice_around_writer"));
	assert_non_null(strstr(
		msg, "queued behind the writer w, which wants sem at writer (lockdep_test.c:"));
	assert_non_null(strstr(msg, "read-held by r (taken at read_twice_around_writer"));
	free_sim(s, st);
}

static void write_then_lock(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_down_write(s, &l->sem);
	sim_mutex_lock(s, &l->a);
	sim_mutex_unlock(s, &l->a);
	sim_up_write(s, &l->sem);
}

static void lock_then_read(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	sim_mutex_lock(s, &l->a);
	sim_down_read(s, &l->sem);
	sim_up_read(s, &l->sem);
	sim_mutex_unlock(s, &l->a);
}

/* Writes, then downgrades to a read hold and reads on, counted like reader(). */
static void downgrader(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();
	bool writer_done;

	sim_down_write(s, &l->sem);
	l->writers++;
	sim_sched_point(s, "writing", 0);
	l->writers--;
	writer_done = l->writer_done;
	sim_downgrade_write(s, &l->sem);
	/* The other writer cannot have come and gone in between. */
	if (l->writer_done != writer_done)
		l->order_ok = false;
	l->readers++;
	if (l->writers)
		l->both++;
	sim_sched_point(s, "reading", 0);
	l->readers--;
	sim_up_read(s, &l->sem);
}

/*
 * downgrade_write() keeps the lock: no writer gets in between the write hold and the
 * read hold, while a reader may share the read hold; lockdep follows (no lock-owner, no
 * lock-order), and the lock ends free.
 */
CXLSIM_TEST(rwsem_downgrade_lets_readers_in_and_no_writer_between)
{
	bool shared = false;
	uint64_t seed;

	for (seed = 0; seed < 300; seed++) {
		struct sim_strategy *st;
		struct locks l;
		struct sim *s = fresh(seed, &st, &l);

		l.order_ok = true;
		sim_spawn(s, "d", downgrader, &l);
		sim_spawn(s, "w", writer, &l);
		sim_spawn(s, "r", reader, &l);
		assert_int_equal(sim_run(s), 0);
		assert_int_equal(sim_violation_count(s), 0);
		assert_int_equal(l.both, 0);
		assert_true(l.order_ok);
		assert_false(sim_rwsem_is_locked(&l.sem));
		shared |= l.max_readers > 0 && traced(s, "downgrade", "sem", "");
		free_sim(s, st);
	}
	assert_true(shared);
}


CXLSIM_TEST(deadlock_cycle_through_an_rwsem_and_a_mutex)
{
	int deadlocks = 0, clean = 0;
	uint64_t seed;

	for (seed = 0; seed < 200; seed++) {
		struct sim_strategy *st;
		struct locks l;
		struct sim *s = fresh(seed, &st, &l);

		sim_spawn(s, "w", write_then_lock, &l);
		sim_spawn(s, "r", lock_then_read, &l);
		assert_int_equal(sim_run(s), 0);
		if (count_violations(s, "no-deadlock")) {
			const char *msg = violation_msg(s, "no-deadlock", 0);

			assert_non_null(strstr(msg, "lock cycle: "));
			assert_non_null(strstr(msg, "held by"));
			assert_non_null(strstr(msg, "(taken at "));
			deadlocks++;
		} else {
			clean++;
		}
		/* Every schedule takes both orders: the inversion is there either way. */
		assert_int_equal(count_violations(s, "lock-order"), 1);
		assert_non_null(strstr(violation_msg(s, "lock-order", 0), "class cycle"));
		free_sim(s, st);
	}
	assert_true(deadlocks > 0);
	assert_true(clean > 0);
}

static void lock_pair(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();
	struct sim_mutex *x = l->reached ? &l->b : &l->a, *y = l->reached ? &l->a : &l->b;

	sim_mutex_lock(s, x);
	sim_mutex_lock(s, y);
	sim_mutex_unlock(s, y);
	sim_mutex_unlock(s, x);
}

CXLSIM_TEST(order_graph_belongs_to_one_run)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);

	/* Run A: a then b. */
	sim_spawn(s, "t", lock_pair, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	/* Run B: b then a, alone: nothing to report. */
	sim_reset(s);
	memset(&l, 0, sizeof(l));
	sim_mutex_init(s, &l.a, "lock_a");
	sim_mutex_init(s, &l.b, "lock_b");
	l.reached = 1;
	sim_spawn(s, "t", lock_pair, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(sim_violation_count(s), 0);
	/* Both in one run: reported. */
	sim_reset(s);
	memset(&l, 0, sizeof(l));
	sim_mutex_init(s, &l.a, "lock_a");
	sim_mutex_init(s, &l.b, "lock_b");
	l.first = sim_spawn(s, "ab", take_a_then_b, &l);
	sim_spawn(s, "ba", take_b_then_a_later, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	free_sim(s, st);
}

static void both_orders(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	take_a_then_b(arg);
	sim_mutex_lock(s, &l->b);
	sim_mutex_lock(s, &l->a);
	sim_mutex_unlock(s, &l->a);
	sim_mutex_unlock(s, &l->b);
	/* The same cycle again: reported once a run. */
	sim_mutex_lock(s, &l->b);
	sim_mutex_lock(s, &l->a);
	sim_mutex_unlock(s, &l->a);
	sim_mutex_unlock(s, &l->b);
}

CXLSIM_TEST(each_cycle_reported_once_a_run)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);

	sim_spawn(s, "t", both_orders, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "lock-order"), 1);
	free_sim(s, st);
}

/* The inversion and a deadlock-prone pair, traced: the same seed gives the same bytes. */
static struct sim *traced_run(uint64_t seed, struct sim_strategy **st, struct locks *l)
{
	struct sim *s = fresh(seed, st, l);

	sim_spawn(s, "ab", take_a_then_b, l);
	sim_spawn(s, "w", write_then_lock, l);
	sim_spawn(s, "r", lock_then_read, l);
	sim_spawn(s, "bc", take_b_then_c, l);
	sim_spawn(s, "ca", take_c_then_a, l);
	assert_int_equal(sim_run(s), 0);
	return s;
}

CXLSIM_TEST(same_seed_same_trace_with_sites)
{
	uint64_t seed;

	for (seed = 0; seed < 30; seed++) {
		struct sim_strategy *st1, *st2;
		struct locks l1, l2;
		struct sim *s1 = traced_run(seed, &st1, &l1), *s2 = traced_run(seed, &st2, &l2);
		char b1[1024], b2[1024];
		size_t i;

		assert_int_equal(sim_trace_len(s1), sim_trace_len(s2));
		assert_int_equal(sim_trace_diff(s1, s2), -1);
		for (i = 0; i < sim_trace_len(s1); i++) {
			sim_event_format(s1, sim_trace_get(s1, i), b1, sizeof(b1));
			sim_event_format(s2, sim_trace_get(s2, i), b2, sizeof(b2));
			assert_string_equal(b1, b2);
		}
		assert_int_equal(sim_violation_count(s1), sim_violation_count(s2));
		for (i = 0; i < sim_violation_count(s1); i++)
			assert_string_equal(sim_str(s1, sim_violation_get(s1, i)->msg),
					    sim_str(s2, sim_violation_get(s2, i)->msg));
		/* Every acquisition names its site. */
		for (i = 0; i < sim_trace_len(s1); i++) {
			const struct sim_event *e = sim_trace_get(s1, i);
			const char *d = sim_str(s1, e->detail);

			if (strcmp(e->ev, "locked"))
				continue;
			assert_true(!strncmp(d, "at take_", 8) || !strncmp(d, "at lock_then", 12) ||
				    !strcmp(d, "read at lock_then_read") ||
				    !strcmp(d, "write at write_then_lock") ||
				    !strcmp(d, "at write_then_lock"));
		}
		free_sim(s1, st1);
		free_sim(s2, st2);
	}
}

static void hold_and_assert(void *arg)
{
	struct locks *l = arg;
	struct sim *s = sim_current();

	assert_false(sim_lock_held_by_current(s, &l->a.dep));
	sim_mutex_lock(s, &l->a);
	sim_down_read(s, &l->sem);
	assert_true(sim_lock_held_by_current(s, &l->a.dep));
	assert_true(sim_lock_held_by_current(s, &l->sem.dep));
	sim_mutex_unlock(s, &l->a);
	assert_false(sim_lock_held_by_current(s, &l->a.dep));
	assert_true(sim_lock_held_by_current(s, &l->sem.dep));
	sim_up_read(s, &l->sem);
	assert_false(sim_lock_held_by_current(s, &l->sem.dep));
	l->reached++;
}

CXLSIM_TEST(held_locks_follow_acquire_and_release)
{
	struct sim_strategy *st;
	struct locks l;
	struct sim *s = fresh(1, &st, &l);

	sim_spawn(s, "t", hold_and_assert, &l);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(l.reached, 1);
	assert_int_equal(sim_violation_count(s), 0);
	free_sim(s, st);
}
