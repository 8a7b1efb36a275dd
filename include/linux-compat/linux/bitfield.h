/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Register fields by mask: FIELD_GET/FIELD_PREP and the le/be *_get_bits helpers. */
#ifndef _LINUX_COMPAT_BITFIELD_H
#define _LINUX_COMPAT_BITFIELD_H

#include <linux/bits.h>
#include <linux/types.h>

#define __bf_shf(x) (__builtin_ffsll(x) - 1)
#define FIELD_MAX(mask) ((__typeof__(mask))((mask) >> __bf_shf(mask)))
#define FIELD_FIT(mask, val) (!((((u64)(val)) << __bf_shf(mask)) & ~(u64)(mask)))
#define FIELD_PREP(mask, val) ((__typeof__(mask))(((__typeof__(mask))(val) << __bf_shf(mask)) & (mask)))
#define FIELD_GET(mask, reg) ((__typeof__(mask))(((reg) & (mask)) >> __bf_shf(mask)))
#define FIELD_PREP_CONST(mask, val) (((val) << __bf_shf(mask)) & (mask))

#define __LINUX_MAKE_OP(size)                                                              \
	static inline u##size u##size##_get_bits(u##size v, u##size field)                 \
	{                                                                                  \
		return (v & field) / (field & -field);                                     \
	}                                                                                  \
	static inline u##size u##size##_encode_bits(u##size v, u##size field)              \
	{                                                                                  \
		return (v * (field & -field)) & field;                                     \
	}                                                                                  \
	static inline u##size u##size##_replace_bits(u##size old, u##size val, u##size field) \
	{                                                                                  \
		return (old & ~field) | u##size##_encode_bits(val, field);                 \
	}                                                                                  \
	static inline void u##size##p_replace_bits(u##size *p, u##size val, u##size field) \
	{                                                                                  \
		*p = (*p & ~field) | u##size##_encode_bits(val, field);                    \
	}                                                                                  \
	static inline u##size le##size##_get_bits(u##size v, u##size field)                \
	{                                                                                  \
		return u##size##_get_bits(v, field);                                       \
	}                                                                                  \
	static inline u##size le##size##_encode_bits(u##size v, u##size field)             \
	{                                                                                  \
		return u##size##_encode_bits(v, field);                                    \
	}
__LINUX_MAKE_OP(8)
__LINUX_MAKE_OP(16)
__LINUX_MAKE_OP(32)
__LINUX_MAKE_OP(64)
#undef __LINUX_MAKE_OP

#endif
