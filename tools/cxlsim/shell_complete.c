// SPDX-License-Identifier: LGPL-2.1-or-later
/* Tab completion for cxlsim shell: which names fit where the cursor is. */
#include <stdbool.h>
#include <string.h>

#include "shell_complete.h"

/* The words of @before (at most @max, each pointer and length), how many. */
static size_t split_words(const char *before, const char **w, size_t *len, size_t max)
{
	size_t n = 0;
	const char *p = before;

	while (*p) {
		p += strspn(p, " \t");
		if (!*p)
			break;
		if (n < max) {
			w[n] = p;
			len[n] = strcspn(p, " \t");
		}
		n++;
		p += strcspn(p, " \t");
	}
	return n;
}

static bool word_is(const char *w, size_t len, const char *s)
{
	return len == strlen(s) && !strncmp(w, s, len);
}

static size_t add_matches(const char *const *list, const char *word, const char **out,
			  size_t n, size_t max)
{
	size_t i, k, wl = strlen(word);

	for (i = 0; list && list[i] && n < max; i++) {
		bool seen = false;

		if (strncmp(list[i], word, wl))
			continue;
		for (k = 0; k < n && !seen; k++)
			seen = !strcmp(out[k], list[i]);
		if (!seen)
			out[n++] = list[i];
	}
	return n;
}

size_t shell_complete(const struct shell_names *names, const char *before, const char *word,
		      const char **out, size_t max)
{
	const char *w[4];
	size_t len[4], n = split_words(before, w, len, 4);
	const char *const *list = NULL;

	if (!n)
		list = names->commands;
	else if (n == 1 && (word_is(w[0], len[0], "modprobe") || word_is(w[0], len[0], "rmmod")))
		list = names->modules;
	else if (n == 1 && word_is(w[0], len[0], "echo"))
		list = names->devices;
	else if (n == 1 && word_is(w[0], len[0], "ls"))
		list = names->paths;
	else if (n == 3 && word_is(w[0], len[0], "echo") && word_is(w[2], len[2], ">"))
		list = names->paths;
	return add_matches(list, word, out, 0, max);
}
