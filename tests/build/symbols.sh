#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: symbols.sh LIBRARY VERSION_SCRIPT
# The shared library exports exactly the names in the global: parts of the
# version script, each under a CXLSIM_* version node, all prefixed cxlsim_.
set -eu
lib=$1 script=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Defined dynamic symbols, without the version nodes themselves (absolute "A").
nm -D --defined-only "$lib" | awk 'NF >= 3 && $2 != "A" {print $3}' >"$tmp/raw"
sed 's/@.*//' "$tmp/raw" | sort -u >"$tmp/exported"

# The script's global: names; comments removed, so they may mention anything.
sed -e 's:/\*.*\*/::g' -e 's:#.*::' "$script" | tr ';{}' '\n\n\n' |
	awk '/^[ \t]*global:/ {on = 1; sub(/^[ \t]*global:/, "")}
	     /^[ \t]*local:/ {on = 0}
	     on {for (i = 1; i <= NF; i++) print $i}' |
	sed 's/^[ \t]*//; s/[ \t]*$//' | grep -v '^$' | grep -v '^CXLSIM_' | sort -u >"$tmp/listed" || true

status=0
missing=$(comm -13 "$tmp/exported" "$tmp/listed")
extra=$(comm -23 "$tmp/exported" "$tmp/listed")
if [ -n "$missing" ]; then
	echo "listed in $(basename "$script") but not exported (not defined, or not CXLSIM_API):"
	echo "$missing" | sed 's/^/  /'
	status=1
fi
if [ -n "$extra" ]; then
	echo "exported but not listed in $(basename "$script"):"
	echo "$extra" | sed 's/^/  /'
	status=1
fi
unversioned=$(grep -v '@@\{0,1\}CXLSIM_' "$tmp/raw" || true)
if [ -n "$unversioned" ]; then
	echo "exported without a CXLSIM_* version node:"
	echo "$unversioned" | sed 's/^/  /'
	status=1
fi
unprefixed=$(grep -v '^cxlsim_' "$tmp/exported" || true)
if [ -n "$unprefixed" ]; then
	echo "exported without the cxlsim_ prefix:"
	echo "$unprefixed" | sed 's/^/  /'
	status=1
fi
[ $status -eq 0 ] && echo "$(wc -l <"$tmp/exported") symbols exported, as listed"
exit $status
