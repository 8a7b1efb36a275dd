// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public module calls.  A module added to a context is copied into a
 * struct module_desc that every plain run puts "on disk"; its init and exit
 * run through trampolines that find the public module from the driver
 * core's module_current(), as THIS_MODULE would.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cxlsim/bus.h>

#include "api/bus_internal.h"

struct cxlsim__module {
	struct module_desc desc;
	struct cxlsim_module_info info;
	struct cxlsim_ctx *ctx;
};

static struct cxlsim__module *running_module(void)
{
	struct module *mod = module_current();

	return container_of(mod->desc, struct cxlsim__module, desc);
}

static int module_init_tramp(void)
{
	struct cxlsim__module *m = running_module();

	return m->info.init ? m->info.init(m->ctx, m->info.priv) : 0;
}

static void module_exit_tramp(void)
{
	struct cxlsim__module *m = running_module();

	if (m->info.exit)
		m->info.exit(m->ctx, m->info.priv);
}

int cxlsim__bus_setup(struct sim *s, void *p)
{
	struct cxlsim_ctx *ctx = p;
	size_t i;
	int ret = drv_core_init(s);

	for (i = 0; !ret && i < ctx->nr_modules; i++)
		ret = module_add_available(s, &ctx->modules[i]->desc);
	return ret;
}

void cxlsim__modules_free(struct cxlsim_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_modules; i++)
		free(ctx->modules[i]);
	free(ctx->modules);
	ctx->modules = NULL;
	ctx->nr_modules = 0;
}

CXLSIM_API int cxlsim_module_add(struct cxlsim_ctx *ctx, const struct cxlsim_module_info *info)
{
	struct cxlsim__module *m, **n;
	size_t i;

	if (!ctx || !CXLSIM__HAS(info, struct cxlsim_module_info, name) || !info->name ||
	    !*info->name)
		return -EINVAL;
	if (sim_current() == ctx->sim)
		return -EBUSY;
	for (i = 0; i < ctx->nr_modules; i++)
		if (!strcmp(ctx->modules[i]->info.name, info->name))
			return -EEXIST;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	n = realloc(ctx->modules, (ctx->nr_modules + 1) * sizeof(*n));
	if (!n) {
		free(m);
		return -ENOMEM;
	}
	ctx->modules = n;
	/* An older, shorter struct: the fields it lacks stay zero. */
	memcpy(&m->info, info, info->size < sizeof(*info) ? info->size : sizeof(*info));
	m->info.size = sizeof(m->info);
	m->ctx = ctx;
	m->desc = (struct module_desc){
		.name = m->info.name,
		.init = module_init_tramp,
		.exit = module_exit_tramp,
		.exports = m->info.exports,
		.uses = m->info.uses,
		.aliases = m->info.aliases,
		.softdep_pre = m->info.softdep_pre,
		.async_probe = m->info.async_probe,
	};
	ctx->modules[ctx->nr_modules++] = m;
	return 0;
}

CXLSIM_API int cxlsim_modprobe(struct cxlsim_ctx *ctx, const char *name)
{
	if (!name)
		return -EINVAL;
	return cxlsim__api_core_of(ctx) ? modprobe(name) : -EPERM;
}

CXLSIM_API int cxlsim_rmmod(struct cxlsim_ctx *ctx, const char *name)
{
	if (!name)
		return -EINVAL;
	return cxlsim__api_core_of(ctx) ? rmmod(name) : -EPERM;
}

CXLSIM_API int cxlsim_request_module(struct cxlsim_ctx *ctx, const char *name)
{
	if (!name)
		return -EINVAL;
	return cxlsim__api_core_of(ctx) ? request_module(name) : -EPERM;
}

CXLSIM_API bool cxlsim_module_is_live(struct cxlsim_ctx *ctx, const char *name)
{
	return name && cxlsim__api_core_of(ctx) && module_is_live(find_module(name));
}

CXLSIM_API int cxlsim_wait_for_device_probe(struct cxlsim_ctx *ctx)
{
	if (!cxlsim__api_core_of(ctx))
		return -EPERM;
	wait_for_device_probe();
	return 0;
}
