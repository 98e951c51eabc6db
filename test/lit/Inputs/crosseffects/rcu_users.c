#include <linux/rcupdate.h>

struct sp { int role; };
struct sp *root_of(void);
int role_of(struct sp *sp);

int role_after_unlock(void)
{
	struct sp *sp;

	rcu_read_lock();
	sp = root_of();
	rcu_read_unlock();
	return sp->role;
}

int passed_after_unlock(void)
{
	struct sp *sp;

	rcu_read_lock();
	sp = root_of();
	rcu_read_unlock();
	return role_of(sp);
}

int inside(void)
{
	int r;

	rcu_read_lock();
	r = role_of(root_of());
	rcu_read_unlock();
	return r;
}
