/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unaligned little/big-endian access; the host is little-endian (x86-64, aarch64). */
#ifndef _LINUX_COMPAT_UNALIGNED_H
#define _LINUX_COMPAT_UNALIGNED_H

#include <linux/types.h>
#include <string.h>

#define __LINUX_UNALIGNED(bits)                                                            \
	static inline u##bits get_unaligned_le##bits(const void *p)                        \
	{                                                                                  \
		u##bits v;                                                                 \
		memcpy(&v, p, sizeof(v));                                                  \
		return v;                                                                  \
	}                                                                                  \
	static inline void put_unaligned_le##bits(u##bits v, void *p)                      \
	{                                                                                  \
		memcpy(p, &v, sizeof(v));                                                  \
	}                                                                                  \
	static inline u##bits get_unaligned_be##bits(const void *p)                        \
	{                                                                                  \
		return __builtin_bswap##bits(get_unaligned_le##bits(p));                   \
	}                                                                                  \
	static inline void put_unaligned_be##bits(u##bits v, void *p)                      \
	{                                                                                  \
		put_unaligned_le##bits(__builtin_bswap##bits(v), p);                       \
	}
__LINUX_UNALIGNED(16)
__LINUX_UNALIGNED(32)
__LINUX_UNALIGNED(64)
#undef __LINUX_UNALIGNED
static inline u32 get_unaligned_le24(const void *p)
{
	const u8 *b = p;

	return b[0] | b[1] << 8 | (u32)b[2] << 16;
}
static inline void put_unaligned_le24(u32 v, void *p)
{
	u8 *b = p;

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
}
#define get_unaligned(ptr)                                                                  \
	({                                                                                  \
		__typeof__(*(ptr)) __v;                                                     \
		memcpy(&__v, (ptr), sizeof(__v));                                          \
		__v;                                                                        \
	})
#define put_unaligned(val, ptr)                                                             \
	do {                                                                                \
		__typeof__(*(ptr)) __v = (val);                                             \
		memcpy((ptr), &__v, sizeof(__v));                                           \
	} while (0)

/* Byte order: the host is little-endian. */
#define cpu_to_le16(x) ((__le16)(u16)(x))
#define cpu_to_le32(x) ((__le32)(u32)(x))
#define cpu_to_le64(x) ((__le64)(u64)(x))
#define le16_to_cpu(x) ((u16)(__le16)(x))
#define le32_to_cpu(x) ((u32)(__le32)(x))
#define le64_to_cpu(x) ((u64)(__le64)(x))
#define cpu_to_be16(x) ((__be16)__builtin_bswap16(x))
#define cpu_to_be32(x) ((__be32)__builtin_bswap32(x))
#define cpu_to_be64(x) ((__be64)__builtin_bswap64(x))
#define be16_to_cpu(x) __builtin_bswap16((u16)(x))
#define be32_to_cpu(x) __builtin_bswap32((u32)(x))
#define be64_to_cpu(x) __builtin_bswap64((u64)(x))
#define le16_to_cpup(p) le16_to_cpu(*(p))
#define le32_to_cpup(p) le32_to_cpu(*(p))
#define le64_to_cpup(p) le64_to_cpu(*(p))
#define le16_add_cpu(p, v) (*(p) = cpu_to_le16(le16_to_cpu(*(p)) + (v)))
#define le32_add_cpu(p, v) (*(p) = cpu_to_le32(le32_to_cpu(*(p)) + (v)))

#endif
