/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tab completion for cxlsim shell: from the machine's names, no terminal needed. */
#ifndef CXLSIM_TOOL_SHELL_COMPLETE_H
#define CXLSIM_TOOL_SHELL_COMPLETE_H

#include <stddef.h>

/* What can be typed now; each list NULL-terminated, NULL for none. */
struct shell_names {
	const char *const *commands;	/* the shell's commands */
	const char *const *modules;	/* modules modprobe and rmmod know */
	const char *const *devices;	/* devices on a bus, for echo */
	const char *const *paths;	/* /sys/bus/... paths ls and echo take */
};

/*
 * shell_complete - the words that complete @word, typed after @before (the
 * line up to @word): a command as the first word, a module after modprobe or
 * rmmod, a device after echo, a /sys path after ls or echo's '>'.  Fills
 * @out with at most @max pointers into @names' lists, in their order, each
 * once; returns how many.
 */
size_t shell_complete(const struct shell_names *names, const char *before, const char *word,
		      const char **out, size_t max);

#endif
