/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the public driver-model API's files share. */
#ifndef CXLSIM_API_BUS_INTERNAL_H
#define CXLSIM_API_BUS_INTERNAL_H

#include <cxlsim/bus.h>

#include "api/ctx.h"
#include "bus/core.h"
#include "bus/devres.h"
#include "bus/module.h"

/* A plain cxlsim_ctx_run()'s set-up: the driver core and the modules added to @ctx. */
int cxlsim__bus_setup(struct sim *s, void *ctx);
void cxlsim__modules_free(struct cxlsim_ctx *ctx);

/* The running task's driver core; NULL on the host or without one (-EPERM). */
struct drv_core *cxlsim__api_core(void);
/* The same, and only when the task belongs to @ctx. */
struct drv_core *cxlsim__api_core_of(struct cxlsim_ctx *ctx);

/* A public handle is the driver core's object. */
static inline struct device *cxlsim__dev(const struct cxlsim_device *dev)
{
	return (struct device *)dev;
}

static inline struct cxlsim_device *cxlsim__handle(struct device *dev)
{
	return (struct cxlsim_device *)dev;
}

/* Where a public bus, device or driver was made, for the end-of-run no-leak check. */
enum cxlsim__origin_kind {
	CXLSIM__ORIGIN_BUS,
	CXLSIM__ORIGIN_DEVICE,
	CXLSIM__ORIGIN_DRIVER,
};

struct cxlsim__origin {
	struct list_head node;		/* on cxlsim_ctx.api_objects, in creation order */
	enum cxlsim__origin_kind kind;
	void *obj;			/* the struct bus_type, device or device_driver */
	struct module *owner;		/* the module whose init made it, or NULL */
	uint32_t task;			/* the creating task's name, interned */
	uint64_t step;			/* sim_steps() when it was made */
	const void *caller;		/* the return address of the public call that made it */
};

/* Inside a task: remember that @obj was made now, by this task, called from @caller. */
void cxlsim__origin_add(struct cxlsim__origin *o, enum cxlsim__origin_kind kind, void *obj,
			struct module *owner, const void *caller);
/* @obj was taken down: no longer a leak. */
void cxlsim__origin_del(struct cxlsim__origin *o);
struct cxlsim__origin *cxlsim__origin_find(struct cxlsim_ctx *ctx, const void *obj);
/* On the host after a run that was not stopped: report what is still up (no-leak). */
void cxlsim__origin_check_leaks(struct cxlsim_ctx *ctx);

/* Does the versioned struct @o (with a leading size) hold every field up to @last? */
#define CXLSIM__HAS(o, type, last) \
	((o) && (o)->size >= offsetof(type, last) + sizeof(((type *)0)->last))

#endif /* CXLSIM_API_BUS_INTERNAL_H */
