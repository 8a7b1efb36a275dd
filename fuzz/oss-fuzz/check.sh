#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: check.sh [SOURCE_DIR]  (ctest fuzz.oss-fuzz)
# Runs build.sh the way OSS-Fuzz does, with clang and libFuzzer, then each target on its
# seed corpus (unzipped from $OUT) and 300 more inputs.  Exit 77 (skipped) without clang.
set -u
src=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v clang >/dev/null && command -v zip >/dev/null && command -v unzip >/dev/null ||
	{ echo "clang, zip or unzip missing: OSS-Fuzz build not checked"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/out"
env -u CFLAGS -u LDFLAGS CC=clang CFLAGS="-fsanitize=fuzzer-no-link,address" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=$T/out WORK=$T/work SRC= \
	"$src/fuzz/oss-fuzz/build.sh" || { echo "FAIL: build.sh"; exit 1; }
rc=0
for t in schedule topology; do
	for f in "$t" "${t}_seed_corpus.zip"; do
		[[ -s $T/out/$f ]] || { echo "FAIL: \$OUT/$f missing"; rc=1; }
	done
	mkdir "$T/$t"
	(cd "$T/$t" && unzip -q "$T/out/${t}_seed_corpus.zip") || rc=1
	dict=()
	[[ ! -f $T/out/$t.dict ]] || dict=(-dict="$T/out/$t.dict")
	"$T/out/$t" -runs=300 -seed=1 "${dict[@]}" "$T/$t" >"$T/$t.log" 2>&1 ||
		{ echo "FAIL: $t"; tail -20 "$T/$t.log"; rc=1; }
	grep -E '^Done [0-9]+ runs' "$T/$t.log"
done
exit $rc
