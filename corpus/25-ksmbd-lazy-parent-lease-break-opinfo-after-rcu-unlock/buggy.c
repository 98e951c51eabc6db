// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #25: when a file with a v2 lease is closed, the SMB server
 * breaks the leases held on its parent directory. It decides whether to do
 * so by looking at the file's opinfo, which it reads with
 * rcu_dereference(fp->f_opinfo) and then inspects (is_lease, the lease
 * version) only after rcu_read_unlock(): a concurrent writer can free it in
 * between.
 *
 * Distilled from eac3361e3d5d "ksmbd: fix use-after-free in
 * smb_lazy_parent_lease_break_close()" (Namjae Jeon, 2026; fixes
 * 5fb282ba4fef "ksmbd: fix possible null-deref in
 * smb_lazy_parent_lease_break_close"): "opinfo pointer obtained via
 * rcu_dereference(fp->f_opinfo) is being accessed after rcu_read_unlock()
 * has been called. This creates a race condition where the memory could be
 * freed by a concurrent writer between the unlock and the subsequent pointer
 * dereferences (opinfo->is_lease, etc.), leading to a use-after-free."
 */
#include <linux/rcupdate.h>

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
	rcu_read_unlock();

	if (!opinfo || !opinfo->is_lease || // expected-warning {{'opinfo' is dereferenced after the RCU read-side critical section it was read in ended}}
	    opinfo->o_lease->version != SMB2_LEASE_VERSION_2) // expected-warning {{'opinfo' is dereferenced after the RCU read-side critical section it was read in ended}}
		return;

	p_ci = ksmbd_inode_lookup_lock(fp->parent_dentry);
	if (!p_ci)
		return;

	ksmbd_break_parent_leases(p_ci, fp);
	ksmbd_inode_put(p_ci);
}
