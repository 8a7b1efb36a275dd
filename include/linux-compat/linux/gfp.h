/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Allocation flags: only __GFP_ZERO changes anything here (every allocation is tracked). */
#ifndef _LINUX_COMPAT_GFP_H
#define _LINUX_COMPAT_GFP_H

#include <linux/types.h>

#define __GFP_ZERO 0x100u
#define __GFP_NOWARN 0x200u
#define __GFP_NORETRY 0x400u
#define __GFP_NOFAIL 0x800u
#define __GFP_ACCOUNT 0x1000u
#define GFP_KERNEL 0x1u
#define GFP_NOWAIT 0x2u
#define GFP_ATOMIC 0x4u
#define GFP_NOIO 0x8u
#define GFP_NOFS 0x10u
#define GFP_DMA 0x20u
#define GFP_DMA32 0x40u
#define GFP_HIGHUSER 0x80u
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)

#endif
