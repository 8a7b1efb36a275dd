// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A schedule given on the command line: one that does not parse, or that
 * does not fit the run it is replayed on, is bad usage (exit 2), said in one
 * line that points at the character, never a property violation.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "cxlsim.h"

/* At most this much of the schedule is quoted before the character a message points at. */
#define CONTEXT 12

/* `at character N ('c', after "...xyz")`: where in @str offset @pos is. */
static void where(char *buf, size_t size, const char *str, size_t pos)
{
	size_t from = pos > CONTEXT ? pos - CONTEXT : 0;
	char ch[8];

	if (!str[pos])
		snprintf(ch, sizeof(ch), "the end");
	else if (str[pos] >= 0x20 && str[pos] < 0x7f)
		snprintf(ch, sizeof(ch), "'%c'", str[pos]);
	else
		snprintf(ch, sizeof(ch), "\\x%02x", (unsigned char)str[pos]);
	if (pos)
		snprintf(buf, size, "character %zu (%s, after \"%s%.*s\")", pos + 1, ch,
			 from ? "..." : "", (int)(pos - from), str + from);
	else
		snprintf(buf, size, "character 1 (%s)", ch);
}

int tool_schedule_check(const char *cmd, const char *str)
{
	struct sim_schedule_error err;
	uint32_t *choices = NULL;
	size_t n;
	char at[96];
	int ret = sim_schedule_parse(str, &choices, &n, &err);

	free(choices);
	if (!ret)
		return 0;
	if (ret != -EINVAL) {
		fprintf(stderr, "cxlsim %s: the schedule: %s\n", cmd, cxlsim_strerror(ret));
		return EXIT_USAGE;
	}
	where(at, sizeof(at), str, err.pos);
	fprintf(stderr, "cxlsim %s: bad schedule at %s: %s\n", cmd, at, err.why);
	return EXIT_USAGE;
}

int tool_schedule_fit(const char *cmd, const char *str, struct cxlsim__engine *e)
{
	struct sim *s = cxlsim__ctx_sim(e->ctx);
	uint32_t *choices = NULL;
	size_t i, n, made = sim_schedule_len(s);
	char at[96];

	for (i = 0; i < cxlsim_ctx_violation_count(e->ctx); i++) {
		const char *prop, *msg;
		size_t step;

		cxlsim_ctx_violation(e->ctx, i, &prop, &msg);
		if (strcmp(prop, "replay"))
			continue;
		/* sched.c's message starts "step N ". */
		if (sscanf(msg, "step %zu ", &step) == 1) {
			where(at, sizeof(at), str, sim_schedule_offset(str, step));
			fprintf(stderr, "cxlsim %s: the schedule does not fit this run at %s: %s\n",
				cmd, at, msg);
		} else {
			fprintf(stderr, "cxlsim %s: the schedule does not fit this run: %s\n", cmd,
				msg);
		}
		return EXIT_USAGE;
	}
	if (sim_schedule_parse(str, &choices, &n, NULL))
		n = 0;
	free(choices);
	if (n > made) {
		where(at, sizeof(at), str, sim_schedule_offset(str, made));
		fprintf(stderr,
			"cxlsim %s: the schedule does not fit this run: it has %zu choices "
			"but the run made only %zu; the last %zu, from %s on, are left over\n",
			cmd, n, made, n - made, at);
		return EXIT_USAGE;
	}
	return 0;
}
