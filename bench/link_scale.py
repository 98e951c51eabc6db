#!/usr/bin/env python3
"""Whole-program link at scale (issue #5): generates summary files for a
large synthetic program (by default 100,000 functions across 1,000 files,
four calls each, most of them into other files; every tenth function reads
an RCU-protected pointer, and a fifth of the call sites hold RCU), then times
`rcuctx --summaries DIR` on growing prefixes of it and prints time, peak
memory and the cost per function, which must stay flat (linear scaling).

    bench/link_scale.py [--tool build/checker/rcuctx] [--files 1000] [--per-file 100]

The generated files are what the plugin writes (format version 1); they
name sources that do not exist, so the link uses blank stand-ins for them.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def state(rcu):
    return {"counters": {"rcu": [1, 1]}} if rcu else {}


def need(owner, line):
    return {"kind": "need", "any": [{"k": "counter", "key": "rcu", "modes": 0}], "at": {},
            "when": [], "check": "rcuctx-rcu-section", "what": "rcu_dereference()",
            "loc": [0, line, 9], "chain": [], "owner": owner,
            "site_note": "'%s' reads an RCU-protected pointer with rcu_dereference() here" % owner}


def write_file(path, f, per_file, nfiles, rng):
    fns = []
    for i in range(per_file):
        name = "f%d_%d" % (f, i)
        line = 10 + 10 * i
        obls, calls = [], []
        if i % 10 == 0:
            obls.append({"o": need(name, line + 1), "block": 1, "index": 0, "partition": 0, "from": -1})
        for k in range(4):
            # Calls go "down" (to a later file, or a later function here), so
            # the call graph is mostly a DAG with long cross-file chains.
            if k < 3 and f + 1 < nfiles:
                g = rng.randrange(f + 1, min(nfiles, f + 50))
                callee, external = "f%d_%d" % (g, rng.randrange(per_file)), True
            elif i + 1 < per_file:
                callee, external = "f%d_%d" % (f, rng.randrange(i + 1, per_file)), False
            else:
                continue
            calls.append({"callee": callee, "external": external, "static": False,
                          "loc": [0, line + 2 + k, 5], "block": 1, "index": 1 + k, "args": [],
                          "states": [{"partition": 0, "state": state(rng.random() < 0.2), "known": []}]})
        summary = {"computed": True, "tracked": [], "exits": [{"when": [], "state": {}}],
                   "conflicts": [], "obligations": [o["o"] for o in obls]}
        fns.append({"name": name, "static": False, "weak": False, "loc": [0, line, 1],
                    "summary": summary,
                    "detail": {"obls": obls, "calls": calls, "succs": [[1], [2], []]}})
    src = "/nonexistent/gen/file%d.c" % f
    doc = {"format": "rcuctx-summary", "version": 1, "tu": src, "tu_hash": "0", "files": [src],
           "functions": fns, "entries": [], "findings": []}
    with open(path, "w") as out:
        json.dump(doc, out, separators=(",", ":"))


def run_link(tool, folder):
    """Runs the link; returns (seconds, peak RSS in MB, the --link-stats line)."""
    t0 = time.monotonic()
    p = subprocess.Popen([tool, "--summaries", folder, "--link-stats", "--quiet"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, RCUCTX_RULES_DIR=os.path.join(ROOT, "rules")))
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    rc = os.waitstatus_to_exitcode(status)
    stats = next((l for l in err.splitlines() if l.startswith("rcuctx: ") and "functions" in l), "")
    if rc not in (0, 1):
        sys.exit("link failed (exit %d):\n%s" % (rc, err))
    return wall, ru.ru_maxrss / 1024.0, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", default=os.path.join(ROOT, "build", "checker", "rcuctx"))
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--per-file", type=int, default=100)
    ap.add_argument("--steps", default="0.1,0.25,0.5,1.0", help="fractions of --files to link")
    args = ap.parse_args()
    rng = random.Random(1)
    work = tempfile.mkdtemp(prefix="rcuctx-link-scale-")
    try:
        print("generating %d summary files of %d functions in %s ..." % (args.files, args.per_file, work),
              file=sys.stderr)
        os.makedirs(os.path.join(work, "all"))
        for f in range(args.files):
            write_file(os.path.join(work, "all", "file%04d.rcuctx.json" % f), f, args.per_file, args.files, rng)
        rows = []
        for frac in [float(x) for x in args.steps.split(",")]:
            n = max(1, int(args.files * frac))
            folder = os.path.join(work, "n%d" % n)
            os.makedirs(folder)
            for f in range(n):
                os.link(os.path.join(work, "all", "file%04d.rcuctx.json" % f),
                        os.path.join(folder, "file%04d.rcuctx.json" % f))
            mb = sum(os.path.getsize(os.path.join(folder, x)) for x in os.listdir(folder)) / 1e6
            wall, rss, stats = run_link(args.tool, folder)
            rows.append((n, n * args.per_file, mb, wall, rss, stats))
            shutil.rmtree(folder)
        print("| files | functions | summaries (MB) | link time (s) | peak RSS (MB) | µs per function |")
        print("|---:|---:|---:|---:|---:|---:|")
        for n, fns, mb, wall, rss, _ in rows:
            print("| %d | %d | %.0f | %.2f | %.0f | %.1f |" % (n, fns, mb, wall, rss, wall / fns * 1e6))
        print()
        for r in rows:
            print("  %6d functions: %s" % (r[1], r[5]))
        first, last = rows[0], rows[-1]
        ratio = (last[3] / last[1]) / (first[3] / first[1])
        print("\ncost per function, largest / smallest: %.2fx (linear scaling: about 1x)" % ratio)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
