// A seq_file start that returns SEQ_START_TOKEN outside the section its
// found entries are in: 6.12's ipc/util.c sysvipc_proc_start() returns NULL,
// SEQ_START_TOKEN, or sysvipc_find_ipc()'s entry, which is locked inside an
// RCU section (NULL outside one). The token is a class of its own (VC_Const,
// docs/return-values.md): no object's address is 1, so the entries returned
// are not it. Callers test it (`it != SEQ_START_TOKEN`) like NULL. A start
// that returns the token from inside the section on one path and outside on
// another still breaks its protocol.
// RUN: %verify %s
#include <linux/rcupdate.h>
#include <linux/spinlock.h>

#define SEQ_START_TOKEN ((void *)1)
struct ipc { spinlock_t lock; int id; };
struct ids { struct ipc __rcu *slot[16]; };

static struct ipc *find_ipc(struct ids *ids, long pos)
{
	struct ipc *ipc;

	rcu_read_lock();
	ipc = rcu_dereference(ids->slot[pos & 15]);
	if (ipc) {
		spin_lock(&ipc->lock);
		return ipc;
	}
	rcu_read_unlock();
	return NULL;
}

static void *proc_start(struct ids *ids, long *pos)
{
	if (*pos < 0)
		return NULL;
	if (*pos == 0)
		return SEQ_START_TOKEN;
	return find_ipc(ids, *pos);
}

static void proc_stop(void *it)
{
	struct ipc *ipc = it;

	if (ipc && ipc != SEQ_START_TOKEN) {
		spin_unlock(&ipc->lock);
		rcu_read_unlock();
	}
}

int show(struct ids *ids, long pos)
{
	void *it = proc_start(ids, &pos);
	int id = 0;

	if (it && it != SEQ_START_TOKEN)
		id = ((struct ipc *)it)->id;
	proc_stop(it);
	return id;
}

// Forgets proc_stop() for an entry: the token's paths are outside the
// section, so the entry's are told apart and reported.
int show_leaks_entry(struct ids *ids, long pos)
{
	void *it = proc_start(ids, &pos);

	if (it == SEQ_START_TOKEN)
		return 0;
	if (it) // expected-warning@+1 {{returns with an RCU read-side critical section held on this path but not on others [rcuctx-unbalanced]}}
		return ((struct ipc *)it)->id;
	return 0;
}

static void *start_token_both_ways(struct ids *ids, long *pos, int early)
{
	if (early)
		return SEQ_START_TOKEN;
	rcu_read_lock();
	if (*pos == 0) // expected-warning@+1 {{returns with an RCU read-side critical section held on this path but not on others [rcuctx-unbalanced]}}
		return SEQ_START_TOKEN;
	rcu_read_unlock();
	return NULL;
}

void *use_both(struct ids *ids, long *pos)
{
	return start_token_both_ways(ids, pos, 0);
}
