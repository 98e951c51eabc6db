#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Differential soundness fuzzer for rcuctx: generated programs, run by a
lockdep-like oracle and checked by the plugin, compared by (line, kind).

  fuzz/run.py --seeds 0..49            default mode
  fuzz/run.py --seeds 0..2000 --strict also run -fplugin-arg-rcuctx-strict
  fuzz/run.py --seeds 0..299 --loop-skips   with issue #19's loops that skip
                                       re-taking what they dropped

For every seed: fuzz/gen.py writes prog.c (checker) and prog_rt.c (oracle);
prog_rt.c is compiled against fuzz/runtime and explores every root's paths;
the plugin checks prog.c. See fuzz/README.md for the matching rules.

Per seed and in total it prints: oracle sites violated on some execution
(`viol`), violated on every execution (`defn`), checker reports (`reps`),
misses on definite sites (`miss`, must be 0), checker reports matching no
violation (`fa`). Definite sites inside a loop body are counted too (`loop`;
`skip`: inside a --loop-skips loop). A definite miss of kind `unbalanced`
(the unlock after a skipped re-acquisition; the checker documents it as not
implemented in default mode) is counted apart (`unb`) and does not fail the
run. Exit status: 1 if any other definite miss (on an exhaustively explored
root) or any generator/oracle error, else 0.
"""
import argparse
import collections
import multiprocessing
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen  # noqa: E402

# check name -> oracle kinds it can stand for
CHECK_KINDS = {
    "rcuctx-rcu-section": {"rcu-section"},
    "rcuctx-lock-held": {"lock-held"},
    "rcuctx-sleep-in-atomic": {"sleep-in-atomic"},
    "rcuctx-lockdep-condition": {"lockdep-condition"},
    "rcuctx-unbalanced": {"unbalanced"},
    "rcuctx-blocking-state": {"blocking-state"},          # the oracle has such sites only with --loop-skips
    "rcuctx-stale-rcu-pointer": {"stale-rcu-pointer"},  # generated with --stale
}
# A contradiction (a need and a sleep on one path, no entry context satisfies
# both) is reported once, as the need; at run time it shows as whichever of
# the two the actual context breaks.
CONTRA_KINDS = {"rcu-section", "lock-held", "sleep-in-atomic", "lockdep-condition"}
NEED_CHECKS = {"rcuctx-rcu-section", "rcuctx-lock-held", "rcuctx-lockdep-condition"}
CONTRA_CHECKS = {"rcuctx-rcu-section", "rcuctx-lock-held", "rcuctx-sleep-in-atomic", "rcuctx-lockdep-condition"}

DIAG = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>warning|note|error): (?P<msg>.*)$")


class Report:
    def __init__(self, line, check, msg):
        self.line = line
        self.check = check
        self.msg = msg
        self.notes = []  # (line, msg) in prog.c

    def kinds(self):
        return CHECK_KINDS.get(self.check, {self.check})

    @property
    def obj(self):
        """What the report says is needed: rcu, sched, srcu:<domain>, or a lock."""
        m = re.search(r"SRCU read-side critical section on '([^']+)'", self.msg)
        if m:
            return "srcu:" + m.group(1)
        if "RCU-sched" in self.msg:
            return "sched"
        if "RCU read-side critical section" in self.msg and "needs" in self.msg or "requires an RCU" in self.msg:
            return "rcu"
        m = re.search(r"'([^']+)' held", self.msg)
        return m.group(1) if m else None

    @property
    def entry_root(self):
        """The root whose entry context the report says is wrong, if any."""
        for _, m in self.notes:
            mm = re.match(r"'(\w+)' is declared with an rcuctx-entry comment", m)
            if mm:
                return mm.group(1)
        return None

    def lines(self):
        return {self.line} | {l for l, _ in self.notes}

    def __str__(self):
        return "%d [%s] %s" % (self.line, self.check, self.msg)


def parse_checker(out, fname):
    reps, errors, cur = [], [], None
    for ln in out.splitlines():
        m = DIAG.match(ln)
        if not m:
            continue
        same = os.path.basename(m["file"]) == fname
        if m["sev"] == "error":
            errors.append(ln)
            cur = None
        elif m["sev"] == "warning":
            mm = re.search(r"\[(rcuctx-[\w-]+)\]$", m["msg"])
            if mm and same:
                cur = Report(int(m["line"]), mm.group(1), m["msg"])
                reps.append(cur)
            else:
                cur = None
        elif cur is not None and same:
            cur.notes.append((int(m["line"]), m["msg"]))
    return reps, errors


def norm_obj(o):
    """The object a check needs, as the oracle spelled it -> as the checker names it."""
    if o.startswith("srcu:"):
        return o
    m = re.search(r"lockdep_is_held\((\w+)\)", o)
    return m.group(1) if m else o


class Site:
    __slots__ = ("kind", "root", "obj", "stack", "reached", "violated", "violated_raw")

    def __init__(self, kind, root, obj, stack, reached, violated, violated_raw=None):
        self.kind, self.root, self.obj, self.stack = kind, root, norm_obj(obj), stack
        self.reached, self.violated = reached, violated
        # --loop-skips: violations under counters that go negative on an
        # unlock of what is not held, instead of being clamped (rt.c)
        self.violated_raw = violated if violated_raw is None else violated_raw

    @property
    def definite_raw(self):
        return self.violated_raw == self.reached > 0

    @property
    def definite(self):
        return self.violated == self.reached > 0

    def __str__(self):
        return "%s(%s) via %s: %s (violated %d/%d)" % (
            self.kind, self.obj, self.root, " -> ".join(map(str, self.stack)), self.violated, self.reached)


def parse_deps(out, roots):
    """The oracle's lock order (DEP lines): every dependency (A, B) seen, and
    those definite at some point of an exhaustively explored root."""
    seen, definite = set(), set()
    for ln in out.splitlines():
        p = ln.split()
        if len(p) == 5 and p[0] == "DEP":
            seen.add((p[2], p[3]))
            if p[4] == "1" and roots.get(p[1], (0, False))[1]:
                definite.add((p[2], p[3]))
    return seen, definite


EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)"')


def checker_order(d, opts, mode):
    """The checker's lock-order dependencies on prog.c: the whole-program
    tool's --lock-graph (the plugin's graph for one file is the same)."""
    db = os.path.join(d, "compile_commands.json")
    if not os.path.exists(db):
        with open(db, "w") as fh:
            json.dump([{"directory": d, "file": os.path.join(d, "prog.c"),
                        "arguments": ["clang-19", "-c", "-Wno-unused-value", "-I",
                                      os.path.join(REPO, "corpus", "include")] + opts["cflags"] + ["prog.c"]}], fh)
    g = os.path.join(d, "order-%s.dot" % mode)
    env = dict(os.environ, RCUCTX_RULES_DIR=os.path.join(REPO, "rules"))
    p = run_cmd([opts["tool"], "-p", d, "--quiet", "-j", "1", "--lock-graph", g]
                + (["--strict"] if mode == "strict" else []), env=env, cwd=d)
    if p.returncode not in (0, 1) or not os.path.exists(g):
        raise RuntimeError("checker tool (%s) failed:\n%s" % (mode, p.stdout[-3000:]))
    with open(g) as fh:
        return {(m.group(1), m.group(2)) for m in map(EDGE.match, fh) if m}


IRQ_KINDS = ("hardirq", "softirq")


class IrqFacts:
    """The oracle's IRQ usage of lock classes (INIRQ, ACQ and DEP lines), as
    lockdep's mark_usage() sets it: a class is used in hardirq (softirq)
    context when an interrupt root of that kind acquires it (trylocks do
    not count); enabled (ENABLED_HARDIRQ/SOFTIRQ) when acquired, trylocks
    too, with IRQs (IRQs and bottom halves) enabled. Two facts of one class
    conflict unless both are reads. What lockdep reports from them:
    ("incons", K, C), a class used in interrupt context K and enabled for K;
    ("su", K, B), a dependency chain from a class used in K to B, enabled
    for K. Possible: on some execution. Definite: the use in K on every
    execution of an exhaustively explored root, exclusively; an acquisition
    site (full stack) with K enabled on every execution that reached it
    (exclusive, for "su"); for "su" a definite direct dependency."""

    def __init__(self, out):
        kinds, execs = {}, {}
        used = collections.defaultdict(set)          # (K, C) -> modes, on some execution
        used_def = {}                                # (K, C) -> "W" or "RW" (every execution)
        enabled = collections.defaultdict(set)       # (K, C) -> modes
        enabled_def = collections.defaultdict(set)   # (K, C) -> modes of definite sites
        deps, deps_def = set(), set()
        lines = out.splitlines()
        for ln in lines:
            p = ln.split()
            if p and p[0] == "ROOT":
                kinds[p[1]] = p[4] if len(p) > 4 else "process"
                execs[p[1]] = (int(p[2]), p[3] == "1")
        for ln in lines:
            p = ln.split()
            if not p:
                continue
            if p[0] == "INIRQ":
                n, exh = execs[p[1]]
                if exh and int(p[4]) == n:
                    key = (p[2], p[3])
                    used_def[key] = "W" if int(p[5]) == n or used_def.get(key) == "W" else "RW"
            elif p[0] == "ACQ":
                root, cls, mode, trylock = p[1], p[2], p[3], p[4] == "1"
                reached, on = int(p[6]), {"hardirq": int(p[7]), "softirq": int(p[8])}
                if kinds[root] in IRQ_KINDS and not trylock:
                    used[(kinds[root], cls)].add(mode)
                for k in IRQ_KINDS:
                    if on[k]:
                        enabled[(k, cls)].add(mode)
                        if on[k] == reached and execs[root][1]:
                            enabled_def[(k, cls)].add(mode)
            elif p[0] == "DEP":
                deps.add((p[2], p[3]))
                if p[4] == "1" and execs.get(p[1], (0, False))[1]:
                    deps_def.add((p[2], p[3]))
        self.used, self.enabled, self.deps = used, enabled, deps

        def conflict(a, b):
            return any(x == "W" or y == "W" for x in a for y in b)

        self.possible = {("incons", k, c) for (k, c), m in used.items() if conflict(m, enabled.get((k, c), ()))}
        self.definite = {("incons", k, c) for (k, c), m in used_def.items()
                         if (m == "W" and enabled_def.get((k, c))) or "W" in enabled_def.get((k, c), ())}
        self.definite |= {("su", k, b) for (k, a), m in used_def.items() if m == "W"
                          for (x, b) in deps_def if x == a and b != a and "W" in enabled_def.get((k, b), ())}
        self.used_def = used_def

    def reaches(self, src, x):
        """Whether some chain of dependencies leads from src to x (or x is src)."""
        seen, work = {src}, [src]
        while work:
            c = work.pop()
            if c == x:
                return True
            for a, b in self.deps:
                if a == c and b not in seen:
                    seen.add(b)
                    work.append(b)
        return False

    def happened(self, fact):
        """Whether a checker's irq-safety claim happened on some execution."""
        if fact[0] == "incons":
            return fact in self.possible
        _, k, src, x, b = fact
        return (bool(self.used.get((k, src))) and bool(self.enabled.get((k, b)))
                and (x, b) in self.deps and self.reaches(src, x))

    @staticmethod
    def covers(fact, definite):
        """Whether a checker claim reports a definite oracle violation: the
        same class (for "su", the same unsafe class reached; the checker
        follows each dependency into it once, from the first safe class);
        a hardirq inconsistency also stands for the softirq one (the checker
        reports one per class: disabling IRQs fixes both)."""
        if definite[0] == "incons":
            return fact[0] == "incons" and fact[2] == definite[2] and (fact[1] == definite[1] or fact[1] == "hardirq")
        return fact[0] == "su" and fact[1] == definite[1] and fact[4] == definite[2]


INCONS = re.compile(r"inconsistent lock state: '([^']+)' is acquired with .* enabled here, and in (hardirq|softirq) context")
SAFE_UNSAFE = re.compile(r"(HARDIRQ|SOFTIRQ)-safe -> \1-unsafe lock order: '[^']+' acquires '([^']+)' while holding "
                         r"'([^']+)'; '([^']+)' is taken in")


def irq_claim(rep):
    """A checker irq-safety report as a fact: ("incons", K, C) or
    ("su", K, safe class, edge from, edge to); None if unparsed."""
    m = INCONS.search(rep.msg)
    if m:
        return ("incons", m.group(2), m.group(1))
    m = SAFE_UNSAFE.search(rep.msg)
    if m:
        return ("su", m.group(1).lower(), m.group(4), m.group(3), m.group(2))
    return None


def parse_oracle(out):
    roots, sites, bugs = {}, [], []
    for ln in out.splitlines():
        p = ln.split()
        if not p:
            continue
        if p[0] == "ROOT":
            roots[p[1]] = (int(p[2]), p[3] == "1")
        elif p[0] == "SITE":
            sites.append(Site(p[1], p[2], p[3], tuple(int(x) for x in p[4].split(",")), int(p[5]), int(p[6]),
                              int(p[7]) if len(p) > 7 else None))
        elif p[0] == "BUG":
            bugs.append(ln)
    return roots, sites, bugs


NEED_KINDS = {"rcu-section", "lock-held", "lockdep-condition"}
# Definite misses of these kinds are a documented gap of the checker, counted
# apart and not failing the run: an unlock of what a skipping path of a loop
# did not re-take (issue #19: "unbalanced after skip: not implemented").
NOT_IMPLEMENTED = {"unbalanced"}


def miss_class(s):
    """Which class a definite miss is in: 'unb' (the unlock after a skipped
    re-acquisition: not implemented), 'clamp' (definite with the depth clamped
    at 0 on an unlock of what is not held, as lockdep does, but not with
    counters that go negative: the verdict depends on how an already
    unbalanced program is modelled, README), or 'miss'."""
    if s.kind in NOT_IMPLEMENTED:
        return "unb"
    return "miss" if s.definite_raw else "clamp"

LOOP = re.compile(r"^(\t*)for \(int ([is])\d+ = 0;")


def loop_ranges(src):
    """(first, last, skip) body line ranges (1-based) of the generated loops of
    prog.c: a `for (int iN ...) {` or, with --loop-skips, `for (int sN ...) {`
    header up to its `}` at the same indentation."""
    lines = src.splitlines()
    out = []
    for n, ln in enumerate(lines):
        m = LOOP.match(ln)
        if not m:
            continue
        close = m.group(1) + "}"
        for j in range(n + 1, len(lines)):
            if lines[j] == close:
                out.append((n + 2, j, m.group(2) == "s"))
                break
    return out


def in_loop(site, ranges, skip_only=False):
    return any(a <= l <= b for l in site.stack for a, b, s in ranges if s or not skip_only)


def matches(rep, site):
    """Whether a checker report stands for a violated oracle site (fuzz/README.md):
    1. chain: the report's kind fits the site's (for needs: the same object, an
       accessor and an assertion of one section are one requirement) and its
       line or a note's line is on the site's call stack;
    2. contradiction: one of the report's lines is the very check that failed
       (a need and a sleep no entry context satisfies together are reported
       once, as one side; at run time the other side may be the one broken);
    3. entry: the report names the site's root as the entry whose context is
       wrong and needs the same object (reported once per entry and object,
       at the first place)."""
    lines = rep.lines()
    need = site.kind in NEED_KINDS and rep.check in NEED_CHECKS
    same_obj = rep.obj is None or rep.obj == site.obj
    if lines & set(site.stack):
        if site.kind in rep.kinds() and (site.kind not in NEED_KINDS or same_obj):
            return True
        if need and same_obj:
            return True
    if site.kind in CONTRA_KINDS and rep.check in CONTRA_CHECKS and site.stack[-1] in lines:
        return True
    return need and same_obj and rep.entry_root == site.root


def run_cmd(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def evaluate(d, opts, modes=None):
    """Run the oracle and the checker on d/prog_rt.c and d/prog.c; compare."""
    res = dict(error=None, dir=d)
    exe = os.path.join(d, "oracle")
    rti = os.path.join(HERE, "runtime")
    p = run_cmd([opts["clang"], "-O1", "-w", "-I", os.path.join(rti, "include"), "-I", rti,
                 os.path.join(d, "prog_rt.c"), os.path.join(rti, "rt.c"), "-o", exe])
    if p.returncode:
        res["error"] = "oracle build failed:\n" + p.stdout[-3000:]
        return res
    p = run_cmd([exe, str(opts["budget"]), str(opts["max_choices"])]
                + (["unbalanced"] if opts.get("loop_skips") else []), timeout=300)
    if p.returncode:
        res["error"] = "oracle failed:\n" + p.stdout[-3000:]
        return res
    oroots, sites, bugs = parse_oracle(p.stdout)
    p_oracle_out = p.stdout
    if bugs:
        res["error"] = "generator produced an unbalanced program:\n" + "\n".join(bugs[:5])
        return res
    # Lock order is compared on the tool's graph (below), not on cycle
    # reports; grace periods are not modelled (issue #17): those checks are
    # left out rather than counted as false alarms. The task state and the
    # IRQ usage of locks it does model.
    base = [opts["clang"], "-fsyntax-only", "-Wno-unused-value", "-fplugin=" + opts["plugin"],
            "-fplugin-arg-rcuctx-disable=rcuctx-lock-order",
            "-fplugin-arg-rcuctx-disable=rcuctx-grace-period",
            "-I", os.path.join(REPO, "corpus", "include")] + opts["cflags"]
    env = dict(os.environ, RCUCTX_RULES_DIR=os.path.join(REPO, "rules"))
    if modes is None:
        modes = ["default"] + (["strict"] if opts["strict"] else [])
    reps = {}
    for mode in modes:
        extra = ["-fplugin-arg-rcuctx-strict"] if mode == "strict" else []
        p = run_cmd(base + extra + [os.path.join(d, "prog.c")], env=env, cwd=d)
        r, errs = parse_checker(p.stdout, "prog.c")
        if errs or p.returncode:
            res["error"] = "checker (%s) failed:\n%s" % (mode, p.stdout[-3000:])
            return res
        reps[mode] = r
    res["roots"] = oroots
    res["sites"] = sites
    viol = [s for s in sites if s.violated]
    res["viol"] = len(viol)
    res["defn"] = sum(1 for s in viol if s.definite)
    with open(os.path.join(d, "prog.c")) as fh:
        ranges = loop_ranges(fh.read())
    res["defn_loop"] = sum(1 for s in viol if s.definite and in_loop(s, ranges))
    res["defn_skip"] = sum(1 for s in viol if s.definite and in_loop(s, ranges, skip_only=True))
    res["defn_unb"] = sum(1 for s in viol if s.definite and s.kind == "unbalanced")
    res["defn_clamp"] = sum(1 for s in viol if s.definite and not s.definite_raw)
    res["viol_unb"] = sum(1 for s in viol if s.kind == "unbalanced")
    res["defn_kinds"] = dict(collections.Counter(s.kind for s in viol if s.definite))
    # IRQ usage (rcuctx-irq-safety) is judged per class, not per site
    irq = IrqFacts(p_oracle_out)
    res["irq"] = dict(possible=len(irq.possible), definite=len(irq.definite))
    for mode in list(reps):
        claims = [(x, irq_claim(x)) for x in reps[mode] if x.check == "rcuctx-irq-safety"]
        reps[mode] = [x for x in reps[mode] if x.check != "rcuctx-irq-safety"]
        res["irq"][mode] = dict(
            reps=len(claims),
            miss=sorted(d for d in irq.definite if not any(c and IrqFacts.covers(c, d) for _, c in claims)),
            fa=[str(x) for x, c in claims if not c or not irq.happened(c)])
    for mode, r in reps.items():
        misses = [s for s in viol if s.definite and not any(matches(x, s) for x in r)]
        res[mode] = dict(
            reports=r,
            reps=len(r),
            miss=[s for s in misses if oroots[s.root][1] and miss_class(s) == "miss"],
            miss_ni=[s for s in misses if oroots[s.root][1] and miss_class(s) == "unb"],
            miss_clamp=[s for s in misses if oroots[s.root][1] and miss_class(s) == "clamp"],
            miss_loop=sum(1 for s in misses if oroots[s.root][1] and miss_class(s) == "miss"
                          and in_loop(s, ranges)),
            # reports that match a violated site, but none violated on every
            # execution (informational: a need/sleep contradiction matches
            # two sites, each violated on some executions only)
            nondef=sum(1 for x in r if not any(matches(x, s) for s in viol if s.definite)
                       and any(matches(x, s) for s in viol)),
            miss_unconfirmed=[s for s in misses if not oroots[s.root][1]],
            possible_unreported=sum(1 for s in viol if not any(matches(x, s) for x in r)),
            fa=[x for x in r if not any(matches(x, s) for s in viol)],
        )
    if "default" in res and "strict" in res:
        # strict mode is meant to report everything default mode does
        d = res["default"]["reports"]
        res["strict"]["miss_default_reports"] = sum(1 for s in res["strict"]["miss"] if any(matches(x, s) for x in d))
    if opts.get("tool"):
        # Lock order (issue #17): the dependencies lockdep would record.
        # Definite ones (the frame that took A held it at that point on every
        # execution) must be in the checker's graph; every checker dependency
        # must have happened.
        seen, definite = parse_deps(p_oracle_out, oroots)
        res["order"] = dict(seen=len(seen), definite=len(definite))
        for mode in modes:
            try:
                chk = checker_order(res["dir"], opts, mode)
            except RuntimeError as e:
                res["error"] = str(e)
                return res
            res["order"][mode] = dict(reps=len(chk), miss=sorted(definite - chk), fa=sorted(chk - seen))
    res["exhaustive"] = all(v[1] for v in oroots.values())
    return res


def check_one(args):
    seed, opts = args
    d = tempfile.mkdtemp(prefix="rcuctx-fuzz-%d-" % seed)
    res = dict(seed=seed, error=None, dir=d)
    try:
        src, rt, roots = gen.generate(seed, opts["size"], opts["correlated"], opts.get("loop_skips", False),
                                      opts.get("irq", False), opts.get("protocols", False),
                                      opts.get("stale", False))
        with open(os.path.join(d, "prog.c"), "w") as fh:
            fh.write(src)
        with open(os.path.join(d, "prog_rt.c"), "w") as fh:
            fh.write(rt)
        res = evaluate(d, opts)
        res["seed"] = seed
        # Site and Report objects stay in this process: keep what the table needs
        res.pop("sites", None)
        for m in ("default", "strict"):
            if m in res:
                res[m].pop("reports", None)
        return res
    except subprocess.TimeoutExpired:
        res["error"] = "timeout"
        return res
    finally:
        keep = opts["keep"] and (res.get("error") or any(
            res.get(m, {}).get("miss") or res.get(m, {}).get("fa") or res.get("irq", {}).get(m, {}).get("miss")
            or res.get("irq", {}).get(m, {}).get("fa") for m in ("default", "strict")))
        if keep:
            dst = os.path.join(opts["keep"], "seed-%d" % seed)
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(d, dst)
            res["dir"] = dst
        shutil.rmtree(d, ignore_errors=True)


def default_opts(**kw):
    o = dict(size=0.6, correlated=False, loop_skips=False, irq=False, clang="clang-19", plugin=os.path.join(REPO, "build", "checker", "rcuctx.so"),
             tool=os.path.join(REPO, "build", "checker", "rcuctx"),
             budget=100000, max_choices=64, strict=False, keep=None, cflags=[])
    o.update(kw)
    return o


def parse_seeds(s):
    if ".." in s:
        a, b = s.split("..")
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in s.split(",")]


def progress(done, total, misses, fa, reps):
    if not sys.stderr.isatty() and done != total and done % max(1, total // 20):
        return
    w = 30
    fill = w * done // total
    rate = 100.0 * fa / reps if reps else 0.0
    end = "\n" if done == total or not sys.stderr.isatty() else ""
    sys.stderr.write("\r[%s%s] %d/%d  definite misses %d  false alarms %d/%d (%.1f%%)%s" % (
        "#" * fill, "." * (w - fill), done, total, misses, fa, reps, rate, end))
    sys.stderr.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="0..49", help="A..B (inclusive) or a comma list")
    ap.add_argument("--strict", action="store_true", help="also run the checker in strict mode")
    ap.add_argument("--plugin", default=os.path.join(REPO, "build", "checker", "rcuctx.so"))
    ap.add_argument("--tool", default=os.path.join(REPO, "build", "checker", "rcuctx"),
                    help="the whole-program tool, for the lock order (its --lock-graph); 'none' skips it")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--budget", type=int, default=100000, help="oracle executions per root")
    ap.add_argument("--max-choices", type=int, default=64)
    ap.add_argument("--size", type=float, default=0.6, help="program size factor for gen.py")
    ap.add_argument("--correlated", action="store_true",
                    help="generate correlated conditional regions (`if (c) lock; ... if (c) unlock;`), "
                         "which the checker's path-insensitive joins cannot see as definite (README)")
    ap.add_argument("--loop-skips", action="store_true",
                    help="generate loops that drop what was taken before them and skip re-taking it on "
                         "some path (issue #19); the oracle then judges unlocks of what is not held")
    ap.add_argument("--irq", action="store_true",
                    help="generate interrupt handlers (hardirq/softirq roots) and bottom-half regions; "
                         "rcuctx-irq-safety is compared with lockdep's IRQ usage of each class")
    ap.add_argument("--protocols", action="store_true",
                    help="take locks through helpers that hand them over by their returned value "
                         "(0 / -EAGAIN, an object / NULL; issue #14), tested by the caller")
    ap.add_argument("--stale", action="store_true",
                    help="read pointers in RCU sections, maybe pin them with a reference, and use them "
                         "after the section (issue #14); the oracle judges each use")
    ap.add_argument("--debug-config", action="store_true",
                    help="check with -DCONFIG_PROVE_RCU -DCONFIG_LOCKDEP -DCONFIG_DEBUG_ATOMIC_SLEEP")
    ap.add_argument("--keep", metavar="DIR", help="copy programs with a disagreement or error here")
    ap.add_argument("--table", choices=["all", "disagreements", "none"], default=None,
                    help="per-seed rows (default: all up to 100 seeds, else disagreements)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list each miss and false alarm")
    a = ap.parse_args()

    if not os.path.exists(a.plugin):
        sys.exit("no plugin at %s (build it: ninja -C build checker/rcuctx.so)" % a.plugin)
    seeds = parse_seeds(a.seeds)
    table = a.table or ("all" if len(seeds) <= 100 else "disagreements")
    tool = None if a.tool == "none" else os.path.abspath(a.tool)
    if tool and not os.path.exists(tool):
        sys.exit("no tool at %s (build it: ninja -C build rcuctx-tool, or --tool none)" % tool)
    opts = dict(size=a.size, correlated=a.correlated, loop_skips=a.loop_skips, irq=a.irq, protocols=a.protocols, stale=a.stale, clang=a.clang, plugin=os.path.abspath(a.plugin), tool=tool, budget=a.budget,
                max_choices=a.max_choices, strict=a.strict, keep=a.keep and os.path.abspath(a.keep),
                cflags=["-DCONFIG_PROVE_RCU", "-DCONFIG_LOCKDEP", "-DCONFIG_DEBUG_ATOMIC_SLEEP"] if a.debug_config else [])
    modes = ["default"] + (["strict"] if a.strict else [])

    tot = collections.Counter()
    rows, errors, details = [], [], []
    with multiprocessing.Pool(a.jobs) as pool:
        for i, res in enumerate(pool.imap(check_one, [(s, opts) for s in seeds]), 1):
            if res["error"]:
                errors.append(res)
                tot["errors"] += 1
            else:
                tot["seeds"] += 1
                tot["viol"] += res["viol"]
                tot["defn"] += res["defn"]
                for k in ("defn_loop", "defn_skip", "defn_unb", "viol_unb", "defn_clamp"):
                    tot[k] += res[k]
                for k, n in res["defn_kinds"].items():
                    tot["kind." + k] += n
                tot["nonexh"] += 0 if res["exhaustive"] else 1
                for m in modes:
                    r = res[m]
                    tot[m + ".reps"] += r["reps"]
                    tot[m + ".miss"] += len(r["miss"])
                    tot[m + ".missni"] += len(r["miss_ni"])
                    tot[m + ".missclamp"] += len(r["miss_clamp"])
                    tot[m + ".missdef"] += r.get("miss_default_reports", 0)
                    tot[m + ".missloop"] += r["miss_loop"]
                    tot[m + ".nondef"] += r["nondef"]
                    tot[m + ".missu"] += len(r["miss_unconfirmed"])
                    tot[m + ".fa"] += len(r["fa"])
                    tot[m + ".unrep"] += r["possible_unreported"]
                    o = res.get("order", {}).get(m)
                    if o:
                        tot[m + ".order.reps"] += o["reps"]
                        tot[m + ".order.miss"] += len(o["miss"])
                        tot[m + ".order.fa"] += len(o["fa"])
                if "order" in res:
                    tot["order.seen"] += res["order"]["seen"]
                    tot["order.definite"] += res["order"]["definite"]
                tot["irq.possible"] += res["irq"]["possible"]
                tot["irq.definite"] += res["irq"]["definite"]
                for m in modes:
                    tot[m + ".irq.reps"] += res["irq"][m]["reps"]
                    tot[m + ".irq.miss"] += len(res["irq"][m]["miss"])
                    tot[m + ".irq.fa"] += len(res["irq"][m]["fa"])
                disagree = any(res[m]["miss"] or res[m]["fa"] or res[m]["miss_unconfirmed"] or res[m]["miss_ni"]
                       or res[m]["miss_clamp"] or res.get("order", {}).get(m, {}).get("miss")
                       or res.get("order", {}).get(m, {}).get("fa") or res["irq"][m]["miss"]
                       or res["irq"][m]["fa"] for m in modes)
                if table == "all" or (table == "disagreements" and disagree):
                    rows.append(res)
                if disagree and a.verbose:
                    details.append(res)
            progress(i, len(seeds), tot["default.miss"], tot[modes[-1] + ".fa"], tot[modes[-1] + ".reps"])

    hdr = "%6s %4s %5s %5s %4s" % ("seed", "exh", "viol", "defn", "loop")
    for m in modes:
        hdr += " | %-6s %5s %5s %3s %3s %5s" % (m[:6], "reps", "miss", "unb", "clp", "fa")
    if rows:
        print(hdr)
        for res in rows:
            ln = "%6d %4s %5d %5d %4d" % (res["seed"], "yes" if res["exhaustive"] else "no", res["viol"], res["defn"],
                                          res["defn_loop"])
            for m in modes:
                r = res[m]
                miss = "%d" % len(r["miss"]) + ("+%d?" % len(r["miss_unconfirmed"]) if r["miss_unconfirmed"] else "")
                ln += " | %-6s %5d %5s %3d %3d %5d" % ("", r["reps"], miss, len(r["miss_ni"]), len(r["miss_clamp"]),
                                                     len(r["fa"]))
            print(ln)
    for res in details:
        print("\n== seed %d (%s)" % (res["seed"], res["dir"]))
        for m in modes:
            for s in res[m]["miss"]:
                print("  %s: definite miss: %s" % (m, s))
            for s in res[m]["miss_ni"]:
                print("  %s: definite miss, unbalanced after skip (not implemented): %s" % (m, s))
            for s in res[m]["miss_clamp"]:
                print("  %s: definite miss, only after an unbalanced unlock (clamped depth): %s" % (m, s))
            for s in res[m]["miss_unconfirmed"]:
                print("  %s: definite miss (root not explored exhaustively): %s" % (m, s))
            for x in res[m]["fa"]:
                print("  %s: false alarm: %s" % (m, x))
            for a_, b_ in res.get("order", {}).get(m, {}).get("miss", []):
                print("  %s: lock order: definite dependency %s -> %s not in the checker's graph" % (m, a_, b_))
            for a_, b_ in res.get("order", {}).get(m, {}).get("fa", []):
                print("  %s: lock order: the checker's dependency %s -> %s never happened" % (m, a_, b_))
            for f in res["irq"][m]["miss"]:
                print("  %s: IRQ usage: definite %s not reported" % (m, " ".join(f)))
            for x in res["irq"][m]["fa"]:
                print("  %s: IRQ usage: false alarm: %s" % (m, x))
    for res in errors:
        print("\n== seed %d: ERROR %s" % (res["seed"], res["error"]))

    print("\nTOTAL over %d seeds (%d errors, %d with a root not explored exhaustively)" % (
        len(seeds), tot["errors"], tot["nonexh"]))
    print("  oracle sites violated on some execution: %d, on every execution (definite): %d" % (tot["viol"], tot["defn"]))
    print("  definite sites in a loop body: %d (in a --loop-skips loop: %d); unbalanced sites violated: %d, "
          "definite: %d; definite only with the clamped depth: %d" % (
              tot["defn_loop"], tot["defn_skip"], tot["viol_unb"], tot["defn_unb"], tot["defn_clamp"]))
    print("  definite sites by kind: %s" % ", ".join(
        "%s %d" % (k[5:], n) for k, n in sorted(tot.items()) if k.startswith("kind.")))
    for m in modes:
        reps, fa = tot[m + ".reps"], tot[m + ".fa"]
        print("  %-7s checker reports %d; definite misses %d (in loops %d; +%d on non-exhaustive roots; "
              "+%d unbalanced after skip: not implemented; +%d only after an unbalanced unlock); "
              "%s"
              "violated sites unreported %d; false alarms %d = %.1f%% of reports; "
              "reports matching only non-definite sites %d" % (
                  m, reps, tot[m + ".miss"], tot[m + ".missloop"], tot[m + ".missu"], tot[m + ".missni"],
                  tot[m + ".missclamp"],
                  "of the misses, reported in default mode %d; " % tot[m + ".missdef"] if m == "strict" else "",
                  tot[m + ".unrep"], fa, 100.0 * fa / reps if reps else 0.0, tot[m + ".nondef"]))
    if opts["tool"]:
        print("  lock order (oracle: dependencies seen %d, definite %d):" % (tot["order.seen"], tot["order.definite"]))
        for m in modes:
            print("  %-7s checker dependencies %d; definite dependencies missing %d; checker dependencies "
                  "that never happened %d" % (m, tot[m + ".order.reps"], tot[m + ".order.miss"], tot[m + ".order.fa"]))
    print("  IRQ usage (oracle: inconsistent lock states on some execution %d; definite inconsistent states "
          "and safe -> unsafe dependencies %d):" % (
        tot["irq.possible"], tot["irq.definite"]))
    for m in modes:
        print("  %-7s checker reports %d; definite missing %d; reports that never happened %d" % (
            m, tot[m + ".irq.reps"], tot[m + ".irq.miss"], tot[m + ".irq.fa"]))
    sys.exit(1 if tot["default.miss"] or tot["errors"] or any(tot[m + ".order.miss"] + tot[m + ".irq.miss"]
                                                             for m in modes) else 0)


if __name__ == "__main__":
    main()
