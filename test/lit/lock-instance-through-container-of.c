// RUN: %verify %s
// A lock reached through container_of() (a statement expression, whose
// macro text is the same for every argument: 6.12's af_unix.c
// `#define unix_state_lock(s) spin_lock(&unix_sk(s)->lock)`) is the
// instance of the pointer passed in: locking two sockets in address order
// is two instances, not a double lock (net/unix/af_unix.c's
// unix_state_double_lock(), 3 findings in the whole-kernel run), while the
// same socket locked twice still is.
#include <linux/compiler.h>
#include <linux/spinlock.h>

struct sock { int state; };
struct unix_sock { struct sock sk; spinlock_t lock; };
#define unix_sk(ptr) container_of(ptr, struct unix_sock, sk)
#define unix_state_lock(s) spin_lock(&unix_sk(s)->lock)
#define unix_state_unlock(s) spin_unlock(&unix_sk(s)->lock)

void double_lock(struct sock *sk1, struct sock *sk2)
{
	if (sk1 == sk2 || !sk2) {
		unix_state_lock(sk1);
		return;
	}
	unix_state_lock(sk1);
	unix_state_lock(sk2);
}

void double_unlock(struct sock *sk1, struct sock *sk2)
{
	if (sk1 == sk2 || !sk2) {
		unix_state_unlock(sk1);
		return;
	}
	unix_state_unlock(sk1);
	unix_state_unlock(sk2);
}

void connect_both(struct sock *a, struct sock *b)
{
	double_lock(a, b);
	a->state = b->state;
	double_unlock(a, b);
}

void same_one_twice(struct sock *sk)
{
	unix_state_lock(sk);
	unix_state_lock(sk); // expected-warning {{'struct unix_sock::lock' is already held here}}
	unix_state_unlock(sk);
}
