// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #43: the NFSv4 state manager walks the client's
 * superblocks under RCU to find the one that migrated, leaves the RCU
 * section to handle it, and goes on using the nfs_server it found: RPCs
 * that sleep, server->super->s_root. Nothing pins that server once the
 * section has ended; an unmount frees it with call_rcu() (nfs_free_server()
 * after list_del_rcu()). The same file's other walks, and delegation.c's,
 * pin with nfs_sb_active(server->super) before leaving the section.
 *
 * Found by rcuctx in Linux 6.12's fs/nfs/nfs4state.c (the whole-kernel
 * run, kernel/RESULTS-whole-kernel.md): nfs4_handle_migration() and
 * nfs4_handle_lease_moved(). No upstream commit or thread about it is known
 * to us; fixed.c is the change we propose.
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
		rcu_read_unlock();
		status = nfs4_try_migration(server, cred); // expected-warning {{'server' is passed to 'nfs4_try_migration', which dereferences it, after the RCU read-side critical section it was read in ended}}
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
		rcu_read_unlock();
		status = nfs4_proc_fsid_present(server->super->s_root, cred); // expected-warning {{'server' is dereferenced after the RCU read-side critical section it was read in ended}}
		if (status != -NFS4ERR_MOVED)
			goto restart;
		nfs4_try_migration(server, cred); // expected-warning {{'server' is passed to 'nfs4_try_migration', which dereferences it, after the RCU read-side critical section it was read in ended}}
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
