/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One cmocka binary per layer; each test case registers itself with
 * CXLSIM_TEST(name).  The binary runs one case named in argv[1] (that is how
 * ctest gets one entry per case), every case with no argument, and prints the
 * case names with --list.
 */
#ifndef CXLSIM_TEST_HARNESS_H
#define CXLSIM_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

struct cxlsim_test_case {
	const char *name;
	void (*fn)(void **state);
	struct cxlsim_test_case *next;
};

void cxlsim_test_register(struct cxlsim_test_case *tc);

/*
 * Registration runs from a constructor rather than a linker section, so
 * sanitizer redzones around globals cannot break the table.
 */
#define CXLSIM_TEST(fn)                                                                 \
	static void fn(void **state);                                                   \
	__attribute__((constructor)) static void cxlsim_register_##fn(void)             \
	{                                                                               \
		static struct cxlsim_test_case tc = { #fn, fn, NULL };                  \
		cxlsim_test_register(&tc);                                              \
	}                                                                               \
	static void fn(void **state __attribute__((unused)))

/*
 * The distinct end states a search reached (labels, each kept once) and how
 * many schedules it ran; end_states_sort() before comparing or looking up.
 */
struct end_states {
	char **v;
	size_t n;
	uint64_t schedules;
	bool exhausted;
};

void end_states_add(struct end_states *st, const char *label);
void end_states_sort(struct end_states *st);
bool end_states_has(const struct end_states *st, const char *label);
void end_states_free(struct end_states *st);
/* Fails at the first label that differs, and prints both. */
void assert_same_end_states(const struct end_states *a, const struct end_states *b);

#endif /* CXLSIM_TEST_HARNESS_H */
