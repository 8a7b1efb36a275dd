#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Print the properties x variants table of docs/properties.md ("Measured"):
# each cell is boot / boot+teardown / accel / accel+teardown, violating
# schedules out of 1000 / 200 / 1000 / 1000 random ones from seed 1.
#   scripts/properties-table.sh build/tools/cxlsim/cxlsim
set -euo pipefail
tool=${1:?usage: scripts/properties-table.sh PATH/TO/cxlsim}
variants=(base base+edac-release-fix base+sync-memdev-attach base+sync-endpoint-attach
	  base+scoped-cleanup base+drop-host-arg base+memdev-probe-op base+memdev-detach-op
	  base+autoremove-deadlock-fix series series+autoremove-deadlock-fix
	  series+autoremove-deadlock-fix,port-host-lock-fix)
props=(memdev-attached probe-sync-point soft-reserve accel-fallback devres-once no-uaf no-leak
       module-safety no-deadlock lock-order all-attached)
runs=(1000 200 1000 1000)
workloads=(boot boot+teardown accel accel+teardown)
topologies=(default default accel accel)
declare -A cell
for v in "${variants[@]}"; do
	for i in 0 1 2 3; do
		out=$("$tool" explore --kernel "$v" --workload "${workloads[$i]}" \
			--topology "${topologies[$i]}" --runs "${runs[$i]}" --seed 1 --no-shrink --json ||
			[ $? -eq 1 ])
		for p in "${props[@]}"; do
			n=$(printf '%s' "$out" | python3 -c \
				'import json,sys; print(json.load(sys.stdin)["violations"].get(sys.argv[1], 0))' "$p")
			cell[$v,$p]+="${cell[$v,$p]:+ / }$n"
		done
	done
done
printf '| property |'
printf ' %s |' "${variants[@]}"
printf '\n|---|'
printf -- '---|%.0s' "${variants[@]}"
printf '\n'
for p in "${props[@]}"; do
	printf '| `%s` |' "$p"
	for v in "${variants[@]}"; do
		printf ' %s |' "${cell[$v,$p]}"
	done
	printf '\n'
done
