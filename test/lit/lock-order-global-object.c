// A lock in a global object is a class of its own: lockdep keys a
// statically initialised lock by its address, so init_mm's mmap_lock is not
// the class every user mm's mmap_lock shares (mm_init()'s init_rwsem()).
// Taken directly or through a helper that locks what its parameter points
// to (mmap_read_lock(&init_mm)), it is "init_mm.mmap_lock": the kernel page
// table walk under it closes no cycle with user mms' locks (mm/'s 13 false
// cycles through vmemmap_remap_range()), while the same order on a user mm
// is still reported.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// The graph has init_mm's lock as its own node, after the resize mutex:
// RUN: rm -rf %t && mkdir -p %t
// RUN: printf '[{"directory":"%%s","file":"%%s","arguments":["clang-19","-c","-I%%s","%%s"]}]' %S %s %repo/corpus/include %s > %t/compile_commands.json
// RUN: %expect_exit 1 %rcuctx -p %t --quiet --lock-graph %t/g.dot
// RUN: FileCheck %s --input-file=%t/g.dot
// RUN: FileCheck %s --check-prefix=NO --input-file=%t/g.dot
// CHECK: "struct table::resize" -> "init_mm.mmap_lock" [label="remap_kernel\nlock-order-global-object.c:{{[0-9]+}}\n(read)"];
// NO: digraph
// NO-NOT: "struct table::resize" -> "struct mm::mmap_lock" [label="remap_kernel
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct mm { struct rw_semaphore mmap_lock; int users; };
struct mm init_mm = { .users = 1 };
struct table { spinlock_t lock; struct mutex resize; };

static inline void mmap_read_lock(struct mm *mm) { down_read(&mm->mmap_lock); }
static inline void mmap_read_unlock(struct mm *mm) { up_read(&mm->mmap_lock); }

/* Every user mm: mmap_lock, then the table's resize mutex. */
void fault(struct mm *mm, struct table *t)
{
	mmap_read_lock(mm);
	mutex_lock(&t->resize); // expected-warning {{possible deadlock: 'fault' acquires 'struct table::resize' while holding 'struct mm::mmap_lock', and 'resize_user' acquires 'struct mm::mmap_lock' while holding 'struct table::resize' [rcuctx-lock-order]}}
	mutex_unlock(&t->resize);
	mmap_read_unlock(mm);
}

/* Under the resize mutex, the kernel's page tables: init_mm's lock. */
void remap_kernel(struct table *t)
{
	mutex_lock(&t->resize);
	mmap_read_lock(&init_mm);
	mmap_read_unlock(&init_mm);
	down_read(&init_mm.mmap_lock);
	up_read(&init_mm.mmap_lock);
	mutex_unlock(&t->resize);
}

/* Under the resize mutex, a user mm: the inversion. */
void resize_user(struct table *t, struct mm *mm)
{
	mutex_lock(&t->resize);
	mmap_read_lock(mm);
	mmap_read_unlock(mm);
	mutex_unlock(&t->resize);
}
