// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct cxlsim_test_case *registered;
static size_t nr_registered;

void cxlsim_test_register(struct cxlsim_test_case *tc)
{
	tc->next = registered;
	registered = tc;
	nr_registered++;
}

static int by_name(const void *a, const void *b)
{
	const struct CMUnitTest *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int main(int argc, char **argv)
{
	struct CMUnitTest *tests = calloc(nr_registered ? nr_registered : 1, sizeof(*tests));
	struct cxlsim_test_case *tc;
	size_t n = 0, i;
	int ret;

	if (!tests)
		return 2;
	for (tc = registered; tc; tc = tc->next)
		tests[n++] = (struct CMUnitTest){ .name = tc->name, .test_func = tc->fn };
	qsort(tests, n, sizeof(*tests), by_name);

	if (argc > 1 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < n; i++)
			printf("%s\n", tests[i].name);
		free(tests);
		return 0;
	}
	if (argc > 1) {
		for (i = 0; i < n; i++)
			if (!strcmp(tests[i].name, argv[1]))
				break;
		if (i == n) {
			fprintf(stderr, "%s: no test case named '%s' (try --list)\n", argv[0],
				argv[1]);
			free(tests);
			return 2;
		}
		ret = _cmocka_run_group_tests(argv[1], &tests[i], 1, NULL, NULL);
	} else {
		ret = _cmocka_run_group_tests(argv[0], tests, n, NULL, NULL);
	}
	free(tests);
	return ret ? 1 : 0;
}
