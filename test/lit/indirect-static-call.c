// static_call(name) reaches what static_call_update(name, ...) installs:
// here a member of the ops struct (`kvm_x86_ops.vcpu_run`, KVM's
// kvm_ops_update() shape after memcpy()ing the vendor's table), so the
// targets are the functions stored into that member; KVM_X86_OP_OPTIONAL_RET0's
// `?: __static_call_return0` form adds that one. Same with the generic
// fallback (no HAVE_STATIC_CALL: the call reads `__SCK__name.func`).
// RUN: %verify %s
// RUN: %verify -DMINI_NO_HAVE_STATIC_CALL %s
// RUN: %check %s 2>&1 | FileCheck %s
// RUN: %check -DMINI_NO_HAVE_STATIC_CALL %s 2>&1 | FileCheck %s
#include <linux/kvm_host.h>
#include <linux/static_call.h>
#include <linux/string.h>

struct x86_ops {
	int (*vcpu_run)(struct kvm_vcpu *v);
	int (*get_cpl)(struct kvm_vcpu *v);
	void (*flush)(struct kvm_vcpu *v);
};
DEFINE_STATIC_CALL_NULL(kvm_x86_vcpu_run, *(((struct x86_ops *)0)->vcpu_run));
DEFINE_STATIC_CALL_NULL(kvm_x86_get_cpl, *(((struct x86_ops *)0)->get_cpl));
DEFINE_STATIC_CALL_NULL(kvm_x86_flush, *(((struct x86_ops *)0)->flush));
static struct x86_ops kvm_x86_ops;

static int vmx_vcpu_run(struct kvm_vcpu *v) { return kvm_memslots(v->kvm)->generation; }
static int svm_vcpu_run(struct kvm_vcpu *v) { return 0; }
static int vmx_get_cpl(struct kvm_vcpu *v) { return 3; }
static void svm_flush(struct kvm_vcpu *v) { msleep(1); }
static struct x86_ops vmx_x86_ops = { .vcpu_run = vmx_vcpu_run, .get_cpl = vmx_get_cpl };
static struct x86_ops svm_x86_ops = { .vcpu_run = svm_vcpu_run, .flush = svm_flush };

void ops_update(const struct x86_ops *ops)
{
	memcpy(&kvm_x86_ops, ops, sizeof(kvm_x86_ops));
	static_call_update(kvm_x86_vcpu_run, kvm_x86_ops.vcpu_run);
	static_call_update(kvm_x86_get_cpl, (void *)kvm_x86_ops.get_cpl ? : (void *)__static_call_return0);
	static_call_update(kvm_x86_flush, kvm_x86_ops.flush);
}

int run_once(struct kvm_vcpu *v, spinlock_t *l)
{
	int r;

	r = static_call(kvm_x86_vcpu_run)(v);
	spin_lock(l);
	r += static_call(kvm_x86_get_cpl)(v);
	static_call_cond(kvm_x86_flush)(v); // expected-warning {{'svm_flush' (through 'static_call_cond(kvm_x86_flush)', the function stored in 'static_call(kvm_x86_flush)') may sleep, but spinning lock 'l' is held here [rcuctx-sleep-in-atomic]}}
	spin_unlock(l);
	return r;
}

// rcuctx-entry: process
int entry(struct kvm_vcpu *v, spinlock_t *l)
{
	return run_once(v, l); // expected-warning {{'run_once' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here [rcuctx-rcu-section]}}
}

// CHECK: warning: 'run_once' needs an SRCU read-side critical section
// CHECK: note: 'run_once' calls 'vmx_vcpu_run' through 'static_call(kvm_x86_vcpu_run)' here
// CHECK: note: 'vmx_vcpu_run' calls 'kvm_memslots' here
// CHECK: note: 'entry' is declared with an rcuctx-entry comment
