// SPDX-License-Identifier: MIT
/*
 * mmu-ref throughput: faults/s, splits/s and zaps/s at 1, 2 and 4 threads,
 * about 0.7 s per cell.  Built against the non-debug library.
 *
 *  faults: 4K faults on the mirror root (frozen protocol + TDX module),
 *          mmu_lock for read, each thread in its own GFN range, every
 *          fault a new mapping (tables included as needed)
 *  splits: map a 2M page on the direct root, split it to 4K with mmu_lock
 *          held for read (eager split), zap it with mmu_lock for write
 *  zaps:   map a 4K mirror page and zap it (block/track/remove) under the
 *          write lock
 */
#define _GNU_SOURCE
#include "mmu.h"
#include "tdp_mmu.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CELL_NS		700000000ULL

enum bench_op { OP_FAULT, OP_SPLIT, OP_ZAP, NR_OPS };
static const char *const op_names[NR_OPS] = { "faults/s", "splits/s", "zaps/s" };

struct worker {
	pthread_t thread;
	struct kvm *kvm;
	enum bench_op op;
	int id;
	unsigned long long deadline;
	unsigned long count;
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int map(struct kvm_vcpu *vcpu, gfn_t gfn, int level, bool priv)
{
	struct kvm_page_fault fault = {
		.gfn = gfn,
		.pfn = (1ULL << 20) + gfn_round_for_level(gfn, level),
		.goal_level = level,
		.access = ACC_ALL,
		.is_private = priv,
	};
	int r;

	do {
		r = kvm_mmu_topup_memory_caches(vcpu);
		if (r)
			return r;
		read_lock(&vcpu->kvm->mmu_lock);
		r = kvm_tdp_mmu_map(vcpu, &fault);
		read_unlock(&vcpu->kvm->mmu_lock);
	} while (r == RET_PF_RETRY);
	return r;
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	struct kvm *kvm = w->kvm;
	struct kvm_vcpu vcpu;
	/* 16G of GFN space per thread: faults never hit a mapped GFN. */
	gfn_t base = (gfn_t)(w->id + 1) << 22, gfn = base;

	rcu_register_thread();
	kvm_vcpu_init(&vcpu, kvm);
	while (now_ns() < w->deadline) {
		switch (w->op) {
		case OP_FAULT:
			if (map(&vcpu, gfn, 1, true) < 0)
				abort();
			if (++gfn == base + (1 << 22))
				w->deadline = 0;	/* space exhausted */
			break;
		case OP_SPLIT:
			if (map(&vcpu, gfn, 2, false) < 0)
				abort();
			read_lock(&kvm->mmu_lock);
			if (tdp_mmu_split_huge_pages_root(kvm, kvm->direct_root,
							  gfn, gfn + 512, 1,
							  true))
				abort();
			read_unlock(&kvm->mmu_lock);
			write_lock(&kvm->mmu_lock);
			kvm_tdp_mmu_zap_leafs(kvm, kvm->direct_root, gfn,
					      gfn + 512, false);
			write_unlock(&kvm->mmu_lock);
			gfn = base + ((gfn - base + 512) & ((1 << 22) - 1));
			break;
		case OP_ZAP:
			if (map(&vcpu, gfn, 1, true) < 0)
				abort();
			write_lock(&kvm->mmu_lock);
			kvm_tdp_mmu_zap_leafs(kvm, kvm->mirror_root, gfn,
					      gfn + 1, false);
			write_unlock(&kvm->mmu_lock);
			break;
		default:
			abort();
		}
		w->count++;
	}
	kvm_mmu_free_memory_caches(&vcpu);
	rcu_unregister_thread();
	return NULL;
}

static double run_cell(enum bench_op op, int nr_threads)
{
	struct worker workers[4];
	unsigned long long start, elapsed;
	unsigned long total = 0;
	struct kvm *kvm = kvm_create_vm(4, true);
	int i;

	if (!kvm)
		abort();
	start = now_ns();
	for (i = 0; i < nr_threads; i++) {
		workers[i] = (struct worker){
			.kvm = kvm, .op = op, .id = i,
			.deadline = start + CELL_NS,
		};
		pthread_create(&workers[i].thread, NULL, worker_fn, &workers[i]);
	}
	for (i = 0; i < nr_threads; i++) {
		pthread_join(workers[i].thread, NULL);
		total += workers[i].count;
	}
	elapsed = now_ns() - start;
	/* Every counted fault must have installed a new mapping. */
	if (op == OP_FAULT && atomic64_read(&kvm->stat.pf_fixed) != (s64)total)
		fprintf(stderr, "bench: %lld of %lu faults fixed\n",
			(long long)atomic64_read(&kvm->stat.pf_fixed), total);
	kvm_destroy_vm(kvm);
	return total * 1e9 / elapsed;
}

int main(void)
{
	static const int threads[] = { 1, 2, 4 };
	int t, op;

	rcu_register_thread();
	printf("%-8s", "threads");
	for (op = 0; op < NR_OPS; op++)
		printf(" %14s", op_names[op]);
	printf("\n");
	for (t = 0; t < 3; t++) {
		printf("%-8d", threads[t]);
		for (op = 0; op < NR_OPS; op++) {
			printf(" %14.0f", run_cell(op, threads[t]));
			fflush(stdout);
		}
		printf("\n");
	}
	rcu_unregister_thread();
	return 0;
}
