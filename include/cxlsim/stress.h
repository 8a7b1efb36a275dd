/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Stress runs from a program, as `cxlsim stress` does them: a built-in
 * model run again and again on the thread executor (each task a real
 * thread, the OS picking the interleaving), several simulated machines at
 * once, counting the iterations that violate each property.  Nothing is
 * recorded or replayable; cxlsim_model_run() under a strategy is.
 */
#ifndef CXLSIM_STRESS_H
#define CXLSIM_STRESS_H

#include <stddef.h>
#include <stdint.h>

#include <cxlsim/common.h>
#include <cxlsim/model.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cxlsim_stress;

/*
 * Called after every iteration is counted: @done iterations so far, of
 * which @violating violated some property.
 */
typedef void (*cxlsim_stress_progress_fn)(void *arg, uint64_t done, uint64_t violating);

/**
 * struct cxlsim_stress_opts - what a stress run does
 * @size: sizeof(struct cxlsim_stress_opts)
 * @model: the model and its options (NULL: the cxl model's defaults);
 *	@model->size as for cxlsim_model_new()
 * @iterations: runs in all, at least 1
 * @machines: runs at once, each in its own context with its own task
 *	threads (0: one)
 * @seed: iteration i seeds its fault and data choices with @seed + i
 * @max_steps: scheduling points before a run counts as a livelock (0: the
 *	default bound)
 * @progress: NULL, or called after every iteration is counted (a progress
 *	line, a watchdog).  It runs on the machines' threads, one call at a
 *	time; it must be short and must not call back into the library for
 *	this stress run.  It is a display: nothing a run does depends on it
 *	(or on the clock it may read)
 * @progress_arg: passed to @progress
 */
struct cxlsim_stress_opts {
	size_t size;
	const struct cxlsim_model_opts *model;
	uint64_t iterations;
	unsigned int machines;
	uint64_t seed;
	uint64_t max_steps;
	cxlsim_stress_progress_fn progress;
	void *progress_arg;
};

/**
 * cxlsim_stress_run() - run a stress and keep its counts
 * @out: receives the counts; free them with cxlsim_stress_free()
 * @opts: what to run
 * @err: receives the problem on -EINVAL (bad model options); may be NULL
 * @errlen: size of @err
 *
 * Context: any thread, outside any simulation's run; it starts and joins
 * its own threads and returns when every iteration is counted.
 * Return: 0; -EINVAL for bad options (@err says why, for model options);
 * -ENOMEM; another negative errno when a machine could not start.
 */
CXLSIM_API int cxlsim_stress_run(struct cxlsim_stress **out, const struct cxlsim_stress_opts *opts,
				 char *err, size_t errlen);

/**
 * cxlsim_stress_iterations() - iterations counted
 * @st: a stress's counts
 *
 * Return: the iterations run, and through @violating (may be NULL) those
 * that violated some property.
 */
CXLSIM_API uint64_t cxlsim_stress_iterations(const struct cxlsim_stress *st, uint64_t *violating);

/**
 * cxlsim_stress_property_count() - properties counted
 * @st: a stress's counts
 *
 * Return: how many; the model's properties come first, in its order, then
 * any other property a run reported.
 */
CXLSIM_API size_t cxlsim_stress_property_count(const struct cxlsim_stress *st);

/**
 * cxlsim_stress_property() - one property's count
 * @st: a stress's counts
 * @i: 0 .. cxlsim_stress_property_count() - 1
 * @property: receives its name (owned by @st; may be NULL)
 * @iterations: receives the iterations that violated it (may be NULL)
 * @first: receives the message of the first violation counted, or NULL
 *	when none (owned by @st; may be NULL)
 *
 * Return: 0, or -EINVAL when @i is out of range.
 */
CXLSIM_API int cxlsim_stress_property(const struct cxlsim_stress *st, size_t i,
				      const char **property, uint64_t *iterations,
				      const char **first);

/**
 * cxlsim_stress_free() - free a stress's counts
 * @st: the counts, or NULL
 */
CXLSIM_API void cxlsim_stress_free(struct cxlsim_stress *st);

#ifdef __cplusplus
}
#endif

#endif /* CXLSIM_STRESS_H */
