// A lock of a global object handed whole to a helper (a guard's
// constructor, lock_it(&the_dev.b)) is the object's own class there, as
// when taken directly: the helper's order joins the direct one, and the
// cycle between the_dev.a and the_dev.b is found. Through a helper that
// locks a field of what its parameter points to, the same.
// RUN: %verify %s
// RUN: rm -rf %t && mkdir -p %t
// RUN: printf '[{"directory":"%%s","file":"%%s","arguments":["clang-19","-c","-I%%s","%%s"]}]' %S %s %repo/corpus/include %s > %t/compile_commands.json
// RUN: %expect_exit 1 %rcuctx -p %t --quiet --lock-graph %t/g.dot
// RUN: FileCheck %s --input-file=%t/g.dot
// CHECK-DAG: "the_dev.a" -> "the_dev.b"
// CHECK-DAG: "the_dev.b" -> "the_dev.a"
// CHECK-DAG: "the_dev.b" -> "the_dev.c"
// CHECK-DAG: "the_dev.c" -> "the_dev.b"
// CHECK-DAG: "the_dev.a" -> "the_dev.c"
// CHECK-DAG: "the_dev.c" -> "the_dev.a"
// CHECK-NOT: "struct dev::
#include <linux/cleanup.h>
#include <linux/fs.h>
#include <linux/spinlock.h>

struct dev { spinlock_t a, b, c; int v; };
extern struct dev the_dev;

static void lock_it(spinlock_t *l)
{
	spin_lock(l);
}

static void lock_c(struct dev *d)
{
	lock_it(&d->c);
}

static long dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	spin_lock(&the_dev.a);
	scoped_guard(spinlock, &the_dev.b) { // expected-warning {{possible deadlock: 'dev_ioctl' acquires 'the_dev.b' while holding 'the_dev.a', and 'dev_read' acquires 'the_dev.a' while holding 'the_dev.b'}}
		lock_c(&the_dev); // expected-warning {{'dev_ioctl' acquires 'the_dev.c' while holding 'the_dev.a'}} expected-warning {{'dev_ioctl' acquires 'the_dev.c' while holding 'the_dev.b'}}
		the_dev.v++;
		spin_unlock(&the_dev.c);
	}
	spin_unlock(&the_dev.a);
	return 0;
}

static long dev_read(struct file *f, unsigned int cmd, unsigned long arg)
{
	spin_lock(&the_dev.c);
	lock_it(&the_dev.b);
	spin_lock(&the_dev.a);
	the_dev.v--;
	spin_unlock(&the_dev.a);
	spin_unlock(&the_dev.b);
	spin_unlock(&the_dev.c);
	return 0;
}

static const struct file_operations dev_fops = { .unlocked_ioctl = dev_ioctl, .compat_ioctl = dev_read };
