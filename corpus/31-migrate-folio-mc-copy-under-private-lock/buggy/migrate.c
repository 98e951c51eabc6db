// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #31, file 1 of 2 (mm/migrate.c's part): migrating a folio
 * whose buffer heads may be looked up by others (block devices: the
 * "norefs" variant) checks their reference counts under the mapping's
 * i_private_lock, so that no lookup takes a new reference meanwhile, and
 * (6.12) keeps holding that spinlock while filemap_migrate_folio() copies
 * the folio with folio_mc_copy(), defined in util.c, which may sleep
 * between pages. Alone this file cannot know that folio_mc_copy() sleeps.
 */
#include <linux/buffer_head.h>
#include <linux/migrate.h>

static int __migrate_folio(struct address_space *mapping, struct folio *dst,
			   struct folio *src, void *src_private,
			   enum migrate_mode mode)
{
	int rc;

	/* Someone else still holds a reference: try again later. */
	if (folio_ref_count(src) != folio_expected_ref_count(src) + 1)
		return -EAGAIN;

	rc = folio_mc_copy(dst, src);
	if (rc)
		return rc;

	/* (moving the page-cache entry and the flags is left out) */
	dst->private = src_private;
	return MIGRATEPAGE_SUCCESS;
}

int migrate_folio(struct address_space *mapping, struct folio *dst,
		  struct folio *src, enum migrate_mode mode)
{
	return __migrate_folio(mapping, dst, src, NULL, mode);
}

int filemap_migrate_folio(struct address_space *mapping, struct folio *dst,
			  struct folio *src, enum migrate_mode mode)
{
	return __migrate_folio(mapping, dst, src, folio_get_private(src), mode);
}

static bool buffer_migrate_lock_buffers(struct buffer_head *head,
					enum migrate_mode mode)
{
	struct buffer_head *bh = head;

	do {
		if (!trylock_buffer(bh)) {
			if (mode == MIGRATE_ASYNC)
				return false;	/* (6.12 unlocks the ones it took) */
			lock_buffer(bh);
		}
		bh = bh->b_this_page;
	} while (bh != head);
	return true;
}

static int __buffer_migrate_folio(struct address_space *mapping,
				  struct folio *dst, struct folio *src,
				  enum migrate_mode mode, bool check_refs)
{
	struct buffer_head *bh, *head = folio_buffers(src);
	bool invalidated = false, busy;
	int rc;

	if (!head)
		return migrate_folio(mapping, dst, src, mode);
	if (!buffer_migrate_lock_buffers(head, mode))
		return -EAGAIN;

	if (check_refs) {
recheck_buffers:
		busy = false;
		spin_lock(&mapping->i_private_lock);
		bh = head;
		do {
			if (atomic_read(&bh->b_count)) {
				busy = true;
				break;
			}
			bh = bh->b_this_page;
		} while (bh != head);
		if (busy) {
			if (invalidated) {
				rc = -EAGAIN;
				goto unlock_buffers;
			}
			spin_unlock(&mapping->i_private_lock);
			invalidate_bh_lrus();
			invalidated = true;
			goto recheck_buffers;
		}
	}

	/* Still under i_private_lock when check_refs: the copy may sleep. */
	rc = filemap_migrate_folio(mapping, dst, src, mode);
	if (rc != MIGRATEPAGE_SUCCESS)
		goto unlock_buffers;

	bh = head;
	do {
		folio_set_bh(bh, dst, bh_offset(bh));
		bh = bh->b_this_page;
	} while (bh != head);

unlock_buffers:
	if (check_refs)
		spin_unlock(&mapping->i_private_lock);
	bh = head;
	do {
		unlock_buffer(bh);
		bh = bh->b_this_page;
	} while (bh != head);
	return rc;
}

int buffer_migrate_folio(struct address_space *mapping, struct folio *dst,
			 struct folio *src, enum migrate_mode mode)
{
	return __buffer_migrate_folio(mapping, dst, src, mode, false);
}

/* Block devices' ->migrate_folio: others may hold buffer references. */
int buffer_migrate_folio_norefs(struct address_space *mapping, struct folio *dst,
				struct folio *src, enum migrate_mode mode)
{
	return __buffer_migrate_folio(mapping, dst, src, mode, true);
}
