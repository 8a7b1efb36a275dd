/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* LSM hooks: a kernel without security modules (no lockdown). */
#ifndef _LINUX_COMPAT_SECURITY_H
#define _LINUX_COMPAT_SECURITY_H

enum lockdown_reason {
	LOCKDOWN_NONE,
	LOCKDOWN_PCI_ACCESS,
	LOCKDOWN_CONFIDENTIALITY_MAX,
};

static inline int security_locked_down(enum lockdown_reason what)
{
	return 0;
}

#endif /* _LINUX_COMPAT_SECURITY_H */
