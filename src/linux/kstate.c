// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel image's state across runs.  Kernel code keeps its state in
 * globals (DEFINE_IDA, static mutexes, cxl_bus_type...); the build gathers
 * the kernel objects' writable data into the section linux_kdata (and any
 * zero-initialized data into linux_kbss), so that every run starts from the
 * pristine image: a copy taken before the first run is written back at the
 * start of each.  The copy is process-wide and never changes once taken.
 *
 * Under ASan the sections hold the instrumented globals' redzones: the copies
 * are then byte loops the sanitizer does not check (memcpy() is intercepted
 * and would report the poisoned redzones); elsewhere they are memcpy().
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "linux/kimage.h"
#include "sim/sim.h"

extern char __start_linux_kdata[] __attribute__((weak, visibility("hidden")));
extern char __stop_linux_kdata[] __attribute__((weak, visibility("hidden")));
extern char __start_linux_kbss[] __attribute__((weak, visibility("hidden")));
extern char __stop_linux_kbss[] __attribute__((weak, visibility("hidden")));

static pthread_once_t snapshot_once = PTHREAD_ONCE_INIT;
static char *snapshot;
static _Atomic(struct sim *) owner;

#ifdef CXLSIM_ASAN
__attribute__((no_sanitize("address"), noinline)) static void raw_copy(volatile char *dst,
									const volatile char *src,
									size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i];
}

__attribute__((no_sanitize("address"), noinline)) static void raw_zero(volatile char *dst, size_t n)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = 0;
}
#else
static void raw_copy(char *dst, const char *src, size_t n)
{
	memcpy(dst, src, n);
}

static void raw_zero(char *dst, size_t n)
{
	memset(dst, 0, n);
}
#endif

static size_t kdata_len(void)
{
	return __start_linux_kdata ? (size_t)(__stop_linux_kdata - __start_linux_kdata) : 0;
}

static size_t kbss_len(void)
{
	return __start_linux_kbss ? (size_t)(__stop_linux_kbss - __start_linux_kbss) : 0;
}

static void take_snapshot(void)
{
	size_t n = kdata_len();

	snapshot = malloc(n ? n : 1);
	if (snapshot)
		raw_copy(snapshot, __start_linux_kdata, n);
}

int linux_kernel_claim(struct sim *s)
{
	struct sim *expected = NULL;

	if (atomic_compare_exchange_strong(&owner, &expected, s) || expected == s)
		return 0;
	return -EBUSY;
}

void linux_kernel_unclaim(struct sim *s)
{
	struct sim *expected = s;

	atomic_compare_exchange_strong(&owner, &expected, NULL);
}

int linux_kernel_reset(void)
{
	pthread_once(&snapshot_once, take_snapshot);
	if (!snapshot)
		return -ENOMEM;
	raw_copy(__start_linux_kdata, snapshot, kdata_len());
	raw_zero(__start_linux_kbss, kbss_len());
	return 0;
}

size_t linux_kernel_image_bytes(void)
{
	return kdata_len() + kbss_len();
}

const void *linux_kimage_once(const void *key, const void *(*build)(const void *key))
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static struct {
		const void *key, *val;
	} cache[8];
	const void *val = NULL;
	size_t i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < 8 && cache[i].key; i++)
		if (cache[i].key == key)
			break;
	if (i < 8 && !cache[i].key) {
		cache[i].key = key;
		cache[i].val = build(key);
	}
	if (i < 8)
		val = cache[i].val;
	pthread_mutex_unlock(&lock);
	if (!val)
		abort();
	return val;
}

void linux_unimplemented(const char *name, const char *callers)
{
	struct sim *s = sim_current();

	if (!s)
		abort();
	sim_violation(s, "unimplemented", "unimplemented: %s called from %s", name,
		      callers[0] ? callers : "(unknown)");
	sim_stop(s);
	/* The run ends at this scheduling point; this task is never resumed. */
	for (;;)
		sim_block(s, "unimplemented", sim_intern(s, name));
}
