// The nested instance of a class (spin_lock_nested(), down_write_nested(),
// mutex_lock_nested()) is released on its own: after it goes, what is
// taken depends on the outer instance only, and unlocking the outer
// instance first leaves the nested one held -- which expression holds the
// class is then path-dependent, so the class is no longer judged there (no
// dependency from either instance to what follows). No imbalance either way, and
// no cycle here: 'struct map::lock/1' is never held while 'struct map::aux'
// is taken, so 'aux' before 'lock/1' is no inversion.
// RUN: %verify %s
// RUN: %verify %debug_config %s
// The dependencies, as --lock-graph draws them (with lockdep's macros):
// RUN: rm -rf %t && mkdir -p %t
// RUN: printf '[{"directory":"%%s","file":"%%s","arguments":["clang-19","-c","-I%%s","-DCONFIG_LOCKDEP","%%s"]}]' %S %s %repo/corpus/include %s > %t/compile_commands.json
// RUN: %rcuctx -p %t --quiet --lock-graph %t/g.dot
// RUN: FileCheck %s --input-file=%t/g.dot
// RUN: FileCheck %s --check-prefix=NO --input-file=%t/g.dot
// CHECK-DAG: "struct map::lock" -> "struct map::lock/1"
// CHECK-DAG: "struct map::lock" -> "struct map::aux"
// CHECK-DAG: "struct map::aux" -> "struct map::lock/1"
// CHECK-DAG: "struct map::sem" -> "struct map::sem/1"
// CHECK-DAG: "struct map::m" -> "struct map::m/1"
// NO: digraph
// NO-NOT: "struct map::lock/1" -> "struct map::aux"
// NO-NOT: "struct map::lock" -> "struct map::tail"
// NO-NOT: "struct map::lock/1" -> "struct map::tail"
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct map { spinlock_t lock; spinlock_t aux; spinlock_t tail; struct rw_semaphore sem; struct mutex m; int v; };

void inner_released(struct map *a, struct map *b)
{
	spin_lock(&a->lock);
	spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
	b->v = a->v;
	spin_unlock(&b->lock);
	spin_lock(&a->aux);
	spin_unlock(&a->aux);
	spin_unlock(&a->lock);
}

void outer_released_first(struct map *a, struct map *b)
{
	spin_lock(&a->lock);
	spin_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
	spin_unlock(&a->lock);
	spin_lock(&b->tail);
	b->v++;
	spin_unlock(&b->tail);
	spin_unlock(&b->lock);
}

void aux_then_nested(struct map *a, struct map *x)
{
	spin_lock(&a->aux);
	spin_lock_nested(&x->lock, SINGLE_DEPTH_NESTING);
	spin_unlock(&x->lock);
	spin_unlock(&a->aux);
}

void two_sems(struct map *a, struct map *b)
{
	down_write(&a->sem);
	down_write_nested(&b->sem, SINGLE_DEPTH_NESTING);
	up_write(&a->sem);
	up_write(&b->sem);
}

void two_mutexes(struct map *a, struct map *b)
{
	mutex_lock(&a->m);
	mutex_lock_nested(&b->m, SINGLE_DEPTH_NESTING);
	mutex_unlock(&b->m);
	mutex_unlock(&a->m);
}

// expected-no-diagnostics
