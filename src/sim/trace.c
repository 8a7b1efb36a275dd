// SPDX-License-Identifier: LGPL-2.1-or-later
/* The trace recorder: compact records now, text only when someone reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

void cxlsim__trace(struct sim *s, const char *ev, uint32_t obj, uint32_t detail, int32_t val)
{
	struct sim_event *e;

	if (s->head.trace_off)
		return;
	if (s->trace_len == s->trace_cap) {
		size_t ncap = s->trace_cap ? 2 * s->trace_cap : 1024;
		struct sim_event *n = realloc(s->trace, ncap * sizeof(*n));

		if (!n)
			return;
		s->trace = n;
		s->trace_cap = ncap;
	}
	e = &s->trace[s->trace_len++];
	e->time_ns = s->now;
	e->step = s->steps;
	e->task = s->current ? cxlsim__task_id(s->current) : 0;
	e->obj = obj;
	e->detail = detail;
	e->val = val;
	e->ev = ev;
}

void cxlsim__tracef(struct sim *s, const char *ev, const char *obj, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (s->head.trace_off)
		return;
	buf[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		sim_vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
	}
	sim_trace(s, ev, sim_intern(s, obj), sim_intern(s, buf), 0);
}

void sim_set_tracing(struct sim *s, bool on)
{
	s->head.trace_off = !on;
}

size_t sim_trace_len(const struct sim *s)
{
	return s->trace_len;
}

const struct sim_event *sim_trace_get(const struct sim *s, size_t i)
{
	return i < s->trace_len ? &s->trace[i] : NULL;
}

static const char *task_name(const struct sim *s, uint32_t id)
{
	if (!id || id > s->nr_tasks)
		return "host";
	return sim_str(s, cxlsim__task_at(s, id - 1)->name_id);
}

int sim_event_format(const struct sim *s, const struct sim_event *e, char *buf, size_t len)
{
	const char *obj = sim_str(s, e->obj), *detail = sim_str(s, e->detail);
	unsigned long long sec = e->time_ns / 1000000000ULL, usec = e->time_ns / 1000ULL % 1000000ULL;
	int n;

	n = snprintf(buf, len, "[%5llu.%06llu] %s: %s%s%s%s%s", sec, usec, task_name(s, e->task),
		     e->ev, *obj ? " " : "", obj, *detail ? " " : "", detail);
	if (e->val && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, " (%d)", e->val);
	return n;
}

static bool event_equal(const struct sim *a, const struct sim_event *x, const struct sim *b,
			const struct sim_event *y)
{
	return x->time_ns == y->time_ns && x->val == y->val && !strcmp(x->ev, y->ev) &&
	       !strcmp(task_name(a, x->task), task_name(b, y->task)) &&
	       !strcmp(sim_str(a, x->obj), sim_str(b, y->obj)) &&
	       !strcmp(sim_str(a, x->detail), sim_str(b, y->detail));
}

long sim_trace_diff(const struct sim *a, const struct sim *b)
{
	size_t i, n = a->trace_len < b->trace_len ? a->trace_len : b->trace_len;

	for (i = 0; i < n; i++)
		if (!event_equal(a, &a->trace[i], b, &b->trace[i]))
			return (long)i;
	return a->trace_len == b->trace_len ? -1 : (long)n;
}
