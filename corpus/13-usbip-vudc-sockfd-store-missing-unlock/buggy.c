// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #13: writing a socket fd to the USB/IP virtual device
 * controller's sysfs attribute is serialised by ud.sysfs_lock, and the two
 * kthread_create() failures return without releasing it.
 *
 * Distilled from 1d08ed588c6a "usbip: vudc: fix missing unlock on error in
 * usbip_sockfd_store()" (Ye Bin, Hulk Robot, 2021; Fixes: bd8b82042269
 * "usbip: vudc synchronize sysfs code paths"): the synchronisation patch
 * wrapped the store in mutex_lock(&udc->ud.sysfs_lock) and converted the
 * spinlock error paths to labels that end in mutex_unlock(), but the
 * thread-creation failures, after the spinlocks are dropped, still returned
 * directly.
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>

#define SDEV_ST_AVAILABLE	0x01
#define SDEV_ST_USED		0x04
#define MAX_ERRNO		4095
#define IS_ERR(p)		((unsigned long)(p) >= (unsigned long)-MAX_ERRNO)

struct socket;
struct task_struct;

struct usbip_device {
	int status;
	spinlock_t lock;
	struct mutex sysfs_lock;
	struct socket *tcp_socket;
	struct task_struct *tcp_rx, *tcp_tx;
};

struct vudc {
	spinlock_t lock;
	struct usbip_device ud;
};

struct socket *sockfd_lookup(int fd, int *err);
void sockfd_put(struct socket *sock);
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data, const char *name);
int kthread_stop(struct task_struct *k);
void wake_up_process(struct task_struct *p);
int v_rx_loop(void *data);
int v_tx_loop(void *data);

long usbip_sockfd_store(struct vudc *udc, int sockfd, long count)
{
	struct socket *socket;
	struct task_struct *tcp_rx, *tcp_tx;
	unsigned long flags;
	int err;
	long ret = -EINVAL;

	mutex_lock(&udc->ud.sysfs_lock);
	spin_lock_irqsave(&udc->lock, flags);
	spin_lock_irq(&udc->ud.lock);

	if (udc->ud.status != SDEV_ST_AVAILABLE)
		goto unlock_ud;
	socket = sockfd_lookup(sockfd, &err);
	if (!socket)
		goto unlock_ud;

	/* Threads are created with the spinlocks dropped: it may sleep. */
	spin_unlock_irq(&udc->ud.lock);
	spin_unlock_irqrestore(&udc->lock, flags);

	tcp_rx = kthread_create(&v_rx_loop, &udc->ud, "vudc_rx");
	if (IS_ERR(tcp_rx)) {
		sockfd_put(socket);
		return -EINVAL; // expected-warning {{returns with 'struct usbip_device::sysfs_lock' held on this path but not on others}}
	}
	tcp_tx = kthread_create(&v_tx_loop, &udc->ud, "vudc_tx");
	if (IS_ERR(tcp_tx)) {
		kthread_stop(tcp_rx);
		sockfd_put(socket);
		return -EINVAL; // expected-warning {{returns with 'struct usbip_device::sysfs_lock' held on this path but not on others}}
	}

	spin_lock_irq(&udc->ud.lock);
	udc->ud.tcp_socket = socket;
	udc->ud.tcp_rx = tcp_rx;
	udc->ud.tcp_tx = tcp_tx;
	udc->ud.status = SDEV_ST_USED;
	spin_unlock_irq(&udc->ud.lock);

	wake_up_process(tcp_rx);
	wake_up_process(tcp_tx);
	mutex_unlock(&udc->ud.sysfs_lock);
	return count;

unlock_ud:
	spin_unlock_irq(&udc->ud.lock);
	spin_unlock_irqrestore(&udc->lock, flags);
	mutex_unlock(&udc->ud.sysfs_lock);
	return ret;
}
