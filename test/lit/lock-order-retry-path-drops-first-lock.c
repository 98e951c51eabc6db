// RUN: %verify %s
// A retry path that drops both locks and comes back to the top with its
// pointer parameter set to NULL, where the first pass had it from the
// caller, already dereferenced: at `retry:` the two paths are kept apart
// by that pointer's class, so `if (!dst_vma)` (the retry path only) takes
// mmap_lock with map_changing_lock released, not "maybe held". Reduced from
// 6.12's mm/userfaultfd.c mfill_atomic_hugetlb(), whose caller mfill_atomic()
// holds map_changing_lock, and mwriteprotect_range(), which takes it under
// mmap_lock: lockdep has no cycle there, and no finding is expected. A
// retry that forgets to drop map_changing_lock first still closes one.
#include <linux/mutex.h>

#define EFAULT 14
#define ENOENT 2
static inline void *ERR_PTR(long e) { return (void *)e; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline long IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }

struct mm { struct rw_semaphore mmap_lock; };
struct vma { struct mm *mm; unsigned long start; };
struct uffd_ctx { struct rw_semaphore map_changing_lock; struct mm *mm; };

struct vma *find_vma(struct mm *mm, unsigned long addr);
long copy_one(struct vma *vma, unsigned long addr);
long copy_from_user_slowly(unsigned long addr);

/* The VMA with mmap_lock held for read, or an error with it dropped. */
static struct vma *lock_vma(struct mm *mm, unsigned long addr)
{
	struct vma *vma;

	down_read(&mm->mmap_lock);
	vma = find_vma(mm, addr);
	if (!vma) {
		up_read(&mm->mmap_lock);
		return ERR_PTR(-ENOENT);
	}
	return vma;
}

static void unlock_vma(struct vma *vma)
{
	up_read(&vma->mm->mmap_lock);
}

/* Entered with both locks held and dst_vma set; returns with both dropped. */
static long fill_retrying(struct uffd_ctx *ctx, struct vma *dst_vma, unsigned long addr)
{
	struct mm *mm = dst_vma->mm;
	long err;

retry:
	if (!dst_vma) {
		dst_vma = lock_vma(mm, addr);
		if (IS_ERR(dst_vma))
			return PTR_ERR(dst_vma);
		down_read(&ctx->map_changing_lock);
	}
	err = copy_one(dst_vma, addr);
	if (err == -ENOENT) {
		up_read(&ctx->map_changing_lock);
		unlock_vma(dst_vma);
		if (copy_from_user_slowly(addr))
			return -EFAULT;
		dst_vma = NULL;
		goto retry;
	}
	up_read(&ctx->map_changing_lock);
	unlock_vma(dst_vma);
	return err;
}

long fill(struct uffd_ctx *ctx, unsigned long addr)
{
	struct vma *vma = lock_vma(ctx->mm, addr);

	if (IS_ERR(vma))
		return PTR_ERR(vma);
	down_read(&ctx->map_changing_lock);
	return fill_retrying(ctx, vma, addr);
}

void write_protect(struct uffd_ctx *ctx)
{
	down_read(&ctx->mm->mmap_lock);
	down_write(&ctx->map_changing_lock);
	up_write(&ctx->map_changing_lock);
	up_read(&ctx->mm->mmap_lock);
}

/* The same protocol where the retry path keeps map_changing_lock. */
struct mm2 { struct rw_semaphore mmap_lock; };
struct vma2 { struct mm2 *mm; };
struct uffd_ctx2 { struct rw_semaphore map_changing_lock; struct mm2 *mm; };

struct vma2 *find_vma2(struct mm2 *mm, unsigned long addr);
long copy_one2(struct vma2 *vma, unsigned long addr);

static long fill_retrying_keeps(struct uffd_ctx2 *ctx, struct vma2 *dst_vma, unsigned long addr)
{
	struct mm2 *mm = dst_vma->mm;
	long err;

retry:
	if (!dst_vma) {
		down_read(&mm->mmap_lock);
		dst_vma = find_vma2(mm, addr);
		if (!dst_vma) {
			up_read(&mm->mmap_lock);
			up_read(&ctx->map_changing_lock);
			return -ENOENT;
		}
	}
	err = copy_one2(dst_vma, addr);
	up_read(&mm->mmap_lock);
	if (err == -ENOENT) {
		if (copy_from_user_slowly(addr)) {
			up_read(&ctx->map_changing_lock);
			return -EFAULT;
		}
		dst_vma = NULL;
		goto retry;
	}
	up_read(&ctx->map_changing_lock);
	return err;
}

long fill2(struct uffd_ctx2 *ctx, unsigned long addr)
{
	struct vma2 *vma;

	down_read(&ctx->mm->mmap_lock);
	vma = find_vma2(ctx->mm, addr);
	if (!vma) {
		up_read(&ctx->mm->mmap_lock);
		return -ENOENT;
	}
	down_read(&ctx->map_changing_lock); // expected-warning {{possible deadlock: 'fill2' acquires 'struct uffd_ctx2::map_changing_lock' while holding 'struct mm2::mmap_lock', and 'fill2' acquires 'struct mm2::mmap_lock' while holding 'struct uffd_ctx2::map_changing_lock' [rcuctx-lock-order]}}
	return fill_retrying_keeps(ctx, vma, addr);
}

void write_protect2(struct uffd_ctx2 *ctx)
{
	down_read(&ctx->mm->mmap_lock);
	down_write(&ctx->map_changing_lock);
	up_write(&ctx->map_changing_lock);
	up_read(&ctx->mm->mmap_lock);
}
