/* SPDX-License-Identifier: MIT */
/*
 * rcuctx fuzz oracle: the run-time half. Tracks the context a generated
 * program runs in (see rt.h), explores its paths from every root, and prints
 * for every check site -- a check's kind and its full call stack of source
 * lines -- how many executions reached it and how many of them violated it.
 *
 * opaque() answers from a choice sequence: the roots are explored by
 * exhaustive depth-first search over the choices, up to a budget of
 * executions per root; past the budget the rest of the budget is spent on
 * random sequences and the root is reported as not exhaustive. Beyond
 * RT_MAX_DEPTH nested calls opaque() returns 0 without a choice, which bounds
 * recursion (the generator guards every recursive call with opaque()).
 *
 * Usage: prog [max-executions-per-root [max-choices-per-execution [unbalanced]]]
 * With a third argument "unbalanced" (gen.py --loop-skips, whose loops may
 * skip re-taking what they dropped), an explicit unlock of what is not held
 * (rcu_read_unlock, preempt_enable, a lock's unlock) is not a generator BUG:
 * it is a check of kind `unbalanced` (object rcu, preempt or the lock),
 * violated when nothing is held, and execution goes on with the depth
 * clamped at 0 -- what lockdep does ("bad unlock balance detected!", then
 * the lock stays released; PROVE_RCU/DEBUG_PREEMPT warn on the underflow).
 * Every explicit unlock is then recorded, so that "definite" (violated on
 * every execution that reaches it) means the same as for the other kinds.
 * SITE lines then get a fourth number: the executions that violate the check
 * under *raw* counters, which go negative instead (PREEMPT_RCU's nesting
 * counter, preempt_count without DEBUG_PREEMPT, spin_unlock()'s
 * preempt_enable() of a lock not held), by an unbounded amount (RT_DRIFT:
 * the skipping loop may run any number of times), so that a later lock may
 * not open a section at all. The two agree until the first unlock of what
 * is not held. run.py counts a definite miss as a checker miss only when
 * the site is definite under both.
 * Output lines:
 *   ROOT <name> <executions> <exhaustive 0|1> <process|softirq|hardirq>
 *   SITE <kind> <root> <object> <line>,<line>,... <reached> <violated>
 *        (the lines: the calls from the root down, then the check's line)
 *   BUG <what> <line>      (generator errors: the program is not balanced)
 *   DEP <root> <A> <B> <definite 0|1>
 *        (lock order, as lockdep records it: B was acquired while A was held;
 *        definite when the frame that took A held it at that point -- the
 *        call leading to B, or B's acquisition -- on every execution that
 *        reached the point. Classes by name: rt_locknames.)
 *   INIRQ <root> <softirq|hardirq> <class> <any> <write>
 *        (lockdep's USED_IN_HARDIRQ/SOFTIRQ usage of a spinning lock: how many
 *        executions of an interrupt root acquired it, in any mode and
 *        exclusively; trylocks do not count, as in lockdep's mark_usage())
 *   ACQ <root> <class> <W|R> <trylock 0|1> <line>,...,<line> <reached> <irqs_on> <bh_on>
 *        (every acquisition of a spinning lock, trylocks too, with its call
 *        stack: how often reached, and how often with IRQs enabled, and with
 *        IRQs and bottom halves enabled: lockdep's ENABLED_HARDIRQ/SOFTIRQ)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rt.h"

#define RT_MAX_LOCKS 32
#define RT_MAX_SRCU 8
#define RT_MAX_STACK 64
#define RT_MAX_DEPTH 6
#define RT_MAX_CHOICES 4096
/* a raw counter after an unlock of what is not held: the loop around it may
 * repeat the skip any number of times (the checker cannot bound it), so the
 * counter is as low as can be */
#define RT_DRIFT (-1000)

struct rt_state {
	int rcu, preempt, irq, bh;
	/* the task state: 0 TASK_RUNNING; not part of a call's balance, as a
	 * callee's schedule() makes the task run again */
	int task_state;
	/* the raw counters (only differ after an unlock of what is not held):
	 * RCU nesting and a preempt count that spinning locks add to, both
	 * allowed to go negative */
	int raw_rcu, raw_preempt;
	int srcu[RT_MAX_SRCU];
	int cnt[RT_MAX_LOCKS];   /* holders (readers may be several) */
	/* the frame (call depth) that took each held lock / entered each SRCU
	 * domain: a dependency is witnessed in that frame (lock order) */
	int lock_depth[RT_MAX_LOCKS], srcu_depth[RT_MAX_SRCU];
	int mode[RT_MAX_LOCKS];  /* RT_WRITE or RT_READ while cnt > 0 */
	int spins[RT_MAX_LOCKS];
};

static const void *lock_addr[RT_MAX_LOCKS];
static int nlocks;
static const void *srcu_addr[RT_MAX_SRCU];
static int nsrcu;
static struct rt_state st;
static const char *cur_root = "?";
static enum rt_entry cur_kind;
/* per execution of an interrupt root: each class acquired (1) and
 * exclusively (2); per root: in how many executions */
static unsigned char used_now[RT_MAX_LOCKS];
static long used_any[RT_MAX_LOCKS], used_write[RT_MAX_LOCKS];
static int stack[RT_MAX_STACK];
static struct rt_state saved[RT_MAX_STACK];
static int depth;
int rt_guard_line;

static int choices[RT_MAX_CHOICES];
static int nchoices, pos, max_choices = 64, random_mode, truncated;

static const char *kind_name[RT_NKINDS] = {
	"rcu-section", "lock-held", "sleep-in-atomic", "lockdep-condition", "unbalanced",
	"blocking-state", "stale-rcu-pointer",
};
static int allow_unbalanced;

/* ---- records keyed by a string (a check's kind and stack, a point of a
 * frame, a dependency, an acquisition): open addressing, elements of any
 * struct whose first member is the key ---- */
#define RT_SITES (1 << 17)
struct table { void *slots; size_t size; int used; const char *what; };

static unsigned long hash(const char *s)
{
	unsigned long h = 1469598103934665603ul;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ul;
	return h;
}

/* The element for key; a new one (zeroed, key copied) unless create is 0
 * (then NULL). *created says which. */
static void *slot(struct table *t, const char *key, int create, int *created)
{
	unsigned long h = hash(key) & (RT_SITES - 1);
	char *e;
	for (;;) {
		e = (char *)t->slots + h * t->size;
		char *k = *(char **)e;
		if (!k || !strcmp(k, key))
			break;
		h = (h + 1) & (RT_SITES - 1);
	}
	if (created)
		*created = !*(char **)e;
	if (*(char **)e || !create)
		return *(char **)e ? e : NULL;
	if (t->used >= RT_SITES / 2) {
		fprintf(stderr, "rt: too many %s\n", t->what);
		exit(3);
	}
	*(char **)e = strdup(key);
	t->used++;
	return e;
}

#define TABLE_EACH(t, type, v) \
	for (type *v = (t)->slots; v < (type *)(t)->slots + RT_SITES; v++) \
		if (v->key)

struct site { char *key; long reached, violated, violated_raw; };
/* the raw verdict of the last context predicate (-1: none since the last check) */
static int raw_pending = -1, clamp_pending;
static struct site site_slots[RT_SITES];
static struct table sites = { site_slots, sizeof(struct site), 0, "sites" };

static void record_raw(int kind, int ok, int raw_ok, int line, const char *obj);
static void depend(int b, int line);
static void record(int kind, int ok, int line, const char *obj)
{
	/* the check's condition ended in a context predicate: judge it raw too */
	int raw_ok = raw_pending >= 0 && ok == clamp_pending ? raw_pending : ok;
	raw_pending = -1;
	record_raw(kind, ok, raw_ok, line, obj);
}

static void record_raw(int kind, int ok, int raw_ok, int line, const char *obj)
{
	char key[16 * RT_MAX_STACK];
	char o[64];
	int k = 0;
	/* the object as the program spelled it, without blanks or '&' */
	for (const char *c = obj; *c && k < (int)sizeof(o) - 1; c++)
		if (*c != ' ' && *c != '&')
			o[k++] = *c;
	o[k] = 0;
	int n = snprintf(key, sizeof(key), "%s %s %s ", kind_name[kind], cur_root, o);
	for (int i = 0; i < depth && n < (int)sizeof(key) - 16; i++)
		n += snprintf(key + n, sizeof(key) - n, "%d,", stack[i]);
	snprintf(key + n, sizeof(key) - n, "%d", line);
	struct site *s = slot(&sites, key, 1, NULL);
	s->reached++;
	if (!ok)
		s->violated++;
	if (!raw_ok)
		s->violated_raw++;
}

static void bug(const char *what, int line)
{
	printf("BUG %s %d\n", what, line);
}

static int lock_index(const void *l)
{
	for (int i = 0; i < nlocks; i++)
		if (lock_addr[i] == l)
			return i;
	if (nlocks == RT_MAX_LOCKS) {
		fprintf(stderr, "rt: too many locks\n");
		exit(3);
	}
	lock_addr[nlocks] = l;
	return nlocks++;
}

static int srcu_index(const void *s)
{
	for (int i = 0; i < nsrcu; i++)
		if (srcu_addr[i] == s)
			return i;
	if (nsrcu == RT_MAX_SRCU) {
		fprintf(stderr, "rt: too many srcu domains\n");
		exit(3);
	}
	srcu_addr[nsrcu] = s;
	return nsrcu++;
}

/* Same context (what is held and how deep), ignoring per-lock bookkeeping. */
static int same_state(const struct rt_state *a, const struct rt_state *b)
{
	if (a->rcu != b->rcu || a->preempt != b->preempt || a->irq != b->irq || a->bh != b->bh)
		return 0;
	if (memcmp(a->srcu, b->srcu, sizeof(a->srcu)))
		return 0;
	for (int i = 0; i < RT_MAX_LOCKS; i++)
		if (a->cnt[i] != b->cnt[i] || (a->cnt[i] && a->mode[i] != b->mode[i]))
			return 0;
	return 1;
}

static int atomic_context(void)
{
	if (st.rcu > 0 || st.preempt > 0 || st.irq > 0 || st.bh > 0)
		return 1;
	for (int i = 0; i < nlocks; i++)
		if (st.cnt[i] > 0 && st.spins[i])
			return 1;
	return 0;
}

void rt_check(int kind, int ok, int line, const char *obj) { record(kind, ok, line, obj); }
static int raw_sched(void) { return st.raw_preempt > 0 || st.irq > 0 || st.bh > 0; }
void rt_resched(int line)
{
	record_raw(RT_SLEEP_IN_ATOMIC, !atomic_context(), !(raw_sched() || st.raw_rcu > 0), line, "-");
}
void rt_sleep(int line)
{
	rt_resched(line);
	record_raw(RT_BLOCKING_STATE, st.task_state == 0, st.task_state == 0, line, "-");
}
void rt_schedule(int line)
{
	rt_resched(line);
	st.task_state = 0;
}
void rt_task_state(int state)
{
	st.task_state = state;
}
/* An explicit unlock (line > 0) of obj; held: whether anything was held. */
static void unlock_check(int held, int line, const char *obj, const char *what)
{
	if (allow_unbalanced && line > 0)
		record_raw(RT_UNBALANCED, held, held, line, obj);
	else if (!held)
		bug(what, line);
}

/* The RCU section now lasting, numbered per execution (not part of the
 * state a call must leave as it found it: a callee's section is its own). */
static long rcu_section, rcu_sections;
static void rcu_section_moved(void)
{
	if (st.rcu == 0)
		rcu_section = 0;
	else if (rcu_section == 0)
		rcu_section = ++rcu_sections;
}
long rt_rcu_section(void) { return rcu_section; }
void rt_stale_use(long sec, int pinned, int line)
{
	record(RT_STALE_POINTER, pinned || (sec != 0 && sec == rcu_section), line, "rcu");
}

void rt_rcu_unlock(int line)
{
	unlock_check(st.rcu > 0, line, "rcu", "rcu-underflow");
	if (st.rcu > 0)
		st.rcu--;
	st.raw_rcu = st.raw_rcu > 0 ? st.raw_rcu - 1 : RT_DRIFT;
	rcu_section_moved();
}

void rt_preempt_enable(int line)
{
	unlock_check(st.preempt > 0, line, "preempt", "preempt-underflow");
	if (st.preempt > 0)
		st.preempt--;
	st.raw_preempt = st.raw_preempt > 0 ? st.raw_preempt - 1 : RT_DRIFT;
}

void rt_rcu(int d)
{
	st.raw_rcu += d;
	st.rcu += d;
	if (st.rcu < 0) {
		bug("rcu-underflow", 0);
		st.rcu = 0;
	}
	rcu_section_moved();
}
void rt_preempt(int d) { st.raw_preempt += d; st.preempt += d; if (st.preempt < 0) { bug("preempt-underflow", 0); st.preempt = 0; } }
void rt_irq(int d) { st.irq += d; if (st.irq < 0) { bug("irq-underflow", 0); st.irq = 0; } }
void rt_bh(int d) { st.bh += d; if (st.bh < 0) { bug("bh-underflow", 0); st.bh = 0; } }
void rt_srcu_enter(const void *s, int line)
{
	int i = srcu_index(s);
	depend(RT_MAX_LOCKS + i, line);
	if (st.srcu[i] == 0)
		st.srcu_depth[i] = depth;
	rt_srcu(s, 1);
}
void rt_srcu(const void *s, int d)
{
	int i = srcu_index(s);
	st.srcu[i] += d;
	if (st.srcu[i] < 0) { bug("srcu-underflow", 0); st.srcu[i] = 0; }
}
int rt_rcu_held(void)
{
	raw_pending = st.raw_rcu > 0;
	return clamp_pending = st.rcu > 0;
}
int rt_srcu_held(const void *s) { return st.srcu[srcu_index(s)] > 0; }
int rt_sched_held(void)
{
	raw_pending = raw_sched();
	clamp_pending = 1;
	/* not preemptible: bottom halves off count (rcu_read_lock_sched_held()) */
	if (st.preempt > 0 || st.irq > 0 || st.bh > 0)
		return 1;
	for (int i = 0; i < nlocks; i++)
		if (st.cnt[i] > 0 && st.spins[i])
			return 1;
	return clamp_pending = 0;
}

int rt_held(const void *l, int mode)
{
	int i = lock_index(l);
	if (st.cnt[i] == 0)
		return 0;
	return mode == RT_ANY || st.mode[i] == mode;
}

/* ---- lock order ---- */
#define RT_NCLASS (RT_MAX_LOCKS + RT_MAX_SRCU)   /* locks, then SRCU domains */
/* a point of a frame: how often reached, and how often each class the frame
 * took itself was held there */
struct point { char *key; long reached; long held[RT_NCLASS]; };
static struct point point_slots[RT_SITES];
static struct table points = { point_slots, sizeof(struct point), 0, "points" };
struct dep { char *key; const char *root; int a, b; struct point *at; };
static struct dep dep_slots[RT_SITES];
static struct table deps = { dep_slots, sizeof(struct dep), 0, "dependencies" };

/* the point of frame j: the root, the calls down to frame j, then the call
 * frame j makes (or, for the current frame, line) */
static void point_key(char *buf, size_t n, int j, int line)
{
	int k = snprintf(buf, n, "%s ", cur_root);
	for (int i = 0; i < j && k < (int)n - 16; i++)
		k += snprintf(buf + k, n - k, "%d,", stack[i]);
	snprintf(buf + k, n - k, "%d", j < depth ? stack[j] : line);
}

static struct point *point_at(const char *key) { return slot(&points, key, 1, NULL); }

/* The current frame reaches line: count what it took itself and holds. */
static void rt_point(int line)
{
	char key[16 * RT_MAX_STACK];
	point_key(key, sizeof(key), depth, line);
	struct point *p = point_at(key);
	p->reached++;
	for (int i = 0; i < nlocks; i++)
		if (st.cnt[i] > 0 && st.lock_depth[i] == depth)
			p->held[i]++;
	for (int i = 0; i < nsrcu; i++)
		if (st.srcu[i] > 0 && st.srcu_depth[i] == depth)
			p->held[RT_MAX_LOCKS + i]++;
}

static void add_dep(int a, int j, int b, int line)
{
	char key[16 * RT_MAX_STACK + 32], pk[16 * RT_MAX_STACK];
	point_key(pk, sizeof(pk), j, line);
	snprintf(key, sizeof(key), "%d %d %s", a, b, pk);
	int created;
	struct dep *d = slot(&deps, key, 1, &created);
	if (!created)
		return;
	d->root = cur_root;
	d->a = a;
	d->b = b;
	d->at = point_at(pk);
}

/* Class b (a lock index, or RT_MAX_LOCKS + an SRCU index) is acquired at
 * line: it depends on every other class held, at the frame that took it. */
static void depend(int b, int line)
{
	rt_point(line);
	for (int i = 0; i < nlocks; i++)
		if (st.cnt[i] > 0 && i != b)
			add_dep(i, st.lock_depth[i], b, line);
	for (int i = 0; i < nsrcu; i++)
		if (st.srcu[i] > 0 && RT_MAX_LOCKS + i != b)
			add_dep(RT_MAX_LOCKS + i, st.srcu_depth[i], b, line);
}

void rt_order(const void *l, int line)
{
	depend(lock_index(l), line);
}

static const char *class_name(int c)
{
	const void *addr = c < RT_MAX_LOCKS ? lock_addr[c] : srcu_addr[c - RT_MAX_LOCKS];
	for (const struct rt_lockname *n = rt_locknames; n->addr; n++)
		if (n->addr == addr)
			return n->name;
	return "?";
}

/* ---- IRQ usage of spinning locks (lockdep's mark_usage()) ---- */
struct acq { char *key; long reached, irqs_on, bh_on; };
static struct acq acq_slots[RT_SITES];
static struct table acqs = { acq_slots, sizeof(struct acq), 0, "acquisitions" };

static void usage(int i, int mode, int trylock, int line)
{
	char key[16 * RT_MAX_STACK + 64];
	int n = snprintf(key, sizeof(key), "%s %s %s %d ", cur_root, class_name(i), mode == RT_READ ? "R" : "W",
			 trylock);
	for (int j = 0; j < depth && n < (int)sizeof(key) - 16; j++)
		n += snprintf(key + n, sizeof(key) - n, "%d,", stack[j]);
	snprintf(key + n, sizeof(key) - n, "%d", line);
	struct acq *a = slot(&acqs, key, 1, NULL);
	a->reached++;
	a->irqs_on += st.irq == 0;
	a->bh_on += st.irq == 0 && st.bh == 0;
	if (cur_kind != RT_PROCESS && !trylock)
		used_now[i] |= 1 | (mode == RT_WRITE ? 2 : 0);
}

static void take(int i, int spins, int mode)
{
	if (st.cnt[i] == 0)
		st.lock_depth[i] = depth;
	st.cnt[i]++;
	st.mode[i] = mode;
	st.spins[i] = spins;
	st.raw_preempt += spins;
}

void rt_acquire(const void *l, int spins, int mode, int line)
{
	int i = lock_index(l);
	depend(i, line);
	if (st.cnt[i] > 0 && !(mode == RT_READ && st.mode[i] == RT_READ))
		bug("double-lock", line);   /* would deadlock: the generator avoids it */
	if (spins)
		usage(i, mode, 0, line);
	take(i, spins, mode);
}

/* A trylock never waits: no dependency on what is held (lockdep's rule);
 * what is taken after it while it is held depends on it. */
int rt_try(const void *l, int spins, int mode, int line)
{
	if (!opaque())
		return 0;
	int i = lock_index(l);
	if (st.cnt[i] > 0 && !(mode == RT_READ && st.mode[i] == RT_READ))
		bug("double-lock", line);
	if (spins)
		usage(i, mode, 1, line);
	take(i, spins, mode);
	return 1;
}

void rt_release(const void *l, int line, const char *name)
{
	int i = lock_index(l);
	unlock_check(st.cnt[i] > 0, line, name, "unlock-not-held");
	if (st.cnt[i] == 0) {
		/* spin_unlock() re-enables preemption regardless */
		if (st.spins[i])
			st.raw_preempt = RT_DRIFT;
		return;
	}
	st.raw_preempt -= st.spins[i];
	st.cnt[i]--;
}

void *rt_kmalloc(size_t size, gfp_t flags, int line)
{
	if (flags & __GFP_DIRECT_RECLAIM)
		rt_sleep(line);
	return malloc(size);
}
void rt_kfree(const void *p) { free((void *)p); }

void rt_push(int line)
{
	rt_point(line);
	if (depth == RT_MAX_STACK) {
		fprintf(stderr, "rt: stack overflow\n");
		exit(3);
	}
	saved[depth] = st;
	stack[depth++] = line;
}

void rt_pop(void)
{
	depth--;
	if (!same_state(&saved[depth], &st))
		bug("unbalanced-call", stack[depth]);
}

int opaque(void)
{
	if (depth > RT_MAX_DEPTH)
		return 0;
	if (pos < nchoices)
		return choices[pos++];
	if (nchoices >= max_choices) {
		truncated = 1;
		return 0;
	}
	choices[nchoices] = random_mode ? (int)(random() & 1) : 0;
	return choices[pos++, nchoices++];
}

static void run(const struct rt_root *r)
{
	memset(&st, 0, sizeof(st));
	rcu_section = rcu_sections = 0;
	cur_root = r->name;
	cur_kind = r->kind;
	/* the context the kernel enters an interrupt root in: preempt_count's
	 * SOFTIRQ/HARDIRQ part makes it atomic and an RCU-sched reader */
	if (r->kind == RT_SOFTIRQ)
		st.bh = 1, st.preempt = st.raw_preempt = 1;
	if (r->kind == RT_HARDIRQ)
		st.irq = 1, st.preempt = st.raw_preempt = 1;
	struct rt_state entry = st;
	memset(used_now, 0, sizeof(used_now));
	depth = 0;
	pos = 0;
	raw_pending = -1;
	r->fn();
	if (!same_state(&entry, &st))
		bug("unbalanced-root", 0);
	for (int i = 0; i < nlocks; i++) {
		used_any[i] += used_now[i] & 1;
		used_write[i] += (used_now[i] & 2) != 0;
	}
}

int main(int argc, char **argv)
{
	long budget = argc > 1 ? atol(argv[1]) : 20000;
	if (argc > 2)
		max_choices = atoi(argv[2]);
	if (argc > 3 && !strcmp(argv[3], "unbalanced"))
		allow_unbalanced = 1;
	if (max_choices > RT_MAX_CHOICES)
		max_choices = RT_MAX_CHOICES;
	srandom(1);
	for (const struct rt_root *r = rt_roots; r->name; r++) {
		long execs = 0;
		int exhaustive = 1;
		nchoices = 0;
		random_mode = 0;
		truncated = 0;
		memset(used_any, 0, sizeof(used_any));
		memset(used_write, 0, sizeof(used_write));
		for (;;) {
			run(r);
			execs++;
			while (nchoices > 0 && choices[nchoices - 1] == 1)
				nchoices--;
			if (nchoices == 0)
				break;
			if (execs >= budget / 2) {
				exhaustive = 0;
				break;
			}
			choices[nchoices - 1] = 1;
		}
		if (!exhaustive) {
			random_mode = 1;
			while (execs < budget) {
				nchoices = 0;
				run(r);
				execs++;
			}
		}
		if (truncated)
			exhaustive = 0;
		static const char *const kinds[] = { "process", "softirq", "hardirq" };
		printf("ROOT %s %ld %d %s\n", r->name, execs, exhaustive, kinds[r->kind]);
		for (int i = 0; i < nlocks; i++)
			if (used_any[i])
				printf("INIRQ %s %s %s %ld %ld\n", r->name,
				       r->kind == RT_HARDIRQ ? "hardirq" : "softirq", class_name(i), used_any[i],
				       used_write[i]);
	}
	TABLE_EACH(&deps, struct dep, d)
		printf("DEP %s %s %s %d\n", d->root, class_name(d->a), class_name(d->b),
		       d->at->held[d->a] == d->at->reached);
	TABLE_EACH(&acqs, struct acq, a)
		printf("ACQ %s %ld %ld %ld\n", a->key, a->reached, a->irqs_on, a->bh_on);
	TABLE_EACH(&sites, struct site, s)
		if (allow_unbalanced)
			printf("SITE %s %ld %ld %ld\n", s->key, s->reached, s->violated, s->violated_raw);
		else
			printf("SITE %s %ld %ld\n", s->key, s->reached, s->violated);
	return 0;
}
