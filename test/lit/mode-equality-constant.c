// A parameter compared with a constant -- `switch (reg)` with at most three
// cases (mm/pagewalk.c's process_vma_walk_lock() has three), `if (reg == C)` -- is a mode: what the function does under
// `case C:` holds at a call passing C, not at one passing another constant
// (6.12 KVM: svm_cache_reg(vcpu, reg) loads the PDPTRs, which may sleep,
// only for VCPU_EXREG_PDPTR; kvm_rip_read() passes VCPU_REGS_RIP). A
// caller that passes its own parameter on carries the equality to its
// callers; one that passes something unknown may pass C: it is judged as
// before (no mode), and so is a parameter the caller changes before passing
// it on. A switch with more cases is a mode in those whose constants the
// file's calls pass (mode-switch-cases-callers-pass.c).
// RUN: %verify %s
#include <linux/spinlock.h>
#include <linux/sched.h>

enum reg { REG_RIP, REG_CR3, REG_CR4, REG_PDPTR };
extern int pick(void);
extern void reg_note(void);

static void load(void) { might_sleep(); }

static void cache_reg(int reg)
{
	switch (reg) {
	case REG_PDPTR:
		load();
		break;
	default:
		break;
	}
}

static void cache_eq(int reg)
{
	if (reg == REG_PDPTR)
		load();
}

static void cache_three(int reg)
{
	switch (reg) {
	case REG_RIP:
		break;
	case REG_CR3:
		break;
	case REG_PDPTR:
		load();
		break;
	}
}

static void cache_many(int reg)
{
	switch (reg) {
	case REG_RIP:
		break;
	case REG_CR3:
		break;
	case REG_CR4:
		break;
	case REG_PDPTR:
		load();
		break;
	}
}

// Passes its parameter on: the equality moves to it.
static unsigned long read_raw(int reg)
{
	cache_reg(reg);
	return 0;
}

// Changes its parameter before passing it on: nothing moves up.
extern int xlate(int);
static unsigned long read_xlate(int reg)
{
	reg = xlate(reg);
	cache_reg(reg);
	return 0;
}

// An equality from an `if`, and a switch without that case: where reg ==
// REG_CR4 the switch still leaves by its default edge, and load() runs.
static void tested_then_switched(int reg)
{
	if (reg == REG_CR4)
		reg_note();
	switch (reg) {
	case REG_RIP:
		break;
	default:
		break;
	}
	load();
}

static unsigned long rip_read(void) { return read_raw(REG_RIP); }
static unsigned long pdptr_read(void) { return read_raw(REG_PDPTR); }

void under_lock(spinlock_t *l, int reg)
{
	spin_lock(l);
	cache_reg(REG_RIP);
	cache_eq(REG_CR4);
	rip_read();
	cache_reg(REG_PDPTR); // expected-warning {{'cache_reg' may sleep, but spinning lock}}
	cache_eq(REG_PDPTR);  // expected-warning {{'cache_eq' may sleep, but spinning lock}}
	pdptr_read();         // expected-warning {{'pdptr_read' may sleep, but spinning lock}}
	cache_reg(pick());    // expected-warning {{'cache_reg' may sleep, but spinning lock}}
	cache_reg(reg);       // expected-warning {{'cache_reg' may sleep, but spinning lock}}
	cache_three(REG_RIP);
	cache_three(REG_PDPTR); // expected-warning {{'cache_three' may sleep, but spinning lock}}
	cache_many(REG_RIP);
	cache_many(REG_PDPTR); // expected-warning {{'cache_many' may sleep, but spinning lock}}
	read_xlate(REG_RIP);  // expected-warning {{'read_xlate' may sleep, but spinning lock}}
	tested_then_switched(REG_CR4); // expected-warning {{'tested_then_switched' may sleep, but spinning lock}}
	spin_unlock(l);
}
