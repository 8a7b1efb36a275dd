/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The second pass over a trace header under CREATE_TRACE_POINTS: the
 * tracepoints of linux/tracepoint.h need no definitions out of line, so
 * there is nothing to generate.
 */
#undef CREATE_TRACE_POINTS
