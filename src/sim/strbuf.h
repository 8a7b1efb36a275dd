/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A string that grows as it is written, for text whose size is not known in
 * advance (an end state with a line per device).  Like the kernel's seq_buf,
 * a write does not fail on its own: running out of memory marks the buffer
 * overflowed, later writes do nothing, and the writer asks once at the end.
 */
#ifndef CXLSIM_SIM_STRBUF_H
#define CXLSIM_SIM_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct sim_strbuf {
	char *buf;		/* NUL-terminated once anything was written */
	size_t len, size;
	bool overflow;
};

#define SIM_STRBUF_INIT { NULL, 0, 0, false }

void sim_strbuf_printf(struct sim_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sim_strbuf_vprintf(struct sim_strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void sim_strbuf_puts(struct sim_strbuf *sb, const char *str);
/* @n bytes of @p, which need not end in a NUL. */
void sim_strbuf_put(struct sim_strbuf *sb, const char *p, size_t n);

static inline bool sim_strbuf_has_overflowed(const struct sim_strbuf *sb)
{
	return sb->overflow;
}

/*
 * Hand the text over: malloc'd and NUL-terminated ("" when nothing was
 * written), the caller frees it; NULL when the buffer overflowed.  Either
 * way @sb is empty again.
 */
char *sim_strbuf_detach(struct sim_strbuf *sb);
void sim_strbuf_release(struct sim_strbuf *sb);

#endif /* CXLSIM_SIM_STRBUF_H */
