/* SPDX-License-Identifier: MIT */
/* rcuctx mini kernel headers: IRQ handlers and tasklets. */
#ifndef _MINI_LINUX_INTERRUPT_H
#define _MINI_LINUX_INTERRUPT_H

#include <linux/compiler.h>

typedef int irqreturn_t;
#define IRQ_HANDLED 1
#define IRQ_WAKE_THREAD 2
typedef irqreturn_t (*irq_handler_t)(int, void *);
int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long flags, const char *name, void *dev);
static inline int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
			      const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, 0, flags, name, dev);
}

struct tasklet_struct { void (*callback)(struct tasklet_struct *t); };
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));

#endif
