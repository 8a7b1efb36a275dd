// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim shell: a script through standard input, bad commands, save and replay, a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "run_cmd.h"

/* `cxlsim shell ARGS` with @script on standard input. */
static int shell(const char *args, const char *script, char **out)
{
	char *cmd;
	int rc;

	assert_int_not_equal(asprintf(&cmd, "%s shell %s", getenv("CXLSIM_TOOL"), args), -1);
	rc = run_cmd(cmd, script, out);
	free(cmd);
	return rc;
}

/* The output of the command typed at @prompt_line: up to the next prompt. */
static char *section(const char *out, const char *prompt_line)
{
	const char *p = strstr(out, prompt_line), *end;

	assert_non_null(p);
	p += strlen(prompt_line);
	end = strstr(p, "cxlsim> ");
	if (!end)
		end = p + strlen(p);
	return strndup(p, (size_t)(end - p));
}

static void expect_section(const char *out, const char *prompt_line, const char *want)
{
	char *got = section(out, prompt_line);

	assert_string_equal(got, want);
	free(got);
}

CXLSIM_TEST(shell_script_prints_each_command_output)
{
	char *out;

	assert_int_equal(shell("--topology minimal",
			       "lsmod\n"
			       "ls /sys/bus\n"
			       "modprobe cxl_acpi\n"
			       "tasks\n"
			       "step\n"
			       "run\n"
			       "lsmod\n"
			       "ls /sys/bus/cxl/devices\n"
			       "modprobe cxl_mem\n"
			       "run\n"
			       "modprobe cxl_pci\n"
			       "run\n"
			       "ls /sys/bus/cxl/drivers\n"
			       "ls /sys/bus/cxl/drivers/cxl_mem\n"
			       "tree\n"
			       "check\n"
			       "echo mem0 > /sys/bus/cxl/drivers/cxl_mem/unbind\n"
			       "run\n"
			       "ls /sys/bus/cxl/drivers/cxl_mem\n"
			       "echo mem0 > /sys/bus/cxl/drivers/cxl_mem/bind\n"
			       "run\n"
			       "rmmod cxl_core\n"
			       "run\n"
			       "tasks\n"
			       "dmesg rmmod-refused\n"
			       "help\n"
			       "exit\n",
			       &out),
			 0);
	assert_true(!strncmp(out, "cxlsim shell: kernel base, topology minimal; no CXL module is "
				  "loaded. Type help.\n", 77));
	expect_section(out, "cxlsim> lsmod\n", "Module           State    Used by\n");
	expect_section(out, "cxlsim> ls /sys/bus\n", "pci  platform\n");
	expect_section(out, "cxlsim> modprobe cxl_acpi\n",
		       "[3] modprobe cxl_acpi: started\n");
	expect_section(out, "cxlsim> tasks\n",
		       "runnable (choose N runs task [N] next):\n"
		       "  [2] sh  (running)  (the shell: types your next command)\n"
		       "  [3] modprobe cxl_acpi\n"
		       "blocked:\n"
		       "  [1] boot: waits on waitqueue sh\n");
	expect_section(out, "cxlsim> step\n",
		       "[    0.000011] modprobe cxl_acpi: lock module_mutex at load_one\n");
	expect_section(out, "cxlsim> run\n",
		       "[3] modprobe cxl_acpi: done\nran 41 steps; nothing can run now\n");
	expect_section(out, "cxlsim> ls /sys/bus/cxl/devices\n", "port1  root0\n");
	expect_section(out, "cxlsim> ls /sys/bus/cxl/drivers\n", "cxl_mem  cxl_port\n");
	expect_section(out, "cxlsim> ls /sys/bus/cxl/drivers/cxl_mem\n", "bind  mem0  unbind\n");
	expect_section(out, "cxlsim> tree\n",
		       "pci0000:00\n"
		       "  0000:01:00.0 [pci]\n"
		       "    0000:02:00.0 [pci] cxl_pci\n"
		       "      mem0 [cxl] cxl_mem\n"
		       "ACPI0017:00 [platform] cxl_acpi\n"
		       "  root0 [cxl]\n"
		       "    port1 [cxl] cxl_port\n"
		       "      endpoint2 [cxl] cxl_port\n");
	expect_section(out, "cxlsim> check\n",
		       "check: no violation so far\n"
		       "outcome: memdevs 1/1 bound to cxl_mem, 1 endpoints bound; accel: 0 CXL, "
		       "0 PCI-only\n");
	expect_section(out, "cxlsim> echo mem0 > /sys/bus/cxl/drivers/cxl_mem/unbind\n",
		       "[14] echo mem0 > cxl_mem/unbind: started\n");
	assert_non_null(strstr(out, "cxlsim> ls /sys/bus/cxl/drivers/cxl_mem\nbind  unbind\n"));
	assert_non_null(strstr(out, "[16] echo mem0 > cxl_mem/bind: done\n"));
	assert_non_null(strstr(out, "[19] rmmod cxl_core: failed: Device or resource busy\n"));
	assert_non_null(strstr(out, "cxlsim> tasks\nnothing runnable: the machine waits for a "
				    "command\nblocked:\n  [1] boot: waits on waitqueue sh\n"));
	assert_non_null(strstr(out, "rmmod cxl_core: rmmod-refused cxl_core"));
	assert_non_null(strstr(out, "step [N] | run | choose N"));
	free(out);
}

/*
 * C (cxl_endpoint_autoremove): the endpoint belongs to cxl_mem's binding of
 * memN, so an unbind removes it and a bind adds a fresh one, under base and
 * under the series alike.
 */
CXLSIM_TEST(shell_unbinding_a_memdev_removes_its_endpoint)
{
	static const char *const kernels[] = { "base", "series" };
	size_t k;

	for (k = 0; k < 2; k++) {
		char *args, *out;

		assert_int_not_equal(asprintf(&args, "--topology minimal --kernel %s", kernels[k]),
				     -1);
		assert_int_equal(shell(args,
				       "modprobe cxl_acpi\nrun\nmodprobe cxl_pci\nrun\n"
				       "ls /sys/bus/cxl/devices\n"
				       "echo mem0 > /sys/bus/cxl/drivers/cxl_mem/unbind\nrun\n"
				       "ls /sys/bus/cxl/devices\n"
				       "echo mem0 > /sys/bus/cxl/drivers/cxl_mem/bind\nrun\n"
				       "ls /sys/bus/cxl/drivers/cxl_port\ncheck\n",
				       &out),
				 0);
		assert_null(strstr(out, "no-leak"));
		assert_null(strstr(out, "no-uaf"));
		expect_section(out, "cxlsim> ls /sys/bus/cxl/devices\n",
			       "endpoint2  mem0  port1  root0\n");
		/* The second listing, after the unbind. */
		expect_section(strstr(out, "cxl_mem/unbind: done"), "cxlsim> ls /sys/bus/cxl/devices\n",
			       "mem0  port1  root0\n");
		expect_section(out, "cxlsim> ls /sys/bus/cxl/drivers/cxl_port\n",
			       "bind  endpoint3  port1  unbind\n");
		/* (base's memdev-attached is another story: cxl_pci loaded first.) */
		assert_non_null(strstr(out, "outcome: memdevs 1/1 bound to cxl_mem, 1 endpoints "
					    "bound; accel: 0 CXL, 0 PCI-only\n"));
		free(out);
		free(args);
	}
}

CXLSIM_TEST(shell_bad_commands_give_one_line_each_and_exit_1)
{
	static const char *const want[] = {
		"cxlsim shell: line 1: unknown command 'frobnicate' (try help)\n",
		"cxlsim shell: line 2: modprobe: module nosuch not found\n",
		"cxlsim shell: line 3: ls: cannot access '/sys/bus/cxl/devices': No such file or "
		"directory\n",
		"cxlsim shell: line 4: echo: /sys/bus/cxl/drivers/cxl_mem/unbind: No such file or "
		"directory\n",
		"cxlsim shell: line 5: usage: step [N], N > 0\n",
		"cxlsim shell: line 6: choose: no choice to make now (see tasks)\n",
		"cxlsim shell: line 7: usage: lsmod\n",
		"cxlsim shell: line 8: step: nothing can run (type a command)\n",
		"cxlsim shell: line 9: usage: echo DEVICE > /sys/bus/BUS/drivers/DRIVER/unbind "
		"(or bind)\n",
		"cxlsim shell: line 13: choose: task 7 is not runnable (see tasks)\n",
		"cxlsim shell: line 15: echo: write error: No such device (mem9 is not on the cxl "
		"bus)\n",
		"cxlsim shell: line 17: step: '0x1' is not a decimal number\n",
		"cxlsim shell: line 18: choose: '+1' is not a decimal number\n",
		"cxlsim shell: line 19: step: '08x' is not a decimal number\n",
		"cxlsim shell: line 16: usage: rmmod MODULE\n",
	};
	char *out;
	size_t i;

	assert_int_equal(shell("--topology minimal",
			       "frobnicate\n"
			       "modprobe nosuch\n"
			       "ls /sys/bus/cxl/devices\n"
			       "echo mem0 > /sys/bus/cxl/drivers/cxl_mem/unbind\n"
			       "step 0\n"
			       "choose 1\n"
			       "lsmod extra\n"
			       "step\n"
			       "echo mem0\n"
			       "# a comment, then a blank line\n"
			       "\n"
			       "modprobe cxl_acpi\nchoose 7\n"
			       "run\n"
			       "echo mem9 > /sys/bus/cxl/drivers/cxl_port/bind\n"
			       "rmmod\n"
			       "step 0x1\n"
			       "choose +1\n"
			       "step 08x\n"
			       "lsmod\n",
			       &out),
			 1);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_non_null(strstr(out, want[i]));
	/* The shell went on: the last command worked. */
	assert_non_null(strstr(out, "cxl_acpi         live     -\n"));
	free(out);

	assert_int_equal(shell("", "lsmod\nexit\nfrobnicate\n", &out), 0);
	assert_null(strstr(out, "frobnicate"));
	free(out);
	assert_int_equal(shell("--workload boot", "", &out), 2);
	free(out);
	assert_int_equal(shell("--kernel nosuch", "", &out), 2);
	free(out);
}

/* The lines of @out starting with @prefix, in order. */
static char *lines_with(const char *out, const char *prefix)
{
	size_t cap = strlen(out) + 1, len = 0;
	char *r = calloc(1, cap);
	const char *p = out;

	while (*p) {
		size_t n = strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');

		if (!strncmp(p, prefix, strlen(prefix))) {
			memcpy(r + len, p, n);
			len += n;
		}
		p += n;
	}
	return r;
}

CXLSIM_TEST(shell_save_replays_to_the_same_state)
{
	static const char *const kernels[] = { "base", "series" };
	char *out, *replay, *cmd, *dmesg, *sched_file = run_cmd_temp(""), *a, *b, *check;
	const char *s;
	size_t k;

	for (k = 0; k < 2; k++) {
		char script[1024], args[64], shell_args[80];

		snprintf(args, sizeof(args), "--topology minimal --kernel %s", kernels[k]);
		/* A seeded shell records its random picks like the others. */
		snprintf(shell_args, sizeof(shell_args), "%s%s", args, k ? " --seed 5" : "");
		snprintf(script, sizeof(script),
			 "modprobe cxl_acpi\nstep 5\nmodprobe cxl_pci\nstep 3\nchoose %s\n"
			 "step 2\ntasks\nchoose %s\nrun\necho mem0 > "
			 "/sys/bus/cxl/drivers/cxl_mem/unbind\nrun\ncheck\ndmesg\nsave %s\n",
			 /* the task third, then second, in the runnable list (tasks) */
			 k ? "3" : "2", k ? "2" : "3", sched_file);
		assert_int_equal(shell(shell_args, script, &out), 0);
		s = strstr(out, "cxlsim> save");
		assert_non_null(s);
		assert_non_null(strstr(s, "replay: cxlsim replay --workload shell "
					  "--topology minimal --kernel "));
		assert_int_not_equal(asprintf(&cmd, "%s replay --workload shell %s --schedule "
						    "\"$(cat %s)\"",
					      getenv("CXLSIM_TOOL"), args, sched_file),
				     -1);
		run_cmd(cmd, NULL, &replay);
		/* The same verdict... */
		check = section(out, "cxlsim> check\n");
		a = lines_with(check, "violation:");
		b = lines_with(replay, "violation:");
		assert_string_equal(a, b);
		free(a);
		free(b);
		a = lines_with(check, "outcome:");
		b = lines_with(replay, "outcome:");
		assert_string_equal(a, b);
		free(a);
		free(b);
		free(check);
		/* ...and the same run: the shell's trace is where the replay's begins. */
		dmesg = section(out, "cxlsim> dmesg\n");
		assert_true(strlen(dmesg) > 1000);
		assert_true(!strncmp(replay, dmesg, strlen(dmesg)));
		if (k == 0)
			assert_non_null(strstr(replay, "violation: memdev-attached"));
		else
			assert_null(strstr(replay, "violation:"));
		free(dmesg);
		free(replay);
		free(cmd);
		free(out);
	}
	unlink(sched_file);
	free(sched_file);
}

CXLSIM_TEST(shell_seed_picks_other_interleavings)
{
	char *a, *b;
	int seed, differ = 0;
	const char *script = "modprobe cxl_acpi\nmodprobe cxl_pci\nrun\ndmesg\n";

	assert_int_equal(shell("--topology minimal", script, &a), 0);
	for (seed = 1; seed < 6; seed++) {
		char args[64];

		snprintf(args, sizeof(args), "--topology minimal --seed %d", seed);
		assert_int_equal(shell(args, script, &b), 0);
		differ += strcmp(a, b) != 0;
		free(b);
	}
	assert_true(differ > 0);
	free(a);
}

static int tmux(const char *sock, const char *args, char **out)
{
	char *cmd;
	int rc;

	assert_int_not_equal(asprintf(&cmd, "tmux -L %s %s", sock, args), -1);
	rc = run_cmd(cmd, NULL, out);
	free(cmd);
	return rc;
}

/* Capture the pane until @want shows (10 s at most); returns the last capture. */
static char *wait_for(const char *sock, const char *want)
{
	char *out = NULL;
	int i;

	for (i = 0; i < 200; i++) {
		free(out);
		tmux(sock, "capture-pane -p -t shell", &out);
		if (strstr(out, want))
			return out;
		usleep(50000);
	}
	fprintf(stderr, "the pane never showed '%s':\n%s\n", want, out);
	fail();
	return out;
}

/* Type @keys (tmux send-keys words) and wait until the pane shows @want. */
static char *type(const char *sock, const char *keys, const char *want)
{
	char *args, *out;

	assert_int_not_equal(asprintf(&args, "send-keys -t shell %s", keys), -1);
	tmux(sock, args, &out);
	free(out);
	free(args);
	return want ? wait_for(sock, want) : NULL;
}

CXLSIM_TEST(shell_through_a_terminal)
{
	char sock[64], *out, *cmd;

	if (system("command -v tmux >/dev/null 2>&1")) {
		skip();
		return;
	}
	snprintf(sock, sizeof(sock), "cxlsim-test-%d", (int)getpid());
	assert_int_not_equal(asprintf(&cmd, "new-session -d -s shell -x 100 -y 40 "
					    "\"env NO_COLOR=1 %s shell --topology minimal\"",
				      getenv("CXLSIM_TOOL")),
			     -1);
	assert_int_equal(tmux(sock, cmd, &out), 0);
	free(out);
	free(cmd);
	out = wait_for(sock, "cxlsim>");
	assert_non_null(strstr(out, "no CXL module is loaded"));
	free(out);
	/* Tab completes the command, then the module, from the machine's names. */
	free(type(sock, "modp Tab", "cxlsim> modprobe"));
	free(type(sock, "cxl_acp Tab Enter", "[3] modprobe cxl_acpi: started"));
	free(type(sock, "run Enter", "nothing can run now"));
	/* Line editing: history brings back "run"'s predecessor, edited. */
	out = type(sock, "Up Up C-a M-d lsmod C-k Enter", "cxl_acpi         live");
	assert_non_null(strstr(out, "cxl_core         live     cxl_acpi"));
	free(out);
	free(type(sock, "frobnicate Enter", "cxlsim shell: line 4: unknown command 'frobnicate'"));
	type(sock, "exit Enter", NULL);
	/* The shell ends, and its session with it. */
	for (int i = 0; i < 200 && !tmux(sock, "has-session -t shell", &out); i++) {
		free(out);
		usleep(50000);
	}
	free(out);
	assert_int_not_equal(tmux(sock, "has-session -t shell", &out), 0);
	free(out);
	tmux(sock, "kill-server", &out);
	free(out);
}

/* The prompt and the machine are two threads taking turns: ThreadSanitizer checks the handover. */
CXLSIM_TEST(tsan_shell_prompt_and_machine_take_turns)
{
	char *out;

	assert_int_equal(shell("--topology minimal --seed 3",
			       "modprobe cxl_acpi\nstep 3\nmodprobe cxl_pci\ntasks\nchoose 3\n"
			       "run\nlsmod\ncheck\nsave\n",
			       &out),
			 0);
	assert_non_null(strstr(out, "cxl_pci          live"));
	assert_non_null(strstr(out, "schedule: "));
	assert_null(strstr(out, "ThreadSanitizer"));
	free(out);
}

/* Past the session's limit of commands, one error, then the shell stops reading (exit 2). */
CXLSIM_TEST(shell_too_many_commands_says_so_once_and_stops)
{
	const unsigned int limit = 256, lines = limit + 50;
	size_t len = strlen("modprobe cxl_acpi\nrun\n") * lines + 1;
	char *script = calloc(1, len), *out, *p;
	unsigned int i, errors = 0;

	assert_non_null(script);
	for (i = 0; i < lines; i++)
		strcat(script, "modprobe cxl_acpi\nrun\n");
	assert_int_equal(shell("--topology minimal", script, &out), 2);
	for (p = out; (p = strstr(p, "cxlsim shell: line ")); p++)
		errors++;
	assert_int_equal(errors, 1);
	assert_non_null(strstr(out, "cxlsim shell: line 513: too many commands for one session "
				    "(256); the shell stops here\n"));
	/* Nothing after it was read: the last prompt is the one of that line. */
	p = strstr(out, "the shell stops here\n");
	assert_null(strstr(p, "cxlsim> "));
	free(script);
	free(out);
}

/* One number per task: the job messages, tasks and choose all use the task's [N]. */
CXLSIM_TEST(shell_numbers_a_task_the_same_in_jobs_tasks_and_choose)
{
	char *out;

	assert_int_equal(shell("--topology minimal",
			       "modprobe cxl_acpi\nrun\nmodprobe cxl_pci\nmodprobe cxl_mem\ntasks\n"
			       "choose 9\nrun\n", &out), 0);
	expect_section(out, "cxlsim> modprobe cxl_mem\n", "[9] modprobe cxl_mem: started\n");
	expect_section(out, "cxlsim> tasks\n",
		       "runnable (choose N runs task [N] next):\n"
		       "  [2] sh  (running)  (the shell: types your next command)\n"
		       "  [8] modprobe cxl_pci\n"
		       "  [9] modprobe cxl_mem\n"
		       "blocked:\n"
		       "  [1] boot: waits on waitqueue sh\n");
	/* choose 9 runs what tasks called [9], not the ninth line or the ninth job. */
	expect_section(out, "cxlsim> choose 9\n",
		       "[    0.000055] modprobe cxl_mem: lock module_mutex at load_one\n");
	assert_non_null(strstr(out, "[9] modprobe cxl_mem: done\n"));
	assert_non_null(strstr(out, "[8] modprobe cxl_pci: done\n"));
	free(out);
}
