// SPDX-License-Identifier: MIT
// The kernel shims: lock ownership tracking and lockdep assertions, the
// atomic-context checks of might_sleep(), RCU usage checks, and the
// allocator's fault injection.
#include "util.h"

#include <atomic>
#include <thread>

using namespace mmuref_test;

TEST(RwLock, OwnerTracking)
{
	rwlock_t l;

	rwlock_init(&l);
	EXPECT_FALSE(mmuref_rwlock_held_read(&l));
	read_lock(&l);
	EXPECT_TRUE(mmuref_rwlock_held_read(&l));
	EXPECT_FALSE(mmuref_rwlock_held_write(&l));
	EXPECT_EQ(mmuref_locks_held(), 1);
	// Another thread holding it for read does not make us an owner.
	std::thread([&] {
		EXPECT_FALSE(mmuref_rwlock_held_read(&l));
		read_lock(&l);
		EXPECT_TRUE(mmuref_rwlock_held_read(&l));
		read_unlock(&l);
	}).join();
	read_unlock(&l);
	EXPECT_FALSE(mmuref_rwlock_held_read(&l));
	write_lock(&l);
	EXPECT_TRUE(mmuref_rwlock_held_write(&l));
	std::thread([&] { EXPECT_FALSE(mmuref_rwlock_held_write(&l)); }).join();
	write_unlock(&l);
	EXPECT_EQ(mmuref_locks_held(), 0);
	rwlock_destroy(&l);
}

TEST(RwLockDeath, AssertHeldWriteWithReadLock)
{
	static rwlock_t l;
	rwlock_init(&l);
	EXPECT_DEATH({
		read_lock(&l);
		lockdep_assert_held_write(&l);
	}, "lockdep_assert_held_write");
}

TEST(RwLockDeath, AssertHeldReadWithoutLock)
{
	static rwlock_t l;
	rwlock_init(&l);
	EXPECT_DEATH(lockdep_assert_held_read(&l), "lockdep_assert_held_read");
}

TEST(RwLockDeath, RecursiveReadLock)
{
	static rwlock_t l;
	rwlock_init(&l);
	EXPECT_DEATH({
		read_lock(&l);
		read_lock(&l);
	}, "recursive read_lock");
}

TEST(RwLock, CondReschedDropsTheLock)
{
	rwlock_t l;
	std::atomic<bool> got{false};

	rwlock_init(&l);
	read_lock(&l);
	std::thread t([&] {
		write_lock(&l);
		got = true;
		write_unlock(&l);
	});
	while (!rwlock_needbreak(&l))
		sched_yield();
	EXPECT_EQ(cond_resched_rwlock_read(&l), 1);
	EXPECT_TRUE(mmuref_rwlock_held_read(&l));
	read_unlock(&l);
	t.join();
	EXPECT_TRUE(got);
	rwlock_destroy(&l);
}

TEST(MightSleepDeath, UnderReadLock)
{
	static rwlock_t l;
	rwlock_init(&l);
	EXPECT_DEATH({
		read_lock(&l);
		might_sleep();
	}, "spinning lock");
}

TEST(MightSleepDeath, InsideRcu)
{
	EXPECT_DEATH({
		rcu_read_lock();
		might_sleep();
	}, "inside rcu_read_lock");
}

TEST(MightSleepDeath, GfpKernelUnderSpinlock)
{
	static spinlock_t s;
	spin_lock_init(&s);
	EXPECT_DEATH({
		spin_lock(&s);
		(void)kzalloc(16, GFP_KERNEL);
	}, "sleeping function");
}

TEST(MightSleep, GfpAtomicUnderSpinlockIsFine)
{
	spinlock_t s;
	spin_lock_init(&s);
	spin_lock(&s);
	void *p = kzalloc(16, GFP_ATOMIC);
	void *q = kzalloc(16, GFP_NOWAIT);
	spin_unlock(&s);
	EXPECT_NE(p, nullptr);
	EXPECT_NE(q, nullptr);
	kfree(p);
	kfree(q);
	spin_lock_destroy(&s);
}

TEST(RcuDeath, DereferenceOutsideReader)
{
	static u64 *ptr;
	EXPECT_DEATH({ (void)rcu_dereference(ptr); },
		     "rcu_dereference\\(\\) outside rcu_read_lock");
}

TEST(RcuDeath, UnregisteredReader)
{
	EXPECT_DEATH(std::thread([] { rcu_read_lock(); }).join(),
		     "rcu_register_thread");
}

// The bug that mmu-ref's split path avoids: asking is_mirror_sptep() after
// rcu_read_unlock() (tdp_mmu_alloc_sp_for_split() used to).  The debug
// build catches it at run time.
TEST(RcuDeath, IsMirrorSptepAfterUnlockIsCaught)
{
	Vm vm;
	ASSERT_EQ(vm.map(0, 2, true), RET_PF_FIXED);
	tdp_ptep_t sptep = vm.kvm->mirror_root->spt;

	rcu_read_lock();
	EXPECT_TRUE(is_mirror_sptep(sptep));
	rcu_read_unlock();
	EXPECT_DEATH((void)is_mirror_sptep(sptep), "outside rcu_read_lock");
}

struct CbState {
	struct rcu_head head;
	std::atomic<int> ran{0};
};

static void cb(struct rcu_head *head)
{
	CbState *s = (CbState *)((char *)head - offsetof(CbState, head));
	s->ran++;
}

TEST(Rcu, CallRcuRunsAfterGracePeriod)
{
	CbState s;

	call_rcu(&s.head, cb);
	rcu_barrier();
	EXPECT_EQ(s.ran.load(), 1);
	synchronize_rcu();
}

TEST(Alloc, FailNth)
{
	mmuref_fail_nth_alloc(2);
	void *a = kzalloc(8, GFP_KERNEL);
	void *b = kzalloc(8, GFP_KERNEL);
	void *c = kzalloc(8, GFP_KERNEL);
	EXPECT_NE(a, nullptr);
	EXPECT_EQ(b, nullptr);
	EXPECT_NE(c, nullptr);
	EXPECT_EQ(mmuref_fault_inject_reset(), 1);
	kfree(a);
	kfree(c);
}

static void *alloc_here()
{
	return (void *)__get_free_page(GFP_KERNEL);
}

TEST(Alloc, FailAtNamedSite)
{
	long pages = mmuref_alloc_live_pages();

	mmuref_fail_alloc_at("alloc_here", 2);
	void *a = alloc_here();
	void *b = (void *)__get_free_page(GFP_KERNEL);	// other site
	void *c = alloc_here();
	EXPECT_NE(a, nullptr);
	EXPECT_NE(b, nullptr);
	EXPECT_EQ(c, nullptr);
	EXPECT_EQ(mmuref_fault_inject_reset(), 1);
	EXPECT_EQ(mmuref_alloc_live_pages(), pages + 2);
	free_page((unsigned long)a);
	free_page((unsigned long)b);
	EXPECT_EQ(mmuref_alloc_live_pages(), pages);
}

TEST(Alloc, VirtToPagePrivate)
{
	u64 *p = (u64 *)get_zeroed_page(GFP_KERNEL);
	set_page_private(virt_to_page(p + 100), 42);
	EXPECT_EQ(page_private(virt_to_page(p)), 42UL);
	EXPECT_EQ(p[511], 0ULL);
	free_page((unsigned long)p);
}
