#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The global definitions of a linked kernel image that stay global: those
# matching REGEX (what libcxlsim or a test calls); cmake/linux.cmake
# localizes every other.
#   linux-keep.sh IMAGE.o REGEX OUT.txt
set -euo pipefail
"${NM:-nm}" --defined-only "$1" | awk 'NF==3 && $2 ~ /[A-Z]/ {print $3}' |
	{ grep -E "$2" || true; } | sort -u >"$3"
