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

void end_states_add(struct end_states *st, const char *label)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->v[i], label))
			return;
	st->v = realloc(st->v, (st->n + 1) * sizeof(*st->v));
	assert_non_null(st->v);
	st->v[st->n] = strdup(label);
	assert_non_null(st->v[st->n]);
	st->n++;
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void end_states_sort(struct end_states *st)
{
	if (st->n)
		qsort(st->v, st->n, sizeof(*st->v), cmp_label);
}

bool end_states_has(const struct end_states *st, const char *label)
{
	return st->n && bsearch(&label, st->v, st->n, sizeof(*st->v), cmp_label);
}

void end_states_free(struct end_states *st)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		free(st->v[i]);
	free(st->v);
	memset(st, 0, sizeof(*st));
}

void assert_same_end_states(const struct end_states *a, const struct end_states *b)
{
	size_t i;

	for (i = 0; i < a->n || i < b->n; i++) {
		if (i < a->n && i < b->n && !strcmp(a->v[i], b->v[i]))
			continue;
		print_error("end states differ at %zu: '%s' against '%s'\n", i,
			    i < a->n ? a->v[i] : "(none)", i < b->n ? b->v[i] : "(none)");
		fail();
	}
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
