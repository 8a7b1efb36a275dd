// SPDX-License-Identifier: LGPL-2.1-or-later
/* lib/ helpers kernel code calls: strings, kstrto*(), sort(), UUIDs, bit searches, time. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/kstrtox.h>
#include <linux/sort.h>
#include <linux/uuid.h>
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/jiffies.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "sim/sim.h"

ssize_t strscpy(char *dst, const char *src, size_t count)
{
	size_t n;

	if (!count)
		return -E2BIG;
	n = strnlen(src, count);
	if (n == count) {
		memcpy(dst, src, count - 1);
		dst[count - 1] = 0;
		return -E2BIG;
	}
	memcpy(dst, src, n + 1);
	return n;
}

ssize_t strscpy_pad(char *dst, const char *src, size_t count)
{
	ssize_t n = strscpy(dst, src, count);
	size_t used = n < 0 ? count : (size_t)n + 1;

	if (used < count)
		memset(dst + used, 0, count - used);
	return n;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

size_t strlcat(char *dst, const char *src, size_t size)
{
	size_t d = strnlen(dst, size);

	if (d == size)
		return d + strlen(src);
	return d + strlcpy(dst + d, src, size - d);
}

void *memchr_inv(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}

bool mem_is_zero(const void *s, size_t n)
{
	return !memchr_inv(s, 0, n);
}

int match_string(const char *const *array, size_t n, const char *string)
{
	for (size_t i = 0; i < n; i++) {
		if (!array[i])
			break;
		if (!strcmp(array[i], string))
			return i;
	}
	return -EINVAL;
}

char *strreplace(char *s, char old, char new)
{
	for (; *s; s++)
		if (*s == old)
			*s = new;
	return s;
}

char *skip_spaces(const char *str)
{
	while (isspace((unsigned char)*str))
		str++;
	return (char *)str;
}

char *strim(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	return skip_spaces(s);
}

/* ---- kstrto*(): the whole string (one trailing newline allowed) or -EINVAL ---- */

static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	char *end;

	if (!*s || *s == '-' || isspace((unsigned char)*s))
		return -EINVAL;
	if (*s == '+')
		s++;
	errno = 0;
	*res = strtoull(s, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	if (end == s)
		return -EINVAL;
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	return parse_ull(s, base, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int rc;

	if (*s == '-') {
		rc = parse_ull(s + 1, base, &v);
		if (rc)
			return rc;
		if (v > (unsigned long long)LLONG_MAX + 1)
			return -ERANGE;
		*res = -(long long)v;
		return 0;
	}
	rc = parse_ull(s, base, &v);
	if (rc)
		return rc;
	if (v > LLONG_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}

#define KSTRTO_U(name, T, MAX)                                                              \
	int name(const char *s, unsigned int base, T *res)                                  \
	{                                                                                   \
		unsigned long long v;                                                       \
		int rc = parse_ull(s, base, &v);                                            \
		if (rc)                                                                     \
			return rc;                                                          \
		if (v > (MAX))                                                              \
			return -ERANGE;                                                     \
		*res = (T)v;                                                                \
		return 0;                                                                   \
	}
KSTRTO_U(kstrtouint, unsigned int, UINT_MAX)
KSTRTO_U(kstrtou32, u32, U32_MAX)
KSTRTO_U(kstrtou16, u16, U16_MAX)
KSTRTO_U(kstrtou8, u8, U8_MAX)

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int rc = kstrtoll(s, base, &v);

	if (rc)
		return rc;
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y':
	case 'Y':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

/* ---- sort(): insertion sort, stable; the CXL code sorts a handful of entries ---- */

static void swap_bytes(void *a, void *b, int size)
{
	unsigned char *x = a, *y = b;

	for (int i = 0; i < size; i++) {
		unsigned char t = x[i];

		x[i] = y[i];
		y[i] = t;
	}
}

void sort(void *base, size_t num, size_t size, cmp_func_t cmp, swap_func_t swap_fn)
{
	char *b = base;

	if (!swap_fn)
		swap_fn = swap_bytes;
	for (size_t i = 1; i < num; i++)
		for (size_t j = i; j > 0 && cmp(b + (j - 1) * size, b + j * size) > 0; j--)
			swap_fn(b + (j - 1) * size, b + j * size, (int)size);
}

/* ---- UUIDs: random ones from the run's seeded source ---- */

void uuid_gen(uuid_t *u)
{
	struct sim *s = sim_current();

	for (int i = 0; i < UUID_SIZE; i++)
		u->b[i] = (u8)sim_choose_timing(s, 256);
	u->b[6] = (u->b[6] & 0x0f) | 0x40;
	u->b[8] = (u->b[8] & 0x3f) | 0x80;
}

void guid_gen(guid_t *u)
{
	uuid_gen((uuid_t *)u);
}

static int parse_uuid(const char *str, u8 *b, const int *order)
{
	static const int pos[16] = { 0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34 };

	if (strlen(str) < UUID_STRING_LEN || str[8] != '-' || str[13] != '-' || str[18] != '-' ||
	    str[23] != '-')
		return -EINVAL;
	for (int i = 0; i < 16; i++) {
		char hex[3] = { str[pos[i]], str[pos[i] + 1], 0 };

		if (!isxdigit((unsigned char)hex[0]) || !isxdigit((unsigned char)hex[1]))
			return -EINVAL;
		b[order[i]] = (u8)strtoul(hex, NULL, 16);
	}
	return 0;
}

int uuid_parse(const char *str, uuid_t *u)
{
	static const int order[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

	return parse_uuid(str, u->b, order);
}

int guid_parse(const char *str, guid_t *u)
{
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };

	return parse_uuid(str, u->b, order);
}

/* ---- bit searches ---- */

unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset)
{
	for (; offset < size; offset++)
		if (test_bit(offset, addr))
			return offset;
	return size;
}

unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
				 unsigned long offset)
{
	for (; offset < size; offset++)
		if (!test_bit(offset, addr))
			return offset;
	return size;
}

/* ---- virtual time ---- */

u64 linux_now_ns(void)
{
	struct sim *s = sim_current();

	return s ? sim_now(s) : 0;
}

unsigned long linux_jiffies(void)
{
	return (unsigned long)(linux_now_ns() / (NSEC_PER_SEC / HZ));
}

void msleep(unsigned int msecs)
{
	sim_sleep_ns(sim_current(), (u64)msecs * NSEC_PER_MSEC);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}

void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}

void usleep_range(unsigned long min, unsigned long max)
{
	sim_sleep_ns(sim_current(), (u64)min * NSEC_PER_USEC);
}

void fsleep(unsigned long usecs)
{
	usleep_range(usecs, usecs);
}

/* Busy-waits do not yield: time does not advance either (no other task runs meanwhile). */
void udelay(unsigned long usecs)
{
}

void ndelay(unsigned long nsecs)
{
}

ssize_t memory_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from,
				size_t available)
{
	loff_t pos = *ppos;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	if (count > available - pos)
		count = available - pos;
	memcpy(to, (const char *)from + pos, count);
	*ppos = pos + count;
	return count;
}
