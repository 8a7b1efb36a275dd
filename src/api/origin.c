// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where each bus, device and driver made through the public API came from,
 * and the end-of-run check that what the user's code made it also took down
 * (no-leak).  A device is the creator's until its last reference goes; a bus
 * or driver that a module's init registered is the module's while it stays
 * loaded (its exit unregisters it, as in the kernel), anyone else's until
 * unregistered.
 */
#include <inttypes.h>

#include "api/bus_internal.h"

void cxlsim__origin_add(struct cxlsim__origin *o, enum cxlsim__origin_kind kind, void *obj,
			struct module *owner)
{
	struct sim *s = sim_current();
	struct cxlsim_ctx *ctx = sim_layer(s, SIM_LAYER_API);

	o->kind = kind;
	o->obj = obj;
	o->owner = owner;
	o->task = sim_intern(s, sim_task_name(sim_current_task()));
	o->step = sim_steps(s);
	list_add_tail(&o->node, &ctx->api_objects);
}

void cxlsim__origin_del(struct cxlsim__origin *o)
{
	list_del_init(&o->node);
}

struct cxlsim__origin *cxlsim__origin_find(struct cxlsim_ctx *ctx, const void *obj)
{
	struct cxlsim__origin *o;

	list_for_each_entry(o, &ctx->api_objects, node)
		if (o->obj == obj)
			return o;
	return NULL;
}

static bool owner_live(const struct module *mod)
{
	return mod && mod->state == MODULE_STATE_LIVE;
}

static const char *module_note(struct sim *s, const struct module *mod, char *buf, size_t len)
{
	if (!mod)
		return "";
	snprintf(buf, len, "; its module %s is unloaded", sim_str(s, mod->name_id));
	return buf;
}

void cxlsim__origin_check_leaks(struct cxlsim_ctx *ctx)
{
	struct sim *s = ctx->sim;
	struct cxlsim__origin *o;
	char note[96];

	/* Tasks a deadlock or the step bound abandoned never got to take anything down. */
	if (sim_stopped(s))
		return;
	list_for_each_entry(o, &ctx->api_objects, node) {
		const char *task = sim_str(s, o->task);

		switch (o->kind) {
		case CXLSIM__ORIGIN_BUS: {
			const struct bus_type *bus = o->obj;

			if (!bus->registered || owner_live(o->owner))
				continue;
			sim_violation(s, "no-leak",
				      "bus %s (cxlsim_bus_register() in task %s, step %" PRIu64
				      ") was never unregistered%s",
				      bus->name, task, o->step, module_note(s, o->owner, note,
									    sizeof(note)));
			break;
		}
		case CXLSIM__ORIGIN_DEVICE: {
			const struct device *dev = o->obj;

			sim_violation(s, "no-leak",
				      "device %s (cxlsim_device_new() in task %s, step %" PRIu64
				      ") was never released: %d reference(s) left%s",
				      sim_str(s, dev->name_id), task, o->step, dev->refcount,
				      dev->registered ? ", still added (no cxlsim_device_del())" : "");
			break;
		}
		case CXLSIM__ORIGIN_DRIVER: {
			const struct device_driver *drv = o->obj;

			if (!drv->registered || owner_live(o->owner))
				continue;
			sim_violation(s, "no-leak",
				      "driver %s on bus %s (cxlsim_driver_register() in task %s, step %"
				      PRIu64 ") was never unregistered%s",
				      drv->name, drv->bus->name, task, o->step,
				      module_note(s, o->owner, note, sizeof(note)));
			break;
		}
		}
	}
}
