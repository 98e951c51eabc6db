/* SPDX-License-Identifier: MIT */
#ifndef _MMUREF_LINUX_BITS_H
#define _MMUREF_LINUX_BITS_H

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
/* Bits h..l inclusive, h >= l. */
#define GENMASK_ULL(h, l) \
	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#endif /* _MMUREF_LINUX_BITS_H */
