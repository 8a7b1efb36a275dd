#!/bin/bash -eu
# SPDX-License-Identifier: LGPL-2.1-or-later
# OSS-Fuzz / ClusterFuzzLite build: the fuzz targets with $CC, $CFLAGS (the sanitizer
# and coverage flags) and $LIB_FUZZING_ENGINE, into $OUT with their seed corpora
# (<target>_seed_corpus.zip) and dictionaries (<target>.dict).  $SRC/libcxlsim is the
# checkout (or this script's tree when run elsewhere), $WORK the scratch build dir.
# Locally: CC=clang CFLAGS="-fsanitize=fuzzer-no-link,address" \
#          LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out fuzz/oss-fuzz/build.sh
here=$(cd "$(dirname "$0")/../.." && pwd)
src=${SRC:-}
[[ -n $src && -f $src/libcxlsim/CMakeLists.txt ]] && src=$src/libcxlsim || src=$here
work=${WORK:-$(mktemp -d)}
: "${CC:=clang}" "${CFLAGS:=}" "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}" "${OUT:?OUT names the output directory}"
export CC CFLAGS
mkdir -p "$OUT"
targets=(schedule topology)
# The library is built without tests and without --model linux (no kernel tarball in
# the image); warnings do not fail a fuzzing build; CFLAGS come from the environment.
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DCXLSIM_BUILD_TESTS=OFF \
	-DCXLSIM_WERROR=OFF -DCXLSIM_LINUX_TARBALL=/nonexistent \
	-DCXLSIM_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
	"-DCXLSIM_FUZZ_DEFAULTS=series+autoremove-deadlock-fix;soft-reserve" >/dev/null
cmake --build "$work/build" -j "$(nproc)" --target "${targets[@]/#/fuzz-}" >/dev/null
for t in "${targets[@]}"; do
	cp "$work/build/fuzz/fuzz-$t" "$OUT/$t"
	rm -f "$OUT/${t}_seed_corpus.zip"
	(cd "$src/fuzz/corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
	[[ ! -f $src/fuzz/$t.dict ]] || cp "$src/fuzz/$t.dict" "$OUT/$t.dict"
done
