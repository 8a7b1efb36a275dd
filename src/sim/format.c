// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * snprintf() for the names and messages the model formats on every run
 * (task and device names, violation messages): "udev:%s", "mem%d",
 * "0000:%02x:00.0".  glibc's vsnprintf() costs several hundred instructions
 * a call, a fifth of a minimal schedule; this handles the plain conversions
 * (%s %c %d %u %x %X, the 0 flag, a width, the l, ll and z sizes, %%) and hands
 * any other format to vsnprintf() whole.  Output and return value are
 * vsnprintf()'s, truncation included.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "sim.h"

struct out {
	char *buf;
	size_t len, pos;	/* pos counts what would be written, as vsnprintf's result */
};

static void put(struct out *o, const char *s, size_t n)
{
	size_t room = o->pos + 1 < o->len ? o->len - 1 - o->pos : 0;

	if (room)
		memcpy(o->buf + o->pos, s, n < room ? n : room);
	o->pos += n;
}

static void pad(struct out *o, char c, size_t n)
{
	size_t room = o->pos + 1 < o->len ? o->len - 1 - o->pos : 0;

	if (room)
		memset(o->buf + o->pos, c, n < room ? n : room);
	o->pos += n;
}

static void put_number(struct out *o, unsigned long long v, bool negative, unsigned int base,
		       bool upper, bool zero, size_t width)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24];
	size_t n = 0, len;

	/* Constant divisors: a shift, or a multiply, not a division a digit. */
	if (base == 16) {
		do {
			digits[sizeof(digits) - ++n] = set[v & 15];
			v >>= 4;
		} while (v);
	} else {
		do {
			digits[sizeof(digits) - ++n] = set[v % 10];
			v /= 10;
		} while (v);
	}
	len = n + negative;
	if (!zero && width > len)
		pad(o, ' ', width - len);
	if (negative)
		put(o, "-", 1);
	if (zero && width > len)
		pad(o, '0', width - len);
	put(o, digits + sizeof(digits) - n, n);
}

/* A conversion handled here: with a size, only the integer ones. */
static bool is_plain(char c, int size)
{
	switch (c) {
	case 'd':
	case 'u':
	case 'x':
	case 'X':
		return true;
	case 's':
	case 'c':
		return !size;
	default:
		return false;
	}
}

/*
 * A conversion without a case below hands the whole format to vsnprintf(),
 * with the arguments from the start: what was written so far is a prefix of
 * what it writes.
 */
int sim_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = { buf, len, 0 };
	const char *pct, *whole = fmt;
	va_list again;
	int ret;

	va_copy(again, ap);
	while ((pct = strchr(fmt, '%'))) {
		size_t width = 0;
		bool zero = false;
		int size = 0;	/* 1: l, 2: ll, 3: z */

		put(&o, fmt, (size_t)(pct - fmt));
		fmt = pct + 1;
		if (*fmt == '%') {
			put(&o, "%", 1);
			fmt++;
			continue;
		}
		if (*fmt == '0')
			zero = true, fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (size_t)(*fmt++ - '0');
		if (*fmt == 'z')
			size = 3, fmt++;
		else if (fmt[0] == 'l' && fmt[1] == 'l')
			size = 2, fmt += 2;
		else if (*fmt == 'l')
			size = 1, fmt++;
		if (!is_plain(*fmt, size))
			goto not_plain;
		switch (*fmt++) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n;

			s = s ? s : "(null)";
			n = strlen(s);
			if (width > n)
				pad(&o, ' ', width - n);
			put(&o, s, n);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (width > 1)
				pad(&o, ' ', width - 1);
			put(&o, &c, 1);
			break;
		}
		case 'd': {
			long long v = size == 1 ? va_arg(ap, long) :
				      size == 2 ? va_arg(ap, long long) :
				      size == 3 ? (long long)va_arg(ap, ssize_t) :
						  va_arg(ap, int);
			unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v :
							 (unsigned long long)v;

			put_number(&o, mag, v < 0, 10, false, zero, width);
			break;
		}
		default: {	/* u, x, X */
			unsigned long long v = size == 1 ? va_arg(ap, unsigned long) :
					       size == 2 ? va_arg(ap, unsigned long long) :
					       size == 3 ? va_arg(ap, size_t) :
							   va_arg(ap, unsigned int);

			put_number(&o, v, false, fmt[-1] == 'u' ? 10 : 16, fmt[-1] == 'X', zero,
				   width);
			break;
		}
		}
	}
	put(&o, fmt, strlen(fmt));
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	va_end(again);
	return (int)o.pos;

not_plain:
	ret = vsnprintf(buf, len, whole, again);
	va_end(again);
	return ret;
}

int sim_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sim_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}
