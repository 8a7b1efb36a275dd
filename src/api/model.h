/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A model is what a run simulates: the built-in demo bus, the CXL subsystem.
 * The engine (run, replay, explore, determinism checks) drives any model
 * through this table, so each command exists once.
 */
#ifndef CXLSIM_API_MODEL_H
#define CXLSIM_API_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/sim.h"
#include "sim/strbuf.h"

struct cxlsim_ctx;

/*
 * Where a public call writes its error message: the caller's buffer, emptied, or,
 * when the caller gave none, a byte of our own, so the code below writes unchecked.
 */
static inline char *cxlsim__err_buf(char *err, size_t *errlen)
{
	static _Thread_local char none[1];

	if (!err) {
		err = none;
		*errlen = sizeof(none);
	}
	if (*errlen)
		err[0] = '\0';
	return err;
}

/* Options as the user gave them; a model rejects those it does not take. */
struct cxlsim__model_opts {
	const char *topology;
	const char *kernel;
	const char *workload;
	/* A topology rebuilt from saved `cxl list` output (docs/cxl-list.md). */
	const char *topology_cxl_list;
	/*
	 * Modules built in (=y): NULL or "none" for none, "all", or a comma
	 * list of module names; the rest load as modules.
	 */
	const char *builtin;
	/* "makefile" (NULL, the default) or "any": built-in inits of a level in any order. */
	const char *link_order;
};

/* What a model's list() prints: the object kinds of `cxl list -BPEMDRT -i`. */
enum {
	CXLSIM__LIST_BUSES = 1u << 0,		/* -B */
	CXLSIM__LIST_PORTS = 1u << 1,		/* -P */
	CXLSIM__LIST_ENDPOINTS = 1u << 2,	/* -E */
	CXLSIM__LIST_MEMDEVS = 1u << 3,		/* -M */
	CXLSIM__LIST_DECODERS = 1u << 4,	/* -D */
	CXLSIM__LIST_REGIONS = 1u << 5,		/* -R */
	CXLSIM__LIST_TARGETS = 1u << 6,		/* -T: dports, decoder targets, region mappings */
	CXLSIM__LIST_IDLE = 1u << 7,		/* -i: disabled objects too */
	CXLSIM__LIST_ALL = (1u << 7) - 1,	/* -BPEMDRT */
};

struct cxlsim__model {
	const char *name;
	const char *summary;
	/* Names of the properties the model checks, NULL-terminated. */
	const char *const *properties;
	/*
	 * Parse the options once for many runs; on error write "problem" or
	 * "file:line: problem" into @err and return -EINVAL (exit code 2).
	 */
	int (*prepare)(void **priv, const struct cxlsim__model_opts *o, char *err, size_t errlen);
	/* Per run, after the reset: set up the layers' state. */
	int (*setup)(struct sim *s, void *priv);
	/* The boot task's body. */
	void (*boot)(void *priv);
	/* After the run: check end-of-run properties (report with sim_violation). */
	void (*check)(struct sim *s, void *priv);
	/* A short label of the end state, for counting distinct outcomes; may be NULL. */
	const char *(*outcome)(struct sim *s, void *priv, char *buf, size_t len);
	/*
	 * After the run: append the model's own part of the end state to @sb
	 * with end_state_add() (bus/end_state.h), a record each, written the
	 * same whatever order things happened in; see
	 * cxlsim__engine_end_state().  May be NULL: the driver core's part is
	 * all there is.
	 */
	void (*state)(struct sim *s, void *priv, struct sim_strbuf *sb);
	/*
	 * After the run: the end state as a JSON text shaped like ndctl's
	 * `cxl list` with @flags (CXLSIM__LIST_*); malloc'd, the caller frees
	 * it; NULL when out of memory.  May be NULL: the model has no listing.
	 */
	char *(*list)(struct sim *s, void *priv, unsigned int flags);
	void (*release)(void *priv);
};

const struct cxlsim__model *cxlsim__model_find(const char *name);
/*
 * Why a model this build knows of is not in it (--model linux needs a kernel
 * tree at build time), or NULL: for the "unknown model" message.
 */
const char *cxlsim__model_absent_reason(const char *name);
const struct cxlsim__model *const *cxlsim__models(void);

/* A prepared model bound to a context: runs one schedule at a time. */
struct cxlsim__engine {
	struct cxlsim_ctx *ctx;
	const struct cxlsim__model *model;
	void *priv;
};

int cxlsim__engine_init(struct cxlsim__engine *e, struct cxlsim_ctx *ctx,
			const struct cxlsim__model *m, const struct cxlsim__model_opts *o,
			char *err, size_t errlen);
void cxlsim__engine_release(struct cxlsim__engine *e);
/* Run one schedule with the context's current strategy. */
int cxlsim__engine_run(struct cxlsim__engine *e);

/*
 * The end state of the engine's last run as one line: the driver core's
 * records (drv_core_write_state()), then the model's (its ->state()).  For
 * counting distinct end states precisely, where ->outcome() is a summary.
 * *@out is malloc'd, the caller frees it.  0 or -ENOMEM.
 */
int cxlsim__engine_end_state(struct cxlsim__engine *e, char **out);

/* Did the engine's last run violate @property? */
bool cxlsim__engine_violated(const struct cxlsim__engine *e, const char *property);

struct cxlsim__shrink_stats {
	size_t tries;			/* replays run while shrinking */
	size_t before_len, after_len;	/* choices up to the last non-zero one */
	size_t before_preempt, after_preempt;	/* non-zero choices */
	bool budget_spent;		/* stopped at the replay budget, not at a fixed point */
};

/*
 * Shrink a schedule that violates @property: fewer non-zero choices (fewer
 * preemptions and faults) and a shorter prefix, each candidate replayed and
 * kept only if it still violates @property.  On success *@out (malloc'd,
 * trailing zeros stripped) replays to the same violation; the engine's last
 * run is that replay.
 */
int cxlsim__shrink(struct cxlsim__engine *e, const char *property, const uint32_t *choices,
		   size_t n, uint32_t **out, size_t *out_n, struct cxlsim__shrink_stats *stats);

#endif /* CXLSIM_API_MODEL_H */
