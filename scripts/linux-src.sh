#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Stage the kernel sources --model linux compiles, in the build tree:
#   linux-src.sh TARBALL DEST   extract only drivers/cxl, include/cxl and
#                               include/uapi/linux/cxl_mem.h from a Debian
#                               linux-source tarball into DEST/tree (once:
#                               DEST/stamp records the tarball it came from)
#   linux-src.sh --tree DIR DEST  use the kernel tree DIR in place
# Either way DEST/include gets cxl/ and uapi/linux/cxl_mem.h only, so that
# kernel files find those and nothing else of the tree's include/.
set -euo pipefail

if [[ ${1-} == --tree ]]; then
	tree=$(cd "$2" && pwd)
	dest=$3
	mkdir -p "$dest"
else
	tarball=$1
	dest=$2
	mkdir -p "$dest"
	stamp="$dest/stamp"
	want="$tarball $(stat -c %s.%Y "$tarball")"
	if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
		rm -rf "$dest/tree" "$dest/x"
		mkdir -p "$dest/x"
		top=$(basename "$tarball" .tar.xz)
		tar -xJf "$tarball" -C "$dest/x" --wildcards \
			"$top/drivers/cxl/*" "$top/include/cxl/*" "$top/include/uapi/linux/cxl_mem.h"
		mv "$dest/x/$top" "$dest/tree"
		rmdir "$dest/x"
		echo "$want" >"$stamp"
	fi
	tree="$dest/tree"
fi

for f in drivers/cxl/core/port.c include/uapi/linux/cxl_mem.h; do
	if [[ ! -f $tree/$f ]]; then
		echo "linux-src.sh: $tree has no $f: not a kernel tree with CXL" >&2
		exit 1
	fi
done
rm -rf "$dest/include"
mkdir -p "$dest/include/uapi/linux"
ln -s "$tree/include/cxl" "$dest/include/cxl"
ln -s "$tree/include/uapi/linux/cxl_mem.h" "$dest/include/uapi/linux/cxl_mem.h"
echo "$tree" >"$dest/tree-path"
