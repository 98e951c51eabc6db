#!/usr/bin/env python3
"""The competitor columns of the README's comparison table, measured: which
context checkers see the seed bug and the 16 bugs that
kernel/mutate_tdp_mmu.py plants in Linux 6.12's arch/x86/kvm/mmu/tdp_mmu.c,
how many warnings each gives on the unmodified file, and what it costs.

Usage:
  bench/compare_tools.py [--kernel-dir build-kernel] [--config noprove]
                         [--tools cocci-kernel,cocci-rcu,tsa,tsa-rcu,rcuctx,reduced]
                         [--rcuctx PLUGIN.so --rcuctx-rules DIR]
                         [--coccicheck-kvm] [--json OUT.json]

Needs a configured tree from kernel/build-kvm.sh (run for you, --no-plugin,
if kbuild's saved command for tdp_mmu.o is missing).  Nothing in the kernel
tree is modified: the unmodified file and every mutant are written to
<kernel-dir>/compare/<name>/tdp_mmu.c (the mutations are imported from
kernel/mutate_tdp_mmu.py, so they are exactly the ones rcuctx is tested on).

Tools (each run on the control copy and on the 16 mutants):
  cocci-kernel  Coccinelle (spatch), the kernel's own lock semantic patches
                scripts/coccinelle/locks/*.cocci, in report mode, with the
                options their "// Options:" line gives (as `make coccicheck`
                does).
  cocci-rcu     Coccinelle with bench/cocci/rcu_deref_after_unlock.cocci,
                written here for the seed pattern (direct form + one call hop
                inside the file); [direct] findings are counted separately.
  tsa           clang-19 -Wthread-safety added to kbuild's command for
                tdp_mmu.o (6.12 has no capability annotations).
  tsa-rcu       -Wthread-safety with RCU annotated by us, at run time, in
                generated copies: include/linux/rcupdate.h's rcu_read_lock()/
                rcu_read_unlock() acquire/release a shared capability,
                rcu_dereference() requires it.  Then, as a developer would,
                every function in tdp_mmu.c and tdp_iter.h that gets a
                "requires holding" warning is given
                __attribute__((requires_shared_capability)) and the file is
                compiled again, until nothing changes.  The number of
                annotated functions is the annotation burden for RCU alone
                (lower bound: tdp_iter.c's tdp_iter_start/next are in another
                translation unit).  The mutants are then compiled with that
                same annotation set.
  rcuctx        the plugin, for reference (only with --rcuctx, or when
                <repo>/build/checker/rcuctx.so exists).
  reduced       bench/reduced/seed_shape.c, our own reduction of the seed:
                -Wthread-safety at four annotation levels and the .cocci,
                against the direct, one-hop and two-hop (seed) shapes.

A tool "catches" a mutant when it prints a warning that the control does not
get (same message, at the corresponding line) AT the line marked
/* rcuctx-expect */; "near" = a new warning within +-3 lines of a line the
mutation added; "elsewhere" = a new warning anywhere else.  False alarms =
warnings on the unmodified tdp_mmu.c (none of its code is a known bug).
--coccicheck-kvm also runs `make coccicheck MODE=report M=arch/x86/kvm`
(every semantic patch the kernel ships, over all of KVM) and counts reports.
"""
import argparse
import difflib
import glob
import json
import os
import re
import resource
import shlex
import shutil
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CC = "clang-19"
NEAR = 3
NICE = ["nice", "-n", "10"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def read(p):
    with open(p, errors="replace") as f:
        return f.read()


def write(p, text):
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)


def run(argv, cwd=None):
    """Run argv; return (rc, output, wall s, cpu s of the child)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       errors="replace")
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return p.returncode, p.stdout, wall, cpu


# --------------------------------------------------------------------------
# the tree, the mutants


def ensure_tree(kdir, config):
    cmdfile = os.path.join(kdir, "out-" + config, "arch/x86/kvm/mmu/.tdp_mmu.o.cmd")
    if not os.path.exists(cmdfile):
        log("-- no %s; running kernel/build-kvm.sh --%s --no-plugin" % (cmdfile, config))
        env = dict(os.environ, RCUCTX_KERNEL_DIR=kdir)
        rc = subprocess.run(NICE + [os.path.join(REPO, "kernel/build-kvm.sh"), "--" + config,
                                    "--no-plugin"], env=env).returncode
        if not os.path.exists(cmdfile):
            sys.exit("build-kvm.sh failed (%d)" % rc)
    return cmdfile


def load_mutations(src, work):
    os.environ.update(SRC=src, WORK=work, BASE=work, CONFIGS="noprove", KCF="")
    sys.path.insert(0, os.path.join(REPO, "kernel"))
    import mutate_tdp_mmu as mm
    return mm


def line_map(old, new):
    """{old line -> new line} for unchanged lines, and the set of added lines (1-based)."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    mapping, added = {}, set()
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k + 1] = j1 + k + 1
        if tag in ("replace", "insert"):
            added.update(range(j1 + 1, j2 + 1))
    return mapping, added


def make_variants(mm, src, work):
    orig = read(os.path.join(src, "arch/x86/kvm/mmu/tdp_mmu.c"))
    olines = orig.split("\n")
    out = []
    for name, desc, edits in [("control-unmodified", "the unmodified file", [])] + mm.MUTATIONS:
        text = mm.apply(orig, edits)
        path = os.path.join(work, name, "tdp_mmu.c")
        write(path, text)
        lines = text.split("\n")
        mapping, added = line_map(olines, lines)
        out.append(dict(name=name, desc=desc, path=path, text=text, map=mapping, added=added,
                        expect=mm.marked_lines(text, mm.EXPECT), also=mm.marked_lines(text, mm.ALSO)))
    return out


# --------------------------------------------------------------------------
# scoring


def norm(msg):
    return re.sub(r"\d+", "N", msg.strip())


def score(variants, results):
    """results[name] = list of (file, line, msg) in the variant's own file.
    Returns per-mutant verdicts against the control."""
    ctl = variants[0]
    base = {}
    for f, ln, msg in results[ctl["name"]]:
        base[(ln, norm(msg))] = base.get((ln, norm(msg)), 0) + 1
    verdicts = {}
    for v in variants[1:]:
        inv = {new: old for old, new in v["map"].items()}
        left = dict(base)
        new = []
        for f, ln, msg in results[v["name"]]:
            key = (inv.get(ln), norm(msg))
            if key[0] is not None and left.get(key, 0) > 0:
                left[key] -= 1
                continue
            new.append((f, ln, msg))
        at = [w for w in new if w[1] in v["expect"]]
        callee = [w for w in new if w[1] in v["also"]]
        near = [w for w in new if w not in at and any(abs(w[1] - a) <= NEAR for a in v["added"])]
        verdict = "yes" if at else ("callee line" if callee else ("near" if near else
                                                                   ("elsewhere" if new else "no")))
        verdicts[v["name"]] = dict(verdict=verdict, new=new, at=at)
    return verdicts


# --------------------------------------------------------------------------
# Coccinelle

COCCI_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>[\d-]+): (?P<msg>.*)$")


def cocci_options(script):
    m = re.search(r"^// Options:(.*)$", read(script), re.M)
    return shlex.split(m.group(1)) if m else []


def spatch(script, target, cwd):
    argv = NICE + ["spatch", "-D", "report", "--very-quiet", "--no-show-diff",
                   "--cocci-file", script] + cocci_options(script) + [target]
    rc, out, wall, cpu = run(argv, cwd)
    ws = []
    for l in out.splitlines():
        m = COCCI_LINE.match(l)
        if m and os.path.realpath(os.path.join(cwd, m.group("file"))) == os.path.realpath(target):
            ws.append((target, int(m.group("line")), m.group("msg")))
    # spatch prints one report per match of the whole rule, which repeats
    # identical lines; count each (line, message) once
    return rc, sorted(set(ws)), wall, cpu, out, argv


def bench_cocci(tool, scripts, variants, src):
    results, times, logs, rcs = {}, [], {}, {}
    for v in variants:
        allw, tw, tc, texts = [], 0.0, 0.0, []
        for s in scripts:
            rc, ws, wall, cpu, out, argv = spatch(s, v["path"], src)
            allw += [(f, ln, "%s: %s" % (os.path.basename(s), m)) for f, ln, m in ws]
            tw += wall
            tc += cpu
            texts.append("$ " + " ".join(shlex.quote(a) for a in argv) + "\n" + out)
            rcs.setdefault(rc, 0)
            rcs[rc] += 1
        results[v["name"]] = allw
        times.append((tw, tc))
        logs[v["name"]] = "\n".join(texts)
        write(os.path.join(os.path.dirname(v["path"]), tool + ".log"), logs[v["name"]])
    return results, times, rcs


def other_files_baseline(scripts, src, files):
    """Reports of the scripts on other unmodified files (mmu.c)."""
    out = {}
    for f in files:
        ws, tw = [], 0.0
        for s in scripts:
            rc, w, wall, cpu, text, argv = spatch(s, os.path.join(src, f), src)
            ws += [(x[0], x[1], "%s: %s" % (os.path.basename(s), x[2])) for x in w]
            tw += wall
        out[f] = (ws, tw)
    return out


def coccicheck_kvm(src):
    # The tree's .cocciconfig says --use-gitgrep: in an extracted tarball (no
    # .git) every script whose file prefilter runs "matches 0 files" and
    # checks nothing, silently.  --use-coccigrep (last option wins) selects
    # files by spatch's own token grep instead.
    argv = NICE + ["make", "-C", src, "coccicheck", "MODE=report", "M=arch/x86/kvm", "J=2",
                   "SPFLAGS=--use-coccigrep"]
    rc, out, wall, cpu = run(argv)
    reports = [l for l in out.splitlines() if COCCI_LINE.match(l)]
    per_script, cur = {}, None
    for l in out.splitlines():
        m = re.search(r"--cocci-file (\S+)", l)
        if m:
            cur = os.path.relpath(os.path.normpath(os.path.join(src, m.group(1))), src)
            continue
        if COCCI_LINE.match(l) and cur:
            per_script[cur] = per_script.get(cur, 0) + 1
    n_scripts = len(re.findall(r"--cocci-file ", out))
    zero = len(re.findall(r"^0 files match", out, re.M))
    return dict(rc=rc, wall=wall, cpu=cpu, reports=reports, unique=sorted(set(reports)), zero_match=zero,
                per_script=per_script, scripts=n_scripts, cmd=" ".join(argv[3:]), log=out)


# --------------------------------------------------------------------------
# clang -Wthread-safety

DIAG = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>warning|error): "
                  r"(?P<msg>.*)$")
RCU_CAP = "rcu_tsa"
ATTR = {k: "__attribute__((%s_shared_capability(%s))) " % (k, RCU_CAP)
        for k in ("requires", "acquire", "release")}


def kbuild_argv(cmdfile, src):
    saved = next(l for l in read(cmdfile).splitlines() if l.startswith("savedcmd_"))
    args = shlex.split(saved.split(":=", 1)[1])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a.startswith("-fplugin") or a.startswith("-Wp,-MMD"):
            continue
        if a in ("-o", "-c"):
            skip = a == "-o"
            continue
        if a.endswith("arch/x86/kvm/mmu/tdp_mmu.c"):
            continue
        out.append(a)
    return out


def clang_check(base_argv, out_dir, src_file, extra, pre_includes=()):
    """Compile src_file with kbuild's flags plus `extra`, -fsyntax-only.
    pre_includes: folders put before every -I (overlays)."""
    argv = [base_argv[0]]
    for d in pre_includes:
        argv.append("-I" + d)
    argv += base_argv[1:]
    # the copy lives outside arch/x86/kvm/mmu/: its "..." includes must still
    # resolve as they would next to the original
    argv += ["-I" + os.path.join(SRC_DIR, "arch/x86/kvm/mmu")] + extra
    argv += ["-fsyntax-only", "-Wno-error", src_file]
    rc, out, wall, cpu = run(NICE + argv, out_dir)
    diags = []
    for l in out.splitlines():
        m = DIAG.match(l)
        if m:
            diags.append((os.path.realpath(os.path.join(out_dir, m.group("file"))), int(m.group("line")),
                          m.group("sev"), m.group("msg")))
    return rc, diags, wall, cpu, out, argv


def tsa_diags(diags):
    return [d for d in diags if "-Wthread-safety" in d[3]]


def bench_tsa_plain(variants, base_argv, out_dir):
    results, times, all_tsa, errors = {}, [], {}, {}
    for v in variants:
        rc, diags, wall, cpu, out, argv = clang_check(base_argv, out_dir, v["path"], ["-Wthread-safety"])
        write(os.path.join(os.path.dirname(v["path"]), "tsa.log"),
              "$ " + " ".join(shlex.quote(a) for a in argv) + "\n" + out)
        t = tsa_diags(diags)
        all_tsa[v["name"]] = t
        errors[v["name"]] = [d for d in diags if d[2] == "error"]
        results[v["name"]] = [(f, ln, m) for f, ln, s, m in t
                              if f == os.path.realpath(v["path"])]
        times.append((wall, cpu))
    return results, times, all_tsa, errors


# ---- RCU annotated by us (generated copies, never the tree) ----

def func_def_start(text, name):
    """Offset of the line that starts the definition of `name`: a line that
    does not start with blank, '*' or '/' (so not a comment or a call)."""
    m = re.search(r"^(?![ \t*/])[^\n;#]*\b" + re.escape(name) + r"\([^;{]*\)\s*\{", text, re.M)
    return m.start() if m else None


def enclosing_function(text, lineno):
    """Name of the function whose body contains line `lineno` (1-based)."""
    lines = text.split("\n")
    for n in range(lineno - 1, -1, -1):
        l = lines[n]
        if l.startswith("}") and n != lineno - 1:
            return None
        m = re.match(r"^(?:__attribute__\(\(.*?\)\) )?[a-zA-Z_].*?\b([a-zA-Z_]\w*)\(", l)
        if m and not l.rstrip().endswith(";") and not l.startswith("#"):
            return m.group(1)
    return None


def annotate(text, ann):
    """Prefix the definitions of the functions in `ann` ({name: kind}) with
    the attribute of that kind, on the same line (line numbers unchanged)."""
    for n, kind in sorted(ann.items()):
        i = func_def_start(text, n)
        if i is not None:
            text = text[:i] + ATTR[kind] + text[i:]
    return text


def rcupdate_overlay(src, dest):
    """A copy of include/linux/rcupdate.h in which RCU is a capability."""
    h = read(os.path.join(src, "include/linux/rcupdate.h"))
    edits = [
        ("#define __LINUX_RCUPDATE_H\n",
         "#define __LINUX_RCUPDATE_H\n"
         "/* rcuctx bench: RCU as a Clang thread-safety capability (generated) */\n"
         "struct __attribute__((capability(\"rcu\"))) rcu_tsa_cap { int unused; };\n"
         "extern struct rcu_tsa_cap %s;\n"
         "static inline __attribute__((requires_shared_capability(%s))) void __rcu_tsa_req(void) { }\n"
         % (RCU_CAP, RCU_CAP)),
        ("static __always_inline void rcu_read_lock(void)\n",
         "static __always_inline __attribute__((acquire_shared_capability(%s), no_thread_safety_analysis))"
         " void rcu_read_lock(void)\n" % RCU_CAP),
        ("static inline void rcu_read_unlock(void)\n",
         "static inline __attribute__((release_shared_capability(%s), no_thread_safety_analysis))"
         " void rcu_read_unlock(void)\n" % RCU_CAP),
        ("#define rcu_dereference(p) rcu_dereference_check(p, 0)\n",
         "#define rcu_dereference(p) (__rcu_tsa_req(), rcu_dereference_check(p, 0))\n"),
    ]
    for old, new in edits:
        if h.count(old) != 1:
            raise RuntimeError("rcupdate.h: anchor not found once: %r" % old)
        h = h.replace(old, new)
    write(os.path.join(dest, "linux/rcupdate.h"), h)


HEADERS = ("tdp_iter.h", "tdp_mmu.h")  # included as "..." from tdp_mmu.c only


def next_kind(msg, cur):
    """The annotation a function needs, from a thread-safety warning inside it."""
    if "expecting" in msg and "to be held at the end of function" in msg:
        return "release"            # it ends unlocked: it releases the caller's RCU
    if cur:
        return cur
    if "still held at the end of function" in msg:
        return "acquire"            # it returns with RCU held
    if ("requires holding" in msg or "that was not held" in msg
            or "not held on every path" in msg):
        return "requires"           # it expects RCU held (and may drop and retake it)
    return None


def bench_tsa_rcu(variants, base_argv, out_dir, work, src):
    overlay = os.path.join(work, "tsa-overlay")
    rcupdate_overlay(src, overlay)
    heads = {h: read(os.path.join(src, "arch/x86/kvm/mmu", h)) for h in HEADERS}

    def compile_annotated(name, text, ann):
        d = os.path.join(work, "tsa-rcu", name)
        files = {os.path.join(d, "tdp_mmu.c"): annotate(text, ann)}
        for h, t in heads.items():   # found first: "..." looks next to the file
            files[os.path.join(d, h)] = annotate(t, ann)
        for f, t in files.items():
            write(f, t)
        rc, diags, wall, cpu, out, argv = clang_check(base_argv, out_dir, os.path.join(d, "tdp_mmu.c"),
                                                      ["-Wthread-safety"], [overlay])
        write(os.path.join(d, "tsa-rcu.log"), "$ " + " ".join(shlex.quote(a) for a in argv) + "\n" + out)
        files = {os.path.realpath(f): t for f, t in files.items()}
        return d, files, tsa_diags(diags), [x for x in diags if x[2] == "error"], wall, cpu

    # fixpoint on the unmodified file: annotate what warns, compile again
    ctl = variants[0]
    ann, rounds = {}, []
    for rnd in range(15):
        d, files, td, errs, wall, cpu = compile_annotated("fixpoint", ctl["text"], ann)
        if errs:
            raise RuntimeError("annotated compile fails: %s" % errs[:3])
        new = dict(ann)
        for f, ln, sev, msg in td:
            if f in files:
                fn = enclosing_function(files[f], ln)
                k = next_kind(msg, new.get(fn)) if fn else None
                if k:
                    new[fn] = k
        own = [x for x in td if x[0] in files]
        rounds.append(dict(round=rnd, annotated=len(ann), warnings=len(td), own=len(own),
                           changed=sorted(n for n in new if new[n] != ann.get(n)), wall=wall))
        log("   tsa-rcu round %d: %d annotated, %d thread-safety warnings (%d ours), %d to (re)annotate" %
            (rnd, len(ann), len(td), len(own), len(rounds[-1]["changed"])))
        if new == ann:
            break
        ann = new
    final = td
    where = {}
    for n in ann:
        where[n] = "tdp_mmu.c" if func_def_start(ctl["text"], n) is not None else \
            next((h for h, t in heads.items() if func_def_start(t, n) is not None), "?")
    # the mutants, with the annotation set of the unmodified file
    results, times = {}, []
    for v in variants:
        d, files, td, errs, wall, cpu = compile_annotated(v["name"], v["text"], ann)
        own = os.path.realpath(os.path.join(d, "tdp_mmu.c"))
        results[v["name"]] = [(f, ln, m) for f, ln, s, m in td if f == own]
        times.append((wall, cpu))
    return dict(results=results, times=times, rounds=rounds, ann=ann, where=where,
                final=[(re.sub(r".*/(linux-source-6\.12|compare/tsa-rcu/fixpoint|compare)/", "", f), ln, s, m)
                       for f, ln, s, m in final], overlay=overlay)


# --------------------------------------------------------------------------
# rcuctx, for reference

def bench_rcuctx(variants, base_argv, out_dir, plugin, rules, work):
    snap = os.path.join(work, "rcuctx-snapshot")
    shutil.rmtree(snap, ignore_errors=True)
    os.makedirs(os.path.join(snap, "rules"))
    shutil.copy(plugin, os.path.join(snap, "rcuctx.so"))
    for y in glob.glob(os.path.join(rules, "*.yaml")):
        shutil.copy(y, os.path.join(snap, "rules"))
    flags = ["-fplugin=" + os.path.join(snap, "rcuctx.so"),
             "-fplugin-arg-rcuctx-rules-dir=" + os.path.join(snap, "rules")]
    results, times = {}, []
    for v in variants:
        rc, diags, wall, cpu, out, argv = clang_check(base_argv, out_dir, v["path"], flags)
        write(os.path.join(os.path.dirname(v["path"]), "rcuctx.log"), out)
        results[v["name"]] = [(f, ln, m) for f, ln, s, m in diags
                              if "[rcuctx-" in m and f == os.path.realpath(v["path"])]
        times.append((wall, cpu))
    return results, times


# --------------------------------------------------------------------------

def bench_reduced():
    """bench/reduced/seed_shape.c: which bug shape each tool reports, by
    annotation level (see the comment at the top of that file)."""
    f = os.path.join(REPO, "bench/reduced/seed_shape.c")
    lines = read(f).split("\n")
    bugs = {n: re.search(r"BUG (\w+)", l).group(1) for n, l in enumerate(lines, 1) if "/* BUG " in l}
    rows = []
    for level in range(4):
        rc, out, wall, cpu = run([CC, "-fsyntax-only", "-Wthread-safety", "-DANNOTATE=%d" % level, f])
        ws = [(int(m.group("line")), m.group("msg")) for m in map(DIAG.match, out.splitlines()) if m]
        rows.append(("-Wthread-safety, ANNOTATE=%d" % level, ws))
    rc, ws, wall, cpu, out, argv = spatch(os.path.join(REPO, "bench/cocci/rcu_deref_after_unlock.cocci"),
                                          f, os.path.dirname(f))
    rows.append(("Coccinelle rcu_deref_after_unlock.cocci", [(x[1], x[2]) for x in ws]))
    return bugs, rows


def print_reduced(bugs, rows):
    print("\nbench/reduced/seed_shape.c (our reduction; bug lines %s):\n" %
          ", ".join("%d %s" % (n, b) for n, b in sorted(bugs.items())))
    print("| tool | direct | onehop | twohop (seed) | other warnings (line) |")
    print("|---|---|---|---|---|")
    for label, ws in rows:
        at = {b: any(ln == n for ln, _ in ws) for n, b in bugs.items()}
        other = sorted({ln for ln, _ in ws if ln not in bugs})
        print("| %s | %s | %s | %s | %s |" % (label, *("yes" if at[b] else "no" for b in
                                                        ("direct", "onehop", "twohop")),
                                             ", ".join(map(str, other)) or "-"))


def main():
    global SRC_DIR
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel-dir", default=os.environ.get("RCUCTX_KERNEL_DIR",
                                                           os.path.join(REPO, "build-kernel")))
    ap.add_argument("--config", default="noprove")
    ap.add_argument("--tools", default="cocci-kernel,cocci-rcu,tsa,tsa-rcu,rcuctx,reduced")
    ap.add_argument("--rcuctx", default=os.path.join(REPO, "build/checker/rcuctx.so"))
    ap.add_argument("--rcuctx-rules", default=os.path.join(REPO, "rules"))
    ap.add_argument("--coccicheck-kvm", action="store_true")
    ap.add_argument("--json")
    a = ap.parse_args()
    tools = a.tools.split(",")
    kdir = os.path.abspath(a.kernel_dir)
    src = SRC_DIR = os.path.join(kdir, "linux-source-6.12")
    out_dir = os.path.join(kdir, "out-" + a.config)
    work = os.path.join(kdir, "compare")
    cmdfile = ensure_tree(kdir, a.config)
    mm = load_mutations(src, work)
    variants = make_variants(mm, src, work)
    base_argv = kbuild_argv(cmdfile, src)
    log("-- %d variants in %s" % (len(variants), work))
    rep = dict(config=a.config, tools={}, variants=[dict(name=v["name"], expect=v["expect"],
                                                         also=v["also"]) for v in variants])
    versions = {}
    for prog, arg in (("spatch", "--version"), (CC, "--version")):
        try:
            versions[prog] = subprocess.run([prog, arg], stdout=subprocess.PIPE, text=True).stdout.split("\n")[0]
        except OSError:
            versions[prog] = "not installed"
    rep["versions"] = versions

    def add(tool, label, results, times, extra=None):
        v = score(variants, results)
        ctl = results["control-unmodified"]
        rep["tools"][tool] = dict(label=label, verdicts=v, control=ctl,
                                  times=times, extra=extra or {})

    locks = sorted(glob.glob(os.path.join(src, "scripts/coccinelle/locks/*.cocci")))
    if "cocci-kernel" in tools:
        log("-- Coccinelle, the kernel's locks/*.cocci (%d scripts)" % len(locks))
        res, times, rcs = bench_cocci("cocci-kernel", locks, variants, src)
        other = other_files_baseline(locks, src, ["arch/x86/kvm/mmu/mmu.c"])
        add("cocci-kernel", "Coccinelle, kernel locks/*.cocci", res, times,
            dict(scripts=[os.path.relpath(s, src) for s in locks], spatch_rc=rcs,
                 other={k: (v[0], v[1]) for k, v in other.items()}))
    if "cocci-rcu" in tools:
        s = os.path.join(REPO, "bench/cocci/rcu_deref_after_unlock.cocci")
        log("-- Coccinelle, %s" % os.path.relpath(s, REPO))
        res, times, rcs = bench_cocci("cocci-rcu", [s], variants, src)
        other = other_files_baseline([s], src, ["arch/x86/kvm/mmu/mmu.c"])
        add("cocci-rcu", "Coccinelle, bench/cocci/rcu_deref_after_unlock.cocci", res, times,
            dict(spatch_rc=rcs, other={k: (v[0], v[1]) for k, v in other.items()}))
        direct = {k: [w for w in ws if "[direct]" in w[2]] for k, ws in res.items()}
        add("cocci-rcu-direct", "  ... its intra-procedural rule alone ([direct])", direct, times)
    if "tsa" in tools:
        log("-- clang -Wthread-safety, as shipped")
        res, times, all_tsa, errors = bench_tsa_plain(variants, base_argv, out_dir)
        add("tsa", "clang-19 -Wthread-safety (6.12 as shipped)", res, times,
            dict(all_tsa={k: len(v) for k, v in all_tsa.items()},
                 compile_errors={k: len(v) for k, v in errors.items()}))
    if "tsa-rcu" in tools:
        log("-- clang -Wthread-safety, RCU annotated by us")
        r = bench_tsa_rcu(variants, base_argv, out_dir, work, src)
        add("tsa-rcu", "-Wthread-safety, RCU annotated (%d functions)" % len(r["ann"]),
            r["results"], r["times"], dict(rounds=r["rounds"], ann=r["ann"], where=r["where"],
                                           final=[list(x) for x in r["final"]]))
    if "rcuctx" in tools and os.path.exists(a.rcuctx):
        log("-- rcuctx %s" % a.rcuctx)
        res, times = bench_rcuctx(variants, base_argv, out_dir, a.rcuctx, a.rcuctx_rules, work)
        add("rcuctx", "rcuctx (plugin, for reference)", res, times,
            dict(plugin=a.rcuctx, rules=a.rcuctx_rules))
    if a.coccicheck_kvm:
        log("-- make coccicheck MODE=report M=arch/x86/kvm (every shipped script)")
        c = coccicheck_kvm(src)
        write(os.path.join(work, "coccicheck-kvm.log"), c.pop("log"))
        rep["coccicheck_kvm"] = c

    if rep["tools"]:
        print_report(rep, variants)
    print_coccicheck(rep)
    if "reduced" in tools or "tsa" in tools:
        print_reduced(*bench_reduced())
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rep, f, indent=1, default=list)


def print_report(rep, variants):
    names = [v["name"] for v in variants[1:]]
    print("\nversions: %s" % "; ".join("%s" % v for v in rep["versions"].values()))
    print("configuration: %s; times: wall (cpu) per file, mean over the %d runs (control + mutants)\n"
          % (rep["config"], len(variants)))
    print("| tool | seed | injected bugs caught at line | + near / elsewhere / callee line | "
          "warnings on unmodified tdp_mmu.c | time per file |")
    print("|---|---|---:|---|---:|---:|")
    for tool, t in rep["tools"].items():
        vs = t["verdicts"]
        at = sum(1 for n in names if vs[n]["verdict"] == "yes")
        near = sum(1 for n in names if vs[n]["verdict"] == "near")
        els = sum(1 for n in names if vs[n]["verdict"] == "elsewhere")
        cal = sum(1 for n in names if vs[n]["verdict"] == "callee line")
        seed = vs[names[0]]["verdict"]
        w = sum(x[0] for x in t["times"]) / len(t["times"])
        c = sum(x[1] for x in t["times"]) / len(t["times"])
        print("| %s | %s | %d/16 | %d / %d / %d | %d | %.2f s (%.2f s) |" %
              (t["label"], seed, at, near, els, cal, len(t["control"]), w, c))
    print("\nper mutation (yes = a new warning at the marked line):\n")
    print("| mutation | line | " + " | ".join(rep["tools"]) + " |")
    print("|---|---|" + "---|" * len(rep["tools"]))
    for v in variants[1:]:
        print("| %s | %s | %s |" % (v["name"], ",".join(map(str, v["expect"])), " | ".join(
            rep["tools"][t]["verdicts"][v["name"]]["verdict"] for t in rep["tools"])))
    print("\nwarnings on the unmodified tdp_mmu.c (control copy):")
    for tool, t in rep["tools"].items():
        for f, ln, msg in t["control"]:
            print("  %s: tdp_mmu.c:%d: %s" % (tool, ln, msg))
        for f, (ws, tw) in t["extra"].get("other", {}).items():
            print("  %s on unmodified %s: %d warning(s) in %.1f s" % (tool, f, len(ws), tw))
            for w in ws:
                print("    %s:%d: %s" % (f, w[1], w[2]))
    print("\nnew warnings in the mutants (not in the control):")
    for tool, t in rep["tools"].items():
        for n in names:
            for f, ln, msg in t["verdicts"][n]["new"]:
                print("  %s / %s: line %d: %s" % (tool, n, ln, msg))
    if "tsa" in rep["tools"]:
        e = rep["tools"]["tsa"]["extra"]
        print("\n-Wthread-safety as shipped: thread-safety warnings in any file of the TU (headers "
              "included): %s; compile errors: %s" % (sorted(set(e["all_tsa"].values())),
                                                     sorted(set(e["compile_errors"].values()))))
    if "tsa-rcu" in rep["tools"]:
        e = rep["tools"]["tsa-rcu"]["extra"]
        print("\n-Wthread-safety with RCU annotated: fixpoint rounds on the unmodified file:")
        for r in e["rounds"]:
            print("  round %d: %d functions annotated -> %d thread-safety warnings (%d in tdp_mmu.c/"
                  "tdp_iter.h/tdp_mmu.h), %d functions to (re)annotate" %
                  (r["round"], r["annotated"], r["warnings"], r["own"], len(r["changed"])))
        for f in ["tdp_mmu.c"] + list(HEADERS):
            ns = sorted(n for n, w in e["where"].items() if w == f)
            print("  annotated in %s (%d): %s" % (f, len(ns), ", ".join(
                "%s [%s]" % (n, e["ann"][n]) for n in ns)))
        print("  warnings left at the fixpoint (%d):" % len(e["final"]))
        for f, ln, sev, msg in e["final"]:
            print("    %s:%d: %s" % (f, ln, msg))


def print_coccicheck(rep):
    if "coccicheck_kvm" in rep:
        c = rep["coccicheck_kvm"]
        print("\n`%s`: exit %d, %d scripts (%d of them matched no file), %d report lines (%d unique), "
              "%.0f s wall, %.0f s cpu" % (c["cmd"], c["rc"], c["scripts"], c["zero_match"], len(c["reports"]),
                                          len(c["unique"]), c["wall"], c["cpu"]))
        for l in c["unique"]:
            if "/mmu/" in l:
                print("  " + l)
        for s, n in sorted(c["per_script"].items()):
            print("  %s: %d" % (s, n))


if __name__ == "__main__":
    main()
