/* SPDX-License-Identifier: MIT */
/*
 * rcuctx mini kernel headers: folio migration (corpus addition): the
 * migrate_folio family of address_space_operations, and the copy helper
 * from mm/util.c.
 */
#ifndef _MINI_LINUX_MIGRATE_H
#define _MINI_LINUX_MIGRATE_H

#include <linux/mm_types.h>

enum migrate_mode {
	MIGRATE_ASYNC,
	MIGRATE_SYNC_LIGHT,
	MIGRATE_SYNC,
};

#define MIGRATEPAGE_SUCCESS	0
#define EHWPOISON		133

/* mm/util.c: copies src into dst page by page, rescheduling in between. */
int folio_mc_copy(struct folio *dst, struct folio *src);

int migrate_folio(struct address_space *mapping, struct folio *dst,
		  struct folio *src, enum migrate_mode mode);
int filemap_migrate_folio(struct address_space *mapping, struct folio *dst,
			  struct folio *src, enum migrate_mode mode);
int buffer_migrate_folio(struct address_space *mapping, struct folio *dst,
			 struct folio *src, enum migrate_mode mode);
int buffer_migrate_folio_norefs(struct address_space *mapping, struct folio *dst,
				struct folio *src, enum migrate_mode mode);

#endif
