// SPDX-License-Identifier: LGPL-2.1-or-later
/* The public devres calls: the driver core's devres (src/bus/devres.c) on public handles. */
#include <errno.h>

#include <cxlsim/bus.h>

#include "api/bus_internal.h"

CXLSIM_API void *cxlsim_devm_alloc(struct cxlsim_device *dev, size_t size)
{
	if (!dev || !size || !cxlsim__api_core())
		return NULL;
	return devm_kzalloc(cxlsim__dev(dev), size);
}

CXLSIM_API void cxlsim_devm_free(struct cxlsim_device *dev, void *p)
{
	if (dev && p && cxlsim__api_core())
		devm_kfree(cxlsim__dev(dev), p);
}

/* Action names show in the trace after the call: intern them. */
static const char *action_name(struct drv_core *core, const char *name)
{
	return sim_str(core->sim, sim_intern(core->sim, name ? name : "action"));
}

CXLSIM_API int cxlsim_devm_add_action(struct cxlsim_device *dev, void (*action)(void *data),
				      void *data, const char *name)
{
	struct drv_core *core;

	if (!dev || !action)
		return -EINVAL;
	core = cxlsim__api_core();
	if (!core)
		return -EPERM;
	return __devm_add_action(cxlsim__dev(dev), action, data, action_name(core, name));
}

CXLSIM_API int cxlsim_devm_add_action_or_reset(struct cxlsim_device *dev,
					       void (*action)(void *data), void *data,
					       const char *name)
{
	struct drv_core *core = cxlsim__api_core();

	if (!action)
		return -EINVAL;
	/* Whatever keeps the action from being registered, it has run when we return. */
	if (!dev || !core) {
		action(data);
		return dev ? -EPERM : -EINVAL;
	}
	return __devm_add_action_or_reset(cxlsim__dev(dev), action, data, action_name(core, name));
}

CXLSIM_API void cxlsim_devm_remove_action(struct cxlsim_device *dev, void (*action)(void *data),
					  void *data)
{
	if (dev && action && cxlsim__api_core())
		devm_remove_action(cxlsim__dev(dev), action, data);
}

CXLSIM_API void cxlsim_devm_release_action(struct cxlsim_device *dev, void (*action)(void *data),
					   void *data)
{
	if (dev && action && cxlsim__api_core())
		devm_release_action(cxlsim__dev(dev), action, data);
}

CXLSIM_API void *cxlsim_devres_open_group(struct cxlsim_device *dev, void *id)
{
	if (!dev || !cxlsim__api_core() || !device_check(cxlsim__dev(dev), "devres_open_group"))
		return NULL;
	return devres_open_group(cxlsim__dev(dev), id);
}

CXLSIM_API void cxlsim_devres_close_group(struct cxlsim_device *dev, void *id)
{
	if (dev && cxlsim__api_core())
		devres_close_group(cxlsim__dev(dev), id);
}

CXLSIM_API void cxlsim_devres_remove_group(struct cxlsim_device *dev, void *id)
{
	if (dev && cxlsim__api_core())
		devres_remove_group(cxlsim__dev(dev), id);
}

CXLSIM_API int cxlsim_devres_release_group(struct cxlsim_device *dev, void *id)
{
	if (!dev)
		return -EINVAL;
	if (!cxlsim__api_core())
		return -EPERM;
	return devres_release_group(cxlsim__dev(dev), id);
}

CXLSIM_API size_t cxlsim_devres_count(const struct cxlsim_device *dev)
{
	if (!dev || !cxlsim__query_sim())
		return 0;
	return devres_count(cxlsim__dev(dev));
}
