#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: install.sh BUILD_DIR SOURCE_DIR CC
# Installs into a scratch prefix, then uses it the ways a user would:
#  - examples/hello-bus compiled with nothing but `pkg-config --cflags --libs cxlsim`, run;
#  - every examples/<name>/ configured with its own CMakeLists.txt (pkg-config), built;
#  - tests/build/consumer through find_package(cxlsim), shared and static, built and run,
#    without json-c's or libuv's include directories; and the shared one alone with no
#    pkg-config file visible (a machine without their development files).
set -eu
build=$1 src=$2 cc=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
step() { echo "== $*"; }

step "cmake --install into a scratch prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; exit 1; }
pcdir=$(dirname "$(find "$prefix" -path '*/pkgconfig/cxlsim.pc' | head -n1)")
libdir=$(dirname "$pcdir")
for f in "$prefix/include/cxlsim/cxlsim.h" "$prefix/include/cxlsim/common.h" \
	"$libdir/libcxlsim.a" "$libdir/libcxlsim.so" "$libdir/libcxlsim.so.0" \
	"$libdir/cmake/cxlsim/cxlsimConfig.cmake" "$libdir/cmake/cxlsim/cxlsimConfigVersion.cmake" \
	"$prefix/bin/cxlsim"; do
	[ -e "$f" ] || { echo "not installed: ${f#"$prefix"/}"; exit 1; }
done
soname=$(readelf -d "$libdir/libcxlsim.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libcxlsim.so.0 ] || { echo "SONAME is '$soname', not libcxlsim.so.0"; exit 1; }

export PKG_CONFIG_PATH="$pcdir"
export LD_LIBRARY_PATH="$libdir"
unset CXLSIM_SOURCE_DIR CXLSIM_BUILD_DIR

step "examples/hello-bus with pkg-config only"
# shellcheck disable=SC2046 # pkg-config's output is meant to be split
"$cc" -std=c11 -Wall -Wextra -Werror -o "$tmp/hello" "$src"/examples/hello-bus/*.c \
	$(pkg-config --cflags --libs cxlsim)
"$tmp/hello"

for ex in "$src"/examples/*/; do
	[ -f "$ex/CMakeLists.txt" ] || continue
	name=$(basename "$ex")
	step "examples/$name with its CMakeLists.txt"
	cmake -S "$ex" -B "$tmp/ex-$name" -DCMAKE_C_COMPILER="$cc" >"$tmp/ex.log" 2>&1 ||
		{ cat "$tmp/ex.log"; exit 1; }
	cmake --build "$tmp/ex-$name" >"$tmp/ex.log" 2>&1 || { cat "$tmp/ex.log"; exit 1; }
done

step "find_package(cxlsim): cxlsim::cxlsim and cxlsim::cxlsim_static"
cmake -S "$src/tests/build/consumer" -B "$tmp/consumer" -DCMAKE_C_COMPILER="$cc" \
	-DCMAKE_PREFIX_PATH="$prefix" >"$tmp/c.log" 2>&1 || { cat "$tmp/c.log"; exit 1; }
cmake --build "$tmp/consumer" >"$tmp/c.log" 2>&1 || { cat "$tmp/c.log"; exit 1; }
"$tmp/consumer/consumer"
"$tmp/consumer/consumer-static"
readelf -d "$tmp/consumer/consumer" | grep -q 'NEEDED.*libcxlsim\.so\.0' ||
	{ echo "consumer does not link libcxlsim.so.0"; exit 1; }
if readelf -d "$tmp/consumer/consumer-static" | grep -q 'NEEDED.*libcxlsim'; then
	echo "consumer-static links libcxlsim dynamically"
	exit 1
fi
# Neither target may hand json-c's or libuv's include directories to its consumers.
if grep -E -- '(-I *|-isystem +)[^ ]*(json|uv)' "$tmp/consumer/compile_commands.json"; then
	echo "find_package(cxlsim) adds json-c's or libuv's include directories"
	exit 1
fi

step "find_package(cxlsim), cxlsim::cxlsim only, with no pkg-config file but ours"
mkdir "$tmp/no-pc"
PKG_CONFIG_LIBDIR="$tmp/no-pc" PKG_CONFIG_PATH="" cmake -S "$src/tests/build/consumer" \
	-B "$tmp/consumer-shared" -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCONSUMER_STATIC=OFF >"$tmp/c.log" 2>&1 || { cat "$tmp/c.log"; exit 1; }
cmake --build "$tmp/consumer-shared" >"$tmp/c.log" 2>&1 || { cat "$tmp/c.log"; exit 1; }
"$tmp/consumer-shared/consumer"
echo "installed library usable through pkg-config and find_package"
