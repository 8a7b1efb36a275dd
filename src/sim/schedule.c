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

/* Stop at @p with @why (a schedule string that does not parse). */
static int bad(struct sim_schedule_error *err, const char *str, const char *p, const char *why)
{
	if (err) {
		err->pos = (size_t)(p - str);
		err->why = why;
	}
	return -EINVAL;
}

/*
 * One choice (a letter or .N.) and its optional count at @p; *@end is where
 * the next begins.  0, or -EINVAL with @err saying where and why.
 */
static int parse_token(const char *str, const char *p, uint32_t *choice, uint64_t *run,
		       const char **end, struct sim_schedule_error *err)
{
	unsigned long long v;
	char *e;

	*run = 1;
	if (*p == '.') {
		if (!isdigit((unsigned char)p[1]))
			return bad(err, str, p + 1,
				   "a '.' opens a choice written .N. (a number, then '.')");
		errno = 0;
		v = strtoull(p + 1, &e, 10);
		if (errno || v > UINT32_MAX)
			return bad(err, str, p + 1, "choice larger than 4294967295");
		if (*e != '.')
			return bad(err, str, e, "the choice .N. is not closed by a '.'");
		*choice = (uint32_t)v;
		p = e + 1;
	} else if (letter_value(*p) >= 0) {
		*choice = (uint32_t)letter_value(*p++);
	} else if (isdigit((unsigned char)*p)) {
		return bad(err, str, p, "a count repeats the choice before it, and none is there");
	} else {
		return bad(err, str, p,
			   "not a choice (a letter A..Z, a..z, or .N.) nor a count (digits)");
	}
	if (isdigit((unsigned char)*p)) {
		errno = 0;
		v = strtoull(p, &e, 10);
		if (!errno && v == 0)
			return bad(err, str, p, "a count of 0 (a count is 1 or more)");
		if (errno || v > SIM_SCHEDULE_MAX)
			return bad(err, str, p,
				   "a count larger than 67108864, the longest schedule");
		*run = v;
		p = e;
	}
	*end = p;
	return 0;
}

int sim_schedule_parse(const char *str, uint32_t **choices, size_t *n,
		       struct sim_schedule_error *err)
{
	uint32_t *v = NULL;
	size_t len = 0, cap = 0;
	const char *p = str;

	/* "-" is how an empty schedule is printed, so it can be pasted back. */
	if (!strcmp(str, "-"))
		p = "";

	while (*p) {
		const char *tok = p;
		uint32_t c;
		uint64_t run;
		int ret = parse_token(str, tok, &c, &run, &p, err);

		if (!ret && len + run > SIM_SCHEDULE_MAX)
			ret = bad(err, str, tok, "the schedule is longer than 67108864 choices");
		if (ret) {
			free(v);
			return ret;
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
			v[len++] = c;
	}
	*choices = v;
	*n = len;
	return 0;
}

int sim_schedule_decode(const char *str, uint32_t **choices, size_t *n)
{
	return sim_schedule_parse(str, choices, n, NULL);
}

size_t sim_schedule_offset(const char *str, size_t choice)
{
	const char *p = str;
	size_t at = 0;

	if (!strcmp(str, "-"))
		return 0;

	while (*p) {
		const char *next;
		uint32_t c;
		uint64_t run;

		if (parse_token(str, p, &c, &run, &next, NULL))
			break;
		if (choice < at + run)
			return (size_t)(p - str);
		at += run;
		p = next;
	}
	return (size_t)(p - str);
}

void sim_schedule_choice_name(uint32_t c, char buf[SIM_SCHEDULE_CHOICE_NAME])
{
	if (c >= sizeof(letters) - 1)
		snprintf(buf, SIM_SCHEDULE_CHOICE_NAME, ".%u.", c);
	else
		snprintf(buf, SIM_SCHEDULE_CHOICE_NAME, "%c", letters[c]);
}
