// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Conformance of the model to the kernel commits each variant names
 * (docs/conformance.md): cxl_mem_probe()'s -EBUSY while memN's detach work
 * is pending, the RCD's endpoint_parent, dports added on demand, EDAC repair
 * records only for a device with repair features, and what `cxlsim variants`
 * says about the commits and the unmerged proposal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "api/ctx.h"
#include "api/model.h"
#include "cxl/variant.h"

/* ---- running the tool ---- */

static const char *tool(void)
{
	const char *t = getenv("CXLSIM_TOOL");

	return t ? t : "cxlsim";
}

static const char *source_file(const char *rel, char *buf, size_t len)
{
	const char *src = getenv("CXLSIM_SOURCE_DIR");

	snprintf(buf, len, "%s/%s", src ? src : ".", rel);
	return buf;
}

/* `cxlsim ARGS`'s standard output and error, malloc'd. */
static char *run_tool(const char *args)
{
	char cmd[2048], *out = NULL;
	size_t len = 0, cap = 0, n;
	char buf[4096];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", tool(), args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0) {
		if (len + n + 1 > cap) {
			cap = 2 * (len + n + 1);
			out = realloc(out, cap);
			assert_non_null(out);
		}
		memcpy(out + len, buf, n);
		len += n;
	}
	pclose(p);
	if (!out)
		out = calloc(1, 1);
	assert_non_null(out);
	out[len] = '\0';
	return out;
}

/* ---- a shell session driven one command at a time ---- */

struct session {
	pid_t pid;
	FILE *in, *out;
	char reply[1 << 16]; /* what the last command printed, up to the next prompt */
};

static void session_start(struct session *se, const char *args)
{
	int to[2], from[2];

	assert_int_equal(pipe(to), 0);
	assert_int_equal(pipe(from), 0);
	se->pid = fork();
	assert_true(se->pid >= 0);
	if (!se->pid) {
		char cmd[1024];

		dup2(to[0], 0);
		dup2(from[1], 1);
		dup2(from[1], 2);
		close(to[1]);
		close(from[0]);
		snprintf(cmd, sizeof(cmd), "exec '%s' shell %s", tool(), args);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	se->in = fdopen(to[1], "w");
	se->out = fdopen(from[0], "r");
	assert_non_null(se->in);
	assert_non_null(se->out);
}

/* Read up to the next "cxlsim> " prompt into se->reply. */
static void session_wait(struct session *se)
{
	static const char prompt[] = "cxlsim> ";
	size_t len = 0;
	int c;

	while ((c = fgetc(se->out)) != EOF) {
		if (len + 1 < sizeof(se->reply))
			se->reply[len++] = (char)c;
		se->reply[len] = '\0';
		if (len >= sizeof(prompt) - 1 &&
		    !strcmp(se->reply + len - (sizeof(prompt) - 1), prompt))
			return;
	}
	fail_msg("the shell ended; it printed: %s", se->reply);
}

static const char *session_cmd(struct session *se, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *session_cmd(struct session *se, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(se->in, fmt, ap);
	va_end(ap);
	fputc('\n', se->in);
	fflush(se->in);
	session_wait(se);
	return se->reply;
}

static void session_end(struct session *se)
{
	int status;

	fputs("exit\n", se->in);
	fclose(se->in);
	fclose(se->out);
	waitpid(se->pid, &status, 0);
}

/* The number `choose` takes ([N] in tasks) for the runnable task whose line has @name, or -1. */
static int runnable_index(struct session *se, const char *name)
{
	const char *p = session_cmd(se, "tasks"), *end = strstr(p, "blocked:");
	const char *line;

	for (line = p; line && (!end || line < end); line = strchr(line + 1, '\n')) {
		int idx;
		char rest[512];

		if (sscanf(line, " [%d] %511[^\n]", &idx, rest) == 2 && strstr(rest, name))
			return idx;
	}
	return -1;
}

/* Let only the task whose line has @name run, until it is no longer runnable. */
static void run_only(struct session *se, const char *name)
{
	int i, idx;

	for (i = 0; i < 500 && (idx = runnable_index(se, name)) >= 0; i++)
		session_cmd(se, "choose %d", idx);
	assert_true(i < 500);
}

/*
 * mem.c at 29317f8d (and at the base): cxl_mem_probe() refuses with -EBUSY
 * while memN's detach work is still pending.  cxl_port letting go of
 * endpoint2 queues the detach on cxl_bus_wq; before the worker runs, memN is
 * unbound and bound again by hand, and that probe meets the pending work.
 */
CXLSIM_TEST(cxl_mem_probe_refuses_while_the_detach_work_is_pending)
{
	struct session se;
	const char *r;

	session_start(&se, "--topology minimal --kernel series");
	session_wait(&se);
	session_cmd(&se, "modprobe cxl_acpi");
	session_cmd(&se, "run");
	session_cmd(&se, "modprobe cxl_pci");
	session_cmd(&se, "run");
	r = session_cmd(&se, "ls /sys/bus/cxl/drivers/cxl_mem");
	assert_non_null(strstr(r, "mem0"));

	session_cmd(&se, "echo endpoint2 > /sys/bus/cxl/drivers/cxl_port/unbind");
	run_only(&se, "echo endpoint2");
	r = session_cmd(&se, "dmesg detach_memdev");
	assert_non_null(strstr(r, "queue-work detach_memdev"));
	/* The worker has not run: the detach is pending. */
	assert_true(runnable_index(&se, "kworker/cxl_port") >= 0);

	session_cmd(&se, "echo mem0 > /sys/bus/cxl/drivers/cxl_mem/unbind");
	run_only(&se, "echo mem0 > cxl_mem/unbind");
	session_cmd(&se, "echo mem0 > /sys/bus/cxl/drivers/cxl_mem/bind");
	run_only(&se, "echo mem0 > cxl_mem/bind");
	r = session_cmd(&se, "dmesg mem0");
	assert_non_null(strstr(r, "probe-end mem0 cxl_mem (-16)"));
	/* And the worker never ran in between. */
	r = session_cmd(&se, "dmesg kworker/cxl_port");
	assert_null(strstr(r, "work-start detach_memdev"));
	r = session_cmd(&se, "ls /sys/bus/cxl/drivers/cxl_mem");
	assert_null(strstr(r, "mem0"));
	session_end(&se);
}

/*
 * The default topology's restricted host (cxl_test's RCH) has its RCD right
 * on the host bridge: cxl_mem_probe() finds root0 through the RCH dport and
 * locks root0's uport, ACPI0017:00, as endpoint_parent (mem.c at 29317f8d);
 * the endpoint hangs off root0, with no host-bridge port in between.
 */
CXLSIM_TEST(rcd_endpoint_parent_is_the_root_uport_and_is_locked)
{
	char *out = run_tool("run --kernel series --seed 1");
	const char *probe, *line, *task, *end;
	char lock[160];
	bool bound_under_lock = false;
	size_t n;

	/* Every probe of mem10 (the RCD) that succeeded held ACPI0017:00 inside it. */
	for (probe = strstr(out, " probe mem10 driver=cxl_mem"); probe;
	     probe = strstr(probe + 1, " probe mem10 driver=cxl_mem")) {
		for (line = probe; line > out && line[-1] != '\n'; line--)
			;
		task = strstr(line, "] ") + 2;
		n = (size_t)(strstr(task, ": ") - task);
		end = strstr(probe, "probe-end mem10 cxl_mem");
		assert_non_null(end);
		if (!strncmp(end, "probe-end mem10 cxl_mem\n", 24)) {
			snprintf(lock, sizeof(lock), "%.*s: locked ACPI0017:00", (int)n, task);
			line = strstr(probe, lock);
			assert_non_null(line);
			assert_true(line < end);
			bound_under_lock = true;
		}
	}
	assert_true(bound_under_lock);
	free(out);

	/* Listed with its ports, root0's own endpoint is the RCD's, through the RCH dport. */
	out = run_tool("list --kernel series -B -P -E");
	line = strstr(out, "\"endpoints:root0\"");
	assert_non_null(line);
	assert_non_null(strstr(line, "\"host\":\"mem10\""));
	assert_non_null(strstr(line, "\"parent_dport\":\"pci0000:03\""));
	free(out);
	out = run_tool("list --kernel series -P");
	/* Three host-bridge ports (hb 0 to 2), none for the RCH (pci0000:03). */
	assert_null(strstr(out, "\"host\":\"pci0000:03\""));
	assert_non_null(strstr(out, "\"host\":\"pci0000:02\""));
	free(out);
}

/*
 * Dports come on demand (core/port.c at 0066688d's parent, the series'
 * code): a host-bridge port starts without any, a switch port exists only
 * once an endpoint below it probed, and gets the dport of that endpoint's
 * downstream port only.  Here one memdev below the switch is ready, the
 * other and the one on the second root port are not.
 */
CXLSIM_TEST(dports_appear_only_below_a_probed_endpoint)
{
	static const char topo[] =
		"{ \"name\": \"half\", \"host_bridges\": [ { \"uid\": 0, \"root_ports\": [\n"
		"  { \"switch\": { \"ports\": [ { \"memdev\": {} },\n"
		"      { \"memdev\": { \"media_ready\": false } } ] } },\n"
		"  { \"memdev\": { \"media_ready\": false } } ] } ] }\n";
	char path[] = "/tmp/cxlsim-conform-XXXXXX", args[256];
	const char *variants[] = { "base", "series" };
	int fd = mkstemp(path);
	size_t i;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, topo, sizeof(topo) - 1), (ssize_t)(sizeof(topo) - 1));
	close(fd);
	for (i = 0; i < 2; i++) {
		char *out;

		snprintf(args, sizeof(args), "list --topology %s --kernel %s -P -T", path,
			 variants[i]);
		out = run_tool(args);
		/* port1 (host bridge): one dport, the root port above the switch. */
		assert_non_null(strstr(out, "\"port\":\"port1\""));
		assert_non_null(strstr(out, "\"nr_dports\":1"));
		assert_non_null(strstr(out, "\"dport\":\"0000:01:00.0\""));
		/* The second root port (0000:07:00.0) leads to a memdev that never probed. */
		assert_null(strstr(out, "\"dport\":\"0000:07:00.0\""));
		/* The switch port: the ready memdev's downstream port only. */
		assert_non_null(strstr(out, "\"dport\":\"0000:03:00.0\""));
		assert_null(strstr(out, "\"dport\":\"0000:05:00.0\""));
		assert_null(strstr(out, "\"nr_dports\":2"));
		free(out);
	}
	unlink(path);
}

/*
 * drivers/cxl/core/edac.c at 10016118 keeps repair records only when
 * feature discovery found sparing or soft PPR; cxl_test's mock memdevs
 * report none.  Base's release() bug (patch 1) therefore shows only for a
 * memdev with the topology key "repair_features".
 */
static unsigned int count_no_uaf(const char *topology, const char *kernel, unsigned int runs)
{
	struct cxlsim__model_opts mo = { .topology = topology,
					 .kernel = kernel,
					 .workload = "boot+teardown" };
	struct cxlsim__engine e;
	struct cxlsim_ctx *ctx;
	char err[256];
	unsigned int seed, n = 0;

	assert_int_equal(cxlsim_ctx_new(&ctx, NULL), 0);
	if (cxlsim__engine_init(&e, ctx, cxlsim__model_find("cxl"), &mo, err, sizeof(err)))
		fail_msg("%s", err);
	for (seed = 0; seed < runs; seed++) {
		size_t v;

		cxlsim_ctx_set_random(ctx, seed);
		assert_int_equal(cxlsim__engine_run(&e), 0);
		for (v = 0; v < cxlsim_ctx_violation_count(ctx); v++) {
			const char *prop, *msg;

			cxlsim_ctx_violation(ctx, v, &prop, &msg);
			if (!strcmp(prop, "no-uaf")) {
				n++;
				break;
			}
		}
	}
	cxlsim__engine_release(&e);
	cxlsim_ctx_free(ctx);
	return n;
}

CXLSIM_TEST(edac_repair_records_exist_only_with_repair_features)
{
	char path[1024];

	source_file("tests/data/topologies/repair.json", path, sizeof(path));
	assert_int_equal(count_no_uaf("default", "base", 50), 0);
	assert_int_equal(count_no_uaf("minimal", "base", 50), 0);
	assert_int_equal(count_no_uaf(path, "base", 50), 50);
	assert_int_equal(count_no_uaf(path, "base+edac-release-fix", 50), 0);
	assert_int_equal(count_no_uaf(path, "series", 50), 0);
}

/* The key is checked like every other: a boolean, or FILE:LINE says why not. */
CXLSIM_TEST(repair_features_key_must_be_a_boolean)
{
	char path[] = "/tmp/cxlsim-conform-XXXXXX", args[256], *out;
	static const char topo[] = "{ \"host_bridges\": [ { \"uid\": 0, \"root_ports\": [\n"
				   "  { \"memdev\": { \"repair_features\": 1 } } ] } ] }\n";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, topo, sizeof(topo) - 1), (ssize_t)(sizeof(topo) - 1));
	close(fd);
	snprintf(args, sizeof(args), "run --topology %s --trace none", path);
	out = run_tool(args);
	assert_non_null(strstr(out, ":2:"));
	assert_non_null(strstr(out, "repair_features"));
	free(out);
	unlink(path);
}

CXLSIM_TEST(variants_name_the_commits_and_mark_the_proposal)
{
	char *out = run_tool("variants");
	const char *line;

	assert_non_null(strstr(out, CXL_BASE_COMMIT));
	assert_non_null(strstr(out, CXL_SERIES_COMMIT));
	assert_non_null(strstr(out, "for-7.0/cxl-init"));
	line = strstr(out, "memdev-detach-op");
	assert_non_null(line);
	assert_non_null(strstr(line, "proposal"));
	assert_non_null(strstr(line, "no kernel merged"));
	free(out);
}
