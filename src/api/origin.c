// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where each bus, device and driver made through the public API came from,
 * and the end-of-run check that what the user's code made it also took down
 * (no-leak).  A device is the creator's until its last reference goes; a bus
 * or driver that a module's init registered is the module's while it stays
 * loaded (its exit unregisters it, as in the kernel), anyone else's until
 * unregistered.
 */
#include <dlfcn.h>
#include <elf.h>
#include <inttypes.h>
#include <link.h>
#include <string.h>

#include "api/bus_internal.h"

void cxlsim__origin_add(struct cxlsim__origin *o, enum cxlsim__origin_kind kind, void *obj,
			struct module *owner, const void *caller)
{
	struct sim *s = sim_current();
	struct cxlsim_ctx *ctx = sim_layer(s, SIM_LAYER_API);

	o->kind = kind;
	o->obj = obj;
	o->owner = owner;
	o->task = sim_intern(s, sim_task_name(sim_current_task()));
	o->step = sim_steps(s);
	o->caller = caller;
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

/*
 * The call site as addr2line takes it: the function when its symbol is
 * exported, else the file and the offset in it (the address itself for a
 * program not built as PIE), the same in every run of one binary.
 */
static const char *call_site(const void *caller, char *buf, size_t len)
{
	const ElfW(Ehdr) *eh;
	const char *file;
	uintptr_t off;
	Dl_info info;

	/* The return address is the instruction after the call: step back into it. */
	caller = (const char *)caller - 1;
	if (!dladdr(caller, &info) || !info.dli_fbase) {
		snprintf(buf, len, "%p", caller);
		return buf;
	}
	file = info.dli_fname && *info.dli_fname ? info.dli_fname : "?";
	file = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if (info.dli_sname && info.dli_saddr) {
		snprintf(buf, len, "%s+0x%" PRIxPTR " (%s)", info.dli_sname,
			 (uintptr_t)caller - (uintptr_t)info.dli_saddr, file);
		return buf;
	}
	eh = info.dli_fbase;
	off = (uintptr_t)caller - (eh->e_type == ET_DYN ? (uintptr_t)info.dli_fbase : 0);
	snprintf(buf, len, "%s+0x%" PRIxPTR, file, off);
	return buf;
}

/* Still up: a device not released, a bus or driver its owner did not unregister. */
static void report(struct sim *s, const struct cxlsim__origin *o)
{
	const struct device_driver *drv = o->obj;
	const struct bus_type *bus = o->obj;
	const struct device *dev = o->obj;
	char site[256], where[384], note[96] = "";
	const char *call;

	if (o->kind != CXLSIM__ORIGIN_DEVICE) {
		bool up = o->kind == CXLSIM__ORIGIN_BUS ? bus->registered : drv->registered;

		if (!up || owner_live(o->owner))
			return;
		if (o->owner)
			snprintf(note, sizeof(note), "; its module %s is unloaded",
				 sim_str(s, o->owner->name_id));
	}
	call = o->kind == CXLSIM__ORIGIN_BUS	? "cxlsim_bus_register()" :
	       o->kind == CXLSIM__ORIGIN_DEVICE ? "cxlsim_device_new()" :
						  "cxlsim_driver_register()";
	snprintf(where, sizeof(where), "%s called from %s, in task %s, step %" PRIu64, call,
		 call_site(o->caller, site, sizeof(site)), sim_str(s, o->task), o->step);
	switch (o->kind) {
	case CXLSIM__ORIGIN_BUS:
		sim_violation(s, "no-leak", "bus %s (%s) was never unregistered%s", bus->name,
			      where, note);
		break;
	case CXLSIM__ORIGIN_DEVICE:
		sim_violation(s, "no-leak",
			      "device %s (%s) was never released: %d reference(s) left%s",
			      sim_str(s, dev->name_id), where, dev->refcount,
			      dev->registered ? ", still added (no cxlsim_device_del())" : "");
		break;
	case CXLSIM__ORIGIN_DRIVER:
		sim_violation(s, "no-leak", "driver %s on bus %s (%s) was never unregistered%s",
			      drv->name, drv->bus->name, where, note);
		break;
	}
}

void cxlsim__origin_check_leaks(struct cxlsim_ctx *ctx)
{
	struct cxlsim__origin *o;

	/* Tasks a deadlock or the step bound abandoned never got to take anything down. */
	if (sim_stopped(ctx->sim))
		return;
	list_for_each_entry(o, &ctx->api_objects, node)
		report(ctx->sim, o);
}
