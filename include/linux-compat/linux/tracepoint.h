/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Tracepoints.  TRACE_EVENT(name, ...) gives trace_name(args) and
 * trace_name_enabled(): a call records "tracepoint NAME" in the simulation's
 * trace (the event's fields are not formatted); _enabled() says no, so code
 * that only gathers data for a tracepoint skips the work, as with tracing
 * off.  No ordering depends on a tracepoint.
 */
#ifndef _LINUX_COMPAT_TRACEPOINT_H
#define _LINUX_COMPAT_TRACEPOINT_H

#include <linux/types.h>

/* Record that tracepoint @name was hit (src/linux/trace.c). */
void linux_compat_tracepoint(const char *name);

#define PARAMS(args...) args
#define TP_PROTO(args...) args
#define TP_ARGS(args...) args
#define TP_STRUCT__entry(args...) args
#define TP_fast_assign(args...) args
#define TP_printk(fmt, args...) fmt, args
#define TP_CONDITION(args...) args

#define DECLARE_TRACE(name, proto, args)                                                    \
	static inline void trace_##name(proto)                                              \
	{                                                                                   \
		linux_compat_tracepoint(#name);                                             \
	}                                                                                   \
	static inline bool trace_##name##_enabled(void)                                     \
	{                                                                                   \
		return false;                                                               \
	}

#define TRACE_EVENT(name, proto, args, struct, assign, print)                               \
	DECLARE_TRACE(name, PARAMS(proto), PARAMS(args))
#define TRACE_EVENT_CONDITION(name, proto, args, cond, struct, assign, print)              \
	DECLARE_TRACE(name, PARAMS(proto), PARAMS(args))
#define DECLARE_EVENT_CLASS(name, proto, args, tstruct, assign, print)
#define DEFINE_EVENT(template, name, proto, args) DECLARE_TRACE(name, PARAMS(proto), PARAMS(args))
#define DEFINE_EVENT_PRINT(template, name, proto, args, print)                              \
	DECLARE_TRACE(name, PARAMS(proto), PARAMS(args))
#define TRACE_DEFINE_ENUM(a)

#endif /* _LINUX_COMPAT_TRACEPOINT_H */
