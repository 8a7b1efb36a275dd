// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Schedules on the command line: one that does not parse points at the
 * character and says why; one that does not fit the run is bad usage (exit
 * 2), naming the step, the character and the alternatives, not a violation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "run_cmd.h"

/* `cxlsim ARGS`, standard output thrown away: exit 2 and exactly @want on standard error. */
static void expect(const char *args, const char *want)
{
	char *cmd, *out;
	int rc;

	assert_int_not_equal(asprintf(&cmd, "%s %s >/dev/null", getenv("CXLSIM_TOOL"), args), -1);
	rc = run_cmd(cmd, NULL, &out);
	if (rc != 2 || strcmp(out, want))
		print_error("`cxlsim %s` exited %d, printing:\n%s", args, rc, out);
	assert_int_equal(rc, 2);
	assert_string_equal(out, want);
	free(out);
	free(cmd);
}

CXLSIM_TEST(schedule_that_does_not_parse_points_at_the_character)
{
	expect("replay --model demo 'AB#C'",
	       "cxlsim replay: bad schedule at character 3 ('#', after \"AB\"): not a choice "
	       "(a letter A..Z, a..z, or .N.) nor a count (digits)\n");
	expect("replay --model demo --schedule A0",
	       "cxlsim replay: bad schedule at character 2 ('0', after \"A\"): a count of 0 "
	       "(a count is 1 or more)\n");
	expect("replay --model demo .12",
	       "cxlsim replay: bad schedule at character 4 (the end, after \".12\"): the choice "
	       ".N. is not closed by a '.'\n");
	expect("replay --model demo 3B",
	       "cxlsim replay: bad schedule at character 1 ('3'): a count repeats the choice "
	       "before it, and none is there\n");
	/* A long schedule is quoted only just before the character, not whole. */
	expect("replay --model demo BCAABCABCBA3BAABABA4BBAB3CAACAD3AABDFAAEFA4EFCA4DA3B4A_",
	       "cxlsim replay: bad schedule at character 55 ('_', after \"...4EFCA4DA3B4A\"): "
	       "not a choice (a letter A..Z, a..z, or .N.) nor a count (digits)\n");
	expect("list --topology minimal --schedule 'A B'",
	       "cxlsim list: bad schedule at character 2 (' ', after \"A\"): not a choice "
	       "(a letter A..Z, a..z, or .N.) nor a count (digits)\n");
	expect("explore --model demo --strategy dfs --schedule .x.",
	       "cxlsim explore: bad schedule at character 2 ('x', after \".\"): a '.' opens a "
	       "choice written .N. (a number, then '.')\n");
	expect("explore --model demo --schedule 'B!' --then random",
	       "cxlsim explore: bad schedule at character 2 ('!', after \"B\"): not a choice "
	       "(a letter A..Z, a..z, or .N.) nor a count (digits)\n");
}

CXLSIM_TEST(schedule_choice_out_of_range_is_bad_usage)
{
	expect("replay --model demo C",
	       "cxlsim replay: the schedule does not fit this run at character 1 ('C'): step 0 "
	       "chooses C (2), out of range: only A..B there (which task runs next: A boot "
	       "(keeps running), B udev:demo:parent)\n");
	expect("replay --model demo --trace none BA.60.",
	       "cxlsim replay: the schedule does not fit this run at character 3 ('.', after "
	       "\"BA\"): step 2 chooses .60. (60), out of range: only A..B there (which task "
	       "runs next: A udev:demo:parent (keeps running), B boot)\n");
	expect("list --topology minimal --schedule Z",
	       "cxlsim list: the schedule does not fit this run at character 1 ('Z'): step 0 "
	       "chooses Z (25), out of range: only A..B there (which task runs next: A boot "
	       "(keeps running), B udev:pci:v00008086d00000001sv00000000sd00000000bc05sc02i10)\n");
}

CXLSIM_TEST(schedule_longer_than_its_run_is_bad_usage)
{
	expect("replay --model demo B50",
	       "cxlsim replay: the schedule does not fit this run: it has 50 choices but the run "
	       "made only 12; the last 38, from character 1 ('B') on, are left over\n");
	expect("replay --model demo BCAABCAB3AAB",
	       "cxlsim replay: the schedule does not fit this run: it has 13 choices but the run "
	       "made only 12; the last 1, from character 12 ('B', after \"BCAABCAB3AA\") on, are "
	       "left over\n");
}

/* What fits still runs: the run's own schedule, the empty one, and --then random (modulo). */
CXLSIM_TEST(schedule_that_fits_replays)
{
	char *out;

	assert_int_equal(run_cmd("\"$CXLSIM_TOOL\" replay --model demo --trace none BCAABCAB3AA",
				 NULL, &out),
			 0);
	assert_string_equal(out, "schedule: BCAABCAB3AA\n"
				 "outcome: child0 bound after parent0's probe returned\n");
	free(out);
	assert_int_equal(run_cmd("\"$CXLSIM_TOOL\" replay --model demo --trace none -", NULL, &out),
			 0);
	assert_non_null(strstr(out, "schedule: A26\n"));
	free(out);
	assert_int_equal(run_cmd("\"$CXLSIM_TOOL\" replay --model demo --trace none --then random "
				 "Z",
				 NULL, &out),
			 0);
	free(out);
}
