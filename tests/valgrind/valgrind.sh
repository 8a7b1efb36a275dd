#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: valgrind.sh VALGRIND EXPECTED_EXIT PROGRAM [ARGS...]
# Runs PROGRAM under memcheck and fails on any error memcheck reports (definite
# leaks included) or on an exit status other than EXPECTED_EXIT: `cxlsim run`
# exits 1 when a property is violated, which is not valgrind's business.
# An argument @SCHEDULE@ is replaced by the schedule `PROGRAM run --seed 1`
# prints (run without valgrind), so a replay needs no schedule kept in a file.
set -eu
vg=$1 want=$2 prog=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for a in "$@"; do
	if [ "$a" = @SCHEDULE@ ]; then
		"$prog" run --seed 1 --trace none >"$tmp/run" 2>&1 || true
		schedule=$(sed -n 's/^schedule: //p' "$tmp/run")
		[ -n "$schedule" ] || { cat "$tmp/run"; echo "no schedule from run --seed 1"; exit 1; }
		a=$schedule
	fi
	set -- "$@" "$a"
	shift
done

# 125: an exit status none of our programs uses.
rc=0
"$vg" --error-exitcode=125 --leak-check=full --errors-for-leak-kinds=definite \
	--log-file="$tmp/vg" "$prog" "$@" >"$tmp/out" 2>&1 || rc=$?
if [ "$rc" = 125 ] || grep -q 'ERROR SUMMARY: [1-9]' "$tmp/vg"; then
	cat "$tmp/vg"
	echo "valgrind reported errors"
	exit 1
fi
if [ "$rc" != "$want" ]; then
	tail -n 20 "$tmp/out"
	echo "${prog##*/} exited $rc under valgrind, not $want"
	exit 1
fi
grep 'ERROR SUMMARY' "$tmp/vg"
