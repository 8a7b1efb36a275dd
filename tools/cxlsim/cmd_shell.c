// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim shell: the prompt, its commands, and what each prints. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef CXLSIM_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

#include <cxlsim/cxlsim.h>

#include "api/ctx.h"
#include "bus/core.h"
#include "cxlsim.h"
#include "shell.h"
#include "shell_complete.h"

static const char shell_usage[] =
	"usage: cxlsim shell [--topology T] [--kernel K] [--builtin all|MOD,...]\n"
	"                    [--link-order L] [--seed S] [--max-steps N]\n"
	"An interactive shell over a simulated machine whose scheduler you drive.\n"
	"The machine's devices are there; no CXL module is loaded yet (built-in ones\n"
	"have run their inits at boot); udev loads modules for the devices that\n"
	"appear from then on.\n\n"
	"  --topology T          topology name or JSON file (see cxlsim run --help)\n"
	"  --kernel K            kernel variant: base, series, ... (see cxlsim variants)\n"
	"  --builtin all|MOD,... modules built in (=y): their inits run at boot by\n"
	"                        initcall level and link order; rmmod refuses them\n"
	"  --link-order L        makefile (default) or any: the order of built-in inits\n"
	"                        within a level is a choice (step and run pick it)\n"
	"  --seed S              step and run pick among the runnable tasks, and udev's\n"
	"                        delays, at random from seed S (default: the running\n"
	"                        task goes on, else the one that has waited longest;\n"
	"                        udev answers at once)\n"
	"  --max-steps N         scheduling points before the run counts as a livelock\n\n"
	"Commands (help prints them too):\n"
	"  modprobe M            load module M (and what it needs), in a new task\n"
	"  rmmod M               unload module M, in a new task\n"
	"  lsmod                 the loaded modules and who uses them\n"
	"  ls /sys/bus[/B[/devices|/drivers[/D]]]\n"
	"                        buses, their devices, drivers, and a driver's devices\n"
	"  echo DEV > /sys/bus/B/drivers/D/unbind   (or bind) in a new task\n"
	"  tree                  the device tree: bus and bound driver of each device\n"
	"  dmesg [TEXT]          the trace so far (the lines containing TEXT)\n"
	"  step [N]              let the scheduler take N decisions (default 1)\n"
	"  run                   let it run until nothing can run\n"
	"  tasks                 the runnable tasks and the blocked ones, each [N]\n"
	"  choose N              run task N next (N as tasks and the job messages show it)\n"
	"  check                 evaluate the properties now\n"
	"  save [FILE]           print the schedule so far (and write it to FILE): your\n"
	"                        commands and every choice; the printed command\n"
	"                        `cxlsim replay --workload shell ...` replays it (past\n"
	"                        its end, \"sh\" quits and the rest runs out)\n"
	"  help                  this list\n"
	"  exit                  quit (so does end of input)\n\n"
	"On a terminal the shell has line editing, history and Tab completion of\n"
	"commands, module and device names and /sys/bus paths (when built with\n"
	"libedit).  Otherwise it reads a\n"
	"script from standard input and echoes each command after the prompt, so the\n"
	"output reads as a transcript.  A bad command prints `cxlsim shell: line N:\n"
	"problem` on standard error and the shell goes on; past the session's\n"
	"limit of commands that start tasks it says so once and stops reading.\n"
	"Exit: 0, or 1 if a command failed; 2 bad usage or too many commands.\n";

static const char help_text[] =
	"modprobe M | rmmod M | lsmod              load, unload, list modules\n"
	"ls /sys/bus[/B[/devices|/drivers[/D]]]    buses, devices, drivers\n"
	"echo DEV > /sys/bus/B/drivers/D/unbind    unbind DEV (bind: bind it)\n"
	"tree | dmesg [TEXT]                       device tree, trace so far\n"
	"step [N] | run | choose N                 let the scheduler go on\n"
	"tasks | check                             runnable and blocked tasks, properties\n"
	"save [FILE] | help | exit                 schedule to replay, this, quit\n";

#define PROMPT "cxlsim> "

struct shell {
	struct shell_machine m;
	const struct tool_opts *o;
	unsigned int line;
	unsigned int failures;
	size_t trace_shown, viol_shown;
	unsigned int jobs_shown, jobs_done_shown;
	bool done_reported[CXL_SH_MAX_JOBS];
	bool colour;
	bool full;		/* the session took all the commands it can */
};

static void problem(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void problem(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "cxlsim shell: line %u: ", sh->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sh->failures++;
}

static void print_trace(struct shell *sh, size_t from, const char *filter)
{
	struct sim *s = sh->m.s;
	size_t i, n = sim_trace_len(s);
	char line[1024];

	for (i = from; i < n; i++) {
		const struct sim_event *e = sim_trace_get(s, i);

		sim_event_format(s, e, line, sizeof(line));
		if (!filter || strstr(line, filter))
			tool_print_event(s, e, stdout, sh->colour);
	}
}

/* What happened since the last prompt: jobs started and ended, violations. */
static bool is_builtin(struct sim *s, const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &drv_core_of(s)->modules, node)
		if (!strcmp(mod->desc->name, name))
			return mod->builtin;
	return false;
}

static void report(struct shell *sh, bool trace)
{
	struct cxl_shell *csh = shell_sh(&sh->m);
	struct sim *s = sh->m.s;
	size_t i;

	if (trace)
		print_trace(sh, sh->trace_shown, NULL);
	sh->trace_shown = sim_trace_len(s);
	for (i = 0; csh && i < csh->nr_jobs; i++) {
		struct cxl_sh_job *j = &csh->jobs[i];

		if (i >= sh->jobs_shown)
			printf("[%u] %s: started\n", j->task, j->cmd);
		if (j->done && !sh->done_reported[i]) {
			sh->done_reported[i] = true;
			if (j->rc && j->op == CXL_SH_RMMOD && is_builtin(s, j->name))
				/* As kmod's rmmod says: the kernel has no such module. */
				printf("[%u] %s: failed: module %s is built in\n", j->task, j->cmd,
				       j->name);
			else if (j->rc)
				printf("[%u] %s: failed: %s\n", j->task, j->cmd, strerror(-j->rc));
			else
				printf("[%u] %s: done\n", j->task, j->cmd);
		}
	}
	if (csh)
		sh->jobs_shown = csh->nr_jobs;
	for (i = sh->viol_shown; i < sim_violation_count(s); i++) {
		const struct sim_violation *v = sim_violation_get(s, i);

		printf("violation: %s: %s\n", v->property, sim_str(s, v->msg));
	}
	sh->viol_shown = sim_violation_count(s);
	if (sh->m.finished)
		printf("the machine has stopped\n");
}

static bool machine_usable(struct shell *sh)
{
	if (sh->m.finished) {
		problem(sh, "the machine has stopped");
		return false;
	}
	return true;
}

static void list_nth_index(struct list_head *head, struct list_head *want, unsigned int *out)
{
	struct list_head *p;
	unsigned int i = 0;

	for (p = head->next; p != head && p != want; p = p->next)
		i++;
	*out = i;
}

/* Hand a command to "sh"; it starts the job and the prompt comes back. */
static void type_command(struct shell *sh, enum cxl_sh_op op)
{
	struct cxl_shell *csh = shell_sh(&sh->m);

	if (csh && csh->nr_jobs == CXL_SH_MAX_JOBS) {
		/* Every later command would fail too: say it once and stop reading. */
		problem(sh, "too many commands for one session (%d); the shell stops here",
			CXL_SH_MAX_JOBS);
		sh->full = true;
		return;
	}
	sh->m.cmd_op = op;
	sh->m.cmd_set = true;
	shell_machine_resume(&sh->m);
	if (sh->m.cmd_set) {
		sh->m.cmd_set = false;
		problem(sh, "the shell task cannot run now");
	}
	report(sh, false);
}

static void sh_module(struct shell *sh, enum cxl_sh_op op, const char *name)
{
	struct drv_core *core = drv_core_of(sh->m.s);
	struct module *mod = NULL, *it;

	list_for_each_entry(it, &core->modules, node)
		if (!strcmp(it->desc->name, name))
			mod = it;
	if (!mod) {
		problem(sh, "%s: module %s not found", op == CXL_SH_MODPROBE ? "modprobe" : "rmmod",
			name);
		return;
	}
	list_nth_index(&core->modules, &mod->node, &sh->m.cmd_arg[CXL_SH_ASK_MODULE]);
	type_command(sh, op);
}

/* echo DEV > /sys/bus/B/drivers/D/{bind,unbind} (the > may touch its neighbours) */
static void sh_echo(struct shell *sh, int argc, char **argv)
{
	struct drv_core *core = drv_core_of(sh->m.s);
	const char *dev_name = NULL, *path = NULL;
	char bus_name[64], drv_name[64], attr[16];
	struct bus_type *bus = NULL, *b;
	struct device_driver *drv = NULL, *d;
	struct device *dev = NULL, *v;
	int i, used = 0;

	for (i = 1; i < argc; i++) {
		const char *w = argv[i];

		if (!strcmp(w, ">")) {
			path = i + 1 < argc ? argv[++i] : NULL;
			if (i + 1 < argc)
				path = NULL, i = argc;
		} else if (w[0] == '>') {
			path = w + 1;
		} else if (!dev_name && !path) {
			size_t len = strlen(w);

			dev_name = w;
			if (len > 1 && w[len - 1] == '>' && i + 1 < argc) {
				argv[i][len - 1] = '\0';
				path = argv[++i];
			}
		} else {
			path = NULL;
			break;
		}
	}
	if (!dev_name || !path) {
		problem(sh, "usage: echo DEVICE > /sys/bus/BUS/drivers/DRIVER/unbind (or bind)");
		return;
	}
	if (sscanf(path, "/sys/bus/%63[^/]/drivers/%63[^/]/%15[a-z]%n", bus_name, drv_name, attr,
		   &used) != 3 || path[used] || (strcmp(attr, "bind") && strcmp(attr, "unbind"))) {
		problem(sh, "echo: %s: not a bind or unbind file of /sys/bus/BUS/drivers/DRIVER",
			path);
		return;
	}
	list_for_each_entry(b, &core->buses, node)
		if (b->registered && !strcmp(b->name, bus_name))
			bus = b;
	if (bus)
		list_for_each_entry(d, &bus->drivers, bus_node)
			if (!strcmp(d->name, drv_name))
				drv = d;
	if (!drv) {
		problem(sh, "echo: %s: No such file or directory", path);
		return;
	}
	list_for_each_entry(v, &bus->devices, bus_node)
		if (!strcmp(sim_str(sh->m.s, v->name_id), dev_name))
			dev = v;
	if (!dev) {
		problem(sh, "echo: write error: No such device (%s is not on the %s bus)", dev_name,
			bus_name);
		return;
	}
	list_nth_index(&core->buses, &bus->node, &sh->m.cmd_arg[CXL_SH_ASK_BUS]);
	list_nth_index(&bus->drivers, &drv->bus_node, &sh->m.cmd_arg[CXL_SH_ASK_DRIVER]);
	list_nth_index(&bus->devices, &dev->bus_node, &sh->m.cmd_arg[CXL_SH_ASK_DEVICE]);
	type_command(sh, strcmp(attr, "bind") ? CXL_SH_UNBIND : CXL_SH_BIND);
}

/* A decimal count for @cmd (tool_decimal); a problem naming @cmd when it is not one. */
static bool parse_count(struct shell *sh, const char *cmd, const char *arg, uint64_t *out)
{
	char why[160];

	if (tool_decimal(arg, UINT64_MAX, out, why, sizeof(why)))
		return true;
	problem(sh, "%s: %s", cmd, why);
	return false;
}

static void sh_step(struct shell *sh, int argc, char **argv)
{
	uint64_t n = 1;

	if (argc == 2 && !parse_count(sh, "step", argv[1], &n))
		return;
	if (argc == 2 && !n) {
		problem(sh, "usage: step [N], N > 0");
		return;
	}
	if (shell_machine_idle(&sh->m) && !sim_next_timer(sh->m.s, &(uint64_t){ 0 })) {
		problem(sh, "step: nothing can run (type a command)");
		return;
	}
	sh->m.steps = n;
	shell_machine_resume(&sh->m);
	sh->m.steps = 0;
	report(sh, true);
}

static void sh_run(struct shell *sh, int argc, char **argv)
{
	uint64_t before = sh->m.taken;

	sh->m.run = true;
	shell_machine_resume(&sh->m);
	sh->m.run = false;
	report(sh, false);
	if (!sh->m.finished)
		printf("ran %llu steps; nothing can run now\n",
		       (unsigned long long)(sh->m.taken - before));
}

static void sh_choose(struct shell *sh, int argc, char **argv)
{
	const struct sim_choice *c = sh->m.pending;
	uint64_t n;
	long idx;

	if (!parse_count(sh, "choose", argv[1], &n))
		return;
	if (!c || c->kind != SIM_CHOICE_SCHED) {
		problem(sh, "choose: no choice to make now (see tasks)");
		return;
	}
	/* N is the task's number, as tasks, the job messages and the trace show it. */
	idx = shell_runnable_index(&sh->m, n);
	if (idx < 0) {
		problem(sh, "choose: task %llu is not runnable (see tasks)", (unsigned long long)n);
		return;
	}
	sh->m.chosen = idx;
	shell_machine_resume(&sh->m);
	report(sh, true);
}

/*
 * Nothing can run, no timer will wake anyone, and tasks wait: that is the
 * deadlock the end of the run would report (the boot task only waits for
 * "sh").  Prints it; returns whether there is one.
 */
static bool check_deadlock(struct shell *sh)
{
	struct sim *s = sh->m.s;
	size_t i, n = sim_task_count(s);
	uint64_t when;
	bool any = false;

	if (!shell_machine_idle(&sh->m) || sim_next_timer(s, &when))
		return false;
	for (i = 1; i < n; i++) {
		struct sim_task *t = sim_task_at(s, i);
		const char *why = sim_task_wait_reason(t);

		if (sim_task_state(t) != SIM_TASK_BLOCKED)
			continue;
		printf("%s%s waits on %s %s", any ? "; " : "violation: no-deadlock: no task can run: ",
		       sim_task_name(t), why ? why : "?", sim_str(s, sim_task_wait_obj(t)));
		any = true;
	}
	if (any)
		putchar('\n');
	return any;
}

static void sh_check(struct shell *sh, int argc, char **argv)
{
	struct sim *s = sh->m.s;
	size_t nv = sim_violation_count(s), nt = sim_trace_len(s), i;
	char outcome[256];

	report(sh, false);
	if (sh->m.e.model->check)
		sh->m.e.model->check(s, sh->m.e.priv);
	for (i = 0; i < sim_violation_count(s); i++) {
		const struct sim_violation *v = sim_violation_get(s, i);

		printf("violation: %s: %s\n", v->property, sim_str(s, v->msg));
	}
	if (!sim_violation_count(s) && !check_deadlock(sh))
		printf("check: no violation so far\n");
	if (sh->m.e.model->outcome)
		printf("outcome: %s\n",
		       sh->m.e.model->outcome(s, sh->m.e.priv, outcome, sizeof(outcome)));
	/* The end-of-run checks ran early: what they found is not part of the run. */
	sim_rollback(s, nv, nt);
}

static void sh_save(struct shell *sh, int argc, char **argv)
{
	const struct tool_opts *o = sh->o;
	struct sim *s = sh->m.s;
	char *sched = NULL;
	FILE *f;

	if (sim_schedule_encode(sim_schedule_choices(s), sim_schedule_len(s), &sched)) {
		problem(sh, "save: out of memory");
		return;
	}
	if (!sched[0]) {
		free(sched);
		sched = strdup("-");
	}
	printf("schedule: %s\n", sched);
	printf("replay: cxlsim replay --workload shell%s%s --kernel %s%s%s%s --schedule %s\n",
	       o->mopts.topology ? " --topology " : "",
	       o->mopts.topology ? o->mopts.topology : "",
	       o->mopts.kernel ? o->mopts.kernel : "base",
	       o->mopts.builtin ? " --builtin " : "", o->mopts.builtin ? o->mopts.builtin : "",
	       o->mopts.link_order && !strcmp(o->mopts.link_order, "any") ? " --link-order any" :
									     "",
	       sched);
	if (argc == 2) {
		f = fopen(argv[1], "w");
		if (!f || fprintf(f, "%s\n", sched) < 0 || fclose(f)) {
			problem(sh, "save: cannot write %s: %s", argv[1], strerror(errno));
		}
	}
	free(sched);
}

static void sh_ls(struct shell *sh, int argc, char **argv)
{
	char err[512];

	if (shell_ls(sh->m.s, argv[1], stdout, err, sizeof(err)))
		problem(sh, "%s", err);
}

static void sh_lsmod(struct shell *sh, int argc, char **argv)
{
	shell_lsmod(sh->m.s, stdout);
}

static void sh_tree(struct shell *sh, int argc, char **argv)
{
	shell_tree(sh->m.s, stdout);
}

static void sh_tasks(struct shell *sh, int argc, char **argv)
{
	shell_tasks(&sh->m, stdout);
}

static void sh_help(struct shell *sh, int argc, char **argv)
{
	fputs(help_text, stdout);
}

static void sh_dmesg(struct shell *sh, int argc, char **argv)
{
	print_trace(sh, 0, argc == 2 ? argv[1] : NULL);
}

static void sh_modprobe(struct shell *sh, int argc, char **argv)
{
	sh_module(sh, CXL_SH_MODPROBE, argv[1]);
}

static void sh_rmmod(struct shell *sh, int argc, char **argv)
{
	sh_module(sh, CXL_SH_RMMOD, argv[1]);
}

#define MAX_WORDS 16

static const struct {
	const char *name;
	const char *args;		/* for the usage line */
	int min, max;			/* words after the name */
	bool machine;			/* makes the machine go on */
	void (*fn)(struct shell *sh, int argc, char **argv);
} shell_commands[] = {
	{ "help", "", 0, 0, false, sh_help },
	{ "lsmod", "", 0, 0, false, sh_lsmod },
	{ "tree", "", 0, 0, false, sh_tree },
	{ "tasks", "", 0, 0, false, sh_tasks },
	{ "check", "", 0, 0, false, sh_check },
	{ "ls", " /sys/bus[/BUS[/devices|/drivers[/DRIVER]]]", 1, 1, false, sh_ls },
	{ "dmesg", " [TEXT]", 0, 1, false, sh_dmesg },
	{ "save", " [FILE]", 0, 1, false, sh_save },
	{ "modprobe", " MODULE", 1, 1, true, sh_modprobe },
	{ "rmmod", " MODULE", 1, 1, true, sh_rmmod },
	{ "echo", " DEVICE > /sys/bus/BUS/drivers/DRIVER/unbind (or bind)", 1, MAX_WORDS, true,
	  sh_echo },
	{ "step", " [N]", 0, 1, true, sh_step },
	{ "run", "", 0, 0, true, sh_run },
	{ "choose", " N (a runnable task's [N], see tasks)", 1, 1, true, sh_choose },
};

/* One line: false when the shell should end. */
static bool execute(struct shell *sh, char *line)
{
	char *argv[MAX_WORDS + 1], *save = NULL, *w;
	int argc = 0;
	size_t i;

	for (w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == MAX_WORDS) {
			problem(sh, "too many words");
			return true;
		}
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	if (!argc || argv[0][0] == '#')
		return true;
	if (!strcmp(argv[0], "exit") || !strcmp(argv[0], "quit"))
		return false;
	for (i = 0; i < sizeof(shell_commands) / sizeof(shell_commands[0]); i++) {
		if (strcmp(argv[0], shell_commands[i].name))
			continue;
		if (argc - 1 < shell_commands[i].min || argc - 1 > shell_commands[i].max)
			problem(sh, "usage: %s%s", argv[0], shell_commands[i].args);
		else if (!shell_commands[i].machine || machine_usable(sh))
			shell_commands[i].fn(sh, argc, argv);
		return true;
	}
	problem(sh, "unknown command '%s' (try help)", argv[0]);
	return true;
}

#ifdef CXLSIM_HAVE_LIBEDIT
/* Completion on a terminal: the shell whose machine names the candidates. */
static struct shell *completing;
static int completing_start;	/* where the word being completed starts on the line */

struct name_list {
	const char **v;
	size_t n, cap;
};

static void names_add(struct name_list *l, char *name)
{
	if (!name)
		return;
	if (l->n + 2 > l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		const char **v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			free(name);
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = name;
	l->v[l->n] = NULL;
}

static void names_free(struct name_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free((char *)l->v[i]);
	free(l->v);
	*l = (struct name_list){ 0 };
}

static char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *path_of(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&p, fmt, ap);
	va_end(ap);
	return rc < 0 ? NULL : p;
}

/* The machine's names now: commands, modules, devices on a bus, /sys/bus paths. */
static void gather_names(struct shell *sh, struct name_list l[4])
{
	struct drv_core *core = drv_core_of(sh->m.s);
	struct device_driver *d;
	struct bus_type *b;
	struct module *mod;
	struct device *v;
	size_t i;

	for (i = 0; i < sizeof(shell_commands) / sizeof(shell_commands[0]); i++)
		names_add(&l[0], strdup(shell_commands[i].name));
	names_add(&l[0], strdup("exit"));
	list_for_each_entry(mod, &core->modules, node)
		names_add(&l[1], strdup(mod->desc->name));
	names_add(&l[3], strdup("/sys/bus"));
	list_for_each_entry(b, &core->buses, node) {
		if (!b->registered)
			continue;
		list_for_each_entry(v, &b->devices, bus_node)
			names_add(&l[2], strdup(sim_str(sh->m.s, v->name_id)));
		names_add(&l[3], path_of("/sys/bus/%s", b->name));
		names_add(&l[3], path_of("/sys/bus/%s/devices", b->name));
		names_add(&l[3], path_of("/sys/bus/%s/drivers", b->name));
		list_for_each_entry(d, &b->drivers, bus_node) {
			const char *bn = b->name, *dn = d->name;

			names_add(&l[3], path_of("/sys/bus/%s/drivers/%s", bn, dn));
			names_add(&l[3], path_of("/sys/bus/%s/drivers/%s/bind", bn, dn));
			names_add(&l[3], path_of("/sys/bus/%s/drivers/%s/unbind", bn, dn));
		}
	}
}

/* The last completion's names and candidates, kept while readline asks for them. */
static struct name_list completion_names[4];
static const char **found;
static size_t nr_found, next_found;

static void complete_reset(void)
{
	size_t i;

	for (i = 0; i < 4; i++)
		names_free(&completion_names[i]);
	free(found);
	found = NULL;
	nr_found = next_found = 0;
}

/* readline's generator: the candidates one by one, computed at state 0. */
static char *complete_next(const char *text, int state)
{
	struct name_list *l = completion_names;
	struct shell_names names;
	char *before;
	size_t cap;

	if (!state) {
		complete_reset();
		gather_names(completing, l);
		names = (struct shell_names){ l[0].v, l[1].v, l[2].v, l[3].v };
		cap = l[0].n + l[1].n + l[2].n + l[3].n + 1;
		found = calloc(cap, sizeof(*found));
		before = strndup(rl_line_buffer ? rl_line_buffer : "",
				 completing_start > 0 ? (size_t)completing_start : 0);
		if (found && before)
			nr_found = shell_complete(&names, before, text, found, cap);
		free(before);
	}
	return next_found < nr_found ? strdup(found[next_found++]) : NULL;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	completing_start = start;
	rl_attempted_completion_over = 1;	/* no file names */
	return rl_completion_matches(text, complete_next);
}
#endif

/* The next line, malloc'd, or NULL at the end of input. */
static char *read_line(bool tty)
{
	char *line = NULL;
	size_t cap = 0;

#ifdef CXLSIM_HAVE_LIBEDIT
	if (tty) {
		line = readline(PROMPT);
		if (!line)
			fputc('\n', stdout);
		else if (line[strspn(line, " \t")])
			add_history(line);
		return line;
	}
#endif
	fputs(PROMPT, stdout);
	fflush(stdout);
	if (getline(&line, &cap, stdin) < 0) {
		free(line);
		fputc('\n', stdout);
		return NULL;
	}
	/* A script's command shows after the prompt, as it would on a terminal. */
	if (!tty)
		fputs(line, stdout);
	return line;
}

int cmd_shell(int argc, char **argv)
{
	struct shell sh = { 0 };
	struct tool_opts o;
	bool tty = isatty(STDIN_FILENO), go = true;
	int i, ret = tool_parse("shell", shell_usage, argc, argv, &o, NULL);
	char *line;

	if (ret)
		return ret < 0 ? EXIT_CLEAN : ret;
	if (o.mopts.workload || o.schedule || strcmp(o.model, "cxl") || o.then || o.faults ||
	    o.threads || o.nr_properties || o.mopts.topology_cxl_list) {
		fprintf(stderr, "cxlsim shell: takes --topology, --kernel, --builtin, --link-order, "
				"--seed and --max-steps only (see cxlsim shell --help)\n");
		return EXIT_USAGE;
	}
	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--seed", 6))
			sh.m.seeded = true;
#ifdef CXLSIM_HAVE_LIBEDIT
	if (tty) {
		completing = &sh;
		rl_attempted_completion_function = complete;
	}
#endif
	o.mopts.workload = "shell";
	ret = tool_engine("shell", &o, &sh.m.e);
	if (ret)
		return ret;
	sh.o = &o;
	sh.colour = tool_colour_wanted(stdout);
	sim_rng_seed(&sh.m.rng, o.seed);
	if (shell_machine_start(&sh.m)) {
		fprintf(stderr, "cxlsim shell: cannot start the machine\n");
		tool_engine_free(&sh.m.e);
		return EXIT_USAGE;
	}
	report(&sh, false);
	if (o.mopts.builtin && strcmp(o.mopts.builtin, "none"))
		printf("cxlsim shell: kernel %s, topology %s; built in: %s (their inits ran at "
		       "boot); no other CXL module is loaded. Type help.\n",
		       o.mopts.kernel ? o.mopts.kernel : "base",
		       o.mopts.topology ? o.mopts.topology : "default", o.mopts.builtin);
	else
		printf("cxlsim shell: kernel %s, topology %s; no CXL module is loaded. Type help.\n",
		       o.mopts.kernel ? o.mopts.kernel : "base",
		       o.mopts.topology ? o.mopts.topology : "default");
	while (go && (line = read_line(tty))) {
		sh.line++;
		go = execute(&sh, line) && !sh.full;
		free(line);
		fflush(stdout);
	}
#ifdef CXLSIM_HAVE_LIBEDIT
	complete_reset();
#endif
	shell_machine_stop(&sh.m);
	tool_engine_free(&sh.m.e);
	if (sh.full)
		return EXIT_USAGE;
	return sh.failures ? EXIT_VIOLATION : EXIT_CLEAN;
}
