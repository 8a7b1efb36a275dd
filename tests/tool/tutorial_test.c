// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * docs/tutorial.md cannot rot: every ```console block is run and its output
 * compared.  A "$ " line is a command (cxlsim is the built tool); the lines
 * after it, up to the next "$ " line or the end of the block, are its
 * output.  For `cxlsim shell`, the text after each "cxlsim> " prompt in that
 * output is what is typed on standard input, so a transcript runs unchanged.
 */
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "run_cmd.h"

struct text {
	char *p;
	size_t len, cap;
};

static void text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = 2 * (t->len + n + 1);
		t->p = realloc(t->p, t->cap);
		assert_non_null(t->p);
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

static char *read_all(FILE *f)
{
	struct text t = { 0 };
	char buf[4096];
	size_t n;

	text_add(&t, "", 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		text_add(&t, buf, n);
	return t.p;
}

/* Run @cmd as the tutorial's reader would; returns its output (stdout and stderr). */
static char *run_command(const char *cmd, const char *input)
{
	char *tool = strdup(getenv("CXLSIM_TOOL")), *script = run_cmd_temp(cmd), *full, *out;

	assert_int_not_equal(asprintf(&full, "env NO_COLOR=1 PATH=\"%s:$PATH\" sh %s",
				      dirname(tool), script),
			     -1);
	run_cmd(full, input, &out);
	unlink(script);
	free(script);
	free(full);
	free(tool);
	return out;
}

/* One "$ " command of a block, its expected output, and what a shell session types. */
static void check_command(const char *cmd, const char *want, unsigned int line,
			  unsigned int *nr_shell)
{
	struct text input = { 0 };
	const char *p = want;
	char *got;

	text_add(&input, "", 0);
	if (!strncmp(cmd, "cxlsim shell", 12)) {
		(*nr_shell)++;
		for (; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
			if (strncmp(p, "cxlsim> ", 8))
				continue;
			text_add(&input, p + 8, strcspn(p + 8, "\n"));
			text_add(&input, "\n", 1);
		}
	}
	got = run_command(cmd, input.p);
	if (strcmp(got, want)) {
		fprintf(stderr, "docs/tutorial.md:%u: $ %s\n--- the tutorial shows:\n%s--- the "
				"command printed:\n%s---\n",
			line, cmd, want, got);
		fail();
	}
	free(got);
	free(input.p);
}

CXLSIM_TEST(tutorial_commands_print_what_the_tutorial_shows)
{
	char *path, *doc, *line, *save = NULL;
	unsigned int lineno = 0, nr_cmds = 0, nr_shell = 0, cmd_line = 0;
	struct text want = { 0 };
	char *cmd = NULL;
	bool in_block = false;
	FILE *f;

	assert_int_not_equal(asprintf(&path, "%s/docs/tutorial.md", getenv("CXLSIM_SOURCE_DIR")),
			     -1);
	f = fopen(path, "r");
	assert_non_null(f);
	doc = read_all(f);
	fclose(f);
	text_add(&want, "", 0);
	/* strsep keeps empty lines, which are part of an output too. */
	save = doc;
	while ((line = strsep(&save, "\n"))) {
		lineno++;
		if (!in_block) {
			in_block = !strcmp(line, "```console");
			continue;
		}
		if (!strcmp(line, "```") || !strncmp(line, "$ ", 2)) {
			if (cmd)
				check_command(cmd, want.p, cmd_line, &nr_shell);
			free(cmd);
			cmd = NULL;
			want.len = 0;
			want.p[0] = '\0';
			if (!strcmp(line, "```")) {
				in_block = false;
				continue;
			}
			cmd = strdup(line + 2);
			cmd_line = lineno;
			nr_cmds++;
			continue;
		}
		assert_non_null(cmd);	/* output before any command */
		text_add(&want, line, strlen(line));
		text_add(&want, "\n", 1);
	}
	assert_false(in_block);
	/* The parse found the tutorial's commands and its shell sessions. */
	assert_true(nr_cmds >= 8);
	assert_true(nr_shell >= 4);
	free(want.p);
	free(doc);
	free(path);
}
