#include <linux/lockdep.h>
#include <linux/mutex.h>

struct key { struct rw_semaphore sem; int type; int n; };
void move_lock(struct key *l, struct key *u);
void link_end(struct key *k);
