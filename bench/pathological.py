#!/usr/bin/env python3
"""Runs the plugin on pathological inputs (issue #6): sizes and shapes the
kernel rarely has but a compiler plugin must survive without crashing,
hanging, eating the machine, or inventing findings.

Usage: bench/pathological.py [--plugin build/checker/rcuctx.so] [--quick]
                             [--only NAME] [--keep DIR] [--sanitized]

Inputs (generated, and the hand-written ones in test/pathological/):
  big-function      one function with ~50k basic blocks (5k with --quick)
  call-chain        a call chain 10k deep whose leaf needs RCU (1k)
  recursive-cycle   1k functions in one strongly connected component (200)
  macro-heavy       nested, token-pasting and X-macros, one huge expansion
  long-condition    rcu_dereference_protected() with thousands of || terms
  deep-nesting      hundreds of nested blocks, each taking and dropping a lock
  computed-goto     an interpreter loop dispatching with goto *tbl[op]
  setjmp-longjmp    RCU and locks around setjmp()/longjmp()
  variadic-knr      variadic functions, K&R definitions, unprototyped calls
  rule-arity-mismatch  rule-named calls and macros with fewer arguments than
                    the rules' indexes (unprototyped, redefined macros)
  cplusplus         lambdas, RAII lock guards, templates (clang++-19)
Clean inputs must give no finding; a "seeded" input has exactly one planted
bug, which proves the analysis still ran at that size rather than gave up.

Each row: seconds with the plugin (and without, for scale), peak RSS of the
compiler, the result, and the bound. Exits non-zero if any input crashes
(signal, compiler crash report, sanitizer report, or an rcuctx-internal
warning: the analysis caught its own crash), exceeds its time or memory
bound, or gives a finding count other than expected.

--scaling prints a second table instead (issue #13): one function of each
shape below at about 1k, 2k, ... 64k CFG blocks (--quick: 1k..8k), the
plugin's and plain clang's -fsyntax-only CPU time and peak memory, and per
shape the growth exponent k of the plugin's time (time ~ blocks^k, a
least-squares fit over the sizes) and the ratio to plain clang at the
largest size. Blocks per unit of each shape are measured once with clang's
debug.DumpCFG, not assumed. It exits non-zero if a shape's exponent exceeds
1.2, the largest size takes 5 s or 1 GB or more, or any size crashes or
reports a finding on the clean shapes.

  branches-plain     N sequential if/else on an opaque call, nothing tracked
  branches-rcu       the same inside one rcu_read_lock() section, each
                     taken branch calling rcu_dereference()
  branches-requires  the same without the section: every accessor is a
                     requirement on the caller, judged together
  switch-locks       one switch with N cases, each taking and dropping a spinlock
  nested-loops       loops nested two deep, a section per inner iteration
  goto-errors        a lock, N `if (err) goto out_i;` and the unwinding labels

--sanitized runs clang with the ASan runtime preloaded, for a plugin built by
scripts/build-sanitized.sh (bounds are then multiplied by 5).
"""
import argparse, os, re, resource, signal, subprocess, sys, tempfile, threading, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INC = os.path.join(REPO, 'corpus', 'include')
HANDWRITTEN = os.path.join(REPO, 'test', 'pathological')
CLANG = os.environ.get('RCUCTX_CLANG', 'clang-19')
CLANGXX = os.environ.get('RCUCTX_CLANGXX', 'clang++-19')

HEADER = ('#include <linux/kvm_host.h>\n#include <linux/slab.h>\n#include <linux/sched.h>\n'
          'struct foo { int x; spinlock_t lock; };\nstruct foo __rcu *gp;\n')

# ---------------------------------------------------------------- generators

def gen_big_function(blocks, seeded=False):
    """One function, ~`blocks` basic blocks: branches taking and dropping a
    spinning lock. Each iteration is 3 blocks (then, else, join)."""
    body = []
    for i in range(blocks // 3):
        body.append(f'\tif (v & {1 << (i % 30)}) {{ spin_lock(&kvm->tdp_mmu_pages_lock); v += {i}; '
                    f'spin_unlock(&kvm->tdp_mmu_pages_lock); }} else v -= {i};\n')
    if seeded:  # the last block sleeps under the lock
        body.append('\tspin_lock(&kvm->tdp_mmu_pages_lock);\n\tmsleep(1);\n'
                    '\tspin_unlock(&kvm->tdp_mmu_pages_lock);\n')
    return HEADER + 'int big(struct kvm *kvm, int v)\n{\n' + ''.join(body) + '\treturn v;\n}\n'

def gen_call_chain(n, seeded=False):
    """c0 needs RCU; c1..c{n-1} each call the one below; top() holds RCU
    around the chain (clean) or not (seeded: one finding at the top)."""
    out = [HEADER, 'static int c0(void) { return rcu_dereference(gp)->x; }\n']
    for i in range(1, n):
        out.append(f'static int c{i}(void) {{ return c{i-1}() + 1; }}\n')
    if seeded:  # the section ended before the call
        out.append(f'int top(void) {{ int v; rcu_read_lock(); v = c{n-1}(); rcu_read_unlock(); msleep(1); return v + c{n-1}(); }}\n')
    else:
        out.append(f'int top(void) {{ int v; rcu_read_lock(); v = c{n-1}(); rcu_read_unlock(); return v; }}\n')
    return ''.join(out)

def gen_recursive_cycle(n, seeded=False):
    """n functions in one SCC, one of them needing RCU; each also calls a
    sleeping helper outside the cycle's RCU needs."""
    out = [HEADER]
    for i in range(n):
        out.append(f'static int r{i}(int k);\n')
    for i in range(n):
        nxt, skip = (i + 1) % n, (i * 7 + 3) % n
        leaf = 'rcu_dereference(gp)->x' if i == n // 2 else f'{i}'
        out.append(f'static int r{i}(int k) {{ if (k <= 0) return {leaf}; '
                   f'if (k & 1) return r{skip}(k - 2); return r{nxt}(k - 1) + {i}; }}\n')
    if seeded:  # the section ended before the call
        out.append('int top(void) { int v; rcu_read_lock(); v = r0(100); rcu_read_unlock(); msleep(1); return v + r0(100); }\n')
    else:
        out.append('int top(void) { int v; rcu_read_lock(); v = r0(100); rcu_read_unlock(); return v; }\n')
    return ''.join(out)

def gen_macro_heavy(n, seeded=False):
    """Locking hidden under many macro layers, token pasting, X-macros that
    generate n functions, and one statement-expression macro expanded n times
    in a single function (a single huge macro expansion region)."""
    out = [HEADER, r'''
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define L0(l) spin_lock(l)
#define U0(l) spin_unlock(l)
#define L1(l) L0(l)
#define U1(l) U0(l)
#define L2(l) do { L1(l); } while (0)
#define U2(l) do { U1(l); } while (0)
#define L3(l) CAT(L, 2)(l)
#define U3(l) CAT(U, 2)(l)
#define WITH_LOCK(l, stmt) do { L3(l); stmt; U3(l); } while (0)
#define WITH_RCU(expr) ({ int __v; CAT(rcu_read_, lock)(); __v = (expr); CAT(rcu_read_, unlock)(); __v; })
#define READ_X() (rcu_dereference(gp)->x)
#define STEP(f, i) WITH_LOCK(&(f)->lock, (f)->x += WITH_RCU(READ_X()) + (i))
#define REP2(m, f, i) m(f, i); m(f, i + 1)
#define REP4(m, f, i) REP2(m, f, i); REP2(m, f, i + 2)
#define REP16(m, f, i) REP4(m, f, i); REP4(m, f, i + 4); REP4(m, f, i + 8); REP4(m, f, i + 12)
#define REP64(m, f, i) REP16(m, f, i); REP16(m, f, i + 16); REP16(m, f, i + 32); REP16(m, f, i + 48)
''']
    names = [f'fn{i}' for i in range(n)]
    out.append('#define FUNCS(X) \\\n' + ''.join(f'\tX({nm}, {i}) \\\n' for i, nm in enumerate(names)) + '\n')
    out.append('#define DEFINE(name, i) static int name(struct foo *f) { STEP(f, i); return f->x; }\n')
    out.append('FUNCS(DEFINE)\n')
    out.append('int all(struct foo *f)\n{\n\tint s = 0;\n')
    out.append('#define CALL(name, i) s += name(f);\n\tFUNCS(CALL)\n')
    for k in range(max(1, n // 64)):
        out.append(f'\tREP64(STEP, f, {k * 64});\n')
    if seeded:  # sleeps under the lock, through two macro layers
        out.append('\tWITH_LOCK(&f->lock, msleep(1));\n')
    out.append('\treturn s;\n}\n')
    return ''.join(out)

def gen_long_condition(n, seeded=False):
    """A lockdep condition of n || terms over two locks. Clean: one of them is
    held. Seeded: both were dropped before the access."""
    terms = ' || '.join(f'lockdep_is_held(&f->{("a", "b")[i % 2]})' for i in range(n))
    body = (HEADER + 'struct bar { int y; };\nstruct holder { spinlock_t a, b; struct bar __rcu *p; };\n'
            'int get(struct holder *f)\n{\n\tint v;\n')
    if seeded:
        body += '\tspin_lock(&f->a);\n\tspin_lock(&f->b);\n\tspin_unlock(&f->b);\n\tspin_unlock(&f->a);\n'
    else:
        body += '\tspin_lock(&f->b);\n'
    body += f'\tv = rcu_dereference_protected(f->p, {terms})->y;\n'
    if not seeded:
        body += '\tspin_unlock(&f->b);\n'
    return body + '\treturn v;\n}\n'

def gen_deep_nesting(n, seeded=False):
    """n nested blocks; each level takes and drops a spinning lock around its child."""
    out = [HEADER, 'static rwlock_t g_rw;\nint nest(int v)\n{\n']
    for i in range(n):
        out.append(f'{"":>{i % 64}}if (v > {i}) {{ read_lock(&g_rw); v--;\n')
    if seeded:
        out.append('msleep(1);\n')
    for i in reversed(range(n)):
        out.append(f'{"":>{i % 64}}read_unlock(&g_rw); }}\n')
    out.append('return v;\n}\n')
    return ''.join(out)

def handwritten(name):
    def gen(_n, seeded=False):
        with open(os.path.join(HANDWRITTEN, name)) as f:
            return f.read()
    return gen

# ------------------------------------------------------------------- running

class Case:
    def __init__(self, name, gen, size, quick_size, bound_s, expect, lang='c', bound_mb=4096,
                 seeded=False, file_name=None):
        self.name, self.gen, self.size, self.quick_size = name, gen, size, quick_size
        self.bound_s, self.expect, self.lang, self.bound_mb = bound_s, expect, lang, bound_mb
        self.seeded, self.file_name = seeded, file_name

def cases():
    C = []
    for seeded in (False, True):
        tag = '-seeded' if seeded else ''
        exp = 1 if seeded else 0
        C.append(Case('big-function' + tag, lambda n, s=seeded: gen_big_function(n, s), 50000, 5000, 120, exp, seeded=seeded))
        C.append(Case('call-chain' + tag, lambda n, s=seeded: gen_call_chain(n, s), 10000, 1000, 120, exp, seeded=seeded))
        C.append(Case('recursive-cycle' + tag, lambda n, s=seeded: gen_recursive_cycle(n, s), 1000, 200, 120, exp, seeded=seeded))
        C.append(Case('macro-heavy' + tag, lambda n, s=seeded: gen_macro_heavy(n, s), 2048, 256, 120, exp, seeded=seeded))
        C.append(Case('long-condition' + tag, lambda n, s=seeded: gen_long_condition(n, s), 5000, 500, 120, exp, seeded=seeded))
        C.append(Case('deep-nesting' + tag, lambda n, s=seeded: gen_deep_nesting(n, s), 200, 100, 120, exp, seeded=seeded))
    for f, exp, lang in (('computed-goto.c', 0, 'c'), ('setjmp-longjmp.c', 0, 'c'),
                         ('variadic-knr.c', 0, 'c'), ('rule-arity-mismatch.c', 0, 'c'),
                         ('cplusplus.cpp', 0, 'c++')):
        C.append(Case(os.path.splitext(f)[0], handwritten(f), 0, 0, 60, exp, lang=lang, file_name=f))
    return C

FINDING = re.compile(r'^(\S+?):(\d+):(\d+): (warning|error): (.*)\[(rcuctx-[a-z-]+)\]$', re.M)
CRASH = re.compile(r'PLEASE submit a bug report|Stack dump:|ERROR: AddressSanitizer|'
                   r'runtime error:|ERROR: LeakSanitizer|SUMMARY: \w+Sanitizer|'
                   r'rcuctx-internal|clang(\+\+)?(-19)?: error: unable to execute command|'
                   r'clang frontend command failed')

# ------------------------------------------------------------ scaling shapes

SCALE_HEADER = HEADER + 'extern int opaque(int);\n'

def scale_fn(body, params='void', decls='\tint s = 0;\n'):
    return SCALE_HEADER + f'int f({params})\n{{\n{decls}' + ''.join(body) + '\treturn s;\n}\n'

def gen_branches_plain(n):
    return scale_fn(f'\tif (opaque({i})) s += {i}; else s -= {i};\n' for i in range(n))

def gen_branches_rcu(n):
    return scale_fn(['\trcu_read_lock();\n'] +
                    [f'\tif (opaque({i})) s += rcu_dereference(gp)->x; else s -= {i};\n' for i in range(n)] +
                    ['\trcu_read_unlock();\n'])

def gen_branches_requires(n):
    return scale_fn(f'\tif (opaque({i})) s += rcu_dereference(gp)->x; else s -= {i};\n' for i in range(n))

def gen_switch_locks(n):
    cases = ''.join(f'\tcase {i}: spin_lock(&f->lock); s += {i}; spin_unlock(&f->lock); break;\n'
                    for i in range(n))
    return scale_fn(['\tswitch (op) {\n', cases, '\tdefault: break;\n\t}\n'],
                    params='struct foo *f, int op')

def gen_nested_loops(n):
    loop = ('\tfor (i = 0; i < opaque({k}); i++)\n\t\tfor (j = 0; j < i; j++) {{\n'
            '\t\t\trcu_read_lock();\n\t\t\ts += rcu_dereference(gp)->x + j;\n'
            '\t\t\trcu_read_unlock();\n\t\t}}\n')
    return scale_fn([loop.format(k=k) for k in range(n)], decls='\tint s = 0, i, j;\n')

def gen_goto_errors(n):
    body = ['\tspin_lock(&f->lock);\n']
    body += [f'\tif (opaque({i}))\n\t\tgoto out{i};\n\ts += {i};\n' for i in range(n)]
    body += [f'out{i}:\n\ts -= {i};\n' for i in reversed(range(n))]
    body += ['\tspin_unlock(&f->lock);\n']
    return scale_fn(body, params='struct foo *f')

SHAPES = [('branches-plain', gen_branches_plain), ('branches-rcu', gen_branches_rcu),
          ('branches-requires', gen_branches_requires), ('switch-locks', gen_switch_locks),
          ('nested-loops', gen_nested_loops), ('goto-errors', gen_goto_errors)]

def cfg_blocks(path):
    """CFG blocks clang builds for the file (debug.DumpCFG prints each as ' [Bn')."""
    # -o: the analyzer's report plist, which would land in the working directory
    out = subprocess.run([CLANG, '--analyze', '-Xanalyzer', '-analyzer-checker=debug.DumpCFG',
                          '-o', os.devnull, '-I', INC, path], capture_output=True, text=True).stderr
    return len(re.findall(r'^ \[B\d+', out, re.M))

def cpu_run(cmd, env, timeout):
    """(user+sys CPU seconds of the child, peak RSS MB, returncode, stderr)."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(p.pid, signal.SIGKILL))
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        timer.cancel()
        err.seek(0)
        return (ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status),
                err.read().decode(errors='replace'))

def fit_exponent(points):
    """Least-squares slope of log(time) over log(blocks)."""
    import math
    xs = [math.log(b) for b, t in points if t > 0]
    ys = [math.log(t) for b, t in points if t > 0]
    if len(xs) < 2:
        return float('nan')
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else float('nan')

def scaling(a, plugin, env, plugin_env, outdir):
    sizes = [1000 * 2 ** k for k in range(4 if a.quick else 7)]  # blocks: 1k .. 8k or 64k
    failures = []
    hdr = (f'{"shape":<18} {"blocks":>7} {"plugin s":>9} {"plain s":>8} {"ratio":>6} '
           f'{"plugin MB":>9} {"plain MB":>8}  result')
    print(hdr)
    print('-' * len(hdr))
    summary = []
    for name, gen in SHAPES:
        if a.only and not any(o in name for o in a.only):
            continue
        probe = os.path.join(outdir, f'{name}-probe.c')
        with open(probe, 'w') as f:
            f.write(gen(200))
        per_unit = max(cfg_blocks(probe) / 200.0, 0.1)
        points = []
        last = None
        for blocks in sizes:
            units = max(1, int(round(blocks / per_unit)))
            path = os.path.join(outdir, f'{name}-{blocks}.c')
            with open(path, 'w') as f:
                f.write(gen(units))
            base = [CLANG, '-fsyntax-only', '-I', INC, path]
            cmd = base[:1] + ['-fplugin=' + plugin] + base[1:]
            pt, pmb, prc, perr = cpu_run(base, env, 300)
            t, mb, rc, err = cpu_run(cmd, plugin_env, 300)
            findings = FINDING.findall(err)
            bad = rc != 0 or bool(CRASH.search(err)) or prc != 0
            result = 'CRASH/ERROR' if bad else f'{len(findings)} findings'
            if bad or findings:
                failures.append(f'{name} at {blocks} blocks: {result}\n{err[-1500:]}')
            print(f'{name:<18} {blocks:>7} {t:9.2f} {pt:8.2f} {t / pt if pt else 0:6.2f} '
                  f'{mb:9.0f} {pmb:8.0f}  {result}', flush=True)
            points.append((blocks, t))
            last = (blocks, t, pt, mb)
        k = fit_exponent(points)
        summary.append((name, k, last))
        if k > 1.2:
            failures.append(f'{name}: growth exponent {k:.2f} > 1.2')
        if not a.quick and last and (last[1] >= 5.0 or last[3] >= 1024):
            failures.append(f'{name}: {last[0]} blocks took {last[1]:.2f} s / {last[3]:.0f} MB (bound 5 s, 1 GB)')
    print()
    print(f'{"shape":<18} {"exponent":>8} {"largest":>8} {"plugin s":>9} {"x plain":>8}')
    for name, k, last in summary:
        print(f'{name:<18} {k:8.2f} {last[0]:>8} {last[1]:9.2f} {last[1] / last[2] if last[2] else 0:8.2f}')
    if failures:
        print('\nfailures:')
        for f in failures:
            print(' - ' + f)
        return 1
    return 0

def run_one(cmd, env, timeout):
    """Runs cmd; returns (seconds, peak RSS in MB, returncode, stderr, timed_out)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, start_new_session=True)
        timed_out = []
        def kill():
            timed_out.append(True)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        timer.cancel()
        secs = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors='replace')
    return secs, ru.ru_maxrss / 1024.0, p.returncode, text, bool(timed_out)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--plugin', default=os.path.join(REPO, 'build', 'checker', 'rcuctx.so'))
    ap.add_argument('--quick', action='store_true', help='smaller sizes (for ctest: well under a minute)')
    ap.add_argument('--only', action='append', help='run only inputs whose name contains this')
    ap.add_argument('--keep', help='write the generated inputs into this directory')
    ap.add_argument('--sanitized', action='store_true',
                    help='preload the ASan runtime (plugin from scripts/build-sanitized.sh); bounds x5')
    ap.add_argument('--no-baseline', action='store_true', help='skip the compile without the plugin')
    ap.add_argument('--scaling', action='store_true',
                    help='print the scaling table (time and memory from 1k to 64k blocks, growth exponents)')
    a = ap.parse_args()
    plugin = os.path.abspath(a.plugin)
    if not os.path.exists(plugin):
        sys.exit(f'no plugin at {plugin} (build it first)')
    env = dict(os.environ)
    env.setdefault('RCUCTX_RULES_DIR', os.path.join(REPO, 'rules'))
    plugin_env = dict(env)
    scale = 1
    if a.sanitized:
        rt = subprocess.run([CLANG, '-print-file-name=libclang_rt.asan-x86_64.so'],
                            capture_output=True, text=True).stdout.strip()
        plugin_env['LD_PRELOAD'] = rt
        plugin_env['ASAN_OPTIONS'] = 'detect_leaks=0:allow_user_segv_handler=0:abort_on_error=0'
        plugin_env['UBSAN_OPTIONS'] = 'halt_on_error=1:print_stacktrace=1'
        scale = 5
    outdir = a.keep or tempfile.mkdtemp(prefix='rcuctx-patho-')
    os.makedirs(outdir, exist_ok=True)
    if a.scaling:
        rc = scaling(a, plugin, env, plugin_env, outdir)
        if not a.keep:
            for f in os.listdir(outdir):
                os.unlink(os.path.join(outdir, f))
            os.rmdir(outdir)
        return rc

    rows, failures = [], []
    hdr = f'{"input":<24} {"size":>6} {"plugin s":>9} {"plain s":>8} {"peak MB":>8} {"result":<22} {"expect":>6} {"bound":>12}  verdict'
    print(hdr)
    print('-' * len(hdr))
    for c in cases():
        if a.only and not any(o in c.name for o in a.only):
            continue
        n = c.quick_size if a.quick else c.size
        ext = '.cpp' if c.lang == 'c++' else '.c'
        path = os.path.join(outdir, (c.file_name or f'{c.name}-{n}{ext}'))
        with open(path, 'w') as f:
            f.write(c.gen(n))
        cc = CLANGXX if c.lang == 'c++' else CLANG
        base = [cc, '-fsyntax-only', '-I', INC, path]
        if c.lang == 'c++':
            base[1:1] = ['-std=c++17']
        cmd = base[:1] + ['-fplugin=' + plugin] + base[1:]
        # --quick inputs take well under a second: a tighter bound there still
        # catches a blow-up of 100x, while the full sizes get the generous one.
        bound_s = (min(c.bound_s, 30) if a.quick else c.bound_s) * scale
        bound_mb = (min(c.bound_mb, 1024) if a.quick else c.bound_mb) * (2 if a.sanitized else 1)
        plain = None
        if not a.no_baseline:
            plain, _, prc, perr, _ = run_one(base, env, bound_s)
            if prc != 0:
                failures.append(f'{c.name}: the input does not compile without the plugin:\n{perr[-1500:]}')
        secs, mb, rc, err, timed_out = run_one(cmd, plugin_env, bound_s)
        findings = FINDING.findall(err)
        crashed = rc < 0 or bool(CRASH.search(err)) or (rc != 0 and not findings and not timed_out)
        if timed_out:
            result = 'TIMEOUT'
        elif crashed:
            result = 'CRASH' + (f' (signal {-rc})' if rc < 0 else (' (rcuctx-internal)' if 'rcuctx-internal' in err else f' (exit {rc})'))
        else:
            result = f'ok, {len(findings)} finding' + ('' if len(findings) == 1 else 's')
        verdict = 'pass'
        why = []
        if timed_out or secs > bound_s:
            why.append(f'exceeded {bound_s}s')
        if mb > bound_mb:
            why.append(f'peak RSS {mb:.0f} MB > {bound_mb} MB')
        if crashed:
            why.append('crashed')
        if not crashed and not timed_out and len(findings) != c.expect:
            why.append(f'{len(findings)} findings, expected {c.expect}')
        if why:
            verdict = 'FAIL: ' + '; '.join(why)
            detail = '\n'.join(f'    {m[0]}:{m[1]}:{m[2]}: {m[3]}: {m[4].strip()} [{m[5]}]' for m in findings[:5])
            failures.append(f'{c.name} ({path}): {"; ".join(why)}\n{detail or err[-3000:]}')
        size = str(n) if n else '-'
        pl = f'{plain:8.2f}' if plain is not None else f'{"-":>8}'
        print(f'{c.name:<24} {size:>6} {secs:9.2f} {pl} {mb:8.0f} {result:<22} {c.expect:>6} '
              f'{f"{bound_s}s/{bound_mb}MB":>12}  {verdict}', flush=True)
    if failures:
        print('\nfailures:')
        for f in failures:
            print(' - ' + f)
        print(f'\n(inputs kept in {outdir})')
        return 1
    if not a.keep:
        for f in os.listdir(outdir):
            os.unlink(os.path.join(outdir, f))
        os.rmdir(outdir)
    return 0

if __name__ == '__main__':
    sys.exit(main())
