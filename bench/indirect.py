#!/usr/bin/env python3
"""Cost and reach of resolving indirect calls (issue #15), on 6.12 KVM:

1. the whole-program tool with resolution (default) and without it
   (--no-indirect): wall time (best of --runs), findings, the
   --indirect-stats table, and the requirements reaching entry points;
2. the plugin's CPU time on the largest KVM files (clang-19 -fsyntax-only
   with the file's own flags from the compile database): without the
   plugin, with it and -fplugin-arg-rcuctx-no-indirect, and with it as
   shipped (best of --runs each).

    bench/indirect.py [--db DB] [--runs N] [--files x86.c,mmu/mmu.c,...]

The database is the one kernel/whole-program-kvm.sh --prove leaves in
build-kernel/out-prove/. Prints Markdown tables; the bar is "within 10%"
for both the whole-program run and the plugin's added time."""
import argparse, json, os, re, resource, shlex, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tool_run(tool, db, extra, jobs):
    t = time.monotonic()
    p = subprocess.run([tool, '-p', db, '-j%d' % jobs, '--quiet', '--indirect-stats', '--entry-stats']
                       + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t
    if p.returncode not in (0, 1):
        sys.exit('%s failed (exit %d):\n%s' % (tool, p.returncode, p.stderr[-2000:]))
    m = re.search(r'(\d+) findings? in', p.stdout)
    return wall, (int(m.group(1)) if m else 0), p.stderr


def cpu_of(cmd, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit('failed: %s\n%s' % (' '.join(cmd[:6]), p.stderr[-1500:]))
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def file_command(entry, syntax_only):
    """The file's own command: as the build runs it (output to /dev/null),
    or with -fsyntax-only (the plugin's share of the front end alone)."""
    args = entry.get('arguments') or shlex.split(entry['command'])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ('-o', '-MF', '-MT', '-MQ'):
            skip = True
            continue
        if a in ('-MD', '-MMD') or a.startswith('-Wp,-MMD') or a.startswith('-Wp,-MD'):
            continue
        if a == '-c' and syntax_only:
            continue
        out.append(a)
    out[0] = 'clang-19'
    return out + (['-fsyntax-only'] if syntax_only else ['-o', '/dev/null'])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--db', default=os.path.join(ROOT, 'build-kernel', 'out-prove', 'compile_commands.json'))
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--tool', default=os.path.join(ROOT, 'build', 'checker', 'rcuctx'))
    ap.add_argument('--plugin', default=os.path.join(ROOT, 'build', 'checker', 'rcuctx.so'))
    ap.add_argument('--files', default='x86.c,mmu/mmu.c,mmu/tdp_mmu.c,vmx/vmx.c,svm/svm.c')
    ap.add_argument('--syntax-only', action='store_true',
                    help='time -fsyntax-only instead of the build\'s own -O2 -c command')
    a = ap.parse_args()
    if not os.path.exists(a.db):
        sys.exit('no database %s: run kernel/build-kvm.sh --prove and kernel/whole-program-kvm.sh --prove' % a.db)
    os.environ.setdefault('RCUCTX_RULES_DIR', os.path.join(ROOT, 'rules'))

    print('## Whole program, 6.12 KVM (%s)\n' % os.path.relpath(a.db, ROOT))
    res = {}
    for _ in range(a.runs):  # interleaved, as below
        for name, extra in (('--no-indirect', ['--no-indirect']), ('resolved (default)', [])):
            wall, findings, err = tool_run(a.tool, a.db, extra, a.jobs)
            if name not in res or wall < res[name][0]:
                res[name] = (wall, findings, err)
    base = res['--no-indirect'][0]
    print('| run | wall (best of %d) | vs --no-indirect | findings | requirements reaching entry points '
          '(satisfied / violated / open; through a pointer) |\n|---|---:|---:|---:|---|' % a.runs)
    for name, (wall, findings, err) in res.items():
        m = re.search(r'\| \*\*total\*\* \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|\n', err)
        reach = ('%s (%s / %s / %s; %s through a pointer)' % m.groups()[1:]) if m else '?'
        print('| %s | %.1f s | %+.1f%% | %d | %s |' % (name, wall, 100 * (wall / base - 1), findings, reach))
    print('\n### --indirect-stats\n')
    err = res['resolved (default)'][2]
    lines = err.splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith('| call through')), None)
    table = []
    if start is not None:
        for l in lines[start:]:
            if not l.startswith('|'):
                break
            table.append(l)
    print('\n'.join(table))
    for l in err.splitlines():
        if l.startswith('rcuctx: targets per resolved site'):
            print('\n' + l[len('rcuctx: '):])

    db = json.load(open(a.db))
    print('\n## Plugin CPU time per file (%s, best of %d)\n' % (
        'clang-19 -fsyntax-only' if a.syntax_only else "the build's own clang-19 -O2 -c", a.runs))
    print('| file | clang alone | plugin, no-indirect | plugin | added by the plugin: no-indirect / '
          'default | default vs no-indirect |\n|---|---:|---:|---:|---:|---:|')
    plug = ['-fplugin=' + a.plugin, '-fplugin-arg-rcuctx-rules-dir=' + os.environ['RCUCTX_RULES_DIR']]
    for f in a.files.split(','):
        entry = next((e for e in db if e['file'].endswith('/arch/x86/kvm/' + f)), None)
        if not entry:
            print('| %s | (not in the database) |||||' % f)
            continue
        cmd = file_command(entry, a.syntax_only)
        # Interleaved, so a drift in the machine's load hits the three alike.
        t = {}
        for _ in range(a.runs):
            for name, extra in (('none', []), ('off', plug + ['-fplugin-arg-rcuctx-no-indirect']),
                                ('on', plug)):
                c = cpu_of(cmd + extra, entry['directory'])
                t[name] = min(t.get(name, c), c)
        add_off, add_on = t['off'] - t['none'], t['on'] - t['none']
        print('| %s | %.2f s | %.2f s | %.2f s | +%.0f%% / +%.0f%% | %+.1f%% |' % (
            f, t['none'], t['off'], t['on'], 100 * add_off / t['none'], 100 * add_on / t['none'],
            100 * (t['on'] / t['off'] - 1)))


if __name__ == '__main__':
    main()
