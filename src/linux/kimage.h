/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A kernel image: kernel objects linked for one set of modules, with the
 * module table scripts/linux-gen.sh generates from the objects at build time
 * (THIS_MODULE storage, anchors, the symbols each module uses from the
 * others' exports) and the count of generated stubs.  Plain C: both sides
 * (libcxlsim and kernel-style code) include it.
 */
#ifndef CXLSIM_LINUX_KIMAGE_H
#define CXLSIM_LINUX_KIMAGE_H

#include <stddef.h>

struct module;
struct module_desc;
struct sim;

struct linux_kimage_module {
	const char *name;
	struct module *storage;		/* its THIS_MODULE */
	const char *anchor;		/* referenced so that a static link keeps its objects */
	const char *const *uses;	/* other modules' exports it uses, NULL-terminated */
};

struct linux_kimage {
	const char *name;
	const struct linux_kimage_module *mods;
	size_t nr_mods;
	size_t nr_stubs;
};

/* The image of the tree's CXL modules (and the mock platform's). */
extern const struct linux_kimage linux_image;

/*
 * The driver core's descriptions of @img's modules (init, exit, exports,
 * aliases, softdeps from the modules' modinfo records, uses from the table),
 * built on the first call and kept for the process (they never change).
 */
const struct module_desc *const *linux_kimage_modules(const struct linux_kimage *img, size_t *n);

/*
 * Kernel globals live in the objects' data (one process-wide image), so at
 * most one simulation at a time may run kernel code: claim the image for @s
 * (-EBUSY while another simulation holds it) and give it back when @s is
 * done (its teardown or destruction).
 */
int linux_kernel_claim(struct sim *s);
void linux_kernel_unclaim(struct sim *s);
/* Restore every kernel global to its initial value (start of each run). */
int linux_kernel_reset(void);
/* What a restore copies, in bytes (data + zeroed bss), for the docs' figures. */
size_t linux_kernel_image_bytes(void);

/*
 * @build(@key)'s result, built on the first call for @key and kept for the
 * process: state that must outlive the per-run restore of the image's data.
 */
const void *linux_kimage_once(const void *key, const void *(*build)(const void *key));

/* A generated stub's body: the run stops with "unimplemented: NAME called from CALLERS". */
void linux_unimplemented(const char *name, const char *callers) __attribute__((noreturn));

#endif /* CXLSIM_LINUX_KIMAGE_H */
