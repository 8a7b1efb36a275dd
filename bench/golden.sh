#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Byte-exact outputs of the cxlsim tool over a fixed set of commands, for checking that a
# performance change leaves every schedule string, trace and count as it was.
#
#   bench/golden.sh CXLSIM OUT        write the outputs of every case to OUT
#   bench/golden.sh CXLSIM OUT GOLDEN the same, then compare OUT with GOLDEN (exit 1 on a diff)
#
# Each case records its command line, its exit status, standard output and standard error,
# with wall-clock figures ("(0.01 s, 13300 schedules/s)") blanked.
set -u
tool=${1:?usage: golden.sh CXLSIM OUT [GOLDEN]}
out=${2:?usage: golden.sh CXLSIM OUT [GOLDEN]}
golden=${3:-}
export NO_COLOR=1

run() {
	local so se rc
	so=$(mktemp) se=$(mktemp)
	"$tool" "$@" >"$so" 2>"$se"
	rc=$?
	{
		echo "=== cxlsim $* (exit $rc)"
		sed -E 's/\([0-9.]+ s, [0-9.]+ schedules\/s\)/(TIME)/' "$so"
		echo "--- stderr"
		sed -E 's/\([0-9.]+ s, [0-9.]+ schedules\/s\)/(TIME)/' "$se"
	} >>"$out"
	rm -f "$so" "$se"
}

: >"$out"
for seed in 0 7 42; do
	run run --seed $seed
	run run --seed $seed --topology minimal
	run run --seed $seed --kernel series
done
run run --seed 5 --faults alloc,probe,defer
run run --seed 9 --topology minimal --faults alloc,probe,defer --kernel series
run run --seed 3 --check-determinism
run run --seed 1 --topology gen:16 --trace none
run run --seed 2 --topology gen:64
run explore --json --topology gen:32 --seed 6 --runs 30
run explore --json --topology gen:32 --seed 6 --runs 20 --strategy pct
run run --seed 1 --trace jsonl -

for topo in minimal default; do
	for kernel in base series; do
		run explore --json --topology $topo --kernel $kernel --seed 11 --runs 300
		run explore --json --topology $topo --kernel $kernel --seed 11 --runs 200 \
			--strategy pct
		run explore --topology $topo --kernel $kernel --seed 4 --runs 100 --no-shrink
	done
done
run explore --json --topology minimal --seed 2 --runs 50 --check-determinism
run explore --json --topology minimal --seed 2 --runs 200 --faults alloc,probe,defer
run explore --json --seed 8 --runs 100 --strategy pct --depth 2 --faults alloc,probe,defer
run explore --json --strategy dfs --preemptions 1 --topology minimal
run explore --json --strategy dfs --preemptions 1 --topology minimal --kernel series
run explore --json --strategy dfs --preemptions 0 --topology default --max-schedules 500
run explore --json --strategy dfs --preemptions 1 --topology minimal --reduction sleep \
	--max-schedules 300
run explore --json --strategy dfs --topology minimal --kernel series --max-schedules 2000

# Replay of schedules printed above: the first explore violation and a run's schedule.
for seed in 7 42; do
	sched=$("$tool" run --seed $seed --trace none 2>/dev/null | sed -n 's/^schedule: //p')
	run replay "$sched"
	run replay "$sched" --trace none --check-determinism
done
sched=$("$tool" explore --topology default --seed 4 --runs 100 2>/dev/null |
	sed -n 's/^violation: probe-sync-point schedule=//p' | head -1)
run replay "$sched"
sched=$("$tool" run --seed 5 --faults alloc,probe,defer --trace none 2>/dev/null |
	sed -n 's/^schedule: //p')
run replay "$sched" --faults alloc,probe,defer

if [[ -n $golden ]]; then
	if cmp -s "$golden" "$out"; then
		echo "golden: identical ($(grep -c '^=== ' "$out") cases)"
	else
		echo "golden: DIFFERENT"
		diff "$golden" "$out" | head -40
		exit 1
	fi
fi
