// SPDX-License-Identifier: LGPL-2.1-or-later
/* cxlsim stress: the workload again and again on the thread executor. */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <uv.h>

#include <cxlsim/cxlsim.h>

#include "api/stress.h"
#include "cxlsim.h"
#include "explore.h"

static const char stress_usage[] =
	"usage: cxlsim stress [OPTIONS]\n"
	"Run the workload many times on real threads (the thread executor: each task a\n"
	"thread, one simulation lock handed over at every scheduling point, so the OS\n"
	"picks the interleaving) and count the iterations that violate each property.\n\n"
	"  --iterations N        runs in all (default 100)\n"
	"  --threads T           simulated machines running at once, each in its own\n"
	"                        context with its own task threads (default: CPUs)\n"
	"  --seed S              iteration i seeds fault and data choices with S+i\n"
	"  --model NAME          what to simulate (see cxlsim models)\n"
	"  --topology T          model option: topology name or JSON file (see below)\n"
	"  --kernel VARIANT      model option: kernel variant\n"
	"  --workload W          model option: workload (see below)\n"
	TOOL_HELP_BUILTIN
	"  --property NAME       count only these properties (repeatable)\n"
	"  --max-steps N         scheduling points before a run counts as a livelock\n"
	"  --json                print the summary as one JSON object\n"
	"  --progress            a progress line on standard error (iterations done,\n"
	"                        rate, violating, time), also off a terminal\n"
	"  --quiet               no progress line\n\n"
	"Nothing is recorded: a violation found here cannot be replayed.  Use cxlsim\n"
	"explore to find the same violation as a replayable schedule.\n"
	"Exit: 0 no violation, 1 some violation, 2 bad usage or input.\n";

static void print_text(const struct tool_opts *o, const struct cxlsim__stress_opts *so,
		       const struct cxlsim__stress_result *r)
{
	size_t i;

	printf("model: %s   executor: threads   machines: %u   seeds: %llu..%llu\n",
	       so->model->name, so->machines, (unsigned long long)o->seed,
	       (unsigned long long)(o->seed + o->iterations - 1));
	printf("iterations run: %llu in %.2f s (%.0f/s), %llu scheduling points, "
	       "%llu thread switches\n",
	       (unsigned long long)r->iterations, r->seconds,
	       r->seconds > 0 ? (double)r->iterations / r->seconds : 0.0,
	       (unsigned long long)r->steps, (unsigned long long)r->switches);
	printf("violations (iterations violating each property):\n");
	for (i = 0; i < r->nr_counts; i++)
		if (tool_property_selected(o, r->counts[i].property))
			printf("  %-18s %llu\n", r->counts[i].property,
			       (unsigned long long)r->counts[i].iterations);
	for (i = 0; i < r->nr_counts; i++)
		if (r->counts[i].iterations && tool_property_selected(o, r->counts[i].property))
			printf("violation: %s: %s\n", r->counts[i].property,
			       r->counts[i].first_msg ? r->counts[i].first_msg : "");
}

static void print_json(const struct tool_opts *o, const struct cxlsim__stress_opts *so,
		       const struct cxlsim__stress_result *r)
{
	struct json_object *root = json_object_new_object(), *viol = json_object_new_object();
	size_t i;

	json_object_object_add(root, "model", json_object_new_string(so->model->name));
	json_object_object_add(root, "executor", json_object_new_string("threads"));
	json_object_object_add(root, "machines", json_object_new_uint64(so->machines));
	json_object_object_add(root, "seed", json_object_new_uint64(o->seed));
	json_object_object_add(root, "iterations", json_object_new_uint64(r->iterations));
	json_object_object_add(root, "seconds", json_object_new_double(r->seconds));
	json_object_object_add(root, "steps", json_object_new_uint64(r->steps));
	json_object_object_add(root, "switches", json_object_new_uint64(r->switches));
	for (i = 0; i < r->nr_counts; i++)
		if (tool_property_selected(o, r->counts[i].property))
			json_object_object_add(viol, r->counts[i].property,
					       json_object_new_uint64(r->counts[i].iterations));
	json_object_object_add(root, "violations", viol);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

/* Called with the stress run's tallies locked: one call at a time. */
static void stress_progress(void *arg, uint64_t done, uint64_t violating)
{
	tool_progress_update(arg, done, violating);
}

int cmd_stress(int argc, char **argv)
{
	struct tool_progress prog;
	struct cxlsim__stress_result r;
	struct cxlsim__stress_opts so;
	struct tool_opts o;
	char err[512] = "";
	size_t i;
	int ret = tool_parse("stress", stress_usage, argc, argv, &o, NULL);
	bool violated = false;

	if (ret)
		return ret < 0 ? EXIT_CLEAN : ret;
	if (!o.iterations) {
		fprintf(stderr, "cxlsim stress: --iterations must be at least 1\n");
		return EXIT_USAGE;
	}
	if (o.schedule || o.check_determinism || strcmp(o.strategy, "random")) {
		fprintf(stderr, "cxlsim stress: the thread executor has no schedules, strategies "
				"or determinism to check\n");
		return EXIT_USAGE;
	}
	memset(&so, 0, sizeof(so));
	so.model = cxlsim__model_find(o.model);
	if (!so.model) {
		const char *why = cxlsim__model_absent_reason(o.model);

		if (why)
			fprintf(stderr, "cxlsim stress: --model %s is not built in: %s\n", o.model,
				why);
		else
			fprintf(stderr, "cxlsim stress: unknown model '%s' (see cxlsim models)\n",
				o.model);
		return EXIT_USAGE;
	}
	for (i = 0; i < (size_t)o.nr_properties; i++) {
		const char *const *p = so.model->properties;

		while (*p && strcmp(*p, o.properties[i]))
			p++;
		if (!*p) {
			fprintf(stderr, "cxlsim stress: model '%s' has no property '%s'\n",
				so.model->name, o.properties[i]);
			return EXIT_USAGE;
		}
	}
	so.mopts = o.mopts;
	so.iterations = o.iterations;
	so.machines = o.machines ? (unsigned int)o.machines : uv_available_parallelism();
	so.seed = o.seed;
	so.max_steps = o.max_steps;
	tool_progress_init(&prog, "stress", &o, o.iterations, "iterations");
	so.progress = stress_progress;
	so.progress_arg = &prog;
	ret = cxlsim__stress(&so, &r, err, sizeof(err));
	tool_progress_end(&prog);
	if (ret) {
		fprintf(stderr, "cxlsim stress: %s\n", err[0] ? err : cxlsim_strerror(ret));
		cxlsim__stress_result_free(&r);
		return EXIT_USAGE;
	}
	if (o.json)
		print_json(&o, &so, &r);
	else
		print_text(&o, &so, &r);
	for (i = 0; i < r.nr_counts; i++)
		violated |= r.counts[i].iterations &&
			    tool_property_selected(&o, r.counts[i].property);
	cxlsim__stress_result_free(&r);
	return violated ? EXIT_VIOLATION : EXIT_CLEAN;
}
