#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Minimise a disagreement kept by `run.py --keep DIR`.

  fuzz/reduce.py DIR --miss KIND[:OBJ]       keep a definite miss of that kind
  fuzz/reduce.py DIR --fa CHECK[:OBJ]        keep a false alarm of that check
  [--strict]                                 judge the strict-mode reports
  [--loop-skips]                             the program came from run.py --loop-skips
                                             (the oracle judges unlocks of what is not held)
  [--plugin SO]                              default: build/checker/rcuctx.so
  [--budget N]                               oracle executions per root (20000)

prog.c and prog_rt.c have the same lines, so a line is removed from both;
greedy passes remove brace-balanced blocks, then single lines, while the
property holds (the program still builds, stays balanced, and disagrees).
The result is written to DIR/min.c (checker rendering, roots annotated).
"""
import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402


def prop(lines_src, lines_rt, a, opts):
    d = tempfile.mkdtemp(prefix="rcuctx-reduce-")
    try:
        with open(os.path.join(d, "prog.c"), "w") as fh:
            fh.write("\n".join(lines_src) + "\n")
        with open(os.path.join(d, "prog_rt.c"), "w") as fh:
            fh.write("\n".join(lines_rt) + "\n")
        mode = "strict" if a.strict else "default"
        try:
            res = run.evaluate(d, opts, modes=[mode])
        except Exception:
            return False
        if res["error"]:
            return False
        r = res[mode]
        if a.miss:
            kind, _, obj = a.miss.partition(":")
            return any(s.kind == kind and (not obj or s.obj == obj) for s in r["miss"] + r["miss_ni"])
        check, _, obj = a.fa.partition(":")
        return any(x.check == check and (not obj or x.obj == obj) for x in r["fa"])
    finally:
        shutil.rmtree(d, ignore_errors=True)


def keep(line):
    """Lines that carry the program's frame: entry comments, function
    headers and braces, the result."""
    return (line.startswith("// rcuctx-entry") or line.startswith("int f") or line.startswith("static int f")
            or line in ("{", "}") or line.strip() in ("int r = 0;", "return r;"))


def blocks(src, first):
    """(start, end) line ranges to try removing: brace blocks, then lines."""
    out = []
    for i in range(first, len(src)):
        if src[i].rstrip().endswith("{"):
            depth = 0
            for j in range(i, len(src)):
                depth += src[j].count("{") - src[j].count("}")
                if depth == 0:
                    # an `if (...) {` ... `} else {` ... `}` chain ends at the last brace
                    out.append((i, j + 1))
                    break
    out += [(i, i + 1) for i in range(first, len(src))]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--miss")
    g.add_argument("--fa")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--loop-skips", action="store_true")
    ap.add_argument("--plugin", default=None)
    ap.add_argument("--budget", type=int, default=20000, help="oracle executions per root")
    a = ap.parse_args()
    opts = run.default_opts(budget=a.budget, loop_skips=a.loop_skips)
    if a.plugin:
        opts["plugin"] = os.path.abspath(a.plugin)
    src = open(os.path.join(a.dir, "prog.c")).read().splitlines()
    rt = open(os.path.join(a.dir, "prog_rt.c")).read().splitlines()
    nrt = len(rt) - len(src)  # the roots table after the last line
    if not prop(src, rt, a, opts):
        sys.exit("the property does not hold on the input")
    # never touch the preamble (includes, globals, prototypes)
    first = next(i for i, l in enumerate(src) if l == "") + 1
    first = next(i for i in range(first, len(src)) if src[i] == "")
    changed = True
    while changed:
        changed = False
        for (i, j) in sorted(blocks(src, first), key=lambda r: r[0] - r[1]):
            if j > len(src) or i < first:
                continue
            if any(keep(l) for l in src[i:j]):
                continue
            s2 = src[:i] + src[j:]
            r2 = rt[:i] + rt[j:len(src)] + rt[len(src):]
            if prop(s2, r2, a, opts):
                src, rt = s2, r2
                changed = True
                break
    out = os.path.join(a.dir, "min.c")
    with open(out, "w") as fh:
        fh.write("\n".join(src) + "\n")
    with open(os.path.join(a.dir, "min_rt.c"), "w") as fh:
        fh.write("\n".join(rt) + "\n")
    print(open(out).read())


if __name__ == "__main__":
    main()
