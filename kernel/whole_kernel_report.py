#!/usr/bin/env python3
"""Parse the logs of kernel/build-whole.sh into the whole-kernel report.

Reads RESULTS/build-{plugin,noplugin}.log, time-*.txt (/usr/bin/time -v) and
meta-*.txt; writes RESULTS/findings.txt (every rcuctx diagnostic with its
notes), RESULTS/report.md and RESULTS/report.json, and prints the tables.

Exit status: 2 if the plugin build shows a compiler crash or an
[rcuctx-internal] diagnostic, 3 if the plugin build log is missing, else 0.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter, OrderedDict

DIAG = re.compile(r'^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): '
                  r'(?P<sev>warning|error): (?P<msg>.*) \[rcuctx-(?P<check>[a-z-]+)\]$')
NOTE = re.compile(r'^[^\s:][^:]*:\d+:\d+: note: ')
CC = re.compile(r'^  CC( \[M\])?\s+([^/\s]\S*)$')  # not tools/objtool (host, absolute path)
MAKE_ERR = re.compile(r'^make\[\d+\]: \*\*\* \[[^\]]*?: (?P<tgt>[^\]:]+)\] Error \d+')
CRASH = re.compile(r'PLEASE submit a bug report|Stack dump:|clang frontend command failed'
                   r'|crash backtrace|Segmentation fault|error: unable to execute command'
                   r'|Preprocessed source\(s\) and associated run script')
PLUGIN_ERR = re.compile(r'error: rcuctx:|unknown plugin argument|unable to load plugin'
                        r'|plugin .* failed')
COMPILE_ERR = re.compile(r'^[^\s:][^:]*:\d+:\d+: (fatal )?error: ')
CMD_C = re.compile(r' -c -o \S+\.o \S+\.c\b')


def norm(path):
    """Source path relative to the kernel tree."""
    i = path.find('linux-source-6.12/')
    if i >= 0:
        return path[i + len('linux-source-6.12/'):]
    while path.startswith('../'):
        path = path[3:]
    return os.path.normpath(path)


def parse_time(path):
    t = {}
    if not os.path.exists(path):
        return t
    for line in open(path, errors='replace'):
        line = line.strip()
        k, _, v = line.rpartition(': ')
        if k.startswith('Elapsed (wall clock)'):
            parts = [float(x) for x in v.split(':')]
            secs = 0.0
            for p in parts:
                secs = secs * 60 + p
            t['wall_s'] = secs
        elif k == 'User time (seconds)':
            t['user_s'] = float(v)
        elif k == 'System time (seconds)':
            t['sys_s'] = float(v)
        elif k == 'Maximum resident set size (kbytes)':
            t['max_rss_kb'] = int(v)
        elif k == 'Percent of CPU this job got':
            t['cpu_pct'] = v
        elif k == 'Exit status':
            t['exit'] = int(v)
    if 'user_s' in t:
        t['cpu_s'] = t['user_s'] + t.get('sys_s', 0.0)
    return t


def parse_meta(path):
    m = OrderedDict()
    if os.path.exists(path):
        for line in open(path, errors='replace'):
            k, _, v = line.rstrip('\n').partition(': ')
            m[k] = v
    return m


def coverage(meta):
    """Kernel (not host) C compiles kbuild recorded in this run, and how many
    had -fplugin (prepare included)."""
    out, start = meta.get('out'), meta.get('started epoch')
    if not out or not start or not os.path.isdir(out):
        return None
    start = int(start)
    n_c = n_plug = 0
    for root, _, files in os.walk(out):
        for f in files:
            if not (f.startswith('.') and f.endswith('.o.cmd')):
                continue
            p = os.path.join(root, f)
            try:
                if os.stat(p).st_mtime < start:
                    continue
                with open(p, errors='replace') as fh:
                    first = fh.readline()
            except OSError:
                continue
            if CMD_C.search(first) and '-nostdinc' in first:  # target, not host, C
                n_c += 1
                if '-fplugin=' in first:
                    n_plug += 1
    return {'c_compiles': n_c, 'with_plugin': n_plug}


def parse_log(path):
    r = {'cc': [], 'failed': [], 'crash': [], 'plugin_err': [], 'compile_err': [],
         'diags': [], 'blocks': []}
    if not os.path.exists(path):
        return None
    block = None
    timed = True
    r['cc_timed'] = []
    for raw in open(path, errors='replace'):
        line = raw.rstrip('\n')
        if line == '# ---- make prepare (untimed)':
            timed = False
        elif line == '# ---- timed build':
            timed = True
        m = CC.match(line)
        if m:
            r['cc'].append(m.group(2))
            if timed:
                r['cc_timed'].append(m.group(2))
        m = MAKE_ERR.match(line)
        if m:
            r['failed'].append(m.group('tgt'))
        if CRASH.search(line):
            r['crash'].append(line)
        if PLUGIN_ERR.search(line):
            r['plugin_err'].append(line)
        m = DIAG.match(line)
        if m:
            d = m.groupdict()
            d['file'] = norm(d['file'])
            r['diags'].append(d)
            block = [line]
            r['blocks'].append((d, block))
            continue
        if COMPILE_ERR.match(line):
            r['compile_err'].append(line)
        if block is not None and (NOTE.match(line) or re.match(r'^ *\d* *\|', line)
                                  or line.startswith('In file included from')
                                  or re.match(r'^ +from ', line)):
            block.append(line)
            continue
        block = None
    return r


def pct(a, b):
    return 100.0 * (a - b) / b if b else float('nan')


def fmt_s(s):
    return '%.0f s (%d:%02d)' % (s, int(s) // 60, int(s) % 60) if s is not None else '-'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--results', required=True)
    ap.add_argument('--subset', default='')
    ap.add_argument('--top', type=int, default=20)
    a = ap.parse_args()
    R = a.results

    logs = {v: parse_log(os.path.join(R, 'build-%s.log' % v)) for v in ('plugin', 'noplugin')}
    times = {v: parse_time(os.path.join(R, 'time-%s.txt' % v)) for v in ('plugin', 'noplugin')}
    metas = {v: parse_meta(os.path.join(R, 'meta-%s.txt' % v)) for v in ('plugin', 'noplugin')}
    cov = {v: coverage(metas[v]) for v in ('plugin', 'noplugin')}
    P = logs['plugin']
    # Files kbuild compiles without KCFLAGS, run again with the plugin by
    # build-whole.sh (-fsyntax-only): their crashes and findings count too.
    LO = parse_log(os.path.join(R, 'leftover-plugin.log'))
    lo_failed = []
    if LO is not None:
        lo_failed = [l.split(': ', 1)[1] for l in
                     open(os.path.join(R, 'leftover-plugin.log'), errors='replace')
                     if l.startswith('# leftover compile failed: ')]
    if P is not None and LO is not None:
        for k in ('crash', 'plugin_err', 'diags', 'blocks'):
            P[k] = P[k] + LO[k]
    if P is None:
        print('whole_kernel_report: no plugin build log in %s' % R, file=sys.stderr)
        return 3

    # Unique findings: a header's finding repeats in every file that includes it.
    uniq = OrderedDict()
    for d, block in P['blocks']:
        key = (d['file'], d['line'], d['col'], d['check'], d['msg'])
        if key not in uniq:
            uniq[key] = {'d': d, 'block': block, 'times': 0}
        uniq[key]['times'] += 1
    per_check = Counter(k[3] for k in uniq)
    per_check_raw = Counter(d['check'] for d in P['diags'])
    per_file = OrderedDict()
    for key, u in uniq.items():
        per_file.setdefault(key[0], []).append(u)
    internal = [u for k, u in uniq.items() if k[3] == 'internal']

    with open(os.path.join(R, 'findings.txt'), 'w') as fh:
        for key, u in uniq.items():
            fh.write('----\n' + '\n'.join(u['block']) + '\n')

    def stats(v):
        L, T = logs[v], times[v]
        if L is None:
            return None
        cc = set(L['cc'])
        failed = sorted(set(L['failed']))
        return {
            'c_files_compiled': len(cc),
            'cc_lines': len(L['cc']),
            'c_files_timed': len(set(L['cc_timed'])),
            'failed_objects': [f for f in failed if f.endswith('.o')],
            'failed_other_targets': [f for f in failed if not f.endswith('.o')],
            'compile_errors': L['compile_err'][:30],
            'crash_lines': sorted(set(L['crash'])),
            'plugin_errors': sorted(set(L['plugin_err'])),
            'time': T, 'meta': dict(metas[v]), 'coverage': cov[v],
        }
    S = {v: stats(v) for v in ('plugin', 'noplugin')}
    crashes = len(S['plugin']['crash_lines']) + len(internal)

    over = {}
    tp, tn = times['plugin'], times['noplugin']
    if tp.get('wall_s') and tn.get('wall_s'):
        over = {'wall_pct': pct(tp['wall_s'], tn['wall_s']),
                'cpu_pct': pct(tp['cpu_s'], tn['cpu_s']),
                'rss_pct': pct(tp['max_rss_kb'], tn['max_rss_kb'])}

    top = sorted(per_file.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    rep = {
        'scope': ('subset: ' + a.subset) if a.subset else 'whole defconfig kernel (make all)',
        'plugin': S['plugin'], 'noplugin': S['noplugin'], 'overhead': over,
        'crashes': crashes, 'rcuctx_internal': len(internal),
        'leftover_files': len(LO['cc']) if LO else None, 'leftover_failed': lo_failed,
        'findings_unique': len(uniq), 'findings_raw': len(P['diags']),
        'per_check_unique': dict(per_check.most_common()),
        'per_check_raw': dict(per_check_raw.most_common()),
        'files_with_findings': [
            {'file': f, 'count': len(us), 'first': us[0]['block'][0],
             'checks': dict(Counter(u['d']['check'] for u in us))} for f, us in top],
    }
    json.dump(rep, open(os.path.join(R, 'report.json'), 'w'), indent=1)

    # ---- markdown ------------------------------------------------------------------
    md = []
    w = md.append
    w('# rcuctx whole-kernel run\n')
    w('Scope: **%s**\n' % rep['scope'])
    for v in ('plugin', 'noplugin'):
        m = metas[v]
        if m:
            w('- %s: started %s, finished %s, load average before %s / after %s; KCFLAGS `%s`'
              % (v, m.get('started', '?'), m.get('finished', '?'), m.get('loadavg before', '?'),
                 m.get('loadavg after', '?'), m.get('KCFLAGS', '') or '(none)'))
    w('')
    w('| | with plugin | without plugin | overhead |')
    w('|---|---|---|---|')

    def row(name, f, key=None):
        vals = [f(S[v]) if S[v] else '-' for v in ('plugin', 'noplugin')]
        w('| %s | %s | %s | %s |' % (name, vals[0], vals[1],
                                     ('%+.1f%%' % over[key]) if key and key in over else ''))
    row('C files compiled (`CC` lines), all / in the timed step',
        lambda s: '%d / %d' % (s['c_files_compiled'], s['c_files_timed']))
    row('C compiles recorded by kbuild / with `-fplugin`',
        lambda s: ('%d / %d' % (s['coverage']['c_compiles'], s['coverage']['with_plugin']))
        if s['coverage'] else '-')
    if LO is not None:
        w('| C files kbuild builds without KCFLAGS, analysed again with the plugin (-fsyntax-only) '
          '| %d (%d failed) | | |' % (len(LO['cc']), len(lo_failed)))
    row('failed objects', lambda s: str(len(s['failed_objects'])))
    row('make exit status', lambda s: s['meta'].get('make exit status', '?'))
    row('compiler crashes', lambda s: str(len(s['crash_lines'])))
    row('wall time', lambda s: fmt_s(s['time'].get('wall_s')), 'wall_pct')
    row('cpu time (user+sys)', lambda s: fmt_s(s['time'].get('cpu_s')), 'cpu_pct')
    row('peak RSS (largest process)', lambda s: '%.0f MB' % (s['time'].get('max_rss_kb', 0) / 1024),
        'rss_pct')
    w('')
    w('Crashes (compiler crash lines + `[rcuctx-internal]`): **%d**\n' % crashes)
    w('Findings: **%d unique** (%d diagnostics printed; a finding in a header repeats per '
      'including file)\n' % (len(uniq), len(P['diags'])))
    w('| check | unique | printed |')
    w('|---|---|---|')
    for c, n in per_check.most_common():
        w('| rcuctx-%s | %d | %d |' % (c, n, per_check_raw[c]))
    w('')
    w('## Top %d files by findings\n' % a.top)
    w('| # | file | findings | checks | first finding |')
    w('|---|---|---|---|---|')
    for i, (f, us) in enumerate(top[:a.top], 1):
        d = us[0]['d']
        checks = ', '.join('%s %d' % kv for kv in Counter(u['d']['check'] for u in us).most_common())
        w('| %d | `%s` | %d | %s | %s:%s: %s |' % (i, f, len(us), checks, d['line'], d['col'],
                                                 d['msg'].replace('|', '\\|')))
    if len(top) > a.top:
        w('\n%d more files with findings: see report.json / findings.txt.' % (len(top) - a.top))
    w('\n## First finding of each top file, with its notes\n')
    for i, (f, us) in enumerate(top[:a.top], 1):
        w('%d. `%s`\n' % (i, f))
        w('```')
        b = us[0]['block']
        w(re.sub(r'\S*linux-source-6\.12/', '',
                 '\n'.join(l for l in b if not re.match(r'^ *\d* *\|', l)))[:3000])
        w('```')
    for v in ('plugin', 'noplugin'):
        s = S[v]
        if s and (s['failed_objects'] or s['failed_other_targets']):
            w('\n## Failed targets (%s)\n' % v)
            for f in s['failed_objects'] + s['failed_other_targets']:
                w('- `%s`' % f)
            if s['compile_errors']:
                w('\nFirst compile errors:\n```')
                w('\n'.join(s['compile_errors'][:15]))
                w('```')
        if s and (s['crash_lines'] or s['plugin_errors']):
            w('\n## Crash / plugin error lines (%s)\n```' % v)
            w('\n'.join(s['crash_lines'] + s['plugin_errors']))
            w('```')
    if internal:
        w('\n## [rcuctx-internal]\n```')
        w('\n'.join(u['block'][0] for u in internal))
        w('```')
    text = '\n'.join(md) + '\n'
    open(os.path.join(R, 'report.md'), 'w').write(text)

    # ---- terminal ------------------------------------------------------------------
    print()
    print('== rcuctx whole-kernel report (%s)' % rep['scope'])
    for line in md:
        if line.startswith('## First finding'):
            break
        print(line)
    print('(full: %s, %s, %s)' % tuple(os.path.join(R, x) for x in
                                      ('report.md', 'report.json', 'findings.txt')))
    if crashes:
        print('FAIL: %d crash(es) / internal error(s)' % crashes)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
