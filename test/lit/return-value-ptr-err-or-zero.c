// RUN: %verify %s -fplugin-arg-rcuctx-rules=%S/Inputs/contract-acquire-on-valid.yaml
// `ret = PTR_ERR_OR_ZERO(p)` carries p's classes to ret: an error stays an
// error, NULL and an object become 0, and the contexts that went with them
// follow. 6.12's __cgroup1_procs_write() (kernel/cgroup/cgroup-v1.c) does
// `task = cgroup_procs_write_start(...); ret = PTR_ERR_OR_ZERO(task); if
// (ret) goto out_unlock;`, past cgroup_procs_write_finish(): the start
// holds cgroup_threadgroup_rwsem only when it returns the task (a rules
// contract, rules/18-cgroup.yaml: its declaration's __acquires() says
// "always"). A whole-kernel "returns with 'cgroup_threadgroup_rwsem' held
// on this path but not on others", false. A second unlock on the success
// path is still reported.
#include <linux/mutex.h>

static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline long IS_ERR(const void *ptr) { return (unsigned long)ptr >= (unsigned long)-4095; }
static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	if (IS_ERR(ptr))
		return PTR_ERR(ptr);
	return 0;
}

struct task_struct { int pid; };
extern struct rw_semaphore threadgroup_rwsem;
struct task_struct *write_start(char *buf);
static inline void write_finish(struct task_struct *task)
{
	up_write(&threadgroup_rwsem);
}
int attach(struct task_struct *task);

long procs_write(char *buf, long nbytes)
{
	struct task_struct *task;
	long ret;

	task = write_start(buf);
	ret = PTR_ERR_OR_ZERO(task);
	if (ret)
		goto out_unlock;
	ret = attach(task);
	write_finish(task);
out_unlock:
	return ret ?: nbytes;
}

/* Wrong: the success path drops the lock twice. */
long procs_write_unlocks_twice(char *buf, long nbytes)
{
	struct task_struct *task;
	long ret;

	task = write_start(buf);
	ret = PTR_ERR_OR_ZERO(task);
	if (ret)
		goto out_unlock;
	ret = attach(task);
	write_finish(task);
	up_write(&threadgroup_rwsem); // expected-warning {{unlock of 'threadgroup_rwsem', which is not held here}}
out_unlock:
	return ret ?: nbytes;
}

/* The classes decide the state on each branch of the test of ret: the
 * spinning lock is held where ret is 0 (a sleep there is reported) and not
 * where it is an error. */
struct task_struct *start_spin(char *buf);
void msleep(unsigned int ms);
long spin_then_sleep(char *buf)
{
	struct task_struct *task = start_spin(buf);
	long ret = PTR_ERR_OR_ZERO(task);

	if (ret) {
		msleep(1); /* not held: fine */
		return ret;
	}
	msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'table_lock' is held here}}
	return 0;
}

/* A contract's acquisition is in the lock order like any other. */
static struct mutex cfg_mutex;
long procs_write_under_cfg(char *buf)
{
	struct task_struct *task;
	long ret;

	mutex_lock(&cfg_mutex);
	task = write_start(buf); // expected-warning {{possible deadlock: 'procs_write_under_cfg' acquires 'threadgroup_rwsem' while holding 'cfg_mutex', and 'cfg_under_threadgroup' acquires 'cfg_mutex' while holding 'threadgroup_rwsem'}}
	ret = PTR_ERR_OR_ZERO(task);
	if (!ret)
		write_finish(task);
	mutex_unlock(&cfg_mutex);
	return ret;
}

void cfg_under_threadgroup(void)
{
	down_write(&threadgroup_rwsem);
	mutex_lock(&cfg_mutex);
	mutex_unlock(&cfg_mutex);
	up_write(&threadgroup_rwsem);
}
