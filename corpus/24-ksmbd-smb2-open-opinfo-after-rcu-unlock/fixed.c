// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #24, fixed: as in 1e689a561738 "smb: server: fix
 * use-after-free in smb2_open()", the response takes a reference on the
 * opinfo with opinfo_get() (refcount taken inside the RCU section) and drops
 * it with opinfo_put() once the lease context is written.
 */
#include <linux/rcupdate.h>

// expected-no-diagnostics

#define SMB2_CREATE_RSP_SIZE	89
#define SMB2_LEASE_CONTEXT_SIZE	52

struct lease {
	u8 lease_key[16];
	u32 state;
	u16 epoch;
	int version;
};

typedef struct { int counter; } atomic_t;
int atomic_inc_not_zero(atomic_t *v);

struct oplock_info {
	atomic_t refcount;
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
/* Drops the reference; the last one frees the opinfo after a grace period. */
void opinfo_put(struct oplock_info *opinfo);

static struct oplock_info *opinfo_get(struct ksmbd_file *fp)
{
	struct oplock_info *opinfo;

	rcu_read_lock();
	opinfo = rcu_dereference(fp->f_opinfo);
	if (opinfo && !atomic_inc_not_zero(&opinfo->refcount))
		opinfo = NULL;
	rcu_read_unlock();

	return opinfo;
}

/* The tail of smb2_open(): the file is open, fill in the response. */
int smb2_open_rsp(struct ksmbd_file *fp, struct smb2_create_rsp *rsp, u32 file_info)
{
	struct oplock_info *opinfo;
	u32 contexts_len = 0;

	rsp->StructureSize = SMB2_CREATE_RSP_SIZE;
	opinfo = opinfo_get(fp);
	rsp->OplockLevel = opinfo != NULL ? opinfo->level : 0;
	rsp->Flags = 0;
	rsp->CreateAction = file_info;
	rsp->CreationTime = fp->create_time;

	if (opinfo && opinfo->is_lease) {
		create_lease_buf(rsp->Buffer, opinfo->o_lease);
		contexts_len = SMB2_LEASE_CONTEXT_SIZE;
	}
	if (opinfo)
		opinfo_put(opinfo);

	rsp->CreateContextsOffset = contexts_len ? offsetof(struct smb2_create_rsp, Buffer) : 0;
	rsp->CreateContextsLength = contexts_len;
	return 0;
}
