/* Included inside function bodies, as KVM includes asm/kvm-x86-ops.h
 * between the definitions of its X-macros. */
	s += rcu_dereference(gp)->x;
