// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * printk(), dev_printk() and the kernel's vsnprintf() extensions: %pa/%pap
 * (phys_addr_t/resource_size_t by reference), %pr/%pR (a struct resource),
 * %pU/%pUb/%pUl (UUIDs), %pe (an error pointer's name), %pOF/%pfw (no
 * firmware node names here), %ps/%pS (the symbol, when known: here "?").
 * A bare %p prints no address, so traces are the same from run to run.
 * Messages go to the run's trace; WARN_ON() is a finding.
 */
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/uuid.h>
#include <ctype.h>
#include <stdio.h>

#include "linux/record.h"

struct out {
	char *buf;
	size_t size, pos;
};

static void put(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, o->pos++)
		if (o->pos + 1 < o->size)
			o->buf[o->pos] = s[i];
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putf(struct out *o, const char *fmt, ...) __printf(2, 3);
static void putf(struct out *o, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(o, tmp, n < (int)sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* %p and its extension letters at *fmt; returns the format after them. */
static const char *pointer(struct out *o, const char *fmt, void *p)
{
	switch (*fmt) {
	case 'a':
		fmt++;
		if (*fmt == 'p' || *fmt == 'd')
			fmt++;
		putf(o, "%#018llx", p ? (unsigned long long)*(const u64 *)p : 0ULL);
		return fmt;
	case 'r':
	case 'R': {
		const struct resource *r = p;

		fmt++;
		if (r)
			putf(o, "[mem %#010llx-%#010llx]", (unsigned long long)r->start,
			     (unsigned long long)r->end);
		else
			puts_(o, "(null)");
		return fmt;
	}
	case 'U': {
		const u8 *b = p;
		bool upper = false;

		fmt++;
		if (*fmt == 'b' || *fmt == 'B' || *fmt == 'l' || *fmt == 'L') {
			upper = *fmt == 'B' || *fmt == 'L';
			fmt++;
		}
		for (int i = 0; i < 16 && b; i++) {
			if (i == 4 || i == 6 || i == 8 || i == 10)
				put(o, "-", 1);
			putf(o, upper ? "%02X" : "%02x", b[i]);
		}
		return fmt;
	}
	case 'e':
		fmt++;
		if (IS_ERR(p))
			putf(o, "%s", strerror((int)-PTR_ERR(p)));
		else
			puts_(o, "(ptr)");
		return fmt;
	case 'O':
	case 'f':
		fmt++;
		while (isalnum((unsigned char)*fmt))
			fmt++;
		puts_(o, "(fwnode)");
		return fmt;
	case 's':
	case 'S':
	case 'B':
		fmt++;
		puts_(o, "?");
		return fmt;
	case 'h':
		fmt++;
		while (*fmt == 'N' || *fmt == 'C' || *fmt == 'D' || *fmt == 'E')
			fmt++;
		puts_(o, "(hex)");
		return fmt;
	default:
		puts_(o, p ? "(ptr)" : "(null)");
		while (isalnum((unsigned char)*fmt))
			fmt++;
		return fmt;
	}
}

int linux_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size };

	while (*fmt) {
		char spec[32];
		size_t n = 0;
		const char *start = fmt;
		enum { NONE, HH, H, L, LL, Z, T, J } len = NONE;

		if (*fmt != '%') {
			put(&o, fmt++, 1);
			continue;
		}
		fmt++;
		if (*fmt == '%') {
			put(&o, "%", 1);
			fmt++;
			continue;
		}
		while (strchr("-+ #0", *fmt))
			fmt++;
		if (*fmt == '*') {
			fmt++;
		} else {
			while (isdigit((unsigned char)*fmt))
				fmt++;
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*')
				fmt++;
			else
				while (isdigit((unsigned char)*fmt))
					fmt++;
		}
		if (fmt[0] == 'h' && fmt[1] == 'h') {
			len = HH;
			fmt += 2;
		} else if (fmt[0] == 'l' && fmt[1] == 'l') {
			len = LL;
			fmt += 2;
		} else if (*fmt == 'h') {
			len = H;
			fmt++;
		} else if (*fmt == 'l') {
			len = L;
			fmt++;
		} else if (*fmt == 'z') {
			len = Z;
			fmt++;
		} else if (*fmt == 't') {
			len = T;
			fmt++;
		} else if (*fmt == 'j') {
			len = J;
			fmt++;
		}
		n = fmt - start + 1;
		if (n >= sizeof(spec) || !*fmt)
			break;
		memcpy(spec, start, n);
		spec[n] = 0;
		/* One conversion at a time; '*' widths and precisions take an int first. */
		{
			int stars = 0;
			int sv[2] = { 0, 0 };

			for (size_t i = 0; i < n; i++)
				if (spec[i] == '*' && stars < 2)
					sv[stars++] = va_arg(ap, int);
			switch (*fmt) {
			case 'p':
				fmt = pointer(&o, fmt + 1, va_arg(ap, void *));
				continue;
			case 's': {
				const char *s = va_arg(ap, const char *);

				if (!s)
					s = "(null)";
				if (stars == 2)
					putf(&o, spec, sv[0], sv[1], s);
				else if (stars == 1)
					putf(&o, spec, sv[0], s);
				else
					putf(&o, spec, s);
				break;
			}
			case 'c':
				putf(&o, spec, va_arg(ap, int));
				break;
			case 'd':
			case 'i':
			case 'u':
			case 'x':
			case 'X':
			case 'o': {
				long long v;

				if (len == LL || len == L || len == Z || len == T || len == J)
					v = va_arg(ap, long long);
				else
					v = va_arg(ap, int);
				if (stars == 1)
					putf(&o, spec, sv[0], v);
				else if (stars == 2)
					putf(&o, spec, sv[0], sv[1], v);
				else if (len == LL || len == L || len == Z || len == T || len == J)
					putf(&o, spec, v);
				else
					putf(&o, spec, (int)v);
				break;
			}
			default:
				put(&o, spec, n);
				break;
			}
			fmt++;
		}
	}
	if (size)
		buf[o.pos < size ? o.pos : size - 1] = 0;
	return (int)o.pos;
}

int linux_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = linux_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = linux_vsnprintf(buf, size, fmt, args);

	if (!size)
		return 0;
	return n < (int)size ? n : (int)size - 1;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static const char *level_of(const char **msg)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err",
					     "warn",  "notice", "info", "debug" };
	const char *m = *msg;

	if (m[0] == KERN_SOH[0] && m[1] >= '0' && m[1] <= '7') {
		*msg = m + 2;
		return names[m[1] - '0'];
	}
	if (m[0] == KERN_SOH[0] && m[1])
		*msg = m + 2;
	return "info";
}

static void strip_newline(char *s)
{
	size_t n = strlen(s);

	if (n && s[n - 1] == '\n')
		s[n - 1] = 0;
}

int _printk(const char *fmt, ...)
{
	char msg[256];
	const char *level = level_of(&fmt);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = linux_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strip_newline(msg);
	linux_compat_record("printk", level, msg);
	return n;
}

void _dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	char msg[256], obj[96];
	const char *lv = level_of(&level);
	va_list ap;

	va_start(ap, fmt);
	linux_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strip_newline(msg);
	linux_snprintf(obj, sizeof(obj), "%s:%s", lv, dev ? dev_name(dev) : "(NULL device)");
	linux_compat_record("dev_printk", obj, msg);
}

int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	char msg[256], obj[96];
	va_list ap;

	va_start(ap, fmt);
	linux_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strip_newline(msg);
	linux_snprintf(obj, sizeof(obj), "%s:%s", err == -EPROBE_DEFER ? "debug" : "err",
		       dev ? dev_name(dev) : "(NULL device)");
	linux_compat_record("dev_printk", obj, msg);
	return err;
}

void linux_warn(const char *file, int line, const char *func, const char *cond)
{
	const char *base = strrchr(file, '/');

	sim_violation(sim_current(), "kernel-warn", "WARN_ON(%s) at %s:%d in %s()", cond,
		      base ? base + 1 : file, line, func);
}

void linux_bug(const char *file, int line, const char *func, const char *cond)
{
	struct sim *s = sim_current();
	const char *base = strrchr(file, '/');

	sim_violation(s, "kernel-bug", "BUG_ON(%s) at %s:%d in %s()", cond, base ? base + 1 : file,
		      line, func);
	sim_stop(s);
	for (;;)
		sim_block(s, "BUG", 0);
}
