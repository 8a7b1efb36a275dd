// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim shell's tab completion, without a terminal: the machine's names and a prefix. */
#include <string.h>

#include "harness.h"
#include "shell_complete.h"

static const char *const commands[] = { "help", "lsmod", "ls", "modprobe", "rmmod", "echo",
					"step", "run", "choose", "exit", NULL };
static const char *const modules[] = { "cxl_core", "cxl_acpi", "cxl_port", "cxl_mem",
				       "cxl_pci", NULL };
static const char *const devices[] = { "0000:02:00.0", "mem0", "port1", "root0", NULL };
static const char *const paths[] = { "/sys/bus", "/sys/bus/cxl", "/sys/bus/cxl/devices",
				     "/sys/bus/cxl/drivers", "/sys/bus/cxl/drivers/cxl_mem",
				     "/sys/bus/cxl/drivers/cxl_mem/bind",
				     "/sys/bus/cxl/drivers/cxl_mem/unbind", NULL };
static const struct shell_names names = { commands, modules, devices, paths };

/* The candidates, joined by spaces. */
static const char *complete(const char *before, const char *word)
{
	static char buf[512];
	const char *out[32];
	size_t n = shell_complete(&names, before, word, out, 32), i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, out[i]);
	}
	return buf;
}

CXLSIM_TEST(shell_completes_commands_as_the_first_word)
{
	assert_string_equal(complete("", "mod"), "modprobe");
	assert_string_equal(complete("  ", "l"), "lsmod ls");
	assert_string_equal(complete("", "r"), "rmmod run");
	assert_string_equal(complete("", ""), "help lsmod ls modprobe rmmod echo step run "
					      "choose exit");
	assert_string_equal(complete("", "x"), "");
}

CXLSIM_TEST(shell_completes_modules_after_modprobe_and_rmmod)
{
	assert_string_equal(complete("modprobe ", "cxl_p"), "cxl_port cxl_pci");
	assert_string_equal(complete("rmmod  ", "cxl_a"), "cxl_acpi");
	assert_string_equal(complete("modprobe ", ""), "cxl_core cxl_acpi cxl_port cxl_mem "
						       "cxl_pci");
	/* One module per command: nothing after it. */
	assert_string_equal(complete("modprobe cxl_acpi ", "cxl"), "");
	/* Not a command that takes a module. */
	assert_string_equal(complete("step ", "cxl"), "");
}

CXLSIM_TEST(shell_completes_devices_and_paths_after_echo_and_ls)
{
	assert_string_equal(complete("echo ", "m"), "mem0");
	assert_string_equal(complete("echo ", "0"), "0000:02:00.0");
	assert_string_equal(complete("echo mem0 > ", "/sys/bus/cxl/drivers/cxl_mem/"),
			    "/sys/bus/cxl/drivers/cxl_mem/bind "
			    "/sys/bus/cxl/drivers/cxl_mem/unbind");
	assert_string_equal(complete("ls ", "/sys/bus/cxl/d"),
			    "/sys/bus/cxl/devices /sys/bus/cxl/drivers "
			    "/sys/bus/cxl/drivers/cxl_mem /sys/bus/cxl/drivers/cxl_mem/bind "
			    "/sys/bus/cxl/drivers/cxl_mem/unbind");
	assert_string_equal(complete("echo mem0 ", ">"), "");
}

/* Each candidate once, and no more than asked for. */
CXLSIM_TEST(shell_completion_respects_its_bound)
{
	const char *out[2];

	assert_int_equal(shell_complete(&names, "", "", out, 2), 2);
	assert_string_equal(out[0], "help");
	assert_string_equal(out[1], "lsmod");
}
