#!/usr/bin/env python3
"""Cost of effects across files (issue #16): the whole-program tool on a
compilation database with phase 2 (default) and without it
(--no-effects-across-files), best of --runs, and what phase 2 did.

    bench/phase2.py [--db DB ...] [--runs N] [--tool build/checker/rcuctx]

Defaults: the 6.12 KVM and mm/ databases the kernel ctests leave in
build-kernel/out-prove/ (run ctest -R 'kernel-kvm-whole|kernel-mm' first).
Prints a table; the bar is phase 1 + phase 2 within 2x of phase 1 alone."""
import argparse, os, re, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(tool, db, extra, jobs):
    t = time.monotonic()
    p = subprocess.run([tool, '-p', db, '-j%d' % jobs, '--quiet', '--link-stats'] + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit('%s failed (exit %d):\n%s' % (tool, p.returncode, p.stderr[-2000:]))
    findings = re.search(r'(\d+) findings? in (\d+) files?', p.stdout)
    eff = re.search(r'effects across files: (\d+) calls composed .*?; (\d+) files? analysed again '
                    r'\((\d+) runs?\) in (\d+) rounds?(.*?), ([\d.]+) s', p.stderr)
    return wall, (int(findings.group(1)) if findings else 0), eff


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    out = os.path.join(ROOT, 'build-kernel', 'out-prove')
    ap.add_argument('--db', action='append', help='compile_commands.json (repeatable)')
    ap.add_argument('--runs', type=int, default=1)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--tool', default=os.path.join(ROOT, 'build', 'checker', 'rcuctx'))
    a = ap.parse_args()
    dbs = a.db or [p for p in (os.path.join(out, 'compile_commands.json'),
                                os.path.join(out, 'mm-db', 'compile_commands.json')) if os.path.exists(p)]
    if not dbs:
        sys.exit('no database: run ctest -R "kernel-kvm-whole|kernel-mm" first, or pass --db')
    print('| database | files | phase 1 only (s) | with phase 2 (s) | ratio | calls composed | '
          'files again (runs) | rounds | findings 1 -> 1+2 |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---|')
    for db in dbs:
        nfiles = len(__import__('json').load(open(db)))
        p1 = min((run(a.tool, db, ['--no-effects-across-files'], a.jobs) for _ in range(a.runs)),
                 key=lambda r: r[0])
        p2 = min((run(a.tool, db, [], a.jobs) for _ in range(a.runs)), key=lambda r: r[0])
        e = p2[2]
        name = os.path.relpath(db, ROOT)
        print('| %s | %d | %.1f | %.1f | %.2fx | %s | %s (%s) | %s%s | %d -> %d |' % (
            name, nfiles, p1[0], p2[0], p2[0] / p1[0], e.group(1) if e else '?',
            e.group(2) if e else '?', e.group(3) if e else '?', e.group(4) if e else '?',
            ' (bound)' if e and 'bound' in e.group(5) else '', p1[1], p2[1]))


if __name__ == '__main__':
    main()
