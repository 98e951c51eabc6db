// RUN: %verify %s
// A slot's rule may release a lock by its class (`lock_class:`): the
// callback's contract is to drop a lock of its argument's object, which is
// no argument itself. The bundled rules say so for the block layer's
// holder ops (`bdev->bd_holder_ops->freeze(bdev)` with bd_holder_lock held,
// then lockdep_assert_not_held(), block/bdev.c) and for ->kill_sb() (called
// with s_umount held for write, dropped by generic_shutdown_super()). With
// no target stored in this file, the calls were unknown: 13 false alarms
// in 6.12's block/ and fs/super.c (kernel/TRIAGE-subset-6.12.md, C2).
#include <linux/mutex.h>
#include <linux/lockdep.h>

struct block_device;
struct blk_holder_ops {
	void (*mark_dead)(struct block_device *bdev, bool surprise);
	void (*sync)(struct block_device *bdev);
	int (*freeze)(struct block_device *bdev);
	int (*thaw)(struct block_device *bdev);
};
struct block_device {
	struct mutex bd_holder_lock;
	const struct blk_holder_ops *bd_holder_ops;
};
int sync_blockdev(struct block_device *bdev);

int bdev_freeze(struct block_device *bdev)
{
	int error = 0;

	mutex_lock(&bdev->bd_holder_lock);
	if (bdev->bd_holder_ops && bdev->bd_holder_ops->freeze) {
		error = bdev->bd_holder_ops->freeze(bdev);
		lockdep_assert_not_held(&bdev->bd_holder_lock);
	} else {
		mutex_unlock(&bdev->bd_holder_lock);
		error = sync_blockdev(bdev);
	}
	return error;
}

/* The contract broken: the caller unlocks what the callback dropped. */
void bdev_sync_twice(struct block_device *bdev)
{
	mutex_lock(&bdev->bd_holder_lock);
	bdev->bd_holder_ops->sync(bdev);
	mutex_unlock(&bdev->bd_holder_lock); // expected-warning {{unlock of 'struct block_device::bd_holder_lock', which is not held here}}
}

/* Or calls the callback without the lock. */
void bdev_mark_dead_unlocked(struct block_device *bdev)
{
	mutex_lock(&bdev->bd_holder_lock);
	mutex_unlock(&bdev->bd_holder_lock);
	bdev->bd_holder_ops->mark_dead(bdev, false); // expected-warning {{unlock of 'struct block_device::bd_holder_lock', which is not held here}}
}

struct rw_semaphore;
struct super_block;
struct file_system_type { void (*kill_sb)(struct super_block *sb); };
struct super_block {
	struct rw_semaphore s_umount;
	struct file_system_type *s_type;
	int s_active;
};
int dec_and_test(int *v);

static void kill_super_notify(struct super_block *s)
{
	lockdep_assert_not_held(&s->s_umount);
}

void deactivate_locked_super(struct super_block *s)
{
	struct file_system_type *fs = s->s_type;

	if (dec_and_test(&s->s_active)) {
		fs->kill_sb(s);
		kill_super_notify(s);
	} else {
		up_write(&s->s_umount);
	}
}

void freeze_super_fails(struct super_block *sb)
{
	down_write(&sb->s_umount);
	deactivate_locked_super(sb);
}
