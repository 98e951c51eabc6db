// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #24: the SMB server builds the CREATE response from the
 * file's oplock, which it reads with rcu_dereference(fp->f_opinfo) inside a
 * short RCU section, and then keeps using after rcu_read_unlock(): the lease
 * context of the response is filled from opinfo->o_lease. A concurrent
 * oplock break can free the opinfo in between.
 *
 * Distilled from 1e689a561738 "smb: server: fix use-after-free in
 * smb2_open()" (Marios Makassikis, 2026; CVE-2026-43378): "The opinfo
 * pointer obtained via rcu_dereference(fp->f_opinfo) is dereferenced after
 * rcu_read_unlock(), creating a use-after-free window."
 */
#include <linux/rcupdate.h>

#define SMB2_CREATE_RSP_SIZE	89
#define SMB2_LEASE_CONTEXT_SIZE	52

struct lease {
	u8 lease_key[16];
	u32 state;
	u16 epoch;
	int version;
};

struct oplock_info {
	int level;
	bool is_lease;
	struct lease *o_lease;
};

struct ksmbd_file {
	struct oplock_info __rcu *f_opinfo;
	u64 create_time;
	u32 daccess;
};

struct smb2_create_rsp {
	u16 StructureSize;
	u8 OplockLevel;
	u8 Flags;
	u32 CreateAction;
	u64 CreationTime;
	u32 CreateContextsOffset;
	u32 CreateContextsLength;
	u8 Buffer[128];
};

/* Serialises the lease into an SMB2_CREATE_REQUEST_LEASE(_V2) context. */
void create_lease_buf(u8 *rbuf, struct lease *lease);

/* The tail of smb2_open(): the file is open, fill in the response. */
int smb2_open_rsp(struct ksmbd_file *fp, struct smb2_create_rsp *rsp, u32 file_info)
{
	struct oplock_info *opinfo;
	u32 contexts_len = 0;

	rsp->StructureSize = SMB2_CREATE_RSP_SIZE;
	rcu_read_lock();
	opinfo = rcu_dereference(fp->f_opinfo);
	rsp->OplockLevel = opinfo != NULL ? opinfo->level : 0;
	rcu_read_unlock();
	rsp->Flags = 0;
	rsp->CreateAction = file_info;
	rsp->CreationTime = fp->create_time;

	if (opinfo && opinfo->is_lease) { // expected-warning {{'opinfo' is dereferenced after the RCU read-side critical section it was read in ended}}
		create_lease_buf(rsp->Buffer, opinfo->o_lease); // expected-warning {{'opinfo' is dereferenced after the RCU read-side critical section it was read in ended}}
		contexts_len = SMB2_LEASE_CONTEXT_SIZE;
	}

	rsp->CreateContextsOffset = contexts_len ? offsetof(struct smb2_create_rsp, Buffer) : 0;
	rsp->CreateContextsLength = contexts_len;
	return 0;
}
