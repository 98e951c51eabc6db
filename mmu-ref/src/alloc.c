// SPDX-License-Identifier: MIT
/*
 * Kernel allocation API for userspace.
 *
 * Pages come from one arena so that virt_to_page() works (the TDP MMU finds
 * a kvm_mmu_page from a page-table pointer through page_private(), as in
 * the kernel).  Freed pages are poisoned under AddressSanitizer, so a
 * reader that touches a page-table page after its RCU grace period is
 * caught.  Objects come from calloc().
 *
 * Every attempt goes through one fault-injection point that can fail the
 * N-th attempt overall, or the N-th attempt made by a named function (the
 * allocation macros in linux/gfp.h and linux/slab.h record the caller).
 */
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/bug.h>
#include <mmuref/alloc.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#undef __get_free_page
#undef get_zeroed_page
#undef kmem_cache_zalloc
#undef kzalloc

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MMUREF_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define MMUREF_ASAN 1
#endif
#ifdef MMUREF_ASAN
#include <sanitizer/asan_interface.h>
#define poison(p, n)	ASAN_POISON_MEMORY_REGION(p, n)
#define unpoison(p, n)	ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define poison(p, n)	do { } while (0)
#define unpoison(p, n)	do { } while (0)
#endif

#define ARENA_PAGES	(1UL << 17)	/* 512 MiB of address space */
#define MAX_SITES	64

struct kmem_cache {
	const char *name;
	size_t size;
	long live;
};

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static char *arena;
static unsigned long arena_next;	/* never-used pages start here */
static unsigned long *free_stack;
static unsigned long nr_free;
static struct page arena_pages[ARENA_PAGES];

static long live_objects;
static long live_pages;
static long attempts;

/* Fault injection state, under fi_lock. */
static pthread_mutex_t fi_lock = PTHREAD_MUTEX_INITIALIZER;
static long fail_nth;			/* 0: off */
static const char *fail_func;
static long fail_func_nth;
static long failed;
static struct {
	const char *func;
	long attempts;
} sites[MAX_SITES];
static int nr_sites;

static __thread const char *cur_site;

void mmuref_alloc_site(const char *func)
{
	cur_site = func;
}

static void site_count(const char *func)
{
	int i;

	for (i = 0; i < nr_sites; i++) {
		if (!strcmp(sites[i].func, func)) {
			sites[i].attempts++;
			return;
		}
	}
	if (nr_sites < MAX_SITES) {
		sites[nr_sites].func = func;
		sites[nr_sites++].attempts = 1;
	}
}

/* Returns true if this allocation attempt must fail. */
static bool alloc_attempt(gfp_t gfp)
{
	const char *site = cur_site ? cur_site : "?";
	bool fail = false;

	cur_site = NULL;
	if (gfpflags_allow_blocking(gfp))
		might_sleep();

	__atomic_fetch_add(&attempts, 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&fi_lock);
	site_count(site);
	if (fail_nth && --fail_nth == 0)
		fail = true;
	if (fail_func && !strcmp(fail_func, site) && --fail_func_nth == 0) {
		fail = true;
		fail_func = NULL;
	}
	if (fail)
		failed++;
	pthread_mutex_unlock(&fi_lock);
	return fail;
}

void mmuref_fail_nth_alloc(long n)
{
	pthread_mutex_lock(&fi_lock);
	fail_nth = n;
	pthread_mutex_unlock(&fi_lock);
}

void mmuref_fail_alloc_at(const char *func, long nth)
{
	pthread_mutex_lock(&fi_lock);
	fail_func = func;
	fail_func_nth = nth;
	pthread_mutex_unlock(&fi_lock);
}

long mmuref_fault_inject_reset(void)
{
	long ret;

	pthread_mutex_lock(&fi_lock);
	fail_nth = 0;
	fail_func = NULL;
	ret = failed;
	failed = 0;
	pthread_mutex_unlock(&fi_lock);
	return ret;
}

long mmuref_alloc_attempts_at(const char *func)
{
	long ret = 0;
	int i;

	pthread_mutex_lock(&fi_lock);
	for (i = 0; i < nr_sites; i++)
		if (!strcmp(sites[i].func, func))
			ret = sites[i].attempts;
	pthread_mutex_unlock(&fi_lock);
	return ret;
}

void mmuref_alloc_site_stats_reset(void)
{
	pthread_mutex_lock(&fi_lock);
	nr_sites = 0;
	pthread_mutex_unlock(&fi_lock);
}

long mmuref_alloc_live_objects(void)
{
	return __atomic_load_n(&live_objects, __ATOMIC_RELAXED);
}

long mmuref_alloc_live_pages(void)
{
	return __atomic_load_n(&live_pages, __ATOMIC_RELAXED);
}

long mmuref_alloc_attempts(void)
{
	return __atomic_load_n(&attempts, __ATOMIC_RELAXED);
}

static bool arena_init_locked(void)
{
	void *p;

	if (arena)
		return true;
	p = mmap(NULL, ARENA_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return false;
	free_stack = calloc(ARENA_PAGES, sizeof(*free_stack));
	if (!free_stack) {
		munmap(p, ARENA_PAGES * PAGE_SIZE);
		return false;
	}
	arena = p;
	poison(arena, ARENA_PAGES * PAGE_SIZE);
	return true;
}

static unsigned long arena_alloc(gfp_t gfp)
{
	unsigned long idx;
	char *page;

	if (alloc_attempt(gfp))
		return 0;

	pthread_mutex_lock(&arena_lock);
	if (!arena_init_locked()) {
		pthread_mutex_unlock(&arena_lock);
		return 0;
	}
	if (nr_free) {
		idx = free_stack[--nr_free];
	} else if (arena_next < ARENA_PAGES) {
		idx = arena_next++;
	} else {
		pthread_mutex_unlock(&arena_lock);
		return 0;
	}
	arena_pages[idx].private = 0;
	pthread_mutex_unlock(&arena_lock);

	page = arena + idx * PAGE_SIZE;
	unpoison(page, PAGE_SIZE);
	if (gfp & __GFP_ZERO)
		memset(page, 0, PAGE_SIZE);
	__atomic_fetch_add(&live_pages, 1, __ATOMIC_RELAXED);
	return (unsigned long)page;
}

unsigned long __get_free_page(gfp_t gfp)
{
	return arena_alloc(gfp);
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return arena_alloc(gfp | __GFP_ZERO);
}

static unsigned long arena_index(const void *addr)
{
	const char *p = addr;

	BUG_ON(!arena || p < arena || p >= arena + ARENA_PAGES * PAGE_SIZE);
	return (unsigned long)(p - arena) / PAGE_SIZE;
}

struct page *virt_to_page(const void *addr)
{
	return &arena_pages[arena_index(addr)];
}

void free_page(unsigned long addr)
{
	unsigned long idx;

	if (!addr)
		return;
	idx = arena_index((void *)addr);
	BUG_ON(addr & (PAGE_SIZE - 1));
	poison((void *)addr, PAGE_SIZE);
	__atomic_fetch_sub(&live_pages, 1, __ATOMIC_RELAXED);

	pthread_mutex_lock(&arena_lock);
	free_stack[nr_free++] = idx;
	pthread_mutex_unlock(&arena_lock);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *cache = calloc(1, sizeof(*cache));

	(void)align;
	(void)flags;
	(void)ctor;
	if (!cache)
		return NULL;
	cache->name = name;
	cache->size = size;
	return cache;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	if (!cache)
		return;
	WARN_ON(__atomic_load_n(&cache->live, __ATOMIC_RELAXED));
	free(cache);
}

void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	void *obj;

	if (alloc_attempt(gfp))
		return NULL;
	obj = calloc(1, cache->size);
	if (!obj)
		return NULL;
	__atomic_fetch_add(&cache->live, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&live_objects, 1, __ATOMIC_RELAXED);
	return obj;
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	if (!obj)
		return;
	__atomic_fetch_sub(&cache->live, 1, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&live_objects, 1, __ATOMIC_RELAXED);
	free(obj);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	void *obj;

	if (alloc_attempt(gfp))
		return NULL;
	obj = calloc(1, size);
	if (obj)
		__atomic_fetch_add(&live_objects, 1, __ATOMIC_RELAXED);
	return obj;
}

void kfree(const void *obj)
{
	if (!obj)
		return;
	__atomic_fetch_sub(&live_objects, 1, __ATOMIC_RELAXED);
	free((void *)obj);
}
