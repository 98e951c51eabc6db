// RUN: %verify %debug_config %s
// A rules contract over a body in the same file (rules/15-mm.yaml's
// expand_stack(), whose body is in mm/mmap.c, as its callers there are):
// the contract gives the effect per returned value, the body still gives
// its requirements and lock order to the callers (its lockdep assertion, a
// lock it takes), and the contract's own sleep.
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/lockdep.h>
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
static spinlock_t big_lock;
static spinlock_t other_lock;

struct vm_area_struct *expand_stack(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_assert_locked(mm);
	spin_lock(&other_lock);
	spin_unlock(&other_lock);
	vma = find_vma(mm, addr);
	if (!vma)
		mmap_read_unlock(mm);
	return vma;
}

int caller_unlocked(struct mm_struct *mm, unsigned long addr)
{
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	if (!expand_stack(mm, addr)) // expected-warning {{'expand_stack' requires 'struct mm_struct::mmap_lock' held, but it is not held here}}
		return -1;
	mmap_read_unlock(mm);
	return 0;
}

void order_a(struct mm_struct *mm, unsigned long addr)
{
	mmap_read_lock(mm);
	spin_lock(&big_lock);
	if (expand_stack(mm, addr)) // expected-warning {{'expand_stack' may sleep, but spinning lock 'big_lock' is held here}} expected-warning {{possible deadlock: 'order_a' acquires 'other_lock' while holding 'big_lock', and 'order_b' acquires 'big_lock' while holding 'other_lock'}}
		mmap_read_unlock(mm);
	spin_unlock(&big_lock);
}

void order_b(void)
{
	spin_lock(&other_lock);
	spin_lock(&big_lock);
	spin_unlock(&big_lock);
	spin_unlock(&other_lock);
}
