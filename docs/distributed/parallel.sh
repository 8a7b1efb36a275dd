#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# GNU parallel recipe: N shards of one search on this machine (or, with
# parallel's --sshlogin, on many), then one merged summary.
#   usage: parallel.sh N OUTDIR [explore options...]
# CXLSIM names the cxlsim binary (default: cxlsim on PATH).  Each job finds its
# part in PARALLEL_SEQ (1..N) through `--shard auto`; CXLSIM_SHARD_COUNT says N.
set -eu
n=$1 out=$2
shift 2
cxlsim=${CXLSIM:-cxlsim}
mkdir -p "$out"
CXLSIM_SHARD_COUNT=$n
export CXLSIM_SHARD_COUNT
# explore exits 1 when it finds a violation: that is a result, not a failure,
# so parallel's status is not checked; a shard that crashed leaves a file that
# merge rejects, and a missing one is reported as missing.
seq "$n" | parallel --will-cite \
	"\"$cxlsim\" explore --shard auto --json $* >\"$out\"/shard-{}.json" || :
# MERGE_ARGS: e.g. --json for a JSON summary.
# shellcheck disable=SC2086
"$cxlsim" merge ${MERGE_ARGS:-} "$out"/shard-*.json
