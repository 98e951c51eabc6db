#!/usr/bin/env python3
"""Prints the plugin's compile-time overhead: on the corpus, and on generated
large inputs (thousands of functions, deep call chains, recursion), so that
cost can be seen to grow linearly with code size.

Usage: bench/plugin_overhead.py [--plugin build/checker/rcuctx.so] [--runs 3]
Each cell is the median of --runs compiles (clang-19 -O2 -c), with and without
-fplugin. No assertion: a benchmark prints, people judge.
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INC = os.path.join(REPO, 'corpus', 'include')

HEADER = '#include <linux/kvm_host.h>\nstruct foo { int x; };\nstruct foo __rcu *gp;\n'

def gen_many_functions(n):
    """n small functions, each locking, reading under RCU and calling the next."""
    out = [HEADER]
    for i in reversed(range(n)):  # callees first
        callee = f'f{i+1}(kvm, v + 1)' if i + 1 < n else 'v'
        out.append(f'''static int f{i}(struct kvm *kvm, int v)
{{
	int r;
	rcu_read_lock();
	r = rcu_dereference(gp)->x + v;
	rcu_read_unlock();
	if (r & 1) {{
		write_lock(&kvm->mmu_lock);
		r += {callee};
		write_unlock(&kvm->mmu_lock);
	}} else {{
		r -= {callee};
	}}
	return r;
}}
''')
    out.append('int entry(struct kvm *kvm) { return f0(kvm, 0); }\n')
    return ''.join(out)

def gen_deep_chain(n):
    """A call chain n deep whose leaf needs RCU: the requirement climbs it all."""
    out = [HEADER, 'static int c0(void) { return rcu_dereference(gp)->x; }\n']
    for i in range(1, n):
        out.append(f'static int c{i}(void) {{ return c{i-1}() + 1; }}\n')
    out.append(f'int top(void) {{ int v; rcu_read_lock(); v = c{n-1}(); rcu_read_unlock(); return v; }}\n')
    return ''.join(out)

def gen_recursive_cycle(n):
    """n functions calling each other in one strongly connected component."""
    out = [HEADER]
    for i in range(n):
        out.append(f'static int r{i}(int k);\n')
    for i in range(n):
        nxt = (i + 1) % n
        out.append(f'static int r{i}(int k) {{ if (k <= 0) return rcu_dereference(gp)->x; return r{nxt}(k - 1) + {i}; }}\n')
    out.append('int top(void) { int v; rcu_read_lock(); v = r0(100); rcu_read_unlock(); return v; }\n')
    return ''.join(out)

def gen_big_function(blocks):
    """One function with many branches (basic blocks) and lock operations."""
    body = []
    for i in range(blocks):
        body.append(f'\tif (v & {1 << (i % 30)}) {{ spin_lock(&kvm->tdp_mmu_pages_lock); v += {i}; spin_unlock(&kvm->tdp_mmu_pages_lock); }} else v -= {i};\n')
    return HEADER + 'int big(struct kvm *kvm, int v)\n{\n' + ''.join(body) + '\treturn v;\n}\n'

def compile_time(src, plugin, runs):
    times = []
    for _ in range(runs):
        cmd = ['clang-19', '-O2', '-c', '-o', os.devnull, '-I', INC, '-w', src]
        if plugin:
            cmd[1:1] = ['-fplugin=' + plugin]
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            sys.exit(f'compile failed: {" ".join(cmd)}\n{r.stderr[-2000:]}')
    return statistics.median(times)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--plugin', default=os.path.join(REPO, 'build', 'checker', 'rcuctx.so'))
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--quick', action='store_true', help='smaller inputs')
    a = ap.parse_args()
    plugin = os.path.abspath(a.plugin)
    os.environ.setdefault('RCUCTX_RULES_DIR', os.path.join(REPO, 'rules'))

    cases = []
    for d in sorted(os.listdir(os.path.join(REPO, 'corpus'))):
        p = os.path.join(REPO, 'corpus', d)
        if os.path.isdir(p) and d[:2].isdigit():
            for f in ('buggy.c', 'fixed.c'):
                cases.append((f'corpus/{d}/{f}', os.path.join(p, f), None))
    tmp = tempfile.mkdtemp(prefix='rcuctx-bench-')
    scale = [500, 1000, 2000, 4000] if not a.quick else [250, 500, 1000]
    for n in scale:
        cases.append((f'generated: {n} functions', None, gen_many_functions(n)))
    for n in ([1000, 2000, 4000] if not a.quick else [500, 1000]):
        cases.append((f'generated: call chain {n} deep', None, gen_deep_chain(n)))
    for n in ([250, 500, 1000] if not a.quick else [100, 250]):
        cases.append((f'generated: recursive cycle of {n}', None, gen_recursive_cycle(n)))
    for n in ([1000, 2000, 4000] if not a.quick else [500, 1000]):
        cases.append((f'generated: one function, {n} branches', None, gen_big_function(n)))

    print(f'{"input":<62} {"plain s":>8} {"plugin s":>9} {"ratio":>7}')
    tot_plain = tot_plugin = 0.0
    corpus_plain = corpus_plugin = 0.0
    for name, path, text in cases:
        if text is not None:
            path = os.path.join(tmp, name.replace(' ', '_').replace(':', '').replace(',', '') + '.c')
            with open(path, 'w') as f:
                f.write(text)
        p0 = compile_time(path, None, a.runs)
        p1 = compile_time(path, plugin, a.runs)
        tot_plain += p0
        tot_plugin += p1
        if name.startswith('corpus/'):
            corpus_plain += p0
            corpus_plugin += p1
        print(f'{name:<62} {p0:8.3f} {p1:9.3f} {p1 / p0:7.3f}')
    print(f'{"corpus total":<62} {corpus_plain:8.3f} {corpus_plugin:9.3f} {corpus_plugin / corpus_plain:7.3f}')
    print(f'{"all inputs total":<62} {tot_plain:8.3f} {tot_plugin:9.3f} {tot_plugin / tot_plain:7.3f}')

if __name__ == '__main__':
    main()
