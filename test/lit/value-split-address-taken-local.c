// RUN: %verify %s
// A local whose address is taken keeps nothing of its value, neither from
// a test nor from a call's value stored in it: a call given the address
// may store another value. 6.12's io_uring/poll.c
// io_poll_remove() calls io_poll_find(..., &bucket) twice, each followed by
// `if (bucket) spin_unlock(&bucket->lock)`; the second test was refined by
// the value the first one saw (NULL or the first bucket), and its unlock
// reported "not held".
#include <linux/spinlock.h>

struct req { int key; int owned; };
struct bucket { spinlock_t lock; struct req *first; };

/* The request with its bucket locked (*out set), or NULL with none. */
static struct req *find(struct bucket *hb, int key, struct bucket **out)
{
	struct req *r;

	*out = NULL;
	spin_lock(&hb->lock);
	r = hb->first;
	if (r && r->key == key) {
		*out = hb;
		return r;
	}
	spin_unlock(&hb->lock);
	return NULL;
}

int remove_from_either(struct bucket *a, struct bucket *b, int key)
{
	struct bucket *bucket;
	struct req *preq, *other;

	preq = find(a, key, &bucket);
	if (bucket)
		spin_unlock(&bucket->lock);
	other = find(b, key, &bucket);
	if (bucket)
		spin_unlock(&bucket->lock);
	return preq || other;
}

/* A second unlock of the same bucket is still one too many. */
int unlocks_twice(struct bucket *a, int key)
{
	struct bucket *bucket;
	struct req *preq = find(a, key, &bucket);

	if (bucket) {
		spin_unlock(&bucket->lock);
		spin_unlock(&bucket->lock); // expected-warning {{unlock of 'struct bucket::lock', which is not held here}}
	}
	return preq != NULL;
}
