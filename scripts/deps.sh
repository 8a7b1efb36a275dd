#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Makes sure the Debian packages libcxlsim needs are installed.
#   all present      -> exit 0, silently
#   missing, root    -> apt-get update + install them (non-interactive)
#   missing, no root -> print the exact command to run, exit 1
# Never reads standard input, so it runs the same under CI; idempotent.
#   --docs           only what `make docs` needs (graphviz); build and check never need it
# linux-source-6.12 (and xz-utils to unpack it) is the kernel tree --model linux is
# built from (cmake/linux.cmake): installed with the rest when we can, but without
# it everything else still builds, so its absence alone never fails (a note says so).
# valgrind likewise: only `make check VALGRIND=1` uses it (and its header, when there
# at build time, lets the library register its task stacks with it).
set -euo pipefail

packages=(build-essential cmake pkg-config libcmocka-dev libjson-c-dev libuv1-dev
	clang libclang-rt-14-dev libedit-dev tmux parallel
	linux-source-6.12 xz-utils valgrind)
optional=(linux-source-6.12 xz-utils valgrind)
what="libcxlsim needs"
if [[ ${1-} == --docs ]]; then
	packages=(graphviz)
	optional=()
	what="make docs needs"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps.sh: not a Debian system; make sure the equivalents of these are installed:" >&2
	echo "  ${packages[*]}" >&2
	exit 0
fi

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null </dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

if ((EUID != 0)); then
	required=()
	for p in "${missing[@]}"; do
		[[ " ${optional[*]} " == *" $p "* ]] || required+=("$p")
	done
	if ((${#required[@]} == 0)); then
		echo "deps.sh: optional, not installed: ${missing[*]} (linux-source-6.12 and" \
			"xz-utils: --model linux; valgrind: make check VALGRIND=1); to have them:" >&2
		echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
		exit 0
	fi
	echo "$what these Debian packages: ${missing[*]}" >&2
	echo "install them with:" >&2
	echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
