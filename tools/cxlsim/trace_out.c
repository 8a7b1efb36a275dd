// SPDX-License-Identifier: LGPL-2.1-or-later
/* The trace as text (coloured on a terminal) and as JSON lines. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cxlsim.h"

const char *tool_task_name(struct sim *s, uint32_t id)
{
	struct sim_task *t = id ? sim_task_at(s, id - 1) : NULL;

	return t ? sim_task_name(t) : "host";
}

bool tool_colour_wanted(FILE *f)
{
	const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");

	/* https://no-color.org: present and not empty means no colour. */
	if (no_colour && no_colour[0])
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

#define SGR_RESET "\033[0m"
#define SGR_DIM "\033[2m"
#define SGR_BOLD "\033[1m"

static const char *const task_colours[] = {
	"\033[36m", "\033[33m", "\033[35m", "\033[34m", "\033[32m",
	"\033[96m", "\033[93m", "\033[95m", "\033[94m", "\033[92m",
};

static bool ev_is(const char *ev, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(ev, *list))
			return true;
	return false;
}

static const char *event_colour(const struct sim_event *e)
{
	static const char *const good[] = {
		"bound", "module-live", "probe-start", "probe", "devm_cxl_add_memdev-returned",
		NULL,
	};
	static const char *const bad[] = {
		"defer",
		"probe-failed",
		"module-init-failed",
		"rmmod-refused",
		"endpoint-failed",
		"modprobe-unknown",
		NULL,
	};
	static const char *const quiet[] = {
		"lock",	      "locked",	    "unlock",	"block", "wake",
		"queue-work", "work-start", "work-end", NULL,
	};

	if (!strcmp(e->ev, "VIOLATION"))
		return "\033[1;31m";
	if (!strcmp(e->ev, "probe-end"))
		return e->val ? "\033[1;33m" : "\033[1;32m";
	if (ev_is(e->ev, good))
		return "\033[1;32m";
	if (ev_is(e->ev, bad))
		return "\033[1;33m";
	if (ev_is(e->ev, quiet))
		return SGR_DIM;
	return SGR_BOLD;
}

/* The same line as sim_event_format(), with SGR colour codes around its parts. */
static void print_coloured(struct sim *s, const struct sim_event *e, FILE *f)
{
	const char *obj = sim_str(s, e->obj), *detail = sim_str(s, e->detail);
	const char *tc = task_colours[e->task % (sizeof(task_colours) / sizeof(task_colours[0]))];
	bool violation = !strcmp(e->ev, "VIOLATION");

	fprintf(f, SGR_DIM "[%5llu.%06llu]" SGR_RESET " %s%s" SGR_RESET ": %s%s" SGR_RESET,
		(unsigned long long)(e->time_ns / 1000000000ULL),
		(unsigned long long)(e->time_ns / 1000ULL % 1000000ULL), e->task ? tc : SGR_DIM,
		tool_task_name(s, e->task), event_colour(e), e->ev);
	if (*obj)
		fprintf(f, " %s%s" SGR_RESET, violation ? "\033[1;31m" : SGR_BOLD, obj);
	if (*detail)
		fprintf(f, " %s%s" SGR_RESET, violation ? "\033[31m" : "", detail);
	if (e->val)
		fprintf(f, " (%d)", e->val);
	fputc('\n', f);
}

void tool_print_event(struct sim *s, const struct sim_event *e, FILE *f, bool colour)
{
	char line[1024];

	if (colour) {
		print_coloured(s, e, f);
		return;
	}
	sim_event_format(s, e, line, sizeof(line));
	fputs(line, f);
	fputc('\n', f);
}

void tool_print_text(struct sim *s, FILE *f, bool colour)
{
	size_t i, n = sim_trace_len(s);

	for (i = 0; i < n; i++)
		tool_print_event(s, sim_trace_get(s, i), f, colour);
}

int tool_write_jsonl(struct sim *s, FILE *f)
{
	size_t i, n = sim_trace_len(s);

	for (i = 0; i < n; i++) {
		const struct sim_event *e = sim_trace_get(s, i);
		struct json_object *o = json_object_new_object();

		if (!o)
			return -1;
		json_object_object_add(o, "time_ns", json_object_new_uint64(e->time_ns));
		json_object_object_add(o, "task", json_object_new_int64(e->task));
		json_object_object_add(o, "task_name",
				       json_object_new_string(tool_task_name(s, e->task)));
		json_object_object_add(o, "event", json_object_new_string(e->ev));
		json_object_object_add(o, "object", json_object_new_string(sim_str(s, e->obj)));
		json_object_object_add(o, "detail", json_object_new_string(sim_str(s, e->detail)));
		json_object_object_add(o, "value", json_object_new_int(e->val));
		json_object_object_add(o, "step", json_object_new_uint64(e->step));
		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								JSON_C_TO_STRING_NOSLASHESCAPE),
		      f);
		fputc('\n', f);
		json_object_put(o);
	}
	return ferror(f) ? -1 : 0;
}
