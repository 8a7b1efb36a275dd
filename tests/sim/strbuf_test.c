// SPDX-License-Identifier: LGPL-2.1-or-later
/* sim_strbuf: text longer than any first guess comes out whole. */
#include <stdlib.h>
#include <string.h>

#include "sim/strbuf.h"
#include "sim_test_util.h"

CXLSIM_TEST(strbuf_grows_past_its_first_size_without_losing_text)
{
	struct sim_strbuf sb = SIM_STRBUF_INIT;
	char *text, want[16];
	size_t i;

	for (i = 0; i < 2000; i++)
		sim_strbuf_printf(&sb, "%s%zu", i ? ";" : "", i);
	sim_strbuf_puts(&sb, "|end");
	assert_false(sim_strbuf_has_overflowed(&sb));
	text = sim_strbuf_detach(&sb);
	assert_non_null(text);
	assert_null(sb.buf);
	/* The digits of 0..1999, the separators, "|end". */
	assert_int_equal(strlen(text), 6890 + 1999 + 4);
	assert_memory_equal(text, "0;1;2;", 6);
	snprintf(want, sizeof(want), ";1999|end");
	assert_string_equal(text + strlen(text) - strlen(want), want);
	free(text);
}

CXLSIM_TEST(strbuf_detached_empty_is_an_empty_string)
{
	struct sim_strbuf sb = SIM_STRBUF_INIT;
	char *text = sim_strbuf_detach(&sb);

	assert_non_null(text);
	assert_string_equal(text, "");
	free(text);
}
