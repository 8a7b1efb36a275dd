/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Bit operations.  One task runs at a time, so the "atomic" ones are plain
 * read-modify-writes.
 */
#ifndef _LINUX_COMPAT_BITOPS_H
#define _LINUX_COMPAT_BITOPS_H

#include <linux/bits.h>
#include <linux/types.h>

#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline void set_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}
static inline void clear_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}
static inline void change_bit(long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}
static inline bool test_bit(long nr, const volatile unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}
static inline bool test_and_set_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	set_bit(nr, addr);
	return old;
}
static inline bool test_and_clear_bit(long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	clear_bit(nr, addr);
	return old;
}
#define __set_bit set_bit
#define __clear_bit clear_bit
#define __test_and_set_bit test_and_set_bit
#define __test_and_clear_bit test_and_clear_bit
#define clear_bit_unlock clear_bit
#define test_and_set_bit_lock test_and_set_bit

static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}
static inline unsigned long __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}
static inline unsigned long __fls(unsigned long word)
{
	return 63 - __builtin_clzl(word);
}
#define ffs(x) __builtin_ffs(x)
static inline unsigned int __ffs64(u64 word)
{
	return __builtin_ctzll(word);
}
#define ffz(x) __ffs(~(x))
static inline unsigned int hweight32(unsigned int w)
{
	return __builtin_popcount(w);
}
static inline unsigned int hweight8(unsigned int w)
{
	return __builtin_popcount(w & 0xff);
}
static inline unsigned int hweight16(unsigned int w)
{
	return __builtin_popcount(w & 0xffff);
}
static inline unsigned long hweight64(u64 w)
{
	return __builtin_popcountll(w);
}
#define hweight_long(w) hweight64(w)

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset);
#define find_first_bit(addr, size) find_next_bit((addr), (size), 0)
#define find_first_zero_bit(addr, size) find_next_zero_bit((addr), (size), 0)
#define for_each_set_bit(bit, addr, size)                                                   \
	for ((bit) = find_next_bit((addr), (size), 0); (bit) < (size);                       \
	     (bit) = find_next_bit((addr), (size), (bit) + 1))
#define for_each_clear_bit(bit, addr, size)                                                 \
	for ((bit) = find_next_zero_bit((addr), (size), 0); (bit) < (size);                  \
	     (bit) = find_next_zero_bit((addr), (size), (bit) + 1))

static inline void bitmap_zero(unsigned long *dst, unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = 0;
}
static inline void bitmap_fill(unsigned long *dst, unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		set_bit(i, dst);
}
static inline bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	return find_first_bit(src, nbits) >= nbits;
}
static inline bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	return find_first_zero_bit(src, nbits) >= nbits;
}
static inline unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int w = 0;

	for (unsigned int i = 0; i < nbits; i++)
		w += test_bit(i, src);
	return w;
}
static inline void bitmap_set(unsigned long *map, unsigned int start, unsigned int len)
{
	for (unsigned int i = start; i < start + len; i++)
		set_bit(i, map);
}
static inline void bitmap_clear(unsigned long *map, unsigned int start, unsigned int len)
{
	for (unsigned int i = start; i < start + len; i++)
		clear_bit(i, map);
}
static inline void bitmap_copy(unsigned long *dst, const unsigned long *src, unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = src[i];
}
static inline void bitmap_or(unsigned long *dst, const unsigned long *a, const unsigned long *b,
			     unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = a[i] | b[i];
}
static inline bool bitmap_and(unsigned long *dst, const unsigned long *a, const unsigned long *b,
			      unsigned int nbits)
{
	unsigned long any = 0;

	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		any |= (dst[i] = a[i] & b[i]);
	return any != 0;
}
static inline bool bitmap_andnot(unsigned long *dst, const unsigned long *a,
				 const unsigned long *b, unsigned int nbits)
{
	unsigned long any = 0;

	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		any |= (dst[i] = a[i] & ~b[i]);
	return any != 0;
}
static inline bool bitmap_equal(const unsigned long *a, const unsigned long *b, unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		if (test_bit(i, a) != test_bit(i, b))
			return false;
	return true;
}
static inline void bitmap_from_arr32(unsigned long *bitmap, const u32 *buf, unsigned int nbits)
{
	bitmap_zero(bitmap, nbits);
	for (unsigned int i = 0; i < nbits; i++)
		if (buf[i / 32] & (1u << (i % 32)))
			set_bit(i, bitmap);
}
static inline void bitmap_to_arr32(u32 *buf, const unsigned long *bitmap, unsigned int nbits)
{
	for (unsigned int i = 0; i < (nbits + 31) / 32; i++)
		buf[i] = 0;
	for (unsigned int i = 0; i < nbits; i++)
		if (test_bit(i, bitmap))
			buf[i / 32] |= 1u << (i % 32);
}
#define bitmap_alloc(n, gfp) ((unsigned long *)kcalloc(BITS_TO_LONGS(n), sizeof(long), (gfp)))
#define bitmap_zalloc(n, gfp) bitmap_alloc(n, gfp)
#define bitmap_free(p) kfree(p)

#endif
