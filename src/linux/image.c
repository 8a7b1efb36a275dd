// SPDX-License-Identifier: LGPL-2.1-or-later
/* The CXL image's modules, under the names the linux model asks for. */
#include <stddef.h>

#include "linux/kimage.h"
#include "linux/linux_model.h"

const struct module_desc *const *linux_kernel_modules(size_t *n)
{
	return linux_kimage_modules(&linux_image, n);
}
