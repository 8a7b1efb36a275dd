#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run each libFuzzer target for SECONDS and summarise: fuzz/run.sh BUILD_DIR SECONDS
#   schedule under base (a violation is expected: base is the kernel before the series)
#   schedule under series, ignoring $SERIES_IGNORE (default: soft-reserve)
#   topology (the JSON loader)
# Each run starts from a copy of the committed seeds in BUILD_DIR/fuzz-work/,
# so the corpus in the tree only changes by hand.  Exit 1 when a run that
# should stay clean (series, topology) found something.
set -u
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}
secs=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS}
src=$(cd "$(dirname "$0")" && pwd)
work=$build/fuzz-work
series_ignore=${SERIES_IGNORE-soft-reserve}
status=0

# run NAME TARGET KERNEL IGNORE EXPECT(clean|finding)
run() {
	local name=$1 target=$2 kernel=$3 ignore=$4 expect=$5
	local dir=$work/$name log=$work/$name.log start end rc found dict=()
	[[ -f $src/$target.dict ]] && dict=(-dict="$src/$target.dict")
	rm -rf "$dir" "$dir-artifacts" && mkdir -p "$dir" "$dir-artifacts"
	cp "$src/corpus/$target/"* "$dir/"
	start=$(date +%s.%N)
	CXLSIM_FUZZ_KERNEL=$kernel CXLSIM_FUZZ_IGNORE=$ignore \
		"$build/fuzz/fuzz-$target" -max_total_time="$secs" -max_len=8192 \
		-print_final_stats=1 -artifact_prefix="$dir-artifacts/" "${dict[@]}" "$dir" >"$log" 2>&1
	rc=$?
	end=$(date +%s.%N)
	found=$(ls "$dir-artifacts" 2>/dev/null | head -1)
	printf '== %-18s kernel=%-6s ignore=%-14s ' "$name" "$kernel" "${ignore:--}"
	printf 'execs=%s exec/s=%s time=%.1fs corpus=%s\n' \
		"$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)" \
		"$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)" \
		"$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$(ls "$dir" | wc -l)"
	if [[ $rc -ne 0 || -n $found ]]; then
		grep -m1 -E '^fuzz-[a-z]+: |ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error' "$log" | cut -c1-300
		grep -m1 '^  replay: ' "$log" | cut -c1-300
		echo "   input: $dir-artifacts/$found   log: $log"
		[[ $expect == clean ]] && status=1
	else
		echo "   no finding"
		[[ $expect == finding ]] && echo "   (expected one: base violates memdev-attached at once)"
	fi
}

run schedule-base schedule base "${BASE_IGNORE-}" finding
run schedule-series schedule series "$series_ignore" clean
run topology topology base "" clean
exit $status
