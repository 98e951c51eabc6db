// A mode that is one bit of a flags parameter (`flags & FOLL_UNLOCKABLE`):
// the callee's exit is followed per value of the bit, and a caller's
// argument sets it (`FOLL_WRITE | FOLL_UNLOCKABLE`, `flags | BIT`) or passes
// its own bit on (`fault_in(mm, flags)` where the caller tests that bit too).
// Before, the bit was no mode: fault_in() left the lock "held or not" and
// every caller went silent, the double unlock included.
// RUN: %verify %s
#include <linux/spinlock.h>

#define FOLL_WRITE 0x01
#define FOLL_UNLOCKABLE 0x100000

struct mm { spinlock_t lock; int n; };

/* Drops the lock when the caller says it may (one bit of the flags). */
static void fault_in(struct mm *mm, unsigned int flags)
{
	mm->n++;
	if (flags & FOLL_UNLOCKABLE)
		spin_unlock(&mm->lock);
}

void gup_unlockable(struct mm *mm)
{
	spin_lock(&mm->lock);
	fault_in(mm, FOLL_WRITE | FOLL_UNLOCKABLE);
}

void gup_locked(struct mm *mm)
{
	spin_lock(&mm->lock);
	fault_in(mm, FOLL_WRITE);
	spin_unlock(&mm->lock);
}

void gup_locked_wrong(struct mm *mm, unsigned int flags)
{
	spin_lock(&mm->lock);
	fault_in(mm, flags | FOLL_UNLOCKABLE);
	spin_unlock(&mm->lock); // expected-warning {{unlock of 'struct mm::lock', which is not held here}}
}

void gup_unknown(struct mm *mm, unsigned int flags)
{
	spin_lock(&mm->lock);
	fault_in(mm, flags);
	if (!(flags & FOLL_UNLOCKABLE))
		spin_unlock(&mm->lock);
}
