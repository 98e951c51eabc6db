// The clang-tidy front end reports rcuctx-blocking-state under its own name,
// and only when it is enabled.
// RUN: %rcuctx_tidy -checks='-*,rcuctx-blocking-state' %s -- -I%repo/corpus/include 2>&1 | FileCheck %s
// RUN: %rcuctx_tidy -checks='-*,rcuctx-sleep-in-atomic' %s -- -I%repo/corpus/include 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
#include <linux/mutex.h>
#include <linux/sched.h>

struct dev { struct mutex m; };

void wait_for_it(struct dev *d)
{
	set_current_state(TASK_INTERRUPTIBLE);
	mutex_lock(&d->m);
	mutex_unlock(&d->m);
	schedule();
}

// CHECK: :13:2: warning: 'mutex_lock' may block, but the task state is not TASK_RUNNING here [rcuctx-blocking-state]
// CHECK: :12:2: note: task state set here
// OFF-NOT: rcuctx-blocking-state
