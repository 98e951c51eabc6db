#!/usr/bin/env python3
"""Cross-file mutations of Linux 6.12's KVM MMU (issue #16): bugs whose two
halves are in different files -- a section or lock dropped in one file, the
access that needs it in another -- which only the whole-program tool can see.

    kernel/mutate_crossfile.py [--config prove|noprove] [--only NAME[,NAME]]
                               [--tool PATH] [--assert]

Each mutation edits one or more files of arch/x86/kvm/ (exact-text edits
scoped to a function, as kernel/mutate_tdp_mmu.py's); the mutants are
written to a scratch folder (build-kernel/mutate-crossfile/<name>/), never
into the extracted tree, and a copy of the KVM compilation database (the one
kernel/whole-program-kvm.sh writes) points at them. `rcuctx -p` runs on it
with --cache, so each mutant parses only its own files again. A mutation is
caught when a finding lands on a line marked /* rcuctx-expect */; "chain"
when a finding elsewhere (where the kernel enters the code: a requirement
that reaches an entry point is reported there) has a note on the marked line
in its call chain, the control being clean. Each is
also run with --no-effects-across-files (phase 1: requirements composed by
the link, effects of other files' functions not imported) to show what
phase 2 adds. --assert: exit 1 unless the control is clean and every
mutation is caught (at its line or through a chain)."""
import argparse, json, os, re, shlex, shutil, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutation_edits import apply  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.environ.get("RCUCTX_KERNEL_DIR", os.path.join(ROOT, "build-kernel"))
SRC = os.path.join(BASE, "linux-source-6.12")
EXPECT = "/* rcuctx-expect */"
MMU = "arch/x86/kvm/mmu/mmu.c"
TDP = "arch/x86/kvm/mmu/tdp_mmu.c"

# (name, class, description, {file: [(function or None, old, new), ...]})
MUTATIONS = [
    ("map-after-mmu-unlock", "requirement",
     "kvm_tdp_mmu_page_fault() (mmu.c) drops mmu_lock around kvm_tdp_mmu_map() (tdp_mmu.c), "
     "whose SPTE updates assert it held for read",
     {MMU: [("kvm_tdp_mmu_page_fault", "\tr = kvm_tdp_mmu_map(vcpu, fault);\n",
             "\tread_unlock(&vcpu->kvm->mmu_lock);\n"
             "\tr = kvm_tdp_mmu_map(vcpu, fault); " + EXPECT + "\n"
             "\tread_lock(&vcpu->kvm->mmu_lock);\n")]}),
    ("walk-after-lockless-end", "requirement",
     "get_sptes_lockless() (mmu.c) ends the lockless walk before kvm_tdp_mmu_get_walk() "
     "(tdp_mmu.c) walks the SPTEs under RCU",
     {MMU: [("get_sptes_lockless",
             "\twalk_shadow_page_lockless_begin(vcpu);\n\n\tif (is_tdp_mmu_active(vcpu))\n"
             "\t\tleaf = kvm_tdp_mmu_get_walk(vcpu, addr, sptes, root_level);\n",
             "\tif (is_tdp_mmu_active(vcpu)) {\n"
             "\t\tkvm_tdp_mmu_walk_lockless_begin();\n"
             "\t\tkvm_tdp_mmu_walk_lockless_end();\n"
             "\t\treturn kvm_tdp_mmu_get_walk(vcpu, addr, sptes, root_level); " + EXPECT + "\n"
             "\t}\n"
             "\twalk_shadow_page_lockless_begin(vcpu);\n\n\tif (is_tdp_mmu_active(vcpu))\n"
             "\t\tleaf = kvm_tdp_mmu_get_walk(vcpu, addr, sptes, root_level);\n")]}),
    ("fast-pf-sptep-ends-walk", "effect",
     "kvm_tdp_mmu_fast_pf_get_last_sptep() (tdp_mmu.c) ends the lockless walk itself; "
     "fast_page_fault() (mmu.c) calls it again on its retry path, outside the section",
     {TDP: [("kvm_tdp_mmu_fast_pf_get_last_sptep", "\treturn rcu_dereference(sptep);\n",
             "\tsptep = rcu_dereference(sptep);\n"
             "\tkvm_tdp_mmu_walk_lockless_end();\n"
             "\treturn sptep;\n")],
      MMU: [("fast_page_fault",
             "\t\t\tsptep = kvm_tdp_mmu_fast_pf_get_last_sptep(vcpu, fault->gfn, &spte);\n",
             "\t\t\tsptep = kvm_tdp_mmu_fast_pf_get_last_sptep(vcpu, fault->gfn, &spte); " +
             EXPECT + "\n")]}),
    ("split-drops-mmu-lock-when-shared", "effect",
     "kvm_tdp_mmu_try_split_huge_pages(..., shared) (tdp_mmu.c) drops mmu_lock before "
     "returning when shared; kvm_mmu_slot_try_split_huge_pages() (mmu.c) then "
     "write-protects the slot, which needs it",
     {TDP: [("kvm_tdp_mmu_try_split_huge_pages",
             "\t\t\tbreak;\n\t\t}\n\t}\n}\n",
             "\t\t\tbreak;\n\t\t}\n\t}\n\tif (shared)\n\t\tread_unlock(&kvm->mmu_lock);\n}\n")],
      MMU: [("kvm_mmu_slot_try_split_huge_pages",
             "\tkvm_tdp_mmu_try_split_huge_pages(kvm, memslot, start, end, target_level, true);\n",
             "\tkvm_tdp_mmu_try_split_huge_pages(kvm, memslot, start, end, target_level, true);\n"
             "\tkvm_tdp_mmu_wrprot_slot(kvm, memslot, PG_LEVEL_4K); " + EXPECT + "\n")]}),
    ("fast-pf-sptep-after-walk-end", "stale pointer",
     "fast_page_fault() (mmu.c) reads through the SPTE pointer "
     "kvm_tdp_mmu_fast_pf_get_last_sptep() (tdp_mmu.c) returned after the lockless walk ended",
     {MMU: [("fast_page_fault", "\twalk_shadow_page_lockless_end(vcpu);\n",
             "\twalk_shadow_page_lockless_end(vcpu);\n"
             "\tif (sptep && tdp_mmu_enabled)\n"
             "\t\tspte = READ_ONCE(*sptep); " + EXPECT + "\n")]}),
]


DIAG = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):\d+: (?:warning|error): .*\[(?P<check>rcuctx-[a-z-]+)\]$")
NOTE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):\d+: note: ")


def run_tool(tool, db, cache, extra):
    p = subprocess.run([tool, "-p", db, "-j2", "--quiet", "--cache", cache] + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit("rcuctx failed (exit %d):\n%s" % (p.returncode, p.stderr[-3000:]))
    # (file, line, check, text, [(file, line) of each note])
    diags = []
    for l in p.stdout.splitlines():
        m, n = DIAG.match(l), NOTE.match(l)
        if m:
            diags.append((os.path.realpath(m.group("file")), int(m.group("line")), m.group("check"), l, []))
        elif n and diags:
            diags[-1][4].append((os.path.realpath(n.group("file")), int(n.group("line"))))
    return diags, p.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default="prove", choices=["prove", "noprove"])
    ap.add_argument("--only", default="")
    ap.add_argument("--tool", default=os.path.join(ROOT, "build", "checker", "rcuctx"))
    ap.add_argument("--assert", dest="check", action="store_true")
    a = ap.parse_args()
    os.environ.setdefault("RCUCTX_RULES_DIR", os.path.join(ROOT, "rules"))
    db_path = os.path.join(BASE, "out-" + a.config, "compile_commands.json")
    if not os.path.exists(db_path):
        sys.exit("no %s: run kernel/whole-program-kvm.sh --%s first" % (db_path, a.config))
    db = json.load(open(db_path))
    work = os.path.join(BASE, "mutate-crossfile")
    os.makedirs(work, exist_ok=True)
    only = [s for s in a.only.split(",") if s]
    todo = [("control-unmodified", "-", "the database as built", {})]
    todo += [m for m in MUTATIONS if not only or m[0] in only]
    rows, status = [], 0
    for name, cls, desc, files in todo:
        d = os.path.join(work, name)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        mutant_db, expect, diff = [], set(), ""
        try:
            texts = {}
            for rel, edits in files.items():
                texts[rel] = apply(open(os.path.join(SRC, rel)).read(), edits)
        except KeyError as e:
            rows.append((name, cls, "not applied: %s" % e, "-", "-", ""))
            status = max(status, 1)
            continue
        for rel, text in texts.items():
            path = os.path.join(d, os.path.basename(rel))
            with open(path, "w") as f:
                f.write(text)
            expect |= {(os.path.realpath(path), n) for n, l in enumerate(text.split("\n"), 1) if EXPECT in l}
            diff += subprocess.run(["diff", "-u", "--label", "a/" + rel, "--label", "b/" + rel,
                                    os.path.join(SRC, rel), path], stdout=subprocess.PIPE, text=True).stdout
        with open(os.path.join(d, "mutation.diff"), "w") as f:
            f.write(diff)
        for e in db:
            e = dict(e)
            for rel in texts:
                if os.path.realpath(e["file"]) == os.path.realpath(os.path.join(SRC, rel)):
                    path = os.path.join(d, os.path.basename(rel))
                    # The mutant's "..." includes resolve as next to the original.
                    args = shlex.split(e["command"])
                    args = [path if os.path.realpath(os.path.join(e["directory"], x)) ==
                            os.path.realpath(e["file"]) else x for x in args]
                    args.insert(1, "-I" + os.path.dirname(os.path.join(SRC, rel)))
                    e = {"directory": e["directory"], "file": path, "command": shlex.join(args)}
            mutant_db.append(e)
        mdb = os.path.join(d, "compile_commands.json")
        json.dump(mutant_db, open(mdb, "w"), indent=1)
        cache = os.path.join(work, "cache-" + a.config)
        whole, out = run_tool(a.tool, mdb, cache, [])
        phase1, out1 = run_tool(a.tool, mdb, cache + "-phase1", ["--no-effects-across-files"])
        with open(os.path.join(d, "rcuctx.txt"), "w") as f:
            f.write(out + "\n# --no-effects-across-files:\n" + out1)
        if name == "control-unmodified":
            w = "clean" if not whole else "%d finding(s)" % len(whole)
            p = "clean" if not phase1 else "%d finding(s)" % len(phase1)
            if whole or phase1:
                status = max(status, 1)
            rows.append((name, cls, desc, w, p, ""))
            continue
        def judged(ds):
            if any((d[0], d[1]) in expect for d in ds):
                return "yes"
            return "chain" if any(set(d[4]) & expect for d in ds) else "no"
        w, p = judged(whole), judged(phase1)
        if w == "no":
            status = max(status, 1)
        at = [x for x in whole if (x[0], x[1]) in expect] or [x for x in whole if set(x[4]) & expect]
        got = "<br>".join(sorted({("" if (x[0], x[1]) in expect else "at %s:%d: " % (os.path.basename(x[0]), x[1])) +
                                  re.split(r": warning: ", x[3], 1)[-1].replace("|", "\\|") for x in at}))
        rows.append((name, cls, desc, w, p, got))

    print("| mutation | class | caught (`rcuctx -p`) | caught by phase 1 alone | finding at the marked line (or whose chain passes it) |")
    print("|---|---|---|---|---|")
    for name, cls, desc, w, p, got in rows:
        print("| %s | %s | %s | %s | %s |" % (name, cls, w, p, got or desc))
    n = [r for r in rows if r[0] != "control-unmodified"]
    print("\ncaught: %d/%d at the marked line with effects across files (%d/%d counting a finding at an "
          "entry point whose chain passes it), %d/%d by phase 1 alone (%d/%d) (%s)"
          % (sum(r[3] == "yes" for r in n), len(n), sum(r[3] in ("yes", "chain") for r in n), len(n),
             sum(r[4] == "yes" for r in n), len(n), sum(r[4] in ("yes", "chain") for r in n), len(n), a.config))
    print("diffs and full reports: %s/<mutation>/" % work)
    sys.exit(status if a.check else 0)


if __name__ == "__main__":
    main()
