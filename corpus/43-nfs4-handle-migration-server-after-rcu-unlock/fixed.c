// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #43, fixed as we propose: the NFSv4 state manager walks the client's
 * superblocks under RCU to find the one that migrated, leaves the RCU
 * section to handle it, and goes on using the nfs_server it found: RPCs
 * that sleep, server->super->s_root. Nothing pins that server once the
 * section has ended; an unmount frees it with call_rcu() (nfs_free_server()
 * after list_del_rcu()). The same file's other walks, and delegation.c's,
 * pin with nfs_sb_active(server->super) before leaving the section.
 *
 * The fix pins the superblock inside the section, as the other walks do,
 * and drops the pin after the use; a server whose superblock is already
 * going away is skipped.
 */
#include <linux/rcupdate.h>
#include <linux/rculist.h>

typedef struct { int counter; } atomic_t;
struct super_block { atomic_t s_active; void *s_root; };
struct nfs_server {
	struct list_head client_link;
	struct super_block *super;
	unsigned long mig_gen;
	unsigned long mig_status;
};
struct nfs_client { struct list_head cl_superblocks; unsigned long cl_mig_gen; };
struct cred;

int test_and_clear_bit(int nr, unsigned long *addr);
int atomic_inc_not_zero(atomic_t *v);
void nfs_sb_deactive(struct super_block *sb);

/* fs/nfs/super.c: an active reference on the superblock (and its server). */
static int nfs_sb_active(struct super_block *sb)
{
	return atomic_inc_not_zero(&sb->s_active);
}
int nfs4_proc_fsid_present(void *root, const struct cred *cred);
int nfs4_proc_get_locations(struct nfs_server *server, void *root, const struct cred *cred);

/* Reads the new locations of the server's root (RPCs: it sleeps). */
static int nfs4_try_migration(struct nfs_server *server, const struct cred *cred)
{
	return nfs4_proc_get_locations(server, server->super->s_root, cred);
}

#define NFS_MIG_IN_TRANSITION 1
#define NFS4ERR_MOVED 10019

static int nfs4_handle_migration(struct nfs_client *clp, const struct cred *cred)
{
	struct nfs_server *server;

	clp->cl_mig_gen++;
restart:
	rcu_read_lock();
	list_for_each_entry_rcu(server, &clp->cl_superblocks, client_link) {
		int status;

		if (server->mig_gen == clp->cl_mig_gen)
			continue;
		server->mig_gen = clp->cl_mig_gen;
		if (!test_and_clear_bit(NFS_MIG_IN_TRANSITION, &server->mig_status))
			continue;
		if (!nfs_sb_active(server->super))
			continue;
		rcu_read_unlock();
		status = nfs4_try_migration(server, cred);
		nfs_sb_deactive(server->super);
		if (status < 0)
			return status;
		goto restart;
	}
	rcu_read_unlock();
	return 0;
}

static int nfs4_handle_lease_moved(struct nfs_client *clp, const struct cred *cred)
{
	struct nfs_server *server;

	clp->cl_mig_gen++;
restart:
	rcu_read_lock();
	list_for_each_entry_rcu(server, &clp->cl_superblocks, client_link) {
		int status;

		if (server->mig_gen == clp->cl_mig_gen)
			continue;
		server->mig_gen = clp->cl_mig_gen;
		if (!nfs_sb_active(server->super))
			continue;
		rcu_read_unlock();
		status = nfs4_proc_fsid_present(server->super->s_root, cred);
		if (status != -NFS4ERR_MOVED) {
			nfs_sb_deactive(server->super);
			goto restart;
		}
		nfs4_try_migration(server, cred);
		nfs_sb_deactive(server->super);
		return 0;
	}
	rcu_read_unlock();
	return 0;
}

/* The state manager's step for a moved client. */
int nfs4_state_manager_moved(struct nfs_client *clp, const struct cred *cred, int lease)
{
	return lease ? nfs4_handle_lease_moved(clp, cred) : nfs4_handle_migration(clp, cred);
}
