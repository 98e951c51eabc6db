// RUN: %verify %s
// expected-no-diagnostics
// A callee whose returns differ by class in one mode and are of one class
// in another (fs/eventpoll.c's epoll_mutex_lock(): blocking, it returns 0
// with the mutex; non-blocking, 0 with it or -EAGAIN without) tells a caller
// that picks the blocking mode that the value is 0: `if (error) goto out;`
// is then never taken with the mutex held (do_epoll_ctl()). Before, each
// such goto was "returns with 'struct ep::mtx' held on this path but not on
// others".
#include <linux/mutex.h>

struct ep { struct mutex mtx; int gen; };
struct mutex nested_mutex;
int loop_check(struct ep *ep);
int insert(struct ep *ep);

static inline int ep_mutex_lock(struct mutex *mutex, bool nonblock)
{
	if (!nonblock) {
		mutex_lock(mutex);
		return 0;
	}
	if (mutex_trylock(mutex))
		return 0;
	return -11;
}

int ep_ctl(struct ep *ep, int op, bool nonblock)
{
	int error;
	int full_check = 0;

	error = ep_mutex_lock(&ep->mtx, nonblock);
	if (error)
		goto out;
	if (op == 1) {
		mutex_unlock(&ep->mtx);
		error = ep_mutex_lock(&nested_mutex, nonblock);
		if (error)
			goto out;
		full_check = 1;
		error = -40;
		if (loop_check(ep))
			goto out;
		error = ep_mutex_lock(&ep->mtx, nonblock);
		if (error)
			goto out;
	}
	error = insert(ep);
	mutex_unlock(&ep->mtx);
out:
	if (full_check)
		mutex_unlock(&nested_mutex);
	return error;
}

int blocking_ctl(struct ep *ep)
{
	int error = ep_mutex_lock(&ep->mtx, false);

	if (error)
		return error; /* never: 0 is all it returns here */
	ep->gen++;
	mutex_unlock(&ep->mtx);
	return 0;
}
