#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The shared library exports exactly the symbols the version script lists.
set -eu
lib=$1 script=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' |
	grep -v '^CXLSIM_' | sort -u >"$tmp/exported"
sed -n '/global:/,/local:/p' "$script" | grep -o '[A-Za-z_][A-Za-z0-9_]*;' | tr -d ';' |
	sort -u >"$tmp/listed"
if ! cmp -s "$tmp/exported" "$tmp/listed"; then
	echo "exported (<) vs version script (>):"
	diff "$tmp/exported" "$tmp/listed" || true
	exit 1
fi
if grep -v '^cxlsim_' "$tmp/exported"; then
	echo "symbols above are exported without the cxlsim_ prefix"
	exit 1
fi
echo "$(wc -l <"$tmp/exported") symbols exported, all listed, all cxlsim_"
