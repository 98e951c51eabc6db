// lockdep_set_class(): the locks initialised there are a lockdep class of
// their own (a directory's i_rwsem apart from a file's, hugetlbfs'
// i_mmap_rwsem apart from every other mapping's). rcuctx names classes by
// type and field and cannot tell those objects from the rest, so a cycle
// through a class split that way is not reported; a cycle elsewhere still
// is. Without lockdep the annotation compiles to nothing: no split.
// RUN: %verify %debug_config %s
// RUN: %check %s 2>&1 | FileCheck %s --check-prefix=PLAIN
// RUN: rm -rf %t && mkdir -p %t
// RUN: printf '[{"directory":"%%s","file":"%%s","arguments":["clang-19","-c","-I%%s","-DCONFIG_LOCKDEP","%%s"]}]' %S %s %repo/corpus/include %s > %t/compile_commands.json
// RUN: %expect_exit 1 %rcuctx -p %t --quiet --link-stats --lock-graph %t/g.dot > %t/out.txt 2> %t/err.txt
// RUN: FileCheck %s --check-prefix=STATS --input-file=%t/err.txt
// RUN: FileCheck %s --check-prefix=DOT --input-file=%t/g.dot
// The split travels in the summary the plugin writes:
// RUN: %check %debug_config -fplugin-arg-rcuctx-summary-dir=%t/sum %s 2>/dev/null
// RUN: %expect_exit 0 %rcuctx --summaries %t/sum --link-only --link-stats > %t/sum.txt 2> %t/sumerr.txt
// RUN: FileCheck %s --check-prefix=STATS --input-file=%t/sumerr.txt
#include <linux/mutex.h>

struct inode { struct rw_semaphore i_rwsem; struct mutex i_lock; int n; };
struct sb { struct mutex rename; struct mutex x; struct mutex y; };

static struct lock_class_key dir_key;

void init_dir(struct inode *dir)
{
	lockdep_set_class(&dir->i_rwsem, &dir_key);
}

void write_file(struct sb *s, struct inode *file)
{
	down_write(&file->i_rwsem);
	mutex_lock(&s->rename);
	file->n++;
	mutex_unlock(&s->rename);
	up_write(&file->i_rwsem);
}

void rename_in(struct sb *s, struct inode *dir)
{
	mutex_lock(&s->rename);
	down_write(&dir->i_rwsem);
	dir->n++;
	up_write(&dir->i_rwsem);
	mutex_unlock(&s->rename);
}

/* A subclass of a split class is split with it. */
void nested_under_rename(struct sb *s, struct inode *p, struct inode *d)
{
	mutex_lock(&s->rename);
	down_write_nested(&d->i_rwsem, SINGLE_DEPTH_NESTING);
	up_write(&d->i_rwsem);
	mutex_unlock(&s->rename);
}

void nested_then_rename(struct sb *s, struct inode *p, struct inode *d)
{
	down_write(&p->i_rwsem);
	down_write_nested(&d->i_rwsem, SINGLE_DEPTH_NESTING);
	mutex_lock(&s->rename);
	mutex_unlock(&s->rename);
	up_write(&d->i_rwsem);
	up_write(&p->i_rwsem);
}

void xy(struct sb *s)
{
	mutex_lock(&s->x);
	mutex_lock(&s->y); // expected-warning {{possible deadlock: 'xy' acquires 'struct sb::y' while holding 'struct sb::x', and 'yx' acquires 'struct sb::x' while holding 'struct sb::y' [rcuctx-lock-order]}}
	mutex_unlock(&s->y);
	mutex_unlock(&s->x);
}

void yx(struct sb *s)
{
	mutex_lock(&s->y);
	mutex_lock(&s->x);
	mutex_unlock(&s->x);
	mutex_unlock(&s->y);
}

// PLAIN: warning: possible deadlock: 'write_file' acquires 'struct sb::rename' while holding 'struct inode::i_rwsem', and 'rename_in' acquires 'struct inode::i_rwsem' while holding 'struct sb::rename' [rcuctx-lock-order]
// PLAIN: warning: possible deadlock: 'xy' acquires 'struct sb::y' while holding 'struct sb::x'
// STATS: lock order: 5 classes, 7 dependencies (0 only across files), 1 cycle (and 3 only through classes lockdep_set_class() splits, not reported)
// DOT: "struct inode::i_rwsem" [shape=box, style=dashed, xlabel="split by lockdep_set_class"];
// DOT-NEXT: "struct inode::i_rwsem/1" [shape=box, style=dashed, xlabel="split by lockdep_set_class"];
