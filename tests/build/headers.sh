#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Each public header compiles on its own: as C11, pedantic, and as C++ when a
# C++ compiler is installed.
set -eu
cc=$1 inc=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cxx=
for c in c++ g++ clang++; do command -v $c >/dev/null 2>&1 && { cxx=$c; break; }; done
for h in "$@"; do
	name=$(basename "$h")
	printf '#include <cxlsim/%s>\n#include <cxlsim/%s>\n' "$name" "$name" >"$tmp/t.c"
	$cc -std=c11 -pedantic -Wall -Wextra -Werror -I"$inc" -c "$tmp/t.c" -o "$tmp/t.o" ||
		{ echo "$name does not compile alone as C11"; exit 1; }
	if [ -n "$cxx" ]; then
		cp "$tmp/t.c" "$tmp/t.cc"
		$cxx -std=c++11 -Wall -Wextra -Werror -I"$inc" -c "$tmp/t.cc" -o "$tmp/t.o" ||
			{ echo "$name does not compile alone as C++"; exit 1; }
	fi
	echo "ok $name"
done
