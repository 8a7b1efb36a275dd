// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Interned strings: hashed, open addressing, ids stable for the simulation's
 * life.  An id is the order of first interning, so the hash function only
 * decides speed, never an id.
 */
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* A string constant of this object: its segment holds the others. */
static const char ro_anchor[] = "libcxlsim read-only data";

static int find_ro_segment(struct dl_phdr_info *info, size_t size, void *data)
{
	struct intern_table *t = data;
	uintptr_t a = (uintptr_t)ro_anchor;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type != PT_LOAD || a < lo || a - lo >= ph->p_memsz)
			continue;
		/* Writable (RELRO included): not to be trusted. */
		if (!(ph->p_flags & PF_W)) {
			t->ro_lo = lo;
			t->ro_hi = lo + ph->p_memsz;
		}
		return 1;
	}
	return 0;
}

/* Is @str in this object's read-only segment, where its content never changes? */
static inline bool constant_str(const struct intern_table *t, const char *str)
{
	return (uintptr_t)str - t->ro_lo < t->ro_hi - t->ro_lo;
}

#define INTERN_BLOCK 16384
/* An id's reference: its block's index, then the offset in it (a long string's block: 0). */
#define INTERN_OFF_BITS 14
#define INTERN_MAX_BLOCKS (1u << (32 - INTERN_OFF_BITS))
_Static_assert(INTERN_BLOCK == 1u << INTERN_OFF_BITS, "an offset in a block fits its bits");

static inline const char *str_of(const struct intern_table *t, uint32_t id)
{
	uint32_t r = t->refs[id];

	return t->block_mem[r >> INTERN_OFF_BITS] + (r & (INTERN_BLOCK - 1));
}

/*
 * A slot holds id + 1 in its low 24 bits and the top 8 bits of the string's
 * hash above them (the low bits place it): a probe compares that tag before
 * any strcmp(), without an array of hashes (4 bytes a string).
 */
#define SLOT_ID_BITS 24
#define SLOT_ID_MASK ((1u << SLOT_ID_BITS) - 1)
#define SLOT_TAG_MASK (~SLOT_ID_MASK)

static inline uint32_t slot_of(uint32_t h, uint32_t id)
{
	return (h & SLOT_TAG_MASK) | (id + 1);
}

static bool rehash(struct intern_table *t, uint32_t nr_slots)
{
	uint32_t *slots = calloc(nr_slots, sizeof(*slots));
	uint32_t i;

	if (!slots)
		return false;
	for (i = 0; i < t->nr; i++) {
		uint32_t h = sim_str_hash(str_of(t, i));
		uint32_t j = h & (nr_slots - 1);

		while (slots[j])
			j = (j + 1) & (nr_slots - 1);
		slots[j] = slot_of(h, i);
	}
	free(t->slots);
	t->slots = slots;
	t->nr_slots = nr_slots;
	return true;
}

/*
 * Interned strings live as long as the table and are mostly short names: packed
 * into blocks, they do not pay a malloc() header each, and an id finds its
 * string by a 32-bit reference (*@ref), not a pointer.
 */
static char *intern_copy(struct intern_table *t, const char *str, uint32_t *ref)
{
	size_t len = strlen(str) + 1;
	char *copy;

	if (len > t->block_left) {
		size_t size = len > INTERN_BLOCK ? len : INTERN_BLOCK;
		struct intern_block *b;

		if (t->nr_blocks == INTERN_MAX_BLOCKS)
			return NULL;
		if (t->nr_blocks == t->cap_blocks) {
			uint32_t ncap = t->cap_blocks ? 2 * t->cap_blocks : 16;
			char **n = realloc(t->block_mem, ncap * sizeof(*n));

			if (!n)
				return NULL;
			t->block_mem = n;
			t->cap_blocks = ncap;
		}
		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->next = t->blocks;
		t->blocks = b;
		t->block_mem[t->nr_blocks++] = b->mem;
		t->block_next = b->mem;
		t->block_left = size;
	}
	*ref = (t->nr_blocks - 1) << INTERN_OFF_BITS |
	       (uint32_t)(t->block_next - t->block_mem[t->nr_blocks - 1]);
	copy = memcpy(t->block_next, str, len);
	t->block_next += len;
	t->block_left -= len;
	return copy;
}

static void free_blocks(struct intern_table *t)
{
	while (t->blocks) {
		struct intern_block *b = t->blocks;

		t->blocks = b->next;
		free(b);
	}
}

void cxlsim__intern_init(struct intern_table *t)
{
	memset(t, 0, sizeof(*t));
	t->cap = 256;
	t->refs = malloc(t->cap * sizeof(*t->refs));
	if (!t->refs)
		goto fail;
	t->nr = 1;
	if (intern_copy(t, "", &t->refs[0]) && rehash(t, 512)) {
		dl_iterate_phdr(find_ro_segment, t);
		return;
	}
	free_blocks(t);
fail:
	free(t->refs);
	free(t->block_mem);
	t->refs = NULL;
	t->block_mem = NULL;
}

void cxlsim__intern_free(struct intern_table *t)
{
	free_blocks(t);
	free(t->refs);
	free(t->block_mem);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static struct intern_recent *recent_slot(struct intern_table *t, const char *str)
{
	uintptr_t a = (uintptr_t)str;

	return &t->recent[(a ^ a >> 7 ^ a >> 14) % INTERN_RECENT];
}

/* sim_intern() past its recent-address check: out of line, so that a hit saves no registers. */
static __attribute__((noinline)) uint32_t intern_lookup(struct intern_table *t, const char *str,
							 struct intern_recent *r)
{
	uint32_t j, id, h;
	char *copy;

	h = sim_str_hash(str);
	for (j = h & (t->nr_slots - 1); t->slots[j]; j = (j + 1) & (t->nr_slots - 1)) {
		id = (t->slots[j] & SLOT_ID_MASK) - 1;
		if (!((t->slots[j] ^ h) & SLOT_TAG_MASK) && !strcmp(str_of(t, id), str)) {
			r->str = str;
			r->id = id;
			return id;
		}
	}
	/* Ids fit a slot's 24 bits: 16 million strings (a run stays far below). */
	if (t->nr >= SLOT_ID_MASK - 1)
		return 0;
	if (t->nr == t->cap) {
		uint32_t *n = realloc(t->refs, 2 * t->cap * sizeof(*n));

		if (!n)
			return 0;
		t->refs = n;
		t->cap *= 2;
	}
	copy = intern_copy(t, str, &t->refs[t->nr]);
	if (!copy)
		return 0;
	id = t->nr++;
	/*
	 * Up to three quarters full: a probe compares 8 bits of hash before any
	 * strcmp(), so a longer run of slots costs little, and the slots are a
	 * third of the table's memory.
	 */
	if (4 * (uint64_t)t->nr > 3 * (uint64_t)t->nr_slots) {
		if (!rehash(t, t->nr_slots * 2))
			return 0;
	} else {
		t->slots[j] = slot_of(h, id);
	}
	r->str = str;
	r->id = id;
	return id;
}

uint32_t sim_intern(struct sim *s, const char *str)
{
	struct intern_table *t = &s->strings;
	struct intern_recent *r;

	if (!str || !*str)
		return 0;
	r = recent_slot(t, str);
	if (r->str == str && (constant_str(t, str) || !strcmp(str_of(t, r->id), str)))
		return r->id;
	return intern_lookup(t, str, r);
}

#define FMT_OTHER (-1)
#define FMT_STRING 3

/*
 * What sim_vinternf() can key a format on: up to two int-sized integers
 * (%d %u %x %X, with the 0 flag and a width), returned as their number with
 * their conversions in @conv; one string that is the last and only
 * conversion, without a "%%" before it (FMT_STRING); anything else is
 * FMT_OTHER.
 */
static int format_kind(const char *fmt, char conv[2])
{
	const char *p = strchr(fmt, '%');
	int nr = 0;

	if (p && p[1] == 's' && !p[2])
		return FMT_STRING;
	for (; p; p = strchr(p, '%')) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		if (*p == '0')
			p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (!*p || !strchr("duxX", *p) || nr == 2)
			return FMT_OTHER;
		conv[nr++] = *p++;
	}
	return nr;
}

/*
 * A string's hit is checked against the interned name, which must be the
 * format's text before "%s" and then the string.  Integers are checked by
 * the format's text and the size, which with the integers decide the name.
 */
static bool formatted_hit(const struct intern_table *t, const struct intern_formatted *f,
			  int kind, const char *fmt, size_t size, size_t prefix, const char *str)
{
	if (f->kind != kind)
		return false;
	/* f->fmt is @fmt: a constant one is the format the name was made with. */
	if (kind == FMT_STRING)
		return (constant_str(t, fmt) || !strncmp(str_of(t, f->id), fmt, prefix)) &&
		       ((f->str == str && constant_str(t, str)) ||
			!strcmp(str_of(t, f->id) + prefix, str));
	return f->size == size && (constant_str(t, fmt) || !strcmp(f->fmt_copy, fmt));
}

/* format_kind() and the format's length, remembered for a constant format. */
static int format_kind_of(struct intern_table *t, const char *fmt, char conv[2], size_t *len)
{
	uintptr_t a = (uintptr_t)fmt;
	struct intern_fmt_kind *k = &t->fmt_kinds[(a ^ a >> 7 ^ a >> 14) % INTERN_FMT_KINDS];
	int kind;

	if (k->fmt == fmt) {
		conv[0] = k->conv[0];
		conv[1] = k->conv[1];
		*len = k->len;
		return k->kind;
	}
	conv[0] = conv[1] = 0;
	kind = format_kind(fmt, conv);
	*len = strlen(fmt);
	if (constant_str(t, fmt)) {
		k->fmt = fmt;
		k->conv[0] = conv[0];
		k->conv[1] = conv[1];
		k->len = *len;
		k->kind = kind;
	}
	return kind;
}

uint32_t sim_vinternf(struct sim *s, size_t size, const char *fmt, va_list ap)
{
	size_t fmt_len;
	struct intern_table *t = &s->strings;
	struct intern_formatted *f = NULL;
	const char *str = NULL;
	char conv[2], buf[512];
	size_t prefix = 0;
	uint64_t args = 0;
	va_list again;
	uint32_t id;
	int kind, i;

	if (size > sizeof(buf))
		size = sizeof(buf);
	va_copy(again, ap);
	kind = format_kind_of(t, fmt, conv, &fmt_len);
	if (kind == FMT_STRING) {
		str = va_arg(ap, const char *);
		str = str ? str : "(null)";
		prefix = fmt_len - 2;
		/* A truncated name is not the format's text and the string. */
		if (prefix + strlen(str) < size)
			args = sim_str_hash(str);
		else
			kind = FMT_OTHER;
	} else if (kind != FMT_OTHER && fmt_len < INTERN_FORMAT_MAX) {
		for (i = 0; i < kind; i++) {
			unsigned int v = conv[i] == 'd' ? (unsigned int)va_arg(ap, int) :
							 va_arg(ap, unsigned int);

			args |= (uint64_t)v << 32 * i;
		}
	} else {
		kind = FMT_OTHER;
	}
	if (kind != FMT_OTHER) {
		uint64_t a = (uintptr_t)fmt ^ (uintptr_t)fmt >> 7 ^ args ^ args >> 32;

		f = &t->formatted[(uint32_t)a * 0x9e3779b1u >> 24 & (INTERN_FORMATTED - 1)];
		if (f->fmt == fmt && f->args == args &&
		    formatted_hit(t, f, kind, fmt, size, prefix, str)) {
			va_end(again);
			return f->id;
		}
	}
	sim_vsnprintf(buf, size, fmt, again);
	va_end(again);
	id = sim_intern(s, buf);
	if (f && id) {
		f->fmt = fmt;
		f->str = str;
		f->args = args;
		f->id = id;
		f->size = (uint32_t)size;
		f->kind = kind;
		if (kind != FMT_STRING)
			strcpy(f->fmt_copy, fmt);
	}
	return id;
}

uint32_t sim_internf(struct sim *s, const char *fmt, ...)
{
	va_list ap;
	uint32_t id;

	va_start(ap, fmt);
	id = sim_vinternf(s, 512, fmt, ap);
	va_end(ap);
	return id;
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
	return id < s->strings.nr ? str_of(&s->strings, id) : "?";
}
