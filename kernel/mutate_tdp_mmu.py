#!/usr/bin/env python3
"""Mutation driver for kernel/mutate-tdp-mmu.sh (run that, not this).

Every mutation is a list of exact-text edits applied to a pristine copy of
Linux 6.12's arch/x86/kvm/mmu/tdp_mmu.c.  An edit is scoped to one function
(the search starts at that function's definition) and its anchor must occur
there; a mutation whose anchor is not found is reported as "not applied"
rather than silently skipped.  The line(s) rcuctx should flag carry the
marker comment /* rcuctx-expect */; /* rcuctx-also */ marks a line where a
diagnostic is also acceptable (the callee end of an interprocedural chain).
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutation_edits import apply  # noqa: E402

SRC = os.environ["SRC"]
WORK = os.environ["WORK"]
BASE = os.environ["BASE"]
CONFIGS = os.environ["CONFIGS"].split()
KCF = os.environ["KCF"]
ONLY = [s for s in os.environ.get("ONLY", "").split(",") if s]

EXPECT = "/* rcuctx-expect */"
ALSO = "/* rcuctx-also */"

# (name, description, [(function or None, old, new), ...])
MUTATIONS = [
    ("seed-alloc-derefs-sptep",
     "tdp_mmu_split_huge_pages_root(): tdp_mmu_alloc_sp_for_split() now takes the iter and "
     "rcu_dereference()s iter->sptep (as is_mirror_sptep() does in the TDX series); it is "
     "called after rcu_read_unlock(), and it allocates with GFP_KERNEL_ACCOUNT",
     [(None, "static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(void)\n{",
       "static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(struct tdp_iter *iter)\n{"),
      ("tdp_mmu_alloc_sp_for_split", "\n\treturn sp;\n}",
       "\n\tsp->role.word = sptep_to_sp(rcu_dereference(iter->sptep))->role.word; " + ALSO +
       "\n\n\treturn sp;\n}"),
      ("tdp_mmu_split_huge_pages_root", "sp = tdp_mmu_alloc_sp_for_split();",
       "sp = tdp_mmu_alloc_sp_for_split(&iter); " + EXPECT)]),
    ("seed-read-spte-after-rcu-unlock",
     "tdp_mmu_split_huge_pages_root(): kvm_tdp_mmu_read_spte(iter.sptep) right after "
     "rcu_read_unlock(), before the allocation",
     [("tdp_mmu_split_huge_pages_root", "\t\tif (!sp) {\n\t\t\trcu_read_unlock();\n",
       "\t\tif (!sp) {\n\t\t\trcu_read_unlock();\n"
       "\t\t\titer.old_spte = kvm_tdp_mmu_read_spte(iter.sptep); " + EXPECT + "\n")]),
    ("alloc-before-dropping-rcu-and-mmu-lock",
     "tdp_mmu_split_huge_pages_root(): the GFP_KERNEL_ACCOUNT allocation moved before "
     "rcu_read_unlock() and the mmu_lock drop",
     [("tdp_mmu_split_huge_pages_root", "\t\t\tsp = tdp_mmu_alloc_sp_for_split();\n", ""),
      ("tdp_mmu_split_huge_pages_root", "\t\tif (!sp) {\n\t\t\trcu_read_unlock();\n",
       "\t\tif (!sp) {\n\t\t\tsp = tdp_mmu_alloc_sp_for_split(); " + EXPECT +
       "\n\t\t\trcu_read_unlock();\n")]),
    ("gfp-kernel-alloc-in-fault-path",
     "kvm_tdp_mmu_map(): tdp_mmu_alloc_sp(vcpu) (memory caches) replaced by "
     "tdp_mmu_alloc_sp_for_split() (GFP_KERNEL_ACCOUNT) inside the RCU walk",
     [(None, "int kvm_tdp_mmu_map(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault)\n{",
       "static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(void);\n"
       "int kvm_tdp_mmu_map(struct kvm_vcpu *vcpu, struct kvm_page_fault *fault)\n{"),
      ("kvm_tdp_mmu_map", "\t\tsp = tdp_mmu_alloc_sp(vcpu);\n",
       "\t\tsp = tdp_mmu_alloc_sp_for_split(); " + EXPECT + "\n")]),
    ("kmalloc-gfp-kernel-under-mmu-read-lock",
     "kvm_tdp_mmu_alloc_root(): kmalloc(GFP_KERNEL) right after read_lock(&kvm->mmu_lock)",
     [("kvm_tdp_mmu_alloc_root", "\tread_lock(&kvm->mmu_lock);\n",
       "\tread_lock(&kvm->mmu_lock);\n\tkfree(kmalloc(64, GFP_KERNEL)); " + EXPECT + "\n")]),
    ("alloc-helper-under-mmu-lock-and-spinlock",
     "kvm_tdp_mmu_alloc_root(): root = tdp_mmu_alloc_sp_for_split() (sleeps in the callee) "
     "under mmu_lock (read) + tdp_mmu_pages_lock",
     [(None, "int kvm_tdp_mmu_alloc_root(struct kvm_vcpu *vcpu)\n{",
       "static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(void);\n"
       "int kvm_tdp_mmu_alloc_root(struct kvm_vcpu *vcpu)\n{"),
      ("kvm_tdp_mmu_alloc_root", "\troot = tdp_mmu_alloc_sp(vcpu);\n",
       "\troot = tdp_mmu_alloc_sp_for_split(); " + EXPECT + "\n")]),
    ("mutex-lock-under-pages-spinlock",
     "kvm_tdp_mmu_alloc_root(): mutex_lock(&kvm->slots_lock) under spin_lock(tdp_mmu_pages_lock)",
     [("kvm_tdp_mmu_alloc_root", "\tspin_lock(&kvm->arch.tdp_mmu_pages_lock);\n",
       "\tspin_lock(&kvm->arch.tdp_mmu_pages_lock);\n\tmutex_lock(&kvm->slots_lock); " + EXPECT +
       "\n\tmutex_unlock(&kvm->slots_lock);\n")]),
    ("read-spte-after-rcu-unlock-in-yielding-fn",
     "tdp_mmu_zap_leafs() (may yield via cond_resched_rwlock_write): "
     "kvm_tdp_mmu_read_spte(iter.sptep) after the final rcu_read_unlock()",
     [("tdp_mmu_zap_leafs", "\trcu_read_unlock();\n",
       "\trcu_read_unlock();\n\titer.old_spte = kvm_tdp_mmu_read_spte(iter.sptep); " + EXPECT + "\n")]),
    ("read-spte-after-rcu-unlock-and-sleep",
     "write_protect_gfn(): might_sleep() then kvm_tdp_mmu_read_spte(iter.sptep) after the "
     "final rcu_read_unlock()",
     [("write_protect_gfn", "\trcu_read_unlock();\n",
       "\trcu_read_unlock();\n\tmight_sleep();\n"
       "\titer.old_spte = kvm_tdp_mmu_read_spte(iter.sptep); " + EXPECT + "\n")]),
    ("set-spte-after-write-unlock-split",
     "tdp_mmu_split_huge_pages_root(): tdp_mmu_iter_set_spte() right after "
     "write_unlock(&kvm->mmu_lock) (exclusive branch)",
     [("tdp_mmu_split_huge_pages_root", "\t\t\telse\n\t\t\t\twrite_unlock(&kvm->mmu_lock);\n",
       "\t\t\telse {\n\t\t\t\twrite_unlock(&kvm->mmu_lock);\n"
       "\t\t\t\ttdp_mmu_iter_set_spte(kvm, &iter, SHADOW_NONPRESENT_VALUE); " + EXPECT +
       "\n\t\t\t}\n")]),
    ("set-spte-after-write-unlock-zap-sp",
     "kvm_tdp_mmu_zap_sp(): write_unlock(&kvm->mmu_lock) before tdp_mmu_set_spte() "
     "(which lockdep-asserts the write lock), write_lock() after",
     [("kvm_tdp_mmu_zap_sp", "\ttdp_mmu_set_spte(kvm, kvm_mmu_page_as_id(sp), sp->ptep, old_spte,\n",
       "\twrite_unlock(&kvm->mmu_lock);\n"
       "\ttdp_mmu_set_spte(kvm, kvm_mmu_page_as_id(sp), sp->ptep, old_spte, " + EXPECT + "\n"),
      ("kvm_tdp_mmu_zap_sp", "sp->gfn, sp->role.level + 1);\n",
       "sp->gfn, sp->role.level + 1);\n\twrite_lock(&kvm->mmu_lock);\n")]),
    ("early-return-skips-rcu-unlock-wrprot",
     "write_protect_gfn(): 'break' out of the RCU walk replaced by 'return false'",
     [("write_protect_gfn", "\t\tif (new_spte == iter.old_spte)\n\t\t\tbreak;\n",
       "\t\tif (new_spte == iter.old_spte)\n\t\t\treturn false; " + EXPECT + "\n")]),
    ("early-return-skips-rcu-unlock-map",
     "kvm_tdp_mmu_map(): frozen SPTE 'goto retry' replaced by 'return RET_PF_RETRY'",
     [("kvm_tdp_mmu_map", "\t\tif (is_frozen_spte(iter.old_spte))\n\t\t\tgoto retry;\n",
       "\t\tif (is_frozen_spte(iter.old_spte))\n\t\t\treturn RET_PF_RETRY; " + EXPECT + "\n")]),
    ("early-return-skips-mmu-read-unlock",
     "kvm_tdp_mmu_alloc_root(): an early 'return -ENOMEM' between read_lock(&kvm->mmu_lock) "
     "and read_unlock()",
     [("kvm_tdp_mmu_alloc_root", "\tspin_lock(&kvm->arch.tdp_mmu_pages_lock);\n",
       "\tif (!kvm->arch.tdp_mmu_roots.next)\n\t\treturn -ENOMEM; " + EXPECT + "\n"
       "\tspin_lock(&kvm->arch.tdp_mmu_pages_lock);\n")]),
    ("cond-resched-in-rcu-walk",
     "write_protect_gfn(): cond_resched() at the top of the RCU-protected walk",
     [("write_protect_gfn",
       "\tfor_each_tdp_pte_min_level(iter, root, min_level, gfn, gfn + 1) {\n",
       "\tfor_each_tdp_pte_min_level(iter, root, min_level, gfn, gfn + 1) {\n"
       "\t\tcond_resched(); " + EXPECT + "\n")]),
    ("double-rcu-unlock",
     "write_protect_gfn(): a second rcu_read_unlock() after the walk",
     [("write_protect_gfn", "\trcu_read_unlock();\n",
       "\trcu_read_unlock();\n\trcu_read_unlock(); " + EXPECT + "\n")]),
    # Loops that skip re-taking what they dropped (issue #19): the loop head
    # joins "section held" with "section dropped", and the need still comes
    # right after a sleep on every path.
    ("loop-skip-recheck-spte-before-rcu-relock",
     "tdp_mmu_split_huge_pages_root(): after the allocation, 'continue' if the SPTE changed "
     "meanwhile -- read before rcu_read_lock(), which the 'continue' never re-takes",
     [("tdp_mmu_split_huge_pages_root",
       "\t\t\trcu_read_lock();\n\n\t\t\titer.yielded = true;\n",
       "\t\t\tif (kvm_tdp_mmu_read_spte(iter.sptep) != iter.old_spte) " + EXPECT + "\n"
       "\t\t\t\tcontinue;\n"
       "\t\t\trcu_read_lock();\n\n\t\t\titer.yielded = true;\n")]),
    ("loop-skip-backoff-goto-retry",
     "zap_collapsible_spte_range(): a failed atomic zap backs off (rcu_read_unlock(), "
     "cond_resched_rwlock_read()) and 'goto retry's at once if the SPTE is unchanged, "
     "without rcu_read_lock()",
     [("zap_collapsible_spte_range",
       "\t\tif (tdp_mmu_zap_spte_atomic(kvm, &iter))\n\t\t\tgoto retry;\n",
       "\t\tif (tdp_mmu_zap_spte_atomic(kvm, &iter)) {\n"
       "\t\t\trcu_read_unlock();\n"
       "\t\t\tcond_resched_rwlock_read(&kvm->mmu_lock);\n"
       "\t\t\tif (kvm_tdp_mmu_read_spte(iter.sptep) == iter.old_spte) " + EXPECT + "\n"
       "\t\t\t\tgoto retry;\n"
       "\t\t\trcu_read_lock();\n"
       "\t\t\tgoto retry;\n"
       "\t\t}\n")]),
    # rcuctx-blocking-state against the real set_current_state() macro
    # (debug_normal_state_change(), WRITE_ONCE(current->__state, ...)).
    ("alloc-after-set-current-state",
     "tdp_mmu_split_huge_pages_root(): the GFP_KERNEL_ACCOUNT allocation (through "
     "tdp_mmu_alloc_sp_for_split()) made after set_current_state(TASK_UNINTERRUPTIBLE)",
     [("tdp_mmu_split_huge_pages_root", "\t\t\tsp = tdp_mmu_alloc_sp_for_split();\n",
       "\t\t\tset_current_state(TASK_UNINTERRUPTIBLE);\n"
       "\t\t\tsp = tdp_mmu_alloc_sp_for_split(); " + EXPECT + "\n"
       "\t\t\t__set_current_state(TASK_RUNNING);\n")]),
    # task_is_running(current) read through the real macros: where it is
    # false the task is about to block, so the allocation there is flagged
    # (unrecognised, the state would stay the caller's and nothing would be).
    ("alloc-where-task-not-running",
     "tdp_mmu_split_huge_pages_root(): the allocation made only when "
     "!task_is_running(current)",
     [("tdp_mmu_split_huge_pages_root", "\t\t\tsp = tdp_mmu_alloc_sp_for_split();\n",
       "\t\t\tif (!task_is_running(current))\n"
       "\t\t\t\tsp = tdp_mmu_alloc_sp_for_split(); " + EXPECT + "\n"
       "\t\t\telse\n"
       "\t\t\t\tsp = tdp_mmu_alloc_sp_for_split();\n")]),
]

DIAG = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<sev>warning|error): "
                  r"(?P<msg>.*\[(?P<check>rcuctx-[a-z-]+)\])\s*$")
CRASH = re.compile(r"PLEASE submit a bug report|Stack dump:|clang frontend command failed|"
                   r"Segmentation fault|unable to execute command")


def marked_lines(text, marker):
    return [n for n, l in enumerate(text.split("\n"), 1) if marker in l]


def compile_cmd(config, src_file, obj):
    cmdfile = os.path.join(BASE, "out-" + config, "arch/x86/kvm/mmu/.tdp_mmu.o.cmd")
    with open(cmdfile) as f:
        saved = next(l for l in f if l.startswith("savedcmd_"))
    args = shlex.split(saved.split(":=", 1)[1])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a.startswith("-fplugin") or a.startswith("-Wp,-MMD"):
            continue
        if a == "-o":
            skip = True
            continue
        if a.endswith("arch/x86/kvm/mmu/tdp_mmu.c"):
            continue
        out.append(a)
    # the mutant lives outside arch/x86/kvm/mmu/: let its "..." includes
    # (mmu_internal.h, tdp_iter.h, ...) resolve as they would next to the original
    out += ["-I" + os.path.join(SRC, "arch/x86/kvm/mmu")] + shlex.split(KCF)
    out += ["-c", "-o", obj, src_file]
    return out, os.path.join(BASE, "out-" + config)


def run_one(name, text, config):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    src_file = os.path.join(d, "tdp_mmu.c")
    with open(src_file, "w") as f:
        f.write(text)
    cmd, cwd = compile_cmd(config, src_file, os.path.join(d, "tdp_mmu-%s.o" % config))
    t0 = time.time()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    dt = time.time() - t0
    log = os.path.join(d, "clang-%s.log" % config)
    with open(log, "w") as f:
        f.write("$ cd %s && %s\n" % (cwd, " ".join(shlex.quote(c) for c in cmd)))
        f.write(p.stdout)
        f.write("\n# exit status %d, %.1fs\n" % (p.returncode, dt))
    diags = []
    for l in p.stdout.splitlines():
        m = DIAG.match(l)
        if m:
            diags.append((m.group("file"), int(m.group("line")), m.group("check"), l))
    other_errors = [l for l in p.stdout.splitlines()
                    if ": error: " in l and "[rcuctx-" not in l]
    crash = any(CRASH.search(l) for l in p.stdout.splitlines())
    return dict(rc=p.returncode, diags=diags, errors=other_errors, crash=crash, log=log,
                src=src_file, dt=dt, output=p.stdout)


def block_for(output, diag_line):
    """The diagnostic line and the notes/snippets that follow it."""
    lines = output.splitlines()
    i = lines.index(diag_line)
    out = [lines[i]]
    for l in lines[i + 1:]:
        if ": note: " in l or re.match(r"^\s*\d*\s*\|", l):
            out.append(l)
        else:
            break
    return "\n".join(out)


def main():
    orig_path = os.path.join(SRC, "arch/x86/kvm/mmu/tdp_mmu.c")
    pristine = os.path.join(WORK, "tdp_mmu.c.orig")
    shutil.copyfile(orig_path, pristine)
    with open(pristine) as f:
        orig = f.read()

    rows = []
    todo = [("control-unmodified", "the pristine file, compiled from the scratch folder", [])]
    todo += [m for m in MUTATIONS if not ONLY or m[0] in ONLY]
    details = []
    for name, desc, edits in todo:
        try:
            text = apply(orig, edits)
        except KeyError as e:
            rows.append((name, "-", {c: None for c in CONFIGS}, "not applied: %s" % e))
            continue
        d = os.path.join(WORK, name)
        os.makedirs(d, exist_ok=True)
        diff = subprocess.run(["diff", "-u", "--label", "a/arch/x86/kvm/mmu/tdp_mmu.c",
                               "--label", "b/arch/x86/kvm/mmu/tdp_mmu.c", pristine, "-"],
                              input=text, stdout=subprocess.PIPE, text=True).stdout
        with open(os.path.join(d, "mutation.diff"), "w") as f:
            f.write(diff)
        expect = marked_lines(text, EXPECT)
        also = marked_lines(text, ALSO)
        res = {}
        for c in CONFIGS:
            r = run_one(name, text, c)
            own = [x for x in r["diags"] if os.path.realpath(x[0]) == os.path.realpath(r["src"])]
            hit = [x for x in own if x[1] in expect]
            hit_also = [x for x in own if x[1] in also]
            r["hit"], r["hit_also"], r["own"] = hit, hit_also, own
            res[c] = r
        rows.append((name, ",".join(map(str, expect)) or "-", res, desc))
        details.append((name, desc, expect, also, res, diff))

    # ---- table ----
    print()
    print("| mutation | expected line | " + " | ".join("flagged (%s)" % c for c in CONFIGS) +
          " | diagnostic(s) in the mutated file |")
    print("|---|---|" + "---|" * len(CONFIGS) + "---|")
    status = 0
    # diagnostics the unmodified file already gets (false alarms of the
    # checker on pristine tdp_mmu.c) are not repeated for every mutant
    def msg_of(x):
        return re.split(r": (?:warning|error): ", x[3], maxsplit=1)[-1]
    baseline = {}
    for name, exp, res, desc in rows:
        if name == "control-unmodified":
            for c, r in res.items():
                if r:
                    baseline[c] = {msg_of(x) for x in r["own"]}
    for name, exp, res, desc in rows:
        cells, diag_cfgs = [], {}
        for c in CONFIGS:
            r = res.get(c)
            if r is None:
                cells.append("n/a")
                continue
            if r["crash"]:
                cells.append("CRASH")
                status = 2
            elif r["errors"]:
                cells.append("compile error")
                status = max(status, 1)
            elif name == "control-unmodified":
                cells.append("clean" if not r["own"] else "%d diag(s)" % len(r["own"]))
            elif r["hit"]:
                cells.append("yes")
            elif r["hit_also"]:
                cells.append("only at callee line")
            else:
                cells.append("no")
            hidden = 0
            for x in r["own"]:
                msg = msg_of(x)
                if name != "control-unmodified" and msg in baseline.get(c, ()) and x not in r["hit"]:
                    hidden += 1
                    continue
                diag_cfgs.setdefault((x[1], msg), []).append(c)
            if hidden:
                diag_cfgs.setdefault((0, "%d diag(s) as in the control" % hidden), []).append(c)
        diag_txt = [("line %d: %s (%s)" if ln else "%s (%s)") % ((ln, msg, "+".join(cs)) if ln else (msg, "+".join(cs)))
                    for (ln, msg), cs in diag_cfgs.items()]
        if not any(res.values()):
            diag_txt = [desc]
        print("| %s | %s | %s | %s |" % (name, exp, " | ".join(cells),
                                        "<br>".join(t.replace("|", "\\|") for t in diag_txt) or "(none)"))

    # ---- assertion mode (ctest): every mutation flagged at its line, the
    # control clean, except the misses explained here ----
    if os.environ.get("RCUCTX_MUTATE_ASSERT") == "1":
        known_misses = {
            "double-rcu-unlock": "the second rcu_read_unlock() is legal if the caller holds "
                                 "RCU; relative depths cannot rule that out",
        }
        for name, exp, res, desc in rows:
            for c, r in res.items():
                if r is None:
                    continue
                if name == "control-unmodified":
                    if r["own"]:
                        print("ASSERT: the unmodified tdp_mmu.c has findings (%s)" % c)
                        status = max(status, 1)
                elif not r["hit"]:
                    if name in known_misses:
                        print("known miss: %s (%s): %s" % (name, c, known_misses[name]))
                    else:
                        print("ASSERT: %s not flagged at line %s (%s)" % (name, exp, c))
                        status = max(status, 1)

    # ---- details ----
    rep = os.path.join(WORK, "results.txt")
    with open(rep, "w") as f:
        for name, desc, expect, also, res, diff in details:
            f.write("=" * 78 + "\n%s\n  %s\n  expected line(s): %s%s\n\n%s\n" %
                    (name, desc, expect, ("; also acceptable: %s" % also) if also else "", diff))
            for c, r in res.items():
                f.write("--- %s: exit %d, %.1fs, %d rcuctx diag(s) in the mutant, %d elsewhere%s\n" %
                        (c, r["rc"], r["dt"], len(r["own"]), len(r["diags"]) - len(r["own"]),
                         ", CRASH" if r["crash"] else ""))
                for e in r["errors"]:
                    f.write("  compile error: %s\n" % e)
                for x in r["diags"]:
                    f.write(block_for(r["output"], x[3]) + "\n")
            f.write("\n")
    print("\nper-mutation diffs, clang logs and full diagnostics: %s/<mutation>/, summary %s" % (WORK, rep))
    sys.exit(status)


if __name__ == "__main__":
    main()
