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

static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

struct strbuf {
	char *p;
	size_t len, cap;
};

static bool sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = sim_vsnprintf(sb->p + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return false;
		if (sb->len + (size_t)n < sb->cap) {
			sb->len += (size_t)n;
			return true;
		}
		char *np = realloc(sb->p, 2 * sb->cap + (size_t)n);

		if (!np)
			return false;
		sb->p = np;
		sb->cap = 2 * sb->cap + (size_t)n;
	}
}

/* A run's count, in decimal: once per run of equal choices, so no printf for it either. */
static bool sb_put_count(struct strbuf *sb, size_t v)
{
	char digits[24];
	size_t n = 0;

	do {
		digits[sizeof(digits) - ++n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (sb->len + n >= sb->cap) {
		char *np = realloc(sb->p, 2 * sb->cap + n);

		if (!np)
			return false;
		sb->p = np;
		sb->cap = 2 * sb->cap + n;
	}
	memcpy(sb->p + sb->len, digits + sizeof(digits) - n, n);
	sb->len += n;
	sb->p[sb->len] = '\0';
	return true;
}

/* One choice: a letter, or .N. (a letter is the common case: no printf for it). */
static bool sb_put_choice(struct strbuf *sb, uint32_t c)
{
	if (c >= sizeof(letters) - 1)
		return sb_printf(sb, ".%u.", c);
	if (sb->len + 1 == sb->cap) {
		char *np = realloc(sb->p, 2 * sb->cap);

		if (!np)
			return false;
		sb->p = np;
		sb->cap *= 2;
	}
	sb->p[sb->len++] = letters[c];
	sb->p[sb->len] = '\0';
	return true;
}

int sim_schedule_encode(const uint32_t *choices, size_t n, char **out)
{
	struct strbuf sb = { .p = malloc(64), .cap = 64 };
	size_t i = 0;

	if (!sb.p)
		return -ENOMEM;
	sb.p[0] = '\0';
	while (i < n) {
		uint32_t c = choices[i];
		size_t run = 1;
		bool ok;

		while (i + run < n && choices[i + run] == c)
			run++;
		ok = sb_put_choice(&sb, c);
		/* A count only pays off from three on: "AA" is shorter than "A2". */
		if (ok && run >= 3)
			ok = sb_put_count(&sb, run);
		else if (ok && run == 2)
			ok = sb_put_choice(&sb, c);
		if (!ok) {
			free(sb.p);
			return -ENOMEM;
		}
		i += run;
	}
	*out = sb.p;
	return 0;
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
