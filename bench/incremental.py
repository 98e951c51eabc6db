#!/usr/bin/env python3
"""Incremental whole-program runs (issue #16): `rcuctx -p DB --cache DIR`
against a clean run, on a real compilation database.

    bench/incremental.py [--db DB] [--edit FILE]... [--tool build/checker/rcuctx]

Rows: a clean run without the cache; the first run with an empty cache
(what filling it costs); a run with nothing changed; then, per --edit file,
a run after appending a comment to it (the file is restored afterwards).
Each run's report is compared with the clean run's (it must be identical).
Default database: 6.12 KVM's, which kernel/whole-program-kvm.sh --prove
writes to build-kernel/out-prove/compile_commands.json; default edits: one
.c file (arch/x86/kvm/mmu/tdp_mmu.c) and one header it and others include
(arch/x86/kvm/mmu/spte.h). The bar: an incremental run after touching one
KVM file at least 5x faster than a clean run."""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(tool, db, extra, jobs):
    t = time.monotonic()
    p = subprocess.run([tool, '-p', db, '-j%d' % jobs] + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit('%s failed (exit %d):\n%s' % (tool, p.returncode, p.stderr[-2000:]))
    return wall, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--db', default=os.path.join(ROOT, 'build-kernel', 'out-prove', 'compile_commands.json'))
    ap.add_argument('--edit', action='append', help='a file to touch (repeatable; relative to the source tree)')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--tool', default=os.path.join(ROOT, 'build', 'checker', 'rcuctx'))
    a = ap.parse_args()
    if not os.path.exists(a.db):
        sys.exit('no database %s: run kernel/whole-program-kvm.sh --prove first, or pass --db' % a.db)
    os.environ.setdefault('RCUCTX_RULES_DIR', os.path.join(ROOT, 'rules'))
    entries = json.load(open(a.db))
    src = os.path.join(ROOT, 'build-kernel', 'linux-source-6.12')
    edits = a.edit or ['arch/x86/kvm/mmu/tdp_mmu.c', 'arch/x86/kvm/mmu/spte.h']
    edits = [e if os.path.isabs(e) else os.path.join(src, e) for e in edits]
    cache = tempfile.mkdtemp(prefix='rcuctx-cache-')
    stats = r'cache: (\d+) of (\d+) files reused; analysed (\d+) changed, (\d+) new.*?effects across files: (\d+) reused, (\d+) analysed'
    rows = []
    try:
        clean, report, _ = run(a.tool, a.db, ['--quiet'], a.jobs)
        rows.append(('clean run, no cache', clean,
                     sum(1 for e in entries if not e['file'].endswith(('.S', '.s'))), '-', 'reference'))

        def cached(label, before=None):
            w, out, err = run(a.tool, a.db, ['--cache', cache], a.jobs)
            m = re.search(stats, err)
            parsed = int(m.group(3)) + int(m.group(4)) if m else '?'
            phase2 = m.group(6) if m else '?'
            same = 'identical' if out == (before if before is not None else report) else 'DIFFERENT'
            rows.append((label, w, parsed, phase2, same))
            return out

        cached('first run, empty cache')
        cached('nothing changed')
        for path in edits:
            saved = open(path, 'rb').read()
            try:
                with open(path, 'ab') as f:
                    f.write(b'\n/* rcuctx bench/incremental.py */\n')
                # The reference for an edited tree: a clean run over it.
                _, ref, _ = run(a.tool, a.db, ['--quiet'], a.jobs)
                cached('after editing %s' % os.path.relpath(path, src), ref)
            finally:
                with open(path, 'wb') as f:
                    f.write(saved)
            cached('after restoring it')
    finally:
        shutil.rmtree(cache, ignore_errors=True)

    print('| run (%s, -j%d) | wall s | speed-up vs clean | files parsed (phase 1) | files analysed again with imported effects | report vs clean |'
          % (os.path.relpath(a.db, ROOT) if a.db.startswith(ROOT) else a.db, a.jobs))
    print('|---|---:|---:|---:|---:|---|')
    for label, w, parsed, p2, same in rows:
        print('| %s | %.1f | %.1fx | %s | %s | %s |' % (label, w, clean / w, parsed, p2, same))
    bad = [r for r in rows if r[4] == 'DIFFERENT']
    if bad:
        sys.exit('reports differ from a clean run: %s' % ', '.join(r[0] for r in bad))


if __name__ == '__main__':
    main()
