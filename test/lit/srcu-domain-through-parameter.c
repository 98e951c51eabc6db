// RUN: %verify %s
// An SRCU domain handed to a helper or a guard constructor as a parameter
// ("srcu:$0" in the callee's summary) is the caller's domain at each call:
// guard(srcu)(&kvm->srcu), as kvm_zap_gfn_range() does, holds kvm->srcu.
#include <linux/srcu.h>
#include <linux/kvm_host.h>

// cleanup.h's DEFINE_LOCK_GUARD_1(srcu, ...), spelled out.
typedef struct { struct srcu_struct *lock; int idx; } class_srcu_t;
static inline void class_srcu_destructor(class_srcu_t *_T)
{
	if (_T->lock) { srcu_read_unlock(_T->lock, _T->idx); }
}
static inline class_srcu_t class_srcu_constructor(struct srcu_struct *l)
{
	class_srcu_t _t = { .lock = l }, *_T = &_t;
	_T->idx = srcu_read_lock(_T->lock);
	return _t;
}
#define guard_srcu(x) \
	class_srcu_t __g __attribute__((cleanup(class_srcu_destructor))) = class_srcu_constructor(x)

struct other { struct srcu_struct srcu; };

static void read_slots(struct kvm *kvm) { (void)__kvm_memslots(kvm, 0); }
static int lock_domain(struct srcu_struct *ssp) { return srcu_read_lock(ssp); }

static void zap_with_guard(struct kvm *kvm)
{
	guard_srcu(&kvm->srcu);
	read_slots(kvm);
}

static void zap_with_helper(struct kvm *kvm)
{
	lock_domain(&kvm->srcu);
	read_slots(kvm);
}

static void zap_other_domain(struct kvm *kvm, struct other *o)
{
	lock_domain(&o->srcu);
	read_slots(kvm);
}

// rcuctx-entry: process
void entry_guard(struct kvm *kvm) { zap_with_guard(kvm); }
// rcuctx-entry: process
void entry_helper(struct kvm *kvm) { zap_with_helper(kvm); }
// rcuctx-entry: process
void entry_other(struct kvm *kvm, struct other *o) { zap_other_domain(kvm, o); } // expected-warning {{'zap_other_domain' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here}}
