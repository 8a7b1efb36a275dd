#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: distributed.sh CXLSIM [SOURCE_DIR]
# Runs the recipes of docs/distributed.md: GNU parallel for real (skipped, exit
# 77, when parallel is not installed), Slurm and Kubernetes with the environment
# those engines set; each merge must give the totals of a single-process search.
# Then --shard auto's errors: exit 2 with one line on standard error.
set -u
tool=$1 src=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
case $tool in /*) ;; */*) tool=$(pwd)/$tool ;; esac
d=$src/docs/distributed
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# No shrinking: the totals compared below do not include the shrunk schedules, and shrinking
# each shard's first violations took nearly all of the test's time (86 s under the sanitizers).
args="--runs 60 --seed 7 --no-shrink"
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

# The totals: schedules, end states and violations.
totals() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
print(j["schedules"], json.dumps(j["end_states"], sort_keys=True),
      json.dumps(j.get("violations"), sort_keys=True))' "$1"
}
same() { # NAME MERGED.json
	[ "$single" = "$(totals "$2")" ] || fail "$1: merge differs from one process"
}

# shellcheck disable=SC2086
"$tool" explore --json $args >"$T/single.json"
[ $? -le 1 ] || fail "single explore"
# Once: a python3 start costs a second on a loaded machine.
single=$(totals "$T/single.json")

# Syntax of the recipes.
bash -n "$d/slurm.sbatch" || fail "slurm.sbatch: bash -n"
sh -n "$d/parallel.sh" || fail "parallel.sh: sh -n"
python3 -c 'import sys, yaml
j = yaml.safe_load(open(sys.argv[1]))
assert j["kind"] == "Job" and j["spec"]["completionMode"] == "Indexed"
c = j["spec"]["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in c["env"]}
assert int(env["CXLSIM_SHARD_COUNT"]) == j["spec"]["completions"]
open(sys.argv[2], "w").write(c["command"][2])' "$d/k8s-job.yaml" "$T/k8s.cmd" ||
	fail "k8s-job.yaml: not the Indexed Job expected"

# Slurm: an array 1-3 (ids need not start at 0), the tasks run one by one.
for id in 1 2 3; do
	SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=3 \
		SLURM_ARRAY_TASK_STEP=1 SLURM_ARRAY_TASK_COUNT=3 CXLSIM="$tool" OUT=$T/slurm \
		CXLSIM_ARGS=$args bash "$d/slurm.sbatch" || fail "slurm task $id"
done
"$tool" merge --json "$T"/slurm/shard-*.json >"$T/slurm.json"
same slurm "$T/slurm.json"

# Kubernetes: the manifest's command with JOB_COMPLETION_INDEX 0..3.
for i in 0 1 2 3; do
	JOB_COMPLETION_INDEX=$i CXLSIM_SHARD_COUNT=4 CXLSIM="$tool" OUT=$T/k8s \
		CXLSIM_ARGS=$args sh -c "$(cat "$T/k8s.cmd")" || [ $? -eq 1 ] || fail "k8s pod $i"
done
"$tool" merge --json "$T"/k8s/shard-*.json >"$T/k8s.json"
same kubernetes "$T/k8s.json"

# A missing shard is reported.
rm "$T/k8s/shard-2.json"
"$tool" merge "$T"/k8s/shard-*.json >/dev/null 2>"$T/err" && fail "merge with a shard missing"
grep -q "1 of 4 shards missing" "$T/err" || fail "merge does not say a shard is missing"

# GNU parallel, for real.
if command -v parallel >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	CXLSIM=$tool MERGE_ARGS=--json sh "$d/parallel.sh" 3 "$T/par" $args >"$T/par.json"
	same parallel "$T/par.json"
else
	echo "GNU parallel is not installed (scripts/deps.sh): its recipe not run"
	skipped=1
fi

# --shard auto: what each engine's variables give, and the errors.
shard_of() { # expected "I N", then env assignments
	want=$1
	shift
	# The summary is pretty-printed one member a line: "shard":I, then "shards":N.
	got=$(env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX -u PARALLEL_SEQ \
		-u CXLSIM_SHARD_COUNT "$@" "$tool" explore --model demo --shard auto --runs 2 --json |
		sed -n 's/^ *"shards*":\([0-9]*\),*$/\1/p' | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$want" ] || fail "shard auto with $*: '$got', not '$want'"
}
shard_of "2 4" SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=4
shard_of "2 4" SLURM_ARRAY_TASK_ID=12 SLURM_ARRAY_TASK_MIN=10 SLURM_ARRAY_TASK_COUNT=4
shard_of "1 3" SLURM_ARRAY_TASK_ID=4 SLURM_ARRAY_TASK_MIN=2 SLURM_ARRAY_TASK_STEP=2 \
	SLURM_ARRAY_TASK_COUNT=3
shard_of "3 5" JOB_COMPLETION_INDEX=3 CXLSIM_SHARD_COUNT=5
shard_of "0 2" PARALLEL_SEQ=1 PARALLEL_JOBSLOT=2 CXLSIM_SHARD_COUNT=2
shard_of "1 2" PARALLEL_SEQ=2 JOB_COMPLETION_INDEX=1 CXLSIM_SHARD_COUNT=2

bad() { # env assignments, then -- and the options
	env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX -u PARALLEL_SEQ \
		-u CXLSIM_SHARD_COUNT "$@" >/dev/null 2>"$T/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] || {
		fail "$*: exit $rc, not 2 with one line"
		cat "$T/err"
	}
}
x=$tool
bad "$x" explore --shard auto --runs 2
bad JOB_COMPLETION_INDEX=1 "$x" explore --shard auto --runs 2
bad JOB_COMPLETION_INDEX=4 CXLSIM_SHARD_COUNT=4 "$x" explore --shard auto --runs 2
bad JOB_COMPLETION_INDEX=x1 CXLSIM_SHARD_COUNT=4 "$x" explore --shard auto --runs 2
bad JOB_COMPLETION_INDEX=1 CXLSIM_SHARD_COUNT=four "$x" explore --shard auto --runs 2
bad JOB_COMPLETION_INDEX=1 PARALLEL_SEQ=1 CXLSIM_SHARD_COUNT=4 "$x" explore --shard auto
bad SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=2 SLURM_ARRAY_TASK_COUNT=4 "$x" explore \
	--shard auto
bad SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=4 "$x" explore --shard auto --shard-count 3
bad SLURM_ARRAY_TASK_ID=-1 SLURM_ARRAY_TASK_COUNT=4 "$x" explore --shard auto
bad PARALLEL_SEQ=0 CXLSIM_SHARD_COUNT=4 "$x" explore --shard auto
bad PARALLEL_SEQ=1 "$x" explore --shard auto --shard-count 0
bad "$x" explore --shard-count 3

echo "distributed.sh: $failed failed"
[ $failed -eq 0 ] || exit 1
[ -z "${skipped-}" ] || exit 77
