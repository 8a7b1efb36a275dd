#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Install into a scratch prefix, then build examples/hello-bus the two ways a
# user would: with pkg-config alone, and with find_package(cxlsim).
set -eu
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
libdir=$(find "$tmp/prefix" -name cxlsim.pc -path '*pkgconfig*' -exec dirname {} \; | head -n1)
export PKG_CONFIG_PATH="$libdir"
export LD_LIBRARY_PATH="$(dirname "$libdir")"
cc -std=c11 -Wall -Wextra -Werror -o "$tmp/hello" "$src/examples/hello-bus/hello.c" \
	$(pkg-config --cflags --libs cxlsim)
"$tmp/hello"
cmake -S "$src/examples/hello-bus" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cm" >/dev/null
"$tmp/cm/hello"
echo "installed library usable through pkg-config and find_package"
