// RUN: %verify %s
// A context handed over through the returned value (issue #14): a function
// that returns an object with the lock held, or NULL / an ERR_PTR() / false
// with it dropped, is a protocol, not an imbalance, and its callers that test
// the value get the right context on each branch. Shapes of 6.12's
// expand_stack(), __pte_offset_map(), upgrade_mmap_lock_carefully().
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#define ENOENT 2
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }

int down_write_killable(struct rw_semaphore *sem);
static inline int mmap_write_lock_killable(struct mm_struct *mm)
{
	int ret;

	ret = down_write_killable(&mm->mmap_lock);
	return ret;
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
int can_grow(struct vm_area_struct *vma, unsigned long addr);
void touch(struct vm_area_struct *vma);

/* Returns the VMA with mmap_lock held, or NULL with it dropped. */
struct vm_area_struct *grow_stack(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_unlock(mm);
	if (mmap_write_lock_killable(mm))
		return NULL;
	vma = find_vma(mm, addr);
	if (vma && can_grow(vma, addr))
		goto success;
	mmap_write_unlock(mm);
	return NULL;
success:
	return vma;
}

static void use_locked(struct mm_struct *mm, struct vm_area_struct *vma)
{
	mmap_assert_locked(mm);
	touch(vma);
}

int access_vm(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = grow_stack(mm, addr);
	if (!vma)
		return 0; /* mmap_lock was dropped on failure */
	use_locked(mm, vma);
	mmap_write_unlock(mm);
	return 1;
}

int access_vm_direct(struct mm_struct *mm, unsigned long addr)
{
	mmap_read_lock(mm);
	if (!find_vma(mm, addr) && !grow_stack(mm, addr))
		return 0;
	mmap_write_unlock(mm);
	return 1;
}

int access_after_failure(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = grow_stack(mm, addr);
	if (vma == NULL) {
		use_locked(mm, vma); // expected-warning {{'use_locked' requires 'struct mm_struct::mmap_lock' held, but it is not held here}}
		return 0;
	}
	mmap_write_unlock(mm);
	return 1;
}

void access_forgets_unlock(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	vma = grow_stack(mm, addr);
	if (!vma)
		return;
	touch(vma);
	return; // expected-warning {{returns with 'struct mm_struct::mmap_lock' held on this path but not on others}}
}

/* Returns the mapped entry inside an RCU section, or NULL outside one. */
typedef struct { unsigned long val; } pte_t;
int pmd_bad(unsigned long *pmd);

pte_t *map_pte(unsigned long *pmd)
{
	rcu_read_lock();
	if (pmd_bad(pmd)) {
		rcu_read_unlock();
		return NULL;
	}
	return (pte_t *)pmd;
}

static inline void unmap_pte(pte_t *pte)
{
	rcu_read_unlock();
}

unsigned long read_pte(unsigned long *pmd)
{
	unsigned long v;
	pte_t *pte = map_pte(pmd);

	if (!pte)
		return 0;
	v = pte->val;
	unmap_pte(pte);
	return v;
}

void read_pte_forgets_unmap(unsigned long *pmd, unsigned long *out)
{
	pte_t *pte = map_pte(pmd);

	if (!pte)
		return;
	*out = pte->val;
} // expected-warning {{returns with an RCU read-side critical section held on this path but not on others}}

/* An ERR_PTR() on failure: the lock is not the returned object's. */
struct table { spinlock_t lock; int dead; struct item *first; };
struct item { int key; };

struct item *lock_first(struct table *t)
{
	spin_lock(&t->lock);
	if (t->dead) {
		spin_unlock(&t->lock);
		return ERR_PTR(-ENOENT);
	}
	return t->first;
}

long first_key(struct table *t)
{
	struct item *it = lock_first(t);
	long key;

	if (IS_ERR(it))
		return PTR_ERR(it);
	key = it->key;
	spin_unlock(&t->lock);
	return key;
}

/* true with the write lock, false with no lock. */
static inline bool upgrade_carefully(struct mm_struct *mm, int kernel)
{
	mmap_read_unlock(mm);
	if (kernel)
		return false;
	return !mmap_write_lock_killable(mm);
}

static void write_locked(struct mm_struct *mm)
{
	mmap_assert_write_locked(mm);
}

struct vm_area_struct *lock_and_find(struct mm_struct *mm, unsigned long addr, int kernel)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	if (!upgrade_carefully(mm, kernel))
		return NULL;
	write_locked(mm);
	vma = find_vma(mm, addr);
	if (!vma)
		mmap_write_unlock(mm);
	return vma;
}

struct vm_area_struct *lock_and_find_bad(struct mm_struct *mm, unsigned long addr, int kernel)
{
	mmap_read_lock(mm);
	if (!upgrade_carefully(mm, kernel)) {
		write_locked(mm); // expected-warning {{'write_locked' requires 'struct mm_struct::mmap_lock' held for write, but it is not held here}}
		return NULL;
	}
	return find_vma(mm, addr);
}
