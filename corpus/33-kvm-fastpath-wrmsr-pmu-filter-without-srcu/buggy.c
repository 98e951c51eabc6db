// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// RUN: %check -fplugin-arg-rcuctx-no-indirect -Xclang -verify=noindirect %s
// noindirect-no-diagnostics
/*
 * rcuctx corpus #33: right after VM-Exit, with IRQs still off and outside
 * kvm->srcu, VMX and SVM try a "fastpath" for a few WRMSRs. Completing one
 * skips the guest's instruction, and skipping an instruction counts it for
 * the vPMU: each counter is checked against the userspace PMU event filter,
 * an SRCU-protected pointer (kvm->arch.pmu_event_filter).
 *
 * Distilled from 3f2739bd1e0b "KVM: x86: Acquire SRCU read lock when
 * handling fastpath MSR writes" (Sean Christopherson, Jul 2023; fixes
 * dfdeda67ea2d "KVM: x86/pmu: Prevent the PMU from counting disallowed
 * events"; reported by Greg Thelen and Aaron Lewis). Lockdep: "suspicious
 * RCU usage" in pmc_event_is_allowed <- kvm_pmu_trigger_event
 * <- handle_fastpath_set_msr_irqoff <- svm_vcpu_run <- vcpu_enter_guest.
 * The run loop reaches the vendor's fastpath only through
 * static_call(kvm_x86_vcpu_run), filled from vmx_x86_ops / svm_x86_ops.
 */
#include <linux/fs.h>
#include <linux/static_call.h>
#include <linux/string.h>
#include <kvm/guest_access.h>

#define KVM_RUN			0xae80
#define MSR_IA32_TSC_DEADLINE	0x000006e0
#define X2APIC_MSR_ICR		0x00000830
#define SVM_EXIT_MSR		0x07c
#define EXIT_REASON_MSR_WRITE	32
#define EMULTYPE_SKIP		(1 << 2)
#define ARCH_INSTRUCTIONS_RETIRED 0x00c0

typedef enum exit_fastpath_completion {
	EXIT_FASTPATH_NONE,
	EXIT_FASTPATH_REENTER_GUEST,
	EXIT_FASTPATH_EXIT_HANDLED,
} fastpath_t;

/* kvm->arch.pmu_event_filter; struct kvm_arch stands beside struct kvm here. */
struct kvm_x86_pmu_event_filter {
	u32 action;			/* KVM_PMU_EVENT_ALLOW or _DENY */
	u32 nevents;
	u64 events[8];
};
#define KVM_PMU_EVENT_ALLOW	0

struct kvm_x86 {
	struct kvm kvm;
	struct kvm_x86_pmu_event_filter __rcu *pmu_event_filter;
};

#define to_kvm_x86(k) container_of(k, struct kvm_x86, kvm)

struct kvm_pmc {
	struct kvm_vcpu *vcpu;
	u64 eventsel;
	u64 counter;
	bool enabled;
};

struct x86_vcpu {
	struct kvm_vcpu vcpu;
	struct mutex mutex;
	u64 rax, rcx, rdx, rip;
	u64 tsc_deadline;
	struct kvm_pmc gp_counters[2];
};

#define to_x86(v) container_of(v, struct x86_vcpu, vcpu)

/* arch/x86/include/asm/kvm_host.h: what a vendor module provides. */
struct kvm_x86_ops {
	void (*prepare_switch_to_guest)(struct kvm_vcpu *vcpu);
	fastpath_t (*vcpu_run)(struct kvm_vcpu *vcpu);
	int (*handle_exit)(struct kvm_vcpu *vcpu, fastpath_t exit_fastpath);
	int (*skip_emulated_instruction)(struct kvm_vcpu *vcpu);
};

struct kvm_x86_init_ops {
	struct kvm_x86_ops *runtime_ops;
};

/* x86.c: the copy of the vendor's table, and one static call per op. */
struct kvm_x86_ops kvm_x86_ops;
DEFINE_STATIC_CALL_NULL(kvm_x86_prepare_switch_to_guest,
			*(((struct kvm_x86_ops *)0)->prepare_switch_to_guest));
DEFINE_STATIC_CALL_NULL(kvm_x86_vcpu_run, *(((struct kvm_x86_ops *)0)->vcpu_run));
DEFINE_STATIC_CALL_NULL(kvm_x86_handle_exit, *(((struct kvm_x86_ops *)0)->handle_exit));
DEFINE_STATIC_CALL_NULL(kvm_x86_skip_emulated_instruction,
			*(((struct kvm_x86_ops *)0)->skip_emulated_instruction));

static void kvm_ops_update(struct kvm_x86_init_ops *ops)
{
	memcpy(&kvm_x86_ops, ops->runtime_ops, sizeof(kvm_x86_ops));
	static_call_update(kvm_x86_prepare_switch_to_guest, kvm_x86_ops.prepare_switch_to_guest);
	static_call_update(kvm_x86_vcpu_run, kvm_x86_ops.vcpu_run);
	static_call_update(kvm_x86_handle_exit, kvm_x86_ops.handle_exit);
	static_call_update(kvm_x86_skip_emulated_instruction,
			   kvm_x86_ops.skip_emulated_instruction);
}

int kvm_x86_vendor_init(struct kvm_x86_init_ops *ops)
{
	kvm_ops_update(ops);
	return 0;
}

/* ---- pmu.c: instructions KVM emulates count as retired ---- */

static bool check_pmu_event_filter(struct kvm_pmc *pmc)
{
	struct kvm_x86 *kx = to_kvm_x86(pmc->vcpu->kvm);
	struct kvm_x86_pmu_event_filter *filter;
	u32 i;

	filter = srcu_dereference(kx->pmu_event_filter, &kx->kvm.srcu);
	if (!filter)
		return true;

	for (i = 0; i < filter->nevents && i < 8; i++)
		if (filter->events[i] == (pmc->eventsel & 0xffff))
			return filter->action == KVM_PMU_EVENT_ALLOW;
	return filter->action != KVM_PMU_EVENT_ALLOW;
}

static bool pmc_event_is_allowed(struct kvm_pmc *pmc)
{
	return pmc->enabled && check_pmu_event_filter(pmc);
}

static void kvm_pmu_trigger_event(struct kvm_vcpu *vcpu, u64 eventsel)
{
	struct x86_vcpu *xv = to_x86(vcpu);
	int i;

	for (i = 0; i < 2; i++) {
		struct kvm_pmc *pmc = &xv->gp_counters[i];

		if (!pmc_event_is_allowed(pmc))
			continue;
		if ((pmc->eventsel & 0xffff) == eventsel)
			pmc->counter++;
	}
}

/* ---- x86.c: the WRMSR fastpath, shared by VMX and SVM ---- */

int handle_fastpath_set_x2apic_icr_irqoff(struct kvm_vcpu *vcpu, u64 data);

int kvm_skip_emulated_instruction(struct kvm_vcpu *vcpu)
{
	int r;

	r = static_call(kvm_x86_skip_emulated_instruction)(vcpu);
	if (unlikely(!r))
		return 0;

	kvm_pmu_trigger_event(vcpu, ARCH_INSTRUCTIONS_RETIRED);
	return r;
}

static int handle_fastpath_set_tscdeadline(struct kvm_vcpu *vcpu, u64 data)
{
	to_x86(vcpu)->tsc_deadline = data;
	return 0;
}

fastpath_t handle_fastpath_set_msr_irqoff(struct kvm_vcpu *vcpu)
{
	struct x86_vcpu *xv = to_x86(vcpu);
	u32 msr = xv->rcx;
	u64 data = (xv->rdx << 32) | (u32)xv->rax;
	fastpath_t ret = EXIT_FASTPATH_NONE;

	switch (msr) {
	case X2APIC_MSR_ICR:
		if (!handle_fastpath_set_x2apic_icr_irqoff(vcpu, data)) {
			kvm_skip_emulated_instruction(vcpu);
			ret = EXIT_FASTPATH_EXIT_HANDLED;
		}
		break;
	case MSR_IA32_TSC_DEADLINE:
		if (!handle_fastpath_set_tscdeadline(vcpu, data)) {
			kvm_skip_emulated_instruction(vcpu);
			ret = EXIT_FASTPATH_REENTER_GUEST;
		}
		break;
	default:
		break;
	}

	return ret;
}

/* ---- vmx.c ---- */

struct vcpu_vmx {
	struct x86_vcpu x86;
	u32 exit_reason;
	u32 instr_len;
};

#define to_vmx(v) container_of(to_x86(v), struct vcpu_vmx, x86)

void vmx_vcpu_enter_exit(struct kvm_vcpu *vcpu);
void vmx_prepare_switch_to_guest(struct kvm_vcpu *vcpu);
int vmx_handle_exit(struct kvm_vcpu *vcpu, fastpath_t exit_fastpath);

static int vmx_skip_emulated_instruction(struct kvm_vcpu *vcpu)
{
	to_x86(vcpu)->rip += to_vmx(vcpu)->instr_len;
	return 1;
}

static fastpath_t vmx_exit_handlers_fastpath(struct kvm_vcpu *vcpu)
{
	switch (to_vmx(vcpu)->exit_reason) {
	case EXIT_REASON_MSR_WRITE:
		return handle_fastpath_set_msr_irqoff(vcpu);
	default:
		return EXIT_FASTPATH_NONE;
	}
}

static fastpath_t vmx_vcpu_run(struct kvm_vcpu *vcpu)
{
	vmx_vcpu_enter_exit(vcpu);
	return vmx_exit_handlers_fastpath(vcpu);
}

static struct kvm_x86_ops vmx_x86_ops = {
	.prepare_switch_to_guest = vmx_prepare_switch_to_guest,
	.vcpu_run = vmx_vcpu_run,
	.handle_exit = vmx_handle_exit,
	.skip_emulated_instruction = vmx_skip_emulated_instruction,
};

static struct kvm_x86_init_ops vmx_init_ops = {
	.runtime_ops = &vmx_x86_ops,
};

int vmx_init(void)
{
	return kvm_x86_vendor_init(&vmx_init_ops);
}

/* ---- svm.c ---- */

struct vmcb_control_area {
	u32 exit_code;
	u64 exit_info_1;
	u64 next_rip;
};

struct vcpu_svm {
	struct x86_vcpu x86;
	struct vmcb_control_area *control;
	u64 next_rip;
	bool guest_mode;
};

#define to_svm(v) container_of(to_x86(v), struct vcpu_svm, x86)

extern bool nrips;

void svm_vcpu_enter_exit(struct kvm_vcpu *vcpu);
void svm_prepare_switch_to_guest(struct kvm_vcpu *vcpu);
int svm_handle_exit(struct kvm_vcpu *vcpu, fastpath_t exit_fastpath);
/* x86.c; decodes the instruction at RIP (guest memory) to find its length. */
int kvm_emulate_instruction(struct kvm_vcpu *vcpu, int emulation_type);

static int svm_skip_emulated_instruction(struct kvm_vcpu *vcpu)
{
	struct vcpu_svm *svm = to_svm(vcpu);

	if (nrips && svm->control->next_rip != 0)
		svm->next_rip = svm->control->next_rip;

	if (!svm->next_rip) {
		if (!kvm_emulate_instruction(vcpu, EMULTYPE_SKIP))
			return 0;
	} else {
		to_x86(vcpu)->rip = svm->next_rip;
	}
	return 1;
}

static fastpath_t svm_exit_handlers_fastpath(struct kvm_vcpu *vcpu)
{
	struct vmcb_control_area *control = to_svm(vcpu)->control;

	/*
	 * The next RIP must be known: decoding the WRMSR would read guest
	 * memory (5c30e8101e8d, still in place when this bug was found).
	 */
	if (control->exit_code == SVM_EXIT_MSR && control->exit_info_1 &&
	    nrips && control->next_rip)
		return handle_fastpath_set_msr_irqoff(vcpu);

	return EXIT_FASTPATH_NONE;
}

static fastpath_t svm_vcpu_run(struct kvm_vcpu *vcpu)
{
	svm_vcpu_enter_exit(vcpu);

	if (to_svm(vcpu)->guest_mode)
		return EXIT_FASTPATH_NONE;

	return svm_exit_handlers_fastpath(vcpu);
}

static struct kvm_x86_ops svm_x86_ops = {
	.prepare_switch_to_guest = svm_prepare_switch_to_guest,
	.vcpu_run = svm_vcpu_run,
	.handle_exit = svm_handle_exit,
	.skip_emulated_instruction = svm_skip_emulated_instruction,
};

static struct kvm_x86_init_ops svm_init_ops = {
	.runtime_ops = &svm_x86_ops,
};

int svm_init(void)
{
	return kvm_x86_vendor_init(&svm_init_ops);
}

/* ---- x86.c: the run loop ---- */

void vcpu_load(struct kvm_vcpu *vcpu);
void vcpu_put(struct kvm_vcpu *vcpu);

static int vcpu_enter_guest(struct kvm_vcpu *vcpu)
{
	fastpath_t exit_fastpath;

	preempt_disable();

	static_call(kvm_x86_prepare_switch_to_guest)(vcpu);

	local_irq_disable();

	/* Guest entry: leave the SRCU section until the exit is handled. */
	kvm_vcpu_srcu_read_unlock(vcpu);

	for (;;) {
		exit_fastpath = static_call(kvm_x86_vcpu_run)(vcpu);
		if (likely(exit_fastpath != EXIT_FASTPATH_REENTER_GUEST))
			break;
	}

	local_irq_enable();
	preempt_enable();

	kvm_vcpu_srcu_read_lock(vcpu);

	return static_call(kvm_x86_handle_exit)(vcpu, exit_fastpath);
}

static int vcpu_run(struct kvm_vcpu *vcpu)
{
	int r;

	for (;;) {
		r = vcpu_enter_guest(vcpu);
		if (r <= 0)
			break;
	}
	return r;
}

static int kvm_arch_vcpu_ioctl_run(struct kvm_vcpu *vcpu)
{
	int r;

	vcpu_load(vcpu);
	kvm_vcpu_srcu_read_lock(vcpu);

	r = vcpu_run(vcpu);

	kvm_vcpu_srcu_read_unlock(vcpu);
	vcpu_put(vcpu);
	return r;
}

static long kvm_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct kvm_vcpu *vcpu = filp->private_data;
	struct x86_vcpu *xv = to_x86(vcpu);
	long r = -EINVAL;

	if (mutex_lock_killable(&xv->mutex))
		return -EINTR;

	if (ioctl == KVM_RUN)
		r = kvm_arch_vcpu_ioctl_run(vcpu); // expected-warning {{'kvm_arch_vcpu_ioctl_run' needs an SRCU read-side critical section on 'struct kvm::srcu', but none is held here}}

	mutex_unlock(&xv->mutex);
	return r;
}

const struct file_operations kvm_vcpu_fops = {
	.unlocked_ioctl = kvm_vcpu_ioctl,
};
