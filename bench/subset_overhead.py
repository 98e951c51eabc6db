#!/usr/bin/env python3
"""Compile-time overhead of the rcuctx plugin on a kernel build's objects,
object by object, plain and plugin compiles alternating.  Prints tables; no
pass/fail assertion.

  bench/subset_overhead.py [--out-dir build-kernel/out-whole-subset-plugin]
                           [--dirs "kernel/ mm/ fs/ net/core/ drivers/virtio/ arch/x86/kvm/"]
                           [--plugin build/checker/rcuctx.so] [--rules-dir rules]
                           [--jobs 2] [--every 1]

kernel/build-whole.sh times two whole `make` runs one after the other, so
anything else the machine does during one of them (or the page cache, or a
thermal state) moves the ratio by several points: the same plugin measured
+4.3%, +7.9% and +10.1% on the 686-file subset (issue #14).  Here each
object's saved kbuild command (.<name>.o.cmd of an earlier build in
--out-dir, with its -fplugin flags and -Wp,-MMD removed) is run without and
with the plugin back to back, the order alternating from object to object,
and CPU time (user+sys) comes from os.wait4() on that clang alone: a
disturbance weighs on both sides of a pair alike.  --jobs workers compile
different objects at once (as make -j would).  Objects go to a temporary
folder; nothing in the tree changes.  The plugin and rules are snapshotted
and checked on a canary first (kernel_overhead.py's snapshot_plugin()).
"""
import argparse
import collections
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_overhead as ko  # noqa: E402

REPO = ko.REPO


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", default=os.path.join(REPO, "build-kernel/out-whole-subset-plugin"),
                    help="O= folder of an earlier kernel/build-whole.sh build (its .o.cmd files)")
    ap.add_argument("--dirs", default="kernel/ mm/ fs/ net/core/ drivers/virtio/ arch/x86/kvm/")
    ap.add_argument("--plugin", default=os.path.join(REPO, "build/checker/rcuctx.so"))
    ap.add_argument("--rules-dir", default=os.path.join(REPO, "rules"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--every", type=int, default=1, help="measure every Nth object only")
    a = ap.parse_args()

    tops = [d.rstrip("/") for d in a.dirs.split()]
    cmds = ko.saved_commands(a.out_dir, tops)
    if not cmds:
        sys.exit("subset_overhead.py: no saved C compile commands under %s in %s "
                 "(run kernel/build-whole.sh --subset first)" % (a.dirs, a.out_dir))
    objs = sorted(cmds)[::a.every]
    tmp = tempfile.mkdtemp(prefix="rcuctx-subset-")
    flags, sha = ko.snapshot_plugin(a.plugin, a.rules_dir, os.path.join(tmp, "snap"))
    ko.log("== %d objects, %d workers, plugin sha256 %s" % (len(objs), a.jobs, sha[:12]))

    res = {}
    lock = threading.Lock()
    queue = list(enumerate(objs))

    def worker(w):
        while True:
            with lock:
                if not queue:
                    return
                i, obj = queue.pop(0)
            base, src, _ = cmds[obj]
            r = {}
            order = ("plain", "plugin") if i % 2 == 0 else ("plugin", "plain")
            for way in order:
                extra = flags if way == "plugin" else []
                o = os.path.join(tmp, "w%d-%s.o" % (w, way))
                lg = os.path.join(tmp, "w%d-%s.log" % (w, way))
                rc, wall, cpu, rss = ko.run_measured(base + extra + ["-c", "-o", o, src], a.out_dir, lg)
                text = ko.read(lg)
                if rc != 0 or "Stack dump:" in text:
                    r.setdefault("problems", []).append("%s exit %d: %s" % (way, rc, text.strip()[-200:]))
                r[way] = cpu
            with lock:
                res[obj] = r
                if len(res) % 50 == 0:
                    ko.log("  %d/%d done" % (len(res), len(objs)))

    t0 = time.time()
    ts = [threading.Thread(target=worker, args=(w,)) for w in range(a.jobs)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    wall = time.time() - t0

    bad = {o: r["problems"] for o, r in res.items() if "problems" in r}
    by_dir = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for obj, r in res.items():
        if obj in bad:
            continue
        top = next((t for t in tops if obj.startswith(t + "/")), "other")
        d = by_dir[top]
        d[0] += 1
        d[1] += r["plain"]
        d[2] += r["plugin"]
    print("## Plugin overhead, object by object (%s)" % a.out_dir)
    print()
    print("%d objects (every %d), %d workers, %.0f s wall; plugin sha256 %s" %
          (len(res), a.every, a.jobs, wall, sha[:12]))
    print()
    print("| folder | objects | cpu plain | cpu plugin | overhead |")
    print("|---|---:|---:|---:|---:|")
    tot = [0, 0.0, 0.0]
    for top in tops + ["other"]:
        if top not in by_dir:
            continue
        n, p, q = by_dir[top]
        tot = [tot[0] + n, tot[1] + p, tot[2] + q]
        print("| %s/ | %d | %.1f s | %.1f s | %+.1f%% |" % (top, n, p, q, 100 * (q - p) / p))
    n, p, q = tot
    print("| **all** | %d | %.1f s | %.1f s | **%+.1f%%** |" % (n, p, q, 100 * (q - p) / p))
    ratios = sorted((r["plugin"] - r["plain"]) / r["plain"] for o, r in res.items() if o not in bad and r["plain"] > 0)
    if ratios:
        print()
        print("Per object: median %+.1f%%, 90th percentile %+.1f%%, max %+.1f%%." %
              (100 * ratios[len(ratios) // 2], 100 * ratios[int(len(ratios) * 0.9)], 100 * ratios[-1]))
    worst = sorted(((r["plugin"] - r["plain"], o) for o, r in res.items() if o not in bad), reverse=True)[:5]
    print()
    print("Largest added cpu: " + ", ".join("%s +%.2f s" % (o, d) for d, o in worst))
    if bad:
        print()
        print("%d objects failed to compile (left out):" % len(bad))
        for o, ps in sorted(bad.items())[:10]:
            print("- %s: %s" % (o, ps[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
