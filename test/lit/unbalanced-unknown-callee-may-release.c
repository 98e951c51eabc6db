// A function that hands its lock to a callee the analysis cannot see
// (do_vmi_munmap(..., unlock) and do_vmi_align_munmap() in Linux's mm/vma.c
// drop mmap_lock on success) is not unbalanced: the path that skips the
// unlock after such a call may well hold nothing. Unknown calls must never
// produce a finding, but the join after `goto success_unlocked` compares a
// path that released the lock with one that, as far as this file knows,
// still holds it. Found on 6.12 mm/ (brk(), __vm_munmap(), mremap(): three
// false alarms, kernel/RESULTS-mm.md), after the rework of issue #13 stopped
// an accidental suppression (stale try-lock entries in the join check's
// "touched later" set). With the callee's body in another file, `rcuctx -p`
// composes its effect (crossfile-release-directed-by-field.test); for the
// plugin alone, the fix would be a rule that an unknown callee given the
// lock's owner may release it. (On 6.12 itself brk() and mremap() also stay
// for a data invariant in vms_complete_munmap_vmas(): kernel/RESULTS-mm.md.)
// XFAIL: *
// RUN: %verify %s
// expected-no-diagnostics
#include <linux/mm.h>

struct mm { struct rw_semaphore lock; };
extern int cond(void);
/* Defined in another file: drops mm->lock when it returns 0 and unlock is set. */
extern int munmap_and_unlock(struct mm *mm, int unlock);

int shrink(struct mm *mm)
{
	down_write(&mm->lock);
	if (cond())
		goto success;
	if (munmap_and_unlock(mm, 1))
		goto out;
	goto success_unlocked;
success:
	up_write(&mm->lock);
success_unlocked:
	return 0;
out:
	up_write(&mm->lock);
	return -1;
}
