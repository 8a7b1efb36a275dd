/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_INSTRUCTION_POINTER_H
#define _LINUX_COMPAT_INSTRUCTION_POINTER_H
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })
#endif
