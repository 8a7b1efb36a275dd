// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "strbuf.h"

/* Room for @n more bytes and the NUL. */
static bool strbuf_reserve(struct sim_strbuf *sb, size_t n)
{
	size_t size = sb->size ? sb->size : 256;
	char *p;

	if (sb->overflow)
		return false;
	if (sb->len + n < sb->size)
		return true;
	while (sb->len + n >= size)
		size *= 2;
	p = realloc(sb->buf, size);
	if (!p) {
		sb->overflow = true;
		return false;
	}
	sb->buf = p;
	sb->size = size;
	return true;
}

void sim_strbuf_vprintf(struct sim_strbuf *sb, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	if (!strbuf_reserve(sb, 0))
		return;
	va_copy(again, ap);
	n = sim_vsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	if (n >= 0 && sb->len + (size_t)n >= sb->size && strbuf_reserve(sb, (size_t)n))
		/* Cut short: format it again into the room made for it. */
		sim_vsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, again);
	va_end(again);
	if (n < 0)
		sb->overflow = true;
	else if (!sb->overflow)
		sb->len += (size_t)n;
}

void sim_strbuf_printf(struct sim_strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sim_strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

void sim_strbuf_put(struct sim_strbuf *sb, const char *p, size_t n)
{
	if (!strbuf_reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sim_strbuf_puts(struct sim_strbuf *sb, const char *str)
{
	sim_strbuf_put(sb, str, strlen(str));
}

char *sim_strbuf_detach(struct sim_strbuf *sb)
{
	char *p = NULL;

	if (!sb->overflow && strbuf_reserve(sb, 0)) {
		p = sb->buf;
		p[sb->len] = '\0';
		sb->buf = NULL;
	}
	sim_strbuf_release(sb);
	return p;
}

void sim_strbuf_release(struct sim_strbuf *sb)
{
	free(sb->buf);
	*sb = (struct sim_strbuf)SIM_STRBUF_INIT;
}
