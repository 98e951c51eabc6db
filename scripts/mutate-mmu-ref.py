#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Mutation test: the checker must flag context bugs planted in mmu-ref.

mmu-ref is kept clean by the checker (scripts/check-mmu-ref.sh).  This script
shows the converse: for each mutation it copies mmu-ref/ into a fresh
temporary directory, plants ONE realistic RCU / lock-context bug by exact
text replacement in one C file (every anchor must occur exactly once, so a
change to mmu-ref that moves the code is reported loudly instead of silently
testing nothing), compiles that file with the plugin exactly as
check-mmu-ref.sh does, and requires a `warning: ... [rcuctx-CHECK]` with the
expected check at the expected file and line.  The expected line is never a
number written here: it is the line of the mutated file that carries the
marker comment MARK, which the replacement text puts where the finding
belongs.

The unmutated files are compiled once first and must be free of findings.

A mutation marked expected_miss=True is a realistic bug the checker does not
find today; it is kept, with the reason, so that the gap stays visible.  It
is printed as a known miss and does not fail the run (if it starts being
caught, the run says so: drop the flag then).

Usage: scripts/mutate-mmu-ref.py [--plugin build/checker/rcuctx.so]
                                 [--clang clang-19] [--rules-dir rules]
                                 [--only NAME]... [--list] [--keep] [--verbose]
Exit status: 0 if every mutation (except known misses) is flagged at the
expected line with the expected check and the clean files are clean; 1
otherwise.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARK = "/* <-- rcuctx mutation */"

WARNING_RE = re.compile(
    r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): warning: "
    r"(?P<msg>.*) \[(?P<check>rcuctx-[a-z-]+)\]$")
ERROR_RE = re.compile(r"^[^\s:][^:]*:\d+:\d+: (fatal )?error: ")


@dataclass
class Mutation:
    name: str
    file: str                      # path relative to mmu-ref/
    edits: list                    # [(anchor, replacement)], applied in order
    check: str                     # expected check, without "rcuctx-"
    what: str                      # one line: the bug
    expected_miss: bool = False
    why_missed: str = ""


M = MARK
MUTATIONS = [
    # 1. The seed, as it was in the TDX series: tdp_mmu_alloc_sp_for_split()
    # takes the iterator and asks is_mirror_sptep(iter->sptep) itself, after
    # its caller ended the RCU section and dropped mmu_lock to allocate.
    # The allocator both sleeps (GFP_KERNEL_ACCOUNT) and needs RCU: reported
    # at the call, where the caller ended the section.
    Mutation(
        name="seed-alloc-for-split-reads-sptep",
        file="src/tdp_mmu.c",
        check="rcu-section",
        what="tdp_mmu_alloc_sp_for_split() calls is_mirror_sptep(iter->sptep) "
             "after the caller's rcu_read_unlock()",
        edits=[
            ("static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(bool mirror)\n",
             "static struct kvm_mmu_page *tdp_mmu_alloc_sp_for_split(struct tdp_iter *iter)\n"),
            ("\tif (mirror) {\n"
             "\t\tsp->external_spt = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);\n",
             "\tif (is_mirror_sptep(iter->sptep)) {\n"
             "\t\tsp->external_spt = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);\n"),
            ("\t\tif (!sp) {\n"
             "\t\t\t/*\n"
             "\t\t\t * Decide mirror-or-not now: is_mirror_sptep()\n"
             "\t\t\t * rcu_dereference()s iter.sptep, whose page may be\n"
             "\t\t\t * freed as soon as the RCU read-side section ends.\n"
             "\t\t\t */\n"
             "\t\t\tbool mirror = is_mirror_sptep(iter.sptep);\n"
             "\n"
             "\t\t\trcu_read_unlock();\n",
             "\t\tif (!sp) {\n"
             "\t\t\trcu_read_unlock();\n"),
            ("\t\t\tsp = tdp_mmu_alloc_sp_for_split(mirror);\n",
             f"\t\t\tsp = tdp_mmu_alloc_sp_for_split(&iter); {M}\n"),
        ]),

    # 2. After the unlocked allocation, "refresh" the SPTE before re-entering
    # RCU: an accessor at the same depth as a GFP_KERNEL_ACCOUNT sleep.
    Mutation(
        name="read-spte-after-unlock-and-alloc",
        file="src/tdp_mmu.c",
        check="rcu-section",
        what="kvm_tdp_mmu_read_spte(iter.sptep) after the allocation, before "
             "rcu_read_lock() is retaken",
        edits=[
            ("\t\t\trcu_read_lock();\n"
             "\t\t\t/* The tables may have changed: restart the walk. */\n",
             f"\t\t\titer.old_spte = kvm_tdp_mmu_read_spte(iter.sptep); {M}\n"
             "\t\t\trcu_read_lock();\n"
             "\t\t\t/* The tables may have changed: restart the walk. */\n"),
        ]),

    # 3. The vCPU cache top-up (might_sleep(), GFP_KERNEL_ACCOUNT: it runs
    # before the fault takes mmu_lock) reads kvm->mirror_root under the read
    # lock and tops up the external-page cache while still holding it.
    Mutation(
        name="topup-caches-under-mmu-lock",
        file="src/mmu.c",
        check="sleep-in-atomic",
        what="kvm_mmu_topup_memory_caches() tops up the external-page cache "
             "(GFP_KERNEL_ACCOUNT) under read_lock(&kvm->mmu_lock)",
        edits=[
            ("\tif (vcpu->kvm->mirror_root)\n"
             "\t\tr = kvm_mmu_topup_memory_cache(&vcpu->mmu_external_spt_cache,\n"
             "\t\t\t\t\t       min);\n"
             "\treturn r;\n",
             "\tread_lock(&vcpu->kvm->mmu_lock);\n"
             "\tif (vcpu->kvm->mirror_root)\n"
             f"\t\tr = kvm_mmu_topup_memory_cache(&vcpu->mmu_external_spt_cache, {M}\n"
             "\t\t\t\t\t       min);\n"
             "\tread_unlock(&vcpu->kvm->mmu_lock);\n"
             "\treturn r;\n"),
        ]),

    # 4. A write-lock-only helper (tdp_mmu_set_spte() via
    # tdp_mmu_iter_set_spte(), lockdep_assert_held_write) used in the
    # read-lock dirty-logging walk instead of the cmpxchg variant.
    Mutation(
        name="set-spte-under-read-lock",
        file="src/tdp_mmu.c",
        check="lock-held",
        what="tdp_mmu_clear_leaf_bits() (read lock) uses tdp_mmu_iter_set_spte()",
        edits=[
            ("\t\tif (tdp_mmu_set_spte_atomic(kvm, &iter, iter.old_spte & ~bits))\n"
             "\t\t\tgoto retry;\n",
             f"\t\ttdp_mmu_iter_set_spte(kvm, &iter, iter.old_spte & ~bits); {M}\n"),
        ]),

    # 5. An error path returns straight out of the walk, skipping the
    # rcu_read_unlock() at `out:`.
    Mutation(
        name="map-return-skips-rcu-unlock",
        file="src/tdp_mmu.c",
        check="unbalanced",
        what="kvm_tdp_mmu_map() returns RET_PF_SPURIOUS inside the RCU section",
        edits=[
            ("\t\tif (is_shadow_present_pte(iter.old_spte)) {\n"
             "\t\t\tret = RET_PF_SPURIOUS;\n"
             "\t\t\tgoto out;\n"
             "\t\t}\n",
             "\t\tif (is_shadow_present_pte(iter.old_spte))\n"
             f"\t\t\treturn RET_PF_SPURIOUS; {M}\n"),
        ]),

    # 6. An open-coded yield in a long walk, without leaving the RCU section
    # (nor mmu_lock): cond_resched() inside rcu_read_lock().
    Mutation(
        name="cond-resched-in-rcu-walk",
        file="src/tdp_mmu.c",
        check="sleep-in-atomic",
        what="kvm_tdp_mmu_zap_leafs() calls cond_resched() inside the RCU walk",
        edits=[
            ("\t\ttdp_mmu_iter_set_spte(kvm, &iter, SHADOW_NONPRESENT_VALUE);\n"
             "\t\tflush = true;\n",
             "\t\ttdp_mmu_iter_set_spte(kvm, &iter, SHADOW_NONPRESENT_VALUE);\n"
             "\t\tflush = true;\n"
             "\t\tif (need_resched())\n"
             f"\t\t\tcond_resched(); {M}\n"),
        ]),

    # 7. A botched "hold mmu_lock across the root puts" edit: the unlock is
    # added after the puts, the old one is left in place.
    Mutation(
        name="destroy-vm-double-unlock",
        file="src/mmu.c",
        check="unbalanced",
        what="kvm_destroy_vm() write_unlock()s mmu_lock twice",
        edits=[
            ("\tif (kvm->direct_root)\n"
             "\t\tkvm_tdp_mmu_put_root(kvm, kvm->direct_root);\n",
             "\tif (kvm->direct_root)\n"
             "\t\tkvm_tdp_mmu_put_root(kvm, kvm->direct_root);\n"
             f"\twrite_unlock(&kvm->mmu_lock); {M}\n"),
        ]),

    # 8. The split copies the write-lock-only mode flag: with the read lock
    # held (shared=true), tdp_mmu_split_huge_page(..., false) links the new
    # table with tdp_mmu_set_spte() (lockdep_assert_held_write) instead of
    # cmpxchg, and would demote a mirror page under the read lock.
    Mutation(
        name="split-page-wrong-mode-flag",
        file="src/tdp_mmu.c",
        check="lock-held",
        what="tdp_mmu_split_huge_pages_root() calls tdp_mmu_split_huge_page"
             "(..., false) whatever `shared` is",
        edits=[
            ("\t\tret = tdp_mmu_split_huge_page(kvm, &iter, sp, shared);\n",
             f"\t\tret = tdp_mmu_split_huge_page(kvm, &iter, sp, false); {M}\n"),
        ]),

    # 9. Waiting for readers while still holding mmu_lock for write.
    Mutation(
        name="synchronize-rcu-under-mmu-lock",
        file="src/mmu.c",
        check="sleep-in-atomic",
        what="kvm_destroy_vm() calls synchronize_rcu() before write_unlock()",
        edits=[
            ("\twrite_lock(&kvm->mmu_lock);\n"
             "\tkvm_tdp_mmu_zap_all(kvm);\n"
             "\twrite_unlock(&kvm->mmu_lock);\n",
             "\twrite_lock(&kvm->mmu_lock);\n"
             "\tkvm_tdp_mmu_zap_all(kvm);\n"
             f"\tsynchronize_rcu(); {M}\n"
             "\twrite_unlock(&kvm->mmu_lock);\n"),
        ]),

    # 10. rcu_dereference_protected(p, lockdep_is_held(&kvm->mmu_lock)) just
    # after write_unlock().  mmu-ref has no such site and its shim has no
    # lockdep_is_held(), so the mutation also defines it the kernel's way
    # (a macro over the ownership query), which is the checker's predicate.
    Mutation(
        name="protected-deref-after-write-unlock",
        file="src/mmu.c",
        check="lockdep-condition",
        what="kvm_destroy_vm() reads mirror_root with rcu_dereference_protected"
             "(..., lockdep_is_held(&kvm->mmu_lock)) after write_unlock()",
        edits=[
            ("#include <pthread.h>\n",
             "#include <pthread.h>\n"
             "\n"
             "#define lockdep_is_held(l)\tmmuref_rwlock_held_any(l)\n"),
            ("void kvm_destroy_vm(struct kvm *kvm)\n"
             "{\n"
             "\tmight_sleep();\n",
             "void kvm_destroy_vm(struct kvm *kvm)\n"
             "{\n"
             "\tstruct kvm_mmu_page *root;\n"
             "\n"
             "\tmight_sleep();\n"),
            ("\tif (kvm->mirror_root)\n"
             "\t\tkvm_tdp_mmu_put_root(kvm, kvm->mirror_root);\n",
             f"\troot = rcu_dereference_protected(kvm->mirror_root, {M}\n"
             "\t\t\t\t\t lockdep_is_held(&kvm->mmu_lock));\n"
             "\tif (root)\n"
             "\t\tkvm_tdp_mmu_put_root(kvm, root);\n"),
        ]),

    # 11. The call_rcu() callback that frees page-table pages allocates with
    # GFP_KERNEL (RCU callbacks run in softirq context).
    Mutation(
        name="gfp-kernel-in-call-rcu-callback",
        file="src/tdp_mmu.c",
        check="sleep-in-atomic",
        what="tdp_mmu_free_sp_rcu_callback() (a call_rcu() callback) does "
             "kzalloc(GFP_KERNEL)",
        edits=[
            ("\tstruct kvm_mmu_page *sp = container_of(head, struct kvm_mmu_page,\n"
             "\t\t\t\t\t       rcu_head);\n"
             "\n"
             "\ttdp_mmu_free_sp(sp);\n",
             "\tstruct kvm_mmu_page *sp = container_of(head, struct kvm_mmu_page,\n"
             "\t\t\t\t\t       rcu_head);\n"
             f"\tvoid *scrub = kzalloc(PAGE_SIZE, GFP_KERNEL); {M}\n"
             "\n"
             "\tkfree(scrub);\n"
             "\ttdp_mmu_free_sp(sp);\n"),
        ]),

    # 12. The fault path (read lock) links a new table with shared=false, so
    # tdp_mmu_link_sp() takes the write-lock (non-atomic) path.
    Mutation(
        name="map-link-sp-wrong-mode-flag",
        file="src/tdp_mmu.c",
        check="lock-held",
        what="kvm_tdp_mmu_map() (read lock) calls tdp_mmu_link_sp(..., false)",
        edits=[
            ("\t\tr = tdp_mmu_link_sp(kvm, &iter, sp, true);\n",
             f"\t\tr = tdp_mmu_link_sp(kvm, &iter, sp, false); {M}\n"),
        ]),

    # 13. The yield helper inside an extra RCU section: kvm_tdp_mmu_zap_all()
    # wraps the zaps in rcu_read_lock(), so the yield in __tdp_mmu_zap_root()
    # drops only the inner section and sleeps inside the outer one.
    Mutation(
        name="yield-inside-extra-rcu-section",
        file="src/tdp_mmu.c",
        check="sleep-in-atomic",
        what="kvm_tdp_mmu_zap_all() holds rcu_read_lock() around "
             "tdp_mmu_zap_root(), which yields",
        edits=[
            ("\tif (kvm->mirror_root)\n"
             "\t\ttdp_mmu_zap_root(kvm, kvm->mirror_root);\n"
             "\tif (kvm->direct_root)\n"
             "\t\ttdp_mmu_zap_root(kvm, kvm->direct_root);\n",
             "\trcu_read_lock();\n"
             "\tif (kvm->mirror_root)\n"
             f"\t\ttdp_mmu_zap_root(kvm, kvm->mirror_root); {M}\n"
             "\tif (kvm->direct_root)\n"
             "\t\ttdp_mmu_zap_root(kvm, kvm->direct_root);\n"
             "\trcu_read_unlock();\n"),
        ]),

    # 14. The fault path allocates a page-table header from the slab with
    # GFP_KERNEL_ACCOUNT instead of from the topped-up vCPU cache.
    Mutation(
        name="map-allocates-instead-of-cache",
        file="src/tdp_mmu.c",
        check="sleep-in-atomic",
        what="tdp_mmu_alloc_sp_from_caches() uses kmem_cache_zalloc("
             "GFP_KERNEL_ACCOUNT) under mmu_lock and RCU",
        edits=[
            ("\t\ttdp_mmu_alloc_sp_from_caches(vcpu, &sp);\n",
             f"\t\ttdp_mmu_alloc_sp_from_caches(vcpu, &sp); {M}\n"),
            ("\tsp = kvm_mmu_memory_cache_alloc(&vcpu->mmu_page_header_cache);\n",
             "\tsp = kmem_cache_zalloc(mmu_page_header_cache, GFP_KERNEL_ACCOUNT);\n"),
        ]),

    # 15. The yield helper forgets to leave the RCU section: it sleeps in
    # cond_resched_rwlock_*() inside its caller's rcu_read_lock().  Every
    # walk that yields is then wrong; checked at the first, the zap walk.
    Mutation(
        name="yield-keeps-rcu",
        file="src/tdp_mmu.c",
        check="sleep-in-atomic",
        what="tdp_mmu_iter_cond_resched() yields mmu_lock without "
             "rcu_read_unlock()",
        edits=[
            ("\t\trcu_read_unlock();\n"
             "\t\tif (shared)\n"
             "\t\t\tcond_resched_rwlock_read(&kvm->mmu_lock);\n"
             "\t\telse\n"
             "\t\t\tcond_resched_rwlock_write(&kvm->mmu_lock);\n"
             "\t\trcu_read_lock();\n",
             "\t\tif (shared)\n"
             "\t\t\tcond_resched_rwlock_read(&kvm->mmu_lock);\n"
             "\t\telse\n"
             "\t\t\tcond_resched_rwlock_write(&kvm->mmu_lock);\n"),
            ("\t\tif (tdp_mmu_iter_cond_resched(kvm, &iter, flush, false)) {\n",
             f"\t\tif (tdp_mmu_iter_cond_resched(kvm, &iter, flush, false)) {{ {M}\n"),
        ]),

    # 16. Re-enter RCU together with mmu_lock, then bail out on allocation
    # failure to the label that is past the rcu_read_unlock().
    Mutation(
        name="split-enomem-skips-rcu-unlock",
        file="src/tdp_mmu.c",
        check="unbalanced",
        what="tdp_mmu_split_huge_pages_root() retakes RCU before the -ENOMEM "
             "check, whose goto skips rcu_read_unlock()",
        edits=[
            ("\t\t\t\twrite_lock(&kvm->mmu_lock);\n"
             "\n"
             "\t\t\tif (!sp) {\n"
             "\t\t\t\tret = -ENOMEM;\n"
             "\t\t\t\tgoto out_no_rcu;\n"
             "\t\t\t}\n"
             "\n"
             "\t\t\trcu_read_lock();\n",
             "\t\t\t\twrite_lock(&kvm->mmu_lock);\n"
             "\t\t\trcu_read_lock();\n"
             "\n"
             "\t\t\tif (!sp) {\n"
             "\t\t\t\tret = -ENOMEM;\n"
             f"\t\t\t\tgoto out_no_rcu; {M}\n"
             "\t\t\t}\n"),
        ]),

    # ---- Loops that skip re-taking what they dropped (issue #19). ----

    # 17. After the unlocked allocation, "skip this entry if it changed
    # meanwhile" -- checked before RCU is re-entered, and the `continue`
    # never re-enters it. The loop head then joins "section held" with
    # "section dropped"; the read still comes right after a sleep on every
    # path. (Found a checker bug: the allocator is analysed per value of its
    # `bool mirror` mode, and a call passing a variable was not a sleep.)
    Mutation(
        name="split-recheck-spte-skips-rcu-relock",
        file="src/tdp_mmu.c",
        check="rcu-section",
        what="tdp_mmu_split_huge_pages_root() re-reads the SPTE after the "
             "allocation and `continue`s if it changed, before rcu_read_lock()",
        edits=[
            ("			rcu_read_lock();\n"
             "			/* The tables may have changed: restart the walk. */\n",
             "			if (kvm_tdp_mmu_read_spte(iter.sptep) != iter.old_spte) "
             f"{M}\n"
             "				continue;\n"
             "			rcu_read_lock();\n"
             "			/* The tables may have changed: restart the walk. */\n"),
        ]),

    # 18. The same skip through a yield helper and `goto retry`: a failed
    # cmpxchg backs off (drops RCU, yields mmu_lock), and retries at once
    # if the SPTE is unchanged -- without re-entering RCU.
    Mutation(
        name="clear-bits-backoff-retry-skips-rcu-relock",
        file="src/tdp_mmu.c",
        check="rcu-section",
        what="tdp_mmu_clear_leaf_bits() backs off after a failed cmpxchg with "
             "rcu_read_unlock() + cond_resched_rwlock_read(), reads the SPTE "
             "and `goto retry`s without rcu_read_lock()",
        edits=[
            ("		if (tdp_mmu_set_spte_atomic(kvm, &iter, iter.old_spte & ~bits))\n"
             "			goto retry;\n",
             "		if (tdp_mmu_set_spte_atomic(kvm, &iter, iter.old_spte & ~bits)) {\n"
             "			rcu_read_unlock();\n"
             "			cond_resched_rwlock_read(&kvm->mmu_lock);\n"
             "			if (kvm_tdp_mmu_read_spte(iter.sptep) == iter.old_spte) "
             f"{M}\n"
             "				goto retry;\n"
             "			rcu_read_lock();\n"
             "			goto retry;\n"
             "		}\n"),
        ]),

    # ---- Known misses: realistic bugs the checker does not find today. ----

    # Drop RCU but not mmu_lock before the GFP_KERNEL_ACCOUNT allocation.
    Mutation(
        name="split-alloc-under-asserted-mmu-lock",
        file="src/tdp_mmu.c",
        check="sleep-in-atomic",
        what="tdp_mmu_split_huge_pages_root() allocates for the split without "
             "dropping mmu_lock (held since entry, asserted)",
        expected_miss=False,
        why_missed=(
            "mmu_lock is held since entry here: the function asserts it "
            "(kvm_lockdep_assert_mmu_lock_held(kvm, shared)) but never takes "
            "it. A sleep is judged on the RCU/preemption/IRQ depths only, "
            "and a spinning lock raises the preemption depth only where this "
            "function acquires it; at depth 0 relative to entry the sleep "
            "just becomes a requirement on callers (depth <= 0 at entry), "
            "which are in other files. That the function also requires "
            "mmu_lock held at entry (the assertion 'pins' it, per the "
            "README) is a constraint on the lock, not on the depth, so the "
            "contradiction (as between a sleep and an RCU accessor in the "
            "seed) is never seen. Not flagged with strict either. Minimal "
            "reproducer: `lockdep_assert_held_write(&kvm->mmu_lock); "
            "kzalloc(8, GFP_KERNEL);` (after an explicit write_lock() it is "
            "caught)."),
        edits=[
            ("\t\t\trcu_read_unlock();\n"
             "\t\t\tif (shared)\n"
             "\t\t\t\tread_unlock(&kvm->mmu_lock);\n"
             "\t\t\telse\n"
             "\t\t\t\twrite_unlock(&kvm->mmu_lock);\n"
             "\n"
             "\t\t\tsp = tdp_mmu_alloc_sp_for_split(mirror);\n"
             "\n"
             "\t\t\tif (shared)\n"
             "\t\t\t\tread_lock(&kvm->mmu_lock);\n"
             "\t\t\telse\n"
             "\t\t\t\twrite_lock(&kvm->mmu_lock);\n",
             "\t\t\trcu_read_unlock();\n"
             f"\t\t\tsp = tdp_mmu_alloc_sp_for_split(mirror); {M}\n"),
        ]),

    # A "fix" of the seed that allocates the mirror's external page only once
    # mmu_lock is retaken (read or write, per `shared`: both spin).
    Mutation(
        name="split-external-alloc-after-relock",
        file="src/tdp_mmu.c",
        check="sleep-in-atomic",
        expected_miss=False,
        why_missed=(
            "Same root cause as split-alloc-under-asserted-mmu-lock, although "
            "the lock is re-taken explicitly two statements above: a spinning "
            "lock counts as atomic only through the preemption depth (+1 on "
            "acquire, -1 on release, relative to entry), and NoSleep is "
            "judged on depths alone. Releasing the caller's mmu_lock gives "
            "-1, re-taking it 0, so the sleep only asks callers for "
            "'preemption depth <= 0 at entry', while the same function "
            "requires mmu_lock held at entry (the assertion, and the release "
            "itself); nothing connects the two. The lock set at the call is "
            "'held' on every path (the message code even names it), but "
            "evaluate() does not look at it. Not flagged with strict either. "
            "Minimal reproducer: `write_unlock(&kvm->mmu_lock); "
            "write_lock(&kvm->mmu_lock); kzalloc(8, GFP_KERNEL);`."),
        what="tdp_mmu_split_huge_pages_root() allocates the external page "
             "with GFP_KERNEL_ACCOUNT after retaking mmu_lock",
        edits=[
            ("\t\t\tsp = tdp_mmu_alloc_sp_for_split(mirror);\n",
             "\t\t\tsp = tdp_mmu_alloc_sp_for_split(false);\n"),
            ("\t\t\t\tret = -ENOMEM;\n"
             "\t\t\t\tgoto out_no_rcu;\n"
             "\t\t\t}\n",
             "\t\t\t\tret = -ENOMEM;\n"
             "\t\t\t\tgoto out_no_rcu;\n"
             "\t\t\t}\n"
             "\t\t\tif (mirror)\n"
             "\t\t\t\tsp->external_spt =\n"
             f"\t\t\t\t\t(void *)get_zeroed_page(GFP_KERNEL_ACCOUNT); {M}\n"),
        ]),

    # The read-lock walk tells the yield helper shared=false.
    Mutation(
        name="yield-wrong-mode-flag-in-loop",
        file="src/tdp_mmu.c",
        check="lock-held",
        what="tdp_mmu_clear_leaf_bits() (read lock) calls "
             "tdp_mmu_iter_cond_resched(..., shared=false) in its walk",
        expected_miss=True,
        why_missed=(
            "The first call is definitely wrong (read lock asserted, helper "
            "asserts write). But the helper's summary also says it leaves "
            "mmu_lock held for write (cond_resched_rwlock_write() re-takes "
            "it), and that exit state flows round the loop: at the call the "
            "join of 'read' (first iteration) and 'write' (later ones) is "
            "'held, either mode', so the violation is 'some path' only. "
            "-fplugin-arg-rcuctx-strict reports it. The later-iteration path "
            "exists only through the same violating call, so it should not "
            "dilute the first one. Same with an explicit read_lock() before "
            "the loop. Out of a loop, or with a callee that does not change "
            "the lock (split-page-wrong-mode-flag, "
            "map-link-sp-wrong-mode-flag), it is caught."),
        edits=[
            ("\t\tif (tdp_mmu_iter_cond_resched(kvm, &iter, false, true))\n",
             f"\t\tif (tdp_mmu_iter_cond_resched(kvm, &iter, false, false)) {M}\n"),
        ]),

    # Keep the parent's kvm_mmu_page from inside the section and look at it
    # after rcu_read_unlock(): the page may be freed by then (call_rcu()).
    Mutation(
        name="stale-parent-sp-after-unlock",
        file="src/tdp_mmu.c",
        check="stale-rcu-pointer",
        what="tdp_mmu_split_huge_pages_root() takes sptep_to_sp(rcu_dereference"
             "(iter.sptep)) in the section and passes it to is_mirror_sp(), "
             "which dereferences it, after the section ended (sptep_to_sp() is "
             "a 'derive' rule: its result lives as long as the table)",
        edits=[
            ("\t\t\tbool mirror = is_mirror_sptep(iter.sptep);\n",
             "\t\t\tstruct kvm_mmu_page *parent =\n"
             "\t\t\t\tsptep_to_sp(rcu_dereference(iter.sptep));\n"),
            ("\t\t\tsp = tdp_mmu_alloc_sp_for_split(mirror);\n",
             "\t\t\tsp = tdp_mmu_alloc_sp_for_split(\n"
             f"\t\t\t\tis_mirror_sp(parent)); {M}\n"),
        ]),
]


def apply_edits(text, mutation):
    """Apply the mutation's replacements; each anchor must occur once."""
    for i, (old, new) in enumerate(mutation.edits):
        n = text.count(old)
        if n != 1:
            first = old.strip().splitlines()[0] if old.strip() else repr(old)
            raise ValueError(
                f"anchor {i + 1} of mutation '{mutation.name}' occurs {n} "
                f"times in mmu-ref/{mutation.file} (must be exactly once; "
                f"mmu-ref changed?): {first!r}")
        text = text.replace(old, new)
    lines = [i + 1 for i, l in enumerate(text.splitlines()) if MARK in l]
    if len(lines) != 1:
        raise ValueError(f"mutation '{mutation.name}': marker occurs "
                         f"{len(lines)} times after the edits (must be once)")
    return text, lines[0]


def compile_file(args, root, rel):
    """Compile mmu-ref/<rel> under root with the plugin; return (rc, out)."""
    cmd = [args.clang, "-fsyntax-only", "-std=gnu11", "-DMMUREF_DEBUG",
           "-Immu-ref/include", "-Immu-ref/src",
           f"-fplugin={args.plugin}", f"mmu-ref/{rel}"]
    env = dict(os.environ, RCUCTX_RULES_DIR=str(args.rules_dir))
    p = subprocess.run(cmd, cwd=root, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def warnings_in(out):
    return [m for m in map(WARNING_RE.match, out.splitlines()) if m]


def copy_mmu_ref(dest):
    shutil.copytree(REPO / "mmu-ref", Path(dest) / "mmu-ref",
                    ignore=shutil.ignore_patterns("build*", ".git"))


def same_file(diag_file, root, rel):
    return (Path(root) / diag_file).resolve() == \
        (Path(root) / "mmu-ref" / rel).resolve()


def run_mutation(args, mutation):
    """Returns a result dict for the table."""
    res = dict(name=mutation.name, where=f"mmu-ref/{mutation.file}:?",
               check=f"rcuctx-{mutation.check}", flagged="no", diag="-",
               ok=False, status="", out="", extra=0)
    tmp = tempfile.mkdtemp(prefix=f"rcuctx-mut-{mutation.name}-")
    try:
        copy_mmu_ref(tmp)
        path = Path(tmp) / "mmu-ref" / mutation.file
        try:
            text, line = apply_edits(path.read_text(), mutation)
        except ValueError as e:
            res.update(status="ANCHOR DRIFT", diag=str(e))
            return res
        path.write_text(text)
        res["where"] = f"mmu-ref/{mutation.file}:{line}"
        rc, out = compile_file(args, tmp, mutation.file)
        res["out"] = out
        if rc != 0 or any(ERROR_RE.match(l) for l in out.splitlines()):
            res.update(status="COMPILE ERROR",
                       diag=next((l for l in out.splitlines()
                                  if ERROR_RE.match(l)), f"exit {rc}"))
            return res
        warns = warnings_in(out)
        hit = [w for w in warns
               if same_file(w["file"], tmp, mutation.file)
               and int(w["line"]) == line
               and w["check"] == res["check"]]
        if hit:
            res.update(flagged="yes", diag=hit[0].group(0))
            res["extra"] = len(warns) - 1
        elif warns:
            res.update(flagged="no (wrong line/check)", diag=warns[0].group(0))
            res["extra"] = len(warns) - 1
        if mutation.expected_miss:
            res["status"] = ("known miss" if not hit else
                             "CAUGHT (known miss no longer missed: "
                             "drop expected_miss)")
            res["ok"] = True
        else:
            res["ok"] = bool(hit)
            res["status"] = ("ok" if hit else
                             "WRONG LINE/CHECK" if warns else "MISSED")
        return res
    finally:
        if args.keep:
            res["tmp"] = tmp
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def check_clean(args, files):
    """The unmutated files must compile without findings."""
    bad = []
    tmp = tempfile.mkdtemp(prefix="rcuctx-mut-clean-")
    try:
        copy_mmu_ref(tmp)
        for rel in files:
            rc, out = compile_file(args, tmp, rel)
            if rc != 0 or warnings_in(out) or \
                    any(ERROR_RE.match(l) for l in out.splitlines()):
                bad.append((rel, out))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return bad


def print_table(rows):
    head = ("mutation", "expected at", "expected check", "flagged",
            "diagnostic (first line)")
    cols = [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
            [r[3] for r in rows]]
    widths = [max(len(head[i]), *(len(c) for c in cols[i])) for i in range(4)]
    fmt = "  ".join("{:<%d}" % w for w in widths) + "  {}"
    print(fmt.format(*head))
    print(fmt.format(*("-" * w for w in widths), "-" * 23))
    for r in rows:
        print(fmt.format(*r))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plugin",
                    default=str(REPO / os.environ.get("RCUCTX_BUILD_DIR", "build")
                                / "checker" / "rcuctx.so"))
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--rules-dir",
                    default=os.environ.get("RCUCTX_RULES_DIR", str(REPO / "rules")))
    ap.add_argument("--only", action="append", default=[],
                    help="run only this mutation (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the mutations")
    ap.add_argument("--keep", action="store_true",
                    help="keep the mutated copies (paths are printed)")
    ap.add_argument("--verbose", action="store_true",
                    help="print the compiler output of every mutation")
    args = ap.parse_args()
    args.plugin = str(Path(args.plugin).resolve())
    args.rules_dir = str(Path(args.rules_dir).resolve())

    muts = MUTATIONS
    if args.list:
        for m in muts:
            print(f"{m.name:40} rcuctx-{m.check:18} {m.what}"
                  + ("  [known miss]" if m.expected_miss else ""))
        return 0
    if args.only:
        unknown = set(args.only) - {m.name for m in muts}
        if unknown:
            ap.error(f"unknown mutation(s): {', '.join(sorted(unknown))}")
        muts = [m for m in muts if m.name in args.only]
    if not Path(args.plugin).is_file():
        print(f"mutate-mmu-ref: plugin not found: {args.plugin} "
              f"(build it: ninja -C build)", file=sys.stderr)
        return 1

    failed = False
    files = sorted({m.file for m in muts})
    for rel, out in check_clean(args, files):
        failed = True
        print(f"FAIL: unmutated mmu-ref/{rel} is not clean:\n{out}")
    if not failed:
        print(f"unmutated: {', '.join('mmu-ref/' + f for f in files)}: clean\n")

    rows, results = [], []
    for m in muts:
        r = run_mutation(args, m)
        results.append((m, r))
        flagged = r["flagged"]
        if m.expected_miss and r["flagged"] != "yes":
            flagged = "no (known miss)"
        diag = r["diag"]
        if r["extra"]:
            diag += f"  (+{r['extra']} more)"
        if r["status"] in ("ANCHOR DRIFT", "COMPILE ERROR"):
            flagged = r["status"]
        rows.append((m.name, r["where"], r["check"], flagged, diag))
    print_table(rows)

    misses = []
    for m, r in results:
        if args.verbose or not r["ok"]:
            print(f"\n--- {m.name} ({r['status']}): {m.what}")
            if "tmp" in r:
                print(f"mutated copy: {r['tmp']}")
            print(r["out"] or r["diag"])
        if not r["ok"]:
            failed = True
        if m.expected_miss:
            misses.append((m, r))
    for m, r in misses:
        print(f"\nknown miss: {m.name}: {m.what}\n  {m.why_missed}")
        if r["flagged"] == "yes":
            print("  NOTE: it is flagged now; remove expected_miss=True.")

    n_bad = sum(1 for _, r in results if not r["ok"])
    n_caught = sum(1 for _, r in results if r["flagged"] == "yes")
    print(f"\n{len(results)} mutations: {n_caught} flagged as expected, "
          f"{len(misses)} known misses, {n_bad} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
