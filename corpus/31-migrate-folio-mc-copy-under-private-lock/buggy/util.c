// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
// expected-no-diagnostics
/*
 * rcuctx corpus #31, file 2 of 2 (mm/util.c's part): the folio copy that
 * page migration uses. A large folio is copied one page at a time, with a
 * reschedule point between pages, so the copy may sleep. Alone this file
 * only says "folio_mc_copy may sleep"; it cannot see who calls it where.
 */
#include <linux/migrate.h>
#include <linux/sched.h>

int folio_mc_copy(struct folio *dst, struct folio *src)
{
	long nr = folio_nr_pages(src);
	long i;

	for (i = 0; i < nr; i++) {
		if (i)
			cond_resched();
		if (copy_mc_highpage(folio_page(dst, i), folio_page(src, i)))
			return -EHWPOISON;
	}
	return 0;
}
