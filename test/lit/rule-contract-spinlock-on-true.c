// RUN: %verify %s
// A contract on a spinning lock (rules/17-net.yaml): tcp_add_backlog()
// (net/ipv4/tcp_ipv4.c) drops the socket's bottom-half lock and returns
// true when it cannot queue the skb, and returns false with it held.
// tcp_v6_rcv() (net/ipv6/tcp_ipv6.c) skips its own bh_unlock_sock() on
// true: "returns with 'socket_lock_t::slock' held on this path but not on
// others" in the whole-kernel run, false. On the false branch the lock is
// still held, so preemption is still off there and a sleep is reported; on
// the true branch it is not.
#include <linux/spinlock.h>

typedef struct { spinlock_t slock; int owned; } socket_lock_t;
struct sock { socket_lock_t sk_lock; };
struct sk_buff { int len; };
#define bh_lock_sock(sk)	spin_lock(&((sk)->sk_lock.slock))
#define bh_unlock_sock(sk)	spin_unlock(&((sk)->sk_lock.slock))
bool tcp_add_backlog(struct sock *sk, struct sk_buff *skb, int *reason);
int do_rcv(struct sock *sk, struct sk_buff *skb);
void msleep(unsigned int ms);

int v6_rcv(struct sock *sk, struct sk_buff *skb)
{
	int reason = 0;

	bh_lock_sock(sk);
	if (sk->sk_lock.owned) {
		if (tcp_add_backlog(sk, skb, &reason))
			goto discard;
	} else {
		do_rcv(sk, skb);
	}
	bh_unlock_sock(sk);
	return 0;
discard:
	return -1;
}

int sleeps_after(struct sock *sk, struct sk_buff *skb)
{
	int reason = 0;

	bh_lock_sock(sk);
	if (tcp_add_backlog(sk, skb, &reason)) {
		msleep(1); /* dropped: may sleep */
		return -1;
	}
	msleep(1); // expected-warning {{'msleep' may sleep, but spinning lock 'socket_lock_t::slock' is held here}}
	bh_unlock_sock(sk);
	return 0;
}
