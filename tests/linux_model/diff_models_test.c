// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cxlsim diff-models: on minimal it reports the differences
 * docs/conformance.md explains and nothing else; without the linux model it
 * exits 2 and says why.  Skipped when the build has no kernel tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "harness.h"
#include "api/model.h"

static int sh(const char *args, char **out)
{
	const char *tool = getenv("CXLSIM_TOOL");
	size_t len = 0, cap = 8192;
	char cmd[1024], *buf = malloc(cap);
	FILE *p;
	int st;

	assert_non_null(tool);
	assert_non_null(buf);
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", tool, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (!feof(p)) {
		if (len + 1024 > cap) {
			buf = realloc(buf, cap *= 2);
			assert_non_null(buf);
		}
		len += fread(buf + len, 1, 1024, p);
	}
	buf[len] = '\0';
	st = pclose(p);
	*out = buf;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Every difference line of @out must be one of @known; each of @known must be there. */
static void assert_exactly(const char *out, const char *const *known, size_t n)
{
	const char *line = out;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strstr(out, known[i]))
			fprintf(stderr, "missing: %s\n%s", known[i], out);
		assert_non_null(strstr(out, known[i]));
	}
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		bool ok = !strncmp(line, "differences: ", 13) || strstr(line, " schedules each ");

		for (i = 0; !ok && i < n; i++)
			ok = len >= strlen(known[i]) && !strncmp(line, known[i], strlen(known[i]));
		if (!ok)
			fprintf(stderr, "unexplained: %.*s\n", (int)len, line);
		assert_true(ok);
		line = nl ? nl + 1 : NULL;
	}
}

CXLSIM_TEST(diff_models_minimal_base_reports_only_the_explained_differences)
{
	static const char *const known[] = {
		"minimal: only-one-model: dev:decoder only in --model linux",
		"minimal: only-one-model: dev:platform-bus-root only in --model linux",
		"minimal: only-one-model: soft-reserved-range-0 only in --model cxl",
		"minimal: property: probe-sync-point violated in ",
		"minimal: property: soft-reserve violated in ",
	};
	char *out;

	if (!cxlsim__model_find("linux")) {
		skip();
		return;
	}
	assert_int_equal(sh("diff-models --kernel base --topology minimal --runs 200", &out), 1);
	assert_exactly(out, known, sizeof(known) / sizeof(known[0]));
	free(out);
	assert_int_equal(sh("diff-models --kernel base --topology minimal --runs 200 --json", &out),
			 1);
	assert_non_null(strstr(out, "\"kind\":\"property\",\"difference\":\"soft-reserve "));
	free(out);
}

CXLSIM_TEST(diff_models_minimal_series_reports_only_the_explained_differences)
{
	static const char *const known[] = {
		"minimal: only-one-model: dev:decoder only in --model linux",
		"minimal: only-one-model: dev:platform-bus-root only in --model linux",
		"minimal: only-one-model: soft-reserved-range-0 only in --model cxl",
		"minimal: property: memdev-attached violated in ",
		"minimal: property: soft-reserve violated in ",
	};
	char *out;

	if (!cxlsim__model_find("linux")) {
		skip();
		return;
	}
	assert_int_equal(sh("diff-models --kernel series --topology minimal --runs 300", &out), 1);
	assert_exactly(out, known, sizeof(known) / sizeof(known[0]));
	free(out);
}

CXLSIM_TEST(diff_models_usage_errors_exit_2)
{
	char *out;

	assert_int_equal(sh("diff-models", &out), 2);
	assert_non_null(strstr(out, "--kernel VARIANT is required"));
	free(out);
	if (!cxlsim__model_find("linux")) {
		/* Without the tree: exit 2 with the reason the engine gives. */
		const char *why = cxlsim__model_absent_reason("linux");

		assert_int_equal(sh("diff-models --kernel base", &out), 2);
		assert_non_null(strstr(out, "--model linux is not built in"));
		if (why)
			assert_non_null(strstr(out, why));
		free(out);
		return;
	}
	assert_int_equal(sh("diff-models --kernel nosuch --topology minimal", &out), 2);
	free(out);
	assert_int_equal(sh("diff-models --kernel base --topology nosuch", &out), 2);
	free(out);
}
