#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The global definitions of a linked kernel image that libcxlsim may call
# (cmake/linux.cmake localizes every other): linux_*, the mock platform's
# cxl_mock_*, and the THIS_MODULE storage (__linux_this_module_*).
#   linux-keep.sh IMAGE.o OUT.txt
set -euo pipefail
"${NM:-nm}" --defined-only "$1" | awk 'NF==3 && $2 ~ /[A-Z]/ {print $3}' |
	grep -E '^(linux_|cxl_mock_|__linux_this_module_)' | sort -u >"$2"
