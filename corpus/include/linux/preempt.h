/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: preemption and IRQ state. */
#ifndef _MINI_LINUX_PREEMPT_H
#define _MINI_LINUX_PREEMPT_H

#include <linux/compiler.h>

void __preempt_count_add(int v);
void __preempt_count_sub(int v);
#define preempt_disable()	do { __preempt_count_add(1); } while (0)
#define preempt_enable()	do { __preempt_count_sub(1); } while (0)
int preemptible(void);

/* include/linux/smp.h: the current CPU, pinned (corpus addition). */
int raw_smp_processor_id(void);
#define get_cpu()	({ preempt_disable(); raw_smp_processor_id(); })
#define put_cpu()	preempt_enable()
int in_atomic(void);
int irqs_disabled(void);

void arch_local_irq_disable(void);
void arch_local_irq_enable(void);
unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);
#define local_irq_disable()		do { arch_local_irq_disable(); } while (0)
#define local_irq_enable()		do { arch_local_irq_enable(); } while (0)
#define local_irq_save(flags)		do { flags = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags)	do { arch_local_irq_restore(flags); } while (0)

void __local_bh_disable(void);
void __local_bh_enable(void);
static inline void local_bh_disable(void) { __local_bh_disable(); }
static inline void local_bh_enable(void) { __local_bh_enable(); }

#endif
