// RUN: %verify %s
// A function that leaves a lock (and the RCU section of the page table it
// mapped) for its caller, and stores the lock where the caller will find it,
// hands the context over; it is not unbalanced. 6.12's folio_walk_start()
// (`fw->ptl = ptl`) and follow_pfnmap_start() (through a helper,
// pfnmap_args_setup(args, lock, ...)) return with the PTE mapped and locked
// on one path and with a PMD lock on another; the caller's *_end() unlocks
// what the object says. Found when effects across files (issue #16) made
// pte_offset_map_lock()'s RCU section visible in mm/pagewalk.c and
// mm/memory.c. Without the store, the same body is reported.
#include <linux/pgtable.h>
#include <linux/spinlock.h>

struct walk { spinlock_t *ptl; pte_t *ptep; };
struct args { spinlock_t *lock; pte_t *ptep; };

pte_t *map_lock(pmd_t *pmd, unsigned long addr, spinlock_t **ptlp)
{
	pte_t *pte = pte_offset_map(pmd, addr);

	if (!pte)
		return NULL;
	*ptlp = (spinlock_t *)pmd;
	spin_lock(*ptlp);
	return pte;
}

int huge(pmd_t *pmd);
spinlock_t *pmd_lock(pmd_t *pmd);

int walk_start(struct walk *fw, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	if (huge(pmd)) {
		ptl = pmd_lock(pmd);
		spin_lock(ptl);
		fw->ptl = ptl;
		return 1;
	}
	pte = map_lock(pmd, addr, &ptl);
	if (!pte)
		return 0;
	fw->ptl = ptl;
	fw->ptep = pte;
	return 1;
}

static void args_setup(struct args *a, spinlock_t *lock, pte_t *ptep)
{
	a->lock = lock;
	a->ptep = ptep;
}

int pfnmap_start(struct args *a, pmd_t *pmd, unsigned long addr)
{
	spinlock_t *lock;
	pte_t *pte;

	if (huge(pmd)) {
		lock = pmd_lock(pmd);
		spin_lock(lock);
		args_setup(a, lock, NULL);
		return 0;
	}
	pte = map_lock(pmd, addr, &lock);
	if (!pte)
		return -22;
	args_setup(a, lock, pte);
	return 0;
}

int walk_start_keeps_it(pmd_t *pmd, unsigned long addr)
{
	spinlock_t *ptl;
	pte_t *pte;

	if (huge(pmd))
		return 1;
	pte = map_lock(pmd, addr, &ptl);
	if (!pte)
		return 0;
	return 1; // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}
}
