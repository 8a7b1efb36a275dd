#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: pkgconfig.sh BUILD_DIR SOURCE_DIR CC
# The installed cxlsim.pc as a C user meets it, on a scratch prefix:
#  - pkg-config sees our .pc and nothing else (PKG_CONFIG_LIBDIR), as on a machine
#    without json-c's and libuv's development files: --cflags --libs and
#    --static --libs must still work, and --cflags must not point into json-c;
#  - every examples/NAME is built shared (rpath, no LD_LIBRARY_PATH) and static
#    (libcxlsim.a plus what `pkg-config --static` adds), both are run, and both
#    must print the same.
set -eu
build=$1 src=$2 cc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
pcdir=$(dirname "$(find "$prefix" -path '*/pkgconfig/cxlsim.pc' | head -n1)")
libdir=$(dirname "$pcdir")
export PKG_CONFIG_LIBDIR="$pcdir"
unset PKG_CONFIG_PATH LD_LIBRARY_PATH CXLSIM_SOURCE_DIR CXLSIM_BUILD_DIR

flags=$(pkg-config --cflags --libs cxlsim) ||
	fail "pkg-config --cflags --libs cxlsim needs more than our .pc"
echo "pkg-config --cflags --libs cxlsim: $flags"
case " $flags " in
*json*|*uv*) fail "consumers of the shared library are given '$flags'" ;;
esac
static=$(pkg-config --static --libs cxlsim) || fail "pkg-config --static --libs cxlsim failed"
echo "pkg-config --static --libs cxlsim: $static"
for l in -lcxlsim -ljson-c -luv; do
	case " $static " in
	*" $l "*) ;;
	*) fail "pkg-config --static --libs cxlsim lacks $l" ;;
	esac
done
cflags=$(pkg-config --cflags cxlsim)
# -l:libcxlsim.a: the archive even though libcxlsim.so sits next to it.
static=$(echo "$static" | sed 's/-lcxlsim\b/-l:libcxlsim.a/')

for ex in "$src"/examples/*/; do
	name=$(basename "$ex")
	set -- "$ex"*.c
	[ -f "$1" ] || continue
	# shellcheck disable=SC2086 # pkg-config's output is meant to be split
	"$cc" -std=gnu17 -Wall -Wextra -Werror -o "$tmp/$name-shared" "$@" $flags \
		-Wl,-rpath,"$libdir" || fail "examples/$name: shared link"
	# shellcheck disable=SC2086
	"$cc" -std=gnu17 -Wall -Wextra -Werror -o "$tmp/$name-static" "$@" $cflags $static ||
		fail "examples/$name: static link"
	readelf -d "$tmp/$name-shared" | grep -q 'NEEDED.*libcxlsim\.so\.0' ||
		fail "examples/$name-shared does not load libcxlsim.so.0"
	if readelf -d "$tmp/$name-static" | grep -q 'NEEDED.*libcxlsim'; then
		fail "examples/$name-static loads libcxlsim.so"
	fi
	"$tmp/$name-shared" >"$tmp/$name-shared.out" 2>&1 ||
		{ cat "$tmp/$name-shared.out"; fail "examples/$name (shared) exited $?"; }
	"$tmp/$name-static" >"$tmp/$name-static.out" 2>&1 ||
		{ cat "$tmp/$name-static.out"; fail "examples/$name (static) exited $?"; }
	cmp -s "$tmp/$name-shared.out" "$tmp/$name-static.out" ||
		{ diff "$tmp/$name-shared.out" "$tmp/$name-static.out"; fail "examples/$name: shared and static differ"; }
	echo "examples/$name: shared and static built, run, same output"
done
