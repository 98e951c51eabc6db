// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #7: an ioctl walks an RCU-protected list of manager apps and
 * copies each UID straight to user space from inside the read-side section.
 *
 * Distilled from ReSukiSU (a KernelSU fork) pull request #423 "kernel: Do
 * not copy_to_user during rcu_read_lock", fixing issue #422: the
 * get-managers ioctl did copy_to_user() per entry under rcu_read_lock(), and
 * a 4.19 kernel with CONFIG_DEBUG_ATOMIC_SLEEP logged "BUG: sleeping function
 * called from invalid context at include/linux/uaccess.h" from
 * ksu_handle_get_managers_cmd(). copy_to_user() may fault the user page in.
 */
#include <linux/rculist.h>
#include <linux/uaccess.h>

struct ksu_manager_entry {
	struct list_head list;
	u32 uid;
};

struct ksu_get_managers_cmd {
	u32 count;		/* in: room in uids[], out: entries copied */
	u32 __user *uids;
};

static struct list_head ksu_manager_list;

int ksu_handle_get_managers_cmd(struct ksu_get_managers_cmd *cmd)
{
	struct ksu_manager_entry *entry;
	u32 n = 0;

	rcu_read_lock();
	list_for_each_entry_rcu(entry, &ksu_manager_list, list) {
		if (n >= cmd->count)
			break;
		if (copy_to_user(&cmd->uids[n], &entry->uid, sizeof(u32))) { // expected-warning {{'copy_to_user' may sleep, but an RCU read-side critical section is held here}}
			rcu_read_unlock();
			return -EFAULT;
		}
		n++;
	}
	rcu_read_unlock();

	cmd->count = n;
	return 0;
}
