/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The uapi errno values (the C library's <errno.h> reaches them through this
 * very name, so it must give them), plus the kernel-internal ones.
 */
#ifndef _LINUX_COMPAT_ERRNO_H
#define _LINUX_COMPAT_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ENOIOCTLCMD 515
#define EPROBE_DEFER 517
#define EOPENSTALE 518
#define ENOPARAM 519
#define EBADHANDLE 521
#define ENOTSUPP 524
#define ETOOSMALL 525
#define ESERVERFAULT 526
#define EBADTYPE 527
#define EJUKEBOX 528
#define EIOCBQUEUED 529

#endif
