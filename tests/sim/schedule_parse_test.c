// SPDX-License-Identifier: LGPL-2.1-or-later
/* Schedule strings that do not parse, or do not fit their run, say where and why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_test_util.h"

static void expect_bad(const char *str, size_t pos, const char *why)
{
	struct sim_schedule_error err = { 0 };
	uint32_t *out = NULL;
	size_t n;

	assert_int_equal(sim_schedule_parse(str, &out, &n, &err), -22);
	assert_null(out);
	if (err.pos != pos || !strstr(err.why, why))
		fail_msg("'%s': offset %zu (%s), expected %zu (%s)", str, err.pos, err.why, pos,
			 why);
}

CXLSIM_TEST(schedule_parse_says_where_and_why)
{
	expect_bad("AB#C", 2, "not a choice");
	expect_bad("A 3", 1, "not a choice");
	expect_bad("5A", 0, "a count repeats the choice before it");
	expect_bad("A0", 1, "a count of 0");
	expect_bad("A99999999999", 1, "a count larger than");
	expect_bad(".x.", 1, "a '.' opens a choice written .N.");
	expect_bad("..", 1, "a '.' opens a choice written .N.");
	expect_bad(".12", 3, "not closed by a '.'");
	expect_bad("AB.12x", 5, "not closed by a '.'");
	expect_bad(".99999999999.", 1, "choice larger than 4294967295");
	expect_bad("--", 0, "not a choice");
	expect_bad("A\n", 1, "not a choice");
	/* Not 16 GiB of choices: a run stops long before. */
	expect_bad("BA4294967296", 2, "a count larger than 67108864");
	expect_bad("A67108864B", 9, "longer than 67108864 choices");
}

CXLSIM_TEST(schedule_parse_accepts_what_encode_prints)
{
	uint32_t *out = NULL;
	size_t n = 99;

	assert_int_equal(sim_schedule_parse("-", &out, &n, NULL), 0);
	assert_int_equal(n, 0);
	free(out);
	assert_int_equal(sim_schedule_parse("A3.60.B", &out, &n, NULL), 0);
	assert_int_equal(n, 5);
	assert_int_equal(out[3], 60);
	assert_int_equal(out[4], 1);
	free(out);
}

CXLSIM_TEST(schedule_offset_finds_a_choice_in_the_string)
{
	/* Choices 0..2 are "A3", 3 is ".60.", 4 is "B", 5 is past the end. */
	assert_int_equal(sim_schedule_offset("A3.60.B", 0), 0);
	assert_int_equal(sim_schedule_offset("A3.60.B", 2), 0);
	assert_int_equal(sim_schedule_offset("A3.60.B", 3), 2);
	assert_int_equal(sim_schedule_offset("A3.60.B", 4), 6);
	assert_int_equal(sim_schedule_offset("A3.60.B", 5), 7);
	assert_int_equal(sim_schedule_offset("-", 0), 0);
}

static void stepper(void *arg)
{
	struct sim *s = sim_current();
	int i;

	(void)arg;
	for (i = 0; i < 3; i++)
		sim_sched_point(s, "step", 0);
}

/* A replayed choice the run does not offer names the step and what there was to choose. */
CXLSIM_TEST(replay_misfit_names_step_and_alternatives)
{
	struct sim_strategy *st;
	struct sim *s;
	const char *msg;

	assert_int_equal(sim_new(&s, NULL), 0);
	assert_int_equal(sim_strategy_replay(&st, "AZ"), 0);
	sim_set_strategy(s, st);
	sim_spawn(s, "first", stepper, NULL);
	sim_spawn(s, "second", stepper, NULL);
	assert_int_equal(sim_run(s), 0);
	assert_int_equal(count_violations(s, "replay"), 1);
	msg = sim_str(s, sim_violation_get(s, 0)->msg);
	if (strcmp(msg, "step 1 chooses Z (25), out of range: only A..B there (which task runs "
			"next: A first (keeps running), B second)"))
		fail_msg("replay said: %s", msg);
	free_sim(s, st);
}
