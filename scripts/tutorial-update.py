#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Re-run every command of docs/tutorial.md and write what it prints back.

The tutorial test (tests/tool/tutorial_test.c) fails when a command's output
changes; after a change that is meant to change it, run

    scripts/tutorial-update.py build/tools/cxlsim/cxlsim

and read `git diff docs/tutorial.md`: the prose around a block may need to
follow (a task number in `choose N`, a count quoted in a sentence).  The
parsing rules are the test's: a ```console block, "$ " lines are commands,
the lines up to the next "$ " or the end of the block are the output, and
for `cxlsim shell` what follows each "cxlsim> " prompt is typed on stdin.
"""
import os
import subprocess
import sys


def run(tool_dir, cmd, expected):
    stdin = ""
    if cmd.startswith("cxlsim shell"):
        stdin = "".join(l[len("cxlsim> "):] + "\n"
                        for l in expected if l.startswith("cxlsim> "))
    env = dict(os.environ, NO_COLOR="1",
               PATH=tool_dir + os.pathsep + os.environ.get("PATH", ""))
    p = subprocess.run(["sh", "-c", cmd], input=stdin, env=env, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.stdout
    if out.endswith("\n"):
        out = out[:-1]
    return out.split("\n") if out else []


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/tutorial-update.py PATH/TO/cxlsim")
    tool_dir = os.path.dirname(os.path.abspath(sys.argv[1]))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "docs", "tutorial.md")
    lines = open(path).read().split("\n")
    out, i, changed = [], 0, 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line != "```console":
            continue
        while i < len(lines) and lines[i] != "```":
            cmd = lines[i]
            if not cmd.startswith("$ "):
                sys.exit(f"{path}:{i + 1}: output before any command")
            j = i + 1
            while j < len(lines) and lines[j] != "```" and not lines[j].startswith("$ "):
                j += 1
            got = run(tool_dir, cmd[2:], lines[i + 1:j])
            changed += got != lines[i + 1:j]
            out.append(cmd)
            out.extend(got)
            i = j
    open(path, "w").write("\n".join(out))
    print(f"docs/tutorial.md: {changed} command(s) print something else now")


if __name__ == "__main__":
    main()
