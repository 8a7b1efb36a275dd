// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The progress line of a long search on standard error: the tool's display
 * only, so wall-clock time is fine here; nothing a run does depends on it,
 * and standard output (the summary) never sees it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "explore.h"

void tool_progress_init(struct tool_progress *p, const char *cmd, const struct tool_opts *o,
			uint64_t total, const char *unit)
{
	p->cmd = cmd;
	p->tty = isatty(STDERR_FILENO);
	p->on = !o->quiet && (o->progress || p->tty);
	p->shown = false;
	p->t0 = explore_now();
	/*
	 * Nothing for a command that ends within a second.  The tests set
	 * CXLSIM_TEST_PROGRESS_NOW for a first line at once, to see one
	 * whatever the machine's speed.
	 */
	p->next = getenv("CXLSIM_TEST_PROGRESS_NOW") ? p->t0 : p->t0 + 1.0;
	p->total = total;
	p->unit = unit;
	p->viol = "violating";
}

static void clock_str(char *buf, size_t len, double s)
{
	unsigned long t = (unsigned long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%lu:%02lu", t / 60, t % 60);
}

void tool_progress_update(struct tool_progress *p, uint64_t done, uint64_t violating)
{
	char el[32], left[32], of[32] = "";
	double now, rate;

	if (!p->on)
		return;
	now = explore_now();
	if (now < p->next)
		return;
	p->next = now + 1.0;
	rate = now > p->t0 ? (double)done / (now - p->t0) : 0.0;
	clock_str(el, sizeof(el), now - p->t0);
	left[0] = 0;
	if (p->total) {
		snprintf(of, sizeof(of), "/%llu", (unsigned long long)p->total);
		if (rate > 0 && done <= p->total) {
			clock_str(left + 2, sizeof(left) - 2, (double)(p->total - done) / rate);
			left[0] = ',';
			left[1] = ' ';
		}
	}
	fprintf(stderr, "%s%s: %llu%s %s, %.0f/s, %llu %s, %s elapsed%s%s%s",
		p->tty ? "\r" : "", p->cmd, (unsigned long long)done, of, p->unit, rate,
		(unsigned long long)violating, p->viol, el, left, left[0] ? " left" : "",
		p->tty ? "\033[K" : "\n");
	fflush(stderr);
	p->shown = p->tty;
}

void tool_progress_end(struct tool_progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = false;
}
