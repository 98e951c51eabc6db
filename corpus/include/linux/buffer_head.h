/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: buffer heads (corpus addition). A folio's
 * buffers form a ring through b_this_page; b_count is a reference count
 * that lookups (__find_get_block()) take under the mapping's
 * i_private_lock. lock_buffer() is the bit lock BH_Lock.
 */
#ifndef _MINI_LINUX_BUFFER_HEAD_H
#define _MINI_LINUX_BUFFER_HEAD_H

#include <linux/mm_types.h>

enum bh_state_bits {
	BH_Uptodate,
	BH_Lock,
	BH_Migrate,	/* being migrated (norefs); added by the 2025 fix */
};

typedef struct { int counter; } atomic_t;
#define atomic_read(v) READ_ONCE((v)->counter)

struct buffer_head {
	unsigned long b_state;
	struct buffer_head *b_this_page;
	struct folio *b_folio;
	unsigned long b_offset;
	atomic_t b_count;
};

static inline struct buffer_head *folio_buffers(struct folio *folio)
{
	return (struct buffer_head *)folio_get_private(folio);
}
#define bh_offset(bh) ((bh)->b_offset)

int trylock_buffer(struct buffer_head *bh);
void lock_buffer(struct buffer_head *bh);
void unlock_buffer(struct buffer_head *bh);
void folio_set_bh(struct buffer_head *bh, struct folio *folio, unsigned long offset);
/* Drops every CPU's cache of recently used buffer heads (an IPI). */
void invalidate_bh_lrus(void);

/* include/asm-generic/bitops/lock.h */
int test_and_set_bit_lock(long nr, volatile unsigned long *addr);
void clear_bit_unlock(long nr, volatile unsigned long *addr);

#endif
