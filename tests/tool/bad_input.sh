#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# usage: bad_input.sh CXLSIM CASES_FILE [SOURCE_DIR]
#
# The bad-input sweep.  Each non-blank line of CASES_FILE that does not start
# with '#' is one case: the words after `cxlsim`, evaluated by the shell in a
# scratch directory, so a case may quote, redirect (`>/dev/full`, `>&-`,
# `<FILE`) and use these fixtures:
#   $DIR      an existing directory          $EMPTY    an empty file
#   $MISSING  a path that does not exist     $DATA     the source tree's tests/data
#   $T        the scratch directory (write files there)
#   $NOTJSON  a file that is not JSON        $BIN      a file with bytes that are not UTF-8
# A line may start with `stdin=TEXT;` (TEXT fed on standard input, with \n
# for newlines) instead of the default empty standard input.
#
# Every case must exit with status 2 and print exactly one non-empty line on
# standard error: no crash, no hang (30 s), no sanitizer report, no second
# line.  Standard output goes to a file unless the case redirects it.
set -u
tool=$1 cases=$2 src=${3:-${CXLSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}}
case $tool in /*) ;; */*) tool=$(pwd)/$tool ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DIR=$T/dir EMPTY=$T/empty MISSING=$T/missing NOTJSON=$T/notjson BIN=$T/bin DATA=$src/tests/data
mkdir "$DIR"
: >"$EMPTY"
printf 'host_bridges: 1\n' >"$NOTJSON"
printf '{"name": "\377\376"}\n' >"$BIN"
export DIR EMPTY MISSING NOTJSON BIN DATA T

n=0 failed=0 lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	case $line in '' | '#'*) continue ;; esac
	n=$((n + 1))
	input=
	case $line in
	stdin=*\;*)
		input=${line#stdin=}
		input=${input%%;*}
		line=${line#*;}
		;;
	esac
	printf '%b' "$input" >"$T/in"
	(cd "$T" && eval "timeout 30 \"\$tool\" $line" <"$T/in" >"$T/out" 2>"$T/err")
	rc=$?
	lines=$(wc -l <"$T/err")
	# A last line without its newline still counts.
	[ -s "$T/err" ] && [ "$(tail -c1 "$T/err" | od -An -c | tr -d ' ')" != '\n' ] &&
		lines=$((lines + 1))
	why=
	if [ $rc -eq 124 ]; then
		why="hung (killed after 30 s)"
	elif [ $rc -ne 2 ]; then
		why="exit status $rc, not 2"
	elif grep -q -e 'Sanitizer' -e 'runtime error' "$T/err"; then
		why="sanitizer report"
	elif [ "$lines" -ne 1 ]; then
		why="$lines lines on standard error, not 1"
	elif ! grep -q '[^[:space:]]' "$T/err"; then
		why="an empty message"
	fi
	if [ -n "$why" ]; then
		failed=$((failed + 1))
		echo "FAIL $(basename "$cases"):$lineno: cxlsim $line"
		echo "     $why; standard error was:"
		sed -n '1,8s/^/     | /p' "$T/err"
	fi
done <"$cases"

echo "$(basename "$cases"): $n cases, $failed failed"
[ "$n" -gt 0 ] && [ "$failed" -eq 0 ]
