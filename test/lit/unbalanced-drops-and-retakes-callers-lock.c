// RUN: %verify %s
// A function that drops its caller's lock, takes and drops another instance
// of the class, and takes the caller's again returns with it held on every
// path, its early return included (as the caller had it: held, since the
// function releases that hold elsewhere). 6.12's io_clone_buffers()
// (io_uring/rsrc.c) drops ctx->uring_lock to take src_ctx's: two
// whole-kernel "returns with 'struct io_ring_ctx::uring_lock' held on this
// path but not on others", false. A path that forgets to take the caller's
// lock again is still reported.
#include <linux/mutex.h>

struct ctx { struct mutex uring_lock; int user; int nr; void *bufs; };
void *kcalloc(unsigned long n, unsigned long s, unsigned int gfp);

int clone_bufs(struct ctx *ctx, struct ctx *src)
{
	int ret;
	void *b;

	if (ctx->user != src->user)
		return -22;
	mutex_unlock(&ctx->uring_lock);
	mutex_lock(&src->uring_lock);
	ret = -6;
	if (!src->nr)
		goto out_unlock;
	b = kcalloc(src->nr, 8, 0);
	mutex_unlock(&src->uring_lock);
	mutex_lock(&ctx->uring_lock);
	if (!ctx->bufs) {
		ctx->bufs = b;
		return 0;
	}
	return -16;
out_unlock:
	mutex_unlock(&src->uring_lock);
	mutex_lock(&ctx->uring_lock);
	return ret;
}

int clone_forgets_retake(struct ctx *ctx, struct ctx *src)
{
	if (ctx->user != src->user)
		return -22;
	mutex_unlock(&ctx->uring_lock);
	mutex_lock(&src->uring_lock);
	if (!src->nr) {
		mutex_unlock(&src->uring_lock);
		return 0; /* forgot mutex_lock(&ctx->uring_lock): the held return is reported */
	}
	mutex_unlock(&src->uring_lock);
	mutex_lock(&ctx->uring_lock);
	return 0; // expected-warning {{returns with 'struct ctx::uring_lock' held on this path but not on others}}
}
