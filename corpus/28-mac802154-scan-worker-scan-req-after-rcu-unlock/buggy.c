// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #28: the IEEE 802.15.4 scan worker reads the current scan
 * request with rcu_dereference(local->scan_req), copies what it needs for
 * the channel step, and leaves the RCU section, but then still reads
 * scan_req->type to decide whether to send a beacon request. Ending the
 * scan frees the request after a grace period, so that read can hit freed
 * memory.
 *
 * Distilled from bff1709b3980 "mac802154: Fix potential RCU dereference
 * issue in mac802154_scan_worker" (Jiawei Ye, Linux 6.12-rc1, Cc: stable;
 * fixes e2c3e6f53a7a "mac802154: Handle active scanning"): "the
 * `scan_req->type` field was accessed after the RCU read-side critical
 * section was unlocked". The bug was found by the author's own RCU static
 * analysis tool.
 */
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

enum nl802154_scan_types {
	NL802154_SCAN_ED,
	NL802154_SCAN_ACTIVE,
	NL802154_SCAN_PASSIVE,
};

struct ieee802154_sub_if_data;

struct cfg802154_scan_request {
	enum nl802154_scan_types type;
	u8 duration;
	u32 channels[32];	/* per-page channel masks */
	struct ieee802154_sub_if_data *sdata;
	struct rcu_head rcu_head;
};

struct ieee802154_local {
	struct cfg802154_scan_request __rcu *scan_req;
	struct delayed_work scan_work;
	u8 scan_page;
	u8 scan_channel;
};

/* Advances (*page, *channel) to the next channel the request asks for. */
int mac802154_scan_next_channel(const struct cfg802154_scan_request *req, u8 *page, u8 *channel);
int drv_set_channel(struct ieee802154_local *local, u8 page, u8 channel);
int mac802154_transmit_beacon_req(struct ieee802154_local *local,
				  struct ieee802154_sub_if_data *sdata);
void mac802154_end_scan(struct ieee802154_local *local, bool aborted);
unsigned long mac802154_scan_get_channel_time(u8 duration_order);
bool queue_delayed_work_on_mac_wq(struct ieee802154_local *local, unsigned long delay);

void mac802154_scan_worker(struct work_struct *work)
{
	struct ieee802154_local *local =
		container_of(work, struct ieee802154_local, scan_work.work);
	struct cfg802154_scan_request *scan_req;
	struct ieee802154_sub_if_data *sdata;
	u8 scan_req_duration, page, channel;
	int ret;

	rcu_read_lock();
	scan_req = rcu_dereference(local->scan_req);
	if (unlikely(!scan_req)) {
		rcu_read_unlock();
		return;
	}

	sdata = scan_req->sdata;
	scan_req_duration = scan_req->duration;

	/* Look for the next valid channel. */
	page = local->scan_page;
	channel = local->scan_channel;
	ret = mac802154_scan_next_channel(scan_req, &page, &channel);
	rcu_read_unlock();

	if (ret) {
		mac802154_end_scan(local, false);
		return;
	}

	ret = drv_set_channel(local, page, channel);
	if (ret) {
		mac802154_end_scan(local, true);
		return;
	}
	local->scan_page = page;
	local->scan_channel = channel;

	if (scan_req->type == NL802154_SCAN_ACTIVE) // expected-warning {{'scan_req' is dereferenced after the RCU read-side critical section it was read in ended}}
		mac802154_transmit_beacon_req(local, sdata);

	queue_delayed_work_on_mac_wq(local, mac802154_scan_get_channel_time(scan_req_duration));
}

void mac802154_scan_init(struct ieee802154_local *local)
{
	INIT_DELAYED_WORK(&local->scan_work, mac802154_scan_worker);
}
