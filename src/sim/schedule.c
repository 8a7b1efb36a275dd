// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Schedule strings: one letter per choice (A..Z a..z for 0..51), a larger
 * choice as .N., and a run of equal choices as the choice followed by its
 * count.  Most choices of a long run are "keep going" (A), so runs compress
 * to a few bytes per preemption.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "strbuf.h"

static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* A run's count, in decimal: once per run of equal choices, so no printf for it either. */
static void put_count(struct sim_strbuf *sb, size_t v)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[sizeof(digits) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sim_strbuf_put(sb, digits + sizeof(digits) - n, n);
}

/* One choice: a letter, or .N. (a letter is the common case: no printf for it). */
static void put_choice(struct sim_strbuf *sb, uint32_t c)
{
	if (c >= sizeof(letters) - 1)
		sim_strbuf_printf(sb, ".%u.", c);
	else
		sim_strbuf_put(sb, &letters[c], 1);
}

int sim_schedule_encode(const uint32_t *choices, size_t n, char **out)
{
	struct sim_strbuf sb = SIM_STRBUF_INIT;
	size_t i = 0;

	while (i < n) {
		uint32_t c = choices[i];
		size_t run = 1;

		while (i + run < n && choices[i + run] == c)
			run++;
		put_choice(&sb, c);
		/* A count only pays off from three on: "AA" is shorter than "A2". */
		if (run >= 3)
			put_count(&sb, run);
		else if (run == 2)
			put_choice(&sb, c);
		i += run;
	}
	/* Out of memory anywhere above: the buffer says so once, here. */
	*out = sim_strbuf_detach(&sb);
	return *out ? 0 : -ENOMEM;
}

static int letter_value(char ch)
{
	const char *p = ch ? strchr(letters, ch) : NULL;

	return p ? (int)(p - letters) : -1;
}

int sim_schedule_decode(const char *str, uint32_t **choices, size_t *n)
{
	uint32_t *v = NULL;
	size_t len = 0, cap = 0;
	const char *p = str;

	/* "-" is how an empty schedule is printed, so it can be pasted back. */
	if (!strcmp(str, "-"))
		p = "";

	while (*p) {
		unsigned long long c, run = 1;
		char *end;

		if (*p == '.') {
			if (!isdigit((unsigned char)p[1]))
				goto bad;
			errno = 0;
			c = strtoull(p + 1, &end, 10);
			if (errno || *end != '.' || c > UINT32_MAX)
				goto bad;
			p = end + 1;
		} else if (letter_value(*p) >= 0) {
			c = (unsigned long long)letter_value(*p++);
		} else {
			goto bad;
		}
		if (isdigit((unsigned char)*p)) {
			errno = 0;
			run = strtoull(p, &end, 10);
			if (errno || run == 0 || run > (1ULL << 32))
				goto bad;
			p = end;
		}
		if (len + run > cap) {
			size_t ncap = cap ? cap : 64;
			uint32_t *nv;

			while (ncap < len + run)
				ncap *= 2;
			nv = realloc(v, ncap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
			cap = ncap;
		}
		while (run--)
			v[len++] = (uint32_t)c;
	}
	*choices = v;
	*n = len;
	return 0;
bad:
	free(v);
	return -EINVAL;
}
