// SPDX-License-Identifier: MIT
/// Find an RCU-protected dereference reached after rcu_read_unlock() with no
/// rcu_read_lock() in between, in the same function (rule "direct"), or a
/// call, after rcu_read_unlock(), to a function *defined in the same file*
/// whose body dereferences an RCU pointer (rule "onehop", like the kernel's
/// locks/call_kern.cocci does for GFP_KERNEL).
///
/// Written for rcuctx's tool comparison (bench/compare_tools.py) after the
/// seed bug was known; it is the best an intra-procedural pattern can do.
/// Limits, by construction of Coccinelle:
///  - one call hop only: "onehop" needs fn's body to contain the dereference
///    itself; a wrapper that calls such a function is not seen (each further
///    hop would be another rule, or another spatch pass fed by a script);
///  - functions in headers (kvm_tdp_mmu_read_spte() in tdp_iter.h, ...) are
///    not parsed under the kernel's --no-includes, so they are listed below
///    by name, as data;
///  - RCU held by the caller is invisible: an rcu_read_unlock() that
///    balances a caller's lock and is followed by a dereference is reported.
// Confidence: Moderate
// Options: --no-includes --include-headers

virtual report
virtual org
virtual context

@deref exists@
identifier fn;
position pd;
@@

fn(...) {
  <+...
(
  rcu_dereference@pd(...)
|
  rcu_dereference_check@pd(...)
|
  rcu_dereference_bh@pd(...)
|
  rcu_dereference_sched@pd(...)
|
  srcu_dereference@pd(...)
|
  kvm_tdp_mmu_read_spte@pd(...)
)
  ...+>
}

@direct exists@
position p1, p2;
@@

rcu_read_unlock@p1();
... when != rcu_read_lock()
(
rcu_dereference@p2(...)
|
rcu_dereference_check@p2(...)
|
rcu_dereference_bh@p2(...)
|
rcu_dereference_sched@p2(...)
|
kvm_tdp_mmu_read_spte@p2(...)
)

@onehop exists@
identifier deref.fn;
position p1, p2;
@@

rcu_read_unlock@p1();
... when != rcu_read_lock()
fn@p2(...)

@script:python depends on report@
p1 << direct.p1;
p2 << direct.p2;
@@

coccilib.report.print_report(p2[0],
    "RCU dereference after rcu_read_unlock() on line %s [direct]" % p1[0].line)

@script:python depends on report@
p1 << onehop.p1;
p2 << onehop.p2;
fn << deref.fn;
pd << deref.pd;
@@

coccilib.report.print_report(p2[0],
    "call to %s() (dereferences RCU on line %s) after rcu_read_unlock() on line %s [onehop]"
    % (fn, pd[0].line, p1[0].line))
