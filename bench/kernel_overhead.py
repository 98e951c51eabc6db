#!/usr/bin/env python3
"""Cost of the rcuctx plugin on Linux 6.12's KVM, object by object, with
sparse for comparison.  Prints tables; no pass/fail assertion.

Usage:
  bench/kernel_overhead.py [--runs 3] [--configs noprove[,prove]]
                           [--plugin build/checker/rcuctx.so] [--rules-dir rules]
                           [--kernel-dir build-kernel] [--jobs 2] [--only SUBSTR,...]
                           [--skip-compile] [--skip-sparse] [--skip-mutations]

Needs the trees that kernel/build-kvm.sh configures and builds
(build-kernel/out-<config>/, with kbuild's saved command for every KVM
object).  Nothing in the kernel tree or the repository is modified; objects
go to a temporary folder.

1. Compile time and peak memory.  For every KVM C object (arch/x86/kvm/ and
   virt/kvm/), kbuild's saved command (the savedcmd_ line of .<name>.o.cmd) is
   run --runs times without and with the plugin, alternating the order, the
   object written to a temporary file, with the -fplugin flags of the last
   build-kvm.sh run and -Wp,-MMD removed.  Wall time (perf_counter), CPU time
   (user+sys) and max RSS come from os.wait4() on the clang process.  Cells
   are medians.  The plugin and its rules are copied to a temporary folder
   first and checked on a canary (sleep under rcu_read_lock() must be
   reported), so a concurrent rebuild of build/ cannot change them mid-run.
2. sparse.  `make LLVM=-19 C=2 V=1 -jJOBS O=out-<config> KCFLAGS=<as saved>
   arch/x86/kvm/` (C=2 forces the checker on every file; CHECK defaults to
   sparse), timed --runs times, after an untimed `make` without C= so that
   nothing needs recompiling (KCFLAGS is what the saved commands were built
   with, so the objects are up to date and only sparse runs).  The sparse
   command of every file is taken from the V=1 output and run again
   serially, --runs times, for per-file time, memory and warnings (once more
   with -fmax-warnings=unlimited for the uncapped count).
3. Mutations.  For every mutant that kernel/mutate-tdp-mmu.sh left in
   build-kernel/mutate/<mutation>/tdp_mmu.c, the sparse command kbuild uses
   for tdp_mmu.c is run with the mutant as the source (plus
   -I arch/x86/kvm/mmu, as the mutation script does for clang, so that the
   mutant's "..." includes resolve).  A sparse warning counts as "at or near"
   the mutation when it points into the mutant within +-3 lines of a line the
   mutation added; it is "new" when the unmodified tdp_mmu.c does not get the
   same warning at the corresponding line.  rcuctx's verdict is read from
   build-kernel/mutate/results.txt.
"""
import argparse
import collections
import difflib
import hashlib
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LLVM = "-19"
CC = "clang" + LLVM
NEAR = 3  # lines either side of a mutated line


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def spread(xs):
    """(max - min) / median, in percent."""
    m = med(xs)
    return 100.0 * (max(xs) - min(xs)) / m if xs and m else 0.0


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def run_measured(cmd, cwd, out_path):
    """Run cmd, output (stdout+stderr) to out_path.  Returns
    (exit code, wall s, cpu s, max RSS KiB) of that process (and any
    children it waited for)."""
    with open(out_path, "w") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


# --------------------------------------------------------------------------
# plugin snapshot


def snapshot_plugin(plugin, rules_dir, dest):
    os.makedirs(os.path.join(dest, "rules"))
    so = os.path.join(dest, "rcuctx.so")
    for attempt in range(10):
        shutil.copyfile(plugin, so)
        for y in sorted(os.listdir(rules_dir)):
            if y.endswith(".yaml"):
                shutil.copyfile(os.path.join(rules_dir, y), os.path.join(dest, "rules", y))
        if read_bytes(plugin) != read_bytes(so):
            time.sleep(3)
            continue
        flags = ["-fplugin=" + so, "-fplugin-arg-rcuctx-rules-dir=" + os.path.join(dest, "rules")]
        canary = os.path.join(dest, "canary.c")
        with open(canary, "w") as f:
            f.write("void rcu_read_lock(void);\nvoid rcu_read_unlock(void);\n"
                    "void might_sleep(void);\nvoid rcuctx_canary(void);\n"
                    "void rcuctx_canary(void) { rcu_read_lock(); might_sleep(); rcu_read_unlock(); }\n")
        p = subprocess.run([CC] + flags + ["-fsyntax-only", canary],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if "[rcuctx-sleep-in-atomic]" in p.stdout:
            return flags, hashlib.sha256(read_bytes(so)).hexdigest()
        log("-- plugin snapshot does not report the canary yet (try %d): %s"
            % (attempt + 1, p.stdout.strip().splitlines()[:1]))
        time.sleep(6)
    sys.exit("kernel_overhead.py: cannot get a working copy of the plugin %s" % plugin)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


# --------------------------------------------------------------------------
# kbuild's saved commands


def norm_obj(obj):
    """arch/x86/kvm/../../../virt/kvm/kvm_main.o -> virt/kvm/kvm_main.o"""
    return os.path.normpath(obj)


def saved_commands(out_dir, tops=("arch/x86/kvm", "virt/kvm")):
    """{object: (argv without -fplugin/-Wp,-MMD/-o/-c/source, source, kcflags)}
    for every C object under the folders TOPS (default: arch/x86/kvm and
    virt/kvm)."""
    cmds = {}
    for top in tops:
        for root, _, files in os.walk(os.path.join(out_dir, top)):
            for fn in files:
                if not (fn.startswith(".") and fn.endswith(".o.cmd")):
                    continue
                line = next((l for l in read(os.path.join(root, fn)).splitlines()
                             if l.startswith("savedcmd_")), None)
                if not line:
                    continue
                args = shlex.split(line.split(":=", 1)[1])
                if ";" in args:
                    args = args[:args.index(";")]
                if not args or args[0] != CC or not args[-1].endswith(".c") or "-c" not in args:
                    continue  # links (kvm.o), assembly (vmenter.S)
                src = args[-1]
                obj = args[args.index("-o") + 1]
                base, kcflags, skip = [], [], False
                for a in args[:-1]:
                    if skip:
                        skip = False
                    elif a == "-o":
                        skip = True
                    elif a == "-c" or a.startswith("-Wp,-MMD"):
                        pass
                    elif a.startswith("-fplugin"):
                        kcflags.append(a)
                    else:
                        base.append(a)
                cmds[norm_obj(obj)] = (base, src, kcflags)
    return cmds


def filter_only(names, only):
    if not only:
        return sorted(names)
    return sorted(n for n in names if any(s in n for s in only))


# --------------------------------------------------------------------------
# 1. compile time and memory


def bench_compile(cfg, out_dir, cmds, objs, plugin_flags, runs, tmp):
    res = {}
    loads = []
    diag_re = re.compile(r"\[rcuctx-[a-z-]+\]")
    # one untimed warm-up compile (page cache for the headers)
    base, src, _ = cmds[objs[0]]
    run_measured(base + ["-c", "-o", os.path.join(tmp, "warm.o"), src], out_dir,
                 os.path.join(tmp, "warm.log"))
    for i, obj in enumerate(objs):
        base, src, _ = cmds[obj]
        r = {"plain": [], "plugin": [], "diags": 0, "diag_lines": [], "problems": []}
        for k in range(runs):
            order = ("plain", "plugin") if k % 2 == 0 else ("plugin", "plain")
            for way in order:
                loads.append(loadavg())
                extra = plugin_flags if way == "plugin" else []
                o = os.path.join(tmp, "obj-%s.o" % way)
                lg = os.path.join(tmp, "cc-%s.log" % way)
                rc, wall, cpu, rss = run_measured(base + extra + ["-c", "-o", o, src], out_dir, lg)
                text = read(lg)
                if rc != 0:
                    r["problems"].append("%s exit %d: %s" % (way, rc, text.strip()[-300:]))
                if way == "plugin" and k == 0:
                    r["diags"] = len(diag_re.findall(text))
                    r["diag_lines"] = [l for l in text.splitlines() if diag_re.search(l)]
                    if "PLEASE submit a bug report" in text or "Stack dump:" in text:
                        r["problems"].append("plugin: compiler crash")
                r[way].append((wall, cpu, rss))
        res[obj] = r
        p, q = med([x[0] for x in r["plain"]]), med([x[0] for x in r["plugin"]])
        log("  [%s %2d/%d] %-32s plain %6.2fs  plugin %6.2fs  x%.3f  load %.1f"
            % (cfg, i + 1, len(objs), obj, p, q, q / p, loads[-1]))
    return res, loads


# --------------------------------------------------------------------------
# 2. sparse

WARN_RE = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>warning|error): (?P<msg>.*)$")


def make_cmd(src_dir, out_dir, jobs, kcflags, extra):
    return (["make", "-C", src_dir, "O=" + out_dir, "LLVM=" + LLVM, "-j%d" % jobs,
             "KCFLAGS=" + " ".join(kcflags)] + extra + ["arch/x86/kvm/"])


def compile_lines(text):
    """clang compile commands kbuild ran (V=1): a sign that make recompiled."""
    return [l for l in text.splitlines()
            if re.match(r"^\s*(set -e; )?%s .* -c -o \S+\.o " % re.escape(CC), l)]


def sparse_commands(text):
    """{source (normalized, relative to the kernel source): argv} from V=1 output."""
    out = {}
    for l in text.splitlines():
        if not re.match(r"^\s*sparse\s", l):
            continue
        argv = shlex.split(l)
        out[argv[-1]] = argv
    return out


def clean_sparse_argv(argv, src=None, extra=()):
    a = [x for x in argv[:-1] if not x.startswith("-Wp,-MMD") and not x.startswith("-fplugin")]
    return a + list(extra) + [src or argv[-1]]


def warnings_of(text):
    return [m for m in (WARN_RE.match(l) for l in text.splitlines()) if m]


def bench_sparse(cfg, src_dir, out_dir, kcflags, jobs, runs, only, tmp):
    info = {"kcflags": kcflags}
    # untimed: bring every object up to date with the flags it was built with
    lg = os.path.join(tmp, "make-warm-%s.log" % cfg)
    log("  [%s] make (untimed, brings objects up to date)" % cfg)
    rc, wall, cpu, _ = run_measured(make_cmd(src_dir, out_dir, jobs, kcflags, ["V=1"]), None, lg)
    info["warm_recompiled"] = len(compile_lines(read(lg)))
    info["warm_rc"] = rc
    # timed: make without C= (nothing to do: kbuild's own overhead), then C=2
    noop, c2 = [], []
    c2_text = None
    for k in range(runs):
        lg = os.path.join(tmp, "make-noop-%s.log" % cfg)
        rc, wall, cpu, _ = run_measured(make_cmd(src_dir, out_dir, jobs, kcflags, ["V=1"]), None, lg)
        noop.append((wall, cpu, rc, len(compile_lines(read(lg)))))
        lg = os.path.join(tmp, "make-c2-%s-%d.log" % (cfg, k))
        log("  [%s] make C=2 V=1 (run %d/%d)" % (cfg, k + 1, runs))
        rc, wall, cpu, _ = run_measured(make_cmd(src_dir, out_dir, jobs, kcflags, ["C=2", "V=1"]), None, lg)
        text = read(lg)
        c2.append((wall, cpu, rc, len(compile_lines(text))))
        if c2_text is None:
            c2_text = text
    info["noop"], info["c2"] = noop, c2
    cmds = sparse_commands(c2_text)
    info["make_cmd"] = " ".join(shlex.quote(x) for x in make_cmd(
        os.path.relpath(src_dir, REPO), os.path.relpath(out_dir, REPO), jobs, ["<saved -fplugin flags>"], ["C=2", "V=1"]))
    w = warnings_of(c2_text)
    info["make_warnings"] = len(w)
    info["make_context"] = sum("context imbalance" in m.group("msg") for m in w)
    info["make_sparse_files"] = len(cmds)
    # per file, serially
    per = {}
    kvm = {s: a for s, a in cmds.items()
           if "/arch/x86/kvm/" in s or "/virt/kvm/" in s}
    info["other_checked"] = sorted(set(cmds) - set(kvm))
    sel = [s for s in sorted(kvm, key=lambda s: os.path.normpath(s))
           if not only or any(o in os.path.normpath(s) for o in only)]
    for s in sel:
        argv = clean_sparse_argv(kvm[s])
        meas = []
        for k in range(runs):
            lg = os.path.join(tmp, "sparse.log")
            rc, wall, cpu, rss = run_measured(argv, out_dir, lg)
            meas.append((wall, cpu, rss))
            if k == 0:
                text, first_rc = read(lg), rc
        lg = os.path.join(tmp, "sparse-unlimited.log")
        run_measured(clean_sparse_argv(kvm[s], extra=["-fmax-warnings=unlimited"]), out_dir, lg)
        unl = warnings_of(read(lg))
        ws = warnings_of(text)
        per[s] = {"meas": meas, "warnings": ws, "rc": first_rc,
                  "capped": any(m.group("msg") == "too many warnings" for m in ws),
                  "unlimited": len([m for m in unl if m.group("msg") != "too many warnings"]),
                  "argv": kvm[s]}
    info["per"] = per
    info["cmds"] = kvm
    return info


# --------------------------------------------------------------------------
# 3. mutations


def parse_results(path):
    """{mutation: {"expect": [..], "also": [..], "cfg": {config: verdict}}}"""
    out = collections.OrderedDict()
    if not os.path.exists(path):
        return out
    blocks = read(path).split("=" * 78 + "\n")
    for b in blocks:
        lines = b.splitlines()
        if not lines:
            continue
        name = lines[0].strip()
        m = re.search(r"expected line\(s\): \[([\d, ]*)\](?:; also acceptable: \[([\d, ]*)\])?", b)
        expect = [int(x) for x in (m.group(1) if m else "").replace(",", " ").split()]
        also = [int(x) for x in (m.group(2) or "").replace(",", " ").split()] if m and m.group(2) else []
        cfgs = {}
        for sec in re.split(r"^--- (?=\w+: exit)", b, flags=re.M)[1:]:
            cfg = sec.split(":", 1)[0]
            hits = set()
            for l in sec.splitlines():
                w = WARN_RE.match(l)
                if w and "[rcuctx-" in l and os.path.basename(w.group("file")) == "tdp_mmu.c" \
                        and "/mutate/" in w.group("file"):
                    hits.add(int(w.group("line")))
            if "compile error" in sec or ", CRASH" in sec.splitlines()[0]:
                verdict = "error"
            elif hits & set(expect):
                verdict = "yes"
            elif hits & set(also):
                verdict = "callee line only"
            else:
                verdict = "no"
            cfgs[cfg] = verdict
        out[name] = {"expect": expect, "also": also, "cfg": cfgs}
    return out


def line_map(old_lines, new_lines):
    """old line number -> new line number for unchanged lines; and the set of
    new line numbers that the edit added or changed."""
    sm = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    mapping, added = {}, set()
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k + 1] = j1 + k + 1
        else:
            added.update(range(j1 + 1, j2 + 1))
    return mapping, added


def enclosing_function(lines, lineno):
    """Name of the function whose body contains line `lineno` (1-based)."""
    for n in range(lineno - 1, -1, -1):
        l = lines[n]
        if l == "}" and n != lineno - 1:
            return None
        m = re.match(r"^[a-zA-Z_].*?\b([a-zA-Z_]\w*)\(", l)
        if m and not l.rstrip().endswith(";") and not l.startswith("#"):
            return m.group(1)
    return None


def run_sparse_on(argv, src, out_dir, tmp, extra=()):
    lg = os.path.join(tmp, "sparse-mut.log")
    rc, wall, cpu, rss = run_measured(clean_sparse_argv(argv, src=src, extra=extra), out_dir, lg)
    return rc, warnings_of(read(lg)), read(lg)


def bench_mutations(cfgs_sparse, src_dir, base_dir, tmp):
    """cfgs_sparse: {config: (sparse argv for tdp_mmu.c, out_dir)}"""
    mut_dir = os.path.join(base_dir, "mutate")
    results = parse_results(os.path.join(mut_dir, "results.txt"))
    orig_path = os.path.join(src_dir, "arch/x86/kvm/mmu/tdp_mmu.c")
    orig_lines = read(orig_path).split("\n")
    inc = ["-I" + os.path.join(src_dir, "arch/x86/kvm/mmu")]
    info = {"results": results, "baseline": {}, "rows": [],
            "results_mtime": time.strftime("%Y-%m-%d %H:%M:%S",
                                           time.localtime(os.path.getmtime(os.path.join(mut_dir, "results.txt"))))
            if os.path.exists(os.path.join(mut_dir, "results.txt")) else None}
    for cfg, (argv, out_dir) in cfgs_sparse.items():
        # baseline 1: the pristine in-tree file, exactly kbuild's sparse command
        rc, ws, _ = run_sparse_on(argv, argv[-1], out_dir, tmp)
        # baseline 2: the pristine file copied where the mutants live (control)
        ctl = os.path.join(mut_dir, "control-unmodified", "tdp_mmu.c")
        ctl_ws = run_sparse_on(argv, ctl, out_dir, tmp, inc)[1] if os.path.exists(ctl) else None
        info["baseline"][cfg] = {"intree": ws, "control": ctl_ws, "rc": rc}
    names = [n for n in results if n != "control-unmodified"]
    # mutants present on disk but absent from results.txt are benchmarked too
    if os.path.isdir(mut_dir):
        for d in sorted(os.listdir(mut_dir)):
            if d not in results and d != "control-unmodified" and \
                    os.path.exists(os.path.join(mut_dir, d, "tdp_mmu.c")):
                names.append(d)
    for name in names:
        mpath = os.path.join(mut_dir, name, "tdp_mmu.c")
        if not os.path.exists(mpath):
            info["rows"].append((name, None))
            continue
        new_lines = read(mpath).split("\n")
        mapping, added = line_map(orig_lines, new_lines)
        marked = [n for n, l in enumerate(new_lines, 1) if "/* rcuctx-expect */" in l]
        funcs = sorted({f for f in (enclosing_function(new_lines, n) for n in (marked or sorted(added))) if f})
        per_cfg = {}
        for cfg, (argv, out_dir) in cfgs_sparse.items():
            rc, ws, text = run_sparse_on(argv, mpath, out_dir, tmp, inc)
            base = info["baseline"][cfg]["intree"]
            base_keys = collections.Counter()
            for b in base:
                f = os.path.realpath(b.group("file"))
                if f == os.path.realpath(orig_path):
                    base_keys[("<tdp_mmu.c>", mapping.get(int(b.group("line"))), b.group("msg"))] += 1
                else:
                    base_keys[(f, int(b.group("line")), b.group("msg"))] += 1
            new, near = [], []
            for w in ws:
                f = os.path.realpath(w.group("file"))
                own = f == os.path.realpath(mpath)
                key = ("<tdp_mmu.c>" if own else f, int(w.group("line")), w.group("msg"))
                if base_keys[key] > 0:
                    base_keys[key] -= 1
                    continue
                new.append(w)
                ln = int(w.group("line"))
                if own and any(abs(ln - a) <= NEAR for a in added):
                    near.append(w)
            in_func = [w for w in new if any("'%s'" % fn in w.group("msg") for fn in funcs)
                       or (os.path.realpath(w.group("file")) == os.path.realpath(mpath)
                           and enclosing_function(new_lines, int(w.group("line"))) in funcs)]
            per_cfg[cfg] = {"rc": rc, "all": ws, "new": new, "near": near, "in_func": in_func,
                            "errors": [w for w in ws if w.group("sev") == "error"]}
        info["rows"].append((name, {"added": sorted(added), "marked": marked, "funcs": funcs,
                                    "sparse": per_cfg}))
    return info


# --------------------------------------------------------------------------
# printing


def short(path, src_dir):
    p = os.path.normpath(path)
    s = os.path.normpath(src_dir) + "/"
    if p.startswith(s):
        return p[len(s):]
    m = re.search(r"/mutate/([^/]+/tdp_mmu\.c)$", p)
    return "mutate/" + m.group(1) if m else p


def fmt_warn(w, src_dir):
    return "%s:%s:%s: %s: %s" % (short(w.group("file"), src_dir), w.group("line"), w.group("col"),
                                 w.group("sev"), w.group("msg"))


def mb(kib):
    return kib / 1024.0


def print_compile(cfg, res, loads, sparse_per, src_dir):
    print("\n### Per object, `%s` configuration (median of %d runs each way)\n"
          % (cfg, len(next(iter(res.values()))["plain"])))
    has_sparse = bool(sparse_per)
    print("| object | plain s | plugin s | ratio | plain cpu s | plugin cpu s | cpu ratio "
          "| plain MiB | plugin MiB | mem ratio | spread plain/plugin | rcuctx diags%s |"
          % (" | sparse s" if has_sparse else ""))
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:%s|" % ("|---:" if has_sparse else ""))
    sp_by_obj = {}
    for s, v in (sparse_per or {}).items():
        sp_by_obj[os.path.normpath(os.path.relpath(os.path.normpath(s), src_dir))[:-2] + ".o"] = v
    tot = collections.defaultdict(float)
    rss_p, rss_q, mem_ratios, time_ratios = [], [], [], []
    problems = []
    for obj, r in res.items():
        pw, qw = med([x[0] for x in r["plain"]]), med([x[0] for x in r["plugin"]])
        pc, qc = med([x[1] for x in r["plain"]]), med([x[1] for x in r["plugin"]])
        pm, qm = med([x[2] for x in r["plain"]]), med([x[2] for x in r["plugin"]])
        tot["pw"] += pw; tot["qw"] += qw; tot["pc"] += pc; tot["qc"] += qc
        tot["pm"] += pm; tot["qm"] += qm
        rss_p.append(pm); rss_q.append(qm)
        mem_ratios.append((qm / pm, obj)); time_ratios.append((qw / pw, obj))
        sp = sp_by_obj.get(obj)
        spc = (" | %.2f" % med([x[0] for x in sp["meas"]]) if sp else " | -") if has_sparse else ""
        print("| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %.3f | %.0f | %.0f | %.3f | %.0f%% / %.0f%% | %d%s |"
              % (obj, pw, qw, qw / pw, pc, qc, qc / pc, mb(pm), mb(qm), qm / pm,
                 spread([x[0] for x in r["plain"]]), spread([x[0] for x in r["plugin"]]),
                 r["diags"], spc))
        problems += ["%s: %s" % (obj, p) for p in r["problems"]]
    sp_tot = sum(med([x[0] for x in v["meas"]]) for v in sp_by_obj.values()) if has_sparse else None
    print("| **total (%d objects)** | **%.1f** | **%.1f** | **%.3f** | **%.1f** | **%.1f** | **%.3f** "
          "| max %.0f | max %.0f | %.3f | | %d%s |"
          % (len(res), tot["pw"], tot["qw"], tot["qw"] / tot["pw"], tot["pc"], tot["qc"],
             tot["qc"] / tot["pc"], mb(max(rss_p)), mb(max(rss_q)), max(rss_q) / max(rss_p),
             sum(r["diags"] for r in res.values()),
             (" | **%.1f**" % sp_tot) if has_sparse else ""))
    dl = [l for r in res.values() for l in r["diag_lines"]]
    if dl:
        print("\nrcuctx diagnostics in the plugin runs (source-tree prefix removed):\n\n```")
        for l in dl:
            print(l.replace(os.path.normpath(src_dir) + "/", ""))
        print("```")
    spreads = [spread([x[0] for x in r[w]]) for r in res.values() for w in ("plain", "plugin")]
    loads = [l for l in loads if l == l]
    summary = {
        "cfg": cfg, "n": len(res), "pw": tot["pw"], "qw": tot["qw"], "pc": tot["pc"], "qc": tot["qc"],
        "max_p": max(rss_p), "max_q": max(rss_q), "sum_p": tot["pm"], "sum_q": tot["qm"],
        "worst_mem": max(mem_ratios), "worst_time": max(time_ratios),
        "median_time_ratio": med([t for t, _ in time_ratios]),
        "median_mem_ratio": med([m for m, _ in mem_ratios]),
        "spread_med": med(spreads), "spread_max": max(spreads),
        "load": (min(loads), med(loads), max(loads)) if loads else None,
        "problems": problems, "sparse_total": sp_tot,
    }
    return summary


def print_totals(sums):
    print("\n### Totals\n")
    print("| config | objects | plain s | plugin s | added time | plain cpu s | plugin cpu s | added cpu "
          "| median per-object time ratio | worst object (time) | peak RSS plain MiB | peak RSS plugin MiB "
          "| added peak | sum of per-object RSS ratio | worst object (memory) | time target <5% | memory target <10% |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|---|")
    for s in sums:
        add_t = 100 * (s["qw"] / s["pw"] - 1)
        add_c = 100 * (s["qc"] / s["pc"] - 1)
        add_m = 100 * (s["max_q"] / s["max_p"] - 1)
        worst_m = 100 * (s["worst_mem"][0] - 1)
        print("| %s | %d | %.1f | %.1f | %+.1f%% | %.1f | %.1f | %+.1f%% | %.3f | %s %+.1f%% | %.0f | %.0f "
              "| %+.1f%% | %.3f | %s %+.1f%% | %s | %s |"
              % (s["cfg"], s["n"], s["pw"], s["qw"], add_t, s["pc"], s["qc"], add_c,
                 s["median_time_ratio"], s["worst_time"][1], 100 * (s["worst_time"][0] - 1),
                 mb(s["max_p"]), mb(s["max_q"]), add_m, s["sum_q"] / s["sum_p"],
                 s["worst_mem"][1], worst_m,
                 ("met" if add_t < 5 else "NOT met") + " (wall %+.1f%%, cpu %+.1f%%)" % (add_t, add_c),
                 ("met" if add_m < 10 and worst_m < 10 else "NOT met")
                 + " (peak %+.1f%%, worst object %+.1f%%)" % (add_m, worst_m)))
    print("\nNoise: per object, (max-min)/median of the %s wall times; median over objects and both ways, "
          "and the worst:" % "run")
    for s in sums:
        ld = s["load"]
        print("- %s: spread median %.1f%%, max %.1f%%; 1-min load average sampled before each compile: "
              "min %.2f, median %.2f, max %.2f" % (s["cfg"], s["spread_med"], s["spread_max"], *ld))
        for p in s["problems"]:
            print("  - PROBLEM: %s" % p)


def print_sparse(cfg, info, src_dir):
    per = info["per"]
    c2w = [x[0] for x in info["c2"]]
    nw = [x[0] for x in info["noop"]]
    c2c = [x[1] for x in info["c2"]]
    nc = [x[1] for x in info["noop"]]
    print("\n### sparse, `%s` configuration\n" % cfg)
    print("Command (in the repository root): `%s` (KCFLAGS = the -fplugin flags of the saved "
          "commands, so that kbuild sees the objects as up to date and runs only sparse)\n" % info["make_cmd"])
    print("| measure | value |")
    print("|---|---:|")
    print("| untimed `make` before (objects recompiled) | %d (exit %d) |" % (info["warm_recompiled"], info["warm_rc"]))
    print("| `make C=2` wall, median of %d (runs) | %.1f s (%s) |" % (len(c2w), med(c2w), ", ".join("%.1f" % x for x in c2w)))
    print("| `make C=2` cpu (user+sys of make and children) | %.1f s |" % med(c2c))
    print("| `make` without C= (nothing to do), wall / cpu | %.1f s / %.1f s |" % (med(nw), med(nc)))
    print("| sparse alone (C=2 minus no-op make), wall / cpu | %.1f s / %.1f s |" % (med(c2w) - med(nw), med(c2c) - med(nc)))
    print("| objects recompiled during the timed runs | %s |" % ", ".join(str(x[3]) for x in info["c2"] + info["noop"]))
    print("| `make C=2` exit status | %s |" % ", ".join(str(x[2]) for x in info["c2"]))
    print("| files checked by sparse (KVM + others) | %d + %d (%s) |" % (
        len(info["cmds"]), len(info["other_checked"]), ", ".join(short(x, src_dir) for x in info["other_checked"])))
    tot_w = sum(len(v["warnings"]) for v in per.values())
    tot_ci = sum(1 for v in per.values() for w in v["warnings"] if "context imbalance" in w.group("msg"))
    print("| warnings+errors printed by `make C=2` (all lines) | %d, of which %d context imbalance |"
          % (info["make_warnings"], info["make_context"]))
    print("| warnings+errors, per-file reruns, summed (kbuild flags, 100 max per file) | %d |" % tot_w)
    print("| ... of which context imbalance | %d |" % tot_ci)
    print("| ... same with -fmax-warnings=unlimited | %d |" % sum(v["unlimited"] for v in per.values()))
    print("| sparse per-file serial sum, wall / cpu | %.1f s / %.1f s |" % (
        sum(med([x[0] for x in v["meas"]]) for v in per.values()),
        sum(med([x[1] for x in v["meas"]]) for v in per.values())))
    print("| sparse peak RSS (max over files) | %.0f MiB |" % mb(max(med([x[2] for x in v["meas"]]) for v in per.values())))

    print("\nPer file (sparse, the command from `make C=2 V=1` run again serially; warnings include those "
          "located in headers; `capped` = sparse stopped at its default 100 warnings):\n")
    print("| file | sparse s | MiB | warnings | context imbalance | other kinds | uncapped |")
    print("|---|---:|---:|---:|---:|---|---:|")
    for s in sorted(per, key=lambda s: short(s, src_dir)):
        v = per[s]
        ws = v["warnings"]
        ci = sum("context imbalance" in w.group("msg") for w in ws)
        kinds = collections.Counter((w.group("sev"), re.sub(r"\(.*\)|'[^']*'", "…", w.group("msg")))
                                    for w in ws if "context imbalance" not in w.group("msg"))
        print("| %s | %.2f | %.0f | %d%s | %d | %s | %d |" % (
            short(s, src_dir), med([x[0] for x in v["meas"]]), mb(med([x[2] for x in v["meas"]])),
            len(ws), " (capped)" if v["capped"] else "", ci,
            "; ".join("%d× %s: %s" % (n, sev, k) for (sev, k), n in kinds.most_common()),
            v["unlimited"]))
    print("\nEvery \"context imbalance\" warning, verbatim (source-tree prefix `%s/` removed; "
          "the file is the one sparse names, the translation unit is in brackets):\n" % src_dir)
    print("```")
    for s in sorted(per, key=lambda s: short(s, src_dir)):
        for w in per[s]["warnings"]:
            if "context imbalance" in w.group("msg"):
                print("%s   [%s]" % (fmt_warn(w, src_dir), short(s, src_dir)))
    print("```")


def print_mutations(info, src_dir, rcuctx_cfgs):
    print("\n### Injected bugs in tdp_mmu.c: rcuctx vs sparse\n")
    print("rcuctx verdicts from build-kernel/mutate/results.txt (written %s; configurations in it: %s). "
          "sparse: kbuild's sparse command for tdp_mmu.c with the mutant substituted; "
          "\"yes\" = a warning not given on the unmodified file, in the mutant within ±%d lines of "
          "a line the mutation added; \"function-level only\" = a new warning that names the mutated "
          "function or lies inside it, but elsewhere (sparse reports context imbalance per function or basic "
          "block, not at the offending statement).\n" % (info["results_mtime"], ", ".join(rcuctx_cfgs) or "none", NEAR))
    for cfg, b in info["baseline"].items():
        ws = b["intree"]
        print("Baseline, unmodified tdp_mmu.c (`%s`, kbuild's command): %d warning(s)%s" % (
            cfg, len(ws), ":" if ws else "."))
        for w in ws:
            print("    %s" % fmt_warn(w, src_dir))
        if b["control"] is not None:
            same = [(w.group("line"), w.group("msg")) for w in b["control"]] == [(w.group("line"), w.group("msg")) for w in ws]
            print("  The same file copied to mutate/control-unmodified/ (as the mutants are checked): "
                  "%d warning(s), %s." % (len(b["control"]), "identical lines and messages" if same else "DIFFERENT"))
        print()
    scfgs = list(info["baseline"])
    print("| mutation | mutated function | marked line | %s | %s | new sparse warnings (anywhere) |" % (
        " | ".join("rcuctx (%s)" % c for c in rcuctx_cfgs),
        " | ".join("sparse (%s)" % c for c in scfgs)))
    print("|---|---|---|%s%s---|" % ("---|" * len(rcuctx_cfgs), "---|" * len(scfgs)))
    tally = collections.Counter()
    for name, row in info["rows"]:
        rv = info["results"].get(name, {"cfg": {}})["cfg"]
        rc_cells = [rv.get(c, "n/a") for c in rcuctx_cfgs]
        if row is not None and name in info["results"] and \
                info["results"][name]["expect"] != row["marked"]:
            # the mutant on disk is not the one results.txt describes
            rc_cells = [x + " (results.txt is for another version of this mutant)" for x in rc_cells]
        if row is None:
            print("| %s | (mutant file missing) | | %s | %s | |" % (
                name, " | ".join(rc_cells), " | ".join("n/a" for _ in scfgs)))
            continue
        cells, newtxt = [], []
        for c in scfgs:
            s = row["sparse"][c]
            if s["near"]:
                cell = "yes"
            elif s["in_func"]:
                cell = "no; function-level only"
            elif s["new"]:
                cell = "no; new warning elsewhere"
            else:
                cell = "no"
            if s["errors"] and not s["near"]:
                cell += " (sparse error)"
            cells.append(cell)
            tally[(c, cell.split(" ")[0].rstrip(";"))] += 1
            if s["in_func"] or s["near"]:
                tally[(c, "infunc")] += 1
            for w in s["new"]:
                t = fmt_warn(w, src_dir).replace("mutate/%s/" % name, "")
                if t not in newtxt:
                    newtxt.append(t)
        for c, v in zip(rcuctx_cfgs, rc_cells):
            tally[("rcuctx-" + c, v.split(" ")[0])] += 1
        print("| %s | %s | %s | %s | %s | %s |" % (
            name, ", ".join(row["funcs"]) or "-", ",".join(map(str, row["marked"])) or "-",
            " | ".join(rc_cells), " | ".join(cells),
            "<br>".join(t.replace("|", "\\|") for t in newtxt) or "(none)"))
    n = len([r for r in info["rows"] if r[1] is not None])
    print()
    for c in rcuctx_cfgs:
        print("- rcuctx (%s): %d of %d flagged at the expected line" % (c, tally[("rcuctx-" + c, "yes")], n))
    for c in scfgs:
        print("- sparse (%s): %d of %d warned at or near the mutated line; %d of %d got a new warning "
              "naming or inside the mutated function (\"function-level only\": sparse's context "
              "imbalance warning points at the function's name or at the lock macro, not at the bug)"
              % (c, tally[(c, "yes")], n, tally[(c, "infunc")], n))


# --------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--configs", default="noprove", help="comma-separated: noprove,prove")
    ap.add_argument("--plugin", default=os.path.join(REPO, "build/checker/rcuctx.so"))
    ap.add_argument("--rules-dir", default=os.path.join(REPO, "rules"))
    ap.add_argument("--kernel-dir", default=os.environ.get("RCUCTX_KERNEL_DIR", os.path.join(REPO, "build-kernel")))
    ap.add_argument("--jobs", type=int, default=2, help="make -j for the sparse build (default 2)")
    ap.add_argument("--only", default="", help="comma-separated substrings of object names")
    ap.add_argument("--skip-compile", action="store_true")
    ap.add_argument("--skip-sparse", action="store_true")
    ap.add_argument("--skip-mutations", action="store_true")
    a = ap.parse_args()

    base_dir = os.path.abspath(a.kernel_dir)
    src_dir = os.path.join(base_dir, "linux-source-6.12")
    configs = [c for c in a.configs.split(",") if c]
    only = [s for s in a.only.split(",") if s]
    for c in configs:
        if not os.path.isdir(os.path.join(base_dir, "out-" + c)):
            sys.exit("no %s: run kernel/build-kvm.sh --%s first" % (os.path.join(base_dir, "out-" + c), c))
    t_start = time.time()
    tmp = tempfile.mkdtemp(prefix="rcuctx-kbench-")
    try:
        plugin_flags, sha = snapshot_plugin(a.plugin, a.rules_dir, os.path.join(tmp, "snap"))
        cc_ver = subprocess.run([CC, "--version"], stdout=subprocess.PIPE, text=True).stdout.splitlines()[0]
        sp_ver = subprocess.run(["sparse", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
        head = subprocess.run(["git", "-C", REPO, "log", "-1", "--format=%h %s"],
                              stdout=subprocess.PIPE, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "checker", "rules"],
                               stdout=subprocess.PIPE, text=True).stdout.splitlines()
        head += " (%d modified files under checker/ rules/ when the plugin was copied)" % len(dirty)
        plugin_mtime = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(a.plugin)))
        hist = {c: os.path.join(base_dir, "out-" + c, "rcuctx-timings-history.txt") for c in configs}
        hist0 = {c: (os.path.getmtime(h) if os.path.exists(h) else 0) for c, h in hist.items()}

        saved = {c: saved_commands(os.path.join(base_dir, "out-" + c)) for c in configs}
        sums, compile_res, sparse_res = [], {}, {}
        for c in configs:
            out_dir = os.path.join(base_dir, "out-" + c)
            if not a.skip_compile:
                objs = filter_only(saved[c], only)
                log("== %s: %d objects x %d runs x 2" % (c, len(objs), a.runs))
                compile_res[c] = bench_compile(c, out_dir, saved[c], objs, plugin_flags, a.runs, tmp)
            if not a.skip_sparse or not a.skip_mutations:
                kcf = next(iter(saved[c].values()))[2] if saved[c] else []
                log("== %s: sparse" % c)
                sparse_res[c] = bench_sparse(c, src_dir, out_dir, kcf, a.jobs,
                                             a.runs if not a.skip_sparse else 1, only, tmp)
        mut = None
        if not a.skip_mutations:
            log("== mutations")
            cfgs_sparse = {}
            for c in configs:
                tdp = next((s for s in sparse_res[c]["cmds"] if s.endswith("/mmu/tdp_mmu.c")), None)
                if tdp:
                    cfgs_sparse[c] = (sparse_res[c]["cmds"][tdp], os.path.join(base_dir, "out-" + c))
            mut = bench_mutations(cfgs_sparse, src_dir, base_dir, tmp)

        # ---- print ----
        print("## rcuctx on Linux 6.12 KVM: compile overhead, memory, sparse\n")
        print("- date: %s; machine: %d CPUs, %s" % (time.strftime("%Y-%m-%d %H:%M %Z"), os.cpu_count(),
                                                   os.uname().release))
        print("- %s; sparse %s; plugin %s (built %s, sha256 %s…, copied with its rules to a temp dir); "
              "repo HEAD %s" % (cc_ver, sp_ver, os.path.relpath(a.plugin, REPO), plugin_mtime, sha[:12], head))
        print("- command: `%s`" % " ".join(["bench/kernel_overhead.py"] + [shlex.quote(x) for x in sys.argv[1:]]))
        print("- wall time of the whole benchmark: %.0f s" % (time.time() - t_start))
        for c in configs:
            if os.path.exists(hist[c]) and os.path.getmtime(hist[c]) != hist0[c]:
                print("- WARNING: kernel/build-kvm.sh ran in out-%s during the benchmark "
                      "(its timings history changed): numbers for that configuration may be disturbed" % c)
        for c in configs:
            if c in compile_res:
                sums.append(print_compile(c, *compile_res[c],
                                          sparse_res.get(c, {}).get("per") if not a.skip_sparse else None,
                                          src_dir))
        if sums:
            print_totals(sums)
        if not a.skip_sparse:
            for c in configs:
                print_sparse(c, sparse_res[c], src_dir)
        if mut:
            rcfgs = sorted({k for v in mut["results"].values() for k in v["cfg"]})
            print_mutations(mut, src_dir, rcfgs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
