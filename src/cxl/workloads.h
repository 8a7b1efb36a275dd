/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The workloads of the cxl model: the one table the option parser and --help read. */
#ifndef CXLSIM_CXL_WORKLOADS_H
#define CXLSIM_CXL_WORKLOADS_H

struct cxl_workload_desc {
	const char *name;		/* what --workload takes */
	int id;				/* the model's own number for it */
	const char *topology;		/* the topology it defaults to; NULL: "default" */
	const char *help;		/* one or more lines, '\n' between them */
};

/* Ends with an entry whose name is NULL. */
extern const struct cxl_workload_desc cxl_workloads[];

#endif
