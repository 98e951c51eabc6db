// Pathological input (bench/pathological.py): an interpreter loop that
// dispatches with computed goto (GNU labels-as-values). Every path from the
// dispatch to `out` keeps the lock balanced: no finding is expected.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

struct vm { spinlock_t lock; int acc; int pc; const unsigned char *code; };
struct cfg { int step; };
struct cfg __rcu *vm_cfg;

int run(struct vm *vm)
{
	static void *const ops[] = { &&op_add, &&op_sub, &&op_rcu, &&op_yield, &&op_halt };
	int step;

	spin_lock(&vm->lock);
#define DISPATCH() goto *ops[vm->code[vm->pc++] % 5]
	DISPATCH();
op_add:
	vm->acc++;
	DISPATCH();
op_sub:
	vm->acc--;
	DISPATCH();
op_rcu:
	rcu_read_lock();
	step = rcu_dereference(vm_cfg)->step;
	rcu_read_unlock();
	vm->acc += step;
	DISPATCH();
op_yield:
	/* drop the lock to sleep, take it again: still balanced */
	spin_unlock(&vm->lock);
	msleep(1);
	spin_lock(&vm->lock);
	DISPATCH();
op_halt:
	spin_unlock(&vm->lock);
	return vm->acc;
}

/* A jump table whose targets are taken by address but reached from one
 * indirect goto outside any section. */
int table(int i)
{
	void *t[] = { &&a, &&b };
	int r = 0;

	goto *t[i & 1];
a:
	rcu_read_lock();
	r = rcu_dereference(vm_cfg)->step;
	rcu_read_unlock();
	return r;
b:
	msleep(1);
	return r;
}
