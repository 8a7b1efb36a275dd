// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sim_snprintf() must write exactly what snprintf() writes and return the
 * same length, for every buffer size (truncation), since names and messages
 * it formats end up in traces and schedules' reports.
 */
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "sim_test_util.h"

#define SAME(...)                                                                        \
	do {                                                                             \
		char want[96], got[96];                                                  \
		size_t len;                                                              \
                                                                                         \
		for (len = 0; len <= sizeof(want); len++) {                              \
			int a, b;                                                        \
                                                                                         \
			memset(want, 'W', sizeof(want));                                 \
			memset(got, 'W', sizeof(got));                                   \
			a = snprintf(len ? want : NULL, len, __VA_ARGS__);               \
			b = sim_snprintf(len ? got : NULL, len, __VA_ARGS__);            \
			assert_int_equal(a, b);                                          \
			assert_memory_equal(want, got, sizeof(want));                    \
		}                                                                        \
	} while (0)

CXLSIM_TEST(format_matches_snprintf)
{
	char longer[120];

	SAME("plain text, no conversion");
	SAME("%s", "");
	SAME("udev:%s", "pci:v00008086d00000001sv00000000sd00000000bc05sc02i10");
	SAME("%s MODALIAS=%s", "add", "cxl:t5");
	SAME("%8s|%2s|%s", "ab", "abcdef", (const char *)"x");
	SAME("mem%d port%d %d %d", 0, 12345, -7, -2147483647 - 1);
	SAME("%05d|%5d|%02d|%0d", -42, -42, 3, 0);
	SAME("0000:%02x:00.0 pci0000:%02x %x %08x", 1, 0xab, 0xdeadbeefu, 0x1234u);
	SAME("pci:v%08Xd00000001sv00000000sd00000000bc%02Xsc%02Xi%02X", 0x8086u, 5u, 2u, 0x10u);
	SAME("%X %lX %llX %zX %5X", 0xdeadbeefu, 0xabcdef012ul, 18446744073709551615ull,
	     (size_t)0xbeef, 0xau);
	SAME("%u %lu %llu %zu", 4000000000u, 123456789012ul, 18446744073709551615ull,
	     (size_t)77);
	SAME("%ld %lld %zd", -123456789012l, -9223372036854775807ll - 1, (ssize_t)-5);
	SAME("%c%c%3c %% 100%%", 'a', 'b', 'c');
	SAME("choice %u out of range (%u alternatives) at choice %zu", 9u, 3u, (size_t)17);
	/* Longer than the buffers: strings copied while measured, literal runs past 16. */
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	SAME("[%s] and a literal run longer than sixteen characters %s!", longer, "tail");
	/* Not plain: handed to vsnprintf() whole. */
	SAME("%-6s|%+d|%.3s|%5.2f|%p", "ab", 5, "abcdef", 3.14159, (void *)0x1000);
	SAME("%s %-4d %s", "mixed", 12, "tail");
}
