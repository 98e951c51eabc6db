// RUN: %verify %s
// `return PTR_ERR(hash);` where the path tested IS_ERR(hash) returns an
// error, as `ret = PTR_ERR(hash); return ret;` already did: 6.12's
// net/ipv4/tcp_sigpool.c tcp_sigpool_start() returns 0 with rcu_read_lock_bh()
// held and an error without (`__cond_acquires(RCU_BH)`), and one of its
// error paths returns PTR_ERR() directly ("returns with an RCU-bh read-side
// critical section held on this path but not on others" in the whole-kernel
// run). Not where nothing said the pointer is an error.
#include <linux/rcupdate.h>

static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline long IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }

struct ahash { int x; };
struct ahash *clone_hash(unsigned int id);
extern unsigned int populated;

int sigpool_start(unsigned int id, struct ahash **out)
{
	struct ahash *hash;

	rcu_read_lock_bh();
	if (id >= populated) {
		rcu_read_unlock_bh();
		return -22;
	}
	hash = clone_hash(id);
	if (IS_ERR(hash)) {
		rcu_read_unlock_bh();
		return PTR_ERR(hash);
	}
	*out = hash;
	return 0;
}

/* PTR_ERR() of a pointer no test said is an error: any value. */
int sigpool_start_untested(unsigned int id, struct ahash **out)
{
	struct ahash *hash;

	rcu_read_lock_bh();
	hash = clone_hash(id);
	if (!hash) {
		rcu_read_unlock_bh();
		return PTR_ERR(hash);
	}
	*out = hash;
	return 0; // expected-warning {{returns with an RCU-bh read-side critical section held on this path but not on others}}
}
