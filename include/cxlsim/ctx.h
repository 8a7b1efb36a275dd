/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulation context: one deterministic simulated machine.
 *
 * A context owns everything a run creates.  Each cxlsim_ctx_run() starts
 * from nothing, runs the boot function in the first task, lets the strategy
 * pick the interleaving, then checks every registered property.  The same
 * strategy, seed and boot function give the same trace, byte for byte.
 * Contexts share nothing: several may run in one process, one per thread.
 */
#ifndef CXLSIM_CTX_H
#define CXLSIM_CTX_H

#include <stddef.h>
#include <stdint.h>

#include <cxlsim/common.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cxlsim_ctx;

/** Faults the strategy may inject, each a recorded choice. */
#define CXLSIM_FAULT_ALLOC 0x1u	/* a tracked (kzalloc, devm) allocation fails */
#define CXLSIM_FAULT_PROBE 0x2u	/* a driver's probe fails with -ENOMEM before it starts */
#define CXLSIM_FAULT_DEFER 0x4u	/* a driver's probe returns -EPROBE_DEFER before it starts */

/**
 * enum cxlsim_executor - what runs the tasks
 * @CXLSIM_EXECUTOR_COROUTINE: one task at a time under the deterministic
 *	scheduler; every interleaving is a recorded, replayable schedule
 * @CXLSIM_EXECUTOR_THREADS: each task on a real thread, one simulation lock
 *	released at every scheduling point: the OS picks the interleaving,
 *	nothing is recorded or replayable (stress runs, ThreadSanitizer)
 */
enum cxlsim_executor {
	CXLSIM_EXECUTOR_COROUTINE = 0,
	CXLSIM_EXECUTOR_THREADS = 1,
};

/**
 * struct cxlsim_opts - options for cxlsim_ctx_new()
 * @size: sizeof(struct cxlsim_opts), so the struct can grow
 * @max_steps: scheduling points before a run is called a livelock (0: default)
 * @faults: CXLSIM_FAULT_* mask
 * @executor: an enum cxlsim_executor (read when @size covers it; else coroutine)
 */
struct cxlsim_opts {
	size_t size;
	uint64_t max_steps;
	unsigned int faults;
	unsigned int executor;
};

/**
 * cxlsim_ctx_new() - create a context
 * @out: receives the context; the caller owns it and frees it with cxlsim_ctx_free()
 * @opts: options, or NULL for the defaults
 *
 * The context starts with a random strategy of seed 0.
 * Return: 0, -EINVAL for a bad @opts->size or executor, or -ENOMEM.
 */
CXLSIM_API int cxlsim_ctx_new(struct cxlsim_ctx **out, const struct cxlsim_opts *opts);

/** cxlsim_ctx_free() - free a context and everything its last run left; NULL is ignored. */
CXLSIM_API void cxlsim_ctx_free(struct cxlsim_ctx *ctx);

/**
 * cxlsim_ctx_set_random() - pick interleavings with the seeded random strategy
 * Return: 0 or -ENOMEM.
 */
CXLSIM_API int cxlsim_ctx_set_random(struct cxlsim_ctx *ctx, uint64_t seed);

/**
 * cxlsim_ctx_set_replay() - replay a schedule printed by cxlsim_ctx_schedule()
 * @schedule: the schedule string; copied
 *
 * Past the end of the schedule the run continues without preemptions.
 * Return: 0, -EINVAL for a malformed string, or -ENOMEM.
 */
CXLSIM_API int cxlsim_ctx_set_replay(struct cxlsim_ctx *ctx, const char *schedule);

/** Task body: runs inside the simulation, may block and may spawn other tasks. */
typedef void (*cxlsim_task_fn)(struct cxlsim_ctx *ctx, void *arg);

/**
 * cxlsim_ctx_run() - run one schedule
 * @boot: the first task's body
 * @arg: passed to @boot
 *
 * Context: not from inside a task of the same context.
 * Return: 0 when the run completed (look at the violations for what it
 * found), -EBUSY when called from inside a run, -ENOMEM.
 */
CXLSIM_API int cxlsim_ctx_run(struct cxlsim_ctx *ctx, cxlsim_task_fn boot, void *arg);

/**
 * cxlsim_task_spawn() - start another task
 * @name: shown in the trace; copied
 *
 * Context: inside a task of @ctx.  The new task runs when the strategy picks it.
 * Return: 0, -EPERM outside a run, or -ENOMEM.
 */
CXLSIM_API int cxlsim_task_spawn(struct cxlsim_ctx *ctx, const char *name, cxlsim_task_fn fn,
				 void *arg);

/**
 * cxlsim_yield() - a scheduling point: let the strategy run another task first
 * @what: names the point in the trace (a string literal or interned by the call)
 *
 * Context: inside a task of @ctx.
 */
CXLSIM_API void cxlsim_yield(struct cxlsim_ctx *ctx, const char *what);

/** cxlsim_ctx_current() - the context whose task is running on this thread, or NULL. */
CXLSIM_API struct cxlsim_ctx *cxlsim_ctx_current(void);

/** Property check: runs on the host after each run; reports with cxlsim_report(). */
typedef void (*cxlsim_property_fn)(struct cxlsim_ctx *ctx, void *priv);

/**
 * cxlsim_property_register() - check a property of your own after every run
 * @name: the property's name in reports; copied
 * @check: called after each run, before the built-in checks' results are read
 * @priv: passed to @check; not owned
 *
 * Return: 0, -EEXIST for a name already registered, -ENOMEM.
 */
CXLSIM_API int cxlsim_property_register(struct cxlsim_ctx *ctx, const char *name,
					cxlsim_property_fn check, void *priv);

/**
 * cxlsim_report() - report a violation of @property
 *
 * Context: inside a task, or inside a property check.
 */
CXLSIM_API void cxlsim_report(struct cxlsim_ctx *ctx, const char *property, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** cxlsim_ctx_violation_count() - violations found by the last run. */
CXLSIM_API size_t cxlsim_ctx_violation_count(const struct cxlsim_ctx *ctx);

/**
 * cxlsim_ctx_violation() - one violation of the last run
 * @property: receives the property name; owned by @ctx until the next run
 * @message: receives the message; owned by @ctx until the next run
 * Return: 0 or -ERANGE.
 */
CXLSIM_API int cxlsim_ctx_violation(const struct cxlsim_ctx *ctx, size_t i, const char **property,
				    const char **message);

/**
 * cxlsim_ctx_schedule() - the last run's schedule as a string
 * @out: receives a string the caller frees with free()
 * Return: 0 or -ENOMEM.
 */
CXLSIM_API int cxlsim_ctx_schedule(const struct cxlsim_ctx *ctx, char **out);

/** cxlsim_ctx_trace_count() - number of trace records of the last run. */
CXLSIM_API size_t cxlsim_ctx_trace_count(const struct cxlsim_ctx *ctx);

/**
 * cxlsim_ctx_trace_line() - one trace record as a kernel-log style line
 * Return: the line's length (as snprintf), or -ERANGE.
 */
CXLSIM_API int cxlsim_ctx_trace_line(const struct cxlsim_ctx *ctx, size_t i, char *buf,
				     size_t len);

/**
 * struct cxlsim_event - one trace record, as data
 * @size: sizeof(struct cxlsim_event), set by the caller
 * @time_ns: virtual time
 * @task: the task that recorded it ("host" outside any task)
 * @name: what happened: "device-add", "probe-start", "probe", "bound",
 *	"module-load", "wait_for_device_probe-done", ... (docs/trace-format.md)
 * @object: the device, driver, module or lock it is about; "" when none
 * @detail: more about it, e.g. "driver=cxl_mem"; "" when none
 * @value: a number it carries (a probe's return value...), else 0
 *
 * The strings are owned by the context until its next run.
 */
struct cxlsim_event {
	size_t size;
	uint64_t time_ns;
	const char *task;
	const char *name;
	const char *object;
	const char *detail;
	int value;
};

/**
 * cxlsim_ctx_trace_event() - trace record @i of the last run, as data
 * @ev: filled in; @ev->size must be set
 * Return: 0, -EINVAL for a bad @ev, -ERANGE past the end.
 */
CXLSIM_API int cxlsim_ctx_trace_event(const struct cxlsim_ctx *ctx, size_t i,
				      struct cxlsim_event *ev);

#ifdef __cplusplus
}
#endif

#endif /* CXLSIM_CTX_H */
