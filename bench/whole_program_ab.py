#!/usr/bin/env python3
"""A/B timing of the whole-program run on 6.12 KVM: two rcuctx builds (with
their own rules), run interleaved through kernel/whole-program-kvm.sh, best
of N each. Used for issue #17's bar (the new lockdep checks cost no more than
25% of the whole-program time): build the older commit in a worktree, e.g.

  git worktree add /tmp/old 28fc281 && cd /tmp/old &&
  CC=clang-19 CXX=clang++-19 cmake -S . -B build -G Ninja && ninja -C build rcuctx-tool

then  python3 bench/whole_program_ab.py --a /tmp/old/build/checker/rcuctx \\
          --a-rules /tmp/old/rules --runs 3

Needs kernel/build-kvm.sh --prove first. Prints a table (seconds), and the
memory the lock order holds beside the rest of the link (--link-stats: the
graph and every function's acquisitions, approximately) with the tool's peak
RSS, for B (and A when it prints them)."""
import argparse
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(tool, rules, config):
    # no lock graph: older builds have no --lock-graph, and writing it is
    # not what is timed
    env = dict(os.environ, RCUCTX_RULES_DIR=rules, RCUCTX_WP_NO_GRAPH="1")
    p = subprocess.run([os.path.join(REPO, "kernel", "whole-program-kvm.sh"), "--" + config,
                        "--tool", tool], env=env, capture_output=True, text=True)
    out = p.stdout + p.stderr
    wall = re.search(r"exit (\d+) in (\d+) s", out)
    files = re.search(r"files ([0-9.]+) s \(parse or read\)", out)
    phase2 = re.search(r"in \d+ rounds?, ([0-9.]+) s", out)
    mem = re.search(r"lock order memory: graph (\d+) KB, acquisitions (\d+) KB; peak RSS of this process (\d+) MB", out)
    if not wall or not files or wall.group(1) not in ("0", "1"):
        sys.exit("run failed (%s):\n%s" % (tool, out[-2000:]))
    return (float(wall.group(2)), float(files.group(1)), float(phase2.group(1)) if phase2 else 0.0,
            tuple(float(x) for x in mem.groups()) if mem else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True, help="the baseline rcuctx tool")
    ap.add_argument("--a-rules", required=True, help="the baseline's rules folder")
    ap.add_argument("--b", default=os.path.join(REPO, "build", "checker", "rcuctx"))
    ap.add_argument("--b-rules", default=os.path.join(REPO, "rules"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--config", default="prove", choices=["prove", "noprove"])
    o = ap.parse_args()
    res = {"a": [], "b": []}
    for i in range(o.runs):
        for k, tool, rules in (("a", o.a, o.a_rules), ("b", o.b, o.b_rules)):
            res[k].append(run(tool, rules, o.config))
            print("run %d %s: wall %.0f s, files %.2f s, phase 2 %.2f s" % ((i + 1, k) + res[k][-1][:3]),
                  file=sys.stderr)
    print("| 6.12 KVM whole program (%s), best of %d | A (baseline) | B | B / A |" % (o.config, o.runs))
    print("|---|---:|---:|---:|")
    for j, name in enumerate(["wall", "files (parse, phase 1)", "phase 2 (effects across files)"]):
        a = min(r[j] for r in res["a"])
        b = min(r[j] for r in res["b"])
        print("| %s | %.2f | %.2f | %s |" % (name, a, b, "%.2f" % (b / a) if a else "-"))
    print()
    print("| memory (last run) | A (baseline) | B |")
    print("|---|---:|---:|")
    for j, name in enumerate(["lock graph (KB)", "acquisitions of every function (KB)", "peak RSS of the tool (MB)"]):
        cell = lambda k: "%.0f" % res[k][-1][3][j] if res[k][-1][3] else "-"
        print("| %s | %s | %s |" % (name, cell("a"), cell("b")))


if __name__ == "__main__":
    main()
