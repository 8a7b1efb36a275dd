// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Interned strings: hashed, open addressing, ids stable for the simulation's
 * life.  An id is the order of first interning, so the hash function only
 * decides speed, never an id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/*
 * Eight bytes per multiply, not one as FNV-1a: names such as
 * "udev:pci:v00008086d00000001sv00000000sd00000000bc05sc02i10" are interned
 * on every run (FNV-1a was a tenth of a minimal schedule).
 */
static uint32_t str_hash(const char *s)
{
	const uint64_t mul = 0xff51afd7ed558ccdull;
	size_t len = strlen(s);
	uint64_t h = len, w;

	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * mul;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * mul;
	return (uint32_t)(h ^ h >> 32);
}

static bool rehash(struct intern_table *t, uint32_t nr_slots)
{
	uint32_t *slots = calloc(nr_slots, sizeof(*slots));
	uint32_t i;

	if (!slots)
		return false;
	for (i = 0; i < t->nr; i++) {
		uint32_t j = t->hashes[i] & (nr_slots - 1);

		while (slots[j])
			j = (j + 1) & (nr_slots - 1);
		slots[j] = i + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->nr_slots = nr_slots;
	return true;
}

void cxlsim__intern_init(struct intern_table *t)
{
	memset(t, 0, sizeof(*t));
	t->cap = 256;
	t->strs = malloc(t->cap * sizeof(*t->strs));
	t->hashes = malloc(t->cap * sizeof(*t->hashes));
	if (!t->strs || !t->hashes)
		goto fail;
	t->strs[0] = strdup("");
	t->hashes[0] = str_hash("");
	t->nr = 1;
	if (t->strs[0] && rehash(t, 512))
		return;
	free(t->strs[0]);
fail:
	free(t->strs);
	free(t->hashes);
	t->strs = NULL;
	t->hashes = NULL;
}

void cxlsim__intern_free(struct intern_table *t)
{
	uint32_t i;

	for (i = 0; i < t->nr; i++)
		free(t->strs[i]);
	free(t->strs);
	free(t->hashes);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static struct intern_recent *recent_slot(struct intern_table *t, const char *str)
{
	uintptr_t a = (uintptr_t)str;

	return &t->recent[(a ^ a >> 7 ^ a >> 14) % INTERN_RECENT];
}

uint32_t sim_intern(struct sim *s, const char *str)
{
	struct intern_table *t = &s->strings;
	struct intern_recent *r;
	uint32_t j, id, h;
	char *copy;

	if (!str || !*str)
		return 0;
	r = recent_slot(t, str);
	if (r->str == str && !strcmp(t->strs[r->id], str))
		return r->id;
	h = str_hash(str);
	for (j = h & (t->nr_slots - 1); t->slots[j]; j = (j + 1) & (t->nr_slots - 1)) {
		id = t->slots[j] - 1;
		if (t->hashes[id] == h && !strcmp(t->strs[id], str)) {
			r->str = str;
			r->id = id;
			return id;
		}
	}
	if (t->nr == t->cap) {
		char **n = realloc(t->strs, 2 * t->cap * sizeof(*n));
		uint32_t *nh;

		if (!n)
			return 0;
		t->strs = n;
		nh = realloc(t->hashes, 2 * t->cap * sizeof(*nh));
		if (!nh)
			return 0;
		t->hashes = nh;
		t->cap *= 2;
	}
	copy = strdup(str);
	if (!copy)
		return 0;
	id = t->nr++;
	t->strs[id] = copy;
	t->hashes[id] = h;
	if (2 * t->nr > t->nr_slots) {
		if (!rehash(t, t->nr_slots * 2))
			return 0;
	} else {
		t->slots[j] = id + 1;
	}
	r->str = str;
	r->id = id;
	return id;
}

uint32_t sim_internf(struct sim *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	sim_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return sim_intern(s, buf);
}

uint32_t sim_intern_prefixed(struct sim *s, const char *prefix, uint32_t id)
{
	struct intern_table *t = &s->strings;
	uintptr_t a = (uintptr_t)prefix;
	struct intern_prefixed *p = &t->prefixed[(a ^ a >> 7 ^ id * 0x9e3779b1u) % INTERN_PREFIXED];
	char buf[128];		/* sim_spawnf()'s: names truncate as they did */
	uint32_t result;

	if (p->prefix == prefix && p->id == id)
		return p->result;
	/* Interned at the same moment as a formatted name would be: ids do not change. */
	sim_snprintf(buf, sizeof(buf), "%s%s", prefix, sim_str(s, id));
	result = sim_intern(s, buf);
	if (result) {
		p->prefix = prefix;
		p->id = id;
		p->result = result;
	}
	return result;
}

const char *sim_str(const struct sim *s, uint32_t id)
{
	return id < s->strings.nr ? s->strings.strs[id] : "?";
}
