#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seeded generator of random kernel-style C programs for rcuctx's
differential fuzzer.

One program is rendered twice, with identical line numbers:
  prog.c     what the checker sees (includes the mini kernel headers);
  prog_rt.c  what the oracle runs: the same text, compiled against
             fuzz/runtime/include, with every call of a generated function
             wrapped in RT_CALL() (so the runtime knows the call's line) and a
             table of the roots appended after the last line.

Programs are balanced by construction: every lock, section, preemption or
IRQ disable taken in a function is released in that function on every path
(regions, guards, trylock bodies, `goto out` cleanup with the label placed
after the body, early returns/breaks only where nothing the function took
is open). Recursive acquisition is avoided by construction: a function is
called only where none of the locks it may take (transitively) is held.

--loop-skips (off by default; the programs without it are byte-identical to
before) adds, in the always-root f0, loops that drop what was taken before
the loop and, on a path chosen by opaque(), `continue`/`break`/`goto retry`
without re-taking it (issue #19): those programs are deliberately unbalanced
at run time on the skipping paths (see skip_loop() and fuzz/README.md).

--irq (off by default, same guarantee) adds one or two interrupt handlers,
roots marked `// rcuctx-entry: hardirq` or `softirq`, generated last from
the same statements, with spinning locks of their own, calling functions
the others call; and, in every function, `local_bh_disable()` regions and
`spin_lock_bh()` (so with the flag the other functions differ too; issue
#17: lockdep's IRQ usage of lock classes, rcuctx-irq-safety).

--protocols (off by default, same guarantee) also takes a lock of a
function's own set through a helper that hands it over by its returned
value (issue #14): `take_X()` returns 0 with X held or -EAGAIN without
(also through a local set to constants), `get_X()` returns an object with X
held or NULL without; the caller tests the value, runs its body and
releases X only where it was taken.

Usage: gen.py SEED [-o DIR] [--loop-skips] [--irq] [--protocols]
"""
import argparse
import os
import random

HEADERS = ["rcupdate", "spinlock", "mutex", "srcu", "slab", "sched", "lockdep"]

# name -> (C type, spins, has read mode)
LOCKS = {
    "sl0": ("spinlock_t", True, False),
    "sl1": ("spinlock_t", True, False),
    "rw0": ("rwlock_t", True, True),
    "mx0": ("struct mutex", False, False),
    "mx1": ("struct mutex", False, False),
    "rs0": ("struct rw_semaphore", False, True),
}
SRCU = ["ss0", "ss1"]


class Line:
    __slots__ = ("indent", "text", "rt")

    def __init__(self, indent, text, rt=None):
        self.indent = indent
        self.text = text
        self.rt = text if rt is None else rt


class Ctx:
    """What is open at the current point of a function being generated."""

    def __init__(self):
        self.held = []        # entries: dict(what, lock, mode, guard)
        self.loop_base = None  # non-guard count at the innermost loop entry
        self.depth = 0
        self.in_skip = False  # inside a --loop-skips loop (they do not nest)

    def nonguard(self):
        return sum(1 for h in self.held if not h["guard"])

    def locks(self):
        return {h["lock"] for h in self.held if h.get("lock")}


class Func:
    def __init__(self, idx):
        self.idx = idx
        self.name = "f%d" % idx
        self.own = set()       # locks this function may take itself
        self.fwd = []          # planned forward callees
        self.rec = []          # planned recursive (back-edge) callees
        self.may = set()       # locks it may take, transitively
        self.called = set()    # callees actually emitted
        self.lines = []
        self.prologue = []     # (acquire text, release text, held entry)
        self.uses_out = False
        self.is_root = False
        self.entry = "process"  # --irq handlers: "hardirq" or "softirq"


class Gen:
    def __init__(self, seed, size=1.0, correlated=False, loop_skips=False, irq=False, protocols=False,
                 stale=False):
        self.rng = random.Random(seed)
        self.correlated = correlated
        self.loop_skips = loop_skips
        self.irq = irq
        self.protocols = protocols
        self.helpers = {}  # name -> lines of a hand-over helper (--protocols)
        self.stale = stale
        self.seed = seed
        self.size = size
        self.counter = 0

    def uid(self):
        self.counter += 1
        return self.counter

    # ---------------------------------------------------------------- plan
    def plan(self):
        r = self.rng
        n = r.randint(3, 6)
        fs = [Func(i) for i in range(n)]
        for f in fs:
            f.own = set(r.sample(sorted(LOCKS), r.randint(1, 3)))
        for j in range(1, n):
            if r.random() < 0.85:
                f = fs[r.randrange(0, j)]
                f.fwd.append(j)
            for i in range(j):
                if r.random() < 0.15 and j not in fs[i].fwd:
                    fs[i].fwd.append(j)
        callers = {j for f in fs for j in f.fwd}
        for f in fs:
            if r.random() < 0.15:
                cands = [j for j in range(1, f.idx + 1) if j in callers]
                if cands:
                    f.rec.append(r.choice(cands))
        # locks each function may take through any calls (fixpoint over cycles)
        for f in fs:
            f.may = set(f.own)
        changed = True
        while changed:
            changed = False
            for f in fs:
                for j in f.fwd + f.rec:
                    if not fs[j].may <= f.may:
                        f.may |= fs[j].may
                        changed = True
        self.fs = fs
        if self.irq:
            self.plan_handlers()

    def plan_handlers(self):
        """--irq: one or two interrupt handlers after the planned functions
        (nobody calls them), each taking spinning locks of its own and
        calling some of the functions that already have a caller (so every
        process root stays one). Their own random draws come after the
        others' plan; their bodies are generated last."""
        r = self.rng
        callers = sorted({j for f in self.fs for j in f.fwd})
        spinning = sorted(k for k, v in LOCKS.items() if v[1])
        for _ in range(r.randint(1, 2)):
            h = Func(len(self.fs))
            h.entry = r.choice(["hardirq", "softirq"])
            h.own = set(r.sample(spinning, r.randint(1, 2)))
            h.fwd = r.sample(callers, min(len(callers), r.randint(0, 2)))
            h.may = set(h.own)
            for j in h.fwd:
                h.may |= self.fs[j].may
            self.fs.append(h)

    # ----------------------------------------------------------- statements
    def check_stmt(self, ctx):
        r = self.rng
        lk = r.choice(sorted(LOCKS))
        c = r.random()
        if c < 0.30:
            return "r += rcu_dereference(gp)->x;"
        if c < 0.40:
            return "r += srcu_dereference(gp, &%s)->x;" % r.choice(SRCU)
        if c < 0.47:
            return "r += rcu_dereference_sched(gp)->x;"
        if c < 0.54:
            return "r += rcu_dereference_check(gp, lockdep_is_held(&%s))->x;" % lk
        if c < 0.62:
            return "r += rcu_dereference_protected(gp, lockdep_is_held(&%s))->x;" % lk
        if c < 0.70:
            return "lockdep_assert_in_rcu_read_lock();"
        if c < 0.85:
            return "lockdep_assert_held(&%s);" % lk
        lk = r.choice([k for k, v in LOCKS.items() if v[2]])
        return "lockdep_assert_held_%s(&%s);" % (r.choice(["read", "write"]), lk)

    def sleep_stmt(self):
        return self.rng.choice([
            "might_sleep();",
            "msleep(1);",
            "kfree(kmalloc(8, GFP_KERNEL));",
            "cond_resched();",
            "synchronize_rcu();",
            "kfree(kmalloc(8, GFP_ATOMIC));",  # does not sleep
        ])

    def wait_stmt(self, f, ctx, ind):
        """The wait shape: set the task state, maybe do something that may
        block (directly, under a test, or in a callee), then schedule() or
        set the task running again (rcuctx-blocking-state)."""
        r = self.rng
        out = [Line(ind, "set_current_state(%s);" % r.choice(["TASK_INTERRUPTIBLE", "TASK_UNINTERRUPTIBLE"]))]
        c = r.random()
        if c < 0.35:
            out.append(Line(ind, self.sleep_stmt()))
        elif c < 0.5:
            out += [Line(ind, "if (opaque())"), Line(ind + 1, self.sleep_stmt())]
        elif c < 0.75:
            cands = self.callable(f, ctx)
            if cands:
                out.extend(self.call_line(f, r.choice(cands), ind, guarded=r.random() < 0.3))
            else:
                out.append(Line(ind, self.check_stmt(ctx)))
        e = r.random()
        if e < 0.45:
            out.append(Line(ind, "schedule();"))
        elif e < 0.75:
            out.append(Line(ind, "__set_current_state(TASK_RUNNING);"))
        else:
            out += [Line(ind, "if (opaque())"), Line(ind + 1, "schedule();"), Line(ind, "else"),
                    Line(ind + 1, "__set_current_state(TASK_RUNNING);")]
        return out

    def callable(self, f, ctx, rec=False):
        held = ctx.locks()
        cands = f.rec if rec else f.fwd
        return [j for j in cands if not (self.fs[j].may & held)]

    def region(self, f, ctx, ind):
        """A balanced region: acquire, body, release. Returns lines."""
        r = self.rng
        free = sorted(l for l in f.own if l not in ctx.locks())
        opts = ["rcu", "rcu", "srcu", "preempt", "irq", "guard_rcu"]
        if self.irq:
            opts += ["bh"]
        if self.correlated:
            opts += ["cond", "cond"]
        opts += ["lock"] * (3 * len(free))
        kind = r.choice(opts)
        k = self.uid()
        out = []

        def body(entry, loop_ok=True, extra=1):
            ctx.held.append(entry)
            saved = ctx.loop_base
            if not loop_ok:
                ctx.loop_base = None
            ctx.depth += 1
            b = self.block(f, ctx, ind + extra)
            ctx.depth -= 1
            ctx.loop_base = saved
            ctx.held.pop()
            return b

        L = lambda i, t, rt=None: Line(i, t, rt)
        if kind == "rcu":
            e = dict(what="rcu", lock=None, mode=None, guard=False)
            return [L(ind, "rcu_read_lock();")] + body(e, extra=0) + [L(ind, "rcu_read_unlock();")]
        if kind == "srcu":
            ss = r.choice(SRCU)
            e = dict(what="srcu", lock=None, mode=None, guard=False)
            return ([L(ind, "int idx%d = srcu_read_lock(&%s);" % (k, ss))] + body(e, extra=0)
                    + [L(ind, "srcu_read_unlock(&%s, idx%d);" % (ss, k))])
        if kind == "preempt":
            e = dict(what="preempt", lock=None, mode=None, guard=False)
            return [L(ind, "preempt_disable();")] + body(e, extra=0) + [L(ind, "preempt_enable();")]
        if kind == "irq":
            e = dict(what="irq", lock=None, mode=None, guard=False)
            return [L(ind, "local_irq_disable();")] + body(e, extra=0) + [L(ind, "local_irq_enable();")]
        if kind == "bh":
            e = dict(what="bh", lock=None, mode=None, guard=False)
            return [L(ind, "local_bh_disable();")] + body(e, extra=0) + [L(ind, "local_bh_enable();")]
        if kind == "cond":
            # taken on some paths only, released under the same (correlated)
            # condition: balanced at run time, context differs per path
            pairs = [("rcu_read_lock();", "rcu_read_unlock();", None), ("preempt_disable();", "preempt_enable();", None)]
            for lk in free:
                typ = LOCKS[lk][0]
                if typ == "spinlock_t":
                    pairs.append(("spin_lock(&%s);" % lk, "spin_unlock(&%s);" % lk, lk))
                elif typ == "struct mutex":
                    pairs.append(("mutex_lock(&%s);" % lk, "mutex_unlock(&%s);" % lk, lk))
                elif typ == "rwlock_t":
                    pairs.append(("read_lock(&%s);" % lk, "read_unlock(&%s);" % lk, lk))
                else:
                    pairs.append(("down_write(&%s);" % lk, "up_write(&%s);" % lk, lk))
            a, b, lk = r.choice(pairs)
            e = dict(what="cond", lock=lk, mode="?", guard=False)
            return ([L(ind, "int c%d = opaque();" % k), L(ind, "if (c%d)" % k), L(ind + 1, a)] + body(e, extra=0)
                    + [L(ind, "if (c%d)" % k), L(ind + 1, b)])
        if kind == "guard_rcu":
            e = dict(what="rcu", lock=None, mode=None, guard=True)
            if r.random() < 0.5:
                return [L(ind, "{"), L(ind + 1, "guard(rcu)();")] + body(e) + [L(ind, "}")]
            return [L(ind, "scoped_guard(rcu) {")] + body(e, loop_ok=False) + [L(ind, "}")]
        # a lock of this function's own set
        lk = r.choice(free)
        typ, spins, rw = LOCKS[lk]
        if self.protocols and r.random() < 0.35:
            return self.protocol_region(lk, k, ind, body)
        c = r.random()
        if typ == "spinlock_t":
            e = dict(what="lock", lock=lk, mode="w", guard=False)
            if self.irq and r.random() < 0.2:
                return [L(ind, "spin_lock_bh(&%s);" % lk)] + body(e, extra=0) + [L(ind, "spin_unlock_bh(&%s);" % lk)]
            if c < 0.45:
                return [L(ind, "spin_lock(&%s);" % lk)] + body(e, extra=0) + [L(ind, "spin_unlock(&%s);" % lk)]
            if c < 0.6:
                return ([L(ind, "unsigned long flags%d; spin_lock_irqsave(&%s, flags%d);" % (k, lk, k))]
                        + body(e, extra=0) + [L(ind, "spin_unlock_irqrestore(&%s, flags%d);" % (lk, k))])
            if c < 0.72:
                return ([L(ind, "if (spin_trylock(&%s)) {" % lk)] + body(e)
                        + [L(ind + 1, "spin_unlock(&%s);" % lk), L(ind, "}")])
            e["guard"] = True
            if c < 0.86:
                return [L(ind, "{"), L(ind + 1, "guard(spinlock)(&%s);" % lk)] + body(e) + [L(ind, "}")]
            return [L(ind, "scoped_guard(spinlock, &%s) {" % lk)] + body(e, loop_ok=False) + [L(ind, "}")]
        if typ == "struct mutex":
            e = dict(what="lock", lock=lk, mode="w", guard=False)
            if c < 0.5:
                return [L(ind, "mutex_lock(&%s);" % lk)] + body(e, extra=0) + [L(ind, "mutex_unlock(&%s);" % lk)]
            if c < 0.62:
                return ([L(ind, "if (mutex_trylock(&%s)) {" % lk)] + body(e)
                        + [L(ind + 1, "mutex_unlock(&%s);" % lk), L(ind, "}")])
            if c < 0.74:
                return ([L(ind, "if (!mutex_lock_interruptible(&%s)) {" % lk)] + body(e)
                        + [L(ind + 1, "mutex_unlock(&%s);" % lk), L(ind, "}")])
            e["guard"] = True
            if c < 0.88:
                return [L(ind, "{"), L(ind + 1, "guard(mutex)(&%s);" % lk)] + body(e) + [L(ind, "}")]
            return [L(ind, "scoped_guard(mutex, &%s) {" % lk)] + body(e, loop_ok=False) + [L(ind, "}")]
        # rwlock_t / rw_semaphore: read, write, mode chosen at run time, trylock, guard
        if typ == "rwlock_t":
            acq = {"r": "read_lock", "w": "write_lock"}
            rel = {"r": "read_unlock", "w": "write_unlock"}
            tryf = {"r": "read_trylock", "w": "write_trylock"}
        else:
            acq = {"r": "down_read", "w": "down_write"}
            rel = {"r": "up_read", "w": "up_write"}
            tryf = {"r": "down_read_trylock", "w": "down_write_trylock"}
        m = r.choice("rw")
        e = dict(what="lock", lock=lk, mode=m, guard=False)
        if c < 0.5:
            return [L(ind, "%s(&%s);" % (acq[m], lk))] + body(e, extra=0) + [L(ind, "%s(&%s);" % (rel[m], lk))]
        if c < 0.7:
            e["mode"] = "?"
            return ([L(ind, "int c%d = opaque();" % k),
                     L(ind, "if (c%d) %s(&%s); else %s(&%s);" % (k, acq["r"], lk, acq["w"], lk))]
                    + body(e, extra=0)
                    + [L(ind, "if (c%d) %s(&%s); else %s(&%s);" % (k, rel["r"], lk, rel["w"], lk))])
        if c < 0.82:
            return ([L(ind, "if (%s(&%s)) {" % (tryf[m], lk))] + body(e)
                    + [L(ind + 1, "%s(&%s);" % (rel[m], lk)), L(ind, "}")])
        if typ == "rwlock_t":
            e["guard"] = True
            g = "read_lock" if m == "r" else "write_lock"
            if c < 0.92:
                return [L(ind, "{"), L(ind + 1, "guard(%s)(&%s);" % (g, lk))] + body(e) + [L(ind, "}")]
            return [L(ind, "scoped_guard(%s, &%s) {" % (g, lk))] + body(e, loop_ok=False) + [L(ind, "}")]
        return [L(ind, "%s(&%s);" % (acq[m], lk))] + body(e, extra=0) + [L(ind, "%s(&%s);" % (rel[m], lk))]

    def helper(self, kind, lk):
        """A helper that hands lock lk (write mode) over by its value; its
        name. int: 0 with lk, -EAGAIN (-11) without; local: the same through
        `ret`, set to constants; ptr: &foo_obj with lk, NULL without."""
        typ = LOCKS[lk][0]
        acq = {"spinlock_t": "spin_lock", "struct mutex": "mutex_lock", "rwlock_t": "write_lock"}.get(typ, "down_write")
        name = "%s_%s" % ({"int": "take", "local": "try_take", "ptr": "get"}[kind], lk)
        if name in self.helpers:
            return name
        if kind == "int":
            body = ["if (opaque())", "\treturn -11;", "%s(&%s);" % (acq, lk), "return 0;"]
        elif kind == "local":
            body = ["int ret = -11;", "", "if (opaque())", "\tgoto out;", "%s(&%s);" % (acq, lk), "ret = 0;",
                    "out:", "return ret;"]
        else:
            body = ["if (opaque())", "\treturn NULL;", "%s(&%s);" % (acq, lk), "return &foo_obj;"]
        ret = "struct foo *" if kind == "ptr" else "int "
        self.helpers[name] = (["static %s%s(void)" % (ret, name), "{"]
                              + ["\t" + b.replace("\\t", "\t") if b and b != "out:" else b for b in body] + ["}"])
        return name

    def protocol_region(self, lk, k, ind, body):
        """Lock lk taken through a hand-over helper; its body runs and lk is
        released only where the value says it was taken."""
        r = self.rng
        typ = LOCKS[lk][0]
        rel = {"spinlock_t": "spin_unlock", "struct mutex": "mutex_unlock", "rwlock_t": "write_unlock"}.get(typ, "up_write")
        e = dict(what="lock", lock=lk, mode="w", guard=False)
        L = lambda i, t: Line(i, t)
        unlock = L(ind + 1, "%s(&%s);" % (rel, lk))
        shape = r.choice(["int", "int-stored", "local", "ptr"])
        if shape == "int":
            return [L(ind, "if (!%s()) {" % self.helper("int", lk))] + body(e) + [unlock, L(ind, "}")]
        if shape == "ptr":
            return ([L(ind, "struct foo *o%d = %s();" % (k, self.helper("ptr", lk))), L(ind, "if (o%d) {" % k)]
                    + body(e) + [unlock, L(ind, "}")])
        h = self.helper("int" if shape == "int-stored" else "local", lk)
        return ([L(ind, "int t%d = %s();" % (k, h)), L(ind, "if (t%d == 0) {" % k)]
                + body(e) + [unlock, L(ind, "}")])

    def skip_pairs(self, f, ctx):
        """What a skip loop may take before the loop: (acquire, release,
        held entry, need statements that require it)."""
        whats = {h["what"] for h in ctx.held}
        if "cond" in whats:
            return []
        pairs = []
        if "rcu" not in whats:
            e = dict(what="rcu", lock=None, mode=None, guard=False)
            needs = ["r += rcu_dereference(gp)->x;", "lockdep_assert_in_rcu_read_lock();"]
            pairs += [("rcu_read_lock();", "rcu_read_unlock();", e, needs)] * 2
        if "preempt" not in whats:
            e = dict(what="preempt", lock=None, mode=None, guard=False)
            pairs.append(("preempt_disable();", "preempt_enable();", e, ["r += rcu_dereference_sched(gp)->x;"]))
        for lk in sorted(f.own - ctx.locks()):
            typ = LOCKS[lk][0]
            e = dict(what="lock", lock=lk, mode="w", guard=False)
            needs = ["lockdep_assert_held(&%s);" % lk,
                     "r += rcu_dereference_protected(gp, lockdep_is_held(&%s))->x;" % lk]
            if typ == "spinlock_t":
                pairs.append(("spin_lock(&%s);" % lk, "spin_unlock(&%s);" % lk, e, needs))
            elif typ == "struct mutex":
                pairs.append(("mutex_lock(&%s);" % lk, "mutex_unlock(&%s);" % lk, e, needs))
            else:
                m = self.rng.choice("rw")
                e["mode"] = m
                needs = needs + ["lockdep_assert_held_%s(&%s);" % ("read" if m == "r" else "write", lk)]
                if typ == "rwlock_t":
                    a, b = ("read_lock", "read_unlock") if m == "r" else ("write_lock", "write_unlock")
                else:
                    a, b = ("down_read", "up_read") if m == "r" else ("down_write", "up_write")
                pairs.append(("%s(&%s);" % (a, lk), "%s(&%s);" % (b, lk), e, needs))
        return pairs

    def skip_loop(self, f, ctx, ind):
        """--loop-skips (issue #19): X taken before a loop, released after it;
        in the body a branch drops X, maybe sleeps, needs things (accessors,
        assertions, calls), and on a path chosen by opaque() leaves the
        iteration with `continue`, `break` or `goto retryK` (to the top of
        the body, at most once per loop) WITHOUT re-taking X; the other path
        re-takes X (and may `continue`). On the skipping paths the program
        is unbalanced at run time: the next iteration's drop, or the release
        after the loop, unlocks what is not held (the oracle's `unbalanced`
        kind). Everything else stays balanced by construction: the drop
        branch's own statements are generated with X not held, the rest of
        the body with X held."""
        r = self.rng
        pairs = self.skip_pairs(f, ctx)
        if not pairs:
            return None
        acq, rel, e, needs = r.choice(pairs)
        k = self.uid()
        ctx.in_skip = True
        skip = r.choice(["continue;", "continue;", "break;", "goto"])
        uncond = r.random() < 0.25
        L = Line
        out = []
        if skip == "goto":
            out.append(L(ind, "int t%d = 0;" % k))
        out.append(L(ind, acq))
        out.append(L(ind, "for (int s%d = 0; s%d < 3 && opaque(); s%d++) {" % (k, k, k)))
        if skip == "goto":
            out.append(L(ind, "retry%d:;" % k))
        ctx.held.append(e)
        saved = ctx.loop_base
        ctx.loop_base = ctx.nonguard()
        ctx.depth += 1
        if r.random() < 0.5:
            out.extend(self.block(f, ctx, ind + 1))
        bi = ind + 1
        if not uncond:
            out.append(L(ind + 1, "if (opaque()) {"))
            bi = ind + 2
        out.append(L(bi, rel))
        # the drop branch: X not held, and no jumps of its own (a region in
        # it would bring the count back to the loop's and allow them)
        ctx.held.pop()
        ctx.loop_base = None
        ctx.depth += 1
        if r.random() < 0.7:
            out.append(L(bi, self.sleep_stmt()))
        if r.random() < 0.4:
            out.extend(self.block(f, ctx, bi))

        def need():
            c = r.random()
            cands = self.callable(f, ctx)
            if c < 0.55:
                return [L(bi, r.choice(needs))]
            if c < 0.85 and cands:
                return list(self.call_line(f, r.choice(cands), bi))
            return [L(bi, self.check_stmt(ctx))]

        if r.random() < 0.85:
            out.extend(need())
        out.append(L(bi, "if (t%d++ < 1 && opaque())" % k if skip == "goto" else "if (opaque())"))
        out.append(L(bi + 1, "goto retry%d;" % k if skip == "goto" else skip))
        if r.random() < 0.3:
            out.extend(need())
        ctx.depth -= 1
        ctx.held.append(e)
        ctx.loop_base = ctx.nonguard()
        out.append(L(bi, acq))
        if not uncond:
            if r.random() < 0.5:
                out.append(L(bi, "continue;"))
            out.append(L(ind + 1, "}"))
        if r.random() < 0.6:
            out.extend(self.block(f, ctx, ind + 1))
        ctx.depth -= 1
        ctx.loop_base = saved
        ctx.held.pop()
        ctx.in_skip = False
        out.append(L(ind, "}"))
        out.append(L(ind, rel))
        return out

    def stale_group(self, f, ctx, ind):
        """--stale (issue #14): a pointer read in an RCU section of its own,
        maybe pinned there by a reference (refcount_inc(), or
        refcount_inc_not_zero() directly or through a helper, on its success
        branch), then used after the section: dereferenced, passed to a
        helper that dereferences it, or dereferenced in a later section
        (another section: the object may be gone in between). The oracle
        rendering notes the section the pointer was read in and whether a
        reference pins it; each use checks that the same section still lasts
        or the pin (the `stale-rcu-pointer` kind)."""
        r = self.rng
        k = self.uid()
        p, sec, pin = "p%d" % k, "sec%d" % k, "pin%d" % k
        L = Line
        use = lambda e: "(rt_stale_use(%s, %s, __LINE__), %s)" % (sec, pin, e)
        out = [L(ind, "struct foo *%s;" % p, "struct foo *%s; long %s = 0; int %s = 0;" % (p, sec, pin)),
               L(ind, "rcu_read_lock();"),
               L(ind, "%s = rcu_dereference(gp);" % p, "%s = rcu_dereference(gp); %s = rt_rcu_section();" % (p, sec))]
        how = r.choice(["none", "none", "get", "tryget", "helper"])
        if how == "get":
            out.append(L(ind, "refcount_inc(&%s->ref);" % p, "refcount_inc(&%s->ref); %s = 1;" % (p, pin)))
        elif how in ("tryget", "helper"):
            t = "refcount_inc_not_zero(&%s->ref)" % p if how == "tryget" else "foo_tryget(%s)" % p
            out.append(L(ind, "if (!%s) %s = NULL;" % (t, p), "if (!%s) %s = NULL; else %s = 1;" % (t, p, pin)))
        if r.random() < 0.5:
            e = dict(what="rcu", lock=None, mode=None, guard=False)
            ctx.held.append(e)
            saved = ctx.loop_base
            ctx.loop_base = None
            ctx.depth += 1
            out.extend(self.block(f, ctx, ind))
            ctx.depth -= 1
            ctx.loop_base = saved
            ctx.held.pop()
        out.append(L(ind, "rcu_read_unlock();"))
        if r.random() < 0.3:
            out.append(L(ind, self.sleep_stmt()))
        u = r.choice(["deref", "deref", "callee", "later"])
        guard = "if (%s) " % p if how in ("tryget", "helper") or r.random() < 0.3 else ""
        if u == "deref":
            out.append(L(ind, "%sr += %s->x;" % (guard, p), "%sr += %s;" % (guard, use("%s->x" % p))))
        elif u == "callee":
            out.append(L(ind, "%sr += foo_peek(%s);" % (guard, p), "%sr += %s;" % (guard, use("foo_peek(%s)" % p))))
        else:
            out.append(L(ind, "rcu_read_lock(); %sr += %s->x; rcu_read_unlock();" % (guard, p),
                         "rcu_read_lock(); %sr += %s; rcu_read_unlock();" % (guard, use("%s->x" % p))))
        return out

    def call_line(self, f, j, ind, guarded=False):
        g = self.fs[j].name
        f.called.add(j)
        if guarded:
            return Line(ind, "if (opaque())"), Line(ind + 1, "r += %s();" % g, "r += RT_CALL(%s());" % g)
        return (Line(ind, "r += %s();" % g, "r += RT_CALL(%s());" % g),)

    def block(self, f, ctx, ind):
        r = self.rng
        n = r.randint(1, max(1, int((4 if ctx.depth else 7) * self.size)))
        out = []
        for _ in range(n):
            # only with --loop-skips: no extra draw otherwise (same programs)
            if self.loop_skips and f.idx == 0 and not ctx.in_skip and ctx.depth < 3 and r.random() < 0.2:
                sk = self.skip_loop(f, ctx, ind)
                if sk:
                    out.extend(sk)
                    continue
            # only with --stale: no extra draw otherwise (same programs)
            if self.stale and ctx.depth < 3 and r.random() < 0.15:
                out.extend(self.stale_group(f, ctx, ind))
                continue
            c = r.random()
            if c < 0.24:
                out.append(Line(ind, self.check_stmt(ctx)))
            elif c < 0.31:
                out.append(Line(ind, self.sleep_stmt()))
            elif c < 0.38:
                out.extend(self.wait_stmt(f, ctx, ind))
            elif c < 0.53:
                cands = self.callable(f, ctx)
                rc = self.callable(f, ctx, rec=True)
                if rc and r.random() < 0.3:
                    out.extend(self.call_line(f, r.choice(rc), ind, guarded=True))
                elif cands:
                    j = r.choice(cands)
                    if r.random() < 0.3:
                        out.extend(self.call_line(f, j, ind, guarded=True))
                    else:
                        out.extend(self.call_line(f, j, ind))
                else:
                    out.append(Line(ind, self.check_stmt(ctx)))
            elif c < 0.78 and ctx.depth < 3:
                out.extend(self.region(f, ctx, ind))
            elif c < 0.87 and ctx.depth < 3:
                ctx.depth += 1
                a = self.block(f, ctx, ind + 1)
                out.append(Line(ind, "if (opaque()) {"))
                out.extend(a)
                if r.random() < 0.5:
                    b = self.block(f, ctx, ind + 1)
                    out.append(Line(ind, "} else {"))
                    out.extend(b)
                out.append(Line(ind, "}"))
                ctx.depth -= 1
            elif c < 0.92 and ctx.depth < 3:
                k = self.uid()
                ctx.depth += 1
                saved = ctx.loop_base
                ctx.loop_base = ctx.nonguard()
                b = self.block(f, ctx, ind + 1)
                ctx.loop_base = saved
                ctx.depth -= 1
                out.append(Line(ind, "for (int i%d = 0; i%d < 2 && opaque(); i%d++) {" % (k, k, k)))
                out.extend(b)
                out.append(Line(ind, "}"))
            else:
                jumps = []
                ng = ctx.nonguard()
                if ng == 0 and not f.prologue:
                    jumps.append("return r;")
                if f.prologue and ng == len(f.prologue):
                    jumps.append("goto out;")
                if ctx.loop_base is not None and ng == ctx.loop_base:
                    jumps += ["break;", "continue;"]
                if jumps:
                    j = r.choice(jumps)
                    if j == "goto out;":
                        f.uses_out = True
                    out.append(Line(ind, "if (opaque())"))
                    out.append(Line(ind + 1, j))
                else:
                    out.append(Line(ind, self.sleep_stmt()))
        return out

    def function(self, f):
        r = self.rng
        ctx = Ctx()
        # an interrupt handler always takes a prologue (1-2 of its spinning
        # locks, RCU, preemption): a lock it takes there is used in
        # interrupt context on every execution (lockdep's USED_IN_*)
        if f.entry != "process" or r.random() < 0.3:
            # `goto out` cleanup style: take 0-2 things up front, release at out:
            opts = [("rcu_read_lock();", "rcu_read_unlock();", dict(what="rcu", lock=None, mode=None, guard=False)),
                    ("preempt_disable();", "preempt_enable();", dict(what="preempt", lock=None, mode=None, guard=False))]
            for lk in sorted(f.own):
                typ = LOCKS[lk][0]
                if typ == "spinlock_t":
                    opts.append(("spin_lock(&%s);" % lk, "spin_unlock(&%s);" % lk, dict(what="lock", lock=lk, mode="w", guard=False)))
                elif typ == "struct mutex":
                    opts.append(("mutex_lock(&%s);" % lk, "mutex_unlock(&%s);" % lk, dict(what="lock", lock=lk, mode="w", guard=False)))
                elif typ == "rwlock_t":
                    opts.append(("write_lock(&%s);" % lk, "write_unlock(&%s);" % lk, dict(what="lock", lock=lk, mode="w", guard=False)))
                    opts.append(("read_lock(&%s);" % lk, "read_unlock(&%s);" % lk, dict(what="lock", lock=lk, mode="r", guard=False)))
                else:
                    opts.append(("down_write(&%s);" % lk, "up_write(&%s);" % lk, dict(what="lock", lock=lk, mode="w", guard=False)))
                    opts.append(("down_read(&%s);" % lk, "up_read(&%s);" % lk, dict(what="lock", lock=lk, mode="r", guard=False)))
            seen = set()
            for _ in range(r.randint(1, 2)):
                o = r.choice(opts)
                key = o[2]["lock"] or o[2]["what"]
                if key in seen:
                    continue
                seen.add(key)
                f.prologue.append(o)
                ctx.held.append(o[2])
        body = self.block(f, ctx, 1)
        # planned forward calls not emitted: call them first, with nothing held
        missing = [Line(1, "r += %s();" % self.fs[j].name, "r += RT_CALL(%s());" % self.fs[j].name)
                   for j in f.fwd if j not in f.called]
        for j in f.fwd:
            f.called.add(j)
        lines = [Line(1, "int r = 0;")] + missing
        lines += [Line(1, p[0]) for p in f.prologue]
        lines += body
        if f.uses_out:
            lines.append(Line(0, "out:"))
        lines += [Line(1, p[1]) for p in reversed(f.prologue)]
        lines.append(Line(1, "return r;"))
        f.lines = lines

    # -------------------------------------------------------------- render
    def generate(self):
        self.plan()
        for f in self.fs:
            self.function(f)
        callees = {j for f in self.fs for j in f.called}
        for f in self.fs:
            f.is_root = f.idx not in callees
        head = ["/* rcuctx fuzz program, seed %d (fuzz/gen.py) */" % self.seed]
        head += ["#include <linux/%s.h>" % h for h in HEADERS]
        if not self.stale:
            head += ["", "struct foo { int x; };", "static struct foo foo_obj;",
                     "struct foo __rcu *gp = &foo_obj;"]
        else:
            # --stale: a reference count in the object, its rules-known
            # takers (the oracle's refcount_inc_not_zero() may fail), a
            # one-line pinning helper and a helper that dereferences
            head += ["", "typedef struct { int refs; } refcount_t;",
                     "struct foo { int x; refcount_t ref; };", "static struct foo foo_obj;",
                     "struct foo __rcu *gp = &foo_obj;"]
        stale_head = [("int refcount_inc_not_zero(refcount_t *r);",
                       "static int refcount_inc_not_zero(refcount_t *r) { (void)r; return opaque(); }"),
                      ("void refcount_inc(refcount_t *r);", "static void refcount_inc(refcount_t *r) { (void)r; }"),
                      ("static int foo_tryget(struct foo *f) { return refcount_inc_not_zero(&f->ref); }", None),
                      ("static int foo_peek(struct foo *f) { return f->x; }", None)]
        for lk, (typ, _, _) in LOCKS.items():
            head.append("%s %s;" % (typ, lk))
        for ss in SRCU:
            head.append("struct srcu_struct %s;" % ss)
        head.append("extern int opaque(void);")
        for name in sorted(self.helpers):  # --protocols' hand-over helpers
            head += [""] + self.helpers[name]
        for f in self.fs:
            head.append("%sint %s(void);" % ("" if f.is_root else "static ", f.name))
        src, rt = list(head), list(head)
        if self.stale:
            for a, b in stale_head:
                src.append(a)
                rt.append(a if b is None else b)
        for f in self.fs:
            for s in (src, rt):
                s.append("")
                if f.is_root:
                    s.append("// rcuctx-entry: %s" % f.entry)
                s.append("%sint %s(void)" % ("" if f.is_root else "static ", f.name))
                s.append("{")
            for ln in f.lines:
                src.append("\t" * ln.indent + ln.text)
                rt.append("\t" * ln.indent + ln.rt)
            for s in (src, rt):
                s.append("}")
        roots = [f.name for f in self.fs if f.is_root]
        kinds = {f.name: "RT_" + f.entry.upper() for f in self.fs}
        rt.append("")
        rt.append("const struct rt_lockname rt_locknames[] = {")
        for lk in LOCKS:
            rt.append('\t{ &%s, "%s" },' % (lk, lk))
        for ss in SRCU:
            rt.append('\t{ &%s, "srcu:%s" },' % (ss, ss))
        rt.append("\t{ 0, 0 }")
        rt.append("};")
        rt.append("const struct rt_root rt_roots[] = {")
        for n in roots:
            rt.append('\t{ "%s", %s, %s },' % (n, n, kinds[n]))
        rt.append("\t{ 0, 0 }")
        rt.append("};")
        return "\n".join(src) + "\n", "\n".join(rt) + "\n", roots


def generate(seed, size=1.0, correlated=False, loop_skips=False, irq=False, protocols=False, stale=False):
    return Gen(seed, size, correlated, loop_skips, irq, protocols, stale).generate()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("seed", type=int)
    ap.add_argument("-o", "--out", default=".")
    ap.add_argument("--size", type=float, default=0.6, help="scale statement counts")
    ap.add_argument("--correlated", action="store_true",
                    help="also take contexts under `if (c)` and release them under a later `if (c)`")
    ap.add_argument("--loop-skips", action="store_true",
                    help="also generate loops that skip re-taking what they dropped (unbalanced at run time)")
    ap.add_argument("--irq", action="store_true",
                    help="also generate interrupt handlers (hardirq/softirq roots) and bottom-half regions")
    ap.add_argument("--protocols", action="store_true",
                    help="also take locks through helpers that hand them over by their returned value")
    ap.add_argument("--stale", action="store_true",
                    help="also read pointers in RCU sections, maybe pin them, and use them after")
    a = ap.parse_args()
    src, rt, roots = generate(a.seed, a.size, a.correlated, a.loop_skips, a.irq, a.protocols, a.stale)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "prog.c"), "w") as fh:
        fh.write(src)
    with open(os.path.join(a.out, "prog_rt.c"), "w") as fh:
        fh.write(rt)
    print("roots: %s" % " ".join(roots))


if __name__ == "__main__":
    main()
