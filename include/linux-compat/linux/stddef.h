/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_STDDEF_H
#define _LINUX_COMPAT_STDDEF_H

#include <stddef.h>

#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER) (offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))
/* A group of members also reachable as one struct (struct_group() in the kernel). */
#define __struct_group(TAG, NAME, ATTRS, MEMBERS...)                                        \
	union {                                                                             \
		struct { MEMBERS } ATTRS;                                                   \
		struct TAG { MEMBERS } ATTRS NAME;                                          \
	} ATTRS
#define struct_group(NAME, MEMBERS...) __struct_group(/* no tag */, NAME, /* no attrs */, MEMBERS)
#define struct_group_tagged(TAG, NAME, MEMBERS...) __struct_group(TAG, NAME, /* no attrs */, MEMBERS)
#define struct_group_attr(NAME, ATTRS, MEMBERS...) __struct_group(/* no tag */, NAME, ATTRS, MEMBERS)
#define DECLARE_FLEX_ARRAY(TYPE, NAME)                                                      \
	struct {                                                                            \
		struct { } __empty_##NAME;                                                  \
		TYPE NAME[];                                                                \
	}

#endif
