// The seed diagnostic, in full: the warning at the call, then the chain of
// notes from where the section ended down to the accessor, and the sleep
// that makes it definite.
// RUN: %check %repo/corpus/01-tdp-mmu-split-alloc-after-rcu-unlock/buggy.c 2>&1 | FileCheck %s
// RUN: %check %debug_config %repo/corpus/01-tdp-mmu-split-alloc-after-rcu-unlock/buggy.c 2>&1 | FileCheck %s

// CHECK: buggy.c:[[#CALL:]]:{{[0-9]+}}: warning: 'tdp_mmu_alloc_sp_for_split' needs an RCU read-side critical section, but none is held here [rcuctx-rcu-section]
// CHECK: buggy.c:[[#]]:{{[0-9]+}}: note: RCU read-side critical section ended here
// CHECK-NEXT: rcu_read_unlock();
// CHECK: buggy.c:[[#]]:{{[0-9]+}}: note: 'tdp_mmu_alloc_sp_for_split' calls 'is_mirror_sptep' here
// CHECK: spte.h:[[#]]:{{[0-9]+}}: note: 'is_mirror_sptep' reads an RCU-protected pointer with rcu_dereference() here
// CHECK: buggy.c:[[#]]:{{[0-9]+}}: note: 'tdp_mmu_alloc_sp_for_split' may sleep here: 'kmem_cache_zalloc' with GFP_KERNEL_ACCOUNT, so it cannot run inside an RCU read-side critical section
// CHECK: 1 warning generated.
