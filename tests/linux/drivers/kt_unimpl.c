// SPDX-License-Identifier: LGPL-2.1-or-later
/* Module kt_unimpl: calls a function that nothing provides (the build stubs it). */
#include <linux/module.h>

int kt_nobody_provides(int x);

static int __init kt_unimpl_init(void)
{
	return kt_nobody_provides(1);
}
module_init(kt_unimpl_init);
MODULE_LICENSE("GPL");
