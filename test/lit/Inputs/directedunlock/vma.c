#include "munmap.h"

void work(int nr);

/* Drops the lock if the descriptor says so. */
void complete_unmap(struct unmap_op *op)
{
	if (op->unlock)
		up_write(&op->mm->lock);
	work(op->nr);
}

static int gather(struct unmap_op *op)
{
	op->nr = cond();
	return op->nr < 0 ? -12 : 0;
}

/* 0 with the lock dropped if so directed; an error with it held. */
int unmap_range(struct mm *mm, bool unlock)
{
	struct unmap_op op;
	int error;

	init_unmap(&op, mm, unlock);
	error = gather(&op);
	if (error)
		goto failed;
	complete_unmap(&op);
	return 0;
failed:
	return error;
}
