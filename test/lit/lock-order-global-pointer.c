// A global *pointer* passed to a helper that locks a field of what its
// parameter points to may point to any object: the lock is its type's
// class there, not an object class named after the pointer ("cur_dev.a"
// was one). The address of a global object, or of a global object's
// member object, names that object's own class.
// RUN: rm -rf %t && mkdir -p %t
// RUN: printf '[{"directory":"%%s","file":"%%s","arguments":["clang-19","-c","-I%%s","%%s"]}]' %S %s %repo/corpus/include %s > %t/compile_commands.json
// RUN: %rcuctx -p %t --quiet --lock-graph %t/g.dot
// RUN: FileCheck %s --input-file=%t/g.dot
// CHECK-DAG: "struct dev::a" -> "the_dev.b" [label="ioctl_a\n
// CHECK-DAG: "the_dev.a" -> "struct dev::b" [label="ioctl_b\n
// CHECK-DAG: "the_box.inner.a" -> "the_dev.b" [label="open_c\n
// CHECK-NOT: cur_dev
#include <linux/fs.h>
#include <linux/spinlock.h>

struct dev { spinlock_t a, b; int v; };
struct box { struct dev inner; };
extern struct dev *cur_dev;
extern struct dev the_dev;
extern struct box the_box;

static void lock_a(struct dev *d) { spin_lock(&d->a); }
static void unlock_a(struct dev *d) { spin_unlock(&d->a); }

static long ioctl_a(struct file *f, unsigned int cmd, unsigned long arg)
{
	lock_a(cur_dev);
	spin_lock(&the_dev.b);
	spin_unlock(&the_dev.b);
	unlock_a(cur_dev);
	return 0;
}

static long ioctl_b(struct file *f, unsigned int cmd, unsigned long arg)
{
	lock_a(&the_dev);
	spin_lock(&cur_dev->b);
	spin_unlock(&cur_dev->b);
	unlock_a(&the_dev);
	return 0;
}

static int open_c(struct inode *i, struct file *f)
{
	lock_a(&the_box.inner);
	spin_lock(&the_dev.b);
	spin_unlock(&the_dev.b);
	unlock_a(&the_box.inner);
	return 0;
}

static const struct file_operations fops = { .unlocked_ioctl = ioctl_a, .compat_ioctl = ioctl_b,
					     .open = open_c };
