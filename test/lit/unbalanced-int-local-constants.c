// RUN: %verify %s
// An integer local's stored constants are followed like a pointer's or a
// bool's: `ret = -EAGAIN` after the unlock, `ret` still 0 with the lock, and
// `return ret` hands the lock over through its value (usermodehelper_read_
// trylock() in kernel/umh.c); `full_check = 1` after a lock, `if
// (full_check) unlock` at the shared exit (do_epoll_ctl() in fs/eventpoll.c).
// A `goto` past the unlock is still reported at the goto (cfg-goto-out.c),
// and a local an asm statement writes is not followed.
#include <linux/mutex.h>
#include <linux/mm.h>

struct rw_semaphore helper_sem;
int helper_disabled;
void wait_a_bit(void);

/* 0 with the semaphore held, -EAGAIN without. */
int helper_read_trylock(void)
{
	int ret = 0;

	down_read(&helper_sem);
	for (;;) {
		if (!helper_disabled)
			break;
		if (helper_disabled == 2)
			ret = -11;
		up_read(&helper_sem);
		if (ret)
			break;
		wait_a_bit();
		down_read(&helper_sem);
	}
	return ret;
}

struct ep { struct mutex mtx; int gen; };
struct mutex nested_mutex;
int check_loops(struct ep *ep);

int ep_ctl(struct ep *ep, int add)
{
	int error = 0;
	int full_check = 0;

	if (add) {
		mutex_lock(&nested_mutex);
		full_check = 1;
		error = -40;
		if (check_loops(ep))
			goto out;
	}
	mutex_lock(&ep->mtx);
	ep->gen++;
	error = 0;
	mutex_unlock(&ep->mtx);
out:
	if (full_check)
		mutex_unlock(&nested_mutex);
	return error;
}

/* The flag's value comes from asm: not known, so both edges are taken. */
int asm_flag(struct ep *ep)
{
	int locked = 0;

	mutex_lock(&ep->mtx);
	__asm__("" : "=r"(locked) : "0"(1));
	if (!locked)
		return 0; // expected-warning {{returns with 'struct ep::mtx' held on this path but not on others}}
	mutex_unlock(&ep->mtx);
	return 0;
}
