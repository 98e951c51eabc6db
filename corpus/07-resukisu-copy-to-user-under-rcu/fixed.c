// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #7, fixed: as in ReSukiSU #423, the UIDs are gathered into a
 * temporary kernel buffer inside the RCU section, and copied to user space
 * only after rcu_read_unlock().
 */
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

// expected-no-diagnostics

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
	u32 *buf;
	u32 n = 0;
	int ret = 0;

	buf = kcalloc(cmd->count, sizeof(u32), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	rcu_read_lock();
	list_for_each_entry_rcu(entry, &ksu_manager_list, list) {
		if (n >= cmd->count)
			break;
		buf[n++] = entry->uid;
	}
	rcu_read_unlock();

	if (copy_to_user(cmd->uids, buf, n * sizeof(u32)))
		ret = -EFAULT;
	else
		cmd->count = n;
	kfree(buf);
	return ret;
}
