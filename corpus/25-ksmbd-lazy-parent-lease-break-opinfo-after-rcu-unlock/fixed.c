// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #25, fixed: as in eac3361e3d5d "ksmbd: fix use-after-free in
 * smb_lazy_parent_lease_break_close()", the opinfo is inspected before
 * rcu_read_unlock(), on both the early-return and the fall-through path.
 */
#include <linux/rcupdate.h>

// expected-no-diagnostics

#define SMB2_LEASE_VERSION_2	2

struct lease {
	u8 lease_key[16];
	u8 parent_lease_key[16];
	u32 state;
	int version;
};

struct oplock_info {
	int level;
	bool is_lease;
	struct lease *o_lease;
};

struct dentry;
struct ksmbd_inode;

struct ksmbd_file {
	struct oplock_info __rcu *f_opinfo;
	struct dentry *parent_dentry;
};

/* Looks up the parent's ksmbd_inode and takes a reference on it. */
struct ksmbd_inode *ksmbd_inode_lookup_lock(struct dentry *d);
void ksmbd_inode_put(struct ksmbd_inode *ci);
/* Sends a lease break to every other opener of the parent directory. */
void ksmbd_break_parent_leases(struct ksmbd_inode *p_ci, struct ksmbd_file *fp);

void smb_lazy_parent_lease_break_close(struct ksmbd_file *fp)
{
	struct oplock_info *opinfo;
	struct ksmbd_inode *p_ci;

	rcu_read_lock();
	opinfo = rcu_dereference(fp->f_opinfo);

	if (!opinfo || !opinfo->is_lease ||
	    opinfo->o_lease->version != SMB2_LEASE_VERSION_2) {
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	p_ci = ksmbd_inode_lookup_lock(fp->parent_dentry);
	if (!p_ci)
		return;

	ksmbd_break_parent_leases(p_ci, fp);
	ksmbd_inode_put(p_ci);
}
