// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #29: to join a BSS, the wilc1000 Wi-Fi driver copies the
 * BSS's information elements out of cfg80211's RCU-protected ies structure
 * and leaves the RCU section; later, when the copied IEs carry a P2P
 * notice-of-absence attribute, it reads the TSF from the original
 * structure, ies->tsf, which cfg80211 may have replaced and freed by then.
 *
 * Distilled from 6d7c6ae1efb1 "wifi: wilc1000: fix potential RCU dereference
 * issue in wilc_parse_join_bss_param" (Jiawei Ye, 2024; CVE-2024-47712;
 * fixes 205c50306acf "wifi: wilc1000: fix RCU usage in connect path"): "the
 * TSF field of the `ies` structure is accessed after the RCU read-side
 * critical section is unlocked".
 */
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#define IEEE80211_P2P_ATTR_ABSENCE_NOTICE	12

struct cfg80211_bss_ies {
	u64 tsf;
	int len;
	u8 data[];
};

struct cfg80211_bss {
	const struct cfg80211_bss_ies __rcu *ies;
	u16 beacon_interval;
	u8 bssid[6];
};

struct ieee80211_p2p_noa_attr {
	u8 index;
	u8 oppps_ctwindow;
};

struct wilc_join_bss_param {
	u16 beacon_period;
	u8 bssid[6];
	u8 noa_enabled;
	u8 idx;
	u32 tsf_lo;
};

void *kmemdup(const void *src, size_t len, gfp_t gfp);
/* Finds a P2P attribute in an IE buffer; returns its length or < 0. */
int cfg80211_get_p2p_attr(const u8 *ies, unsigned int len, int attr, u8 *buf, unsigned int bufsize);

void *wilc_parse_join_bss_param(struct cfg80211_bss *bss)
{
	const struct cfg80211_bss_ies *ies;
	struct ieee80211_p2p_noa_attr noa_attr;
	struct wilc_join_bss_param *param;
	u8 *ies_data;
	int ies_len;
	int ret;

	param = kzalloc(sizeof(*param), GFP_KERNEL);
	if (!param)
		return NULL;

	rcu_read_lock();
	ies = rcu_dereference(bss->ies);
	ies_data = kmemdup(ies->data, ies->len, GFP_ATOMIC);
	if (!ies_data) {
		rcu_read_unlock();
		kfree(param);
		return NULL;
	}
	ies_len = ies->len;
	rcu_read_unlock();

	param->beacon_period = bss->beacon_interval;
	memcpy(param->bssid, bss->bssid, sizeof(param->bssid));

	ret = cfg80211_get_p2p_attr(ies_data, ies_len, IEEE80211_P2P_ATTR_ABSENCE_NOTICE,
				    (u8 *)&noa_attr, sizeof(noa_attr));
	if (ret > 0) {
		param->tsf_lo = (u32)ies->tsf; // expected-warning {{'ies' is dereferenced after the RCU read-side critical section it was read in ended}}
		param->noa_enabled = 1;
		param->idx = noa_attr.index;
	}

	kfree(ies_data);
	return param;
}
