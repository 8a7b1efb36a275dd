// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Tracked allocations.  A freed model object keeps its memory, poisoned,
 * until the run is reset: a use after free in the model is then a reported
 * violation with the object's type, not a crash of the simulator.
 *
 * Since nothing is given back before the reset, allocations are carved from
 * chunks that the reset rewinds for the next run, instead of a calloc() and
 * a free() each (with malloc's own header, a sixth of a minimal schedule's
 * time).  Under AddressSanitizer each allocation is its own block, so that
 * ASan still sees overflows between objects.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "coro.h"
#include "sim_internal.h"

/*
 * 16 bits: a kfree() of memory the model did not allocate goes unnoticed when
 * the two bytes before it happen to hold ALLOC_MAGIC (1 in 65,536 for random
 * bytes, where the 32-bit magic missed 1 in 4 billion).  Freed objects are
 * still told from live ones exactly: their magic is ALLOC_FREED.
 */
#define ALLOC_MAGIC 0xab1eu
#define ALLOC_FREED 0xf5eeu
#define POISON_FREED 0x6b
#define CHUNK_SIZE (64 * 1024)
/* Larger requests get a block of their own: a chunk's tail is not wasted on them. */
#define CHUNK_MAX_ALLOC (CHUNK_SIZE / 8)
#ifdef CORO_ASAN
#define USE_CHUNKS false
#else
#define USE_CHUNKS true
#endif

_Static_assert(sizeof(struct sim_alloc_hdr) == 8, "payloads must stay 8-byte aligned");
_Static_assert(offsetof(struct sim_own_block, hdr) % 8 == 0, "payloads must stay 8-byte aligned");
_Static_assert(sizeof(struct sim_own_block) % 16 == 0, "an own block's payload is 16-byte aligned");

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* @need bytes, zeroed, from the current chunk or the next (reused or new). */
static void *chunk_carve(struct sim *s, size_t need)
{
	struct sim_chunk *c = s->chunk;

	if (!c || c->used + need > c->size) {
		c = c ? c->next : s->chunks;
		if (!c) {
			c = malloc(sizeof(*c) + CHUNK_SIZE);
			if (!c)
				return NULL;
			c->size = CHUNK_SIZE;
			c->next = NULL;
			if (s->chunk)
				s->chunk->next = c;
			else
				s->chunks = c;
		}
		c->used = 0;
		s->chunk = c;
	}
	c->used += need;
	return memset(c->mem + c->used - need, 0, need);
}

/* What an allocation of @size takes, header included. */
static size_t hdr_need(size_t size)
{
	return align8(sizeof(struct sim_alloc_hdr) + size);
}

static struct sim_alloc_hdr *hdr_alloc(struct sim *s, size_t size)
{
	size_t need = hdr_need(size);
	struct sim_own_block *b;

	if (USE_CHUNKS && need <= CHUNK_MAX_ALLOC)
		return chunk_carve(s, need);
	b = calloc(1, offsetof(struct sim_own_block, hdr) + need);
	if (!b)
		return NULL;
	b->next = s->own_blocks;
	s->own_blocks = b;
	return &b->hdr;
}

static struct sim_alloc_hdr *hdr_of(const void *p)
{
	return (struct sim_alloc_hdr *)p - 1;
}

/* Index 0 is for a type that finds no index: the table is full. */
#define ALLOC_TYPES_MAX UINT16_MAX

static bool type_hash_grow(struct sim *s)
{
	size_t n = s->alloc_type_mask ? (s->alloc_type_mask + 1) * 2 : 64, i;
	struct sim_alloc_type_slot *h = calloc(n, sizeof(*h));

	if (!h)
		return false;
	for (i = 1; i < s->nr_alloc_types; i++) {
		size_t j = ((uintptr_t)s->alloc_types[i] >> 3) & (n - 1);

		while (h[j].type)
			j = (j + 1) & (n - 1);
		h[j].type = s->alloc_types[i];
		h[j].index = (uint32_t)i;
	}
	free(s->alloc_type_hash);
	s->alloc_type_hash = h;
	s->alloc_type_mask = n - 1;
	return true;
}

/* The slow way of type_index(): a type not seen yet gets the next index. */
static __attribute__((noinline)) uint16_t type_index_new(struct sim *s, const char *type)
{
	size_t j;

	if (!s->nr_alloc_types)
		s->nr_alloc_types = 1;
	if (s->nr_alloc_types >= ALLOC_TYPES_MAX ||
	    !cxlsim__grow((void **)&s->alloc_types, &s->cap_alloc_types, s->nr_alloc_types + 1,
			  sizeof(*s->alloc_types)))
		return 0;
	/* Half full at most. */
	if (2 * s->nr_alloc_types >= s->alloc_type_mask + 1 && !type_hash_grow(s))
		return 0;
	s->alloc_types[0] = "object";
	s->alloc_types[s->nr_alloc_types] = type;
	for (j = ((uintptr_t)type >> 3) & s->alloc_type_mask; s->alloc_type_hash[j].type;
	     j = (j + 1) & s->alloc_type_mask)
		;
	s->alloc_type_hash[j].type = type;
	s->alloc_type_hash[j].index = (uint32_t)s->nr_alloc_types;
	return (uint16_t)s->nr_alloc_types++;
}

/*
 * The index of @type, a string that outlives the simulation (the callers pass
 * literals): found by its address, so two literals of one name get two
 * indexes, which only the lookups by name (strcmp) see as one.
 */
static inline uint16_t type_index(struct sim *s, const char *type)
{
	size_t j;

	if (s->alloc_type_mask)
		for (j = ((uintptr_t)type >> 3) & s->alloc_type_mask; s->alloc_type_hash[j].type;
		     j = (j + 1) & s->alloc_type_mask)
			if (s->alloc_type_hash[j].type == type)
				return (uint16_t)s->alloc_type_hash[j].index;
	return type_index_new(s, type);
}

static const char *type_of(const struct sim *s, const struct sim_alloc_hdr *h)
{
	return h->type < s->nr_alloc_types ? s->alloc_types[h->type] : "object";
}

void *sim_kzalloc(struct sim *s, size_t size, const char *type)
{
	struct sim_alloc_hdr *h;

	if (sim_should_fail(s, type))
		return NULL;
	if (size > UINT32_MAX)
		return NULL;
	h = hdr_alloc(s, size);
	if (!h)
		return NULL;
	h->type = type_index(s, type);
	h->size = (uint32_t)size;
	h->magic = ALLOC_MAGIC;
	s->nr_live_allocs++;
	return h + 1;
}

void sim_kfree(struct sim *s, void *p)
{
	struct sim_alloc_hdr *h;

	if (!p)
		return;
	h = hdr_of(p);
	if (h->magic == ALLOC_FREED) {
		sim_violation(s, "no-uaf", "double free of %s", type_of(s, h));
		return;
	}
	if (h->magic != ALLOC_MAGIC) {
		sim_violation(s, "no-uaf", "kfree of memory the model did not allocate");
		return;
	}
	h->magic = ALLOC_FREED;
	s->nr_live_allocs--;
	memset(p, POISON_FREED, h->size);
}

char *sim_kstrdup(struct sim *s, const char *str)
{
	size_t n = strlen(str) + 1;
	char *p = sim_kzalloc(s, n, "string");

	if (p)
		memcpy(p, str, n);
	return p;
}

size_t sim_obj_size(const void *p)
{
	return p && (hdr_of(p)->magic == ALLOC_MAGIC || hdr_of(p)->magic == ALLOC_FREED) ?
		       hdr_of(p)->size : 0;
}

bool sim_obj_live(const void *p)
{
	return p && hdr_of(p)->magic == ALLOC_MAGIC;
}

bool sim_mem_freed(const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != POISON_FREED)
			return false;
	return len > 0;
}

bool sim_obj_check(struct sim *s, const void *p, const char *what)
{
	if (!p)
		return false;
	if (hdr_of(p)->magic == ALLOC_FREED) {
		sim_violation(s, "no-uaf", "%s used after it was freed (%s)", what,
			      type_of(s, hdr_of(p)));
		return false;
	}
	return true;
}

/* Is the allocation at @h live and of @type? */
static bool live_of(const struct sim *s, const struct sim_alloc_hdr *h, const char *type)
{
	return h->magic == ALLOC_MAGIC && !strcmp(type_of(s, h), type);
}

size_t sim_live_objects(const struct sim *s, const char *type)
{
	const struct sim_own_block *b;
	const struct sim_chunk *c;
	size_t n = 0, off;

	if (!type)
		return s->nr_live_allocs;
	/* The chunks carved this run: every one up to the current, each up to where it is used. */
	for (c = s->chunk ? s->chunks : NULL; c; c = c == s->chunk ? NULL : c->next)
		for (off = 0; off < c->used;) {
			const struct sim_alloc_hdr *h = (const void *)(c->mem + off);

			n += live_of(s, h, type);
			off += hdr_need(h->size);
		}
	for (b = s->own_blocks; b; b = b->next)
		n += live_of(s, &b->hdr, type);
	return n;
}

bool sim_fault(struct sim *s, unsigned int kind, const char *site)
{
	if (!(s->opts.faults & kind) || !s->current || s->faults_off)
		return false;
	if (cxlsim__sim_choose(s, SIM_CHOICE_FAULT, 2, false, NULL) != 1)
		return false;
	sim_tracef(s, "fault", site, "injected");
	return true;
}

void sim_faults_off(struct sim *s)
{
	s->faults_off++;
}

void sim_faults_on(struct sim *s)
{
	if (s->faults_off)
		s->faults_off--;
}

bool sim_should_fail(struct sim *s, const char *site)
{
	return sim_fault(s, SIM_FAULT_ALLOC, site);
}

void cxlsim__allocs_free(struct sim *s, bool keep_chunks)
{
	while (s->own_blocks) {
		struct sim_own_block *b = s->own_blocks;

		s->own_blocks = b->next;
		free(b);
	}
	s->nr_live_allocs = 0;
	s->chunk = NULL;
	while (!keep_chunks && s->chunks) {
		struct sim_chunk *c = s->chunks;

		s->chunks = c->next;
		free(c);
	}
	if (!keep_chunks) {
		free(s->alloc_types);
		free(s->alloc_type_hash);
		s->alloc_types = NULL;
		s->alloc_type_hash = NULL;
		s->nr_alloc_types = s->cap_alloc_types = s->alloc_type_mask = 0;
	}
}


