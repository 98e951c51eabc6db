#!/usr/bin/env python3
"""compare-walks.py CHECK-COMMAND -- FILE...: compiles each FILE with the
plugin twice, walking acyclic functions once (the default) and every
function in two passes (-fplugin-arg-rcuctx-debug-two-pass), with and
without the kernel's debug configuration, and fails on any difference in
what the plugin prints (FunctionAnalysis.cpp: the two walks must agree)."""
import concurrent.futures
import subprocess
import sys

sep = sys.argv.index('--')
check = sys.argv[1:sep]
files = sys.argv[sep + 1:]
configs = [[], ['-DCONFIG_PROVE_RCU', '-DCONFIG_LOCKDEP', '-DCONFIG_DEBUG_ATOMIC_SLEEP']]


def run(path, extra):
    r = subprocess.run(check + extra + [path], capture_output=True, text=True)
    return r.returncode, r.stderr


def compare(path):
    out = []
    found = 0
    for cfg in configs:
        one = run(path, cfg)
        two = run(path, cfg + ['-fplugin-arg-rcuctx-debug-two-pass'])
        if one != two:
            out.append('%s %s: one pass exit %d, two passes exit %d\n--- one pass\n%s--- two passes\n%s'
                       % (path, ' '.join(cfg), one[0], two[0], one[1], two[1]))
        found += one[1].count('warning:')
    return out, found


bad = []
warnings = 0
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for diffs, w in pool.map(compare, files):
        bad += diffs
        warnings += w
for b in bad:
    sys.stdout.write(b + '\n')
print('compared %d files (%d findings), %d differ' % (len(files), warnings, len(bad)))
sys.exit(1 if bad else 0)
