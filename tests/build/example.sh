#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: example.sh BUILD_DIR SOURCE_DIR CC NAME
# Installs into a scratch prefix, builds examples/NAME with its own
# CMakeLists.txt (pkg-config only, as a user would), runs it, and checks its
# output against examples/NAME/expected-output: one extended regular
# expression per line, each matching a line of the output after the line the
# previous one matched (so the file also checks order).
set -eu
build=$1 src=$2 cc=$3 name=$4
ex=$src/examples/$name
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

cmake --install "$build" --prefix "$prefix" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
pcdir=$(dirname "$(find "$prefix" -path '*/pkgconfig/cxlsim.pc' | head -n1)")
export PKG_CONFIG_PATH="$pcdir"
export LD_LIBRARY_PATH="$(dirname "$pcdir")"
unset CXLSIM_SOURCE_DIR CXLSIM_BUILD_DIR

cmake -S "$ex" -B "$tmp/ex" -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" \
	>"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
cmake --build "$tmp/ex" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
exe=$(find "$tmp/ex" -maxdepth 1 -type f -perm -u+x | head -n1)
[ -n "$exe" ] || { echo "examples/$name built no program"; exit 1; }

"$exe" >"$tmp/out" 2>&1 || { cat "$tmp/out"; echo "examples/$name exited $?"; exit 1; }
cat "$tmp/out"
awk -v want="$ex/expected-output" '
	{ out[NR] = $0 }
	END {
		at = 0
		while ((getline re < want) > 0) {
			if (re == "")
				continue
			for (at++; at <= NR && out[at] !~ re; at++)
				;
			if (at > NR) {
				printf "expected, in order, a line matching: %s\n", re
				exit 1
			}
		}
	}' "$tmp/out"
echo "examples/$name: output as expected"
