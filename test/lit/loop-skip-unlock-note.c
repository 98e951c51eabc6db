// Strict mode reports the unlock that a loop path reaches without the lock
// it skipped re-taking; a note points at the jump (continue, break, goto)
// that skipped it: the place to fix (issue #19). A loop that re-takes the
// lock before every jump has no finding and no note.
// RUN: %check -Xclang -plugin-arg-rcuctx -Xclang strict %s 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not="taken again"
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/slab.h>

struct node { int v; spinlock_t lock; struct mutex m; };
extern int cond(int);

int skip_continue(struct node *nd, int n)
{
	int i, s = 0;
	spin_lock(&nd->lock);
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			spin_unlock(&nd->lock);
			kfree(kmalloc(16, GFP_KERNEL));
			if (cond(2))
				continue;
			spin_lock(&nd->lock);
		}
		s++;
	}
	spin_unlock(&nd->lock);
	return s;
}
// CHECK: loop-skip-unlock-note.c:[[@LINE-11]]:4: warning: unlock of 'struct node::lock', which is held or not here [rcuctx-unbalanced]
// CHECK: loop-skip-unlock-note.c:[[@LINE-9]]:5: note: 'struct node::lock' is not taken again on the path through this 'continue'
// CHECK: loop-skip-unlock-note.c:[[@LINE-5]]:2: warning: unlock of 'struct node::lock', which is held or not here [rcuctx-unbalanced]
// CHECK: loop-skip-unlock-note.c:[[@LINE-11]]:5: note: 'struct node::lock' is not taken again on the path through this 'continue'

int skip_goto(struct node *nd)
{
	int s = 0;
	mutex_lock(&nd->m);
retry:
	s += nd->v;
	if (cond(s)) {
		mutex_unlock(&nd->m);
		kfree(kmalloc(16, GFP_KERNEL));
		if (cond(1))
			goto retry;
		mutex_lock(&nd->m);
	}
	mutex_unlock(&nd->m);
	return s;
}
// CHECK: loop-skip-unlock-note.c:[[@LINE-9]]:3: warning: unlock of 'struct node::m', which is held or not here [rcuctx-unbalanced]
// CHECK: loop-skip-unlock-note.c:[[@LINE-7]]:4: note: 'struct node::m' is not taken again on the path through this 'goto'
// CHECK: loop-skip-unlock-note.c:[[@LINE-5]]:2: warning: unlock of 'struct node::m', which is held or not here [rcuctx-unbalanced]
// CHECK: loop-skip-unlock-note.c:[[@LINE-9]]:4: note: 'struct node::m' is not taken again on the path through this 'goto'

int skip_break(struct node *nd, int n)
{
	int i, s = 0;
	spin_lock(&nd->lock);
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			spin_unlock(&nd->lock);
			if (cond(2))
				break;
			spin_lock(&nd->lock);
		}
		s++;
	}
	spin_unlock(&nd->lock);
	return s;
}
// CHECK: loop-skip-unlock-note.c:[[@LINE-3]]:2: warning: unlock of 'struct node::lock', which is held or not here [rcuctx-unbalanced]
// CHECK: loop-skip-unlock-note.c:[[@LINE-9]]:5: note: 'struct node::lock' is not taken again on the path through this 'break'

// A jump after the unlock is not on a path to it: no note there.
int skip_then_goto(struct node *nd, int n)
{
	int i, s = 0;
	spin_lock(&nd->lock);
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			spin_unlock(&nd->lock);
			if (cond(2))
				continue;
			spin_lock(&nd->lock);
		}
		s++;
	}
	spin_unlock(&nd->lock);
	goto out;
out:
	return s;
}
// CHECK: loop-skip-unlock-note.c:[[@LINE-12]]:4: warning: unlock of 'struct node::lock', which is held or not here [rcuctx-unbalanced]
// CHECK: loop-skip-unlock-note.c:[[@LINE-11]]:5: note: 'struct node::lock' is not taken again on the path through this 'continue'
// CHECK: loop-skip-unlock-note.c:[[@LINE-7]]:2: warning: unlock of 'struct node::lock', which is held or not here [rcuctx-unbalanced]
// CHECK: loop-skip-unlock-note.c:[[@LINE-13]]:5: note: 'struct node::lock' is not taken again on the path through this 'continue'

int retake_first(struct node *nd, int n)
{
	int i, s = 0;
	spin_lock(&nd->lock);
	for (i = 0; i < n; i++) {
		if (cond(i)) {
			spin_unlock(&nd->lock);
			kfree(kmalloc(16, GFP_KERNEL));
			spin_lock(&nd->lock);
			if (cond(2))
				continue;
		}
		s++;
	}
	spin_unlock(&nd->lock);
	return s;
}
