#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: headers.sh CC CXX_OR_EMPTY INCLUDE_DIR
# Every public header compiles on its own, twice included (guards), as C11
# with -pedantic and, when a C++ compiler is given, as C++; and the umbrella
# header cxlsim.h includes every other public header.
set -eu
cc=$1 cxx=$2 inc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for h in "$inc"/cxlsim/*.h; do
	name=$(basename "$h")
	printf '#include <cxlsim/%s>\n#include <cxlsim/%s>\n' "$name" "$name" >"$tmp/t.c"
	if ! "$cc" -std=c11 -pedantic -Wall -Wextra -Werror -I"$inc" -c "$tmp/t.c" \
		-o "$tmp/t.o"; then
		echo "FAIL $name does not compile alone as C11"
		status=1
	fi
	if [ -n "$cxx" ]; then
		cp "$tmp/t.c" "$tmp/t.cc"
		if ! "$cxx" -std=c++11 -pedantic -Wall -Wextra -Werror -I"$inc" -c "$tmp/t.cc" \
			-o "$tmp/t.o"; then
			echo "FAIL $name does not compile alone as C++"
			status=1
		fi
	fi
	if [ "$name" != cxlsim.h ] &&
		! grep -q "^#include <cxlsim/$name>" "$inc/cxlsim/cxlsim.h"; then
		echo "FAIL cxlsim.h (the umbrella) does not include <cxlsim/$name>"
		status=1
	fi
done
[ -n "$cxx" ] || echo "note: no C++ compiler, checked as C11 only"
[ $status -eq 0 ] && echo "every public header stands alone"
exit $status
