/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _LINUX_COMPAT_STRING_H
#define _LINUX_COMPAT_STRING_H

#include <string.h>

#include <linux/types.h>
#include <linux/compiler.h>

ssize_t strscpy(char *dst, const char *src, size_t count);
ssize_t strscpy_pad(char *dst, const char *src, size_t count);
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t size);
void *memchr_inv(const void *s, int c, size_t n);
bool sysfs_streq(const char *s1, const char *s2);
int match_string(const char *const *array, size_t n, const char *string);
#define sysfs_match_string(_a, _s) match_string(_a, ARRAY_SIZE(_a), _s)
ssize_t memory_read_from_buffer(void *to, size_t count, loff_t *ppos, const void *from,
				size_t available);
char *strreplace(char *s, char old, char new);
char *skip_spaces(const char *str);
char *strim(char *s);
bool mem_is_zero(const void *s, size_t n);
static inline bool str_has_prefix(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}
static inline const char *str_yes_no(bool v)
{
	return v ? "yes" : "no";
}
static inline const char *str_enabled_disabled(bool v)
{
	return v ? "enabled" : "disabled";
}
static inline const char *str_true_false(bool v)
{
	return v ? "true" : "false";
}
#define memset_startat(obj, v, member)                                                      \
	memset((char *)(obj) + offsetof(__typeof__(*(obj)), member), v,                     \
	       sizeof(*(obj)) - offsetof(__typeof__(*(obj)), member))
#define unsafe_memcpy(dst, src, bytes, justification) memcpy(dst, src, bytes)
#define strtomem_pad(dest, src, pad)                                                        \
	do {                                                                                \
		size_t __n = strnlen(src, sizeof(dest));                                    \
		memcpy(dest, src, __n);                                                     \
		memset((char *)(dest) + __n, pad, sizeof(dest) - __n);                      \
	} while (0)

#endif
