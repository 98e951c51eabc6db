// RUN: %verify %s
// RUN: %check -fno-caret-diagnostics %s 2>&1 | FileCheck %s
// A switch on a parameter with more than three cases is a mode in the cases
// whose constants the file's calls pass, the first three in source order
// (and of more equalities than fit, those go first):
// 6.12's mm/hugetlb.c __vma_reservation_common(h, vma, addr, mode) has five
// (VMA_NEEDS_RESV .. VMA_DEL_RESV), each passed by a one-line wrapper, and
// only some arms may sleep. Without the mode every wrapper took the sleep of
// every arm, and the chain of a real one went through an arm its constant
// never selects (vma_needs_reservation() "calls region_del()"). The cases
// past the third share the partition where no tracked equality holds: it
// follows all of their arms, so their sleeps are kept (and a chain there may
// go through any of those arms: del_reservation()'s names ADD_RESV's call).
#include <linux/spinlock.h>
#include <linux/slab.h>

enum resv_mode { NEEDS_RESV, COMMIT_RESV, END_RESV, ADD_RESV, DEL_RESV };
struct resv { spinlock_t lock; int cache; };
struct area { unsigned long flags; struct resv *resv; };
#define SHARED 8UL

static int fill_cache(struct resv *r)
{
	while (r->cache < 4) {
		void *p;
		spin_unlock(&r->lock);
		p = kmalloc(8, GFP_KERNEL);
		if (!p)
			return -12;
		spin_lock(&r->lock);
		r->cache++;
	}
	return 0;
}

static long region_chg(struct resv *r)
{
	spin_lock(&r->lock);
	if (fill_cache(r))
		return -12;
	spin_unlock(&r->lock);
	return 0;
}

static long region_del(struct resv *r)
{
	void *p = kmalloc(8, GFP_KERNEL);
	kfree(p);
	return 0;
}

static long region_add(struct resv *r) { return r->cache; }
static void region_abort(struct resv *r) { r->cache--; }

static long reservation_common(struct area *a, enum resv_mode mode)
{
	struct resv *r = a->resv;
	long ret;

	switch (mode) {
	case NEEDS_RESV:
		ret = region_chg(r);
		break;
	case COMMIT_RESV:
		ret = region_add(r);
		break;
	case END_RESV:
		region_abort(r);
		ret = 0;
		break;
	case ADD_RESV:
		if (a->flags & SHARED)
			ret = region_add(r);
		else
			ret = region_del(r);
		break;
	case DEL_RESV:
		if (a->flags & SHARED)
			ret = region_del(r);
		else
			ret = region_add(r);
		break;
	default:
		ret = 0;
	}
	return ret;
}

static long needs_reservation(struct area *a) { return reservation_common(a, NEEDS_RESV); }
static long commit_reservation(struct area *a) { return reservation_common(a, COMMIT_RESV); }
static void end_reservation(struct area *a) { reservation_common(a, END_RESV); }
static long add_reservation(struct area *a) { return reservation_common(a, ADD_RESV); }
static long del_reservation(struct area *a) { return reservation_common(a, DEL_RESV); }

// A dispatch switch no call in the file passes a constant to: no mode, one
// partition, every arm's effect at a call passing an unknown value.
extern int user_cmd(void);
static long dispatch(struct area *a, unsigned int cmd)
{
	switch (cmd) {
	case 1:
		return region_add(a->resv);
	case 2:
		return 0;
	case 3:
		return region_del(a->resv);
	case 4:
		return 1;
	}
	return -22;
}

// An if-chain over more constants than fit: the ones the file's calls pass
// are followed first.
enum stage { ST_A, ST_B, ST_C, ST_D, ST_E };
static void staged(struct area *a, enum stage st)
{
	if (st == ST_A)
		region_del(a->resv);
	else if (st == ST_B)
		region_del(a->resv);
	else if (st == ST_C)
		region_del(a->resv);
	else if (st == ST_D)
		region_add(a->resv);
	else if (st == ST_E)
		region_del(a->resv);
}
static void stage_d(struct area *a) { staged(a, ST_D); }
static void stage_e(struct area *a) { staged(a, ST_E); }

void under_lock(spinlock_t *l, struct area *a)
{
	spin_lock(l);
	commit_reservation(a);
	end_reservation(a);
	needs_reservation(a); // expected-warning {{'needs_reservation' may sleep, but spinning lock 'l' is held here}}
	add_reservation(a);   // expected-warning {{'add_reservation' may sleep, but spinning lock 'l' is held here}}
	del_reservation(a);   // expected-warning {{'del_reservation' may sleep, but spinning lock 'l' is held here}}
	dispatch(a, user_cmd()); // expected-warning {{'dispatch' may sleep, but spinning lock 'l' is held here}}
	stage_d(a);
	stage_e(a); // expected-warning {{'stage_e' may sleep, but spinning lock 'l' is held here}}
	spin_unlock(l);
}

// The chain follows the arm the constant selects.
// CHECK:      warning: 'needs_reservation' may sleep, but spinning lock 'l' is held here
// CHECK-NEXT: note: 'l' acquired here
// CHECK-NEXT: note: 'needs_reservation' calls 'reservation_common' here
// CHECK-NEXT: note: 'reservation_common' calls 'region_chg' here
// CHECK-NEXT: note: 'region_chg' calls 'fill_cache' here
// CHECK-NEXT: note: 'fill_cache' may sleep here: 'kmalloc' with GFP_KERNEL
// CHECK:      warning: 'add_reservation' may sleep
// CHECK:      note: 'reservation_common' calls 'region_del' here
// CHECK:      warning: 'del_reservation' may sleep
// CHECK:      note: 'reservation_common' calls 'region_del' here
