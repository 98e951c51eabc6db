// RUN: %check -fno-caret-diagnostics %s 2>&1 | FileCheck %s
// A requirement that travels up 30 calls keeps the notes nearest the
// finding and nearest the accessor; the calls in between are counted in one
// note (deep chains must not cost memory quadratic in their depth).
#include <linux/rcupdate.h>

struct obj { int v; };
extern struct obj __rcu *gp;

static int f30(void) { return rcu_dereference(gp)->v; }
static int f29(void) { return f30(); }
static int f28(void) { return f29(); }
static int f27(void) { return f28(); }
static int f26(void) { return f27(); }
static int f25(void) { return f26(); }
static int f24(void) { return f25(); }
static int f23(void) { return f24(); }
static int f22(void) { return f23(); }
static int f21(void) { return f22(); }
static int f20(void) { return f21(); }
static int f19(void) { return f20(); }
static int f18(void) { return f19(); }
static int f17(void) { return f18(); }
static int f16(void) { return f17(); }
static int f15(void) { return f16(); }
static int f14(void) { return f15(); }
static int f13(void) { return f14(); }
static int f12(void) { return f13(); }
static int f11(void) { return f12(); }
static int f10(void) { return f11(); }
static int f9(void) { return f10(); }
static int f8(void) { return f9(); }
static int f7(void) { return f8(); }
static int f6(void) { return f7(); }
static int f5(void) { return f6(); }
static int f4(void) { return f5(); }
static int f3(void) { return f4(); }
static int f2(void) { return f3(); }
static int f1(void) { return f2(); }

int caller(void)
{
	rcu_read_lock();
	rcu_read_unlock();
	return f1() + f1();
}
// rcuctx-entry: process
int entry(void) { return caller(); }

// CHECK: warning: 'caller' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]
// CHECK-NEXT: note: 'caller' calls 'f1' here
// CHECK-COUNT-11: note: 'f{{[0-9]+}}' calls 'f{{[0-9]+}}' here
// CHECK-NEXT: note: ... 8 more calls in between ...
// CHECK-NEXT: note: 'f20' calls 'f21' here
// CHECK: note: 'f30' reads an RCU-protected pointer with rcu_dereference() here
